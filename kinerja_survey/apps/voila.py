"""What every Voilà app shares: the request's query parameters as the kernel sees them."""

from __future__ import annotations

import os
from urllib.parse import parse_qs


def request_params(query_string: str | None = None) -> dict:
    """The page's query parameters (first value each) as seen by the Voilà kernel.

    Voilà passes the query string in ``$QUERY_STRING``; a preheated kernel first waits for the
    request (``voila.utils.get_query_string``).
    """
    if query_string is None:
        if os.environ.get("VOILA_PREHEAT") == "True":
            # a preheated kernel ran the notebook before anyone asked: wait for the request
            from voila.utils import get_query_string
            query_string = get_query_string() or ""
        else:  # a kernel started for this request (or plain Python): Voilà set the variable
            query_string = os.environ.get("QUERY_STRING", "")
    return {k: v[0] for k, v in parse_qs(query_string or "", keep_blank_values=True).items()}
