"""The outputs of the use cases in the output registry (issue 22): what each writes, its kind, the
``kinerja-survey`` command writing it and the app downloads offering it.

Every output a person reads is registered in ``present.registry`` with its kind (``per_person``,
``per_unit``, ``org_wide``).  This module registers the outputs of the use cases once, for every
front end: the command line and the apps import ``kinerja_survey.cycle``, and with it this table.
An app download is offered under one of these names (``apps/downloads.py::offer(name, ...)``, which
refuses a name not registered); ``tests/test_output_registry.py`` runs every example below on a
scenario cycle twice (hidden answers all 1 / all 5) and checks anonymity, formula-neutral cells,
escaped markup, catalog headers and times with the local zone.

Each row of :data:`OUTPUTS`: name, kind, formats, the command writing it, the glob patterns of the
files that command writes for it, the command's arguments producing it (placeholders of
``present.registry``; files are written in the working folder), and extra fields: ``stage`` (examples of stage 1 and later run on new cycles
made after the first, in order), ``org_wide_parts`` (sheets or files of the output that are
organisation-wide statistics over every answer), ``downloads`` (the apps offering it).
"""

from __future__ import annotations

from ..present.berita_acara import write_berita_acara
from ..present.registry import register
from . import hr
from .core import assign, reissue_links, write_reports, write_tables_to
from .development import current_suggestions, export_training_needs, issue_dialog_links
from .periods import create_next_cycle, export_talent_pool, export_trends
from .stakeholders import add_stakeholders

_RELIABILITY = ("reliabilitas_*",)
OUTPUTS = (
    ("laporan", "per_person", ("pdf", "html"), "laporan", ("*.pdf", "*.html"),
     [("laporan", "{cycle}", "--nip", "{nip}", "--keluaran", "laporan", "--format", "keduanya")], {}),
    ("keadilan", "per_person", "xlsx", "keadilan", ("*.xlsx",),
     [("keadilan", "{cycle}", "--keluaran", "keadilan.xlsx"),
      ("keadilan", "{cycle}", "--keluaran", "keadilan-rapat.xlsx", "--rapat")], {}),
    ("analisis", "per_person", ("csv", "json", "xlsx"), "analisis", ("*.csv", "*.json", "*.xlsx"),
     [("analisis", "{cycle}", "--keluaran", "analisis-csv"),
      ("analisis", "{cycle}", "--keluaran", "analisis-rapat", "--format", "xlsx", "--rapat")],
     {"org_wide_parts": _RELIABILITY}),
    ("kalibrasi", "per_person", "table", "kalibrasi", (), [("kalibrasi", "{cycle}", "--nama"),
                                                          ("kalibrasi", "{cycle}")], {}),
    ("status", "per_unit", "table", "status", (), [("status", "{cycle}"), ("status", "{cycle}", "--per", "pegawai")],
     {}),
    ("berita-acara", "per_person", ("xlsx", "pdf"), "berita-acara", ("*.xlsx", "*.pdf"),
     [("berita-acara", "{cycle}", "--keluaran", "berita-acara.xlsx", "--peserta", "{formula}",
       "--peserta", "{markup}", "--tempat", "{formula}"),
      ("berita-acara", "{cycle}", "--keluaran", "berita-acara.pdf", "--peserta", "{markup}")], {}),
    ("tren", "per_person", "xlsx", "tren", ("*.xlsx",), [("tren", "--keluaran", "tren.xlsx")], {}),
    ("talenta", "per_person", "xlsx", "talenta", ("*.xlsx",),
     [("talenta", "--keluaran", "talenta.xlsx", "--berturut", "1", "--min-unit", "1")], {}),
    ("kebutuhan-pelatihan", "per_person", "xlsx", "kebutuhan-pelatihan", ("*.xlsx",),
     [("kebutuhan-pelatihan", "{cycle}", "--keluaran", "kebutuhan-pelatihan.xlsx")], {}),
    ("tautan-dialog", "per_person", "csv", "tautan-dialog", ("*.csv",),
     [("tautan-dialog", "{cycle}", "--keluaran", "tautan-dialog.csv")], {}),
    ("tautan-pemangku", "per_person", "csv", "tambah-pemangku", ("*.csv",),
     [("tambah-pemangku", "{next}", "{stakeholders}", "--tautan", "tautan-pemangku.csv")],
     {"stage": 4.5}),  # an open cycle
    ("ekspor-anonim", "per_person", "parquet", "ekspor-anonim", ("*.parquet",),
     [("ekspor-anonim", "{cycle}", "--keluaran", "nasional/uji.parquet", "--instansi", "Uji")], {}),
    ("analisis-gabungan", "per_unit", "xlsx", "analisis-gabungan", ("*.xlsx",),
     [("analisis-gabungan", "nasional", "--keluaran", "gabungan.xlsx", "--min-pegawai", "1")],
     {"stage": 0.5}),  # after ekspor-anonim
    ("cadangan", "org_wide", "backup", "cadangkan", ("*",), [("cadangkan", "--keluaran", "cadangan.bak")], {}),
    ("tautan-periode", "per_person", "csv", "buat-periode", ("*.csv",),
     [("buat-periode", "Periode Uji 2", "--mulai", "2027-01-01", "--selesai", "2027-06-30", "--dari-periode",
       "{cycle}", "--tautan", "tautan-periode.csv", "--ya")], {"stage": 1}),
    ("tautan-penilai", "per_person", "csv", "tetapkan-penilai", ("*.csv",),
     [("buat-periode", "Periode Uji 3", "--mulai", "2027-07-01", "--selesai", "2027-12-31", "--ya"),
      ("tetapkan-penilai", "{next}", "--tautan", "tautan-penilai.csv", "--ya")], {"stage": 2}),
    ("ekspor-tautan", "per_person", "csv", "ekspor-tautan", ("*.csv",),
     [("ekspor-tautan", "{next}", "{nip}", "--keluaran", "ekspor-tautan.csv", "--ya")], {"stage": 3}),
    ("daftar-penilai", "per_person", ("csv", "table"), "daftar-penilai", ("*.csv",),
     [("daftar-penilai", "{next}", "--keluaran", "daftar-penilai.csv")], {"stage": 3}),
    ("pengingat", "per_person", ("csv", "table"), "ingatkan", ("*.csv",),
     [("buka", "{next}", "--ya"), ("ingatkan", "{next}", "--saluran", "whatsapp", "--pratinjau",
                                   "--keluaran", "pengingat.csv")], {"stage": 4}),
    ("tautan-demo", "per_person", "csv", "demo", ("*.csv",),
     [("--db", "demo.sqlite", "demo", "--pegawai", "12", "--tautan", "tautan-demo.csv", "--akun", "akun-demo.txt")],
     {"stage": 5}),
    # the demo's accounts and their passwords (mode 600): no data about any person's ratings
    ("akun-demo", "org_wide", "txt", "demo", ("*.txt",), [], {}),
)

#: the function writing each output (the command's own code where there is no one function)
WRITERS = {
    "laporan": write_reports, "keadilan": write_tables_to, "analisis": write_tables_to,
    "berita-acara": write_berita_acara, "tren": export_trends, "talenta": export_talent_pool,
    "kebutuhan-pelatihan": export_training_needs, "tautan-dialog": issue_dialog_links,
    "tautan-pemangku": add_stakeholders, "tautan-periode": create_next_cycle, "tautan-penilai": assign,
    "ekspor-tautan": reissue_links, "daftar-penilai": hr.review_table, "pengingat": hr.whatsapp_messages,
}

def _pending_sample(store, cycle_id: int, nip: str):
    """The admin app's CSV of raters who have not finished (``belum-selesai-periode-N.csv``)."""
    return hr.pending_table(store, cycle_id)


def _reissue_sample(store, cycle_id: int, nip: str):
    """The admin app's CSV of one reissued link (``tautan-baru-NIP.csv``)."""
    return hr.reissue_link(store, cycle_id, nip, actor="uji", confirm=True)


#: outputs offered only by an app (no command writes them): name, kind, formats, writer, apps, and
#: ``sample(store, cycle_id, nip)``: the table the app writes as CSV (``write_csv``), for the checks
APP_OUTPUTS = (
    ("belum-selesai", "per_person", "csv", hr.pending_table, ("admin",), _pending_sample),
    ("tautan-baru", "per_person", "csv", hr.reissue_link, ("admin",), _reissue_sample),
    ("saran-pengembangan", "org_wide", "yaml", current_suggestions, ("admin",), None),  # no data about people
)

#: the apps offering a command's output as a download too
DOWNLOADS = {
    "laporan": ("employee",), "tautan-penilai": ("admin",), "pengingat": ("admin",), "tren": ("admin",),
    "talenta": ("admin",), "kebutuhan-pelatihan": ("admin",), "tautan-periode": ("admin",),
    "tautan-pemangku": ("admin",), "tautan-dialog": ("admin",), "berita-acara": ("calibration",),
}


def register_outputs() -> None:
    """Register :data:`OUTPUTS` and :data:`APP_OUTPUTS` (idempotent)."""
    for name, kind, fmt, command, files, examples, extra in OUTPUTS:
        register(name, kind, fmt, WRITERS.get(name), command=command, files=files,
                 example=tuple(map(tuple, examples)), downloads=DOWNLOADS.get(name, ()), **extra)
    for name, kind, fmt, writer, apps, sample in APP_OUTPUTS:
        register(name, kind, fmt, writer, downloads=apps, **({"sample": sample} if sample else {}))


register_outputs()
