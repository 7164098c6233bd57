"""Regression tests of the defects the whole-cycle scenarios (``test_whole_cycle.py``) found at the
joins between steps (issue 21):

* the berita acara (its period, its "dibuat" line, its change table and its published versions),
  the calibration view's change log and ``kinerja-survey kalibrasi`` showed UTC moments, some
  unlabelled, while deadlines show WIB;
* the rater app showed "sudah dikirim pada ..." and "Draf tersimpan pukul ..." in the server's own
  zone (UTC on a server) without a label;
* a period made with ``buat-periode --dari-periode`` sent its links to 127.0.0.1 when the previous
  period's address came from ``tetapkan-penilai --url-dasar`` (the period's own address).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from kinerja_survey import cycle as uc
from kinerja_survey.apps.rater import _clock
from kinerja_survey.cli import main
from kinerja_survey.cycle.calibration import berita_acara_data, cycle_ratees
from kinerja_survey.demo import generate_organisation
from kinerja_survey.i18n import fmt_time
from kinerja_survey.present.berita_acara import write_berita_acara
from kinerja_survey.store import Store
from kinerja_survey.store.hr import UTC_OFFSET_ENV

MOMENT = re.compile(r"\d{2}-\d{2}-\d{4} \d{2}[.:]\d{2}")


def _cells(path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    finally:
        wb.close()


@pytest.fixture
def calibrated(demo_db, tmp_path):
    """A copy of the demo cycle: closed, hasil kerja, organisation predikat, one override, published."""
    src, cid, _demo = demo_db
    db = tmp_path / "k.sqlite"
    shutil.copyfile(src, db)
    store = Store(db)
    uc.close_cycle(store, cid, actor="hr")
    nips = cycle_ratees(store, cid)
    uc.import_hasil_kerja(store, cid, pd.DataFrame({"nip": nips, "rating": ["Sesuai"] * len(nips)}), actor="hr")
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    yield store, cid, db, nips
    store.dispose()


def test_the_berita_acara_and_the_kalibrasi_command_show_local_times_with_their_zone(calibrated, tmp_path):
    store, cid, db, nips = calibrated
    out = CliRunner().invoke(main, ["--db", str(db), "--petugas", "hr", "kalibrasi", str(cid), "--nip", nips[0],
                                    "--predikat", "Butuh Perbaikan", "--alasan", "Capaian SKP di bawah target"])
    assert out.exit_code == 0, out.output
    at = store.predikat_overrides(cid)["at"].iloc[0]  # stored in UTC
    wib = f"{pd.Timestamp(at) + pd.Timedelta(hours=7):%d-%m-%Y %H.%M} WIB"
    assert wib in out.output and [m for m in MOMENT.findall(out.output) if f"{m} WIB" not in out.output] == []
    uc.publish(store, cid, actor="hr", force=True, reason="Uji: kurva distribusi demo belum terpenuhi")
    path = write_berita_acara(berita_acara_data(store, cid, actor="hr"), tmp_path / "ba.xlsx")
    cells = _cells(path)
    text = "\n".join(cells)
    assert "UTC" not in text and "Waktu" in cells
    assert f"{wib} s.d. {wib}" in text and sum(c == wib for c in cells) == 1  # the period; the change table
    moments = [m for m in MOMENT.finditer(text)]
    assert len(moments) >= 4 and all("WIB" in text[m.end():m.end() + 40] for m in moments)  # and "dibuat", version 1
    assert re.search(r"versi 1 \(\d{2}-\d{2}-\d{4} \d{2}\.\d{2} WIB, hr\)", text)


def test_the_rater_app_shows_moments_in_the_installation_zone(monkeypatch):
    utc = dt.datetime(2026, 12, 7, 23, 16, 5)
    # the rater app shows moments through i18n.fmt_time, and its save stamp through _clock
    assert fmt_time(utc) == "08-12-2026 06.16 WIB"
    assert _clock(utc) == "06:16:05"  # the page script's stamp
    assert fmt_time(utc.replace(tzinfo=dt.timezone.utc)) == "08-12-2026 06.16 WIB"
    monkeypatch.setenv(UTC_OFFSET_ENV, "8")
    assert fmt_time(utc) == "08-12-2026 07.16 WITA" and _clock(utc) == "07:16:05"
    assert _clock(None) == ""


def test_a_period_made_from_another_keeps_its_own_address(tmp_path, monkeypatch):
    monkeypatch.delenv(uc.RATER_URL_ENV, raising=False)
    store = Store(tmp_path / "k.sqlite")
    try:
        uc.import_roster(store, generate_organisation(30, seed=4), actor="hr")
        cid = uc.create_cycle(store, "Semester I 2026", "2026-01-01", "2026-06-30", actor="hr")
        made = uc.assign(store, cid, actor="hr", seed=1, base_url="https://penilaian.dinas.contoh.go.id/")
        assert made.links["tautan"].str.startswith("https://penilaian.dinas.contoh.go.id/?token=").all()
        nxt = uc.create_next_cycle(store, cid, actor="hr", seed=2)
        assert nxt.assigned.links["tautan"].str.startswith("https://penilaian.dinas.contoh.go.id/?token=").all()
        assert uc.link_base(store, nxt.cycle_id) == uc.link_base(store, cid)
        # an explicit address still wins, and the installation's address serves a period without its own
        third = uc.create_next_cycle(store, nxt.cycle_id, actor="hr", seed=3, base_url="https://lain.contoh.go.id/")
        assert third.assigned.links["tautan"].str.startswith("https://lain.contoh.go.id/?token=").all()
    finally:
        store.dispose()
