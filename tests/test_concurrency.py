"""Many OS processes writing into one store at once (SQLite and PostgreSQL).

The rater app runs as several Voilà kernels, i.e. several processes, sharing one database.
These tests start 8 processes with ``multiprocessing`` *spawn* (fresh interpreters, like
kernels; no inherited connections) and check that

* every submission is accounted for: one response row per form, status ``submitted``, all 21
  answers, nothing lost and nothing duplicated, whatever the interleaving;
* the same form submitted by 8 processes at the same instant (a rater double-clicking in two
  browser tabs) gives exactly one response row: one call stores it, every other call gets the
  idempotent ``already=True`` answer, none fails, and the stored answers are the winner's.

Throughput is measured in ``benchmarks/bench_concurrency.py``, not here.
"""

from __future__ import annotations

import multiprocessing as mp
import os

import pytest
import sqlalchemy as sa

from kinerja_survey.demo import open_demo_cycle
from kinerja_survey.store import Store, answers, responses

N_PROCS = 8
_BARRIER = None


def _init_worker(barrier) -> None:
    global _BARRIER
    _BARRIER = barrier


def _answers_for(assignment_id: int, codes, salt: int = 0) -> dict:
    """Deterministic answers, different per form (so a mix-up between forms would show)."""
    return {code: 1 + (assignment_id * 7 + k * 3 + salt) % 5 for k, code in enumerate(codes)}


def _submit_forms(job):
    """Worker: submit every form of ``forms`` through its own Store; report each outcome."""
    url, forms, codes = job
    store = Store(url, create=False)
    out = []
    try:
        for token, assignment_id in forms:
            try:
                res = store.save_response(token, assignment_id, _answers_for(assignment_id, codes), submit=True)
                out.append((assignment_id, res["response_id"], res["already"], None))
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test with it
                out.append((assignment_id, None, None, f"{type(exc).__name__}: {exc}"))
    finally:
        store.dispose()
    return os.getpid(), out


def _submit_same(job):
    """Worker: wait for all workers, then submit the same form with this worker's answers."""
    url, token, assignment_id, codes, salt = job
    store = Store(url, create=False)
    try:
        values = _answers_for(assignment_id, codes, salt)
        store.open_link(token)  # connect before the barrier, so all submits start together
        _BARRIER.wait(timeout=60)
        try:
            res = store.save_response(token, assignment_id, values, submit=True)
            return os.getpid(), salt, values, res, None
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            return os.getpid(), salt, values, None, f"{type(exc).__name__}: {exc}"
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def pool():
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(N_PROCS)
    with ctx.Pool(N_PROCS, initializer=_init_worker, initargs=(barrier,)) as p:
        yield p


@pytest.fixture
def cycle(store_url):
    """A store with an open cycle: 40 employees, ~250 forms; returns (url, cycle_id, forms, codes)."""
    store = Store(store_url)
    demo = open_demo_cycle(store, 40, seed=11, name="Uji beban")
    store.dispose()
    return store_url, demo.cycle_id, demo.forms, demo.item_codes


def _response_table(url):
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(responses.c.assignment_id, responses.c.id, responses.c.status,
                      sa.func.count(answers.c.item_id).label("n_answers"))
            .outerjoin(answers, answers.c.response_id == responses.c.id)
            .group_by(responses.c.assignment_id, responses.c.id, responses.c.status)).all()
        stored = {(r.response_id, r.item_id): r.value for r in conn.execute(
            sa.select(answers.c.response_id, answers.c.item_id, answers.c.value))}
    engine.dispose()
    return rows, stored


def test_eight_processes_submitting_at_once_lose_and_duplicate_nothing(pool, cycle):
    url, cid, forms, codes = cycle
    assert len(forms) > 200 and len(codes) == 21
    # interleave: worker k takes forms k, k+8, k+16, ... (raters' forms spread over processes)
    jobs = [(url, forms[k::N_PROCS], codes) for k in range(N_PROCS)]
    results = pool.map(_submit_forms, jobs, chunksize=1)
    pids = {pid for pid, _ in results}
    outcomes = [o for _, out in results for o in out]
    errors = [o for o in outcomes if o[3] is not None]
    assert errors == []
    assert len(pids) >= 2  # really ran in parallel processes (usually all 8)
    assert sorted(o[0] for o in outcomes) == sorted(a for _, a in forms)
    assert not any(o[2] for o in outcomes)  # each form was new: no "already"

    rows, _stored = _response_table(url)
    assert len(rows) == len(forms)  # one row per form: none lost, none duplicated
    assert len({r.assignment_id for r in rows}) == len(rows)
    assert {r.status for r in rows} == {"submitted"}
    assert {r.n_answers for r in rows} == {21}
    # the reported response ids are the stored ones
    assert {o[0]: o[1] for o in outcomes} == {r.assignment_id: r.id for r in rows}

    store = Store(url, create=False)
    frame = store.ratings_frame(cid)
    store.dispose()
    assert len(frame) == 21 * len(forms)


@pytest.mark.parametrize("first", ["pending", "draft"])
def test_same_form_submitted_by_eight_processes_at_once_is_stored_once(pool, cycle, first):
    url, _cid, forms, codes = cycle
    token, assignment_id = forms[0]
    if first == "draft":  # the form already has a draft row: the race is on its update
        s = Store(url, create=False)
        s.save_response(token, assignment_id, {codes[0]: 3})
        s.dispose()
    jobs = [(url, token, assignment_id, codes, salt) for salt in range(N_PROCS)]
    results = pool.map(_submit_same, jobs, chunksize=1)
    assert len({r[0] for r in results}) == N_PROCS  # eight distinct processes
    assert [r[4] for r in results] == [None] * N_PROCS  # every call succeeded
    winners = [r for r in results if not r[3]["already"]]
    assert len(winners) == 1  # exactly one stored it, the others got the idempotent "already"
    assert {r[3]["response_id"] for r in results} == {winners[0][3]["response_id"]}
    assert {r[3]["status"] for r in results} == {"submitted"}

    rows, _ = _response_table(url)
    mine = [r for r in rows if r.assignment_id == assignment_id]
    assert len(mine) == 1 and mine[0].status == "submitted" and mine[0].n_answers == 21
    s = Store(url, create=False)
    session = s.open_link(token)
    assert s.load_response(session, assignment_id)["answers"] == winners[0][2]
    s.dispose()
