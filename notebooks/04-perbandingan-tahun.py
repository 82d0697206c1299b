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
# # 04 · Perbandingan antartahun
#
# Perubahan indeks dan nilai, diagram *forest*, **perangkat daerah mana yang paling
# membaik** (dengan selang dan koreksi uji berganda), capaian target dan evaluasi program.
# Setiap perubahan berasal dari `comparison/<y0>-<y1>.csv` atau `bk.compare` (yang sama
# persis): galat baku dengan kovarians populasi hingga dari orang yang menjawab di kedua
# tahun (tertaut lewat pseudonim), Holm untuk keluarga utama (indeks dan nilai provinsi),
# Benjamini–Hochberg untuk setiap keluarga lain.

# %%
# %load_ext autoreload
# %autoreload 2
import matplotlib.pyplot as plt
import numpy as np

import budaya_kerja as bk
from budaya_kerja.figures.style import DOWN, GREY, UP, WIDTH, house_style
from budaya_kerja.stats.compare import report_comparison
from budaya_kerja.text.names import programme_name

data = bk.load()
nilai = data.instrument.value_ids
# The pair the latest year's report shows (the one rule the pipeline uses too).
pasangan = report_comparison(data.years, max(data.years))
if pasangan is None or pasangan not in data.comparisons:
    raise SystemExit("Baru ada satu tahun: belum ada perbandingan.")
y0, y1 = pasangan
banding = data.comparisons[(y0, y1)]
print(f"Perbandingan {y0}→{y1}; data contoh sintetis: {data.demo}; "
      f"penautan responden: {banding['linkage'].iloc[0]}")  # fmt: skip


def forest(baris, label, judul):
    """Diagram forest dari baris tabel perbandingan (berwarna: nyata setelah koreksi)."""
    with house_style():
        fig, ax = plt.subplots(figsize=(WIDTH, 0.22 * len(baris) + 0.9), layout="constrained")
        y = np.arange(len(baris))[::-1]
        warna = np.where(baris["significant"], np.where(baris["diff"] > 0, UP, DOWN), GREY)
        ax.errorbar(baris["diff"], y, xerr=[baris["diff"] - baris["ci_low"],
                    baris["ci_high"] - baris["diff"]], fmt="none", ecolor=GREY, capsize=2)  # fmt: skip
        ax.scatter(baris["diff"], y, c=warna, s=18, zorder=3)
        ax.axvline(0, color="#333333", lw=0.7)
        batas = data.config["comparison"]["min_meaningful_change"]
        for tanda in (-batas, batas):
            ax.axvline(tanda, color=GREY, lw=0.5, ls=":")
        ax.set_yticks(y, label)
        ax.set_xlabel(judul)
        plt.show()


# %% [markdown]
# ## Indeks dan nilai provinsi

# %%
utama = banding[(banding.group_by == "all") & banding.measure.isin(["index", *nilai])]
utama[["measure", "n0", "n1", "n_matched", "est0", "est1", "diff", "ci_low", "ci_high",
       "p_adj", "significant", "material"]].round(3)  # fmt: skip

# %%
forest(utama, ["Indeks" if m == "index" else m for m in utama["measure"]],
       f"perubahan {y0}→{y1} (poin; garis titik: ambang bermakna)")  # fmt: skip

# %% [markdown]
# `significant` berarti nilai p yang disesuaikan di bawah α; `material` berarti perubahan
# (sebagaimana diterbitkan, satu desimal) sedikitnya `comparison.min_meaningful_change`
# poin. Perubahan yang nyata tetapi kecil belum tentu penting.

# %% [markdown]
# ## Perangkat daerah mana yang paling membaik?
#
# Mengurutkan selisih mentah saja menyesatkan: unit kecil berubah banyak secara kebetulan,
# dan dengan 46 uji sebagian akan "nyata" secara kebetulan. Karena itu: (1) setiap selisih
# disertai selang kepercayaannya; (2) nilai p disesuaikan Benjamini–Hochberg di antara semua
# perangkat daerah (keluarga `unit:index`), yang mengendalikan proporsi temuan palsu di
# antara yang dinyatakan nyata; (3) yang layak disebut "paling membaik" adalah unit yang
# perubahannya nyata setelah koreksi **dan** bermakna (≥ ambang), dan urutan di antara
# mereka tidak pasti bila selangnya tumpang-tindih.

# %%
unit = banding[(banding.group_by == "unit") & (banding.measure == "index") & banding.tested]
unit = unit.sort_values("diff", ascending=False)
print(f"{len(unit)} perangkat daerah diuji; {int(unit.significant.sum())} berubah nyata "
      f"setelah koreksi BH (naik {int((unit.significant & (unit['diff'] > 0)).sum())}, "
      f"turun {int((unit.significant & (unit['diff'] < 0)).sum())}).")  # fmt: skip
terbaik = unit[unit.significant & unit.material & (unit["diff"] > 0)]
terbaik[["group", "n0", "n1", "est0", "est1", "diff", "ci_low", "ci_high", "p_adj"]].head(10).round(
    3
)

# %%
sepuluh = unit.head(10)
label = data.in_year(data.estimates, y1).query("group_by == 'unit' and measure == 'index'")
nama = label.set_index("group")["group_label"]
forest(sepuluh, [nama.get(g, g) for g in sepuluh["group"]],
       f"perubahan indeks {y0}→{y1}, sepuluh terbesar (berwarna: nyata setelah BH)")  # fmt: skip

# %% [markdown]
# Unit yang tidak diuji (ukuran kecil atau disembunyikan di salah satu tahun) tidak
# diperingkat sama sekali; kolom `note` menyebut alasannya.

# %%
banding[(banding.group_by == "unit") & (banding.measure == "index") & ~banding.tested][
    ["group", "note"]
]

# %% [markdown]
# ## Rincian lain dengan `bk.compare`
#
# `bk.compare` menghitung perbandingan yang sama untuk rincian mana pun yang ada di
# estimasi kedua tahun, misalnya jenis jabatan (hasilnya sama dengan tabel pipeline).

# %%
jabatan = bk.compare(data, y0, y1, by=["jenis_jabatan"])
jabatan[(jabatan.group_by == "jenis_jabatan") & (jabatan.measure == "index")][
    ["group", "diff", "ci_low", "ci_high", "p_adj", "significant"]
].round(3)

# %% [markdown]
# ## Capaian target
#
# Jarak indeks ke pita target tahun itu dan peluang (dari distribusi sampling estimasi)
# bahwa indeks sebenarnya ada di dalam pita.

# %%
if "target" in data.tables:
    target = data.tables["target"]
    display(target[(target.year == y1) & (target.group_by == "all")][
        ["measure", "estimate", "target_low", "target_high", "distance", "p_within", "status"]
    ].round(3))  # fmt: skip

# %% [markdown]
# ## Evaluasi program
#
# Efek program (podcast, seminar, lokakarya) dengan selisih-dalam-selisih (DiD) indeks unit
# peserta dan bukan peserta. **Catatan:** ini pengamatan, bukan percobaan: efek DiD hanya
# sahih bila tanpa program kedua kelompok akan berubah sejajar (asumsi tren paralel).

# %%
if "programmes" in data.tables:
    program = data.tables["programmes"]
    program = program.assign(programme=program["programme"].map(programme_name))  # lokakarya
    display(program[program.year == y1][["programme", "n_participants", "n_others", "effect",
                                         "ci_low", "ci_high", "p_adj"]].round(3))  # fmt: skip
