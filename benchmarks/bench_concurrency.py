"""Concurrent submissions: throughput of the store with 8 writer processes, SQLite and PostgreSQL.

Run::

    .venv/bin/python benchmarks/bench_concurrency.py                    # 150 employees, ~1,000 forms
    KINERJA_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:54329/postgres \\
        .venv/bin/python benchmarks/bench_concurrency.py --procs 8       # adds the PostgreSQL rows

Each row starts from a fresh database holding an open cycle (demo organisation of
``--employees`` people, ``assignment.generate_assignments``) and submits every form once, with
all 21 BerAKHLAK answers, split round-robin over the writer processes (``multiprocessing``
spawn, one ``Store`` per process, like one Voilà kernel each).  Throughput is accepted
submissions per second of wall time; *lost* counts submissions that raised; afterwards the
database is checked: one response row per accepted form, each with 21 answers.

Rows:

* ``Store`` on SQLite (WAL, ``BEGIN IMMEDIATE``, busy timeout, ``synchronous=FULL``), 1 process
  (the serial baseline) and N processes;
* ``Store`` on PostgreSQL, 1 and N processes (when ``KINERJA_TEST_PG_URL`` is set; a scratch
  database is created and dropped);
* the naive baseline a user would write with the standard library: ``sqlite3.connect(path,
  timeout=...)``, default rollback journal, default deferred transactions, the same tables, one
  response row + 21 answer rows per submission (no link check or validation, so it does less
  work per submission): once with no busy wait (``timeout=0``) and once with Python's default
  5 s.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

from kinerja_survey.demo import open_demo_cycle
from kinerja_survey.store import Store, answers, responses


def prepare(url: str, n_employees: int, seed: int = 5):
    """An open cycle in a fresh store; returns (forms [(token, assignment_id)], item codes)."""
    store = Store(url)
    demo = open_demo_cycle(store, n_employees, seed=seed, name="Benchmark")
    store.dispose()
    return demo.forms, demo.item_codes


def _values(assignment_id: int, codes) -> dict:
    return {c: 1 + (assignment_id + 3 * k) % 5 for k, c in enumerate(codes)}


_BARRIER = None


def _init(barrier) -> None:
    global _BARRIER
    _BARRIER = barrier


def store_worker(job):
    url, forms, codes = job
    store = Store(url, create=False)
    store.open_link(forms[0][0])  # connect before the clock starts
    _BARRIER.wait()  # every process ready: start together
    start = time.time()
    ok = lost = 0
    for token, aid in forms:
        try:
            store.save_response(token, aid, _values(aid, codes), submit=True)
            ok += 1
        except Exception:  # noqa: BLE001 - any refusal counts as a lost submission
            lost += 1
    done = time.time()
    store.dispose()
    return ok, lost, start, done


def naive_worker(job):
    path, forms, item_ids, timeout = job
    con = sqlite3.connect(path, timeout=timeout)  # stdlib defaults otherwise
    con.execute("SELECT count(*) FROM items").fetchone()
    _BARRIER.wait()
    start = time.time()
    ok = lost = 0
    for _token, aid in forms:
        try:
            row = con.execute("SELECT id FROM responses WHERE assignment_id = ?", (aid,)).fetchone()
            if row is None:
                cur = con.execute("INSERT INTO responses (assignment_id, status, overall_comment, updated_at, "
                                  "submitted_at) VALUES (?, 'submitted', '', datetime('now'), datetime('now'))", (aid,))
                rid = cur.lastrowid
                vals = _values(aid, list(item_ids))
                con.executemany("INSERT INTO answers (response_id, item_id, value) VALUES (?, ?, ?)",
                                [(rid, item_ids[c], v) for c, v in vals.items()])
            con.commit()
            ok += 1
        except sqlite3.OperationalError:
            con.rollback()
            lost += 1
    done = time.time()
    con.close()
    return ok, lost, start, done


def run(pool_ctx, worker, jobs, n_procs):
    """Wall time from the moment every process is ready (imports done, connected) to the last done."""
    barrier = pool_ctx.Barrier(n_procs)
    with pool_ctx.Pool(n_procs, initializer=_init, initargs=(barrier,)) as pool:
        results = pool.map(worker, jobs, chunksize=1)
    ok = sum(r[0] for r in results)
    lost = sum(r[1] for r in results)
    wall = max(r[3] for r in results) - min(r[2] for r in results)
    return ok, lost, wall


def check(url: str) -> tuple[int, int]:
    """(response rows, rows without exactly 21 answers)."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        counts = conn.execute(sa.select(responses.c.id, sa.func.count(answers.c.item_id))
                              .outerjoin(answers, answers.c.response_id == responses.c.id)
                              .group_by(responses.c.id)).all()
    engine.dispose()
    return len(counts), sum(1 for _, n in counts if n != 21)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--employees", type=int, default=150)
    ap.add_argument("--procs", type=int, default=8)
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    tmp = tempfile.mkdtemp(prefix="bench-conc-")
    rows = []

    template = os.path.join(tmp, "template.sqlite")
    forms, codes = prepare(f"sqlite:///{template}", args.employees)
    with sqlite3.connect(template) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        item_ids = dict(con.execute("SELECT code, id FROM items ORDER BY id").fetchall()[:21])
    print(f"{len(forms)} forms x 21 answers; {args.procs} writer processes; "
          f"{os.cpu_count()} CPUs; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}", flush=True)

    def split(n):
        return [forms[k::n] for k in range(n)]

    for n in (1, args.procs):
        path = os.path.join(tmp, f"store-{n}.sqlite")
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
        ok, lost, wall = run(ctx, store_worker, [(url, f, codes) for f in split(n)], n)
        rows.append(("Store, SQLite WAL", n, ok, lost, wall, *check(url)))
        print(rows[-1], flush=True)

    pg = os.environ.get("KINERJA_TEST_PG_URL")
    if pg:
        admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
        for n in (1, args.procs):
            name = "ks_bench_" + uuid.uuid4().hex[:10]
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            url = sa.engine.make_url(pg).set(database=name).render_as_string(hide_password=False)
            try:
                pforms, pcodes = prepare(url, args.employees)
                ok, lost, wall = run(ctx, store_worker, [(url, pforms[k::n], pcodes) for k in range(n)], n)
                rows.append(("Store, PostgreSQL", n, ok, lost, wall, *check(url)))
                print(rows[-1], flush=True)
            finally:
                with admin.connect() as conn:
                    conn.execute(sa.text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='{name}'"))
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
    else:
        print("PostgreSQL rows skipped: set KINERJA_TEST_PG_URL", flush=True)

    for timeout, label in ((0.0, "naive sqlite3, rollback journal, timeout=0"),
                           (5.0, "naive sqlite3, rollback journal, timeout=5 (default)")):
        path = os.path.join(tmp, f"naive-{timeout}.sqlite")
        shutil.copy(template, path)
        with sqlite3.connect(path) as con:
            con.execute("PRAGMA journal_mode=DELETE")
        n = args.procs
        ok, lost, wall = run(ctx, naive_worker, [(path, f, item_ids, timeout) for f in split(n)], n)
        rows.append((label, n, ok, lost, wall, *check(f"sqlite:///{path}")))
        print(rows[-1], flush=True)

    print()
    print("| writer | processes | accepted | lost | wall s | submissions/s | rows | rows not 21 answers |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, n, ok, lost, wall, nrows, bad in rows:
        print(f"| {label} | {n} | {ok} | {lost} | {wall:.2f} | {ok / wall:.0f} | {nrows} | {bad} |")
    shutil.rmtree(tmp, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
