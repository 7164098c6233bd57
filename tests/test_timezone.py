"""One time zone per installation, in every output (issue 21).

Times are stored in UTC and shown in the installation's zone with its label, through one function,
``i18n.fmt_time``; the zone is ``$KINERJA_SURVEY_UTC_OFFSET`` (7 = WIB by default, 8 = WITA, 9 = WIT).

The whole cycle of ``tests/test_no_english.py`` (two periods of a 57-person agency on the command
line: outbox, calibration, berita acara, publication, keberatan, every workbook and CSV) runs here
with ``KINERJA_SURVEY_UTC_OFFSET=8``; then the CLI's audit/export log, status, a report, the
personal-data workbook and the berita acara as PDF are produced as well.  Every time in every
output must read as local WITA with its label: never ISO text, never microseconds, never a time
without its zone, never WIB.
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from test_no_english import agency  # noqa: F401 - the whole cycle on the command line (module fixture)

from kinerja_survey.cli import main
from kinerja_survey.i18n import UTC_OFFSET_ENV, fmt_time, local_time, zone_name
from kinerja_survey.store import Store

ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")  # a moment written as ISO text (raw UTC)
MICRO = re.compile(r"\d{2}:\d{2}:\d{2}\.\d")  # microseconds
#: a date with a time of day that is not followed by the zone's label
UNLABELLED = re.compile(r"\d{2}-\d{2}-\d{4},?(?: pukul| at)? \d{2}[.:]\d{2}(?:[.:]\d{2})?(?! WITA)")
OTHER_ZONE = re.compile(r"\b(WIB|WIT|UTC)\b")


@pytest.fixture(scope="module", autouse=True)
def _wita():
    """The installation is in WITA (UTC+8) for the whole module, before the cycle runs."""
    mp = pytest.MonkeyPatch()
    mp.setenv(UTC_OFFSET_ENV, "8")
    mp.setenv("KINERJA_SURVEY_LANG", "id")
    yield
    mp.undo()


# --- the formatter ---------------------------------------------------------------------------------

@pytest.mark.parametrize("hours, shown, zone", [(7, "01-01-2027 06.30", "WIB"), (8, "01-01-2027 07.30", "WITA"),
                                               (9, "01-01-2027 08.30", "WIT")])
def test_the_formatter_crosses_the_date_line(monkeypatch, hours, shown, zone):
    monkeypatch.setenv(UTC_OFFSET_ENV, str(hours))
    late = dt.datetime(2026, 12, 31, 23, 30, 45, 123456)  # 23:30 UTC on new year's eve
    assert fmt_time(late) == f"{shown} {zone}" and zone_name() == zone
    assert fmt_time(late, "en") == f"{shown.replace('.', ':')} {zone}"
    assert local_time(late).date() == dt.date(2027, 1, 1)
    # the same moment however it is stored or read back: pandas, ISO text with Z, an aware datetime
    for same in (pd.Timestamp(late), "2026-12-31T23:30:45.123456789Z", "2026-12-31 23:30:45",
                 late.replace(tzinfo=dt.timezone.utc),
                 late.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))) - dt.timedelta(hours=-7)):
        assert fmt_time(same) == f"{shown} {zone}", same
    for missing in (None, pd.NaT, float("nan"), ""):
        assert fmt_time(missing) == "–"


def test_the_default_zone_is_wib_and_a_bad_value_falls_back_to_it(monkeypatch):
    monkeypatch.delenv(UTC_OFFSET_ENV, raising=False)
    assert fmt_time(dt.datetime(2026, 12, 7, 16, 30)) == "07-12-2026 23.30 WIB"
    monkeypatch.setenv(UTC_OFFSET_ENV, "delapan")
    assert zone_name() == "WIB"


def test_keberatan_windows_count_from_the_local_day(monkeypatch):
    """A publication at 23:30 UTC on Monday 7 December is Tuesday 8 December in WITA: the first
    working day after it is Wednesday 9 (counted from the local day, not the UTC one)."""
    from kinerja_survey.store.calibration import add_working_days

    monkeypatch.setenv(UTC_OFFSET_ENV, "8")
    assert add_working_days(dt.datetime(2026, 12, 7, 23, 30), 1) == dt.date(2026, 12, 9)
    assert add_working_days(dt.datetime(2026, 12, 7, 15, 0), 1) == dt.date(2026, 12, 8)  # 23.00 WITA, Monday
    assert add_working_days(dt.date(2026, 12, 7), 1) == dt.date(2026, 12, 8)  # a day is a day


def test_tables_show_stored_moments_in_the_zone_cli_workbooks_and_app_screens():
    """The one value mapping of the CLI and the workbooks (``present.labels.displayed``) and the
    apps' tables (``apps.html.html_table``) show a time column through ``fmt_time``; a date is a date."""
    from kinerja_survey.apps.html import html_table
    from kinerja_survey.present.labels import displayed

    frame = pd.DataFrame({"created_at": pd.to_datetime(["2026-12-31 23:30:45.5", None]),
                          "waktu": [dt.datetime(2026, 12, 31, 23, 30, 45, 5), "2026-12-31T23:30:45"],
                          "due_on": [dt.date(2026, 12, 31), dt.date(2027, 1, 2)]})
    shown = displayed(frame, "id", missing="—")
    assert shown["created_at"].tolist() == ["01-01-2027 07.30 WITA", "—"]
    assert shown["waktu"].tolist() == ["01-01-2027 07.30 WITA"] * 2
    assert shown["due_on"].tolist() == [dt.date(2026, 12, 31), dt.date(2027, 1, 2)]
    page = html_table(frame, "en")
    assert page.count("01-01-2027 07:30 WITA") == 3 and "23:30" not in page and ".5" not in page


def test_the_rater_app_shows_its_times_in_the_zone(tmp_path):
    """Draft resumed, submitted (locked) and the save line of the rater app, on a store whose clock
    is 23:30 UTC: the next day in WITA, with the label (the server's own zone plays no part)."""
    from kinerja_survey.apps.rater import RaterApp
    from kinerja_survey.demo import build_demo

    store = Store(tmp_path / "k.sqlite", clock=lambda: dt.datetime(2026, 12, 7, 23, 30))
    try:
        demo = build_demo(store, n_employees=20, seed=3, submit_rate=0.5, draft_rate=0.3)
        token = {s: demo.links.loc[demo.links["status"] == s, "token"].iloc[0] for s in ("draft", "submitted")}
        app = RaterApp(store, token["draft"])
        form = app.open_form(next(int(t_["assignment_id"]) for t_ in app.tasks if t_["status"] == "draft"))
        assert "08-12-2026 07.30 WITA" in form.status.value  # "Melanjutkan draf ..., terakhir pada ..."
        next(iter(form.items.values())).value = 3  # an autosave: the save line's clock, with the zone
        assert "07:30:00 WITA" in form.status.value and "data-saved-at='07:30:00'" in form.status.value
        app = RaterApp(store, token["submitted"])
        form = app.open_form(int(app.tasks[0]["assignment_id"]))
        assert form.locked and "08-12-2026 07.30 WITA" in form.status.value
        assert not ISO.search(form.status.value) and "23:30" not in form.status.value
    finally:
        store.dispose()


# --- every output of a whole cycle --------------------------------------------------------------------

def _problems(where: str, text: str) -> list[str]:
    out = []
    for name, pattern in (("ISO", ISO), ("microseconds", MICRO), ("no zone", UNLABELLED), ("zone", OTHER_ZONE)):
        out += [f"{where}: {name}: {m.group(0)!r}" for m in pattern.finditer(text)]
    return out


def _cells(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                yield ws.title, row
    finally:
        wb.close()


@pytest.fixture(scope="module")
def outputs(agency):  # noqa: F811 - the imported module fixture
    """The agency's folder, the CLI's output per command (more commands run here) and the database."""
    d, printed = agency
    db = d / "k.sqlite"

    def run(*args):
        out = CliRunner().invoke(main, ["--db", str(db), "--petugas", "Rina HR", *args], catch_exceptions=False)
        assert out.exit_code == 0, (args, out.output)
        printed[args[0]] = printed.get(args[0], "") + out.output
        return out.output

    store = Store(db)
    target = store.predikat_overrides(1)["nip"].iloc[0]
    store.dispose()
    run("log-ekspor")
    run("status", "1")
    run("kalibrasi", "1", "--nama")
    run("laporan", "1", "--nip", target, "--keluaran", str(d / "laporan"), "--format", "html")
    run("data-pribadi", target, "--keluaran", str(d / "data-pribadi.xlsx"))
    run("berita-acara", "1", "--keluaran", str(d / "berita-acara.pdf"))
    run("cadangkan", "--keluaran", str(d / "cadangan.zip"))
    run("status")
    return d, printed, db


def test_every_time_the_cli_prints_is_local_wita_with_its_label(outputs):
    _, printed, db = outputs
    problems = [p for cmd, text in printed.items() for p in _problems(f"CLI {cmd}", text)]
    context = {p: printed[p.split(":")[0][4:]] for p in problems}
    assert problems == [], context
    store = Store(db)
    try:
        override = store.predikat_overrides(1, history=True)["at"].iloc[0]
        box = store.outbox_frame(1)
        exports = store.audit_frame()
    finally:
        store.dispose()
    # the calibration change log: the override's moment, 8 hours after the stored UTC
    assert fmt_time(override) in printed["kalibrasi"] and fmt_time(override).endswith(" WITA")
    assert f"{pd.Timestamp(override) + pd.Timedelta(hours=8):%d-%m-%Y %H.%M} WITA" in printed["kalibrasi"]
    # the outbox (prepared WhatsApp messages), the export log, the newest backup on status
    assert fmt_time(box["created_at"].iloc[0]) in printed["kotak-keluar"]
    assert "WITA" in printed["log-ekspor"] and "WITA" in printed["status"]
    assert len(exports) > 0


def test_every_workbook_csv_report_and_berita_acara_shows_local_wita(outputs):
    d, _, db = outputs
    problems, times = [], 0
    for path in sorted(d.rglob("*.xlsx")):
        for sheet, row in _cells(path):
            for v in row:
                where = f"{path.relative_to(d)}:{sheet}"
                if isinstance(v, dt.datetime) and v.time() != dt.time():
                    problems.append(f"{where}: a moment as a bare datetime cell: {v}")
                elif isinstance(v, str):
                    problems += _problems(where, v)
                    times += v.endswith(" WITA")
    for path in sorted(d.rglob("*.csv")) + sorted(d.rglob("*.html")) + sorted(d.rglob("*.json")):
        problems += _problems(str(path.relative_to(d)), path.read_text(encoding="utf-8", errors="replace"))
    from pypdf import PdfReader

    ba = " ".join(page.extract_text() for page in PdfReader(d / "berita-acara.pdf").pages)
    problems += _problems("berita-acara.pdf", ba)
    assert problems == []
    assert times > 0  # times are shown, as local WITA
    store = Store(db)
    try:
        override = store.predikat_overrides(1, history=True)["at"].iloc[0]
    finally:
        store.dispose()
    assert fmt_time(override) in re.sub(r"\s+", " ", ba)
    ba_xlsx = [v for _, row in _cells(d / "berita-acara.xlsx") for v in row if isinstance(v, str)]
    assert any(fmt_time(override) in v for v in ba_xlsx)
