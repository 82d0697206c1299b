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
# # 02 · Nilai dan indeks
#
# Estimasi indeks dan ketujuh nilai dengan selang kepercayaannya, per kelompok; lalu dua
# pertanyaan peneliti: **apakah PPPK dan PNS berbeda?** (kontras dalam satu tahun, dengan
# desain survei) dan **perilaku mana yang menggerakkan indeks?** (analisis pendorong). Semua
# angka berasal dari paket `budaya_kerja`; buku catatan ini hanya memanggil dan menggambar.

# %%
# %load_ext autoreload
# %autoreload 2
import matplotlib.pyplot as plt
import numpy as np

import budaya_kerja as bk
from budaya_kerja.figures.style import DOWN, GREY, UP, WIDTH, YEAR_COLOURS, house_style

data = bk.load()
tahun = data.years[-1]
nilai = data.instrument.value_ids
nama = data.instrument.value_names
print(f"Tahun: {list(data.years)}; data contoh sintetis: {data.demo}")

# %% [markdown]
# ## Indeks dan nilai, dengan selang kepercayaan
#
# Dari `estimates.csv` (tabel laporan): rerata tertimbang ke kerangka populasi, galat baku
# berbasis desain (strata = perangkat daerah, koreksi populasi hingga), selang t dengan
# derajat bebas desain.

# %%
est = data.estimates
utama = est[(est.group_by == "all") & est.measure.isin(["index", *nilai])]
utama.pivot(index="measure", columns="year", values=["estimate", "ci_low", "ci_high"]).round(1)

# %%
with house_style():
    fig, ax = plt.subplots(figsize=(WIDTH, 2.8), layout="constrained")
    ukuran = ["index", *nilai]
    for k, y in enumerate(data.years):
        baris = utama[utama.year == y].set_index("measure").loc[ukuran]
        x = np.arange(len(ukuran)) + (k - (len(data.years) - 1) / 2) * 0.25
        ax.errorbar(x, baris["estimate"], yerr=[baris["estimate"] - baris["ci_low"],
                    baris["ci_high"] - baris["estimate"]], fmt="o", ms=4, capsize=2,
                    color=YEAR_COLOURS[-len(data.years):][k], label=str(y))  # fmt: skip
    ax.set_xticks(range(len(ukuran)), ["Indeks", *nilai])
    ax.set_ylabel("skor (0–100)")
    ax.legend()
    plt.show()

# %% [markdown]
# Persentase positif (jawaban sedikitnya `scale.positive_min`, yaitu 4–5) di samping
# skornya, seperti FEVS melaporkannya:

# %%
utama[utama.year == tahun][["measure", "estimate", "pct_positive", "pct_positive_ci_low",
                             "pct_positive_ci_high", "category"]].round(1)  # fmt: skip

# %% [markdown]
# ## Kelompok demografis
#
# Estimasi yang diterbitkan per kelompok (kelompok di bawah ukuran minimum disembunyikan).

# %%
kelompok = est[(est.year == tahun) & (est.measure == "index")
               & est.group_by.isin(["jenis_kelamin", "status_kepegawaian", "jenis_jabatan",
                                    "kelompok_usia"])]  # fmt: skip
kelompok[["group_by", "group", "n_band", "estimate", "ci_low", "ci_high", "suppressed"]].round(1)

# %% [markdown]
# ## Apakah PPPK dan PNS berbeda?
#
# Membandingkan dua selang kepercayaan yang tumpang-tindih *bukan* uji yang benar, dan
# menganggap kedua kelompok sebagai sampel independen juga tidak tepat: PPPK dan PNS berbagi
# strata desain (perangkat daerah) dan bobotnya, sehingga estimasinya berkovarians.
# `bk.contrast` menghitung selisih `PPPK − PNS` dengan galat baku berbasis desain,
#
# $$\operatorname{Var}(\bar y_a - \bar y_b) = \operatorname{Var}(\bar y_a) +
# \operatorname{Var}(\bar y_b) - 2\operatorname{Cov}(\bar y_a, \bar y_b),$$
#
# dari skor terlinearisasi kedua domain per stratum, dan menyesuaikan nilai p dengan Holm
# untuk delapan uji (indeks dan tujuh nilai). Kolom `se_independent` menunjukkan galat baku
# bila kovarians diabaikan.

# %%
sampel = data.sample(tahun)
kontras = bk.contrast(sampel, "status_kepegawaian", "PPPK", "PNS", ["index", *nilai],
                      confidence=data.confidence, min_group_size=data.min_group_size)  # fmt: skip
kontras[["measure", "n", "n_reference", "estimate", "estimate_reference", "diff", "se",
         "se_independent", "ci_low", "ci_high", "p_adj"]].round(4)  # fmt: skip

# %%
with house_style():
    fig, ax = plt.subplots(figsize=(WIDTH, 2.6), layout="constrained")
    y = np.arange(len(kontras))[::-1]
    nyata = kontras["p_adj"] < 0.05
    ax.errorbar(kontras["diff"], y, xerr=[kontras["diff"] - kontras["ci_low"],
                kontras["ci_high"] - kontras["diff"]], fmt="none", ecolor=GREY, capsize=2)  # fmt: skip
    ax.scatter(kontras["diff"], y, c=np.where(nyata, np.where(kontras["diff"] > 0, UP, DOWN),
               GREY), zorder=3, s=18)  # fmt: skip
    ax.axvline(0, color="#333333", lw=0.7)
    ax.set_yticks(y, ["Indeks" if m == "index" else nama[m] for m in kontras["measure"]])
    ax.set_xlabel(f"PPPK − PNS, {tahun} (poin; berwarna: nyata setelah Holm)")
    plt.show()

# %%
indeks = kontras.set_index("measure").loc["index"]
jawab = "berbeda nyata" if indeks["p_adj"] < 0.05 else "tidak berbeda nyata"
print(f"Indeks {tahun}: PPPK − PNS = {indeks['diff']:.2f} poin "
      f"(IK 95 % {indeks['ci_low']:.2f} s.d. {indeks['ci_high']:.2f}; p Holm = "
      f"{indeks['p_adj']:.3g}): {jawab}.")  # fmt: skip

# %% [markdown]
# Selisih yang nyata secara statistik belum tentu berarti secara praktis: tim memakai ambang
# `comparison.min_meaningful_change` (3 poin) untuk perubahan yang bermakna.

# %% [markdown]
# ## Perilaku mana yang menggerakkan indeks?
#
# Indeks adalah rerata butir itu sendiri, sehingga regresi indeks pada 21 butirnya hanya
# mengembalikan bobot penskoran (R² = 1) dan korelasi butir–indeks digelembungkan oleh
# andil butir itu sendiri. `bk.drivers` karena itu mengukur korelasi (berbobot desain)
# setiap butir dengan **sisa budaya kerja**: rerata nilai-nilai *lain* (nilainya sendiri
# tidak ikut), dengan selang Fisher-z pada n efektif Kish.
#
# **Catatan:** ini korelasi antarresponden, bukan sebab-akibat. Orang yang menilai satu
# perilaku tinggi cenderung menilai semua perilaku tinggi, sehingga semua r positif dan
# selisih antarbutir kecil; peringkat yang berdekatan jarang dapat dibedakan. Hasilnya
# menunjuk perilaku yang layak ditelaah, bukan tuas dengan efek yang sudah diketahui.

# %%
pendorong = bk.drivers(data, tahun)
pendorong.head(8).round(3)

# %% [markdown]
# Peta pendorong: kekuatan hubungan (r) terhadap persentase positif butir. Butir di kanan
# bawah berhubungan kuat dengan budaya kerja tetapi masih jarang dinilai positif: kandidat
# perhatian.

# %%
butir = est[(est.year == tahun) & (est.group_by == "all")].set_index("measure")
peta = pendorong.set_index("measure").join(butir["pct_positive"])
with house_style():
    fig, ax = plt.subplots(figsize=(WIDTH, 3.6), layout="constrained")
    ax.errorbar(peta["pct_positive"], peta["r"], yerr=[peta["r"] - peta["ci_low"],
                peta["ci_high"] - peta["r"]], fmt="o", ms=3, color=YEAR_COLOURS[2],
                ecolor=GREY, capsize=1.5)  # fmt: skip
    for kode, b in peta.iterrows():
        ax.annotate(kode, (b["pct_positive"], b["r"]), xytext=(3, 2),
                    textcoords="offset points", fontsize=6)  # fmt: skip
    ax.axhline(peta["r"].median(), color=GREY, lw=0.5, ls="--")
    ax.axvline(peta["pct_positive"].median(), color=GREY, lw=0.5, ls="--")
    ax.set_xlabel(f"persentase positif {tahun} (%)")
    ax.set_ylabel("r dengan nilai-nilai lain")
    plt.show()

# %% [markdown]
# ## Reliabilitas
#
# Alfa Cronbach (selang Feldt) dan omega McDonald per nilai, dari sampel yang sama dengan
# estimasi (`bk.reliability` sama dengan `reliability.csv`).

# %%
rel = bk.reliability(data, tahun)
rel[rel.level != "item"][["measure", "n", "k", "alpha", "alpha_ci_low", "alpha_ci_high",
                          "omega"]].round(3)  # fmt: skip
