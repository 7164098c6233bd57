"""What a rater visit costs the server, and what the server does with junk, in one run.

Two servers side by side, driven by headless Debian chromium (fresh context per visit):

* **ours**: ``kinerja_survey.apps.serve.start_app("rater", ...)`` -- the code behind
  ``kinerja-survey serve``: link checked before any kernel, preheated pool (default 2), kernels
  forked from the fork server (``--no-fork``: started the ordinary way), bound to their page and
  reaped;
* **bare**: stock ``voila`` (``python -m voila``, what a user would run) serving a notebook that
  only shows 21 ``ToggleButtons`` of five options -- the smallest Voilà form of the same size.

Figures:

* **CPU-seconds per visit**: user+system time of the Voilà process and all its descendants
  (kernels, kernel launchers, the fork server): live ones from ``/proc``, finished ones through
  the ``children_*`` times of whichever process reaped them (the server, or the fork server for a
  forked kernel), from before the first visit until the server is quiet again after the last one
  (our pool refilled), divided by the number of visits; also split into the Voilà process itself
  and the rest.  A visit = link -> form shown (ours: task list, click "Isi", the 21-item
  form; bare: the 21 toggles), then the page is closed (``beforeunload`` fires).
* **kernels alive ``--linger`` s after the pages closed** (target: the pool size).
* **RSS per kernel** (median over live kernels while forms were open), and its private part (USS:
  a forked kernel's RSS counts the pages it still shares with the fork server).
* **burst**: ``--burst`` raters open their links at the same moment, each answers and submits one
  form; p50/p95 of link -> task list, and how many submissions are in the database.
* **junk**: requests per second with unknown tokens (8 client threads) and kernels started by them.

Run:  .venv/bin/python benchmarks/bench_serving.py [--visits 8] [--burst 20] [--linger 120] [--junk 2000] [--no-fork]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
from playwright.async_api import async_playwright

from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
BARE_NB = {
    "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": [
        "import ipywidgets as w\n",
        "w.VBox([w.ToggleButtons(options=['1', '2', '3', '4', '5'], index=None, description=f'B{i}',\n",
        "                        _dom_classes=['bare-choice']) for i in range(21)])"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_cpu(pid: int) -> float:
    """CPU-seconds of a process and all its descendants, live or ended.

    Each process in the tree counts its own time plus that of the children it has reaped: an
    ended kernel is counted by whoever reaped it (the server for an ordinary kernel, the fork
    server for a forked one)."""
    total = 0.0
    proc = psutil.Process(pid)
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
        except psutil.NoSuchProcess:
            continue  # ended between the listing and now: its parent has (or will have) reaped it
        total += t.user + t.system + t.children_user + t.children_system
    return total


def _cmdline(p: psutil.Process) -> str:
    try:
        return " ".join(p.cmdline())
    except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
        return ""


def kernels(pid: int) -> list[psutil.Process]:
    """The kernel processes under a server: ordinary ``ipykernel_launcher`` processes, and the
    children of our fork server (which carry the fork server's command line)."""
    out = []
    for child in psutil.Process(pid).children(recursive=True):
        cmd = _cmdline(child)
        if "kinerja_survey.apps.forkserver" in cmd:
            out.extend(child.children())
        elif "ipykernel" in cmd:
            out.append(child)
    return out


def server_cpu(pid: int) -> float:
    """CPU-seconds of the server process alone (without its kernels)."""
    t = psutil.Process(pid).cpu_times()
    return t.user + t.system


def rss_mb(pid: int) -> list[tuple[float, float]]:
    """(RSS, private memory) in MB of each kernel: a forked kernel's RSS includes the pages it still
    shares with the fork server, its private memory (USS) does not."""
    out = []
    for k in kernels(pid):
        try:
            out.append((k.memory_info().rss / 2**20, k.memory_full_info().uss / 2**20))
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return out


def health(server) -> dict:
    return server.health() or {}


def wait_quiet(pid: int, settle: float = 3.0, timeout: float = 120.0, pool_server=None, pool: int = 0) -> None:
    """Until the pool is refilled (ours) and the process tree uses < 5 % CPU for ``settle`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pool_server is not None and health(pool_server).get("preheated_ready", 0) < pool:
            time.sleep(0.5)
            continue
        a = tree_cpu(pid)
        time.sleep(settle)
        if tree_cpu(pid) - a < 0.05 * settle:
            return
    print(f"  (not quiet after {timeout:.0f} s)", file=sys.stderr)


async def visit(browser, url: str, kind: str, rss_pid: int | None = None, rss_out: list | None = None) -> float:
    ctx = await browser.new_context(viewport={"width": 1000, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(300_000)
    t0 = time.perf_counter()
    await page.goto(url, wait_until="commit")
    if kind == "ours":
        await page.locator(".ks-open").first.wait_for()
        await page.locator(".ks-open").first.click()
        await page.locator(".ks-submit").wait_for()
    else:
        await page.locator(".bare-choice").nth(20).wait_for()
    took = time.perf_counter() - t0
    if rss_pid is not None and rss_out is not None:
        rss_out.extend(rss_mb(rss_pid))
    await page.close(run_before_unload=True)
    await asyncio.sleep(0.5)
    await ctx.close()
    return took


async def burst(browser, base: str, tokens: list[str], store: Store, cycle_id: int) -> dict:
    async def one(token: str, start: asyncio.Event):
        ctx = await browser.new_context(viewport={"width": 1000, "height": 900})
        page = await ctx.new_page()
        page.set_default_timeout(600_000)
        try:
            await start.wait()
            t0 = time.perf_counter()
            await page.goto(base + f"?token={token}", wait_until="commit")
            await page.locator(".ks-open").first.wait_for()
            to_list = time.perf_counter() - t0
            await page.locator(".ks-open").first.click()
            await page.locator(".ks-submit").wait_for()
            for block in await page.locator(".ks-choice").all():
                radio = block.locator("input[type=radio]").nth(3)
                await radio.evaluate("e => e.scrollIntoView({block: 'center'})")
                await radio.click()
            await page.locator(".ks-submit").click()
            await page.locator(".ks-msg-ok").wait_for()
            return to_list
        finally:
            await page.close(run_before_unload=True)
            await ctx.close()

    start = asyncio.Event()
    tasks = [asyncio.create_task(one(tok, start)) for tok in tokens]
    await asyncio.sleep(0.5)
    t0 = time.perf_counter()
    start.set()
    res = await asyncio.gather(*tasks, return_exceptions=True)
    wall = time.perf_counter() - t0
    times = sorted(r for r in res if isinstance(r, float))
    statuses = store.assignments_frame(cycle_id)
    saved = 0
    for tok in tokens:
        aid = int(store.rater_tasks(store.open_link(tok))["assignment_id"].iloc[0])
        saved += int(statuses.set_index("assignment_id").at[aid, "status"] == "submitted")
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] if times else float("nan")
    return {"n": len(tokens), "ok": len(times), "saved": saved, "p50": statistics.median(times) if times else float("nan"),
            "p95": p95, "wall": wall, "errors": [repr(r)[:120] for r in res if not isinstance(r, float)]}


def junk(base: str, n: int, threads: int = 8) -> float:
    def hit(i: int) -> int:
        try:
            with urllib.request.urlopen(base + f"?token=tebakan-{i:06d}-xxxxxxxx", timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as ex:
        codes = list(ex.map(hit, range(n)))
    rate = n / (time.perf_counter() - t0)
    assert set(codes) == {403}, set(codes)
    return rate


def start_bare(nb_dir: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "voila", str(nb_dir / "bare.ipynb"), "--no-browser", f"--port={port}",
                             "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--Voila.log_level=WARN"],
                            cwd=nb_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("bare voila did not start")


async def main(opts) -> int:
    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    (tmp / "bare.ipynb").write_text(json.dumps(BARE_NB))
    store = Store(tmp / "demo.sqlite")
    n_emp = max(60, opts.visits + opts.burst + 10)
    result = build_demo(store, n_employees=n_emp, seed=5, submit_rate=0.0, draft_rate=0.0)
    tokens = list(result.links.drop_duplicates("token")["token"])
    ours = start_app("rater", store.url, port=free_port(), pool_size=opts.pool, log_path=tmp / "rater.log",
                     max_kernels=max(40, opts.burst + 5), max_kernels_per_client=max(10, opts.burst + 5),
                     fork_kernels=not opts.no_fork)
    ours.wait_ready(120, preheated=opts.pool)
    bare_port = free_port()
    bare = start_bare(tmp, bare_port)
    bare_url = f"http://127.0.0.1:{bare_port}/"
    rows = {}
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            # warm-up (browser caches are per context; this warms the servers' own first-request paths)
            await visit(browser, bare_url, "bare")
            await visit(browser, ours.base_url + f"?token={tokens.pop()}", "ours")
            for kind, pid, url_of in (("bare", bare.pid, lambda: bare_url),
                                      ("ours", ours.process.pid, lambda: ours.base_url + f"?token={tokens.pop()}")):
                wait_quiet(pid, pool_server=ours if kind == "ours" else None, pool=opts.pool)
                rss: list[tuple[float, float]] = []
                cpu0, own0 = tree_cpu(pid), server_cpu(pid)
                times = [await visit(browser, url_of(), kind, pid, rss) for _ in range(opts.visits)]
                wait_quiet(pid, pool_server=ours if kind == "ours" else None, pool=opts.pool)
                cpu = (tree_cpu(pid) - cpu0) / opts.visits
                own = (server_cpu(pid) - own0) / opts.visits
                rows[kind] = {"cpu": cpu, "server": own, "time": statistics.median(times),
                              "rss": statistics.median(r for r, _ in rss) if rss else 0.0,
                              "uss": statistics.median(u for _, u in rss) if rss else 0.0,
                              "closed_at": time.monotonic()}
            await asyncio.sleep(max(0.0, opts.linger - (time.monotonic() - rows["ours"]["closed_at"])))
            rows["ours"]["alive"] = len(kernels(ours.process.pid))
            rows["bare"]["alive"] = len(kernels(bare.pid))
            k0 = len(kernels(ours.process.pid))
            junk_rate = junk(ours.base_url, opts.junk)
            junk_kernels = len(kernels(ours.process.pid)) - k0
            wait_quiet(ours.process.pid, pool_server=ours, pool=opts.pool)
            b = await burst(browser, ours.base_url, [tokens.pop() for _ in range(opts.burst)], store, result.cycle_id)
            await browser.close()
    finally:
        ours.stop()
        bare.terminate()
        try:
            bare.wait(30)
        except subprocess.TimeoutExpired:
            bare.kill()
    print(f"Serving benchmark, {os.cpu_count()} cores (load average {load_before:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end); visits={opts.visits}, pool={opts.pool}, linger={opts.linger:.0f} s, "
          f"burst={opts.burst}, junk={opts.junk}, {'ordinary' if opts.no_fork else 'forked'} rater kernels")
    print(f"{'server':<34} {'CPU-s/visit':>11} {'(server':>8} {'+ rest)':>8} {'link->form':>10} "
          f"{'RSS/kernel':>10} {'(private)':>9} {'kernels alive':>14}")
    for kind, label in (("bare", "stock voila, bare 21-toggle form"), ("ours", "kinerja-survey rater app")):
        r = rows[kind]
        print(f"{label:<34} {r['cpu']:>11.2f} {r['server']:>8.2f} {r['cpu'] - r['server']:>8.2f} {r['time']:>9.2f}s "
              f"{r['rss']:>8.0f}MB {r['uss']:>7.0f}MB {r['alive']:>4} after {opts.linger:.0f} s")
    print("  (server: the Voilà process itself; rest: its kernels, their launchers and the fork server)")
    print(f"ratio CPU-s/visit ours/bare: {rows['ours']['cpu'] / rows['bare']['cpu']:.2f}x (target <= 1.10x); "
          f"kernels alive after closing {opts.visits} pages: ours {rows['ours']['alive']} (pool {opts.pool}), "
          f"bare {rows['bare']['alive']}")
    print(f"junk requests (unknown token): {junk_rate:.0f}/s absorbed, kernels started: {junk_kernels}")
    print(f"burst of {b['n']}: {b['ok']} pages ok, {b['saved']}/{b['n']} submissions in the database; "
          f"link->task list p50 {b['p50']:.1f} s, p95 {b['p95']:.1f} s; all done in {b['wall']:.1f} s")
    for e in b["errors"]:
        print("  error:", e)
    return 0 if b["saved"] == b["n"] else 1


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--visits", type=int, default=8)
    ap.add_argument("--pool", type=int, default=2)
    ap.add_argument("--linger", type=float, default=120.0)
    ap.add_argument("--burst", type=int, default=20)
    ap.add_argument("--junk", type=int, default=2000)
    ap.add_argument("--no-fork", action="store_true", help="rater kernels started the ordinary way (no fork server)")
    sys.exit(asyncio.run(main(ap.parse_args())))
