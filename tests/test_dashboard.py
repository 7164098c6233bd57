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
