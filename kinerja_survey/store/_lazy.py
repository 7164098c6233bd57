"""``pandas`` imported on first use, for the store modules the rater's kernel loads.

The rater's kernel (open link, task list, form, save) never needs pandas or numpy, and importing
them costs ~0.4 CPU-s and ~40 MB per kernel (``tests/test_serving.py`` checks they stay out).
"""

from __future__ import annotations

import importlib


class LazyModule:
    """A module imported on the first attribute access."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self._name), attr)


pd = LazyModule("pandas")
