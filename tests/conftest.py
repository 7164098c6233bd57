"""Shared fixtures: real databases in temp dirs (SQLite) and, when configured, PostgreSQL.

``store`` is parametrised over the backends: SQLite always, PostgreSQL when
``KINERJA_TEST_PG_URL`` names a server (``.ci/run`` starts one and sets it).  Under CI
(``CI=true``) a missing PostgreSQL is a failure, not a skip.
"""

from __future__ import annotations

import os
import uuid

import pandas as pd
import pytest
import sqlalchemy as sa

from kinerja_survey.demo import generate_organisation
from kinerja_survey.store import Store

PG_URL = os.environ.get("KINERJA_TEST_PG_URL", "")


def _pg_store():
    if not PG_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("KINERJA_TEST_PG_URL is not set: CI must run the store tests against PostgreSQL")
        pytest.skip("PostgreSQL not configured (set KINERJA_TEST_PG_URL)")
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = "ks_test_" + uuid.uuid4().hex[:12]
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(PG_URL).set(database=name)
    return admin, name, url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A URL of a fresh, empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kinerja.sqlite'}"
        return
    admin, name, url = _pg_store()
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def store(store_url):
    s = Store(store_url)
    yield s
    s.dispose()


@pytest.fixture(autouse=True, scope="session")
def _private_pseudonym_key(tmp_path_factory):
    """Keep the installation's pseudonymisation key out of the tester's home directory."""
    mp = pytest.MonkeyPatch()
    mp.setenv("KINERJA_SURVEY_SECRET_FILE", str(tmp_path_factory.mktemp("cfg") / "pseudonym-secret"))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def small_roster() -> pd.DataFrame:
    """A 40-person demo roster (valid NIPs, a 3-level hierarchy)."""
    return generate_organisation(40, seed=7)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    """The 40-person demo agency (seed 5), built once per test session into a SQLite file."""
    from kinerja_survey.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    s = Store(path)
    result = build_demo(s, n_employees=40, seed=5)
    s.dispose()
    return path, result


@pytest.fixture(scope="module")
def demo_db(_demo_template, tmp_path_factory):
    """A private copy of the session's demo database for one test module: ``(path, cycle_id, DemoResult)``.

    Copying a 1 MB file costs milliseconds where building the demo costs seconds, and a module
    may change its copy (close the cycle, override a predikat) without touching the others.
    """
    import shutil

    src, result = _demo_template
    dst = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copyfile(src, dst)
    return dst, result.cycle_id, result


def cli_as(name: str) -> str:
    """The actor the command line records for ``--petugas name``: the name with the OS login that
    ran it (``cycle.accounts.cli_actor``, docs/security.md "Who acts on the command line")."""
    import getpass

    from kinerja_survey.cycle.accounts import cli_actor

    return cli_actor(name, getpass.getuser())


def calibrated_demo(store: Store, employees: int, seed: int, rating: str = "Sesuai"):
    """A demo cycle ready to publish: opened, every form answered, closed, every ratee's Rating
    Hasil Kerja ``rating`` imported and the organisation predikat "Baik" set.  Returns the demo
    (``cycle_id``, ``links``)."""
    from kinerja_survey import cycle as uc
    from kinerja_survey.cycle.calibration import cycle_ratees
    from kinerja_survey.demo import answer_all, open_demo_cycle

    demo = open_demo_cycle(store, employees, seed=seed, actor="hr")
    answer_all(store, demo.cycle_id, dict(zip(demo.links["nip"], demo.links["token"])), seed=seed)
    uc.close_cycle(store, demo.cycle_id, actor="hr")
    nips = cycle_ratees(store, demo.cycle_id)
    uc.import_hasil_kerja(store, demo.cycle_id, pd.DataFrame({"nip": nips, "rating": [rating] * len(nips)}),
                          actor="hr")
    uc.set_org_predikat(store, demo.cycle_id, "Baik", actor="hr")
    return demo
