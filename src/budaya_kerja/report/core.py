"""The PDF evaluation report: a context of printable strings, and its Typst rendering.

:func:`build_context` turns the year's processed tables (estimates, the comparison with the
previous year, reliability, the quality summary, provenance) and the figure manifest into a
dictionary of already formatted strings: every number in the report, and every sentence that
carries one, is generated here from the tables, never typed by hand. The Typst template
(``report/templates/laporan.typ``, package data) only lays them out. :func:`render_report` compiles the
template with the ``typst`` package: embedded fonts only and a fixed timestamp, so the same
tables give a byte-identical PDF; PDF/A-2a and PDF/UA-1, with alt text on every figure.

All wording lives in :data:`TEXT`, one dictionary per language (``report.language``: ``id``,
the default, or ``en``).
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.figures.core import (
    DASH,
    MINUS,
    as_bool,
    format_number,
    format_percent,
    funnel_table,
    relabel_confidence,
    respondent_sd,
)
from budaya_kerja.report import fonts
from budaya_kerja.settings import Instrument
from budaya_kerja.stats.targets import track_target

__all__ = ["TEXT", "build_context", "format_number", "format_percent", "render_report"]

PDF_STANDARDS = ["a-2a", "ua-1"]  # archival and accessible (tagged, alt text, language)
CONTEXT_FILE = "context.json"  # the template reads this name from its own folder
GROUP_ORDER = [
    "all",
    "jenis_kelamin",
    "status_kepegawaian",
    "jenis_jabatan",
    "kelompok_usia",
    "unit",
]

TEXT = {
    "id": {
        "months": [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ],
        "title": "Laporan Evaluasi Implementasi Budaya Kerja ASN BerAKHLAK Tahun {year}",
        "subtitle": "Indeks Budaya Kerja ASN BerAKHLAK",
        "watermark": "DATA SINTETIS",
        "banner": "DATA SINTETIS — angka dalam laporan ini berasal dari data buatan untuk uji "
        "metode, bukan dari survei sebenarnya.",
        "labels": {
            "toc": "Daftar isi",
            "summary": "Ringkasan eksekutif",
            "methods": "Metodologi",
            "values": "Hasil per nilai",
            "units": "Hasil per perangkat daerah",
            "comparison": "Perbandingan antartahun",
            "reliability": "Reliabilitas",
            "recommendations": "Rekomendasi",
            "appendix": "Lampiran",
            "quality": "Kualitas data",
            "full_tables": "Tabel lengkap",
            "provenance": "Provenans",
            "prepared_by": "Disusun oleh",
            "built": "Dibuat",
            "code_version": "Versi kode",
            "key_figures": "Angka utama",
        },
        "hidden": "disembunyikan",
        "yes": "ya",
        "no": "tidak",
        "to": "s.d.",
        "index": "Indeks",
        "province": "Provinsi",
        "group_by": {
            "all": "Provinsi",
            "unit": "Perangkat daerah",
            "jenis_kelamin": "Jenis kelamin",
            "status_kepegawaian": "Status kepegawaian",
            "jenis_jabatan": "Jenis jabatan",
            "kelompok_usia": "Kelompok usia",
        },
        "groups": {"jenis_kelamin": {"L": "Laki-laki", "P": "Perempuan"}},
        # key figures
        "kf_index": "Indeks {year}",
        "kf_change": "Perubahan dari {year}",
        "kf_change_none": "Perubahan",
        "kf_target": "Target {low}–{high}",
        "kf_target_none": "Target",
        "kf_target_next": "Target {year}: {low}–{high}",
        "kf_from_low": "poin dari batas bawah",
        "kf_respondents": "Responden",
        "kf_points": "{value} poin",
        "kf_first_year": "tahun pertama",
        "kf_no_target": "belum ditetapkan",
        "kf_status": {"below": "di bawah", "within": "tercapai", "above": "di atas"},
        "kf_accepted": "dari {read} baris dibaca",
        "kf_sig": "signifikan",
        "kf_nonsig": "tidak signifikan",
        "kf_mat": "material",
        # summary sentences
        "s_index": (
            "Indeks Budaya Kerja ASN BerAKHLAK {organisation} tahun {year} adalah {value} "
            "(interval kepercayaan 95%: {ci}; {n} responden), kategori {category}. {certain} "
            "Sebanyak {pp} jawaban bernilai setuju atau sangat setuju."
        ),
        "s_certain": "Seluruh interval kepercayaannya berada dalam kategori {category}.",
        "s_uncertain": "Interval kepercayaannya melintasi batas kategori, sehingga kategorinya "
        "belum pasti.",
        "s_change": "Dibandingkan tahun {y0} ({est0}), indeks {direction} (IK 95%: {ci}); "
        "{verdict}",
        "s_up": "naik {diff} poin",
        "s_down": "turun {diff} poin",
        "s_flat": "praktis tidak berubah ({diff} poin)",
        "s_sig_mat": "perubahan ini signifikan secara statistik (p terkoreksi {p}) dan material "
        "(sekurang-kurangnya {mmc} poin).",
        "s_sig_nonmat": "perubahan ini signifikan secara statistik (p terkoreksi {p}) tetapi "
        "lebih kecil dari ambang perubahan bermakna {mmc} poin.",
        "s_nonsig": "perubahan ini tidak signifikan secara statistik (p terkoreksi {p}), "
        "sehingga data belum menunjukkan perubahan yang nyata.",
        "s_nonsig_mat": "perubahan ini tidak signifikan secara statistik (p terkoreksi {p}): "
        "meskipun besarnya mencapai ambang {mmc} poin, ketidakpastiannya terlalu besar untuk "
        "disimpulkan.",
        "s_untested": "Perubahan dari tahun {y0} tidak dapat diuji ({note}).",
        "s_no_previous": "Belum ada data tahun sebelumnya, sehingga perubahan antartahun belum "
        "dapat dihitung; laporan ini menjadi titik awal (baseline).",
        "s_target_below": "Target tahun {year} adalah {low}–{high}: indeks masih {gap} poin di "
        "bawah batas bawah target (peluang indeks sebenarnya mencapai {low}: {p}).",
        "s_target_within": "Target tahun {year} adalah {low}–{high}: indeks berada dalam rentang "
        "target, {gap} poin di atas batas bawahnya (peluang indeks sebenarnya mencapai {low}: "
        "{p}).",
        "s_target_above": "Target tahun {year} adalah {low}–{high}: indeks berada di atas rentang "
        "target ({gap} poin di atas batas atasnya).",
        "s_target_next": "Belum ada target untuk tahun {year}; target tahun {next} adalah "
        "{low}–{high}, yang berarti indeks perlu naik {gap} poin.",
        "s_target_next_met": "Belum ada target untuk tahun {year}; indeks sudah berada pada atau "
        "di atas batas bawah target tahun {next} ({low}–{high}).",
        "s_target_none": "Belum ada target yang ditetapkan untuk tahun {year}.",
        "s_values": "Nilai terkuat adalah {best}; nilai terlemah adalah {worst}. {count} dari "
        "tujuh nilai berkategori {top}.",
        "s_units": "Dari {total} perangkat daerah, {shown} memiliki cukup responden untuk "
        "dilaporkan: {categories}.{hidden}",
        "s_units_hidden": " {n} perangkat daerah disembunyikan (kurang dari {min} responden atau "
        "penekanan komplementer).",
        "s_published": "Angka {value} yang diterbitkan untuk tahun {year} berasal dari survei "
        "kementerian dengan metode pemungutan suara (values voting), bukan dari skala Likert "
        "terbuka yang dipakai laporan ini; perbandingan keduanya adalah perubahan metode, bukan "
        "perubahan budaya kerja.",
        "and": "dan",
        # methods
        "m_instrument": "Instrumen: {k_values} nilai BerAKHLAK dengan {k_items} butir perilaku "
        "(SE MenPANRB 20/2021; UU 20/2023), masing-masing dijawab pada skala persetujuan "
        "{lo}–{hi} ({labels}).",
        "m_conversion_linear": "Konversi skor: skala {lo}–{hi} dikonversi linear ke 0–100 "
        "({lo}→0, {hi}→100; rumus (x − {lo}) / ({hi} − {lo}) × 100), seperti indeks keterlibatan "
        "pegawai negeri Inggris (UK Civil Service People Survey).",
        "m_conversion_proportional": "Konversi skor: skor = jawaban / {hi} × 100 ({lo}→{low_pts}, "
        "{hi}→100), konvensi yang dipakai sebagian instansi; konversi linear (1→0) akan "
        "menghasilkan angka yang lebih rendah.",
        "m_scores": "Skor nilai seorang responden adalah rerata butir yang dijawabnya (minimal "
        "{min_items} dari 3 butir); indeks responden adalah rerata ketujuh skor nilai (ketujuhnya "
        "harus ada). Estimasi kelompok adalah rerata skor responden; angka dibulatkan hanya untuk "
        "tampilan. Persentase positif adalah bagian jawaban {pos} atau lebih (setuju dan sangat "
        "setuju), dilaporkan di samping skor karena keduanya bercerita berbeda.",
        "m_weighting_on": "Estimasi: rerata dibobot ke data populasi {headcount} ASN, dengan "
        "koreksi populasi terbatas; galat baku berbasis desain (linearisasi Taylor, strata "
        "perangkat daerah). Estimasi kelompok dan butir memakai penduga domain: responden di "
        "luar kelompok atau yang tidak menjawab butir tetap dihitung dalam stratanya dengan "
        "kontribusi nol, seperti paket survey R dan samplics.",
        "m_weighting_off": "Pembobotan: tanpa pembobotan (tidak ada data populasi untuk tahun "
        "ini), tanpa koreksi populasi terbatas; galat baku s/√n.",
        "m_confidence": "Ketidakpastian: interval kepercayaan {level} untuk setiap estimasi, "
        "selalu interval t dengan derajat bebas desain (jumlah responden dikurangi jumlah "
        "strata yang ditempatinya); persentase positif memakai interval t pada skala logit. "
        "Reliabilitas dan analisis faktor memakai sampel yang sama dengan estimasi.",
        "m_small": "Kelompok kecil: kelompok dengan kurang dari {min} responden tidak dilaporkan, "
        "ditambah penekanan komplementer agar sel tersembunyi tidak dapat dihitung dari total. "
        "Perangkat daerah ditampilkan pada plot corong (batas kendali menurut jumlah responden), "
        "bukan sebagai peringkat.",
        "m_bands": "Kategori indeks: {bands}.",
        "m_compare": "Perbandingan antartahun: selisih estimasi dengan interval kepercayaan. "
        "Kedua tahun adalah sampel tanpa pengembalian dari populasi terbatas yang sama; bila "
        "responden yang sama menjawab di kedua tahun (pseudonim sama), kovarians kedua estimasi "
        "dihitung dengan rumus populasi terbatas Kish (1965) per perangkat daerah, yang mendekati "
        "nol bila tumpang-tindihnya sebesar yang diberikan peluang dan positif untuk panel "
        "yang dirancang; tanpa data populasi rumus ini menjadi uji Welch (tanpa tumpang-tindih) "
        "atau uji berpasangan (tumpang-tindih penuh). Koreksi keberagaman uji: Holm untuk keluarga utama (indeks dan tujuh nilai provinsi), "
        "Benjamini–Hochberg dalam setiap keluarga lain. Perubahan disebut signifikan bila p "
        "terkoreksi < {alpha}, dan material bila |selisih| ≥ {mmc} poin.",
        "m_method_note": "Metode ini adalah metode Likert terbuka yang dapat diulang oleh tim "
        "sendiri. Survei nasional Indeks BerAKHLAK kementerian memakai instrumen pemungutan "
        "suara (values voting) dengan rumus yang tidak dipublikasikan; karena itu angka laporan "
        "ini tidak dapat dibandingkan langsung dengan angka kementerian{published}, dan setiap "
        "perbandingan dengan angka tersebut adalah perubahan metode.",
        "m_published_list": " (yang diterbitkan: {items})",
        "m_quality": "Kualitas data: NIP divalidasi (18 digit) lalu diganti pseudonim HMAC; "
        "pengiriman ganda diselesaikan dengan menyimpan yang terakhir; kuesioner dengan terlalu "
        "banyak butir kosong ditandai{incomplete}; responden yang menjawab seragam atau terlalu "
        "cepat ditandai{exclude}. Rincian di Lampiran.",
        "m_incomplete_out": " dan tidak diestimasi",
        "m_incomplete_in": " tetapi tetap diestimasi",
        "m_exclude_none": " tetapi tetap dihitung",
        "m_exclude_some": " dan dikeluarkan dari estimasi ({which})",
        "straightline": "jawaban seragam",
        "speeder": "terlalu cepat",
        "bands_table": "Kategori indeks",
        "band_cols": ["Kode", "Kategori", "Rentang skor"],
        # values chapter
        "v_intro": "Tabel berikut menyajikan skor tujuh nilai tahun {year}. {best_worst} {changes}",
        "v_changes_up": "Dibandingkan {y0}, {n} nilai naik signifikan ({names})",
        "v_changes_down": "{n} nilai turun signifikan ({names})",
        "v_changes_none": "Dibandingkan {y0}, tidak ada nilai yang berubah signifikan.",
        "v_items": "Butir dengan skor terendah adalah {low}; butir dengan skor tertinggi adalah "
        "{high}.",
        "values_caption": "Skor nilai BerAKHLAK tahun {year}",
        "values_cols": ["Kode", "Nilai", "Skor", "IK 95%", "% positif", "Kategori"],
        "values_change_col": "Perubahan",
        "values_note": "* signifikan setelah koreksi Holm (p terkoreksi < {alpha}).",
        "items_caption": "Skor butir perilaku tahun {year}",
        "items_cols": ["Kode", "Pernyataan perilaku", "Skor", "IK 95%", "% positif"],
        # units chapter
        "u_intro": "Tabel berikut menyajikan indeks setiap perangkat daerah tahun {year}, "
        "diurutkan menurut nama; peringkat tidak disajikan karena selisih antarperangkat daerah "
        "sering lebih kecil daripada ketidakpastiannya. {categories} {uncertain}",
        "u_uncertain": "Untuk {n} perangkat daerah interval kepercayaannya melintasi batas "
        "kategori, sehingga kategorinya belum pasti.",
        "u_funnel": "Pada plot corong, perangkat daerah di luar batas kendali 99,8% berbeda dari "
        "indeks provinsi lebih dari yang dapat dijelaskan oleh keragaman acak dan keragaman wajar "
        "antarperangkat daerah (batas disesuaikan untuk overdispersi): {parts}.",
        "u_funnel_none": "Pada plot corong, tidak ada perangkat daerah di luar batas kendali "
        "99,8%; perbedaan antarperangkat daerah masih dalam batas keragaman acak.",
        "u_above": "di atas — {names}",
        "u_below": "di bawah — {names}",
        "units_caption": "Indeks per perangkat daerah tahun {year}",
        "units_cols": ["Kode", "Perangkat daerah", "n", "Indeks", "IK 95%", "Kategori"],
        "units_note": "Perubahan: dari {y0}; * signifikan setelah koreksi Benjamini–Hochberg.",
        # comparison chapter
        "c_intro": "Bagian ini membandingkan tahun {year} dengan {y0}. {headline}",
        "c_values": "Di antara tujuh nilai, {up} naik signifikan dan {down} turun signifikan; "
        "{material} berubah secara material (≥ {mmc} poin).",
        "c_units": "Di tingkat perangkat daerah, dari {n} yang dapat diuji, {up} naik "
        "signifikan, {down} turun signifikan dan {flat} tidak berubah signifikan{untested}.",
        "c_units_untested": "; {n} tidak diuji karena respondennya terlalu sedikit atau "
        "disembunyikan",
        "c_pp": "Persentase jawaban positif indeks berubah dari {pp0} menjadi {pp1} ({diff} "
        "poin persentase, IK 95%: {ci}).",
        "c_linked": "{n} responden menjawab di kedua tahun di perangkat daerah yang sama "
        "(pseudonim sama); tumpang-tindih ini masuk ke dalam kovarians populasi terbatas "
        "selisih (lihat Metodologi).",
        "c_none": "Laporan ini mencakup tahun survei pertama ({year}); belum ada tahun "
        "sebelumnya untuk dibandingkan. Perbandingan antartahun akan tersedia setelah survei "
        "berikutnya.",
        "comparison_caption": "Perubahan indeks dan nilai {y0}–{y1}",
        "comparison_cols": [
            "Ukuran",
            "{y0}",
            "{y1}",
            "Selisih",
            "IK 95%",
            "p terkoreksi",
            "Signifikan",
            "Material",
        ],
        # reliability chapter
        "r_intro": "Reliabilitas konsistensi internal setiap nilai diukur dengan alfa Cronbach "
        "(dengan IK 95%, Feldt) dan omega McDonald. Untuk tujuh nilai α berkisar {lo}–{hi}; "
        "indeks (21 butir) α = {index}. {verdict}",
        "r_ok": "Semua nilai mencapai α ≥ 0,70, batas yang lazim untuk perbandingan kelompok.",
        "r_low": "Nilai dengan α di bawah 0,70: {names}; skornya perlu dibaca lebih hati-hati.",
        "r_items": "Menghapus butir berikut akan menaikkan α nilainya: {items}.",
        "reliability_caption": "Reliabilitas skala tahun {year}",
        "reliability_cols": ["Ukuran", "n", "Butir", "α", "IK 95% α", "ω"],
        # recommendations
        "rec_target_gap": "Untuk mencapai batas bawah target {low} pada tahun {target_year}, "
        "indeks perlu naik {gap} poin; nilai yang paling menahan (bagiannya dalam kesenjangan): "
        "{values}.",
        "rec_target_met": "Pertahankan capaian: indeks sudah berada dalam atau di atas target "
        "{low}–{high}; pantau agar tidak turun.",
        "rec_value": "Prioritaskan penguatan nilai {name} (skor {value}); butir terlemahnya "
        "adalah {item} “{statement}” (skor {item_value}).",
        "rec_decline": "Telusuri penyebab penurunan signifikan pada {names}.",
        "rec_units_low": "Dampingi perangkat daerah yang berada di bawah batas kendali 99,8% "
        "pada plot corong: {names}.",
        "rec_units_category": "Dampingi perangkat daerah yang indeksnya pasti di bawah kategori "
        "{top}: {names}.",
        "rec_units_decline": "Tinjau perangkat daerah dengan penurunan indeks signifikan: {names}.",
        "rec_response": "Tingkatkan partisipasi survei di {n} perangkat daerah yang tingkat "
        "responsnya di bawah 50%: {names}.",
        "rec_reliability": "Tinjau butir nilai {names}, yang reliabilitasnya di bawah 0,70.",
        "rec_programmes": "Nilai dampak program (podcast, seminar, lokakarya) dengan desain "
        "pembanding (selisih-dalam-selisih antara perangkat daerah peserta dan bukan peserta) "
        "sebelum menyimpulkan bahwa program menyebabkan perubahan.",
        "rec_baseline": "Ulangi survei dengan instrumen dan konversi skor yang sama tahun depan "
        "agar perubahan dapat diukur terhadap baseline {year}.",
        # appendix
        "q_summary": "Sebanyak {read} baris dibaca dari {files} berkas; {accepted} diterima "
        "dan {rejected} ditolak ({share}). {duplicates} pengiriman ganda diselesaikan "
        "(yang terakhir disimpan). {unknown}",
        "q_unknown": "{names} nama perangkat daerah tidak dikenal ({rows} baris) dikarantina.",
        "q_unknown_none": "Semua nama perangkat daerah dikenali.",
        "q_flags": "Tanda kualitas: {straight} responden menjawab seragam pada semua butir dan "
        "{speed} mengisi terlalu cepat. Data hilang per butir paling banyak {missing} ({item}).",
        "q_rates": "Tingkat respons terhadap data populasi: {overall} secara keseluruhan "
        "({respondents} dari {headcount}); per perangkat daerah dari {lo} sampai {hi}.",
        "q_rates_none": "Tidak ada data populasi untuk tahun ini, sehingga tingkat respons tidak "
        "dapat dihitung.",
        "files_caption": "Berkas masukan tahun {year}",
        "files_cols": ["Berkas", "Dibaca", "Diterima", "Ditolak"],
        "reasons_caption": "Baris ditolak menurut alasan",
        "reasons_cols": ["Alasan", "Kode", "Baris"],
        "reasons": {
            "duplicate": "pengiriman ganda (yang terakhir disimpan)",
            "item_out_of_range": "jawaban di luar skala",
            "nip_missing": "NIP kosong",
            "nip_scientific": "NIP rusak (notasi ilmiah spreadsheet)",
            "nip_length": "NIP bukan 18 digit",
            "nip_birthdate": "tanggal lahir dalam NIP tidak sah",
            "nip_sex_digit": "digit jenis kelamin NIP tidak sah",
            "too_many_missing": "terlalu banyak butir kosong",
            "unit_missing": "perangkat daerah kosong",
            "unit_unknown": "perangkat daerah tidak dikenal",
        },
        "unknown_caption": "Nama perangkat daerah yang tidak dikenal",
        "unknown_cols": ["Nama tertulis", "Baris"],
        "rates_caption": "Tingkat respons per perangkat daerah tahun {year}",
        "rates_cols": ["Kode", "Perangkat daerah", "Responden", "Populasi", "Tingkat respons"],
        "full_intro": "Estimasi indeks dan ketujuh nilai untuk setiap kelompok tahun {year} "
        "(skor 0–100; IK 95% untuk indeks). Tabel lengkap semua ukuran, termasuk butir, galat "
        "baku dan persentase positif, ada di berkas Excel yang menyertai laporan ini.",
        "full_caption": "Estimasi menurut {group_by} tahun {year}",
        "full_cols": ["Kelompok", "n", "Indeks", "IK 95%"],
        "prov_intro": "Setiap angka dalam laporan ini dapat ditelusuri ke berkas masukan "
        "berikut (SHA-256), konfigurasi dan versi kode. Laporan dibuat ulang secara "
        "deterministik: masukan yang sama menghasilkan PDF yang sama persis.",
        "prov_synthetic": "Semua berkas masukan adalah data contoh sintetis bawaan (dikenali "
        "dari sidik SHA-256-nya, bukan dari namanya); laporan ini hanya untuk uji metode.",
        "prov_real": "Berkas masukan adalah data survei sebenarnya.",
        "prov_caption": "Berkas masukan dan sidik jari SHA-256",
        "prov_cols": ["Berkas", "Ukuran (bita)", "SHA-256"],
        "prov_config": "SHA-256 konfigurasi",
        "prov_code": "Versi kode",
        "prov_date": "Tanggal pembuatan",
        "prov_pipeline": "Perangkat lunak",
    },
    "en": {
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "title": "Evaluation Report on the Implementation of the ASN BerAKHLAK Work Culture {year}",
        "subtitle": "ASN BerAKHLAK Work-Culture Index",
        "watermark": "SYNTHETIC DATA",
        "banner": "SYNTHETIC DATA — the figures in this report come from generated data for "
        "testing the method, not from a real survey.",
        "labels": {
            "toc": "Contents",
            "summary": "Executive summary",
            "methods": "Methodology",
            "values": "Results by value",
            "units": "Results by agency",
            "comparison": "Change between years",
            "reliability": "Reliability",
            "recommendations": "Recommendations",
            "appendix": "Appendix",
            "quality": "Data quality",
            "full_tables": "Full tables",
            "provenance": "Provenance",
            "prepared_by": "Prepared by",
            "built": "Built",
            "code_version": "Code version",
            "key_figures": "Key figures",
        },
        "hidden": "suppressed",
        "yes": "yes",
        "no": "no",
        "to": "to",
        "index": "Index",
        "province": "Province",
        "group_by": {
            "all": "Province",
            "unit": "Agency",
            "jenis_kelamin": "Sex",
            "status_kepegawaian": "Employment status",
            "jenis_jabatan": "Position type",
            "kelompok_usia": "Age group",
        },
        "groups": {"jenis_kelamin": {"L": "Male", "P": "Female"}},
        "kf_index": "Index {year}",
        "kf_change": "Change from {year}",
        "kf_change_none": "Change",
        "kf_target": "Target {low}–{high}",
        "kf_target_none": "Target",
        "kf_target_next": "Target {year}: {low}–{high}",
        "kf_from_low": "points from the lower bound",
        "kf_respondents": "Respondents",
        "kf_points": "{value} points",
        "kf_first_year": "first year",
        "kf_no_target": "not set",
        "kf_status": {"below": "below", "within": "met", "above": "above"},
        "kf_accepted": "of {read} rows read",
        "kf_sig": "significant",
        "kf_nonsig": "not significant",
        "kf_mat": "material",
        "s_index": (
            "The ASN BerAKHLAK work-culture index of {organisation} in {year} is {value} (95% "
            "confidence interval: {ci}; {n} respondents), category {category}. {certain} "
            "{pp} of answers were agree or strongly agree."
        ),
        "s_certain": "Its whole confidence interval lies within the {category} category.",
        "s_uncertain": "Its confidence interval crosses a category bound, so the category is "
        "not certain.",
        "s_change": "Compared with {y0} ({est0}), the index {direction} (95% CI: {ci}); {verdict}",
        "s_up": "rose by {diff} points",
        "s_down": "fell by {diff} points",
        "s_flat": "hardly changed ({diff} points)",
        "s_sig_mat": "the change is statistically significant (adjusted p {p}) and material "
        "(at least {mmc} points).",
        "s_sig_nonmat": "the change is statistically significant (adjusted p {p}) but smaller "
        "than the meaningful-change threshold of {mmc} points.",
        "s_nonsig": "the change is not statistically significant (adjusted p {p}), so the data "
        "show no real change yet.",
        "s_nonsig_mat": "the change is not statistically significant (adjusted p {p}): although "
        "it reaches the {mmc}-point threshold, it is too uncertain to conclude.",
        "s_untested": "The change from {y0} could not be tested ({note}).",
        "s_no_previous": "There is no previous year yet, so no change between years can be "
        "computed; this report is the baseline.",
        "s_target_below": "The target for {year} is {low}–{high}: the index is still {gap} "
        "points below the lower bound (probability that the true index reaches {low}: {p}).",
        "s_target_within": "The target for {year} is {low}–{high}: the index lies within the "
        "target, {gap} points above its lower bound (probability that the true index reaches "
        "{low}: {p}).",
        "s_target_above": "The target for {year} is {low}–{high}: the index lies above the "
        "target range ({gap} points above its upper bound).",
        "s_target_next": "No target is set for {year}; the target for {next} is {low}–{high}, "
        "so the index needs to rise by {gap} points.",
        "s_target_next_met": "No target is set for {year}; the index already reaches the lower "
        "bound of the {next} target ({low}–{high}).",
        "s_target_none": "No target is set for {year}.",
        "s_values": "The strongest values are {best}; the weakest are {worst}. {count} of the "
        "seven values are in the {top} category.",
        "s_units": "Of {total} agencies, {shown} have enough respondents to be reported: "
        "{categories}.{hidden}",
        "s_units_hidden": " {n} agencies are suppressed (fewer than {min} respondents or "
        "complementary suppression).",
        "s_published": "The figure {value} published for {year} comes from the ministry's "
        "survey, which uses a values-voting method, not the open Likert scale of this report; "
        "comparing the two is a change of method, not a change of work culture.",
        "and": "and",
        "m_instrument": "Instrument: {k_values} BerAKHLAK values with {k_items} behaviour items "
        "(SE MenPANRB 20/2021; UU 20/2023), each answered on a {lo}–{hi} agreement scale "
        "({labels}).",
        "m_conversion_linear": "Score conversion: the {lo}–{hi} scale is converted linearly to "
        "0–100 ({lo}→0, {hi}→100; (x − {lo}) / ({hi} − {lo}) × 100), as the UK Civil Service "
        "engagement index does.",
        "m_conversion_proportional": "Score conversion: score = answer / {hi} × 100 "
        "({lo}→{low_pts}, {hi}→100), a convention some agencies use; the linear conversion "
        "(1→0) gives lower figures.",
        "m_scores": "A respondent's value score is the mean of the items answered (at least "
        "{min_items} of 3); the respondent's index is the mean of the seven value scores (all "
        "seven required). A group estimate is the mean of its respondents' scores, rounded only "
        "for display. Percent positive is the share of answers of {pos} or more (agree and "
        "strongly agree), reported beside the score because the two tell different stories.",
        "m_weighting_on": "Estimation: means weighted to a population frame of {headcount} "
        "civil servants, with the finite-population correction; design-based standard errors "
        "(Taylor linearisation, agencies as strata). Groups and items use the domain estimator: "
        "respondents outside the group or who skipped the item stay in their stratum with a "
        "zero contribution, as R's survey package and samplics compute it.",
        "m_weighting_off": "Weighting: none (no population frame this year), no finite-"
        "population correction; standard errors s/√n.",
        "m_confidence": "Uncertainty: {level} confidence intervals for every estimate, always t "
        "intervals with the design's degrees of freedom (respondents less the strata they "
        "occupy); percent positive uses a t interval on the logit scale. Reliability and the "
        "factor analysis use the same sample as the estimates.",
        "m_small": "Small groups: groups with fewer than {min} respondents are not reported, "
        "plus complementary suppression so no hidden cell can be recovered from totals. "
        "Agencies are shown on a funnel plot (control limits by number of respondents), not as "
        "a league table.",
        "m_bands": "Index categories: {bands}.",
        "m_compare": "Change between years: the difference of the estimates with its confidence "
        "interval. Both years are samples without replacement from the same finite population; "
        "where the same people answered both years (same pseudonym), the covariance of the two "
        "estimates follows Kish's (1965) finite-population formula per agency, which is near "
        "zero when the overlap is what chance gives and positive for a designed panel; without "
        "a population frame it becomes Welch's test (no overlap) or the paired test (complete "
        "overlap). Multiplicity: Holm within the headline family (provincial index and seven "
        "values), Benjamini–Hochberg within every other family. A change is significant when "
        "the adjusted p < {alpha} and material when |difference| ≥ {mmc} points.",
        "m_method_note": "This is an open Likert method the team can repeat itself. The "
        "ministry's national BerAKHLAK index survey uses a values-voting instrument with "
        "unpublished formulas; this report's figures are therefore not directly comparable "
        "with the ministry's{published}, and any comparison with them is a change of method.",
        "m_published_list": " (published: {items})",
        "m_quality": "Data quality: NIPs are validated (18 digits) and replaced by an HMAC "
        "pseudonym; duplicate submissions are resolved by keeping the latest; questionnaires "
        "with too many blank items are flagged{incomplete}; respondents who straight-line or "
        "answer too fast are flagged{exclude}. Details in the Appendix.",
        "m_incomplete_out": " and left out of the estimates",
        "m_incomplete_in": " but still estimated",
        "m_exclude_none": " but still counted",
        "m_exclude_some": " and excluded from the estimates ({which})",
        "straightline": "straight-lining",
        "speeder": "speeders",
        "bands_table": "Index categories",
        "band_cols": ["Code", "Category", "Score range"],
        "v_intro": "The table below shows the scores of the seven values in {year}. {best_worst} "
        "{changes}",
        "v_changes_up": "Compared with {y0}, {n} values rose significantly ({names})",
        "v_changes_down": "{n} fell significantly ({names})",
        "v_changes_none": "Compared with {y0}, no value changed significantly.",
        "v_items": "The lowest-scoring item is {low}; the highest-scoring item is {high}.",
        "values_caption": "Scores of the BerAKHLAK values, {year}",
        "values_cols": ["Code", "Value", "Score", "95% CI", "% positive", "Category"],
        "values_change_col": "Change",
        "values_note": "* significant after Holm adjustment (adjusted p < {alpha}).",
        "items_caption": "Scores of the behaviour items, {year}",
        "items_cols": ["Code", "Behaviour statement", "Score", "95% CI", "% positive"],
        "u_intro": "The table below shows the index of every agency in {year}, sorted by name; "
        "no ranking is shown because differences between agencies are often smaller than their "
        "uncertainty. {categories} {uncertain}",
        "u_uncertain": "For {n} agencies the confidence interval crosses a category bound, so "
        "their category is not certain.",
        "u_funnel": "On the funnel plot, agencies outside the 99.8% control limits differ from "
        "the provincial index by more than random variation and the usual spread between "
        "agencies explain (limits adjusted for over-dispersion): {parts}.",
        "u_funnel_none": "On the funnel plot no agency lies outside the 99.8% control limits; "
        "the differences between agencies are within random variation.",
        "u_above": "above — {names}",
        "u_below": "below — {names}",
        "units_caption": "Index by agency, {year}",
        "units_cols": ["Code", "Agency", "n", "Index", "95% CI", "Category"],
        "units_note": "Change: from {y0}; * significant after Benjamini–Hochberg adjustment.",
        "c_intro": "This chapter compares {year} with {y0}. {headline}",
        "c_values": "Among the seven values, {up} rose and {down} fell significantly; "
        "{material} changed materially (≥ {mmc} points).",
        "c_units": "Among the {n} agencies that could be tested, {up} rose significantly, "
        "{down} fell significantly and {flat} did not change significantly{untested}.",
        "c_units_untested": "; {n} were not tested because they had too few respondents or "
        "were suppressed",
        "c_pp": "The share of positive answers (index) changed from {pp0} to {pp1} ({diff} "
        "percentage points, 95% CI: {ci}).",
        "c_linked": "{n} respondents answered in both years in the same agency (same "
        "pseudonym); the overlap enters the finite-population covariance of the difference "
        "(see Methodology).",
        "c_none": "This report covers the first survey year ({year}); there is no previous "
        "year to compare with. The comparison will be available after the next survey.",
        "comparison_caption": "Change of the index and values {y0}–{y1}",
        "comparison_cols": [
            "Measure",
            "{y0}",
            "{y1}",
            "Difference",
            "95% CI",
            "Adjusted p",
            "Significant",
            "Material",
        ],
        "r_intro": "Internal-consistency reliability of each value is measured with Cronbach's "
        "alpha (with a 95% Feldt CI) and McDonald's omega. For the seven values α ranges "
        "{lo}–{hi}; for the index (21 items) α = {index}. {verdict}",
        "r_ok": "All values reach α ≥ 0.70, the usual bound for comparing groups.",
        "r_low": "Values with α below 0.70: {names}; read their scores with more care.",
        "r_items": "Deleting these items would raise their value's α: {items}.",
        "reliability_caption": "Scale reliability, {year}",
        "reliability_cols": ["Measure", "n", "Items", "α", "95% CI of α", "ω"],
        "rec_target_gap": "To reach the target's lower bound of {low} in {target_year}, the "
        "index must rise by {gap} points; the values holding it back most (their share of the "
        "gap): {values}.",
        "rec_target_met": "Keep the gains: the index is within or above the {low}–{high} "
        "target; monitor that it does not fall.",
        "rec_value": "Prioritise the value {name} (score {value}); its weakest item is {item} "
        "“{statement}” (score {item_value}).",
        "rec_decline": "Investigate the causes of the significant declines in {names}.",
        "rec_units_low": "Support the agencies below the 99.8% control limit of the funnel "
        "plot: {names}.",
        "rec_units_category": "Support the agencies whose index is certainly below the {top} "
        "category: {names}.",
        "rec_units_decline": "Review the agencies whose index fell significantly: {names}.",
        "rec_response": "Raise survey participation in the {n} agencies whose response rate "
        "is below 50%: {names}.",
        "rec_reliability": "Review the items of {names}, whose reliability is below 0.70.",
        "rec_programmes": "Evaluate the programmes (podcasts, seminars, workshops) with a "
        "comparison design (difference-in-differences between participating and other "
        "agencies) before concluding that they caused any change.",
        "rec_baseline": "Repeat the survey with the same instrument and score conversion next "
        "year, so change can be measured against the {year} baseline.",
        "q_summary": "{read} rows were read from {files} files; {accepted} were accepted and "
        "{rejected} rejected ({share}). {duplicates} duplicate submissions were resolved "
        "(the latest kept). {unknown}",
        "q_unknown": "{names} unknown agency names ({rows} rows) were quarantined.",
        "q_unknown_none": "All agency names were recognised.",
        "q_flags": "Quality flags: {straight} respondents gave the same answer to every item and "
        "{speed} answered too fast. Missing answers per item at most {missing} ({item}).",
        "q_rates": "Response rate against the population frame: {overall} overall "
        "({respondents} of {headcount}); by agency from {lo} to {hi}.",
        "q_rates_none": "No population frame this year, so response rates cannot be computed.",
        "files_caption": "Input files, {year}",
        "files_cols": ["File", "Read", "Accepted", "Rejected"],
        "reasons_caption": "Rejected rows by reason",
        "reasons_cols": ["Reason", "Code", "Rows"],
        "reasons": {
            "duplicate": "duplicate submission (latest kept)",
            "item_out_of_range": "answer outside the scale",
            "nip_missing": "NIP blank",
            "nip_scientific": "NIP damaged (spreadsheet scientific notation)",
            "nip_length": "NIP not 18 digits",
            "nip_birthdate": "invalid birth date in NIP",
            "nip_sex_digit": "invalid sex digit in NIP",
            "too_many_missing": "too many items blank",
            "unit_missing": "agency blank",
            "unit_unknown": "agency unknown",
        },
        "unknown_caption": "Unknown agency names",
        "unknown_cols": ["Name as written", "Rows"],
        "rates_caption": "Response rate by agency, {year}",
        "rates_cols": ["Code", "Agency", "Respondents", "Population", "Response rate"],
        "full_intro": "Estimates of the index and the seven values for every group in {year} "
        "(scores 0–100; 95% CI for the index). The full table of all measures, including "
        "items, standard errors and percent positive, is in the Excel file accompanying this "
        "report.",
        "full_caption": "Estimates by {group_by}, {year}",
        "full_cols": ["Group", "n", "Index", "95% CI"],
        "prov_intro": "Every figure in this report can be traced to the following input files "
        "(SHA-256), the configuration and the code version. The report is rebuilt "
        "deterministically: the same inputs give the same PDF, byte for byte.",
        "prov_synthetic": "All input files are the shipped synthetic demo data (recognised by "
        "their SHA-256, not by their names); this report is for testing the method only.",
        "prov_real": "The input files are real survey data.",
        "prov_caption": "Input files and their SHA-256 fingerprints",
        "prov_cols": ["File", "Size (bytes)", "SHA-256"],
        "prov_config": "Configuration SHA-256",
        "prov_code": "Code version",
        "prov_date": "Build date",
        "prov_pipeline": "Software",
    },
}


# --------------------------------------------------------------------------- formatting
def format_interval(low, high, decimals: int = 1, language: str = "id") -> str:
    """``75,9–76,7``; with a negative bound ``−0,5 s.d. 1,2`` (a dash would read as minus)."""
    a, b = format_number(low, decimals, language), format_number(high, decimals, language)
    if DASH in (a, b):
        return DASH
    negative = a.startswith(MINUS) or b.startswith(MINUS)
    return f"{a} {_text(language)['to']} {b}" if negative else f"{a}–{b}"


def format_p(p, language: str = "id") -> str:
    """``< 0,001`` or ``= 0,012`` (for 'p terkoreksi …'); em dash when missing."""
    if p is None or not np.isfinite(float(p)):
        return DASH
    if p < 0.001:
        return "< " + format_number(0.001, 3, language)
    return "= " + format_number(p, 3 if p < 0.1 else 2, language)


def format_probability(p, language: str = "id") -> str:
    """A probability as a whole percent, with '< 1%' / '> 99%' rather than a false 0% or 100%."""
    if p is None or not np.isfinite(float(p)):
        return DASH
    if p < 0.005:
        return "< " + format_percent(1, 0, language)
    if p > 0.995:
        return "> " + format_percent(99, 0, language)
    return format_percent(100 * p, 0, language)


def format_date(iso: str, language: str = "id") -> str:
    """'2026-01-01' -> '1 Januari 2026' (id) or '1 January 2026' (en)."""
    day = dt.date.fromisoformat(str(iso)[:10])
    return f"{day.day} {_text(language)['months'][day.month - 1]} {day.year}"


def _points(x, language: str) -> str:
    """A threshold in points: '3' rather than '3,0', '2,5' as is."""
    return format_number(x, 0 if float(x) == round(float(x)) else 1, language)


def _text(language: str) -> dict:
    return TEXT.get(language, TEXT["id"])


def _join(names: list[str], language: str) -> str:
    """'A', 'A dan B', 'A, B dan C'."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {_text(language)['and']} " + names[-1]


def _named(name: str, value, language: str, sign: bool = False) -> str:
    """'Dinas Sosial (66,5)'; with ``sign`` 'Harmonis (−2,0)'."""
    return f"{name} ({format_number(value, 1, language, sign=sign)})"


def _table(caption, columns, rows, align, widths=None, note="", size="normal", mono=()) -> dict:
    """A table for the template: header, rows of strings, per-column alignment and widths."""
    return {
        "caption": caption,
        "columns": list(columns),
        "rows": [list(r) for r in rows],
        "align": list(align),
        "widths": list(widths or ["auto"] * len(columns)),
        "note": note,
        "size": size,
        "mono": list(mono),
    }


# --------------------------------------------------------------------------- table access
class _Year:
    """The rows of one year's estimates, looked up by (group_by, group, measure)."""

    def __init__(self, estimates: pd.DataFrame, year: int):
        est = estimates[estimates["year"].astype(int) == int(year)].copy()
        if est.empty:
            raise BudayaKerjaError(f"estimates hold no rows for {year}; run aggregate first")
        est["suppressed"] = as_bool(est["suppressed"])
        est["category_certain"] = as_bool(est["category_certain"])
        est["group_label"] = (
            est["group_label"].astype("object").where(est["group_label"].notna(), est["group"])
        )
        self.rows = est
        self.by_key = est.set_index(["group_by", "group", "measure"])

    def get(self, group_by: str, group: str, measure: str):
        try:
            row = self.by_key.loc[(group_by, group, measure)]
        except KeyError:
            return None
        return row.iloc[0] if isinstance(row, pd.DataFrame) else row

    def province(self, measure: str):
        row = self.get("all", "all", measure)
        if row is None or row["suppressed"] or not np.isfinite(row["estimate"]):
            return None
        return row

    def groups(self, group_by: str, measure: str) -> pd.DataFrame:
        r = self.rows
        return r[(r["group_by"] == group_by) & (r["measure"] == measure)]


def _comparison_rows(comparison: pd.DataFrame | None) -> pd.DataFrame | None:
    if comparison is None or len(comparison) == 0:
        return None
    c = comparison.copy()
    for col in ("tested", "significant", "material"):
        c[col] = as_bool(c[col])
    c["group"] = c["group"].astype("string")
    return c.set_index(["group_by", "group", "measure"], drop=False)


def _change(comp, group_by, group, measure):
    if comp is None:
        return None
    try:
        row = comp.loc[(group_by, group, measure)]
    except KeyError:
        return None
    return row.iloc[0] if isinstance(row, pd.DataFrame) else row


# --------------------------------------------------------------------------- sentences
def _index_sentence(ind, organisation, year, lang) -> str:
    t = _text(lang)
    certain = (
        t["s_certain"].format(category=ind["category"])
        if ind["category_certain"]
        else t["s_uncertain"]
    )
    return (
        t["s_index"]
        .format(
            organisation=organisation,
            year=year,
            value=format_number(ind["estimate"], 1, lang),
            ci=format_interval(ind["ci_low"], ind["ci_high"], 1, lang),
            n=format_number(ind["n"], 0, lang),
            category=ind["category"],
            certain=certain,
            pp=format_percent(ind["pct_positive"], 1, lang),
        )
        .replace("  ", " ")
    )


def change_sentence(row, y0: int, min_meaningful_change: float, language: str = "id") -> str:
    """One sentence on a change: direction, CI, and whether it is significant (adjusted p) and
    material (|diff| >= min_meaningful_change)."""
    t = _text(language)
    if row is None or not bool(row["tested"]) or not np.isfinite(row["diff"]):
        note = row["note"] if row is not None and isinstance(row["note"], str) else DASH
        return t["s_untested"].format(y0=y0, note=note)
    diff = float(row["diff"])
    shown = format_number(abs(diff), 1, language)
    if shown == format_number(0, 1, language):
        direction = t["s_flat"].format(diff=format_number(diff, 1, language))
    else:
        direction = t["s_up" if diff > 0 else "s_down"].format(diff=shown)
    mmc = _points(min_meaningful_change, language)
    p = format_p(row["p_adj"], language)
    key = (
        ("s_sig_mat" if row["material"] else "s_sig_nonmat")
        if row["significant"]
        else ("s_nonsig_mat" if row["material"] else "s_nonsig")
    )
    return t["s_change"].format(
        y0=y0,
        est0=format_number(row["est0"], 1, language),
        direction=direction,
        ci=format_interval(row["ci_low"], row["ci_high"], 1, language),
        verdict=t[key].format(p=p, mmc=mmc),
    )


def target_track(estimates, year: int, band, values: list[str], table=None) -> pd.DataFrame:
    """The target table for ``year`` and ``band``: the pipeline's ``target.csv`` when it was
    made for that band, else :func:`targets.track_target` (e.g. the next year's target in a
    year that has none), so the report never computes what the pipeline already wrote."""
    low, high = float(band[0]), float(band[1])
    if table is not None and len(table):
        if (table["target_low"] == low).all() and (table["target_high"] == high).all():
            return table
    return track_target(estimates, int(year), (low, high), values)


def target_sentence(
    estimates, year: int, targets: dict, values: list[str], language="id", table=None
) -> str:
    """Where the index stands against the year's target (or the next year's, if only that is
    set), from :func:`targets.track_target`."""
    t = _text(language)
    by_year = {int(y): v for y, v in (targets or {}).items()}
    if int(year) in by_year:
        low, high = by_year[int(year)]
        row = target_track(estimates, year, (low, high), values, table)
        row = row[(row["group_by"] == "all") & (row["measure"] == "index")]
        if row.empty:
            return t["s_target_none"].format(year=year)
        r = row.iloc[0]
        fmt = {
            "year": year,
            "low": format_number(low, 0, language),
            "high": format_number(high, 0, language),
            "p": format_probability(r["p_reach"], language),
        }
        if r["status"] == "below":
            return t["s_target_below"].format(gap=format_number(-r["distance"], 1, language), **fmt)
        if r["status"] == "above":
            return t["s_target_above"].format(
                gap=format_number(r["estimate"] - high, 1, language), **fmt
            )
        return t["s_target_within"].format(gap=format_number(r["distance"], 1, language), **fmt)
    later = sorted(y for y in by_year if y > int(year))
    if later:
        nxt = later[0]
        low, high = by_year[nxt]
        row = target_track(estimates, year, (low, high), values, table)
        row = row[(row["group_by"] == "all") & (row["measure"] == "index")]
        if len(row):
            r = row.iloc[0]
            fmt = {
                "year": year,
                "next": nxt,
                "low": format_number(low, 0, language),
                "high": format_number(high, 0, language),
            }
            if r["needed"] > 0:
                return t["s_target_next"].format(gap=format_number(r["needed"], 1, language), **fmt)
            return t["s_target_next_met"].format(**fmt)
    return t["s_target_none"].format(year=year)


def _value_list(rows: pd.DataFrame, instrument: Instrument, lang: str) -> str:
    return _join(
        [
            _named(instrument.value_names[m], e, lang)
            for m, e in zip(rows["measure"], rows["estimate"], strict=True)
        ],
        lang,
    )


def _values_sentence(yr: _Year, instrument: Instrument, bands, lang) -> str:
    t = _text(lang)
    rows = yr.rows[(yr.rows["group_by"] == "all") & yr.rows["measure"].isin(instrument.value_ids)]
    rows = rows[~rows["suppressed"]].sort_values("estimate", ascending=False)
    if rows.empty:
        return ""
    top = _top_band(bands)
    return t["s_values"].format(
        best=_value_list(rows.head(2), instrument, lang),
        worst=_value_list(rows.tail(2).iloc[::-1], instrument, lang),
        count=int((rows["category"] == top).sum()),
        top=top,
    )


def category_text(row, bands) -> str:
    """The category when the whole interval lies in one band; otherwise the bands the
    interval spans ('Cukup Sehat–Sehat'), so no agency is called Sehat on a straddling CI."""
    if row.category_certain:
        return str(row.category)
    return f"{row.category_low}–{row.category_high}"


def _top_band(bands) -> str:
    return max(bands, key=lambda b: b["min"])["label"]


def _category_counts(units: pd.DataFrame, bands, lang) -> str:
    shown = units[~units["suppressed"]]
    counts = shown["category"].value_counts()
    order = [b["label"] for b in sorted(bands, key=lambda b: -b["min"])]
    return _join([f"{int(counts[c])} {c}" for c in order if c in counts], lang)


def _units_sentence(yr: _Year, bands, min_size, lang) -> str:
    t = _text(lang)
    units = yr.groups("unit", "index")
    if units.empty:
        return ""
    hidden = int(units["suppressed"].sum())
    return t["s_units"].format(
        total=len(units),
        shown=len(units) - hidden,
        categories=_category_counts(units, bands, lang),
        hidden=t["s_units_hidden"].format(n=hidden, min=min_size) if hidden else "",
    )


# --------------------------------------------------------------------------- chapters
def _methods(config, instrument, quality, yr, lang) -> dict:
    t = _text(lang)
    lo, hi = instrument.scale_min, instrument.scale_max
    answers = ["STS", "TS", "N", "S", "SS"] if hi - lo == 4 else [str(c) for c in range(lo, hi + 1)]
    est = config.get("estimation", {})
    comp = config.get("comparison", {})
    q = config.get("quality", {})
    paragraphs = [
        t["m_instrument"].format(
            k_values=len(instrument.value_ids),
            k_items=len(instrument.items),
            lo=lo,
            hi=hi,
            labels=", ".join(answers),
        ),
        t[f"m_conversion_{instrument.conversion}"].format(
            lo=lo, hi=hi, low_pts=format_number(lo / hi * 100, 0, lang)
        ),
        t["m_scores"].format(
            min_items=config.get("scoring", {}).get("min_items_per_value", 2),
            pos=instrument.positive_min,
        ),
    ]
    frame = (quality or {}).get("frame")
    if frame and est.get("weighting", True):
        paragraphs.append(
            t["m_weighting_on"].format(
                headcount=format_number(frame.get("headcount"), 0, lang),
            )
        )
    else:
        paragraphs.append(t["m_weighting_off"])
    level = format_percent(100 * est.get("confidence", 0.95), 0, lang)
    paragraphs += [
        t["m_confidence"].format(level=level),
        t["m_small"].format(min=est.get("min_group_size", 10)),
        t["m_compare"].format(
            alpha=format_number(comp.get("alpha", 0.05), 2, lang),
            mmc=_points(comp.get("min_meaningful_change", 3.0), lang),
        ),
    ]
    excluded = [
        t[k]
        for k, on in (
            ("straightline", q.get("exclude_straightliners")),
            ("speeder", q.get("exclude_speeders")),
        )
        if on
    ]
    paragraphs.append(
        t["m_quality"].format(
            exclude=t["m_exclude_some"].format(which=_join(excluded, lang))
            if excluded
            else t["m_exclude_none"],
            incomplete=t[
                "m_incomplete_out" if q.get("exclude_incomplete", True) else "m_incomplete_in"
            ],
        )
    )
    published = config.get("report", {}).get("published_index") or {}
    items = _join(
        [
            f"{y}: {format_number(v, 1, lang)}"
            for y, v in sorted((int(y), v) for y, v in published.items())
        ],
        lang,
    )
    paragraphs.append(
        t["m_method_note"].format(
            published=t["m_published_list"].format(items=items) if items else ""
        )
    )
    bands = sorted(config["bands"], key=lambda b: -b["min"])
    rows, upper = [], 100.0
    for band in bands:
        top = format_number(upper if upper == 100 else upper - 0.1, 0 if upper == 100 else 1, lang)
        rows.append(
            [band.get("code", ""), band["label"], f"{format_number(band['min'], 0, lang)}–{top}"]
        )
        upper = band["min"]
    table = _table(t["bands_table"], t["band_cols"], rows, ["left", "left", "right"])
    return {"paragraphs": paragraphs, "bands": table}


def _values_chapter(yr, comp, instrument, bands, y0, config, lang) -> dict:
    t = _text(lang)
    alpha = config.get("comparison", {}).get("alpha", 0.05)
    cols = list(t["values_cols"]) + ([t["values_change_col"]] if comp is not None else [])
    rows, up, down = [], [], []
    for v in instrument.value_ids:
        r = yr.province(v)
        if r is None:
            continue
        row = [
            v,
            instrument.value_names[v],
            format_number(r["estimate"], 1, lang),
            format_interval(r["ci_low"], r["ci_high"], 1, lang),
            format_percent(r["pct_positive"], 1, lang),
            str(r["category"]),
        ]
        c = _change(comp, "all", "all", v)
        if comp is not None:
            tested = c is not None and c["tested"]
            row.append(
                format_number(c["diff"], 1, lang, sign=True) + ("*" if c["significant"] else "")
                if tested
                else DASH
            )
            if tested and c["significant"]:
                (up if c["diff"] > 0 else down).append(
                    f"{instrument.value_names[v]} {format_number(c['diff'], 1, lang, sign=True)}"
                )
        rows.append(row)
    align = ["left", "left", "right", "right", "right", "left"] + (
        ["right"] if comp is not None else []
    )
    widths = ["auto", "1fr", "auto", "auto", "auto", "auto"] + (
        ["auto"] if comp is not None else []
    )
    note = t["values_note"].format(alpha=format_number(alpha, 2, lang)) if comp is not None else ""
    table = _table(
        t["values_caption"].format(year=yr.rows["year"].iloc[0]), cols, rows, align, widths, note
    )
    changes = ""
    if comp is not None:
        parts = []
        if up:
            parts.append(t["v_changes_up"].format(y0=y0, n=len(up), names=_join(up, lang)))
        if down:
            parts.append(t["v_changes_down"].format(n=len(down), names=_join(down, lang)))
        changes = ("; ".join(parts) + ".") if parts else t["v_changes_none"].format(y0=y0)
    # Items: score and percent positive of each behaviour.
    item_rows, scored = [], []
    for item in instrument.items:
        r = yr.province(item)
        if r is None:
            continue
        scored.append((r["estimate"], item))
        item_rows.append(
            [
                item,
                instrument.statements.get(item, ""),
                format_number(r["estimate"], 1, lang),
                format_interval(r["ci_low"], r["ci_high"], 1, lang),
                format_percent(r["pct_positive"], 1, lang),
            ]
        )
    items = _table(
        t["items_caption"].format(year=yr.rows["year"].iloc[0]),
        t["items_cols"],
        item_rows,
        ["left", "left", "right", "right", "right"],
        ["auto", "1fr", "auto", "auto", "auto"],
        size="small",
    )
    paragraphs = [
        t["v_intro"]
        .format(
            year=yr.rows["year"].iloc[0],
            best_worst=_values_sentence(yr, instrument, bands, lang),
            changes=changes,
        )
        .strip()
    ]
    if scored:
        scored.sort()
        low, high = scored[0], scored[-1]
        paragraphs.append(
            t["v_items"].format(
                low=_named(f"{low[1]} “{instrument.statements.get(low[1], '')}”", low[0], lang),
                high=_named(f"{high[1]} “{instrument.statements.get(high[1], '')}”", high[0], lang),
            )
        )
    return {
        "paragraphs": paragraphs,
        "table": table,
        "items": items,
        "figures": ["values", "item_diverging"],
    }


def _funnel(estimates, year):
    try:
        return funnel_table(estimates, year, respondent_sd(estimates, year))
    except (ValueError, KeyError):
        return None


def _units_chapter(yr, comp, estimates, year, bands, y0, min_size, lang) -> dict:
    t = _text(lang)
    units = yr.groups("unit", "index").sort_values(["group_label", "group"])
    cols = list(t["units_cols"]) + ([t["values_change_col"]] if comp is not None else [])
    rows = []
    for r in units.itertuples():
        if r.suppressed:
            row = [
                r.group,
                r.group_label,
                str(r.n_band).replace("<", "< "),
                t["hidden"],
                DASH,
                DASH,
            ]
        else:
            row = [
                r.group,
                r.group_label,
                format_number(r.n, 0, lang),
                format_number(r.estimate, 1, lang),
                format_interval(r.ci_low, r.ci_high, 1, lang),
                category_text(r, bands),
            ]
        if comp is not None:
            c = _change(comp, "unit", r.group, "index")
            row.append(
                format_number(c["diff"], 1, lang, sign=True) + ("*" if c["significant"] else "")
                if c is not None and c["tested"]
                else DASH
            )
        rows.append(row)
    align = ["left", "left", "right", "right", "right", "left"] + (
        ["right"] if comp is not None else []
    )
    widths = ["auto", "1fr", "auto", "auto", "auto", "auto"] + (
        ["auto"] if comp is not None else []
    )
    note = t["units_note"].format(y0=y0) if comp is not None else ""
    table = _table(t["units_caption"].format(year=year), cols, rows, align, widths, note, "small")
    shown = units[~units["suppressed"]]
    uncertain = int((~shown["category_certain"]).sum())
    paragraphs = [
        t["u_intro"]
        .format(
            year=year,
            categories=_units_sentence(yr, bands, min_size, lang),
            uncertain=t["u_uncertain"].format(n=uncertain) if uncertain else "",
        )
        .strip()
    ]
    funnel = _funnel(estimates, year)
    if funnel is not None and len(funnel):
        parts = []
        for pos, key in (("above998", "u_above"), ("below998", "u_below")):
            out = funnel[funnel["position"] == pos]
            if len(out):
                parts.append(
                    t[key].format(
                        names=_join(
                            [_named(r.group_label, r.estimate, lang) for r in out.itertuples()],
                            lang,
                        )
                    )
                )
        paragraphs.append(
            t["u_funnel"].format(parts="; ".join(parts)) if parts else t["u_funnel_none"]
        )
    return {"paragraphs": paragraphs, "table": table, "figures": ["unit_heatmap", "unit_funnel"]}


def _comparison_chapter(comp, instrument, year, y0, config, lang) -> dict:
    t = _text(lang)
    if comp is None:
        return {
            "available": False,
            "paragraphs": [t["c_none"].format(year=year)],
            "table": None,
            "figures": [],
        }
    mmc = float(config.get("comparison", {}).get("min_meaningful_change", 3.0))
    headline = change_sentence(_change(comp, "all", "all", "index"), y0, mmc, lang)
    paragraphs = [t["c_intro"].format(year=year, y0=y0, headline=headline)]
    values = comp[(comp["group_by"] == "all") & comp["measure"].isin(instrument.value_ids)]
    values = values[values["tested"]]
    paragraphs.append(
        t["c_values"].format(
            up=int((values["significant"] & (values["diff"] > 0)).sum()),
            down=int((values["significant"] & (values["diff"] < 0)).sum()),
            material=int(values["material"].sum()),
            mmc=_points(mmc, lang),
        )
    )
    units = comp[(comp["group_by"] == "unit") & (comp["measure"] == "index")]
    if len(units):
        tested = units[units["tested"]]
        up = int((tested["significant"] & (tested["diff"] > 0)).sum())
        down = int((tested["significant"] & (tested["diff"] < 0)).sum())
        untested = len(units) - len(tested)
        paragraphs.append(
            t["c_units"].format(
                n=len(tested),
                up=up,
                down=down,
                flat=len(tested) - up - down,
                untested=t["c_units_untested"].format(n=untested) if untested else "",
            )
        )
    ind = _change(comp, "all", "all", "index")
    if ind is not None and ind["tested"] and np.isfinite(ind["pp_diff"]):
        paragraphs.append(
            t["c_pp"].format(
                pp0=format_percent(ind["pp0"], 1, lang),
                pp1=format_percent(ind["pp1"], 1, lang),
                diff=format_number(ind["pp_diff"], 1, lang, sign=True),
                ci=format_interval(ind["pp_ci_low"], ind["pp_ci_high"], 1, lang),
            )
        )
        if np.isfinite(float(ind["n_matched"])) and float(ind["n_matched"]) > 0:
            paragraphs.append(t["c_linked"].format(n=format_number(ind["n_matched"], 0, lang)))
    rows = []
    for m in ["index", *instrument.value_ids]:
        c = _change(comp, "all", "all", m)
        if c is None:
            continue
        name = t["index"] if m == "index" else f"{instrument.value_names[m]} ({m})"
        tested = bool(c["tested"])
        rows.append(
            [
                name,
                format_number(c["est0"], 1, lang),
                format_number(c["est1"], 1, lang),
                format_number(c["diff"], 1, lang, sign=True) if tested else DASH,
                format_interval(c["ci_low"], c["ci_high"], 1, lang) if tested else DASH,
                format_p(c["p_adj"], lang).removeprefix("= ") if tested else DASH,
                (t["yes"] if c["significant"] else t["no"]) if tested else DASH,
                (t["yes"] if c["material"] else t["no"]) if tested else DASH,
            ]
        )
    cols = [c.format(y0=y0, y1=year) for c in t["comparison_cols"]]
    table = _table(
        t["comparison_caption"].format(y0=y0, y1=year),
        cols,
        rows,
        ["left", "right", "right", "right", "right", "right", "center", "center"],
        ["1fr", "auto", "auto", "auto", "auto", "auto", "auto", "auto"],
    )
    return {
        "available": True,
        "paragraphs": paragraphs,
        "table": table,
        "figures": ["change_forest", "change_forest_units"],
    }


def _reliability_chapter(reliability, instrument, year, lang) -> dict:
    t = _text(lang)
    rel = reliability
    if rel is None or len(rel) == 0:
        return {"paragraphs": [], "table": None}
    if "year" in rel.columns:
        rel = rel[rel["year"].astype(int) == int(year)]
    scales = rel[rel["level"].isin(["value", "index"])].set_index("measure")
    rows = []
    for m in [*instrument.value_ids, "index"]:
        if m not in scales.index:
            continue
        r = scales.loc[m]
        name = t["index"] if m == "index" else f"{instrument.value_names[m]} ({m})"
        rows.append(
            [
                name,
                format_number(r["n"], 0, lang),
                format_number(r["k"], 0, lang),
                format_number(r["alpha"], 2, lang),
                format_interval(r["alpha_ci_low"], r["alpha_ci_high"], 2, lang),
                format_number(r["omega"], 2, lang),
            ]
        )
    values = scales[scales.index.isin(instrument.value_ids)]
    low = values[values["alpha"] < 0.70]
    verdict = (
        t["r_low"].format(names=_join([instrument.value_names[m] for m in low.index], lang))
        if len(low)
        else t["r_ok"]
    )
    paragraphs = [
        t["r_intro"].format(
            lo=format_number(values["alpha"].min(), 2, lang),
            hi=format_number(values["alpha"].max(), 2, lang),
            index=format_number(scales.loc["index", "alpha"], 2, lang)
            if "index" in scales.index
            else DASH,
            verdict=verdict,
        )
    ]
    items = rel[rel["level"] == "item"]
    alpha_of = values["alpha"].to_dict()
    better = [
        f"{r.measure} ({format_number(r.alpha_if_deleted, 2, lang)} > "
        f"{format_number(alpha_of.get(r.value), 2, lang)})"
        for r in items.itertuples()
        if r.value in alpha_of and r.alpha_if_deleted > alpha_of[r.value] + 0.005
    ]
    if better:
        paragraphs.append(t["r_items"].format(items=_join(better, lang)))
    table = _table(
        t["reliability_caption"].format(year=year),
        t["reliability_cols"],
        rows,
        ["left", "right", "right", "right", "right", "right"],
        ["1fr", "auto", "auto", "auto", "auto", "auto"],
    )
    return {"paragraphs": paragraphs, "table": table, "low": list(low.index)}


def _recommendations(
    yr,
    comp,
    estimates,
    year,
    instrument,
    config,
    quality,
    low_alpha,
    lang,
    table=None,
    response_rates=None,
):
    t = _text(lang)
    recs = []
    values = instrument.value_ids
    by_year = {int(y): v for y, v in (config.get("targets") or {}).items()}
    target_year = next((y for y in sorted(by_year) if y >= int(year)), None)
    if target_year is not None:
        low, high = by_year[target_year]
        track = target_track(estimates, year, (low, high), values, table)
        ind = track[(track["group_by"] == "all") & (track["measure"] == "index")]
        if len(ind) and ind["needed"].iloc[0] > 0:
            gaps = track[(track["group_by"] == "all") & track["measure"].isin(values)]
            gaps = gaps[gaps["gap_share"] > 0].sort_values("gap_share", ascending=False).head(3)
            names = _join(
                [
                    f"{instrument.value_names[r.measure]} "
                    f"({format_percent(100 * r.gap_share, 0, lang)})"
                    for r in gaps.itertuples()
                ],
                lang,
            )
            recs.append(
                t["rec_target_gap"].format(
                    low=format_number(low, 0, lang),
                    target_year=target_year,
                    gap=format_number(ind["needed"].iloc[0], 1, lang),
                    values=names,
                )
            )
        elif len(ind):
            recs.append(
                t["rec_target_met"].format(
                    low=format_number(low, 0, lang), high=format_number(high, 0, lang)
                )
            )
    # The two weakest values, each with its weakest behaviour.
    rows = yr.rows[
        (yr.rows["group_by"] == "all") & yr.rows["measure"].isin(values) & ~yr.rows["suppressed"]
    ].sort_values("estimate")
    for r in rows.head(2).itertuples():
        items = [(yr.province(i), i) for i in instrument.values[r.measure]]
        items = [(x["estimate"], i) for x, i in items if x is not None]
        if not items:
            continue
        score, item = min(items)
        recs.append(
            t["rec_value"].format(
                name=instrument.value_names[r.measure],
                value=format_number(r.estimate, 1, lang),
                item=item,
                statement=instrument.statements.get(item, ""),
                item_value=format_number(score, 1, lang),
            )
        )
    if comp is not None:
        declines = comp[
            (comp["group_by"] == "all")
            & comp["measure"].isin(values)
            & comp["tested"]
            & comp["significant"]
            & (comp["diff"] < 0)
        ]
        if len(declines):
            recs.append(
                t["rec_decline"].format(
                    names=_join(
                        [
                            _named(instrument.value_names[r.measure], r.diff, lang, sign=True)
                            for r in declines.itertuples()
                        ],
                        lang,
                    )
                )
            )
    funnel = _funnel(estimates, year)
    below = funnel[funnel["position"] == "below998"] if funnel is not None else pd.DataFrame()
    if len(below):
        recs.append(
            t["rec_units_low"].format(
                names=_join(
                    [_named(r.group_label, r.estimate, lang) for r in below.itertuples()],
                    lang,
                )
            )
        )
    else:
        top = max(b["min"] for b in config["bands"])
        units = yr.groups("unit", "index")
        sure = units[~units["suppressed"] & (units["ci_high"] < top)].sort_values("estimate")
        if len(sure):
            recs.append(
                t["rec_units_category"].format(
                    top=_top_band(config["bands"]),
                    names=_join(
                        [_named(r.group_label, r.estimate, lang) for r in sure.itertuples()],
                        lang,
                    ),
                )
            )
    if comp is not None:
        falls = comp[
            (comp["group_by"] == "unit")
            & (comp["measure"] == "index")
            & comp["tested"]
            & comp["significant"]
            & (comp["diff"] < 0)
        ].sort_values("diff")
        if len(falls):
            labels = yr.groups("unit", "index").set_index("group")["group_label"].to_dict()
            recs.append(
                t["rec_units_decline"].format(
                    names=_join(
                        [
                            _named(labels.get(r.group, r.group), r.diff, lang, sign=True)
                            for r in falls.itertuples()
                        ],
                        lang,
                    )
                )
            )
    # Only published rates: a suppressed agency's rate would reveal its count.
    rates = [
        {"unit": r.unit, "unit_label": r.unit_label, "rate": r.rate}
        for r in _published_rates(response_rates).itertuples()
    ]
    low_rate = sorted((r for r in rates if r["rate"] < 0.5), key=lambda r: r["rate"])
    if low_rate:
        names = [
            f"{r.get('unit_label') or r['unit']} ({format_percent(100 * r['rate'], 0, lang)})"
            for r in low_rate[:5]
        ] + (["…"] if len(low_rate) > 5 else [])
        recs.append(t["rec_response"].format(n=len(low_rate), names=", ".join(names)))
    if low_alpha:
        recs.append(
            t["rec_reliability"].format(
                names=_join([instrument.value_names[m] for m in low_alpha], lang)
            )
        )
    recs.append(t["rec_programmes"] if comp is not None else t["rec_baseline"].format(year=year))
    return recs


def _published_rates(response_rates: pd.DataFrame | None) -> pd.DataFrame:
    """The agencies' published rows of ``response_rates.csv`` (not the total, not hidden)."""
    if response_rates is None or not len(response_rates):
        return pd.DataFrame(columns=["unit", "unit_label", "rate"])
    rows = response_rates[(response_rates["unit"] != "all")]
    return rows[~as_bool(rows["suppressed"]) & rows["rate"].notna()]


def _quality_appendix(quality, response_rates, year, lang) -> dict:
    t = _text(lang)
    q = quality or {}
    files = q.get("files", [])
    read, accepted, rejected = q.get("rows_read", 0), q.get("accepted", 0), q.get("rejected", 0)
    unknown = q.get("unknown_units", {}) or {}
    paragraphs = [
        t["q_summary"].format(
            read=format_number(read, 0, lang),
            files=len(files),
            accepted=format_number(accepted, 0, lang),
            rejected=format_number(rejected, 0, lang),
            share=format_percent(100 * rejected / read if read else math.nan, 1, lang),
            duplicates=format_number(q.get("duplicates_resolved", 0), 0, lang),
            unknown=t["q_unknown"].format(
                names=len(unknown), rows=format_number(sum(unknown.values()), 0, lang)
            )
            if unknown
            else t["q_unknown_none"],
        )
    ]
    missing = q.get("missing_by_item", {}) or {}
    flags = q.get("flags", {}) or {}
    if missing or flags:
        worst = max(missing, key=missing.get) if missing else DASH
        paragraphs.append(
            t["q_flags"].format(
                straight=format_number(flags.get("straightline", 0), 0, lang),
                speed=format_number(flags.get("speeder", 0), 0, lang),
                missing=format_percent(100 * missing.get(worst, math.nan), 1, lang),
                item=worst,
            )
        )
    tables = [
        _table(
            t["files_caption"].format(year=year),
            t["files_cols"],
            [
                [
                    f["file"],
                    format_number(f["rows_read"], 0, lang),
                    format_number(f["accepted"], 0, lang),
                    format_number(f["rejected"], 0, lang),
                ]
                for f in files
            ],
            ["left", "right", "right", "right"],
            ["1fr", "auto", "auto", "auto"],
        )
    ]
    reasons = q.get("rejected_by_reason", {}) or {}
    if reasons:
        tables.append(
            _table(
                t["reasons_caption"],
                t["reasons_cols"],
                [
                    [t["reasons"].get(code, code), code, format_number(n, 0, lang)]
                    for code, n in sorted(reasons.items(), key=lambda kv: -kv[1])
                ],
                ["left", "left", "right"],
                ["1fr", "auto", "auto"],
            )
        )
    if unknown:
        tables.append(
            _table(
                t["unknown_caption"],
                t["unknown_cols"],
                [[name, format_number(n, 0, lang)] for name, n in sorted(unknown.items())],
                ["left", "right"],
                ["1fr", "auto"],
            )
        )
    if response_rates is not None and len(response_rates):
        units = response_rates[response_rates["unit"] != "all"]
        total = response_rates[response_rates["unit"] == "all"].iloc[0]
        shown = _published_rates(response_rates)
        paragraphs.append(
            t["q_rates"].format(
                overall=format_percent(100 * total["rate"], 1, lang),
                respondents=format_number(total["respondents"], 0, lang),
                headcount=format_number(total["headcount"], 0, lang),
                lo=format_percent(100 * shown["rate"].min(), 0, lang) if len(shown) else DASH,
                hi=format_percent(100 * shown["rate"].max(), 0, lang) if len(shown) else DASH,
            )
        )
        rows = [
            [
                r.unit,
                r.unit_label,
                # A hidden agency shows its size band only (the same agencies as everywhere).
                str(r.n_band).replace("<", "< ")
                if r.suppressed
                else format_number(r.respondents, 0, lang),
                format_number(r.headcount, 0, lang),
                DASH if r.suppressed else format_percent(100 * r.rate, 1, lang),
            ]
            for r in units.itertuples()
        ]
        tables.append(
            _table(
                t["rates_caption"].format(year=year),
                t["rates_cols"],
                rows,
                ["left", "left", "right", "right", "right"],
                ["auto", "1fr", "auto", "auto", "auto"],
                size="small",
            )
        )
    else:
        paragraphs.append(t["q_rates_none"])
    return {"paragraphs": paragraphs, "tables": tables}


def _full_tables(yr, instrument, year, lang) -> dict:
    t = _text(lang)
    values = instrument.value_ids
    present = [g for g in GROUP_ORDER if g in set(yr.rows["group_by"])]
    present += sorted(set(yr.rows["group_by"]) - set(present))
    tables = []
    for group_by in present:
        groups = yr.groups(group_by, "index")
        if group_by == "unit":
            groups = groups.sort_values(["group_label", "group"])
        names = t["groups"].get(group_by, {})
        rows = []
        for g in groups.itertuples():
            label = t["province"] if group_by == "all" else names.get(g.group, g.group_label)
            if g.suppressed:
                rows.append(
                    [label, str(g.n_band).replace("<", "< "), t["hidden"], DASH]
                    + [DASH] * len(values)
                )
                continue
            cells = []
            for v in values:
                r = yr.get(group_by, g.group, v)
                cells.append(
                    DASH if r is None or r["suppressed"] else format_number(r["estimate"], 1, lang)
                )
            rows.append(
                [
                    label,
                    format_number(g.n, 0, lang),
                    format_number(g.estimate, 1, lang),
                    format_interval(g.ci_low, g.ci_high, 1, lang),
                    *cells,
                ]
            )
        tables.append(
            _table(
                t["full_caption"].format(
                    group_by=t["group_by"].get(group_by, group_by).lower(), year=year
                ),
                [*t["full_cols"], *values],
                rows,
                ["left"] + ["right"] * (3 + len(values)),
                ["1fr"] + ["auto"] * (3 + len(values)),
                size="small",
            )
        )
    return {"paragraphs": [t["full_intro"].format(year=year)], "tables": tables}


def _provenance(provenance, config, lang) -> dict:
    t = _text(lang)
    p = provenance or {}
    rows = [
        [i["path"], format_number(i.get("bytes"), 0, lang), i["sha256"]]
        for i in p.get("inputs", [])
    ]
    table = _table(
        t["prov_caption"],
        t["prov_cols"],
        rows,
        ["left", "right", "left"],
        ["1fr", "auto", "auto"],
        size="small",
        mono=[2],
    )
    facts = [
        [t["prov_config"], p.get("config_sha256", DASH)],
        [t["prov_code"], p.get("code_version", DASH)],
        [
            t["prov_date"],
            format_date(config.get("report", {}).get("build_date", "2026-01-01"), lang),
        ],
        [t["prov_pipeline"], "budaya-kerja (Snakemake, Typst)"],
    ]
    return {
        "paragraphs": [
            t["prov_intro"],
            t["prov_synthetic"] if p.get("synthetic") else t["prov_real"],
        ],
        "table": table,
        "facts": facts,
    }


# --------------------------------------------------------------------------- context
def build_context(
    year: int,
    estimates: pd.DataFrame,
    comparison: pd.DataFrame | None,
    reliability: pd.DataFrame | None,
    quality: dict | None,
    provenance: dict | None,
    figures: dict | None,
    config: dict,
    instrument: Instrument,
    **options,
) -> dict:
    """Everything the template prints, as formatted strings (see module docstring).

    ``options``: ``previous_year`` and the optional tables below. Interval phrases follow the
    configured ``estimation.confidence`` (texts are written for 95%).

    The optional tables add the validity evidence (``validity.csv``), programme effects
    (``programmes.csv``), agencies against the target (``target.csv``) and the weighting
    (``weighting.json``) to the reliability, comparison, target and methods sections.

    ``estimates`` may hold several years (the trend); ``comparison`` is the table comparing
    ``previous_year`` (default: the latest earlier year in ``estimates``) with ``year``, or
    None in the first year; ``figures`` is the manifest of :func:`figures.write_figures`.
    Keys: ``language, meta, labels, key_figures, summary, methods, values, units, comparison,
    reliability, recommendations, appendix, figures``.
    """
    context = _context(year, estimates, comparison, reliability, quality, provenance, figures,
                       config, instrument, **options)  # fmt: skip
    confidence = float(config.get("estimation", {}).get("confidence", 0.95))
    return relabel_confidence(context, confidence, context["language"])


def _context(
    year: int,
    estimates: pd.DataFrame,
    comparison: pd.DataFrame | None,
    reliability: pd.DataFrame | None,
    quality: dict | None,
    provenance: dict | None,
    figures: dict | None,
    config: dict,
    instrument: Instrument,
    *,
    previous_year: int | None = None,
    validity: pd.DataFrame | None = None,
    programmes: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    weighting: dict | None = None,
    response_rates: pd.DataFrame | None = None,
) -> dict:
    # The body of build_context; texts are written for 95% intervals.
    year = int(year)
    report = config.get("report", {})
    lang = report.get("language", "id")
    t = _text(lang)
    yr = _Year(estimates, year)
    earlier = sorted(y for y in estimates["year"].astype(int).unique() if y < year)
    y0 = previous_year if previous_year is not None else (earlier[-1] if earlier else None)
    if comparison is not None and y0 is None:
        raise BudayaKerjaError(
            f"a comparison was given for {year} but no earlier year: pass previous_year or the "
            "earlier years' estimates too"
        )
    comp = _comparison_rows(comparison)
    bands = config["bands"]
    min_size = config.get("estimation", {}).get("min_group_size", 10)
    mmc = float(config.get("comparison", {}).get("min_meaningful_change", 3.0))
    organisation = report.get("organisation") or t["province"]
    synthetic = bool((provenance or {}).get("synthetic") or (quality or {}).get("synthetic"))

    ind = yr.province("index")
    if ind is None:
        raise BudayaKerjaError(f"no published provincial index for {year}; check estimates.csv")
    summary = [_index_sentence(ind, organisation, year, lang)]
    change_row = _change(comp, "all", "all", "index")
    summary.append(
        change_sentence(change_row, y0, mmc, lang) if comp is not None else t["s_no_previous"]
    )
    summary.append(values_change_sentence(comparison, instrument, mmc, lang))
    summary.append(
        target_sentence(estimates, year, config.get("targets"), instrument.value_ids, lang, targets)
    )
    summary.append(
        programme_sentence(programmes, year, config.get("comparison", {}).get("alpha", 0.05), lang)
    )
    summary.append(_values_sentence(yr, instrument, bands, lang))
    summary.append(_units_sentence(yr, bands, min_size, lang))
    published = {int(k): v for k, v in (report.get("published_index") or {}).items()}
    if year in published:
        summary.append(
            t["s_published"].format(value=format_number(published[year], 1, lang), year=year)
        )
    summary = [s for s in summary if s]

    # Key figures: index, change, target, respondents.
    by_year = {int(y): v for y, v in (config.get("targets") or {}).items()}
    key_figures = [
        {
            "label": t["kf_index"].format(year=year),
            "value": format_number(ind["estimate"], 1, lang),
            "note": str(ind["category"]),
        }
    ]
    if change_row is not None and change_row["tested"]:
        key_figures.append(
            {
                "label": t["kf_change"].format(year=y0),
                "value": format_number(change_row["diff"], 1, lang, sign=True),
                "note": _change_note(change_row, lang),
            }
        )
    else:
        key_figures.append(
            {
                "label": t["kf_change_none"],
                "value": DASH,
                "note": t["kf_first_year"] if comp is None else DASH,
            }
        )
    if year in by_year:
        low, high = by_year[year]
        track = target_track(estimates, year, (low, high), instrument.value_ids, targets)
        row = track[(track["group_by"] == "all") & (track["measure"] == "index")].iloc[0]
        key_figures.append(
            {
                "label": t["kf_target"].format(
                    low=format_number(low, 0, lang), high=format_number(high, 0, lang)
                ),
                "value": t["kf_status"][row["status"]],
                "note": t["kf_points"].format(
                    value=format_number(row["distance"], 1, lang, sign=True)
                ),
            }
        )
    elif any(y > year for y in by_year):
        nxt = min(y for y in by_year if y > year)
        low, high = by_year[nxt]
        key_figures.append(
            {
                "label": t["kf_target_next"].format(
                    year=nxt, low=format_number(low, 0, lang), high=format_number(high, 0, lang)
                ),
                "value": format_number(ind["estimate"] - low, 1, lang, sign=True),
                "note": t["kf_from_low"],
            }
        )
    else:
        key_figures.append({"label": t["kf_target_none"], "value": DASH, "note": t["kf_no_target"]})
    key_figures.append(
        {
            "label": t["kf_respondents"],
            "value": format_number(ind["n"], 0, lang),
            "note": t["kf_accepted"].format(
                read=format_number((quality or {}).get("rows_read"), 0, lang)
            )
            if quality
            else "",
        }
    )

    values = _values_chapter(yr, comp, instrument, bands, y0, config, lang)
    units = _units_chapter(yr, comp, estimates, year, bands, y0, min_size, lang)
    reliab = _reliability_chapter(reliability, instrument, year, lang)
    recommendations = _recommendations(
        yr,
        comp,
        estimates,
        year,
        instrument,
        config,
        quality,
        reliab.pop("low", []),
        lang,
        targets,
        response_rates,
    )
    manifest = {k: dict(v) for k, v in (figures or {}).items()}
    for section in (values, units):
        section["figures"] = [f for f in section["figures"] if f in manifest]
    comparison_ch = _comparison_chapter(comp, instrument, year, y0, config, lang)
    comparison_ch["figures"] = [f for f in comparison_ch["figures"] if f in manifest]
    title = t["title"].format(year=year)
    return {
        "language": lang,
        "meta": {
            "title": title,
            "subtitle": t["subtitle"],
            "year": str(year),
            "organisation": report.get("organisation", ""),
            "team": report.get("team", ""),
            "date": format_date(report.get("build_date", "2026-01-01"), lang),
            "build_date": str(report.get("build_date", "2026-01-01")),
            "synthetic": synthetic,
            "watermark": t["watermark"],
            "banner": t["banner"],
            "code_version": (provenance or {}).get("code_version", ""),
        },
        "labels": t["labels"],
        "key_figures": key_figures,
        "summary": {
            "paragraphs": summary,
            "figures": [f for f in ["index_trend"] if f in manifest],
        },
        "methods": _with_weighting(
            _methods(config, instrument, quality, yr, lang),
            weighting_paragraphs(weighting, estimates, year, lang)
            + origin_paragraphs(synthetic, comparison, y0, year, lang),
        ),
        "values": values,
        "units": units,
        "comparison": comparison_ch,
        "reliability": {**reliab, "validity": validity_section(validity, year, lang)},
        "programmes": programme_section(
            programmes, year, config.get("comparison", {}).get("alpha", 0.05), lang
        ),
        "targets": target_section(targets, year, instrument, lang),
        "recommendations": recommendations,
        "appendix": {
            "quality": _quality_appendix(quality, response_rates, year, lang),
            "full": _full_tables(yr, instrument, year, lang),
            "provenance": _provenance(provenance, config, lang),
        },
        "figures": manifest,
    }


def _change_note(row, lang) -> str:
    """'signifikan, material' / 'signifikan' / 'tidak signifikan' for the key-figure box."""
    t = _text(lang)
    if not row["significant"]:
        return t["kf_nonsig"]
    return t["kf_sig"] + (f", {t['kf_mat']}" if row["material"] else "")


# --------------------------------------------------------------------------- rendering
def _timestamp(iso: str) -> int:
    """Unix seconds of a date (UTC midnight): the PDF's fixed creation date."""
    day = dt.date.fromisoformat(str(iso)[:10])
    return calendar.timegm(day.timetuple())


def render_report(
    context: dict, template_path: str | Path, out_pdf: str | Path, workdir: str | Path
) -> Path:
    """Compile the report: copy the template (and its sibling .typ files) and the figures into
    ``workdir`` (the Typst root), write ``context.json`` beside them, and compile to ``out_pdf``
    with embedded fonts only and the context's build date as timestamp (byte-identical builds),
    as PDF/A-2a + PDF/UA-1."""
    import typst

    template_path = Path(template_path)
    workdir = Path(workdir)
    (workdir / "figures").mkdir(parents=True, exist_ok=True)
    for source in sorted(template_path.parent.glob("*.typ")):
        shutil.copyfile(source, workdir / source.name)
    main = workdir / template_path.name
    shutil.copyfile(template_path, main)
    ctx = copy.deepcopy(context)
    for name, fig in ctx.get("figures", {}).items():
        source = Path(fig["file"])
        if not source.is_file():
            raise BudayaKerjaError(
                f"figure '{name}' not found at {source}; run make_figures for this year first"
            )
        target = workdir / "figures" / f"{name}{source.suffix}"
        shutil.copyfile(source, target)
        fig["file"] = f"figures/{target.name}"
    # Any text can be typeset: fallback fonts for every script, unprintable code points out.
    ctx = fonts.displayable_strings(ctx)
    font_dir = fonts.copy_fonts(workdir / "fonts")
    (workdir / CONTEXT_FILE).write_text(
        json.dumps(ctx, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    try:
        pdf = typst.compile(
            str(main),
            root=str(workdir),
            font_paths=[str(font_dir)],
            ignore_system_fonts=True,
            timestamp=_timestamp(ctx["meta"]["build_date"]),
            pdf_standards=PDF_STANDARDS,
        )
    except typst.TypstError as exc:
        raise BudayaKerjaError(f"Typst could not compile {main}: {exc}") from exc
    out_pdf = Path(out_pdf)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    out_pdf.write_bytes(pdf)
    return out_pdf


# --------------------------------------------------------------------------- further evidence
# Validity (CFA, invariance), programme effects, targets by agency and the weighting, each
# from its own pipeline table; strings per language as elsewhere in this module.
EXTRA_TEXT = {
    "id": {
        "cfa": "Analisis faktor konfirmatori tujuh faktor tahun {year} (n = {n}; {estimator}): "
        "CFI {cfi}, TLI {tli}, RMSEA {rmsea} (IK 90%: {rmsea_ci}), SRMR {srmr}. {verdict}",
        "cfa_good": "Struktur tujuh nilai didukung data (CFI ≥ 0,95 dan SRMR ≤ 0,08).",
        "cfa_weak": "Kecocokan model di bawah kriteria lazim (CFI ≥ 0,95, SRMR ≤ 0,08): "
        "tafsirkan skor nilai dengan hati-hati.",
        "inv_yes": "Invariansi pengukuran antartahun (konfigural, metrik, skalar; kriteria "
        "ΔCFI ≥ −0,01) terpenuhi: perbandingan rata-rata antartahun layak dilakukan.",
        "inv_no": "Invariansi pengukuran antartahun tidak terpenuhi pada tingkat {level}: "
        "perbandingan rata-rata antartahun perlu ditafsirkan dengan hati-hati.",
        "inv_caption": "Invariansi pengukuran antartahun",
        "inv_cols": ["Tingkat", "χ²", "df", "CFI", "ΔCFI", "RMSEA", "SRMR", "Terpenuhi"],
        "levels": {"configural": "konfigural", "metric": "metrik", "scalar": "skalar"},
        "yes": "ya", "no": "tidak",
        "prog_intro": "Efek program diperkirakan dengan selisih-dalam-selisih (difference-in-"
        "differences) perubahan indeks perangkat daerah peserta dibandingkan perangkat daerah "
        "lain, dalam satu regresi untuk semua program (galat baku HC3). Asumsinya tren paralel: "
        "tanpa program, peserta akan berubah seperti perangkat daerah lain.",
        "prog_row": "Program {programme} ({n} perangkat daerah, {y0}–{y1}): efek {effect} poin "
        "(IK 95%: {ci}; p {p}) — {verdict}.",
        "prog_sig": "menunjukkan efek", "prog_none": "tidak menunjukkan efek yang dapat dibedakan "
        "dari nol",
        "prog_pre": "Uji tren-awal (placebo) {programme} {y0}–{y1}: {effect} poin (IK 95%: {ci}).",
        "prog_caption": "Efek program terhadap indeks perangkat daerah",
        "prog_cols": ["Program", "Jenis", "Tahun", "Peserta", "Efek", "IK 95%", "p (Holm)"],
        "kinds": {"effect": "efek", "pre-trend": "tren-awal", "repeated": "berulang"},
        "target_intro": "Target {year}: indeks {low}–{high}. {below} perangkat daerah berada di "
        "bawah batas bawah target; tabel berikut memuat kenaikan yang dibutuhkan dan peluang "
        "indeks sebenarnya telah mencapai target (pendekatan normal dengan galat baku desain).",
        "target_gap": "Nilai yang paling menahan indeks dari target: {parts}.",
        "target_gap_part": "{name} ({share} dari kekurangan)",
        "target_caption": "Perangkat daerah di bawah target {year}",
        "target_cols": ["Perangkat daerah", "Indeks", "Kenaikan dibutuhkan", "Peluang ≥ target"],
        "weighting": "Pembobotan: {method} ke data populasi ({strata}); efek desain Kish indeks "
        "provinsi {deff} (n efektif {n_eff}); indeks tanpa bobot {unweighted} (berbobot "
        "{weighted}).{dropped}",
        "methods_names": {"raking": "raking (iterative proportional fitting, {it} iterasi)",
                          "post-stratification": "pascastratifikasi",
                          "post-stratification (unit)": "pascastratifikasi per perangkat daerah",
                          "none": "tanpa bobot"},
        "dropped": " Strata yang tidak dapat dipenuhi: {items}.",
        "shrunk": "Peringkat perangkat daerah memakai estimasi empiris-Bayes (disusutkan ke arah "
        "rata-rata sesuai ketidakpastiannya), agar perangkat daerah kecil tidak berada di "
        "peringkat teratas atau terbawah karena kebetulan; lihat kolom estimate_shrunk pada "
        "tabel Excel.",
        "strata": {"jenis_kelamin": "jenis kelamin", "status_kepegawaian": "status kepegawaian"},
        "unit_only": "perangkat daerah",
        "s_values_changed": "Di antara tujuh nilai, {parts}.",
        "vc_parts": ["{names} berubah secara signifikan dan material",
                     "{names} berubah signifikan tetapi kurang dari {mmc} poin",
                     "{names} tidak berubah secara signifikan"],
        "s_programmes": "Program yang menunjukkan efek terhadap indeks perangkat daerah: {with_}; "
        "tanpa efek yang dapat dibedakan dari nol: {without}.",
        "nothing": "tidak ada",
        "pre_failed": " — tren awal tidak paralel, tafsirkan hati-hati",
        "untested": " Tidak dapat diuji: {names}.",
        "title_programmes": "Efek program",
        "title_targets": "Capaian target",
        "title_validity": "Validitas konstruk",
    },
    "en": {
        "cfa": "Seven-factor confirmatory factor analysis, {year} (n = {n}; {estimator}): "
        "CFI {cfi}, TLI {tli}, RMSEA {rmsea} (90% CI {rmsea_ci}), SRMR {srmr}. {verdict}",
        "cfa_good": "The seven-value structure is supported (CFI ≥ 0.95 and SRMR ≤ 0.08).",
        "cfa_weak": "Model fit is below the usual criteria (CFI ≥ 0.95, SRMR ≤ 0.08): read value "
        "scores with care.",
        "inv_yes": "Measurement invariance between years (configural, metric, scalar; "
        "ΔCFI ≥ −0.01) holds: comparing means between years is warranted.",
        "inv_no": "Measurement invariance between years fails at the {level} level: read "
        "comparisons of means between years with care.",
        "inv_caption": "Measurement invariance between years",
        "inv_cols": ["Level", "χ²", "df", "CFI", "ΔCFI", "RMSEA", "SRMR", "Holds"],
        "levels": {"configural": "configural", "metric": "metric", "scalar": "scalar"},
        "yes": "yes", "no": "no",
        "prog_intro": "Programme effects are estimated by difference-in-differences of the "
        "change in participating agencies' index against the other agencies, in one regression "
        "for all programmes (HC3 standard errors). This assumes parallel trends: without the "
        "programme, participants would have changed like the others.",
        "prog_row": "Programme {programme} ({n} agencies, {y0}–{y1}): effect {effect} points "
        "(95% CI {ci}; p {p}) — {verdict}.",
        "prog_sig": "shows an effect", "prog_none": "shows no effect distinguishable from zero",
        "prog_pre": "Pre-trend (placebo) check {programme} {y0}–{y1}: {effect} points (95% CI "
        "{ci}).",
        "prog_caption": "Programme effects on the agencies' index",
        "prog_cols": ["Programme", "Kind", "Years", "Participants", "Effect", "95% CI", "p (Holm)"],
        "kinds": {"effect": "effect", "pre-trend": "pre-trend", "repeated": "repeated"},
        "target_intro": "Target {year}: index {low}–{high}. {below} agencies are below the lower "
        "bound; the table gives the increase needed and the probability that the true index "
        "already meets the target (normal approximation with the design SE).",
        "target_gap": "The values holding the index back most: {parts}.",
        "target_gap_part": "{name} ({share} of the shortfall)",
        "target_caption": "Agencies below the {year} target",
        "target_cols": ["Agency", "Index", "Increase needed", "P(≥ target)"],
        "weighting": "Weighting: {method} to the population frame ({strata}); Kish design effect "
        "of the provincial index {deff} (effective n {n_eff}); unweighted index {unweighted} "
        "(weighted {weighted}).{dropped}",
        "methods_names": {"raking": "raking (iterative proportional fitting, {it} iterations)",
                          "post-stratification": "post-stratification",
                          "post-stratification (unit)": "post-stratification by agency",
                          "none": "no weights"},
        "dropped": " Strata that could not be met: {items}.",
        "shrunk": "Rankings of agencies use empirical-Bayes estimates (shrunk towards the mean in "
        "proportion to their uncertainty), so small agencies do not top or tail a ranking by "
        "chance; see the estimate_shrunk column in the Excel tables.",
        "strata": {"jenis_kelamin": "sex", "status_kepegawaian": "employment status"},
        "unit_only": "agency",
        "s_values_changed": "Of the seven values, {parts}.",
        "vc_parts": ["{names} changed significantly and materially",
                     "{names} changed significantly but by less than {mmc} points",
                     "{names} did not change significantly"],
        "s_programmes": "Programmes with an effect on the agencies' index: {with_}; with no "
        "effect distinguishable from zero: {without}.",
        "nothing": "none",
        "pre_failed": " — pre-trends not parallel, read with care",
        "untested": " Not testable: {names}.",
        "title_programmes": "Programme effects",
        "title_targets": "Target attainment",
        "title_validity": "Construct validity",
    },
}  # fmt: skip


def values_change_sentence(comparison, instrument: Instrument, mmc: float, lang="id") -> str:
    """Which values changed significantly and materially, only significantly, or not at all
    (from the comparison table's own ``significant`` and ``material`` columns)."""
    e = EXTRA_TEXT[lang]
    if comparison is None or len(comparison) == 0:
        return ""
    rows = comparison[(comparison["group_by"] == "all")
                      & comparison["measure"].isin(instrument.value_ids)]  # fmt: skip
    rows = rows[as_bool(rows["tested"])]
    sig, mat = as_bool(rows["significant"]), as_bool(rows["material"])

    parts = []
    for mask, text in zip([sig & mat, sig & ~mat, ~sig], e["vc_parts"], strict=True):
        chosen = rows[mask.to_numpy()]
        picked = [f"{instrument.value_names[m]} ({format_number(d, 1, lang, sign=True)})"
                  for m, d in zip(chosen["measure"], chosen["diff"], strict=True)]  # fmt: skip
        if picked:
            parts.append(text.format(names=_join(picked, lang), mmc=format_number(mmc, 0, lang)))
    return e["s_values_changed"].format(parts="; ".join(parts)) if parts else ""


def programme_sentence(programmes, year: int, alpha: float = 0.05, lang="id") -> str:
    """Which programmes show an effect on the agencies' index in ``year`` (Holm-adjusted p;
    a programme whose pre-trend check failed is flagged, one without a test is named so)."""
    e = EXTRA_TEXT[lang]
    if programmes is None or len(programmes) == 0:
        return ""
    now = programmes[(programmes["kind"] == "effect") & (programmes["year1"].astype(int) == year)]
    if now.empty:
        return ""
    pre = programmes[programmes["kind"] == "pre-trend"]
    failed_pre = set(pre.loc[pre["p"] < alpha, "programme"])

    def label(r):
        flag = e["pre_failed"] if r.programme in failed_pre else ""
        return f"{r.programme} ({format_number(r.effect, 1, lang, sign=True)}){flag}"

    shown = [label(r) for r in now[now["p_adj"] < alpha].itertuples()]
    others = list(now.loc[now["p_adj"] >= alpha, "programme"])
    untested = list(now.loc[now["p_adj"].isna(), "programme"])
    text = e["s_programmes"].format(with_=_join(shown, lang) if shown else e["nothing"],
                                    without=_join(others, lang) if others else e["nothing"])  # fmt: skip
    return text + (e["untested"].format(names=_join(untested, lang)) if untested else "")


def _with_weighting(methods: dict, paragraphs: list[str]) -> dict:
    return {**methods, "paragraphs": [*methods["paragraphs"], *paragraphs]}


def _num(x, decimals, lang):
    return format_number(x, decimals, lang)


def validity_section(validity: pd.DataFrame | None, year: int, lang: str = "id") -> dict:
    """Paragraphs and the invariance table from ``validity.csv``."""
    e = EXTRA_TEXT[lang]
    if validity is None or validity.empty:
        return {"title": e["title_validity"], "paragraphs": [], "tables": []}
    v = validity.copy()
    v["year"] = v["year"].astype(str)
    paragraphs, tables = [], []
    cfa = v[(v["analysis"] == "cfa") & (v["year"] == str(year))]
    if len(cfa):
        r = cfa.iloc[0]
        good = r["cfi"] >= 0.95 and r["srmr"] <= 0.08
        paragraphs.append(e["cfa"].format(
            year=year, n=_num(r["n"], 0, lang), estimator=r["estimator"],
            cfi=_num(r["cfi"], 3, lang), tli=_num(r["tli"], 3, lang),
            rmsea=_num(r["rmsea"], 3, lang),
            rmsea_ci=format_interval(r["rmsea_ci_low"], r["rmsea_ci_high"], 3, lang),
            srmr=_num(r["srmr"], 3, lang), verdict=e["cfa_good"] if good else e["cfa_weak"]))  # fmt: skip
    inv = v[v["analysis"] == "invariance"]
    if len(inv):
        holds = as_bool(inv["holds"])
        failed = inv.loc[~holds.to_numpy(), "level"]
        paragraphs.append(e["inv_yes"] if failed.empty
                          else e["inv_no"].format(level=e["levels"].get(failed.iloc[0])))  # fmt: skip
        rows = [[e["levels"].get(r.level, r.level), _num(r.chi2, 1, lang), _num(r.df, 0, lang),
                 _num(r.cfi, 3, lang), _num(r.delta_cfi, 4, lang), _num(r.rmsea, 3, lang),
                 _num(r.srmr, 3, lang), e["yes"] if h else e["no"]]
                for r, h in zip(inv.itertuples(), holds, strict=True)]  # fmt: skip
        tables.append(_table(e["inv_caption"], e["inv_cols"], rows,
                             ["left"] + ["right"] * 6 + ["left"]))  # fmt: skip
    return {"title": e["title_validity"], "paragraphs": paragraphs, "tables": tables}


def programme_section(programmes: pd.DataFrame | None, year: int, alpha: float = 0.05,
                      lang: str = "id") -> dict:  # fmt: skip
    """Paragraphs and table from ``programmes.csv`` (effects ending in ``year``, pre-trends)."""
    e = EXTRA_TEXT[lang]
    if programmes is None or programmes.empty:
        return {"title": e["title_programmes"], "paragraphs": [], "tables": []}
    rows, paragraphs = [], [e["prog_intro"]]
    for r in programmes.sort_values(["year1", "kind", "programme"]).itertuples():
        ci = format_interval(r.ci_low, r.ci_high, 1, lang)
        effect = format_number(r.effect, 1, lang, sign=True)
        if r.kind == "effect" and int(r.year1) == int(year):
            paragraphs.append(e["prog_row"].format(
                programme=r.programme, n=r.n_participants, y0=r.year0, y1=r.year1,
                effect=effect, ci=ci, p=format_p(r.p_adj, lang),
                verdict=e["prog_sig"] if r.p_adj < alpha else e["prog_none"]))  # fmt: skip
        elif r.kind == "pre-trend":
            paragraphs.append(e["prog_pre"].format(programme=r.programme, y0=r.year0, y1=r.year1,
                                                   effect=effect, ci=ci))  # fmt: skip
        rows.append([r.programme, e["kinds"].get(r.kind, r.kind), f"{r.year0}–{r.year1}",
                     str(r.n_participants), effect, ci,
                     format_p(r.p_adj, lang).removeprefix("= ")])  # fmt: skip
    table = _table(e["prog_caption"], e["prog_cols"], rows,
                   ["left", "left", "left", "right", "right", "right", "right"])  # fmt: skip
    return {"title": e["title_programmes"], "paragraphs": paragraphs, "tables": [table]}


def target_section(targets: pd.DataFrame | None, year: int, instrument: Instrument,
                   lang: str = "id") -> dict:  # fmt: skip
    """Agencies below the target and the values holding the index back, from ``target.csv``."""
    e = EXTRA_TEXT[lang]
    if targets is None or targets.empty:
        return {"title": e["title_targets"], "paragraphs": [], "tables": []}
    low, high = targets["target_low"].iloc[0], targets["target_high"].iloc[0]
    units = targets[(targets["group_by"] == "unit") & (targets["status"] == "below")]
    units = units.sort_values("needed", ascending=False)
    paragraphs = [e["target_intro"].format(year=year, low=_num(low, 0, lang),
                                           high=_num(high, 0, lang), below=len(units))]  # fmt: skip
    values = targets[(targets["group_by"] == "all") & (targets["gap_share"] > 0)]
    values = values.sort_values("gap_share", ascending=False)
    if len(values):
        parts = [e["target_gap_part"].format(name=instrument.value_names.get(r.measure, r.measure),
                                             share=format_percent(100 * r.gap_share, 0, lang))
                 for r in values.itertuples()]  # fmt: skip
        paragraphs.append(e["target_gap"].format(parts=_join(parts, lang)))
    rows = [[r.group_label, _num(r.estimate, 1, lang), _num(r.needed, 1, lang),
             format_probability(r.p_reach, lang)] for r in units.itertuples()]  # fmt: skip
    tables = [_table(e["target_caption"].format(year=year), e["target_cols"], rows,
                     ["left", "right", "right", "right"], ["1fr", "auto", "auto", "auto"],
                     size="small")] if rows else []  # fmt: skip
    return {"title": e["title_targets"], "paragraphs": paragraphs, "tables": tables}


def weighting_paragraphs(weighting: dict | None, estimates: pd.DataFrame, year: int,
                         lang: str = "id") -> list[str]:  # fmt: skip
    """How the weights were made (``weighting.json``) and the design effect, for the methods."""
    e = EXTRA_TEXT[lang]
    if not weighting:
        return [e["shrunk"]]
    row = estimates[(estimates["year"].astype(int) == int(year)) & (estimates["group_by"] == "all")
                    & (estimates["measure"] == "index")]  # fmt: skip
    method = e["methods_names"].get(weighting["method"], weighting["method"])
    method = method.format(it=weighting.get("iterations", 0))
    strata = [e["unit_only"], *[e["strata"].get(s, s) for s in weighting.get("strata", [])]]
    dropped = weighting.get("dropped") or {}
    text = e["weighting"].format(
        method=method, strata=_join(strata, lang),
        deff=_num(row["deff"].iloc[0], 2, lang) if len(row) else DASH,
        n_eff=_num(row["n_eff"].iloc[0], 0, lang) if len(row) else DASH,
        unweighted=_num(row["estimate_unweighted"].iloc[0], 2, lang) if len(row) else DASH,
        weighted=_num(row["estimate"].iloc[0], 2, lang) if len(row) else DASH,
        dropped=e["dropped"].format(items="; ".join(dropped.values())) if dropped else "",
    )  # fmt: skip
    return [text, e["shrunk"]]


# --------------------------------------------------------------------------- data origin
# Where the data come from (real or the shipped demo), and a comparison in which nobody was
# linked across the years (issue 9); its own strings, appended to the methods chapter.
ORIGIN_TEXT = {
    "id": {
        "real": "Data: ekspor survei sebenarnya dari perangkat daerah, dipseudonimkan dengan "
        "kunci rahasia tim; tidak ada data contoh sintetis dalam laporan ini.",
        "synthetic": "Data: data contoh sintetis bawaan (dikenali dari sidik SHA-256-nya), "
        "dipseudonimkan dengan kunci demo publik; angka-angkanya tidak menggambarkan survei "
        "sebenarnya.",
        "unlinked": "Tidak ada responden {y1} yang tertaut ke {y0} melalui pseudonim, sehingga "
        "perbandingan memakai interval untuk sampel independen (bila kedua tahun "
        "dipseudonimkan dengan kunci yang sama, biasanya banyak orang tertaut).",
    },
    "en": {
        "real": "Data: the agencies' real survey exports, pseudonymised with the team's secret "
        "key; no synthetic demo data enter this report.",
        "synthetic": "Data: the shipped synthetic demo data (recognised by their SHA-256), "
        "pseudonymised with the public demo key; the figures describe no real survey.",
        "unlinked": "No respondent of {y1} was linked to {y0} by pseudonym, so the comparison "
        "uses independent-sample intervals (with the same key in both years, many people "
        "usually link).",
    },
}


def origin_paragraphs(synthetic: bool, comparison, y0, year: int, lang: str = "id") -> list[str]:
    """The methods' sentences on the data's origin and on an unlinked comparison."""
    from budaya_kerja.stats.compare import unlinked

    t = ORIGIN_TEXT.get(lang, ORIGIN_TEXT["id"])
    out = [t["synthetic" if synthetic else "real"]]
    if comparison is not None and unlinked(comparison):
        out.append(t["unlinked"].format(y0=y0, y1=year))
    return out
