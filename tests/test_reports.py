"""Individual feedback reports: content, anonymity, escaping, PDF/HTML rendering, bulk and CLI.

Reference values are computed by hand from the definitions in ``kinerja_survey.analysis.scoring`` (rater
means first, then group means; combined score = weighted mean of the displayable groups, weights
renormalised; DOMAIN.md "360 practice") on a tiny hand-made cycle.
"""

from __future__ import annotations

import html.parser
import io
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pypdf
import pytest
from click.testing import CliRunner

from kinerja_survey import cycle as uc
from kinerja_survey.analysis.scoring import ScoringConfig
from kinerja_survey.cli import main
from kinerja_survey.collect.instrument import berakhlak
from kinerja_survey.present import reports
from kinerja_survey.cycle import close_cycle
from kinerja_survey.present.labels import slugify
from kinerja_survey.store import Store

INST = berakhlak()
ITEMS = [(i.code, i.competency) for i in INST.items]
SCRIPT = "<script>alert(1)</script>"
BOLD = "<b>tebal</b> & ramah"


def _answers(ratee, rater, rel, base, special=None):
    special = special or {}
    return [dict(ratee=ratee, rater=rater, relationship=rel, competency=comp, item=item,
                 rating=float(special.get(item, base))) for item, comp in ITEMS]


def _cycle(sub_rating: float = 1.0):
    """Ratee A: self, supervisor, 4 peers, 2 subordinates (under the threshold of 3).
    Ratee C: self, supervisor, 4 peers (only 3 of them comment)."""
    rows = []
    rows += _answers("A", "A", "self", 4, {"KOL3": 5, "ADA1": 2})
    rows += _answers("A", "S", "supervisor", 4, {"KOL3": 2, "ADA1": 5})
    for p in ("P1", "P2", "P3", "P4"):
        rows += _answers("A", p, "peer", 3, {"KOL3": 2, "ADA1": 5})
    for b in ("B1", "B2"):
        rows += _answers("A", b, "subordinate", sub_rating)
    rows += _answers("C", "C", "self", 5)
    rows += _answers("C", "S", "supervisor", 3)
    for p in ("P1", "P2", "P3", "P5"):
        rows += _answers("C", p, "peer", 4)
    ratings = pd.DataFrame(rows)
    comments = pd.DataFrame([
        ("A", "P1", "peer", "BER", SCRIPT),
        ("A", "P2", "peer", "BER", BOLD),
        ("A", "P3", "peer", "", "Komentar umum rekan ketiga"),
        ("A", "P4", "peer", "KOL", "Kolaborasi baik"),
        ("A", "B1", "subordinate", "BER", "RAHASIA-BAWAHAN-1"),
        ("A", "B2", "subordinate", "", "RAHASIA-BAWAHAN-2"),
        ("A", "S", "supervisor", "AKU", "Catatan atasan"),
        ("A", "A", "self", "KOM", "Catatan diri"),
        ("C", "P1", "peer", "BER", "RAHASIA-REKAN-C1"),
        ("C", "P2", "peer", "BER", "RAHASIA-REKAN-C2"),
        ("C", "P3", "peer", "", "RAHASIA-REKAN-C3"),
    ], columns=["ratee", "rater", "relationship", "competency", "text"])
    employees = pd.DataFrame({
        "nip": ["A", "C", "S"], "nama": ["Dewi Lestari", "Budi Santoso", "Siti Rahayu"],
        "jabatan": ["Analis SDM Aparatur Ahli Pertama", "Pengelola Data", "Kepala Bidang"],
        "unit_kerja": ["Org / Bidang X", "Org / Bidang X / Sub Y", "Org / Bidang X"]})
    invitations = pd.DataFrame({"ratee": ["A", "C"], "self_invited": [1, 1], "supervisor_invited": [1, 1],
                                "peer_invited": [5, 4], "subordinate_invited": [2, 0]})
    hasil = pd.Series({"A": "Diatas Ekspektasi", "C": "Sesuai Ekspektasi"})
    return dict(ratings=ratings, employees=employees, comments=comments, invitations=invitations,
                hasil_kerja=hasil, cycle_name="Periode Uji 2026")


@pytest.fixture(scope="module")
def results():
    return reports.cycle_results(**_cycle())


@pytest.fixture(scope="module")
def report_a(results):
    return reports.feedback_report(results, "A")


def _html_text(doc: str) -> str:
    """The text a browser would show (tags dropped, entities decoded)."""
    parts = []

    class P(html.parser.HTMLParser):
        def handle_data(self, data):
            parts.append(data)

    P(convert_charrefs=True).feed(doc)
    return "".join(parts)


# --- content ------------------------------------------------------------------------------------

def test_scores_by_group_match_hand_computation(report_a):
    comp = report_a.competencies.set_index("code")
    # supervisor: 4 everywhere except KOL3 = 2, ADA1 = 5; peers 3 except KOL3 = 2, ADA1 = 5
    assert comp.loc["BER", "supervisor"] == pytest.approx(4.0, abs=1e-12)
    assert comp.loc["KOL", "supervisor"] == pytest.approx(10 / 3, abs=1e-12)
    assert comp.loc["ADA", "peer"] == pytest.approx(11 / 3, abs=1e-12)
    # combined = (0.5 sup + 0.3 peer) / 0.8: subordinates are under the threshold and left out
    assert comp.loc["BER", "gabungan"] == pytest.approx((0.5 * 4 + 0.3 * 3) / 0.8, abs=1e-12)
    sup_all, peer_all = 83 / 21, 64 / 21
    assert comp.loc["overall", "gabungan"] == pytest.approx((0.5 * sup_all + 0.3 * peer_all) / 0.8, abs=1e-12)
    # others pools supervisor and peers (5 raters), never the hidden subordinates
    assert comp.loc["BER", "lain"] == pytest.approx((4 + 4 * 3) / 5, abs=1e-12)
    assert report_a.predikat["rating_perilaku"] == "Sesuai Ekspektasi"
    assert report_a.predikat["predikat"] == "Baik"  # Diatas x Sesuai (PermenPANRB 6/2022 kuadran)
    assert report_a.name == "Dewi Lestari" and report_a.unit == "Org / Bidang X"


def test_suppressed_group_has_no_figure_anywhere(report_a):
    assert "subordinate" not in report_a.competencies.columns
    assert report_a.groups_shown == ("self", "supervisor", "peer")
    resp = report_a.responses.set_index("group")
    assert resp.loc["subordinate", "keterangan"] == "tidak ditampilkan (kurang dari 3 penilai)"
    assert resp.loc["subordinate", "menjawab"] == 2 and resp.loc["subordinate", "diundang"] == 2
    assert resp.loc["peer", "diundang"] == 5 and resp.loc["peer", "menjawab"] == 4
    texts = [t for _, entries in report_a.comments for _, t in entries]
    assert not any("RAHASIA-BAWAHAN" in t for t in texts)
    assert "Komentar bawahan tidak ditampilkan (kurang dari 4 pemberi komentar)." in report_a.comment_notes


def test_changing_suppressed_answers_changes_nothing_in_the_report():
    one = reports.cycle_results(**_cycle(sub_rating=1.0))
    five = reports.cycle_results(**_cycle(sub_rating=5.0))
    a, b = reports.feedback_report(one, "A"), reports.feedback_report(five, "A")
    assert reports.render_html(a) == reports.render_html(b)
    pdf_a = pypdf.PdfReader(io.BytesIO(reports.render_pdf(a)))
    pdf_b = pypdf.PdfReader(io.BytesIO(reports.render_pdf(b)))
    assert [p.extract_text() for p in pdf_a.pages] == [p.extract_text() for p in pdf_b.pages]


def test_comments_anonymised_and_grouped(report_a):
    by_comp = dict(report_a.comments)
    # BER: two anonymous peer comments, sorted by text, no label
    assert by_comp["Berorientasi Pelayanan"] == sorted([("", SCRIPT), ("", BOLD)], key=lambda e: e[1])
    assert by_comp["Akuntabel"] == [("Atasan", "Catatan atasan")]
    assert by_comp["Kompeten"] == [("Diri sendiri", "Catatan diri")]
    assert by_comp["Komentar umum"] == [("", "Komentar umum rekan ketiga")]
    assert list(by_comp)[-1] == "Komentar umum"


def test_peer_comments_need_the_comment_threshold(results):
    rep = reports.feedback_report(results, "C")
    assert rep.comments == []
    assert rep.comment_notes == ["Komentar rekan kerja tidak ditampilkan (kurang dari 4 pemberi komentar)."]
    looser = reports.cycle_results(**_cycle(), config=ScoringConfig(comment_threshold=3))
    shown = [t for _, e in reports.feedback_report(looser, "C").comments for _, t in e]
    assert sorted(shown) == ["RAHASIA-REKAN-C1", "RAHASIA-REKAN-C2", "RAHASIA-REKAN-C3"]


def test_blind_spot_and_hidden_strength(report_a):
    # KOL3: self 5, others 2 (the ratee's lowest item by others); ADA1: self 2, others 5
    assert report_a.blind_spots["item"].tolist() == ["KOL3"]
    assert report_a.blind_spots["selisih"].iloc[0] == pytest.approx(3.0)
    assert report_a.hidden_strengths["item"].tolist() == ["ADA1"]
    assert report_a.hidden_strengths["lain"].iloc[0] == pytest.approx(5.0)


def test_highest_lowest_items_and_gaps(report_a):
    assert report_a.top_items["item"].iloc[0] == "ADA1"  # 5 from every other rater
    assert report_a.top_items["skor"].iloc[0] == pytest.approx(5.0)
    assert report_a.bottom_items["item"].iloc[0] == "KOL3"
    assert report_a.bottom_items["skor"].iloc[0] == pytest.approx(2.0)
    gaps = report_a.gaps.set_index("kompetensi")
    assert gaps.loc["Berorientasi Pelayanan", "selisih"] == pytest.approx(4 - 3.2)
    assert gaps.loc["Berorientasi Pelayanan", "keterangan"] == "penilaian diri lebih tinggi"


def test_suggestions_for_the_weakest_competencies(report_a):
    table = reports.load_suggestions()
    assert set(table) == {c.code for c in INST.competencies}
    assert all(len(v) >= 3 for v in table.values())
    comp = report_a.competencies
    body = comp[comp["code"] != "overall"].sort_values("gabungan", kind="stable")
    expected = body["kompetensi"].head(2).tolist()
    assert [name for name, _ in report_a.suggestions] == expected
    code = body["code"].iloc[0]
    assert report_a.suggestions[0][1] == table[code]


def test_bad_input():
    res = reports.cycle_results(**_cycle())
    with pytest.raises(ValueError, match="tidak memiliki penilaian"):
        reports.feedback_report(res, "ZZZ")
    with pytest.raises(ValueError, match="format"):
        reports.write_reports(res, "/tmp/never", format="docx")
    with pytest.raises(ValueError, match="kolom 'nip'"):
        reports.cycle_results(_cycle()["ratings"], pd.DataFrame({"id": ["A"]}))
    with pytest.raises(ValueError, match="comments"):
        reports.cycle_results(_cycle()["ratings"], comments=pd.DataFrame({"text": ["x"]}))
    with pytest.raises(ValueError, match="progress"):
        reports.make_progress(3, progress="rainbow")


# --- rendering ------------------------------------------------------------------------------------

def test_html_escapes_comments_and_hides_suppressed(report_a):
    doc = reports.render_html(report_a)
    assert "<script" not in doc.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&lt;b&gt;tebal&lt;/b&gt; &amp; ramah" in doc
    text = _html_text(doc)
    assert SCRIPT in text and BOLD in text  # shown as literal text
    assert "RAHASIA-BAWAHAN" not in doc
    assert "tidak ditampilkan (kurang dari 3 penilai)" in text
    for c in INST.competencies:
        assert c.name["id"] in text
    assert "Dewi Lestari" in text and "Baik" in text


def test_pdf_opens_with_expected_text(report_a):
    data = reports.render_pdf(report_a)
    pdf = pypdf.PdfReader(io.BytesIO(data))
    assert 2 <= len(pdf.pages) <= 4
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Dewi Lestari" in text
    for c in INST.competencies:
        assert c.name["id"] in text
    assert "Predikat kinerja" in text and "Sesuai Ekspektasi" in text and "Diatas Ekspektasi" in text
    assert SCRIPT in text  # printed, not parsed as markup
    assert "<b>tebal</b> &" in text
    assert "tidak ditampilkan (kurang dari 3 penilai)" in text
    assert "RAHASIA-BAWAHAN" not in text
    assert "Titik buta" in text and "Saran pengembangan" in text
    assert pdf.metadata.title.startswith("Laporan Umpan Balik 360")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
def test_pdf_page_renders_to_png(report_a, tmp_path):
    pdf = tmp_path / "r.pdf"
    reports.render_pdf(report_a, pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(width / height - 210 / 297) < 0.01  # A4 portrait


# --- bulk and CLI on a stored demo cycle -------------------------------------------------------

@pytest.fixture(scope="module")
def demo_db(demo_db):
    store = Store(demo_db[0])
    close_cycle(store, demo_db[1], actor="tester")  # only a closed cycle has results by default
    store.dispose()
    return demo_db[0], demo_db[1]


def test_bulk_unit_reports_with_progress(demo_db, tmp_path):
    path, cycle = demo_db
    store = Store(path)
    res = uc.load_results(store, cycle)
    emp = store.employees_frame()
    unit = sorted(emp["unit_kerja"])[len(emp) // 2].rsplit(" / ", 1)[0]
    expected = [r for r in res.ratees if r in set(emp.loc[emp["unit_kerja"].str.startswith(unit), "nip"])]
    calls = []
    out = reports.write_reports(res, tmp_path, unit=unit, format="both", progress=lambda d, t: calls.append((d, t)))
    assert out["ratee"].tolist() == expected and len(expected) >= 3
    assert calls == [(i + 1, len(expected)) for i in range(len(expected))]
    for row in out.itertuples():
        assert pypdf.PdfReader(row.pdf).pages
        assert row.nama in Path(row.html).read_text(encoding="utf-8")
    store.dispose()


def test_text_progress_bar():
    stream = io.StringIO()
    bar = reports.TextProgress(4, stream=stream, width=8)
    for _ in range(4):
        bar.update()
    bar.close()
    assert stream.getvalue().rstrip().endswith("[########] 4/4 laporan")


def test_widget_progress_bar():
    bar = reports.make_progress(3, "widget")
    bar.update()
    bar.update()
    assert (bar.bar.value, bar.bar.max, bar.text.value) == (2, 3, "2/3 laporan")
    bar.close()
    assert bar.bar.bar_style == "success"


def test_cli_report_scores_the_cycle_once(demo_db, tmp_path, monkeypatch):
    path, cycle = demo_db
    calls = []
    from kinerja_survey.analysis import results as results_module

    real = results_module.score_cycle
    monkeypatch.setattr(results_module, "score_cycle", lambda *a, **k: calls.append(1) or real(*a, **k))
    store = Store(path)
    emp = store.employees_frame()
    store.dispose()
    root = emp["unit_kerja"].str.split(" / ").str[0].iloc[0]
    out = CliRunner().invoke(main, ["--db", str(path), "laporan", str(cycle), "--unit", root, "--keluaran", str(tmp_path / "u")])
    assert out.exit_code == 0, out.output
    n = len(list((tmp_path / "u").glob("*.pdf")))
    assert n >= 30 and calls == [1]
    nip = emp["nip"].iloc[3]
    out = CliRunner().invoke(main, ["--db", str(path), "laporan", str(cycle), "--nip", nip, "--keluaran", str(tmp_path / "n"),
                                    "--format", "html"])
    assert out.exit_code == 0, out.output
    slug = slugify(emp["nama"].iloc[3])
    assert slug and [p.name for p in (tmp_path / "n").iterdir()] == [f"umpan-balik-{slug}-{nip}.html"]
    bad = CliRunner().invoke(main, ["--db", str(path), "laporan", str(cycle), "--keluaran", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "--nip" in bad.output
    missing = CliRunner().invoke(main, ["--db", str(path), "laporan", str(cycle), "--nip", "000", "--keluaran", str(tmp_path)])
    assert missing.exit_code == 1 and "tidak memiliki penilaian" in missing.output


def test_present_modules_share_public_names_only_and_the_package_names_them_all():
    """No module of present/ (or apps/) imports another module's private ``_name``: what two of them
    share is public in one (``report_model.chart_rows``, ``report_pdf.pdf_fonts``, ...), and the
    present/ package docstring names every module in it."""
    import ast

    import kinerja_survey.present as present

    root = Path(present.__file__).parent
    borrowed = []
    for sub in (root, root.parent / "apps"):
        for path in sorted(sub.glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("kinerja_survey")):
                    borrowed += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert borrowed == []
    doc = present.__doc__
    assert [p.stem for p in sorted(root.glob("*.py")) if p.stem != "__init__" and f"``{p.stem}``" not in doc] == []
