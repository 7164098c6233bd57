"""Indonesian column headers and the data dictionary (*kamus data*) of every output table.

The analysis tables keep short machine names (``combined``, ``mean_peer``, ``n_subordinate``):
CSV/JSON exports and scripts use them.  Everything a person reads -- workbook headers, the
dashboard -- shows :func:`column_label` instead, and every workbook carries a ``kamus_data``
sheet (:func:`data_dictionary`) giving, per sheet and column, the header, the machine name and
what the column means.

Column handling is generic: a known name or pattern gets its Indonesian header and meaning; an
unknown column (e.g. one added by a later feature) keeps its name, with the meaning "(belum
ada keterangan)", so no column is ever lost or mislabelled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

GROUPS = {"self": "diri sendiri", "supervisor": "atasan", "peer": "rekan kerja", "subordinate": "bawahan",
          "others": "penilai lain"}

#: column -> (header, meaning)
COLUMNS: dict[str, tuple[str, str]] = {
    "ratee": ("pegawai (NIP/kode)", "NIP pegawai yang dinilai; dalam mode rapat kode samaran"),
    "nip": ("NIP/kode", "NIP pegawai; dalam mode rapat kode samaran"),
    "kode": ("kode pegawai", "kode samaran pegawai (mode rapat)"),
    "rater": ("penilai (NIP/kode)", "NIP penilai"),
    "nama": ("nama", "nama pegawai"),
    "jabatan": ("jabatan", "jabatan pegawai"),
    "unit_kerja": ("unit kerja", "unit kerja; dalam mode rapat digabung ke unit induk sampai setiap nilai "
                   "mewakili cukup banyak pegawai"),
    "unit": ("unit", "unit kerja (dipotong pada tingkat tertentu)"),
    "combined": ("skor gabungan", "rata-rata berbobot skor kelompok penilai yang ditampilkan (skala 1-5)"),
    "competency": ("kompetensi", "kode nilai BerAKHLAK; 'overall' = semua butir"),
    "item": ("butir", "kode butir perilaku"),
    "groups_used": ("kelompok dihitung", "kelompok penilai yang masuk skor gabungan"),
    "groups_suppressed": ("kelompok disembunyikan", "kelompok di bawah ambang anonimitas (tidak ikut dihitung)"),
    "note": ("catatan", "penjelasan tentang kelompok yang disembunyikan dan bobot"),
    "rating_perilaku": ("rating perilaku kerja", "usulan rating perilaku dari skor gabungan"),
    "rating_hasil_kerja": ("rating hasil kerja", "rating hasil kerja dari atasan (SKP)"),
    "predikat": ("predikat kinerja", "predikat yang ditetapkan (PermenPANRB 6/2022)"),
    "predikat_usulan": ("predikat usulan", "predikat hasil perhitungan sebelum penetapan"),
    "predikat_ditetapkan": ("predikat ditetapkan", "predikat yang ditetapkan"),
    "predikat_alasan": ("alasan perubahan predikat", "alasan bila predikat ditetapkan berbeda dari usulan"),
    "invited": ("diundang", "jumlah formulir yang dikirim"),
    "submitted": ("terkirim", "jumlah formulir yang sudah dikirim penilai"),
    "rate": ("tingkat respons", "terkirim dibagi diundang"),
    "n_raters": ("jumlah penilai", "penilai yang memberi jawaban"),
    "n_answers": ("jumlah jawaban", "butir yang dijawab"),
    "n_items": ("jumlah butir", "butir yang dihitung"),
    "n_ratees": ("jumlah pegawai dinilai", "pegawai yang dinilai"),
    "n": ("jumlah", "jumlah pegawai atau data"),
    "mean": ("rata-rata", "rata-rata"),
    "sd": ("simpangan baku", "simpangan baku"),
    "mean_rating": ("rata-rata nilai", "rata-rata nilai yang diberikan"),
    "raw_mean": ("rata-rata mentah", "rata-rata nilai penilai lain sebelum penyesuaian kelonggaran penilai"),
    "fair_score": ("skor adil", "skor setelah disesuaikan dengan kelonggaran/kekerasan penilai"),
    "adjustment": ("penyesuaian", "skor adil dikurangi rata-rata mentah"),
    "se": ("galat baku", "galat baku perkiraan"),
    "component": ("komponen", "komponen jaringan penilai-pegawai"),
    "severity": ("kekerasan penilai", "negatif = longgar, positif = keras"),
    "z": ("z", "nilai z"),
    "flag": ("ditandai", "perlu diperiksa"),
    "fit_msq": ("kecocokan (MSQ)", "kecocokan pola jawaban dengan model"),
    "easiness": ("kemudahan butir", "seberapa mudah butir mendapat nilai tinggi"),
    "self": ("diri sendiri", "rata-rata penilaian diri"),
    "others": ("penilai lain", "rata-rata penilai lain yang ditampilkan"),
    "d": ("selisih", "diri sendiri dikurangi penilai lain"),
    "gap": ("selisih", "diri sendiri dikurangi penilai lain"),
    "category": ("kategori (en)", "kategori kesesuaian diri-lain (istilah asli)"),
    "kategori": ("kategori", "kategori kesesuaian penilaian diri dan penilai lain"),
    "status": ("status", "keterangan tampil/disembunyikan"),
    "groups": ("kelompok", "kelompok penilai"),
    "type": ("jenis", "jenis temuan"),
    "label": ("keterangan", "keterangan temuan"),
    "suppressed": ("disembunyikan", "kelompok terlalu kecil untuk ditampilkan"),
    "factor": ("faktor", "ciri pegawai yang dibandingkan"),
    "group": ("kelompok", "kelompok"),
    "measure": ("ukuran", "nama ukuran"),
    "value": ("nilai", "nilai ukuran"),
    "reading": ("arti", "cara membaca nilai ini"),
    "rwg_j": ("kesepakatan rwg(J)", "kesepakatan penilai untuk satu pegawai (>= 0,70 = sepakat)"),
    "alpha": ("alfa", "koefisien reliabilitas alfa"),
    "ICC1": ("ICC(1)", "reliabilitas satu penilai"),
    "ICC1k": ("ICC(1,k)", "reliabilitas rata-rata penilai"),
    "raters_needed": ("penilai dibutuhkan", "jumlah penilai agar reliabilitas mencapai 0,70"),
    "keterangan": ("keterangan", "keterangan"),
}

_PATTERNS = [
    (re.compile(r"^combined_(.+)$"), lambda m: (f"skor gabungan {m[1]}", f"skor gabungan kompetensi {m[1]}")),
    (re.compile(r"^mean_(self|supervisor|peer|subordinate|others)$"),
     lambda m: (f"rata-rata {GROUPS[m[1]]}", f"rata-rata nilai dari {GROUPS[m[1]]} (kosong bila disembunyikan)")),
    (re.compile(r"^n_(self|supervisor|peer|subordinate|others)$"),
     lambda m: (f"jumlah {GROUPS[m[1]]}", f"jumlah penilai {GROUPS[m[1]]} yang menjawab")),
    (re.compile(r"^(self|supervisor|peer|subordinate)_(invited|submitted)$"),
     lambda m: (f"{GROUPS[m[1]]} {'diundang' if m[2] == 'invited' else 'terkirim'}",
                f"formulir {GROUPS[m[1]]} yang {'dikirim' if m[2] == 'invited' else 'sudah diisi'}")),
]

UNKNOWN = "(belum ada keterangan)"


def column_info(name) -> tuple[str, str]:
    """``(header, meaning)`` of a column; an unknown column keeps its name."""
    key = str(name)
    if key in COLUMNS:
        return COLUMNS[key]
    for pattern, make in _PATTERNS:
        m = pattern.match(key)
        if m:
            return make(m)
    return key, UNKNOWN


def column_label(name) -> str:
    """The Indonesian header of a column (its own name when unknown).

    >>> column_label("mean_peer"), column_label("predikat_usulan"), column_label("kolom_baru")
    ('rata-rata rekan kerja', 'predikat usulan', 'kolom_baru')
    """
    return column_info(name)[0]


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with Indonesian headers; a header used twice gets its machine name appended."""
    labels = [column_label(c) for c in df.columns]
    seen: dict[str, int] = {}
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
    out = [f"{lab} ({c})" if seen[lab] > 1 else lab for lab, c in zip(labels, df.columns)]
    return df.set_axis(out, axis=1)


def data_dictionary(sheets: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per sheet and column: ``lembar, kolom, nama_asli, arti`` (the *kamus data*)."""
    rows = []
    for name, df in sheets.items():
        shown = labelled(df).columns
        for col, header in zip(df.columns, shown):
            rows.append({"lembar": name, "kolom": header, "nama_asli": str(col), "arti": column_info(col)[1]})
    return pd.DataFrame(rows, columns=["lembar", "kolom", "nama_asli", "arti"])


# --- text shown to people -----------------------------------------------------------------------

#: Bidirectional-override/isolate/mark characters (they can reorder what a reader sees, e.g. make
#: "gnp.exe" look like "exe.png") and zero-width characters (they hide text or split words):
#: removed from every displayed text.  Unicode TR#9 and UTS#39 list them as display-spoofing risks.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u180e\u00ad]")


def display_text(value) -> str:
    """``value`` as text with bidi controls and zero-width characters removed.

    >>> display_text("Budi\u202eSantoso\u200b")
    'BudiSantoso'
    """
    if value is None:
        return ""
    return INVISIBLE.sub("", str(value))


def slugify(text: str, max_len: int = 60) -> str:
    """A safe file-name part: ASCII letters, digits and single dashes, lower case.

    >>> slugify("Dra. Siti Nur'aini, M.Si."), slugify("../../etc"), slugify("Ñoño  Ü")
    ('dra-siti-nur-aini-m-si', 'etc', 'nono-u')
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", display_text(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-")
