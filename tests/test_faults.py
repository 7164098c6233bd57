"""Faults: a writer killed mid-submission, a closed cycle, a locked / read-only / full database.

In every case the user gets a clear message in Bahasa Indonesia (a ``StoreError`` subclass:
``StoreUnavailable``, ``StoreReadOnly``, ``StoreFull`` or ``AccessDenied``), every submission
the store had accepted is still there and complete (all 21 answers), and the refused one left
nothing behind (no half-written response).

Where the operating system allows it the faults are real (``chattr +i`` on the database file,
a full tmpfs); otherwise they are simulated at the connection: ``PRAGMA query_only`` and
``PRAGMA max_page_count`` (SQLite), ``default_transaction_read_only`` and a trigger raising
SQLSTATE 53100 ``disk_full`` (PostgreSQL), which give the driver the same errors.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from kinerja_survey.demo import open_demo_cycle
from kinerja_survey.store import (
    AccessDenied,
    Store,
    StoreError,
    StoreFileGone,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
    answers,
    responses,
)
from kinerja_survey.store.responses import ResponsesPart

WRITER = r"""
import json, os, sys
from kinerja_survey.store import Store
url, job = sys.argv[1], json.load(open(sys.argv[2]))
store = Store(url, create=False)
print("READY", flush=True)
for token, aid in job["forms"]:
    values = {c: 1 + (aid + k) % 5 for k, c in enumerate(job["codes"])}
    res = store.save_response(token, aid, values, {"BER": "x" * 500}, "catatan " * 50, submit=True)
    os.write(1, f"ACCEPTED {aid} {res['response_id']}\n".encode())  # one write(2): a kill cannot tear the line
print("DONE", flush=True)
"""


def _setup(store_url, n=24, seed=3):
    store = Store(store_url)
    demo = open_demo_cycle(store, n, seed=seed, name="Uji gangguan")
    return store, demo.cycle_id, demo.forms, demo.item_codes


def _full(aid, codes):
    return {c: 1 + (aid + k) % 5 for k, c in enumerate(codes)}


def _state(url):
    """{assignment_id: (status, number of answers)} straight from the tables."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(responses.c.assignment_id, responses.c.status, sa.func.count(answers.c.item_id))
                            .outerjoin(answers, answers.c.response_id == responses.c.id)
                            .group_by(responses.c.assignment_id, responses.c.status)).all()
    engine.dispose()
    return {a: (s, n) for a, s, n in rows}


def _integrity_ok(url):
    if not url.startswith("sqlite"):
        return True
    con = sqlite3.connect(sa.engine.make_url(url).database)
    try:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


# -- kill -9 ---------------------------------------------------------------------------------------
def test_writer_killed_mid_submission_loses_no_accepted_submission(store_url, tmp_path):
    store, cid, forms, codes = _setup(store_url)
    store.dispose()
    rng = random.Random(6)
    accepted: dict[int, int] = {}
    remaining = list(forms)
    kills = 0
    for _round in range(3):
        job = tmp_path / "job.json"
        job.write_text(json.dumps({"forms": remaining, "codes": codes}))
        proc = subprocess.Popen([sys.executable, "-c", WRITER, store_url, str(job)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "READY"
        target = rng.randint(3, 8)
        got = 0
        while got < target:
            line = proc.stdout.readline().split()
            assert line and line[0] == "ACCEPTED", proc.stderr.read()
            accepted[int(line[1])] = int(line[2])
            got += 1
        time.sleep(rng.uniform(0, 0.01))  # land somewhere inside the next submission
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        kills += 1
        rest = proc.stdout.read().split("\n")  # accepted between our last read and the kill
        for line in rest[:-1]:  # rest[-1] is '' after a whole last line (a line without its newline was cut)
            if line.startswith("ACCEPTED"):
                _, aid, rid = line.split()
                accepted[int(aid)] = int(rid)
        assert _integrity_ok(store_url)
        state = _state(store_url)
        # every accepted submission is present and complete ...
        assert all(state.get(aid) == ("submitted", 21) for aid in accepted)
        # ... and nothing is half-written (the killed transaction, if any, left no trace)
        assert all(v == ("submitted", 21) for v in state.values())
        remaining = [f for f in remaining if f[1] not in state]

    # restart: a fresh writer finishes the rest, and the store is fully usable
    job.write_text(json.dumps({"forms": remaining, "codes": codes}))
    done = subprocess.run([sys.executable, "-c", WRITER, store_url, str(job)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "DONE"
    state = _state(store_url)
    assert kills == 3 and len(state) == len(forms)
    assert set(state.values()) == {("submitted", 21)}
    assert _integrity_ok(store_url)
    s = Store(store_url, create=False)
    assert len(s.ratings_frame(cid)) == 21 * len(forms)
    s.dispose()


# -- closed cycle ---------------------------------------------------------------------------------
def test_closed_cycle_refuses_saves_with_a_clear_message(store):
    _, cid, forms, codes = _setup(store.url, n=12)
    (t0, a0), (t1, a1) = forms[0], forms[1]
    store.save_response(t0, a0, _full(a0, codes), submit=True)
    store.save_response(t1, a1, {codes[0]: 2})
    session = store.open_link(t1)  # the rater has the form open ...
    store.close_cycle(cid, actor="penguji")  # ... when the admin closes the cycle
    before = _state(store.url)
    for submit in (False, True):
        with pytest.raises(AccessDenied) as err:
            store.save_response(t1, a1, _full(a1, codes), submit=submit)
        assert err.value.reason == "closed"
        assert str(err.value) == "Periode penilaian sudah ditutup. Terima kasih."
    assert _state(store.url) == before == {a0: ("submitted", 21), a1: ("draft", 1)}
    assert store.load_response(session, a1)["answers"] == {codes[0]: 2}
    with pytest.raises(StoreError, match="tidak dapat diubah"):
        store.open_cycle(cid, actor="penguji")  # closing is final


def test_closing_while_a_writer_submits_accepts_nothing_after_the_close(store):
    """A writer thread submits in a loop while the cycle is closed: each submission is either
    accepted (complete, submitted before ``closed_at``) or refused as closed; none in between."""
    _, cid, forms, codes = _setup(store.url, n=30)
    writer = Store(store.url, create=False)
    outcome = {}
    go = threading.Event()

    def run():
        go.wait()
        for token, aid in forms:
            try:
                writer.save_response(token, aid, _full(aid, codes), submit=True)
                outcome[aid] = "accepted"
            except AccessDenied as exc:
                outcome[aid] = exc.reason
            time.sleep(0.001)  # raters' saves are spread out; lets the admin's close get its turn

    th = threading.Thread(target=run)
    th.start()
    go.set()
    while len(outcome) < 5:
        time.sleep(0.002)
    store.close_cycle(cid, actor="penguji")
    th.join(60)
    writer.dispose()
    closed_at = store.cycle(cid)["closed_at"]
    state = _state(store.url)
    accepted = {a for a, o in outcome.items() if o == "accepted"}
    assert set(outcome.values()) <= {"accepted", "closed"} and "closed" in outcome.values()
    assert set(state) == accepted and set(state.values()) == {("submitted", 21)}
    submitted = store.assignments_frame(cid).query("status == 'submitted'")
    assert len(submitted) == len(accepted)
    with store.engine.connect() as conn:
        last = conn.execute(sa.select(sa.func.max(responses.c.submitted_at))).scalar()
    assert last <= closed_at


def test_close_waits_for_a_save_in_flight(store, monkeypatch):
    """Deterministic version of the race above: a save is slowed down (fault injection) after it
    checked the link; the close must wait for it, so the accepted save is stamped before
    ``closed_at`` and no result changes after the cycle is closed."""
    _, cid, forms, codes = _setup(store.url, n=12)
    (t0, a0), (t1, a1) = forms[0], forms[1]
    slow = Store(store.url, create=False)
    checked = threading.Event()
    real = ResponsesPart.owned_assignment

    def slow_owned(self, conn, session, assignment_id):
        row = real(self, conn, session, assignment_id)
        if self.db is slow.db:
            checked.set()
            time.sleep(0.5)
        return row

    monkeypatch.setattr(ResponsesPart, "owned_assignment", slow_owned)
    result = {}
    th = threading.Thread(target=lambda: result.update(slow.save_response(t0, a0, _full(a0, codes), submit=True)))
    th.start()
    assert checked.wait(30)
    store.close_cycle(cid, actor="penguji")  # arrives while the save is in flight
    th.join(30)
    assert result["status"] == "submitted" and result["already"] is False
    with store.engine.connect() as conn:
        submitted_at = conn.execute(sa.select(responses.c.submitted_at)).scalar()
    assert submitted_at <= store.cycle(cid)["closed_at"]
    with pytest.raises(AccessDenied, match="ditutup"):
        store.save_response(t1, a1, _full(a1, codes), submit=True)
    assert _state(store.url) == {a0: ("submitted", 21)}
    slow.dispose()


# -- locked ---------------------------------------------------------------------------------------
class _Lock:
    """Hold the database's write lock from another connection (SQLite ``BEGIN EXCLUSIVE``,
    PostgreSQL ``LOCK TABLE responses IN ACCESS EXCLUSIVE MODE``)."""

    def __init__(self, url):
        self.url = url

    def __enter__(self):
        if self.url.startswith("sqlite"):
            self.con = sqlite3.connect(sa.engine.make_url(self.url).database, isolation_level=None,
                                       check_same_thread=False)
            self.con.execute("BEGIN EXCLUSIVE")
        else:
            self.engine = sa.create_engine(self.url)
            self.con = self.engine.connect()
            self.tx = self.con.begin()
            self.con.execute(sa.text("LOCK TABLE responses IN ACCESS EXCLUSIVE MODE"))
        return self

    def __exit__(self, *exc):
        if self.url.startswith("sqlite"):
            self.con.execute("ROLLBACK")
            self.con.close()
        else:
            self.tx.rollback()
            self.con.close()
            self.engine.dispose()


def test_database_locked_longer_than_the_timeout_is_a_clear_error(store_url):
    store, _cid, forms, codes = _setup(store_url, n=12)
    (t0, a0), (t1, a1) = forms[0], forms[1]
    store.save_response(t0, a0, _full(a0, codes), submit=True)
    impatient = Store(store_url, create=False, busy_timeout=0.3)
    with _Lock(store_url):
        start = time.monotonic()
        with pytest.raises(StoreUnavailable) as err:
            impatient.save_response(t1, a1, _full(a1, codes), submit=True)
        waited = time.monotonic() - start
    assert 0.25 <= waited < 10  # it waited for the lock, then gave up
    assert "sibuk/terkunci" in str(err.value) and "BELUM tersimpan" in str(err.value)
    assert isinstance(err.value, StoreError) and err.value.detail  # driver text kept for the admin
    assert _state(store_url) == {a0: ("submitted", 21)}
    # the lock is gone: the same call now succeeds
    assert impatient.save_response(t1, a1, _full(a1, codes), submit=True)["already"] is False
    assert _state(store_url) == {a0: ("submitted", 21), a1: ("submitted", 21)}
    impatient.dispose()
    store.dispose()


def test_a_lock_shorter_than_the_timeout_is_waited_out(store_url):
    store, _cid, forms, codes = _setup(store_url, n=12)
    token, aid = forms[0]
    patient = Store(store_url, create=False, busy_timeout=10)
    lock = _Lock(store_url).__enter__()
    timer = threading.Timer(0.5, lock.__exit__, (None, None, None))
    timer.start()
    start = time.monotonic()
    patient.save_response(token, aid, _full(aid, codes), submit=True)
    assert time.monotonic() - start >= 0.4
    timer.join()
    assert _state(store_url) == {aid: ("submitted", 21)}
    patient.dispose()
    store.dispose()


def test_busy_timeout_is_validated(tmp_path):
    with pytest.raises(ValueError, match="busy_timeout"):
        Store(tmp_path / "x.sqlite", busy_timeout=-1)


# -- read-only --------------------------------------------------------------------------------------
def _read_only_store(url):
    """A Store whose every connection is read-only (SQLite ``query_only``; PostgreSQL
    ``default_transaction_read_only`` for the database, as on a hot standby)."""
    if url.startswith("sqlite"):
        s = Store(url, create=False)
        event.listen(s.engine, "connect", lambda dbapi_conn, _rec: dbapi_conn.execute("PRAGMA query_only=ON"))
        return s, lambda: None
    name = sa.engine.make_url(url).database
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))

    def undo():
        with admin.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off'))
        admin.dispose()
    return Store(url), undo  # create=True: an up-to-date read-only database still opens


def test_read_only_database_refuses_writes_clearly_and_still_reads(store_url):
    store, cid, forms, codes = _setup(store_url, n=12)
    (t0, a0), (t1, a1) = forms[0], forms[1]
    store.save_response(t0, a0, _full(a0, codes), submit=True)
    ro, undo = _read_only_store(store_url)
    try:
        with pytest.raises(StoreReadOnly) as err:
            ro.save_response(t1, a1, _full(a1, codes), submit=True)
        assert "hanya dapat dibaca" in str(err.value) and "BELUM tersimpan" in str(err.value)
        with pytest.raises(StoreReadOnly):
            ro.revoke_link(cid, store.assignments_frame(cid)["rater"].iloc[0], actor="penguji")
        assert len(ro.ratings_frame(cid)) == 21  # results can still be read
    finally:
        ro.dispose()
        undo()
    assert _state(store_url) == {a0: ("submitted", 21)}
    store.save_response(t1, a1, _full(a1, codes), submit=True)
    assert _state(store_url) == {a0: ("submitted", 21), a1: ("submitted", 21)}
    store.dispose()


def _chattr(flag, *paths):
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, check=False).returncode == 0


def test_immutable_database_file_really_read_only(tmp_path):
    """A real read-only file: ``chattr +i`` (root ignores chmod, not the immutable flag)."""
    path = tmp_path / "ro.sqlite"
    probe = tmp_path / "probe"
    probe.write_text("x")
    if not _chattr("+i", probe):
        pytest.skip("chattr +i not permitted here (needs CAP_LINUX_IMMUTABLE on ext4/xfs)")
    _chattr("-i", probe)
    url = f"sqlite:///{path}"
    store, cid, forms, codes = _setup(url, n=12)
    (t0, a0), (t1, a1) = forms[0], forms[1]
    store.save_response(t0, a0, _full(a0, codes), submit=True)
    store.dispose()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _chattr("+i", path)
    try:
        ro = Store(url)
        assert len(ro.ratings_frame(cid)) == 21
        with pytest.raises(StoreReadOnly, match="hanya dapat dibaca"):
            ro.save_response(t1, a1, _full(a1, codes), submit=True)
        ro.dispose()
        # folder immutable too: SQLite cannot create its -wal/-shm files, the file cannot open
        for extra in (tmp_path / "ro.sqlite-wal", tmp_path / "ro.sqlite-shm"):
            extra.unlink(missing_ok=True)
        assert _chattr("+i", tmp_path)
        with pytest.raises(StoreUnavailable, match="tidak dapat dibuka"):
            Store(url).save_response(t1, a1, _full(a1, codes), submit=True)
    finally:
        _chattr("-i", tmp_path)
        _chattr("-i", path)
    assert _state(url) == {a0: ("submitted", 21)}


# -- disk full --------------------------------------------------------------------------------------
def _full_store(url):
    """A Store on a database that cannot grow (SQLite ``max_page_count`` = current size;
    PostgreSQL: a trigger raising SQLSTATE 53100 ``disk_full`` on new answers)."""
    if url.startswith("sqlite"):
        s = Store(url, create=False)

        def cap(dbapi_conn, _rec):
            cur = dbapi_conn.cursor()
            pages = cur.execute("PRAGMA page_count").fetchone()[0]
            cur.execute(f"PRAGMA max_page_count={pages}")
            cur.close()
        event.listen(s.engine, "connect", cap)
        return s, lambda: None
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text("CREATE FUNCTION ks_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                             "RAISE EXCEPTION 'could not extend file: No space left on device' "
                             "USING ERRCODE = 'disk_full'; END $$"))
        conn.execute(sa.text("CREATE TRIGGER ks_disk_full BEFORE INSERT ON answers "
                             "FOR EACH ROW EXECUTE FUNCTION ks_disk_full()"))

    def undo():
        with admin.begin() as conn:
            conn.execute(sa.text("DROP TRIGGER ks_disk_full ON answers"))
        admin.dispose()
    return Store(url, create=False), undo


def test_disk_full_refuses_the_submission_whole(store_url):
    store, cid, forms, codes = _setup(store_url, n=12)
    (t0, a0), (t1, a1) = forms[0], forms[1]
    store.save_response(t0, a0, _full(a0, codes), submit=True)
    store.save_response(t1, a1, {codes[0]: 4}, {"BER": "draf"})
    comp = [c.code for c in store.instrument(cid).competencies]
    big = {c: "komentar panjang " * 230 for c in comp}  # ~27 KB: needs new pages
    full, undo = _full_store(store_url)
    try:
        with pytest.raises(StoreFull) as err:
            full.save_response(t1, a1, _full(a1, codes), big, submit=True)
        assert "penuh" in str(err.value) and "BELUM tersimpan" in str(err.value)
    finally:
        full.dispose()
        undo()
    # the accepted one intact, the draft exactly as before: nothing half-written
    assert _state(store_url) == {a0: ("submitted", 21), a1: ("draft", 1)}
    assert store.load_response(store.open_link(t1), a1)["comments"] == {"BER": "draf"}
    assert _integrity_ok(store_url)
    store.save_response(t1, a1, _full(a1, codes), big, submit=True)  # space again: it saves
    assert _state(store_url) == {a0: ("submitted", 21), a1: ("submitted", 21)}
    store.dispose()


@pytest.fixture
def tiny_tmpfs(tmp_path):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)], capture_output=True, check=False).returncode:
        pytest.skip("cannot mount a tmpfs here (needs CAP_SYS_ADMIN)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, check=False)


def test_real_full_disk(tiny_tmpfs):
    """A real ENOSPC: the database on a 4 MB tmpfs filled up by another file."""
    url = f"sqlite:///{tiny_tmpfs / 'kinerja.sqlite'}"
    store, cid, forms, codes = _setup(url, n=12)
    (t0, a0), (t1, a1) = forms[0], forms[1]
    store.save_response(t0, a0, _full(a0, codes), submit=True)
    comp = [c.code for c in store.instrument(cid).competencies]
    big = {c: "komentar panjang " * 230 for c in comp}
    filler = tiny_tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    for chunk in (65536, 512, 1):  # fill the disk to the last byte
        try:
            while os.write(fd, b"\0" * chunk):
                pass
        except OSError:
            pass
    os.close(fd)
    with pytest.raises(StoreFull, match="penuh"):
        store.save_response(t1, a1, _full(a1, codes), big, submit=True)
    filler.unlink()
    assert _state(url) == {a0: ("submitted", 21)}
    assert _integrity_ok(url)
    store.save_response(t1, a1, _full(a1, codes), big, submit=True)
    assert _state(url) == {a0: ("submitted", 21), a1: ("submitted", 21)}
    store.dispose()


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_deleted_or_replaced_database_file_refuses_saves_loudly(tmp_path, how):
    """The server kept writing into a deleted file and said "terkirim": now every save fails."""
    path = tmp_path / "kinerja.sqlite"
    store, _cid, forms, codes = _setup(f"sqlite:///{path}")
    (token, aid), (token2, aid2) = forms[0], forms[1]
    store.save_response(token, aid, {codes[0]: 3})  # the connection is open and has written
    if how == "deleted":
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
    else:  # a restored backup copied over it: another inode at the same path
        copy = tmp_path / "restored.sqlite"
        src = sqlite3.connect(path)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        dst.close()
        os.replace(copy, path)
    for call in (lambda: store.save_response(token2, aid2, _full(aid2, codes), submit=True),
                 lambda: store.save_response(token, aid, {codes[1]: 4})):
        with pytest.raises(StoreFileGone) as err:
            call()
        assert "BELUM tersimpan" in str(err.value) and isinstance(err.value, StoreError)
    store.dispose()
    if how == "replaced":  # the file in place holds what was there before, nothing more
        fresh = Store(f"sqlite:///{path}", create=False)
        assert fresh.load_response(fresh.open_link(token2), aid2)["status"] == "pending"
        fresh.save_response(token2, aid2, _full(aid2, codes), submit=True)  # a new store writes to it fine
        fresh.dispose()
