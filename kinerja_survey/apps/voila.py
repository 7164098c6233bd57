"""What every Voilà app shares: the request's query parameters as the kernel sees them."""

from __future__ import annotations

import json
import os
import time
from urllib.parse import parse_qs

QUERY_URL_ENV = "KINERJA_QUERY_URL"
KERNEL_KEY_ENV = "KINERJA_KERNEL_KEY"
KEY_HEADER = "X-Kinerja-Kernel-Key"


def _wait_for_request() -> str:
    """A preheated kernel waits for its page's request; returns the query string.

    Under ``kinerja-survey serve`` the kernel asks its own server (``/ks-query/<kernel id>``),
    showing the random key only it received in its environment, so no one else can read the
    request (which carries the rater's token).  Under plain Voilà, Voilà's own mechanism is used.
    """
    url, key = os.environ.get(QUERY_URL_ENV), os.environ.get(KERNEL_KEY_ENV)
    if not url or not key:
        from voila.utils import get_query_string  # plain Voilà
        return get_query_string() or ""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={KEY_HEADER: key})
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=None) as resp:
                info = json.loads(resp.read().decode("utf-8"))
            break
        except (urllib.error.URLError, OSError, ValueError):
            if attempt == 4:
                raise
            time.sleep(1.0)
    for k, v in info.items():
        os.environ[str(k)] = str(v)
    return info.get("QUERY_STRING", "") or ""


def request_params(query_string: str | None = None) -> dict:
    """The page's query parameters (first value each) as seen by the Voilà kernel.

    Voilà passes the query string in ``$QUERY_STRING``; a preheated kernel first waits for the
    request (``_wait_for_request``).
    """
    if query_string is None:
        if os.environ.get("VOILA_PREHEAT") == "True":
            # a preheated kernel ran the notebook before anyone asked: wait for the request
            query_string = _wait_for_request()
        else:  # a kernel started for this request (or plain Python): Voilà set the variable
            query_string = os.environ.get("QUERY_STRING", "")
    return {k: v[0] for k, v in parse_qs(query_string or "", keep_blank_values=True).items()}
