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
# # 01 · Eksplorasi data survei
#
# Buku catatan ini membaca tabel hasil pipeline lewat API paket `budaya_kerja` — kode yang
# sama yang membuat laporan — sehingga setiap angka di sini adalah angka laporan. Jalankan
# `make report` lebih dulu. Selama `data/raw/` belum berisi tahun apa pun, pipeline membangun
# **data contoh sintetis** (`data/processed/contoh/`); semua angkanya rekaan. Untuk membaca
# direktori proyek lain, isi variabel lingkungan `BUDAYA_KERJA_DIR`.
#
# Isi: respons dan tingkat respons, data yang hilang, sebaran jawaban per butir, responden
# yang ditandai, dan mengapa `index` kosong untuk lebih banyak responden daripada yang
# dikeluarkan.

# %%
# %load_ext autoreload
# %autoreload 2
import matplotlib.pyplot as plt
import pandas as pd

import budaya_kerja as bk
from budaya_kerja.figures.style import ANSWER_COLOURS, GREY, WIDTH, YEAR_COLOURS, house_style
from budaya_kerja.stats.scoring import index_coverage

data = bk.load()
tahun = data.years[-1]
print(f"Tahun: {list(data.years)}; data contoh sintetis: {data.demo}; folder: {data.processed}")

# %% [markdown]
# ## Respons: baris dibaca, diterima, dikarantina
#
# Setiap baris ekspor berakhir di tepat satu tempat: diterima (`responses.parquet`) atau
# dikarantina dengan alasannya (`rejected.csv`). `quality.json` mencatat hitungannya.

# %%
ringkasan = pd.DataFrame(
    {
        y: {
            "baris dibaca": q["rows_read"],
            "diterima": q["accepted"],
            "dikarantina": q["rejected"],
            "duplikat diselesaikan": q.get("duplicates_resolved", 0),
        }
        for y, q in data.quality.items()
    }
)
ringkasan

# %%
pd.DataFrame({y: q["rejected_by_reason"] for y, q in data.quality.items()}).fillna(0).astype(int)

# %% [markdown]
# Tingkat respons per perangkat daerah (kuesioner diterima dibagi jumlah pegawai di kerangka
# populasi). Perangkat daerah di bawah ukuran minimum disembunyikan di tabel ini seperti di
# laporan, termasuk penyembunyian komplementer.

# %%
rr = data.in_year(data.response_rates, tahun)
terbit = rr[(rr.unit != "all") & ~rr.suppressed].sort_values("rate")
with house_style():
    fig, ax = plt.subplots(figsize=(WIDTH, 0.16 * len(terbit) + 0.8), layout="constrained")
    ax.barh(terbit["unit_label"], terbit["rate"] * 100, color=YEAR_COLOURS[1])
    total = rr.loc[rr.unit == "all", "rate"].iloc[0] * 100
    ax.axvline(total, color=GREY, lw=0.8, ls="--", label=f"provinsi {total:.1f} %")
    ax.set_xlabel(f"tingkat respons {tahun} (%)")
    ax.tick_params(axis="y", labelsize=6)
    ax.legend(loc="lower right")
    plt.show()

# %% [markdown]
# ## Data yang hilang
#
# Bagian butir yang tidak dijawab (di antara kuesioner yang diterima), dan banyaknya butir
# yang dijawab per responden.

# %%
hilang = pd.DataFrame({y: q["missing_by_item"] for y, q in data.quality.items()}) * 100
with house_style():
    fig, ax = plt.subplots(figsize=(WIDTH, 2.4), layout="constrained")
    hilang.plot.bar(ax=ax, color=YEAR_COLOURS[: len(data.years)], width=0.8)
    ax.set_ylabel("butir tidak dijawab (%)")
    plt.show()

# %%
dijawab = data.responses.groupby("year")["n_answered"].value_counts().unstack(0).fillna(0)
dijawab.sort_index(ascending=False).head(8).astype(int)

# %% [markdown]
# ## Mengapa `index` kosong untuk lebih banyak responden daripada yang dikeluarkan?
#
# Dua aturan yang berbeda bekerja di sini:
#
# 1. **Dikeluarkan dari estimasi** (`excluded`): responden yang menjawab kurang dari
#    `quality.min_items_answered` butir (14 dari 21) — kuesioner tak lengkap. Mereka tetap
#    ada di `scores.parquet`, tetapi tidak ikut estimasi, reliabilitas, maupun CFA.
# 2. **Skor nilai kosong**: skor sebuah nilai memerlukan sedikitnya
#    `scoring.min_items_per_value` (2 dari 3) butirnya terjawab, dan indeks memerlukan
#    **ketujuh** nilai. Responden yang menjawab 14 butir atau lebih tetapi melewatkan dua
#    butir dari satu nilai tetap diestimasi, tanpa skor nilai itu dan tanpa indeks. Ia tetap
#    dihitung untuk nilai-nilai lainnya dan untuk butir-butir yang dijawabnya.
#
# Jadi `index` kosong = yang dikeluarkan + yang tetap diestimasi tetapi kehilangan satu nilai.
# Inilah sebabnya `n` indeks di `estimates.csv` lebih kecil daripada `n` sebagian nilai.

# %%
cakupan = index_coverage(data.in_year(data.scores, tahun), data.instrument.value_ids)
cakupan

# %%
baris = cakupan.set_index("item")["n"]
assert baris["index_missing"] == baris["index_missing_excluded"] + baris["index_missing_kept"]
print(
    f"{tahun}: {baris['excluded']} responden dikeluarkan, tetapi index kosong untuk "
    f"{baris['index_missing']}: {baris['index_missing_kept']} lainnya diestimasi tanpa indeks "
    "karena satu nilai atau lebih kurang butir."
)

# %% [markdown]
# ## Sebaran jawaban per butir
#
# Bagian setiap jawaban di antara responden yang menjawab butir itu, berbobot seperti gambar
# dan tabel butir di laporan (`share`; `share_unweighted` tanpa bobot ada di sampingnya). Butir
# yang dibalik (`reverse: true`) sudah dalam arah skor.

# %%
sebaran = bk.item_distribution(data, tahun)
lebar = sebaran.pivot(index="item", columns="answer", values="share").reindex(data.instrument.items)
kode = list(lebar.columns)
warna = ANSWER_COLOURS.get(len(kode))
with house_style():
    fig, ax = plt.subplots(figsize=(WIDTH, 4.6), layout="constrained")
    (lebar * 100).plot.barh(stacked=True, ax=ax, color=warna, width=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(f"bagian jawaban {tahun} (%)")
    ax.legend(title="jawaban", ncols=len(kode), loc="upper center", bbox_to_anchor=(0.5, 1.12))
    plt.show()

# %% [markdown]
# ## Responden yang ditandai
#
# Tanda kualitas (`flag_*`) tidak menghapus responden; konfigurasi (`quality.exclude_*`)
# menentukan tanda mana yang mengeluarkan responden dari estimasi.

# %%
tanda = pd.DataFrame({y: q["flags"] for y, q in data.quality.items()})
setelan = {"incomplete": "exclude_incomplete", "straightline": "exclude_straightliners",
           "speeder": "exclude_speeders", "duplicate": "exclude_duplicates"}  # fmt: skip
tanda["dikeluarkan dari estimasi?"] = tanda.index.map(lambda k: data.config["quality"][setelan[k]])
tanda
