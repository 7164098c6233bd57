"""Results dashboard: aggregations that respect the anonymity threshold, meeting mode, widgets,
and the thin Voilà notebook."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kinerja_survey.apps import dashboard as dash
from kinerja_survey.collect.instrument import berakhlak
from kinerja_survey.collect.nip import pseudonymise
from kinerja_survey.cycle import close_cycle
from kinerja_survey.store import Store

ROOT = Path(__file__).resolve().parents[1]
NIP_RUN = re.compile(r"(?<!\d)\d{18}(?!\d)")


def _people():
    comps = [c.code for c in berakhlak().competencies]
    rows = []
    # Bidang A / Sub 1: 3 people; Bidang A / Sub 2: 2 people (under the threshold); Bidang AB: 3 people
    for k, (unit, base) in enumerate([("Org / Bidang A / Sub 1", 3.0)] * 3 + [("Org / Bidang A / Sub 2", 4.0)] * 2
                                     + [("Org / Bidang AB", 2.0)] * 3):
        row = {"nip": f"19800101200001100{k}", "nama": f"Pegawai {k}", "jabatan": "Pelaksana", "unit_kerja": unit,
               "combined": base + k / 10, "mean_self": base + 0.5, "mean_others": base,
               "rating_perilaku": "Sesuai Ekspektasi", "rating_hasil_kerja": "Sesuai Ekspektasi",
               "predikat": "Baik" if k % 4 else "Butuh Perbaikan"}
        row.update({f"combined_{c}": base + k / 10 + j / 100 for j, c in enumerate(comps)})
        rows.append(row)
    return pd.DataFrame(rows)


def test_competency_by_unit_blanks_small_units():
    people = _people()
    table = dash.competency_by_unit(people, berakhlak(), min_people=3)
    assert table.loc["Bidang A / Sub 1", "Berorientasi Pelayanan"] == pytest.approx(3.0 + (0 + 0.1 + 0.2) / 3)
    assert table.loc["Bidang A / Sub 1", "n"] == 3
    assert table.loc["Bidang A / Sub 2"].drop("n").isna().all() and table.loc["Bidang A / Sub 2", "n"] == 2
    assert table.loc["Bidang AB", "Kolaboratif"] == pytest.approx(2.0 + (0.5 + 0.6 + 0.7) / 3 + 0.06)
    by_bidang = dash.competency_by_unit(people, berakhlak(), depth=2, min_people=3)
    assert by_bidang.loc["Bidang A", "n"] == 5  # the small sub-unit counts in its parent
    assert by_bidang.loc["Bidang A", "Akuntabel"] == pytest.approx(np.mean([3.0, 3.1, 3.2, 4.3, 4.4]) + 0.01)
    with pytest.raises(ValueError):
        dash.competency_by_unit(people, berakhlak(), min_people=0)


def test_select_unit_is_a_path_prefix():
    people = _people()
    assert len(dash.select_unit(people, "Org / Bidang A")) == 5  # not "Org / Bidang AB"
    assert len(dash.select_unit(people, "Org / Bidang AB")) == 3
    assert len(dash.select_unit(people, dash.ORG)) == 8


def test_predikat_summary_suppressed_below_threshold():
    people = _people()
    counts, rules = dash.predikat_summary(dash.select_unit(people, "Org / Bidang A / Sub 2"), "Baik")
    assert counts.empty and rules is None
    counts, rules = dash.predikat_summary(people, "Baik")
    assert counts.set_index("predikat").loc["Baik", "jumlah"] == 6
    assert counts.set_index("predikat").loc["Butuh Perbaikan", "persen"] == 25.0
    bad = rules[~rules["satisfied"]]
    assert bad["message"].tolist() == ["Baik 75% melebihi batas 70% (6 dari 8 pegawai)"]


def test_people_table_meeting_mode():
    people = _people()
    shown = dash.people_table(people, meeting_mode=False)
    assert "nama" in shown.columns and shown["nip"].str.len().eq(18).all()
    masked = dash.people_table(people, meeting_mode=True, secret="k")
    assert "nama" not in masked.columns and "jabatan" not in masked.columns and "nip" not in masked.columns
    # everyone in a unit of at least 3 people is listed under a code; the two people of
    # "Sub 2" (a unit under the threshold) are not listed individually in meeting mode
    big = people[people["unit_kerja"] != "Org / Bidang A / Sub 2"]
    assert set(masked["kode"]) == {pseudonymise(n, "k") for n in big["nip"]}
    assert not masked.astype(str).apply(lambda c: c.str.contains(NIP_RUN)).any().any()
    tiny = dash.people_table(people, meeting_mode=True, unit="Org / Bidang A / Sub 2")
    assert tiny.columns.tolist() == ["keterangan"] and "disembunyikan" in tiny.iloc[0, 0]


def test_response_summary_totals():
    rates = pd.DataFrame({"unit_kerja": ["Org / A", "Org / A / S", "Org / B"], "peer_invited": [4, 6, 5],
                          "peer_submitted": [3, 6, 1], "invited": [10, 12, 8], "submitted": [8, 12, 2]})
    out = dash.response_summary(rates, "Org / A", root="Org / A")
    assert out["unit_kerja"].tolist() == ["A", "S", "Jumlah"]
    total = out.iloc[-1]
    assert (total["invited"], total["submitted"]) == (22, 20) and total["rate"] == pytest.approx(20 / 22)


@pytest.fixture(scope="module")
def store(demo_db):
    s = Store(demo_db[0])
    close_cycle(s, demo_db[1], actor="tester")  # only a closed cycle has results by default
    yield s
    s.dispose()


def test_views_and_meeting_mode_on_the_demo(store):
    data = dash.load_dashboard_data(store, 1)
    emp = store.employees_frame(active_only=False)
    names = [n for n in emp["nama"] if n]
    views = dash.render_view(data)  # meeting mode is the default
    assert set(views) == {"ringkasan", "kompetensi", "reliabilitas", "respons", "pegawai"}
    page = "".join(views.values())
    assert not NIP_RUN.search(page) and not any(n in page for n in names)
    assert "<img src=\"data:image/png;base64," in views["ringkasan"] and "ICC" in views["reliabilitas"]
    open_views = dash.render_view(data, meeting_mode=False)
    assert any(n in open_views["pegawai"] for n in names)


def test_small_unit_view_is_suppressed():
    rates = pd.DataFrame({"unit_kerja": ["Org / Bidang A / Sub 2"], "invited": [9], "submitted": [7]})
    data = dash.DashboardData(1, "Uji", berakhlak(), _people(), pd.DataFrame(), rates, None, "tidak diuji")
    assert data.units == ["Org", "Org / Bidang A", "Org / Bidang A / Sub 1", "Org / Bidang A / Sub 2",
                          "Org / Bidang AB"]
    views = dash.render_view(data, "Org / Bidang A / Sub 2")
    assert "disembunyikan: kurang dari 3 pegawai dengan predikat" in views["ringkasan"]
    assert "<img" not in views["ringkasan"] and "<img" not in views["kompetensi"]
    assert "disembunyikan" in views["pegawai"] and "Pegawai 3" not in views["pegawai"]
    assert "disembunyikan" in dash.reliability_summary(data, "Org / Bidang A / Sub 2").iloc[0, 0]
    views = dash.render_view(data, "Org / Bidang A")
    assert "<img" in views["kompetensi"] and "disembunyikan (kurang dari 3 pegawai): Sub 2" in views["kompetensi"]


def test_app_widgets_follow_the_filters(store):
    import ipywidgets as widgets

    app = dash.results_app(store)
    assert isinstance(app, widgets.VBox)
    found = {}

    def walk(w):
        found.setdefault(type(w).__name__, []).append(w)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(app)
    meeting = found["Checkbox"][0]
    unit = next(d for d in found["Dropdown"] if d.description == "Unit")
    tab = found["Tab"][0]
    pegawai = tab.children[4]
    assert meeting.value is True
    assert not NIP_RUN.search(pegawai.value)
    meeting.value = False
    assert NIP_RUN.search(pegawai.value)
    meeting.value = True
    big = max(unit.options[1:], key=lambda u: (u.count(" / "), len(u)))
    unit.value = big
    n = len(dash.select_unit(dash.load_dashboard_data(store, 1).people, big))
    assert f"unit {html.escape(big)} ({n} pegawai dinilai)" in tab.children[0].value


def test_notebook_is_thin():
    nb = json.loads((ROOT / "notebooks" / "hasil.ipynb").read_text())
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    lines = [ln for src in code for ln in src.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert lines == ["from kinerja_survey.apps.dashboard import results_app_from_request", "results_app_from_request()"]
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


# --- issue 21: a first real cycle without seams -------------------------------------------------

def two_period_agency(path):
    """A 57-person agency as a new user runs it: period 1 answered, closed, calibrated and published;
    period 2 made from it (``create_next_cycle``), answered and closed, one person's Rating Hasil
    Kerja not yet imported.  Returns ``(store, first_id, second_id, nip_without_hasil_kerja)``."""
    from conftest import calibrated_demo

    from kinerja_survey import cycle as uc
    from kinerja_survey.cycle.calibration import cycle_ratees
    from kinerja_survey.demo import answer_all

    store = Store(path)
    demo = calibrated_demo(store, 57, seed=21, rating="Sesuai Ekspektasi")
    uc.publish(store, demo.cycle_id, actor="hr", force=True,  # the demo cycle misses the kurva
               reason="Uji: kurva distribusi agensi contoh belum terpenuhi")
    nxt = uc.create_next_cycle(store, demo.cycle_id, actor="hr", seed=22)
    uc.open_cycle(store, nxt.cycle_id, actor="hr")
    links = nxt.assigned.links
    answer_all(store, nxt.cycle_id, dict(zip(links["nip"], links["token"])), seed=22)
    uc.close_cycle(store, nxt.cycle_id, actor="hr")
    nips = cycle_ratees(store, nxt.cycle_id)
    uc.import_hasil_kerja(store, nxt.cycle_id,
                          pd.DataFrame({"nip": nips[1:], "rating": ["Sesuai Ekspektasi"] * (len(nips) - 1)}), actor="hr")
    return store, demo.cycle_id, nxt.cycle_id, nips[0]


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    store, first, second, missing = two_period_agency(tmp_path_factory.mktemp("agency") / "k.sqlite")
    yield store, first, second, missing
    store.dispose()


def test_counts_are_whole_numbers_in_every_table():
    """A count column turns float once a cell is missing (naik/turun of a first period): it is
    still shown as "5", never "5,00"; a mean keeps its decimals."""
    from kinerja_survey.apps.html import html_table

    trend = pd.DataFrame({"unit_kerja": ["A", "A"], "periode": ["2026", "2027"], "n": [5.0, 6.0],
                          "rerata": [4.0, 4.25], "naik": [np.nan, 2.0], "turun": [np.nan, 0.0],
                          "peer_invited": [10.0, 12.0], "n_naik": [1.0, np.nan]})
    shown = dash.integer_counts(trend)
    assert [str(shown[c].dtype) for c in ("n", "naik", "turun", "peer_invited", "n_naik")] == ["Int64"] * 5
    assert shown["rerata"].tolist() == [4.0, 4.25]
    cells = re.findall(r"<td>(.*?)</td>", html_table(shown, "id"))
    assert cells[:8] == ["A", "2026", "5", "4,00", "", "", "10", "1"]
    assert cells[8:16] == ["A", "2027", "6", "4,25", "2", "0", "12", ""]


def test_trend_and_response_tables_show_integer_counts(agency):
    store, first, second, _ = agency
    page = dash.trend_panel(store, min_people=1)
    cells = re.findall(r"<td>(.*?)</td>", page)
    table = dash.uc.unit_trend_table(store, min_unit_size=1)
    assert len(table) and len(cells) == table.size
    width = table.shape[1]
    for k, col in enumerate(table.columns):
        if col in ("n", "naik", "turun"):
            column = cells[k::width]
            assert all(re.fullmatch(r"\d*", c) for c in column), (col, column)
    assert any(c not in ("", "0") for c in cells[list(table.columns).index("naik")::width])  # someone moved
    data = dash.load_dashboard_data(store, second)
    respons = dash.render_view(data, panels={"respons"})["respons"]
    assert ",00" not in respons


def test_period_selector_says_each_period_state(agency):
    """A published period reads "diumumkan", a closed one "ditutup, belum diumumkan" -- the word
    follows ``CycleResults.state`` of the loaded results."""
    from kinerja_survey import cycle as uc

    store, first, second, _ = agency
    words = dict((cid, label.rsplit("[", 1)[1].rstrip("]")) for label, cid in dash._cycle_options(store, "id"))
    assert words == {first: "diumumkan", second: "ditutup, belum diumumkan"}
    state_word = {"final": "diumumkan", "unpublished": "ditutup, belum diumumkan", "open": "terbuka"}
    for cid in (first, second):
        assert words[cid] == state_word[dash.load_dashboard_data(store, cid).state]
    assert dash._cycle_options(store, "en")[0][0].endswith("[published]")
    assert uc.load_results(store, first).state == "final"
    assert dash.period_word("open", False) == "terbuka" and dash.period_word("draft", False) == "draf"


def test_left_out_of_grid_names_who_and_why(agency):
    from kinerja_survey import cycle as uc

    store, first, second, missing = agency
    out = uc.left_out_of_grid(store, second)
    assert list(out.columns) == ["nip", "nama", "unit_kerja", "reason"]
    results = uc.load_results(store, second)
    people = results.people
    no_pred = people.loc[people["predikat"].isna(), "nip"].tolist()
    assert sorted(out["nip"]) == sorted(no_pred) and missing in no_pred
    assert out.set_index("nip").at[missing, "reason"] == "hasil_kerja"
    perilaku = set(people.loc[people["rating_perilaku"].isna(), "nip"])
    assert set(out.loc[out["reason"] == "perilaku", "nip"]) == perilaku
    assert uc.left_out_of_grid(store, second, results).equals(out)
    assert uc.left_out_of_grid(store, first).query("reason == 'hasil_kerja'").empty


def test_header_and_chart_counts_agree_and_the_left_out_are_named(agency):
    store, first, second, missing = agency
    data = dash.load_dashboard_data(store, second)
    name = store.employees_frame(active_only=False).set_index("nip").at[missing, "nama"]
    with_predikat = int(data.people["predikat"].notna().sum())
    left = len(data.left_out)
    assert with_predikat + left == len(data.people)  # the header's count = the chart's + the left out
    page = html.unescape(dash.render_view(data, meeting_mode=False, panels={"ringkasan"})["ringkasan"])
    assert f"({len(data.people)} pegawai dinilai)" in page
    lines = re.findall(r"<p class='muted ks-left-out'>(.*?)</p>", page)
    assert sum(int(line.split(" ", 1)[0]) for line in lines) == left
    assert f"1 pegawai tidak masuk grafik: belum ada rating hasil kerja – {name} ({missing})" in lines
    meeting = html.unescape(dash.render_view(data, panels={"ringkasan"})["ringkasan"])
    lines = re.findall(r"<p class='muted ks-left-out'>(.*?)</p>", meeting)
    assert "1 pegawai tidak masuk grafik: belum ada rating hasil kerja" in lines
    assert name not in meeting and missing not in meeting and not NIP_RUN.search(meeting)
    english = dash.render_view(data, meeting_mode=False, panels={"ringkasan"}, lang="en")["ringkasan"]
    assert "1 employees are not in the chart: no hasil kerja rating yet" in html.unescape(english)
