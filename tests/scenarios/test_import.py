"""Smoke test of the scenario agencies: each roster file imports through the CLI as a new user
would run it, with the counts and the unit tree the generator built."""

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from kinerja_survey.cli import main
from kinerja_survey.store import Store, units

from .agencies import SEEDS, all_agencies, badan, bkpsdm, dinas, expected_jenis


def _all_paths(paths):
    out = set()
    for p in paths:
        parts = p.split(" / ")
        out.update(" / ".join(parts[:i]) for i in range(1, len(parts) + 1))
    return out


@pytest.mark.parametrize("make", [bkpsdm, dinas, badan], ids=["bkpsdm", "dinas", "badan"])
def test_agency_imports_through_the_cli(tmp_path, make):
    agency = make()
    path = agency.write(tmp_path / agency.filename)
    db = tmp_path / "kinerja.sqlite"
    result = CliRunner().invoke(main, ["--db", str(db), "impor-roster", str(path), "--ya"])
    assert result.exit_code == 0, result.output
    store = Store(f"sqlite:///{db}")
    try:
        emp = store.employees_frame().set_index("nip")
        people = agency.people.set_index("nip")
        assert len(emp) == len(people) == {"bkpsdm": 57, "dinas": 80, "badan": 600}[agency.key]
        assert emp["unit_kerja"].to_dict() == people["unit_path"].to_dict()
        assert emp["atasan_nip"].to_dict() == people["atasan_nip"].to_dict()
        assert emp["golongan"].to_dict() == people["golongan"].to_dict()
        assert emp["jenis_kelamin"].to_dict() == people["jenis_kelamin"].to_dict()
        assert emp["jenis_jabatan"].to_dict() == expected_jenis(agency).set_axis(people.index).to_dict()
        with store.engine.connect() as conn:
            stored = {r.path for r in conn.execute(sa.select(units.c.path))}
        assert stored == _all_paths(people["unit_path"])
        assert agency.depth() == 3
    finally:
        store.dispose()


def test_agencies_are_deterministic_and_seeded():
    first, again = all_agencies(), all_agencies()
    for a, b in zip(first, again):
        assert a.people.equals(b.people) and a.seed == SEEDS[a.key]
    other = bkpsdm(seed=SEEDS["bkpsdm"] + 1)
    assert set(other.people["nip"]) != set(first[0].people["nip"])
    assert {a.key: len(a.people) for a in first} == {"bkpsdm": 57, "dinas": 80, "badan": 600}


def test_a_repeated_unit_name_becomes_one_unit_per_upt():
    people = badan().people
    tu = people.loc[people["unit_kerja"] == "Subbagian Tata Usaha", "unit_path"]
    assert tu.nunique() == 8 and all(p.startswith("Badan Pendapatan Daerah / UPT ") for p in tu)
