"""The package's one base exception.

Every refusal a person can meet is a ``KinerjaError`` carrying a message key of the i18n catalog
(``kinerja_survey.locale``) and its fields, so it can be shown in either language::

    >>> err = KinerjaError("store.actor_required")
    >>> str(err)                                  # Bahasa Indonesia, or $KINERJA_SURVEY_LANG
    'Nama orang yang bertindak (actor) wajib diisi, maksimum 100 karakter.'
    >>> err.message("en")
    'The name of the person acting (actor) is required, at most 100 characters.'

Fields may themselves be ``i18n.Msg``/``Num``/``Join`` or other errors: they render in the same
language.  A text that is not a catalog key (a driver's message passed through) is shown as it is.
Errors about bad input are also ``ValueError`` (``RosterError``, ``InstrumentError``,
``frames.AnalysisError``, ``vocab.LabelError``, ``cycle.CycleError``), so callers that catch bad
input keep working.
"""

from __future__ import annotations

from .i18n import DEFAULT_LANG, STRINGS, Localized, Msg, t


def _restore(cls, args, state):
    """Unpickle without calling ``__init__`` (subclasses take other arguments than the key)."""
    err = cls.__new__(cls, *args)
    err.args = args
    err.__dict__.update(state)
    return err


class KinerjaError(Localized, Exception):
    """Base class of every error kinerja-survey raises on purpose; ``str(exc)`` is for people.

    ``KinerjaError(key, **fields)``: ``key`` names a text of the i18n catalog, ``fields`` fill its
    placeholders.  ``message(lang)`` renders it; ``str()`` renders it in the default language.
    """

    def __init__(self, key: str = "", /, **fields):
        self.key, self.fields = key, fields
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``"id"``/``"en"``; default ``$KINERJA_SURVEY_LANG``, else Indonesian)."""
        if self.key in STRINGS[DEFAULT_LANG]:
            return t(self.key, lang, **self.fields)
        return self.key

    def render(self, lang: str | None = None) -> str:
        return self.message(lang)

    def as_msg(self) -> str:
        """The message as an ``i18n.Msg`` (a ``str`` that renders again in another language)."""
        return Msg(self.key, **self.fields) if self.key in STRINGS[DEFAULT_LANG] else self.key

    def __str__(self) -> str:
        return self.message()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message()!r})"

    def __reduce__(self):
        return _restore, (type(self), self.args, self.__dict__)
