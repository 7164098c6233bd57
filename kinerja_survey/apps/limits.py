"""How many pages one rater server may hold, and what a visitor beyond that sees (issue 24).

* **No hidden cap below ``max_kernels``.**  Each open page costs the server about
  ``SOCKETS_PER_PAGE`` zmq sockets (the page's kernel channels: shell, iopub, stdin, control,
  heartbeat, plus the websocket's own) and about ``FDS_PER_PAGE`` file descriptors.  libzmq allows
  1,023 sockets per context by default: one server held at most ~170 pages before every new page
  failed with ``ZMQError: Too many open files`` (an HTTP 500).  ``zmq_sockets_needed`` sizes the
  kernel manager's context for ``max_kernels`` (``sized_context``), and ``raise_open_files``
  raises the process's soft ``RLIMIT_NOFILE`` towards what that needs (never above the hard
  limit; the shortfall is logged).
* **``max_kernels`` from memory** when not given (``default_max_kernels``)::

      max_kernels = max(1, min(floor((MemAvailable - RESERVE_MB) / MB_PER_PAGE),
                               floor((hard RLIMIT_NOFILE - BASE_FDS) / FDS_PER_PAGE)))

  with ``MB_PER_PAGE`` = 35 MB, the private memory of one open form measured with the load
  generator (``benchmarks/bench_capacity.py``: a forked kernel's USS with a form open, plus the
  server's share), and ``RESERVE_MB`` = 1,024 MB left for the Voilà process, the fork server, the
  database and the system.  On a 24 GB machine with ~20 GB available that is ~560 pages.
* **A waiting room instead of an error** (``WaitingRoom``, ``render_waiting``): beyond
  ``max_kernels`` the visitor gets a small page in Bahasa Indonesia (360 px wide) that shows their
  place in the queue and reloads itself every ``RETRY_SECONDS``; when a page frees, the visitor
  who has waited longest gets it first.  HTTP 503 with ``Retry-After``, never a 500.
"""

from __future__ import annotations

import logging
import math
import secrets
import time

import jinja2

from ..i18n import resolve_lang, t

SOCKETS_PER_PAGE = 6
FDS_PER_PAGE = 13
BASE_SOCKETS = 64
BASE_FDS = 256
MB_PER_PAGE = 35.0
RESERVE_MB = 1024.0
RETRY_SECONDS = 10
WAIT_COOKIE = "ks_wait"

log = logging.getLogger("kinerja_survey.server")


def zmq_sockets_needed(max_kernels: int, pool_size: int = 0) -> int:
    """zmq sockets a server with ``max_kernels`` pages and a pool of ``pool_size`` needs."""
    return (int(max_kernels) + int(pool_size) + 2) * SOCKETS_PER_PAGE + BASE_SOCKETS


def open_files_needed(max_kernels: int, pool_size: int = 0) -> int:
    """File descriptors the same server needs (sockets, pipes, the kernels' connection files, logs)."""
    return (int(max_kernels) + int(pool_size) + 2) * FDS_PER_PAGE + BASE_FDS


def raise_open_files(needed: int) -> tuple[int, int]:
    """Raise the soft ``RLIMIT_NOFILE`` of this process to ``needed`` (at most the hard limit;
    never lowered).  Returns ``(soft, hard)`` after the change."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = int(needed) if hard == resource.RLIM_INFINITY else min(int(needed), hard)
    if soft != resource.RLIM_INFINITY and target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            log.warning("could not raise the open-file limit from %d to %d", soft, target)
    if hard != resource.RLIM_INFINITY and hard < needed:
        log.warning("open-file hard limit %d is below the %d that max_kernels needs: raise it "
                    "(LimitNOFILE= in the systemd unit, or ulimit -Hn)", hard, needed)
    return soft, hard


def sized_context(context, sockets: int):
    """Let the zmq ``context`` open ``sockets`` sockets (libzmq's default is 1,023), capped at
    libzmq's own ceiling; must be called before the context's first socket."""
    import zmq

    ceiling = context.get(zmq.SOCKET_LIMIT)
    wanted = min(max(int(sockets), context.get(zmq.MAX_SOCKETS)), ceiling)
    context.set(zmq.MAX_SOCKETS, wanted)
    return context


def default_max_kernels(available_mb: float | None = None, hard_files: int | None = None) -> tuple[int, str]:
    """``(max_kernels, reasoning)`` from available memory and the open-file hard limit (formula
    in the module docstring)."""
    import resource

    if available_mb is None:
        import psutil

        available_mb = psutil.virtual_memory().available / 2**20
    if hard_files is None:
        hard_files = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    by_memory = math.floor(max(0.0, available_mb - RESERVE_MB) / MB_PER_PAGE)
    by_files = (math.floor((hard_files - BASE_FDS) / FDS_PER_PAGE)
                if hard_files not in (-1, resource.RLIM_INFINITY) else by_memory)
    value = max(1, min(by_memory, by_files))
    why = (f"max_kernels={value}: ({available_mb:.0f} MB available - {RESERVE_MB:.0f} MB reserve) / "
           f"{MB_PER_PAGE:.0f} MB per page = {by_memory}; open-file hard limit {hard_files} allows {by_files}")
    return value, why


class WaitingRoom:
    """Visitors turned away while the server is full, first come first served.

    Each waiting visitor holds a ticket (a cookie); a ticket not seen for ``2 * retry + 5``
    seconds (the page was closed) leaves the queue, so a closed waiting page holds the line for
    25 s at most.  A client that keeps no cookie gets a new ticket at the back on every retry: it
    gets in once nobody with a ticket is waiting.  When ``free`` pages are available, the first
    ``free`` tickets in the queue get in; a visitor without a ticket gets in only if nobody waits
    or there is room beyond those waiting."""

    def __init__(self, retry: float = RETRY_SECONDS):
        self.retry = float(retry)
        self.tickets: dict[str, list[float]] = {}   # ticket -> [arrived, last seen]

    def _prune(self, now: float) -> None:
        for ticket in [k for k, (_a, seen) in self.tickets.items() if now - seen > 2 * self.retry + 5]:
            del self.tickets[ticket]

    def position(self, ticket: str) -> int:
        """1-based place of ``ticket`` in the queue (0 if it is not waiting)."""
        order = sorted(self.tickets, key=lambda k: self.tickets[k][0])
        return order.index(ticket) + 1 if ticket in self.tickets else 0

    def admit(self, ticket: str | None, free: int) -> tuple[bool, str, int]:
        """``(admitted, ticket, place)`` for a visitor holding ``ticket`` (or none) when ``free``
        pages are available."""
        now = time.monotonic()
        self._prune(now)
        if ticket in self.tickets:
            self.tickets[ticket][1] = now
            place = self.position(ticket)
            if place <= free:
                del self.tickets[ticket]
                return True, ticket, 0
            return False, ticket, place
        if free > len(self.tickets):
            return True, "", 0
        ticket = secrets.token_urlsafe(12)
        self.tickets[ticket] = [now, now]
        return False, ticket, self.position(ticket)

    def __len__(self) -> int:
        return len(self.tickets)


WAITING_PAGE = jinja2.Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="{{ retry }}">
<title>{{ title }}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f7fa;color:#1f2933}
main{box-sizing:border-box;max-width:36rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.25rem;margin:0 0 1rem}
p{font-size:1rem;line-height:1.5;margin:0 0 1rem;overflow-wrap:anywhere}
.ks-wait-place{font-size:1.5rem;font-weight:bold}
a.ks-wait-retry{display:inline-flex;align-items:center;min-height:44px;padding:0 16px;border-radius:8px;
  border:2px solid #0b57d0;color:#0b57d0;text-decoration:none;font-size:1rem}
</style>
</head>
<body>
<main class="ks-wait" role="status" aria-live="polite">
<h1>{{ title }}</h1>
<p class="ks-wait-place">{{ place }}</p>
<p class="ks-wait-message">{{ message }}</p>
<p><a class="ks-wait-retry" href="">{{ retry_now }}</a></p>
</main>
</body>
</html>
""")


def render_waiting(handler, place: int, ticket: str, headers: dict, retry: int = RETRY_SECONDS) -> None:
    """The waiting-room page (HTTP 503, ``Retry-After``), reloading itself every ``retry`` s."""
    lang = resolve_lang(handler.get_query_argument("lang", None))
    handler.clear()
    handler.set_status(503)
    for name, value in headers.items():
        handler.set_header(name, value)
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Cache-Control", "no-store")
    handler.set_header("Retry-After", str(int(retry)))
    if ticket:
        handler.set_cookie(WAIT_COOKIE, ticket, path=handler.base_url, httponly=True, samesite="Strict",
                           secure=handler.request.protocol == "https")
    handler.finish(WAITING_PAGE.render(lang=lang, retry=int(retry), title=t("waiting_title", lang),
                                       place=t("waiting_place", lang, place=place),
                                       message=t("waiting_message", lang, seconds=int(retry)),
                                       retry_now=t("waiting_retry", lang)))
