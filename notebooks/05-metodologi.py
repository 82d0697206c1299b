# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Metodologi pada contoh kecil
#
# Lima responden, dua perangkat daerah, dua nilai dengan dua butir masing-masing: cukup kecil
# untuk dihitung dengan tangan. Setiap langkah memanggil fungsi paket yang dipakai pipeline,
# lalu membandingkan hasilnya dengan perhitungan tangan yang ditulis di teks (`assert`): bila
# metode berubah, buku catatan ini gagal. Metode lengkap: `docs/metodologi.md`.

# %%
import pandas as pd

import budaya_kerja as bk
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import aggregate, scoring, weighting

instrumen = Instrument(
    values={"A": ["A1", "A2"], "B": ["B1", "B2"]},
    value_names={"A": "Nilai A", "B": "Nilai B"},
    statements={"A1": "…", "A2": "…", "B1": "…", "B2": "…"},
    scale_min=1, scale_max=5, conversion="linear", positive_min=4,
)  # fmt: skip
jawaban = pd.DataFrame({
    "unit": ["U1", "U1", "U2", "U2", "U2"],
    "jenis_kelamin": ["L", "P", "L", "P", "P"],
    "A1": [5, 3, 4, 2, 4], "A2": [4, 3, 4, 3, 5],
    "B1": [4, 4, 5, 3, 4], "B2": [4, 2, 5, 3, 4],
}, index=["r1", "r2", "r3", "r4", "r5"])  # fmt: skip
jawaban[instrumen.items] = jawaban[instrumen.items].astype("Int8")
jawaban

# %% [markdown]
# ## 1. Penskoran
#
# Jawaban x pada skala 1–5 menjadi poin (x − 1)/4 × 100: 1→0, 2→25, 3→50, 4→75, 5→100. Skor
# nilai = rerata poin butirnya (sedikitnya 2 butir terjawab), indeks = rerata skor nilai.
#
# | | A | B | indeks |
# |---|---|---|---|
# | r1 | (100 + 75)/2 = 87,5 | (75 + 75)/2 = 75 | (87,5 + 75)/2 = 81,25 |
# | r2 | (50 + 50)/2 = 50 | (75 + 25)/2 = 50 | 50 |
# | r3 | (75 + 75)/2 = 75 | (100 + 100)/2 = 100 | 87,5 |
# | r4 | (25 + 50)/2 = 37,5 | (50 + 50)/2 = 50 | 43,75 |
# | r5 | (75 + 100)/2 = 87,5 | (75 + 75)/2 = 75 | 81,25 |

# %%
skor = scoring.score_respondents(jawaban, instrumen, min_items_per_value=2)
assert skor["index"].tolist() == [81.25, 50.0, 87.5, 43.75, 81.25]
skor[["A", "B", "index"]]

# %% [markdown]
# ## 2. Bobot
#
# Kerangka populasi: U1 punya 10 pegawai (2 menjawab), U2 punya 30 (3 menjawab). Pasca-
# stratifikasi per unit memberi setiap responden bobot N_h / n_h: 10/2 = 5 di U1 dan
# 30/3 = 10 di U2. Jumlah bobot = 40, jumlah pegawai.

# %%
kerangka = pd.DataFrame({"unit": ["U1", "U2"], "jumlah": [10, 30]})
desain, info = weighting.make_weights(jawaban, kerangka)
assert desain["weight"].tolist() == [5.0, 5.0, 10.0, 10.0, 10.0]
print(info["method"])
desain

# %% [markdown]
# ## 3. Satu galat baku: indeks provinsi
#
# Estimasi = rerata tertimbang: (5·81,25 + 5·50 + 10·87,5 + 10·43,75 + 10·81,25) / 40
# = 2781,25 / 40 = **69,53125**.
#
# Varians linearisasi Taylor, strata = unit, koreksi populasi hingga: skor terlinearisasi
# z_i = w_i (y_i − ȳ) / W, lalu per stratum (1 − n_h/N_h) · n_h/(n_h − 1) · Σ (z_i − z̄_h)².
#
# - z = (1,46484375; −2,44140625) di U1 dan (4,4921875; −6,4453125; 2,9296875) di U2.
# - U1: z̄ = −0,48828125, Σ(z − z̄)² = 2 · 1,953125² = 7,62939453125;
#   × 2/1 × (1 − 2/10) = **12,20703125**.
# - U2: z̄ = 0,32552083…, Σ(z − z̄)² = 69,98697916…; × 3/2 × (1 − 3/30) = **94,48242187…**.
# - Varians = 106,68945312…, galat baku = √106,689… = **10,32905…**; derajat bebas desain
#   = 5 responden − 2 strata = 3.

# %%
skor_desain = skor.join(desain).assign(excluded=False)
sampel = aggregate.estimation_sample(skor_desain, jawaban, instrumen)
provinsi = bk.estimate(sampel, measures=["index"], min_group_size=1).iloc[0]
assert abs(provinsi["estimate"] - 2781.25 / 40) < 1e-12
assert abs(provinsi["se"] ** 2 - (12.20703125 + 94.482421875)) < 1e-9
assert provinsi["df"] == 3
provinsi[["n", "estimate", "se", "df", "ci_low", "ci_high"]]

# %% [markdown]
# ## 4. Satu perbandingan: perempuan dan laki-laki dalam tahun yang sama
#
# P (r2, r4, r5): (5·50 + 10·43,75 + 10·81,25) / 25 = **60**;
# L (r1, r3): (5·81,25 + 10·87,5) / 15 = **85,41666…**; selisih P − L = **−25,41666…**.
#
# Kedua kelompok berbagi strata, jadi Var(P − L) = Var(P) + Var(L) − 2 Cov. Dengan
# d_i = z_P,i − z_L,i (z_P = w(y − 60)/25 pada P, 0 di luar; z_L = w(y − 85,4167)/15 pada L):
#
# - d = (1,388889; −2) di U1 → Σ(d − d̄)² × 2 × 0,8 = **9,187654…**
# - d = (−1,388889; −6,5; 8,5) di U2 → Σ(d − d̄)² × 1,5 × 0,9 = **157,011111…**
# - Var(P − L) = 166,198765…, galat baku **12,8918…**. Sendiri-sendiri: Var(P) = 155,975,
#   Var(L) = 3,279321…, sehingga Cov(P, L) = (155,975 + 3,279321 − 166,198765)/2
#   = **−3,472222…**: mengabaikannya membuat galat baku terlalu kecil (12,6196… alih-alih
#   12,8918…).

# %%
kontras = bk.contrast(sampel, "jenis_kelamin", "P", "L", min_group_size=1).iloc[0]
assert abs(kontras["diff"] - (60 - 1281.25 / 15)) < 1e-12
assert abs(kontras["se"] ** 2 - (9.187654320987654 + 157.01111111111112)) < 1e-9
assert abs(kontras["covariance"] - (-3.4722222222222)) < 1e-9
assert kontras["df"] == 3
kontras[["estimate", "estimate_reference", "diff", "se", "se_independent", "covariance", "df",
         "ci_low", "ci_high", "p"]]  # fmt: skip

# %% [markdown]
# Perbandingan antartahun (`bk.compare`, notebook 04) memakai rumus yang sama untuk selisih
# dua tahun, dengan kovarians dari orang yang menjawab di kedua tahun:
# S₀₁ (m_h − n₀ₕ n₁ₕ / N_h) per stratum (Kish 1965, §12.4).
