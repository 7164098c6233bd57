"""Every file the apps hand out is recorded in the export log (issue 27, UU 27/2022).

``apps.downloads.offer`` is the one way a file leaves an app: it records who (the acting person or
account), what (the output name), when and how many people, then returns the link.  Here every app
is built on a demo agency taken from an open cycle to a published one, each download widget is
clicked, and each click must leave exactly one new row in the export log with the right who, what
and count -- every name of ``APP_OUTPUTS`` exercised.  A second test reads the apps' source: no
download link or ``data:`` address (other than an image) is made anywhere but ``apps/downloads.py``.
"""

from __future__ import annotations

import ast
import base64
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from kinerja_survey import cycle as uc
from kinerja_survey.apps import downloads
from kinerja_survey.apps.admin import AdminApp
from kinerja_survey.demo import build_demo
from kinerja_survey.store import Store

ACTOR = "Petugas Uji"
RATER_URL = "https://penilaian.example.go.id/"
APPS = Path(downloads.__file__).resolve().parent


@pytest.fixture(autouse=True)
def _acting_person(monkeypatch):
    monkeypatch.setenv("KINERJA_SURVEY_ACTOR", ACTOR)


def _file(html_text: str) -> bytes:
    m = re.search(r"href='data:[^;]+(?:;charset=utf-8)?;base64,([A-Za-z0-9+/=]+)'", html_text)
    assert m, html_text[:300]
    return base64.b64decode(m.group(1))


def _csv_people(html_text: str) -> int:
    return int(pd.read_csv(io.BytesIO(_file(html_text)), dtype=str, encoding="utf-8-sig")["nip"].nunique())


class Log:
    """The export log before and after one click."""

    def __init__(self, store):
        self.store, self.seen = store, set()

    def new_rows(self, action) -> tuple[object, pd.DataFrame]:
        before = len(uc.export_log_frame(self.store))
        started = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        result = action()
        rows = uc.export_log_frame(self.store).iloc[before:]
        assert ((rows["at"] >= started - dt.timedelta(seconds=1))
                & (rows["at"] <= dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))).all()
        return result, rows

    def one(self, what: str, action, *, people=None, actor: str = ACTOR, target: str | None = None):
        """``action()`` must add exactly one row: ``what`` by ``actor`` about ``people`` people."""
        result, rows = self.new_rows(action)
        assert rows["what"].tolist() == [what], (what, rows)
        row = rows.iloc[0]
        assert row["actor"] == actor, row
        if people is not None:
            expected = people() if callable(people) else people
            assert int(row["people"]) == expected, (what, row["people"], expected)
        if target is not None:
            assert row["target"] == target
        self.seen.add(what)
        return result


def test_every_app_download_is_recorded_with_who_what_and_how_many(tmp_path):
    from test_admin_app import upload_value

    from kinerja_survey.apps.calibration import CalibrationApp
    from kinerja_survey.apps.employee import EmployeeApp
    from kinerja_survey.cycle.calibration import cycle_ratees

    store = Store(tmp_path / "k.sqlite")
    demo = build_demo(store, n_employees=30, seed=4)
    cid = demo.cycle_id
    log = Log(store)
    roster = len(store.employees_frame(active_only=False))
    app = AdminApp(store, rater_url=RATER_URL)
    assert uc.export_log_frame(store).empty  # drawing the tabs hands out no file
    app.cycle_select.value = cid

    # -- an open period: the reminders tab ---------------------------------------------------------
    assert app.pending_download.value == ""
    log.one("belum-selesai", app.pending_download_button.click,
            people=lambda: _csv_people(app.pending_download.value), target=f"belum-selesai-periode-{cid}.csv")
    pending = store.pending_raters(cid)["nip"].tolist()
    for i, nip in enumerate(pending[:3]):  # phone numbers through the correction use case
        uc.privacy.apply_correction(store, nip, {"phone": f"0812-3456-70{i:02d}"}, reason="nomor dari pegawai",
                                    actor=ACTOR)
    log.one("pengingat", app.remind_wa_button.click, people=lambda: _csv_people(app.remind_table.value))
    assert app.remind_table.value.count("https://wa.me/") == 3  # the three with a number (the CSV lists all due)
    app.reissue_nip.value = pending[0]
    app.reissue_button.click()
    log.one("tautan-baru", app.reissue_confirm_button.click, people=1, target=f"tautan-baru-{pending[0]}.csv")
    # assignments of a new draft period: the links CSV
    draft = uc.create_cycle(store, "Periode uji unduhan", dt.date(2027, 1, 1), dt.date(2027, 6, 30), actor=ACTOR)
    app.refresh_cycles(select=draft)
    log.one("tautan-penilai", app.generate_button.click, people=lambda: _csv_people(app.links_download.value),
            target=f"tautan-periode-{draft}.csv")
    assert _csv_people(app.links_download.value) > 10

    # -- closed, calibrated, published -------------------------------------------------------------
    uc.close_cycle(store, cid, actor="hr")
    uc.import_hasil_kerja(store, cid, pd.DataFrame({"NIP": cycle_ratees(store, cid), "Rating Hasil Kerja": "Sesuai"}),
                          actor="hr")
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    cal = CalibrationApp(store, cid, actor="Ketua Tim", meeting_mode=False)
    cal.participants.value = "Kepala Badan, Sekretaris"
    ratees = len(cal.state.results.people)
    _, rows = log.new_rows(cal.minutes_button.click)  # the minutes: a PDF and a workbook
    assert rows["what"].tolist() == ["berita-acara"] * 2 and set(rows["actor"]) == {"Ketua Tim"}
    assert rows["people"].tolist() == [ratees] * 2 and ratees > 0
    assert rows["target"].tolist() == [f"berita-acara-kalibrasi-periode-{cid}.{e}" for e in ("pdf", "xlsx")]
    log.seen.add("berita-acara")
    uc.publish(store, cid, actor="hr", force=True, reason="Uji: kurva distribusi agensi contoh belum terpenuhi")

    # -- the periods tab -----------------------------------------------------------------------------
    tab = app.periods
    app.refresh_cycles(select=cid)
    log.one("tautan-dialog", tab.dlg_button.click, people=lambda: len(store.dialogs_frame(cid)))
    tab.dl_runs.value = 1
    log.one("tren", tab.dl_trends.click, people=roster, target="tren.xlsx")
    log.one("talenta", tab.dl_talent.click, people=roster, target="talenta.xlsx")
    a = store.assignments_frame(cid)
    in_cycle = len(set(a["rater"]) | set(a["ratee"]))
    log.one("kebutuhan-pelatihan", tab.dl_training.click, people=in_cycle, target="kebutuhan-pelatihan.xlsx")
    log.one("saran-pengembangan", tab.lib_download_button.click, people=0, target="saran-pengembangan.yaml")
    assert b"BER" in _file(tab.lib_download.value) or len(_file(tab.lib_download.value)) > 0
    tab.next_seed.value = 7
    new_id = log.one("tautan-periode", lambda: tab.make_next(), people=lambda: _csv_people(tab.next_message.value))
    assert new_id is not None
    app.refresh_cycles(select=new_id)
    ratee = store.assignments_frame(new_id)["ratee"].iloc[0]
    tab.sh_upload.value = upload_value("pk.csv", f"nip,nama,kontak\n{ratee},Pak Warga,warga@contoh.example.id\n".encode())
    log.one("tautan-pemangku", tab.sh_button.click, people=lambda: _csv_people(tab.sh_message.value),
            target=f"tautan-pemangku-{new_id}.csv")

    # -- personal data: the access export -------------------------------------------------------------
    person = store.employees_frame()["nip"].iloc[5]
    app.privacy.search.value = f"{person[:8]}.{person[8:14]}.{person[14]}.{person[15:]}"
    app.privacy.find_button.click()
    log.one("data-pribadi", app.privacy.access_button.click, people=1, target=f"data-pribadi-{person}.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_file(app.privacy.access_message.value)))
    assert "profil" in book.sheetnames and "penilaian_diterima" in book.sheetnames

    # -- the employee's own report ----------------------------------------------------------------------
    nip = next(n for n in uc.load_results(store, cid).scores.index  # one with a report and the link first issued
               if n in set(demo.links["nip"]) and n != pending[0])
    token = demo.links.set_index("nip")["token"][nip]
    emp_id = int(store.employees_frame().set_index("nip").at[nip, "employee_id"])
    emp = log.one("laporan", lambda: EmployeeApp(store, token), people=1,
                  actor=f"pegawai #{emp_id} (tautan pribadi)")
    assert emp.view == "results"

    assert log.seen == set(downloads.APP_OUTPUTS)  # every output of the apps was clicked here
    store.dispose()


def test_offer_refuses_an_unknown_output_and_gives_no_file_without_a_person(tmp_path):
    store = Store(tmp_path / "k.sqlite")
    try:
        frame = pd.DataFrame({"nip": ["199001012022211005"], "nama": ["=HYPERLINK(1)"]})
        with pytest.raises(ValueError, match="hasil-rahasia"):  # RegistryError is a ValueError
            downloads.offer("hasil-rahasia", frame, "x.csv", store=store, cycle_id=None, actor=ACTOR)
        page = downloads.offer("belum-selesai", frame, "x.csv", store=store, cycle_id=None, actor="  ", label="Daftar")
        assert "ks-download-blocked" in page and "data:" not in page and "Daftar" in page
        assert uc.export_log_frame(store).empty
        page = downloads.offer("belum-selesai", lambda: frame, "x.csv", store=store, cycle_id=None, actor=ACTOR)
        raw = _file(page)
        assert raw.startswith(b"\xef\xbb\xbf") and b"'=HYPERLINK(1)" in raw  # BOM, formula neutralised
        row = uc.export_log_frame(store).iloc[-1]
        assert (row["what"], row["actor"], row["people"], row["target"]) == ("belum-selesai", ACTOR, 1, "x.csv")
        assert "data-output='belum-selesai'" in page and "download='x.csv'" in page
    finally:
        store.dispose()


# --- the source: nothing bypasses ``offer`` -----------------------------------------------------------

#: a data: address with a type (or one filled in by an f-string), an image's excepted; not the CSP's
#: ``data:`` source nor a docstring's ``:data:`` role
DATA_URL = re.compile(r"data:(?!image/)(?:[a-z]+/[\w.+-]+|\{)")
#: names whose call makes a download link without recording it: only downloads.py may call them
LINK_MAKERS = {"anchor", "csv_anchor", "csv_download_html", "download_html"}


def _sources():
    for path in sorted(APPS.glob("*.py")):
        if path.name != "downloads.py":
            yield path, path.read_text(encoding="utf-8")


def test_no_app_makes_a_download_link_or_data_address_but_offer():
    bad = []
    for path, text in _sources():
        for m in DATA_URL.finditer(text):
            bad.append(f"{path.name}: {text[max(0, m.start() - 40):m.end() + 20]!r}")
        for m in re.finditer(r"\bdownload\s*=", text):
            bad.append(f"{path.name}: {text[max(0, m.start() - 40):m.end() + 20]!r}")
        if re.search(r"b64encode\(", text) and "data:image/" not in text:
            bad.append(f"{path.name}: base64 without an image")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in LINK_MAKERS:
                    bad.append(f"{path.name}:{node.lineno}: {name}()")
                if (name in ("offer", "_offer") and node.args and isinstance(node.args[0], ast.Constant)
                        and node.args[0].value not in downloads.APP_OUTPUTS):
                    bad.append(f"{path.name}:{node.lineno}: output {node.args[0].value!r} not in APP_OUTPUTS")
    assert bad == []


def test_the_source_scan_finds_a_bypass():
    """The scan above can fail: a link written by hand, a data: address, a helper called directly."""
    planted = ("page = f\"<a download='x.csv' href='data:text/csv;base64,{b}'>x</a>\"\n"
               "other = csv_download_html(frame, 'a.csv', 'A')\n")
    hits = [m.group(0) for m in DATA_URL.finditer(planted)] + re.findall(r"\bdownload\s*=", planted)
    calls = [getattr(n.func, "id", None) for n in ast.walk(ast.parse(planted)) if isinstance(n, ast.Call)]
    assert len(hits) == 2 and LINK_MAKERS & set(calls) == {"csv_download_html"}
    # and the dashboard's charts (images) are not downloads
    assert not DATA_URL.search('<img src="data:image/png;base64,AAAA">')
    assert DATA_URL.search("href='data:{mime};base64,'") and not DATA_URL.search("img-src 'self' data: blob:")


def test_every_app_output_is_a_registered_output_offered_by_an_app():
    """``APP_OUTPUTS`` are the registered outputs with ``downloads`` (the registry's checks run on
    each: tests/test_output_registry.py); ``offer`` refuses a name not registered, and a registered
    output no app offers."""
    from kinerja_survey.present import registry

    assert len(set(downloads.APP_OUTPUTS)) == len(downloads.APP_OUTPUTS) >= 14
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in downloads.APP_OUTPUTS)
    assert all(registry.get(n).extra["downloads"] for n in downloads.APP_OUTPUTS)
    with pytest.raises(registry.RegistryError):
        downloads.offer("tidak-terdaftar", b"x", "x.csv", store=None, cycle_id=None, actor="hr")
    with pytest.raises(ValueError, match="not as an app download"):
        downloads.offer("status", b"x", "x.csv", store=None, cycle_id=None, actor="hr")
