"""The package's one base exception.

Every refusal a person can meet is a ``KinerjaError`` whose message is ready to show, in Bahasa
Indonesia by default.  Errors about bad input are also ``ValueError`` (``RosterError``,
``InstrumentError``, ``frames.AnalysisError``, ``vocab.LabelError``, ``cycle.CycleError``), so callers that catch bad input keep working.
"""

from __future__ import annotations


class KinerjaError(Exception):
    """Base class of every error kinerja-survey raises on purpose; ``str(exc)`` is for people."""
