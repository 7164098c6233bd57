"""How many raters one rater server serves (issue 24): Locust users that speak the page's protocol.

Each simulated rater (``RaterUser``, a Locust ``User``) does what a person in the browser does,
through ``page_protocol.PageClient`` (the page's own requests and kernel-websocket messages;
``tests/test_capacity_protocol.py`` checks them against Chromium's):

* opens a personal link (``GET /?token=…``, the kernel model, the kernel websocket, the widget
  control comm and its ``request_states``) -- **link → form**: until the task list is on screen;
* taps the first task not yet sent -- **open form**;
* answers the 21 items one by one, ``--think`` seconds apart (±50 %), each one saved at once by
  the app's autosave -- **save**: until the kernel has handled the choice and the page shows the
  stored time;
* writes the overall comment, taps "Simpan draf" (**save** too) and "Kirim" -- **submit**;
* leaves the page (Voilà's shutdown beacon) and, if the link has forms left, puts it back in the
  queue for a later visit.

After the run every save the page confirmed is looked up in the database: an answer missing or
different there is a **lost answer** (target: none).  Also reported: per step p50/p95/max and
errors, forms/hour, the server's CPU-seconds (the Voilà process and all its kernels) per form and
the load generator's own CPU, private memory (USS) of the server and of each kernel, open kernels
and pages over time (``/ks-health``), and how often a visitor got the waiting room.

The targets (``docs/capacity.md``) are printed beside the figures; nothing here asserts them.

Run (the server is started here, on a fresh demo database):

    .venv/bin/python benchmarks/bench_capacity.py --users 30 --duration 60 [--think 1.0]
        [--employees 400] [--pool-size 2] [--max-kernels N] [--idle-release 600] [--db URL] [--json out.json]

or against a running rater server with Locust's own command line (tokens one per line in a file):

    KS_BENCH_TOKENS=tokens.txt locust -f benchmarks/bench_capacity.py --headless -u 30 -r 5 -t 60s \
        --host http://127.0.0.1:8866
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import ClassVar

import gevent
import psutil
from locust import User, constant, events, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_protocol import PageClient, PageError, PageFull

STEPS = ("link→form", "open form", "save", "submit")
RETRY_SECONDS = 10  # kinerja_survey.apps.limits.RETRY_SECONDS: the waiting room reloads itself this often
TARGETS = {"link→form": ("p95", 3.0), "save": ("p95", 0.5)}
COMMENT = "Pelayanan baik dan tepat waktu."


class Shared:
    """State of one run, shared by all users of this process."""

    tokens: ClassVar[deque] = deque()
    confirmed: ClassVar[dict] = {}  # (token, assignment_id) -> page_protocol.Confirmed
    waiting_room = 0              # visits answered with the waiting room / server full
    forms_done = 0
    think = float(os.environ.get("KS_BENCH_THINK", "1.0"))
    hold = False                  # --hold: open the link and keep the page open (pinging), no form
    release_after = 0.0           # --hold with --release-after: then give the kernel back as an idle page does
    timeout = float(os.environ.get("KS_BENCH_TIMEOUT", "90"))


@events.init.add_listener
def _load_tokens(environment, **_kw):
    path = os.environ.get("KS_BENCH_TOKENS")
    if path and not Shared.tokens:
        Shared.tokens.extend(line.strip() for line in Path(path).read_text().splitlines() if line.strip())


class RaterUser(User):
    """One rater at a time: a link taken from the queue, one form filled and sent, the page left."""

    wait_time = constant(0)

    def _record(self, name: str, seconds: float, error: Exception | None = None) -> None:
        self.environment.events.request.fire(request_type="PAGE", name=name, response_time=seconds * 1000.0,
                                             response_length=0, exception=error, context={})

    def _think(self) -> None:
        if Shared.think > 0:
            gevent.sleep(Shared.think * random.uniform(0.5, 1.5))

    def _open(self, page: PageClient, token: str) -> float:
        """Open the link; in the waiting room, retry as its page does (every ``RETRY_SECONDS``,
        keeping its cookie, so its place in line) until a page is free.  Returns link→form
        seconds of the request that got in; the wait is recorded as "waiting room"."""
        t0, waited = time.perf_counter(), False
        while True:
            try:
                seconds = page.open(token)
            except PageFull:
                waited = True
                Shared.waiting_room += 1
                gevent.sleep(RETRY_SECONDS)
                continue
            if waited:
                self._record("waiting room", time.perf_counter() - t0 - seconds)
            return seconds

    def hold(self) -> None:
        """Open a link and keep the page open until the run ends (an idle page: only the pings)."""
        if not Shared.tokens:
            gevent.sleep(1.0)
            return
        page = PageClient(self.host, timeout=Shared.timeout)
        step = "link→form"
        try:
            self._record(step, self._open(page, Shared.tokens.popleft()))
            opened, released = time.monotonic(), False
            while True:
                gevent.sleep(1.0)
                if not released and Shared.release_after and time.monotonic() - opened > Shared.release_after:
                    step = "release"
                    self._record(step, page.release())
                    released = True
                elif not released:
                    step = "ping"
                    page.ping()
        except PageError as exc:
            self._record(step, 0.0, exc)
            gevent.sleep(5.0)
        except gevent.GreenletExit:
            raise
        except Exception as exc:  # noqa: BLE001
            self._record(step, 0.0, exc)
            gevent.sleep(5.0)
        finally:
            page.close(beacon=False)

    @task
    def visit(self) -> None:
        if Shared.hold:
            self.hold()
            return
        if not Shared.tokens:
            gevent.sleep(1.0)
            return
        token = Shared.tokens.popleft()
        page = PageClient(self.host, timeout=Shared.timeout)
        step = "link→form"
        more = True
        try:
            seconds = self._open(page, token)
            self._record(step, seconds)
            pending = page.pending_tasks()
            if not pending:
                more = False
                return
            more = len(pending) > 1
            self._think()
            step = "open form"
            self._record(step, page.open_form(pending[0]))
            step = "save"
            Shared.confirmed[(token, page.form.assignment_id)] = page.form
            for code in page.items():
                self._think()
                self._record(step, page.answer(code, random.randrange(5)))
            self._think()
            self._record(step, page.comment(COMMENT))
            self._record(step, page.save())
            step = "submit"
            self._record(step, page.submit())
            Shared.forms_done += 1
        except PageError as exc:
            self._record(step, 0.0, exc)
        except gevent.GreenletExit:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure of a visit is an error of that step
            self._record(step, 0.0, exc)
        finally:
            page.close()
            if more:
                Shared.tokens.append(token)


# --------------------------------------------------------------------------------------------
# The whole run: database, server, users, samples, the check of the store
# --------------------------------------------------------------------------------------------
def _tree(pid: int) -> list[psutil.Process]:
    try:
        proc = psutil.Process(pid)
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return []


def tree_cpu(pid: int) -> float:
    """CPU-seconds of a process and its descendants, those it has reaped included."""
    total = 0.0
    for p in _tree(pid):
        try:
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            pass
    return total


def tree_uss(pid: int) -> float:
    """Private memory (USS, MB) of the server and all its descendants."""
    total = 0.0
    for p in _tree(pid):
        try:
            total += p.memory_full_info().uss / 2**20
        except psutil.Error:
            pass
    return total


def kernel_uss(pid: int) -> list[float]:
    """Private memory (USS, MB) of each kernel under the server: the fork server's children (a
    forked kernel shares the rest with it) and any kernel started the ordinary way."""
    out = []
    for p in _tree(pid)[1:]:
        try:
            parent = p.parent()
            forked = parent is not None and "apps.forkserver" in " ".join(parent.cmdline())
            if forked or "ipykernel_launcher" in " ".join(p.cmdline()):
                out.append(p.memory_full_info().uss / 2**20)
        except psutil.Error:
            pass
    return out


def lost_answers(store, confirmed: dict) -> tuple[int, int, list[str]]:
    """``(lost, checked, examples)``: answers the page showed as stored but the database lacks."""
    lost, checked, examples = 0, 0, []
    for (token, aid), form in confirmed.items():
        state = store.load_response(store.open_link(token), aid)
        for code, value in form.answers.items():
            checked += 1
            if state["answers"].get(code) != value:
                lost += 1
                if len(examples) < 5:
                    examples.append(f"assignment {aid} item {code}: page {value}, stored {state['answers'].get(code)}")
        if form.overall_comment and state["overall_comment"] != form.overall_comment:
            lost += 1
            examples.append(f"assignment {aid}: comment not stored")
        if form.submitted and state["status"] != "submitted":
            lost += 1
            examples.append(f"assignment {aid}: submitted on the page, {state['status']} in the store")
    return lost, checked, examples


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


def run(opts) -> dict:
    """Build the demo, start the server, run the users for ``opts.duration`` s; the figures as a dict."""
    from kinerja_survey.apps.serve import start_app
    from kinerja_survey.demo import build_demo
    from kinerja_survey.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="kinerja-capacity-"))
    store = Store(opts.db or tmp / "capacity.sqlite")
    result = build_demo(store, n_employees=opts.employees, seed=24, submit_rate=0.0, draft_rate=0.0)
    tokens = list(result.links["token"])
    random.Random(24).shuffle(tokens)
    Shared.tokens.clear()
    Shared.tokens.extend(tokens)
    Shared.confirmed.clear()
    Shared.think = opts.think
    Shared.hold, Shared.release_after = opts.hold, opts.release_after
    Shared.waiting_room = Shared.forms_done = 0
    extra = {}
    if opts.idle_release is not None:
        extra["idle_release"] = opts.idle_release
    if opts.max_kernels:
        extra["max_kernels"] = opts.max_kernels
    server = start_app("rater", store.url, port=opts.port, pool_size=opts.pool_size, log_path=tmp / "rater.log",
                       max_kernels_per_client=10**6, timeout=180, **extra)
    samples = []
    me = psutil.Process()
    try:
        env = Environment(user_classes=[RaterUser], events=events, host=server.base_url)
        runner = env.create_local_runner()
        pid = server.process.pid
        base_uss = tree_uss(pid)
        cpu0, my0, t0 = tree_cpu(pid), sum(me.cpu_times()[:2]), time.monotonic()

        def sample():
            while True:
                h = server.health(timeout=5) or {}
                uss = kernel_uss(pid)
                try:
                    server_uss = psutil.Process(pid).memory_full_info().uss / 2**20
                except psutil.Error:
                    server_uss = float("nan")
                samples.append({"t": round(time.monotonic() - t0, 1), "kernels": h.get("kernels"),
                                "tree_uss_mb": round(tree_uss(pid), 1), "waiting": h.get("waiting"),
                                "pages": h.get("pages"), "users": runner.user_count,
                                "kernel_uss_median_mb": round(statistics.median(uss), 1) if uss else None,
                                "server_uss_mb": round(server_uss, 1)})
                gevent.sleep(opts.sample)

        sampler = gevent.spawn(sample)
        runner.start(opts.users, spawn_rate=opts.spawn_rate)
        gevent.sleep(opts.duration)
        with gevent.Timeout(60, False):  # a user that cannot be stopped must not hold the run forever
            runner.quit()
        elapsed = time.monotonic() - t0
        sampler.kill()
        cpu = tree_cpu(pid) - cpu0
        my_cpu = sum(me.cpu_times()[:2]) - my0
        stats = {}
        for name in (*STEPS, "release", "ping", "waiting room"):
            entry = env.stats.entries.get((name, "PAGE"))
            if entry is None:
                continue
            stats[name] = {"n": entry.num_requests, "errors": entry.num_failures,
                           "p50": entry.get_response_time_percentile(0.5) / 1000.0,
                           "p95": entry.get_response_time_percentile(0.95) / 1000.0,
                           "max": entry.max_response_time / 1000.0}
        errors = {f"{e.name}: {e.error}": e.occurrences for e in env.stats.errors.values()}
        lost, checked, examples = lost_answers(store, Shared.confirmed)
        forms = Shared.forms_done
        out = {"users": opts.users, "duration_s": round(elapsed, 1), "think_s": opts.think, "pool_size": opts.pool_size,
               "forms": forms, "forms_per_hour": round(forms * 3600.0 / elapsed), "steps": stats, "errors": errors,
               "error_count": sum(errors.values()), "answers_checked": checked, "lost_answers": lost,
               "lost_examples": examples, "waiting_room": Shared.waiting_room,
               "server_cpu_s": round(cpu, 1), "server_cpu_s_per_form": round(cpu / forms, 2) if forms else None,
               "generator_cpu_s": round(my_cpu, 1),
               "max_kernels_seen": max((s["kernels"] or 0) for s in samples) if samples else 0,
               "max_pages_seen": max((s["pages"] or 0) for s in samples) if samples else 0,
               "kernel_uss_median_mb": percentile([s["kernel_uss_median_mb"] for s in samples
                                                    if s["kernel_uss_median_mb"]], 0.5),
               "max_kernels": (server.health() or {}).get("max_kernels"),
               "tree_uss_mb_before": round(base_uss, 1),
               "tree_uss_mb_at_end": samples[-1]["tree_uss_mb"] if samples else None,
               "samples": samples}
        return out
    finally:
        server.stop()
        store.dispose()


def report(out: dict) -> str:
    lines = [f"{out['users']} raters, {out['duration_s']:.0f} s, think {out['think_s']} s/item, pool {out['pool_size']}",
             f"{'step':<12} {'n':>6} {'errors':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7}  target"]
    for name, s in out["steps"].items():
        target = TARGETS.get(name)
        goal = f"{target[0]} <= {target[1]} s" if target else ""
        lines.append(f"{name:<12} {s['n']:>6} {s['errors']:>6} {s['p50']:>7.2f} {s['p95']:>7.2f} {s['max']:>7.2f}  {goal}")
    lines += [f"forms sent: {out['forms']} ({out['forms_per_hour']} /hour; target >= 4000/hour)",
              f"errors: {out['error_count']} {out['errors'] or ''}",
              f"lost answers: {out['lost_answers']} of {out['answers_checked']} confirmed (target 0) {out['lost_examples'] or ''}",
              f"waiting room visits: {out['waiting_room']}",
              (f"server CPU: {out['server_cpu_s']} s ({out['server_cpu_s_per_form']} s/form); "
               f"load generator CPU: {out['generator_cpu_s']} s"),
              (f"kernels open at most: {out['max_kernels_seen']}, pages at most: {out['max_pages_seen']} "
               f"(max_kernels {out['max_kernels']}); kernel USS median: {out['kernel_uss_median_mb']} MB"),
              f"server tree USS: {out['tree_uss_mb_before']} MB before, {out['tree_uss_mb_at_end']} MB at the end"]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=30)
    ap.add_argument("--spawn-rate", type=float, default=5.0)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--think", type=float, default=1.0, help="Seconds between items (±50 %%).")
    ap.add_argument("--employees", type=int, default=200, help="Demo size (links = raters).")
    ap.add_argument("--pool-size", type=int, default=2)
    ap.add_argument("--max-kernels", type=int, default=0, help="0: the server's default.")
    ap.add_argument("--idle-release", type=float, default=None)
    ap.add_argument("--hold", action="store_true", help="Users open a link and keep the page open (no form).")
    ap.add_argument("--release-after", type=float, default=0.0,
                    help="With --hold: seconds after which each page gives its kernel back (idle release).")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--sample", type=float, default=2.0, help="Seconds between samples of the server.")
    ap.add_argument("--db", default=None, help="Database URL (default: a fresh SQLite file).")
    ap.add_argument("--json", default=None, help="Write the figures here.")
    opts = ap.parse_args(argv)
    if not opts.port:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            opts.port = s.getsockname()[1]
    out = run(opts)
    print(report(out))
    if opts.json:
        Path(opts.json).write_text(json.dumps(out, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
