"""Rater app speed in a real browser: time to interactive, submit round-trip, 20 concurrent raters.

Serves a demo database with ``kinerja_survey.apps.serve.start_app`` (the code behind
``kinerja-survey serve``) twice -- cold (plain Voilà: a kernel is started per visit, what a user
gets from ``voila notebook.ipynb``) and with preheated kernels (``pool_size=2``, the default of
``kinerja-survey serve``) -- and drives headless Debian chromium with playwright.  Every visit
uses a fresh browser context (empty cache: a rater opening their link for the first time).

* link -> task list interactive: ``page.goto(link)`` until the first "Isi penilaian" button is rendered by
  the widget manager (so the kernel is connected and the button works);
* task list -> form: click "Isi penilaian" until the 21-item form with its submit button is rendered;
* submit round-trip: click "Kirim penilaian" (all 21 items answered) until the kernel's
  confirmation is shown -- the response is committed in the database by then;
* 20 concurrent raters: 20 contexts open their links at the same moment (a burst of arrivals),
  each fills one complete form, then all 20 press "Kirim" at the same moment; afterwards the
  database must hold exactly those 20 forms with every answer as clicked.  Run twice: with the
  default pool of 2 preheated kernels (18 started on demand) and with a pool sized for the burst.
  The 20 browsers run on the server's own cores here, which real raters' browsers do not.

Run:  .venv/bin/python benchmarks/bench_apps.py [--runs 10] [--concurrent 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

from kinerja_survey.apps.serve import start_app
from kinerja_survey.demo import build_demo
from kinerja_survey.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def one_rater(browser, url: str, values: dict[str, int], barrier: asyncio.Barrier | None = None) -> dict:
    """Open the link, open the first form, answer every item, submit (all together after ``barrier``)."""
    ctx = await browser.new_context(viewport={"width": 1100, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(300_000)
    try:
        try:
            t0 = time.perf_counter()
            await page.goto(url, wait_until="commit")
            await page.locator(".ks-open").first.wait_for()
            tti = time.perf_counter() - t0
            t1 = time.perf_counter()
            await page.locator(".ks-open").first.click()
            await page.locator(".ks-submit").wait_for()
            form = time.perf_counter() - t1
            for code, value in values.items():
                radio = page.locator(f".ks-choice-{code} input[type=radio]").nth(value - 1)
                await radio.evaluate("e => e.scrollIntoView({block: 'center'})")  # clear of the sticky bar
                await radio.click()
                await page.locator(f".ks-choice-{code} input[type=radio]:checked").wait_for()
        except BaseException:
            if barrier is not None:
                await barrier.abort()
            raise
        if barrier is not None:
            await barrier.wait()  # every rater clicks "Kirim" at the same moment
        t2 = time.perf_counter()
        await page.locator(".ks-submit").click()
        await page.locator(".ks-msg-ok").wait_for()
        submit = time.perf_counter() - t2
    finally:
        await ctx.close()
    return {"tti": tti, "form": form, "submit": submit}


def wait_for_pool(server, n: int, settle: float) -> None:
    server.wait_ready(120, preheated=n)
    time.sleep(settle)  # the new kernels also run the import cell before they wait for a request


def check_saved(store: Store, token: str, values: dict[str, int]) -> bool:
    session = store.open_link(token)
    aid = int(store.rater_tasks(session)["assignment_id"].iloc[0])
    saved = store.load_response(session, aid)
    return saved["status"] == "submitted" and saved["answers"] == values


def kernel_rss_mb(server_pid: int) -> list[float]:
    """Resident memory of the server's kernel processes (Linux /proc), MB."""
    out = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server_pid) and "VmRSS" in fields:
            out.append(int(fields["VmRSS"].split()[0]) / 1024)
    return out


def summary(xs: list[float]) -> str:
    return f"{statistics.median(xs):6.2f} s  ({min(xs):.2f}-{max(xs):.2f})"


async def sequential(browser, server, tokens, values, store, runs, pool) -> tuple[dict, int]:
    rows, lost = {"tti": [], "form": [], "submit": []}, 0
    for _ in range(runs):
        if pool:
            wait_for_pool(server, pool, 4.0)
        token = tokens.pop()
        r = await one_rater(browser, f"{server.base_url}?token={token}", values)
        lost += not check_saved(store, token, values)
        for k, col in rows.items():
            col.append(r[k])
    return rows, lost


async def burst(browser, server, tokens, values, store, n) -> dict:
    """``n`` raters arrive at once, fill their form, and press "Kirim" at the same moment."""
    batch = [tokens.pop() for _ in range(n)]
    barrier = asyncio.Barrier(n)
    peak: list[float] = []

    async def sample_memory():
        nonlocal peak
        while True:
            rss = kernel_rss_mb(server.process.pid)
            if len(rss) >= len(peak):
                peak = rss
            await asyncio.sleep(1.0)

    sampler = asyncio.create_task(sample_memory())
    t = time.perf_counter()
    res = await asyncio.gather(*[one_rater(browser, f"{server.base_url}?token={tok}", values, barrier)
                                 for tok in batch], return_exceptions=True)
    wall = time.perf_counter() - t
    sampler.cancel()
    ok = [r for r in res if isinstance(r, dict)]
    return {"wall": wall, "ok": ok, "errors": [r for r in res if not isinstance(r, dict)], "rss": peak,
                "saved": sum(check_saved(store, tok, values) for tok in batch)}


async def main(runs: int, concurrent: int, pool: int) -> int:
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="bench-apps-"))
    store = Store(tmp / "demo.sqlite")
    t = time.perf_counter()
    result = build_demo(store, n_employees=200, seed=21, submit_rate=0.05, draft_rate=0.0)
    print(f"demo database: {len(result.links)} raters, built in {time.perf_counter() - t:.1f} s ({tmp})")
    tokens = list(result.links.loc[result.links["status"] == "pending", "token"])
    need = 2 * runs + 2 * concurrent
    if len(tokens) < need:
        print(f"only {len(tokens)} pending raters, need {need}", file=sys.stderr)
        return 1
    items = [i.code for i in store.instrument(result.cycle_id).items]
    values = {code: 1 + (k * 3) % 5 for k, code in enumerate(items)}
    seq, bursts, lost = {}, {}, 0

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # each phase on a fresh server, so that no kernels of an earlier phase are left running
        phases = [("cold", "seq", 0), ("preheated", "seq", pool),
                  (f"pool {pool}", "burst", pool), (f"pool {concurrent}", "burst", concurrent)]
        for label, kind, size in phases:
            server = start_app("rater", store.url, port=free_port(), preheat=size > 0, pool_size=size,
                               log_path=tmp / f"rater-{label.replace(' ', '-')}.log", timeout=300)
            try:
                if kind == "seq":
                    seq[label], n_lost = await sequential(browser, server, tokens, values, store, runs, size)
                    lost += n_lost
                else:
                    wait_for_pool(server, size, max(4.0, 1.0 * size))
                    bursts[label] = await burst(browser, server, tokens, values, store, concurrent)
                print(f"{label} ({kind}): done", flush=True)
            finally:
                server.stop()
        await browser.close()

    with store.engine.connect() as conn:
        n_submitted = conn.exec_driver_sql("select count(*) from responses where status = 'submitted'").scalar()
        n_answers = conn.exec_driver_sql("select count(*) from answers a join responses r on r.id = a.response_id "
                                         "where r.status = 'submitted'").scalar()

    print()
    print(f"Rater app in headless chromium on the same machine ({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} "
          f"at the end); median (min-max) of {runs} visits one after another")
    print(f"{'metric':<36} {'cold (plain Voila)':<24} {'preheated (pool ' + str(pool) + ')':<24} target")
    for key, name, target in (("tti", "link -> task list interactive", "< 2 s preheated"),
                              ("form", "task list -> 21-item form shown", ""),
                              ("submit", "submit round-trip (21 items)", "< 0.5 s")):
        print(f"{name:<36} {summary(seq['cold'][key]):<24} {summary(seq['preheated'][key]):<24} {target}")
    print()
    print(f"{concurrent} raters arriving at once, then pressing \"Kirim\" at the same moment "
          f"(browsers and server share the {os.cpu_count()} cores)")
    print(f"{'preheated kernels':<18} {'finished':<9} {'saved in DB':<12} {'link -> list median/max':<25} "
          f"{'submit median/max':<19} {'kernels x RSS'}")
    for label, b in bursts.items():
        tti = [r["tti"] for r in b["ok"]] or [float("nan")]
        sub = [r["submit"] for r in b["ok"]] or [float("nan")]
        rss = f"{len(b['rss'])} x {statistics.median(b['rss']):.0f} MB" if b["rss"] else "-"
        print(f"{label:<18} {len(b['ok']):>2}/{concurrent:<6} {b['saved']:>2}/{concurrent:<9} "
              f"{statistics.median(tti):6.1f} / {max(tti):5.1f} s{'':<9} {statistics.median(sub):5.2f} / {max(sub):4.2f} s"
              f"{'':<4} {rss}")
        for e in b["errors"]:
            print("  error:", repr(e)[:300])
    print()
    print(f"sequential visits lost: {lost}; database totals: {n_submitted} submitted forms, {n_answers} answers "
          f"({n_answers / max(n_submitted, 1):.0f} per form)")
    ok = not lost and all(b["saved"] == concurrent for b in bursts.values())
    return 0 if ok else 2


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--concurrent", type=int, default=20)
    ap.add_argument("--pool", type=int, default=2)
    args = ap.parse_args()
    sys.exit(asyncio.run(main(args.runs, args.concurrent, args.pool)))
