"""Every text a person reads comes from the i18n catalog (``kinerja_survey/locale``), in Bahasa
Indonesia by default and English on request.

The catalog is checked for completeness (every key in both languages, with the same
placeholders), and the package source is scanned (AST) for prose written in place: an
Indonesian sentence in a string literal outside the catalog, an error raised with a text
instead of a catalog key, a key used in code that the catalog does not have.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import kinerja_survey
from kinerja_survey import i18n, locale
from kinerja_survey.errors import KinerjaError
from kinerja_survey.i18n import STRINGS, Msg, t

PKG = Path(kinerja_survey.__file__).resolve().parent


# --- the catalog -----------------------------------------------------------------------------------

def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_every_key_exists_in_both_languages_with_the_same_placeholders():
    assert set(STRINGS["id"]) == set(STRINGS["en"])
    differ = {key: (_fields(STRINGS["id"][key]), _fields(STRINGS["en"][key])) for key in STRINGS["id"]
              if _fields(STRINGS["id"][key]) != _fields(STRINGS["en"][key])}
    assert differ == {}
    for area in locale.AREAS:  # and module by module, so a key is never half in one area
        module = importlib.import_module(f"kinerja_survey.locale.{area}")
        assert set(module.ID) == set(module.EN), area
        assert all(isinstance(v, str) and v.strip() for v in [*module.ID.values(), *module.EN.values()]), area


#: Texts still held under several keys (same Indonesian *and* same English), each group with the reason
#: it is not merged yet.  The list only shrinks: a group that is no longer duplicated fails too.
PENDING_DUPLICATES = {
    # a key of locale/cli.py beside a key the apps, present/ or cycle/ use: the CLI should read the other
    # one (cli.py and locale/cli.py belong to the CLI; issue 20)
    frozenset({"roster_imported", "cli.roster_imported"}), frozenset({"remind_sent", "cli.remind_sent"}),
    frozenset({"per_fb_off", "cli.peers_stopped"}), frozenset({"per_fb_none", "cli.no_feedback"}),
    frozenset({"dash.status_draft", "cli.serve_demo_draft"}),
    frozenset({"cli.opt.assign.max-load", "cli.opt.add-rater.max-load"}),
    frozenset({"cli.opt.export-links.base-url", "cli.opt.demo.base-url"}),
    frozenset({"cli.opt.report.sementara", "cli.opt.fairness.sementara", "cli.opt.analyze.sementara"}),
    frozenset({"cli.opt.fairness.meeting", "cli.opt.analyze.meeting"}),
    frozenset({"cli.opt.add-rater.base-url", "cli.opt.replace-rater.base-url"}),
    frozenset({"cli.opt.replace-rater.ya", "cli.opt.remove-rater.ya", "cli.opt.revoke-link.ya"}),
    frozenset({"cli.opt.tren.out", "cli.opt.talenta.out", "cli.opt.kebutuhan-pelatihan.out"}),
    frozenset({"cli.opt.tren.periode", "cli.opt.talenta.periode"}),
    frozenset({"cli.opt.tren.min-unit", "cli.opt.talenta.min-unit"}),
    # the apps' own table headers beside each other (locale/admin.py, closing.py, calibration.py, rater.py:
    # the apps' helpers); the CLI reads none of them by name any more, only ``present.labels.screen_label``
    frozenset({"admin.h_nama", "closing.h_nama"}), frozenset({"admin.h_nip", "closing.h_nip"}),
    frozenset({"admin.h_alasan", "cal.c_alasan"}), frozenset({"admin.h_relationship", "relationship"}),
    frozenset({"admin.h_atasan", "admin.rel_supervisor", "report.grp_supervisor"}),
    frozenset({"admin.h_status", "closing.h_status", "dlg_status"}),
    frozenset({"admin.h_row", "closing.h_baris"}),
    frozenset({"status_submitted", "admin.h_submitted"}),
    frozenset({"cycle_name", "admin.h_name"}), frozenset({"period_start", "admin.h_period_start"}),
    frozenset({"period_end", "admin.h_period_end"}), frozenset({"admin.h_bawahan", "report.grp_subordinate"}),
    frozenset({"admin.h_kind", "dlg_kind"}),
    # refusals of store/, cycle/ and analysis/ (their helpers' files)
    frozenset({"dlg_held_on", "store.what_dialog_date"}), frozenset({"analysis.g_supervisor", "cycle.rel_supervisor"}),
    frozenset({"store.status_unknown", "store.status_unknown_choices"}),
    frozenset({"store.status_no_assign", "cycle.status_no_change"}),
    frozenset({"store.publish_not_closed", "cycle.publish_not_closed"}),
    frozenset({"store.keberatan_after_publish", "cycle.keb_not_published"}),
}


def test_no_text_is_held_under_two_keys():
    """One text, one key: two keys with the same Indonesian and the same English text are one
    label written twice (issue 20 found "Nama" under six keys); call sites share the one key."""
    by_text: dict[tuple[str, str], set[str]] = {}
    for key in STRINGS["id"]:
        by_text.setdefault((STRINGS["id"][key], STRINGS["en"][key]), set()).add(key)
    duplicated = {frozenset(keys) for keys in by_text.values() if len(keys) > 1}
    assert sorted(map(sorted, duplicated - PENDING_DUPLICATES)) == []
    assert sorted(map(sorted, PENDING_DUPLICATES - duplicated)) == []  # merged since: strike it from the list


def test_key_prefixes_match_their_catalog_module():
    """A namespaced key (``closing.h_nama``) lives in the catalog module of its area
    (``locale/closing.py``); the modules named by an area hold only that area's namespaced keys."""
    home = {"closing": "closing", "emp": "employee", "keb": "employee", "cal": "calibration", "vocab": "vocab",
            "col": "labels", "dash": "dashboard", "store": "store", "collect": "collect", "cycle": "cycle",
            "analysis": "analysis", "report": "reports", "ba": "reports", "plot": "reports", "serve": "apps",
            "app": "apps", "cli": "cli"}
    wrong = []
    for area in locale.AREAS:
        module = importlib.import_module(f"kinerja_survey.locale.{area}")
        for key in module.ID:
            prefix = key.split(".")[0] if "." in key else key.split("_")[0] if key[:4] in ("emp_", "keb_") else None
            if prefix in home and home[prefix] != area:
                wrong.append(f"locale/{area}.py: {key}")
    assert wrong == []


def test_a_key_defined_in_two_areas_is_refused(monkeypatch, tmp_path):
    import sys

    (tmp_path / "ks_dup_a.py").write_text('ID = {"x.same": "a"}\nEN = {"x.same": "a"}\n')
    (tmp_path / "ks_dup_b.py").write_text('ID = {"x.same": "b"}\nEN = {"x.same": "b"}\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    real = importlib.import_module
    monkeypatch.setattr(locale, "import_module", lambda name: real(name.rsplit(".", 1)[-1]))
    with pytest.raises(RuntimeError, match="x.same"):
        locale.merged(("ks_dup_a", "ks_dup_b"))
    sys.modules.pop("ks_dup_a", None), sys.modules.pop("ks_dup_b", None)


def test_messages_render_in_the_language_asked_for():
    m = Msg("store.not_in_roster", nip="199001012022211005")
    assert m == "Pegawai 199001012022211005 tidak ada di roster." and m.render("en").startswith("Employee 1990")
    # a message nested in another renders in the outer one's language
    assert t("error", "en", message=m) == "Failed: Employee 199001012022211005 is not in the roster."
    assert t("error", "id", message=m) == "Gagal: Pegawai 199001012022211005 tidak ada di roster."
    assert i18n.Num(4.25).render("id") == "4,25" and i18n.Num(4.25).render("en") == "4.25"


# --- errors ----------------------------------------------------------------------------------------

def test_a_store_error_in_either_language(store_path, monkeypatch):
    """A refusal of the store: Indonesian by default and as ``str()``, English with ``message("en")``
    or ``$KINERJA_SURVEY_LANG=en``; still naming the row."""
    import pickle

    import pandas as pd

    from kinerja_survey.store import Store, StoreError

    store = Store(store_path)
    cid = store.create_cycle("Uji", "2026-01-01", "2026-06-30", actor="uji")
    plan = pd.DataFrame({"rater": ["199001012022211005"], "ratee": ["199001012022211005"], "relationship": ["boss"]})
    with pytest.raises(StoreError) as info:
        store.add_assignments(cid, plan, actor="uji")
    err = info.value
    assert str(err) == "Penugasan baris 1: hubungan 'boss' tidak dikenal."
    assert err.message("en") == "Assignment row 1: unknown relationship 'boss'."
    assert err.key == "store.plan_rel_unknown" and err.fields == {"row": 1, "rel": "boss"}
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    assert str(err) == "Assignment row 1: unknown relationship 'boss'."
    monkeypatch.delenv(i18n.LANG_ENV)
    # it survives a trip to another process (pickling) with its key
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is StoreError and back.message("en") == err.message("en") and str(back) == str(err)


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "i18n.sqlite"


def test_roster_errors_name_the_row_and_field_in_either_language():
    import pandas as pd

    from kinerja_survey.collect.roster import RosterError, load_roster

    frame = pd.DataFrame({"nip": ["12345"], "nama": ["Budi"], "jabatan": ["Analis"], "unit_kerja": ["Biro Umum"]})
    with pytest.raises(RosterError) as info:
        load_roster(frame)
    err = info.value
    assert "baris 2, kolom 'nip': NIP '12345' harus 18 digit" in str(err)
    assert "row 2, column 'nip': NIP '12345' must have 18 digits" in err.message("en")
    table = err.to_frame("en")
    assert table.loc[0, "row"] == 2 and table.loc[0, "message"].startswith("NIP '12345' must have 18 digits")


def test_every_error_class_renders_its_key():
    """Each error class of the package, made with a catalog key, renders that key in both languages."""
    for info in pkgutil.walk_packages(kinerja_survey.__path__, "kinerja_survey."):
        importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    classes = set(subclasses(KinerjaError))
    assert len(classes) >= 15
    assert KinerjaError("store.employee_missing").message("en") == "That employee is not in the roster."


# --- the source: no prose written in place ---------------------------------------------------------

#: Words that mark a string literal as Indonesian prose.  English shares few of them; a literal is
#: prose when it holds two distinct markers, or one in a text of three words or more.
MARKERS = frozenset("""
yang dan tidak belum sudah untuk dengan dari pada ini itu atau akan harus dapat bisa ada oleh sebagai dalam
juga lagi masih hanya bila jika karena setiap semua lebih kurang paling sama tetapi agar saat sejak sampai
antara tanpa tersebut kembali wajib perlu boleh jangan silakan terima kasih
isi diisi pilih simpan disimpan kirim dikirim terkirim buka dibuka tutup ditutup periksa tampilkan ditampilkan
hapus dihapus ganti tambah ubah diubah impor unduh unggah dicatat catat tetapkan ditetapkan umumkan diumumkan
berkas baris kolom periode pegawai penilai penilaian dinilai tautan formulir jawaban komentar atasan bawahan
rekan diri kerja nilai skor hasil keterangan alasan tanggal batas waktu jumlah rata gabungan kelompok
sementara ditemukan dikenal diterima berupa memuat tersimpan gagal berhasil lain terlalu sedikit banyak tinggi
rendah disembunyikan rapat usulan tercatat keputusan tanggapan pengingat undangan pesan jabatan dibuat pukul
hari anda memiliki menjadi melalui tentang bukan sedang telah para bagi atas bawah sesudah sebelum tertinggi
terendah ke di mis pun
""".split())

#: (file, top-level name) whose literals are data, not prose -- each with its reason.
ALLOWED = {
    # the PermenPANRB 6/2022 vocabulary: official labels, stored and shown as they are in every language
    ("vocab.py", "DIBAWAH"), ("vocab.py", "SESUAI"), ("vocab.py", "DIATAS"), ("vocab.py", "SANGAT_BAIK"),
    ("vocab.py", "BAIK"), ("vocab.py", "BUTUH_PERBAIKAN"), ("vocab.py", "KURANG"), ("vocab.py", "SANGAT_KURANG"),
    ("vocab.py", "ORG_ALIASES"), ("vocab.py", "ORG_PREDIKAT_LABELS"), ("analysis/predikat.py", "_PP46_BANDS"),
    # header spellings of the HR systems' exports (SIMPEG, SIASN, e-Kinerja): what files say, not what we say
    ("collect/roster.py", "_ALIASES"), ("collect/roster.py", "JENIS_JABATAN"), ("collect/hasil_kerja.py", "_ALIASES"),
    # the built-in BerAKHLAK instrument: the official indicator texts, in both languages
    ("collect/instrument.py", "_BERAKHLAK"), ("collect/instrument.py", "DEFAULT_SCALE"),
    ("collect/instrument.py", "berakhlak"),
    # the simulated agency of the demo: its units, posts and comments are data
    ("demo.py", "_BIDANG"), ("demo.py", "_SUB"), ("demo.py", "_STAFF"), ("demo.py", "generate_organisation"),
    ("demo.py", "open_demo_cycle"), ("demo.py", "build_demo"),
}
#: stylesheets (class names and CSS, no prose): any top-level ``CSS``/``_CSS``
STYLESHEETS = {"CSS", "_CSS"}

_LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
_IDENTIFIER = re.compile(r"^[\w./:\-\\ ]*$")


def _docstring_ids(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _top_level_names(tree) -> dict[int, str]:
    """id(node) -> the name of the top-level statement holding it (assignment target, def, class)."""
    out = {}
    for stmt in tree.body:
        name = None
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
            name = getattr(target, "id", None)
        elif isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
            name = stmt.name
        if name:
            for node in ast.walk(stmt):
                out[id(node)] = name
    return out


def _logged(tree) -> set[int]:
    """Literals passed to a logger (``log.info(...)``): lines for the operator's log, in English."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _LOG_METHODS:
            base = node.func.value
            if getattr(base, "id", getattr(base, "attr", "")) in ("log", "logger", "logging", "_log"):
                ids.update(id(n) for n in ast.walk(node))
    return ids


def _prose(text: str) -> bool:
    if "\n" not in text and _IDENTIFIER.match(text) and " " not in text.strip():
        return False  # an identifier, a path, a column name
    plain = re.sub(r"<[^>]*>", " ", text)  # markup is not prose
    words = re.findall(r"[A-Za-z]+", plain.lower())
    hits = {w for w in words if w in MARKERS}
    return len(hits) >= 2 or (len(hits) >= 1 and len(words) >= 3)


def _sources():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).as_posix()
        if rel.startswith("locale/") or rel == "i18n.py":
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def test_no_prose_is_written_in_place():
    found = []
    for rel, tree in _sources():
        skip = _docstring_ids(tree) | _logged(tree)
        owner = _top_level_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                if (rel, owner.get(id(node))) in ALLOWED or owner.get(id(node)) in STYLESHEETS:
                    continue
                if _prose(node.value):
                    found.append(f"{rel}:{node.lineno}: {node.value[:70]!r}")
    assert found == [], "prose outside the i18n catalog (kinerja_survey/locale):\n" + "\n".join(found)


#: widget keywords whose text a person reads: in apps/ they come from the catalog, never a literal
LABEL_KEYWORDS = {"description", "placeholder", "tooltip", "title", "titles", "button_text", "label", "options"}
#: (file, literal) allowed as a widget label, with the reason
ALLOWED_LABELS = {("apps/rater.py", "ping")}  # the hidden liveness probe's field (display: none), never seen


def _text_of(node) -> list[str]:
    """The literal texts in a label argument: a string, an f-string's fixed parts, a tuple/list of them
    (``titles=``, ``options=[("Ya", 1)]``: each option's label)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):  # the fixed parts, a placeholder for each field
        return ["".join(v.value if isinstance(v, ast.Constant) else "{x}" for v in node.values)]
    if isinstance(node, (ast.Tuple, ast.List)):
        out = []
        for elt in node.elts:
            out += _text_of(elt.elts[0] if isinstance(elt, (ast.Tuple, ast.List)) and elt.elts else elt)
        return out
    return []


def test_widget_labels_come_from_the_catalog():
    """In apps/, a widget's ``description=``, ``placeholder=``, tab titles (``set_title``, ``titles=``),
    option labels, a button's or label's text and the text of an ``HTML`` widget written in place are
    checked: any literal with words in it is a label that slipped past the prose test (issue 20:
    ``"Penutupan & hasil"`` had two words and no marker)."""
    found = []
    for rel, tree in _sources():
        if not rel.startswith("apps/"):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            texts = []
            for kw in node.keywords:
                if kw.arg in LABEL_KEYWORDS:
                    texts += _text_of(kw.value)
            if name == "set_title" and len(node.args) == 2:
                texts += _text_of(node.args[1])
            if name in ("Button", "Label", "HTML", "ToggleButton", "Checkbox") and node.args:
                texts += _text_of(node.args[0])
            for text in texts:
                shown = re.sub(r"<[^>]*>|&\w+;|\{[^}]*\}", " ", text)
                if re.search(r"[A-Za-z]{2,}", shown) and (rel, text) not in ALLOWED_LABELS:
                    found.append(f"{rel}:{node.lineno}: {text[:60]!r}")
    assert found == []


def test_templates_hold_no_prose():
    found = []
    for path in sorted(PKG.rglob("*.j2")):
        text = re.sub(r"{#.*?#}|{{.*?}}|{%.*?%}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<style.*?</style>|<script.*?</script>", " ", text, flags=re.S)
        for line in re.sub(r"<[^>]*>", "\n", text).splitlines():
            if line.strip() and _prose(line):
                found.append(f"{path.name}: {line.strip()[:70]!r}")
    assert found == []


def _error_names() -> set[str]:
    """Error classes of the package that take a catalog key first (``AccessDenied(reason)``,
    ``RosterError(errors)``, ``StoreFileGone(detail)`` take other things), and ``analysis_error``."""
    import inspect

    for info in pkgutil.walk_packages(kinerja_survey.__path__, "kinerja_survey."):
        importlib.import_module(info.name)
    names, todo = set(), [KinerjaError]
    while todo:
        cls = todo.pop()
        first = next(iter(list(inspect.signature(cls.__init__).parameters)[1:2]), None)
        if first == "key":
            names.add(cls.__name__)
        todo += cls.__subclasses__()
    assert {"StoreError", "CycleError", "AnalysisError", "InstrumentError"} <= names
    return names | {"analysis_error"}


def test_errors_are_raised_with_catalog_keys_and_every_key_used_exists():
    """``raise SomeKinerjaError("text")`` would be a text in place; ``t("typo")`` a blank on screen."""
    errors = _error_names()
    bad = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if name in errors or name in ("Msg", "t", "_t"):
                if isinstance(first, ast.JoinedStr) and name in errors:
                    bad.append(f"{rel}:{node.lineno}: {name}(f-string)")
                elif isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value not in STRINGS["id"]:
                    bad.append(f"{rel}:{node.lineno}: {name}({first.value[:50]!r}) is not a catalog key")
    assert bad == []


# --- English on request: a report and the dashboard ------------------------------------------------

@pytest.fixture(scope="module")
def demo_results(demo_db):
    from kinerja_survey import cycle as uc
    from kinerja_survey.store import Store

    path, cid, _ = demo_db
    store = Store(path, create=False)
    yield store, cid, uc.load_results(store, cid, provisional=True)  # the demo cycle is still open
    store.dispose()


def _visible_text(doc: str) -> str:
    import html.parser

    parts = []

    class P(html.parser.HTMLParser):
        def handle_data(self, data):
            parts.append(data)

    P(convert_charrefs=True).feed(doc)
    return " ".join(parts)


#: fixed texts of the report, by key: none may be left in Bahasa Indonesia in an English report
REPORT_KEYS = ("report.confidential", "report.title", "dash.tab_ringkasan", "report.box_score", "admin.h_penilai",
               "report.col_group", "report.note_score", "plot.self_title", "report.h_items", "report.highest",
               "report.h_spots", "report.h_comments", "report.note_comment", "report.h_suggest",
               "report.note_predikat", "results.state_open")


def test_a_report_rendered_in_english(demo_results):
    import io

    import pypdf

    from kinerja_survey.present import reports

    _, _, results = demo_results
    nip = results.scores["combined"].dropna().index[0]
    en = reports.feedback_report(results, nip, lang="en")
    page = reports.render_html(en)
    text = _visible_text(page)
    assert '<html lang="en">' in page and en.lang == "en"
    for key in REPORT_KEYS:
        assert t(key, "en") in text, key
        if len(t(key, "id").split()) >= 2:  # (one word may be an official title kept in English: Pejabat Penilai)
            assert t(key, "id") not in text, key
    # competency names and items from the instrument's English texts, the decimal point in English
    assert all(c.name["en"] in text for c in results.instrument.competencies)
    assert re.search(r"360° behaviour score\s*\d\.\d\d", text) and not re.search(r"\d,\d\d", en.weights_note)
    assert en.responses["kelompok"].isin([t(f"report.grp_{g}", "en") for g in ("self", "supervisor", "peer",
                                                                               "subordinate")]).all()
    # the same report by default is in Bahasa Indonesia
    id_page = _visible_text(reports.render_html(reports.feedback_report(results, nip)))
    assert t("report.title", "id") in id_page and t("report.title", "en") not in id_page
    pdf = pypdf.PdfReader(io.BytesIO(reports.render_pdf(en)))
    pdf_text = " ".join(p.extract_text() for p in pdf.pages)
    assert t("report.title", "en") in pdf_text and "Page 1" in pdf_text and "Halaman" not in pdf_text
    assert " to " in en.cycle and "s.d." not in en.cycle  # the period of the cycle, in English too
    assert t("report.h_suggest", "en") in pdf_text and t("report.h_suggest", "id") not in pdf_text


def test_the_dashboard_in_english(demo_results):
    import ipywidgets as widgets

    from kinerja_survey.apps import dashboard as dash

    store, cid, results = demo_results
    data = dash.dashboard_data(results)
    views = dash.render_view(data, lang="en")
    shown = {k: _visible_text(v) for k, v in views.items()}
    assert "Performance predikat – the whole organisation" in shown["ringkasan"]
    assert "How far can these scores be trusted?" in shown["reliabilitas"]
    assert all(h in shown["reliabilitas"] for h in ("Measure", "For", "Judgement", "Meaning"))
    assert all(h in shown["respons"] for h in ("Work unit", "Response", "Submitted", "Invited", "Total"))
    for text in shown.values():  # nothing of the Indonesian labels
        for word in ("seluruh organisasi", "Artinya", "Ukuran", "Terkirim", "Diundang", "pegawai dinilai",
                     "Jumlah", "disembunyikan", "Penilai lain"):
            assert word not in text, word
    app = dash.results_app(store, cid, sementara=True, lang="en")
    found = []

    def walk(w):
        found.append(w)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(app)
    descriptions = {getattr(w, "description", "") for w in found}
    assert {"Period", "Unit", "Meeting mode", "Show provisional results"} <= descriptions
    tabs = next(w for w in found if isinstance(w, widgets.Tab))
    assert [tabs.get_title(i) for i in range(5)] == [t(f"dash.tab_{k}", "en") for k in dash.PANELS]
    status = next(w for w in found if isinstance(w, widgets.HTML) and "<div class='ks-status'>" in w.value).value
    assert "employees rated" in status and "PROVISIONAL RESULTS" in status and "Meeting mode" in status
    assert "dinilai" not in status and "HASIL SEMENTARA" not in status


def test_the_cli_speaks_english_on_request(tmp_path, monkeypatch):
    """Help (the group's, a command's, its options and click's frame words) and output: Bahasa
    Indonesia by default, English with --lang en or $KINERJA_SURVEY_LANG=en."""
    from click.testing import CliRunner

    from kinerja_survey.cli import main

    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    db = ["--db", str(tmp_path / "cli.sqlite"), "--petugas", "uji"]
    run = CliRunner().invoke
    shown = run(main, ["--help"]).output
    assert "Penggunaan:" in shown and "Pilihan" in shown and "Perintah" in shown and "Buat basis data" in shown
    shown = run(main, ["--lang", "en", "--help"]).output
    assert "Usage:" in shown and "Options" in shown and "Commands" in shown
    assert t("cli.cmd.init", "en") in shown and "Penggunaan" not in shown and "Buat basis data" not in shown
    shown = run(main, ["--lang", "en", "tetapkan-penilai", "--help"]).output
    assert t("cli.opt.assign.max-load", "en") in shown and t("cli.opt.assign.max-load", "id") not in shown
    assert "[default: 12]" in shown and "[required]" in shown
    assert "[bawaan: 12]" in run(main, ["tetapkan-penilai", "--help"]).output
    out = run(main, [*db, "--lang", "en", "siapkan"])
    assert out.exit_code == 0 and out.output.startswith("Database ready:")
    out = run(main, [*db, "status", "7"])  # a refusal of the store, in Indonesian by default
    assert out.exit_code == 1 and "Periode penilaian 7 tidak ada." in out.output
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    out = run(main, [*db, "status", "7"])
    assert out.exit_code == 1 and "Rating period 7 does not exist." in out.output
    assert run(main, [*db, "status"]).output.strip() == ("No period yet.\n"
                                                         "Last backup: none made with 'kinerja-survey cadangkan' yet.")
