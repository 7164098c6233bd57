"""Bad input, fuzzed with hypothesis, on SQLite and PostgreSQL.

Roster files (encodings, separators, empty cells, Excel dates, NIPs that Excel turned into
numbers), instrument files (YAML/CSV junk), answer values, link tokens, comments of any size
and content, assignment ids.  The property is always the same: the input is either taken
correctly (and reads back the same) or refused with the module's own error type
(``RosterError``, ``InstrumentError``, ``StoreError``/``AccessDenied``) whose message names the
row or field -- and a refused input writes nothing (every table's row count is unchanged).
No other exception type may escape: a raw ``KeyError``, ``UnicodeError`` or a PostgreSQL
``DataError`` is a bug.

Example counts are modest for CI; the XLSX and whole-roster fuzzers are marked ``slow``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from fractions import Fraction

import openpyxl
import pytest
import sqlalchemy as sa
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kinerja_survey.collect.instrument import (
    Instrument,
    InstrumentError,
    berakhlak,
    from_csv,
    from_yaml,
)
from kinerja_survey.collect.nip import normalise_nip
from kinerja_survey.collect.roster import ROSTER_COLUMNS, RosterError, load_roster
from kinerja_survey.demo import generate_organisation, open_demo_cycle
from kinerja_survey.store import (
    MAX_COMMENT_CHARS,
    AccessDenied,
    StoreError,
    metadata,
)

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
ROSTER = generate_organisation(12, seed=21)
INSTRUMENT = berakhlak()
CODES = [i.code for i in INSTRUMENT.items]
COMPS = [c.code for c in INSTRUMENT.competencies]


def _counts(store) -> dict:
    with store.engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in metadata.sorted_tables}


@pytest.fixture
def ready(store):
    """A store with the 12-person roster and an open cycle; (store, cycle_id, token, assignment_id)."""
    demo = open_demo_cycle(store, len(ROSTER), seed=21, name="Fuzz", actor="admin")  # the same roster as ROSTER
    token, assignment_id = demo.forms[0]
    return store, demo.cycle_id, token, assignment_id


# -- roster files -----------------------------------------------------------------------------------
HEADERS = {"nip": ["NIP", "NIP Baru", "nip"], "nama": ["Nama", "Nama Lengkap"], "jabatan": ["Jabatan"],
           "jenis_jabatan": ["Jenis Jabatan"], "golongan": ["Gol/Ruang", "Golongan"],
           "unit_kerja": ["Unit Kerja", "UNOR"], "atasan_nip": ["NIP Atasan"], "jenis_kelamin": ["JK", "L/P"]}
ROW_FIELDS = set(ROSTER_COLUMNS) | {"berkas"}


def _excel_damaged_nip(nip: str):
    """The ways a NIP column arrives after passing through Excel."""
    f = float(nip)
    return st.sampled_from([
        f"{f:.5E}",  # as Excel displays it: 1.98503E+17
        str(f),  # 1.985033020100110e+17
        str(round(int(nip), -3)),  # Excel keeps 15 significant digits: ...000
        nip[1:],  # a digit lost
        nip[:-1],
    ]).filter(lambda s: s != nip)


@st.composite
def roster_csv(draw):
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    sep = draw(st.sampled_from([",", ";"]))
    alphabet = st.characters(codec="cp1252" if encoding == "cp1252" else "utf-8",
                             exclude_categories=["Cs"])
    junk = st.text(alphabet, max_size=40)
    people = ROSTER.sample(n=draw(st.integers(1, len(ROSTER))), random_state=draw(st.integers(0, 99)))
    people = people.sort_index()  # supervisors before their staff is not required, keep it stable
    cols = draw(st.permutations(ROSTER_COLUMNS))
    header = [draw(st.sampled_from(HEADERS[c])) for c in cols]
    rows, damaged = [], {}
    for pos, (_, person) in enumerate(people.iterrows()):
        rec = {c: str(person[c]) for c in ROSTER_COLUMNS}
        kind = draw(st.sampled_from(["ok", "ok", "ok", "empty", "junk", "excel_nip", "nip_spaces"]))
        if kind == "excel_nip":
            rec["nip"] = draw(_excel_damaged_nip(rec["nip"]))
            damaged[pos + 2] = rec["nip"]
        elif kind == "nip_spaces":
            n = rec["nip"]
            rec["nip"] = draw(st.sampled_from([f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}", f"'{n}", f" {n} "]))
        elif kind in ("empty", "junk"):
            col = draw(st.sampled_from(ROSTER_COLUMNS))
            rec[col] = "" if kind == "empty" else draw(junk)
        rows.append([rec[c] for c in cols])
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding), len(rows), damaged


def _check_roster_outcome(store, data, n_rows, before, name="pegawai.csv"):
    """Either the import is whole and correct, or a RosterError naming rows/fields and no writes."""
    # a bare CR inside a cell is a line break to CSV readers (and spreadsheets): rows are lines
    last_row = n_rows + 1 if name.endswith(".xlsx") else data.count(b"\n") + data.count(b"\r") + 1
    try:
        counts = store.import_roster(load_roster((name, data)), actor="penguji")
    except RosterError as exc:
        assert _counts(store) == before
        assert exc.errors and str(exc).startswith(name)
        for e in exc.errors:
            assert 0 <= e.row <= last_row and e.message.strip()
            assert e.field in ROW_FIELDS or e.row == 1  # row 1 = the header: names the column
        return exc
    active = store.employees_frame()
    assert len(active) == n_rows and counts["added"] + counts["updated"] == n_rows
    assert active["nip"].str.fullmatch(r"\d{18}").all()
    return None


@pytest.mark.slow
@FUZZ
@given(case=roster_csv())
def test_fuzzed_roster_csv_imports_whole_or_names_every_bad_row(store, case):
    data, n_rows, damaged = case
    before = _counts(store)
    err = _check_roster_outcome(store, data, n_rows, before)
    if damaged:  # a NIP mangled by Excel is always caught, on its own row, in the NIP column
        assert err is not None
        nip_errors = [e for e in err.errors if e.field == "nip"]
        for value in damaged.values():
            assert any(normalise_nip(value) in e.message for e in nip_errors)
        if data.count(b"\r") == data.count(b"\r\n"):  # no bare CR splitting a row in two
            assert set(damaged) <= {e.row for e in nip_errors}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300),
                      st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.builds(lambda h, t: (h + t).encode("utf-8"), st.sampled_from(["NIP,Nama\n", "NIP;Nama;Jabatan;Unit Kerja\n"]),
                                st.text(max_size=200))))
def test_random_bytes_as_roster_are_refused_cleanly(store, data):
    before = _counts(store)
    with pytest.raises(RosterError) as err:
        store.import_roster(load_roster(("junk.csv", data)), actor="penguji")
    assert _counts(store) == before
    assert all(e.field in ROW_FIELDS or e.row == 1 for e in err.value.errors)


def _xlsx(rows, header) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@st.composite
def roster_xlsx(draw):
    people = ROSTER.head(draw(st.integers(1, 6)))
    header = [HEADERS[c][0] for c in ROSTER_COLUMNS]
    rows, numeric = [], set()
    for pos, (_, person) in enumerate(people.iterrows()):
        rec = [person[c] or None for c in ROSTER_COLUMNS]  # empty optional cells stay empty
        kind = draw(st.sampled_from(["text", "text", "int", "float", "date_in_name", "empty_jabatan"]))
        if kind == "int":
            rec[0] = int(person["nip"])
            numeric.add(pos + 2)
        elif kind == "float":
            rec[0] = float(person["nip"])
            numeric.add(pos + 2)
        elif kind == "date_in_name":
            rec[1] = dt.datetime(2020, 1, 31)
        elif kind == "empty_jabatan":
            rec[2] = None
        rows.append(rec)
    return _xlsx(rows, header), len(rows), numeric


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(case=roster_xlsx())
def test_fuzzed_roster_xlsx(store, case):
    data, n_rows, numeric = case
    before = _counts(store)
    err = _check_roster_outcome(store, data, n_rows, before, name="pegawai.xlsx")
    if numeric:  # a NIP stored as a number is reported, never guessed
        assert err is not None
        assert numeric <= {e.row for e in err.errors if e.field == "nip" and "angka" in e.message}


def test_overlong_roster_fields_are_row_errors_not_database_errors(store):
    """PostgreSQL enforces VARCHAR lengths (SQLite does not): the roster check must come first."""
    people = ROSTER.head(3).copy()
    people.loc[people.index[1], "nama"] = "N" * 201
    people.loc[people.index[2], "unit_kerja"] = "U" * 201
    before = _counts(store)
    with pytest.raises(RosterError) as err:
        store.import_roster(load_roster(people), actor="penguji")
    assert {(e.row, e.field) for e in err.value.errors} == {(3, "nama"), (4, "unit_kerja")}
    assert _counts(store) == before


def test_control_characters_in_roster_cells_are_dropped(store):
    people = ROSTER.head(2).copy()
    people.loc[people.index[1], "nama"] = "Budi\x00 Santoso\x07"
    store.import_roster(load_roster(people), actor="penguji")
    assert list(store.employees_frame()["nama"])[1] == "Budi Santoso"


# -- instrument files -------------------------------------------------------------------------------
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                    st.text(max_size=60))
junk_tree = st.recursive(scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12),
                                                                                            kids, max_size=4),
                         max_leaves=12)


@st.composite
def mutated_instrument(draw):
    """The valid BerAKHLAK layout with one to three places replaced by junk."""
    data = INSTRUMENT.to_dict()
    for _ in range(draw(st.integers(1, 3))):
        node, path = data, []
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node, key=str)) if isinstance(node, dict)
                       else st.integers(0, len(node) - 1))
            if not isinstance(node[key], (dict, list)):
                break
            node, path = node[key], path + [key]
        if isinstance(node, dict) and node:
            node[draw(st.sampled_from(sorted(node, key=str)))] = draw(junk_tree)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(junk_tree)
    return data


def _check_instrument_outcome(store, make):
    before = _counts(store)
    try:
        inst = make()
    except InstrumentError as exc:
        assert str(exc).startswith("instrumen") and len(str(exc)) > 12
        return
    assert isinstance(inst, Instrument)
    try:
        cid = store.create_cycle("Instrumen uji", "2026-01-01", "2026-12-31", inst, actor="penguji")
    except StoreError:
        assert _counts(store) == before
        return
    assert store.instrument(cid) == inst  # what was accepted reads back identically


@settings(FUZZ, max_examples=120)
@given(data=st.one_of(mutated_instrument(), junk_tree))
def test_fuzzed_yaml_instrument(store, data):
    text = yaml.safe_dump(data, allow_unicode=True)
    _check_instrument_outcome(store, lambda: from_yaml(text))


@FUZZ
@given(text=st.text(max_size=400))
def test_random_text_as_yaml_instrument(store, text):
    _check_instrument_outcome(store, lambda: from_yaml(text))


@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=60), min_size=0, max_size=6), max_size=8),
       header=st.sampled_from(["competency_code,competency_name,item_code,item_text",
                               "competency_code,competency_name,item_code,item_text,item_text_en",
                               "item_code,item_text", ""]))
def test_fuzzed_csv_instrument(store, rows, header):
    buf = io.StringIO()
    buf.write(header + "\n")
    csv.writer(buf).writerows(rows)
    _check_instrument_outcome(store, lambda: from_csv(buf.getvalue()))


def test_instrument_codes_longer_than_the_database_allows_are_refused():
    data = INSTRUMENT.to_dict()
    data["competencies"][0]["items"][0]["code"] = "X" * 51
    with pytest.raises(InstrumentError, match="butir ke-1.*50"):
        from_yaml(yaml.safe_dump(data))


# -- answers ----------------------------------------------------------------------------------------
def _valid(value) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True  # unanswered
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        return False  # Decimal, complex, text, lists: not accepted
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return value in (1, 2, 3, 4, 5)  # exact comparison: 3.0 and Fraction(6, 2) are 3, 2.5 is not


values = st.one_of(st.integers(-10**30, 10**30), st.integers(0, 6), st.floats(), st.sampled_from([3.0, 2.5, 5.0]),
                   st.booleans(), st.none(), st.text(max_size=5), st.decimals(allow_nan=False),
                   st.fractions(), st.complex_numbers(), st.lists(st.integers(1, 5), max_size=2))


@FUZZ
@given(value=values, code=st.sampled_from(CODES))
@example(value=10**400, code="BER1")
@example(value=Fraction(10**400, 3), code="BER1")
@example(value=float("inf"), code="BER1")
def test_answer_values_are_taken_exactly_or_refused_naming_the_item(ready, value, code):
    store, _cid, token, aid = ready
    before = _counts(store)
    answers_in = {c: 3 for c in CODES}
    answers_in[code] = value
    if _valid(value):
        store.save_response(token, aid, answers_in)
        saved = store.load_response(store.open_link(token), aid)["answers"]
        expect = {c: v for c, v in answers_in.items() if c != code}
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            expect[code] = int(value)
        assert saved == expect
    else:
        with pytest.raises(StoreError, match=f"Butir '{code}'"):
            store.save_response(token, aid, answers_in)
        assert _counts(store) == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(codes=st.dictionaries(st.one_of(st.text(max_size=20), st.integers(), st.none()), st.integers(1, 5),
                             min_size=1, max_size=3))
def test_unknown_item_codes_are_refused(ready, codes):
    store, _cid, token, aid = ready
    assume(not set(codes) & set(CODES))
    before = _counts(store)
    with pytest.raises(StoreError, match="tidak ada dalam instrumen"):
        store.save_response(token, aid, codes)
    assert _counts(store) == before


# -- tokens and assignment ids -----------------------------------------------------------------------
any_text = st.text(st.characters(exclude_categories=[]), max_size=300)  # includes lone surrogates and NUL
tokens = st.one_of(any_text, st.binary(max_size=64), st.integers(), st.none(), st.floats(), st.just("x" * 100000))


@FUZZ
@given(token=tokens)
@example(token="\ud800" * 20)
@example(token="A" * 43 + "\x00")
def test_any_token_opens_nothing(ready, token):
    store, _cid, real, aid = ready
    assume(token != real)
    before = _counts(store)
    with pytest.raises(AccessDenied) as err:
        store.open_link(token)
    assert err.value.reason == "unknown"
    with pytest.raises(AccessDenied):
        store.save_response(token, aid, {c: 3 for c in CODES}, submit=True)
    assert _counts(store) == before


@FUZZ
@given(assignment_id=st.one_of(st.integers(-2**70, 2**70), st.text(max_size=10), st.none(), st.floats(),
                               st.just(True), st.lists(st.integers(), max_size=2)))
def test_any_assignment_id_not_owned_is_not_found(ready, assignment_id):
    store, _cid, token, aid = ready
    assume(not (isinstance(assignment_id, int) and not isinstance(assignment_id, bool) and assignment_id == aid))
    owned = set(store.rater_tasks(store.open_link(token))["assignment_id"])
    assume(assignment_id not in owned if isinstance(assignment_id, int) and not isinstance(assignment_id, bool) else True)
    before = _counts(store)
    session = store.open_link(token)
    with pytest.raises(StoreError, match="Penugasan tidak ditemukan"):
        store.save_response(token, assignment_id, {c: 3 for c in CODES})
    with pytest.raises(StoreError, match="Penugasan tidak ditemukan"):
        store.load_response(session, assignment_id)
    assert _counts(store) == before


# -- comments ---------------------------------------------------------------------------------------
comment_text = st.one_of(
    any_text,
    st.sampled_from(["<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "'; DROP TABLE responses; --",
                     "Robert'); --", "{{7*7}}", "%s%s%n", "\u202eevil", "😀👍🏽 Bagus sekali",
                     "tab\there\r\nnew line"]),
    st.integers(0, MAX_COMMENT_CHARS + 50).map(lambda n: "x" * n),
)


def _expected_comment(text: str) -> str:
    """What the store keeps: C0 control characters other than tab/newline dropped, lone
    surrogates replaced by U+FFFD, surrounding whitespace stripped."""
    out = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text
                  if not (ord(ch) < 32 and ch not in "\t\n\r") and ch != "\x7f")
    return out.strip()


@FUZZ
@given(text=comment_text, overall=comment_text, comp=st.sampled_from(COMPS))
def test_comments_of_any_size_and_content_are_kept_or_refused(ready, text, overall, comp):
    store, _cid, token, aid = ready
    before = _counts(store)
    too_long = [name for name, t in ((f"Komentar '{comp}'", text), ("Komentar umum", overall))
                if len(_expected_comment(t)) > MAX_COMMENT_CHARS]
    if too_long:
        with pytest.raises(StoreError, match="terlalu panjang") as err:
            store.save_response(token, aid, {CODES[0]: 4}, {comp: text}, overall)
        assert str(err.value).startswith(too_long[0])
        assert _counts(store) == before
        return
    store.save_response(token, aid, {CODES[0]: 4}, {comp: text}, overall)
    saved = store.load_response(store.open_link(token), aid)
    expect = _expected_comment(text)
    assert saved["comments"] == ({comp: expect} if expect else {})
    assert saved["overall_comment"] == _expected_comment(overall)
