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
# # 03 · Satu perangkat daerah
#
# Profil satu perangkat daerah: indeks dan nilai-nilainya terhadap provinsi, rincian per
# butir, posisinya di diagram corong (*funnel*), tingkat respons dan perubahannya sejak tahun
# lalu. Perangkat daerah dipilih dengan parameter `KODE_UNIT` di sel berikut (kode dari
# `config/units.yaml`), atau dengan variabel lingkungan `BUDAYA_KERJA_UNIT`; dengan papermill,
# sel itu bertanda `parameters`.

# %% tags=["parameters"]
import os

KODE_UNIT = os.environ.get("BUDAYA_KERJA_UNIT", "DINKES")

# %%
# %load_ext autoreload
# %autoreload 2
import matplotlib.pyplot as plt
import numpy as np

import budaya_kerja as bk
from budaya_kerja.figures.style import GREY, WIDTH, YEAR_COLOURS, house_style
from budaya_kerja.stats.compare import report_comparison

data = bk.load()
tahun = data.years[-1]
nilai = data.instrument.value_ids
est = data.in_year(data.estimates, tahun)
unit = est[(est.group_by == "unit") & (est.group == KODE_UNIT)]
provinsi = est[est.group_by == "all"].set_index("measure")
if unit.empty:
    raise ValueError(f"{KODE_UNIT} tidak ada di estimasi {tahun}; pilih salah satu dari "
                     f"{sorted(est.loc[est.group_by == 'unit', 'group'].unique())}")  # fmt: skip
unit = unit.set_index("measure")
print(f"{KODE_UNIT}: {unit['group_label'].iloc[0]} ({tahun}); data contoh sintetis: {data.demo}")

# %% [markdown]
# ## Disembunyikan?
#
# Perangkat daerah dengan responden kurang dari `estimation.min_group_size` (atau yang
# disembunyikan agar angka kecil tidak dapat dihitung dengan pengurangan) tidak mendapat
# angka: buku catatan ini lalu hanya menampilkan alasannya, seperti laporan.

# %%
tersembunyi = bool(unit.loc["index", "suppressed"])
print(f"pita n: {unit.loc['index', 'n_band']}; disembunyikan: {tersembunyi}"
      + (f" ({unit.loc['index', 'suppression_reason']})" if tersembunyi else ""))  # fmt: skip

# %% [markdown]
# ## Profil: indeks dan nilai terhadap provinsi

# %%
ukuran = ["index", *nilai]
profil = unit.loc[ukuran, ["estimate", "ci_low", "ci_high", "pct_positive", "category"]]
profil = profil.join(provinsi.loc[ukuran, ["estimate"]].rename(columns={"estimate": "provinsi"}))
profil.round(1)

# %%
if not tersembunyi:
    with house_style():
        fig, ax = plt.subplots(figsize=(WIDTH, 2.8), layout="constrained")
        y = np.arange(len(ukuran))[::-1]
        ax.errorbar(profil["estimate"], y, xerr=[profil["estimate"] - profil["ci_low"],
                    profil["ci_high"] - profil["estimate"]], fmt="o", ms=4, capsize=2,
                    color=YEAR_COLOURS[-1], label=KODE_UNIT)  # fmt: skip
        ax.scatter(profil["provinsi"], y, marker="|", s=120, color=GREY, label="provinsi")
        ax.set_yticks(y, ["Indeks", *nilai])
        ax.set_xlabel(f"skor {tahun} (0–100)")
        ax.legend(loc="lower left")
        plt.show()

# %% [markdown]
# ## Rincian per butir
#
# Skor butir dan persentase positif perangkat daerah ini di samping provinsi, perilaku
# terlemah unit lebih dulu: bahan pembicaraan dengan pimpinan unit.

# %%
items = data.instrument.items
pembanding = provinsi.loc[items, ["estimate", "pct_positive"]].add_suffix("_provinsi")
butir = unit.loc[items, ["estimate", "ci_low", "ci_high", "pct_positive"]].join(pembanding)
butir["pernyataan"] = [data.instrument.statements[i] for i in butir.index]
butir.sort_values("estimate").round(1)

# %% [markdown]
# ## Di diagram corong
#
# Batas kendali 95 % dan 99,8 % di sekitar indeks provinsi, melebar untuk unit kecil dan
# disesuaikan untuk keragaman antarunit (Spiegelhalter 2005). Unit di luar batas 99,8 %
# berbeda dari provinsi lebih dari yang dapat dijelaskan oleh ukuran sampelnya.

# %%
corong = bk.funnel(data, tahun)
ini = corong[corong.group == KODE_UNIT]
if not tersembunyi:
    print(f"posisi {KODE_UNIT}: {ini['position'].iloc[0]} (z = {ini['z'].iloc[0]:.2f})")
with house_style():
    fig, ax = plt.subplots(figsize=(WIDTH, 3.2), layout="constrained")
    urut = corong.sort_values("n")
    for batas, gaya in (("95", "--"), ("998", "-")):
        ax.plot(urut["n"], urut[f"low{batas}"], color=GREY, lw=0.7, ls=gaya)
        ax.plot(urut["n"], urut[f"high{batas}"], color=GREY, lw=0.7, ls=gaya)
    ax.axhline(corong["center"].iloc[0], color="#333333", lw=0.7)
    ax.scatter(corong["n"], corong["estimate"], s=10, color=YEAR_COLOURS[0])
    ax.scatter(ini["n"], ini["estimate"], s=30, color=YEAR_COLOURS[-1], zorder=3,
               label=KODE_UNIT)  # fmt: skip
    ax.set_xscale("log")
    ax.set_xlabel("responden (skala log)")
    ax.set_ylabel(f"indeks {tahun}")
    ax.legend(loc="lower right")
    plt.show()

# %% [markdown]
# ## Tingkat respons

# %%
rr = data.in_year(data.response_rates, tahun)
rr[rr.unit.isin([KODE_UNIT, "all"])][["unit_label", "respondents", "headcount", "rate"]]

# %% [markdown]
# ## Perubahan sejak tahun lalu
#
# Dari tabel perbandingan pipeline: selisih, selang kepercayaannya (dengan kovarians orang
# yang menjawab di kedua tahun) dan nilai p yang disesuaikan Benjamini–Hochberg di antara
# semua perangkat daerah untuk ukuran yang sama. Diagram *forest* semua perangkat daerah ada
# di notebook 04.

# %%
pasangan = report_comparison(data.years, tahun)  # the pair this year's report shows
if pasangan in data.comparisons:
    y0, y1 = pasangan
    banding = data.comparisons[(y0, y1)]
    sendiri = banding[(banding.group_by == "unit") & (banding.group == KODE_UNIT)
                      & banding.measure.isin(ukuran)]  # fmt: skip
    display(sendiri[["measure", "est0", "est1", "diff", "ci_low", "ci_high", "p_adj",
                     "significant", "material", "note"]].round(3))  # fmt: skip
else:
    print("Belum ada tahun sebelumnya untuk dibandingkan.")
