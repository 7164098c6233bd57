"""Every text a person reads: Bahasa Indonesia by default, English on request; the one number formatter.

The language is chosen, in order, by an explicit argument (the apps pass the ``?lang=`` query
parameter), the environment variable ``KINERJA_SURVEY_LANG``, else Bahasa Indonesia::

    >>> t("save_draft")
    'Simpan draf'
    >>> t("save_draft", "en")
    'Save draft'
    >>> t("progress", "id", done=2, total=5)
    '2 dari 5 formulir terkirim'

The texts live in per-area catalog modules (``kinerja_survey.locale``: rater, admin, store, collect,
cycle, reports, dashboard, cli, ...), merged here into ``STRINGS`` at import.  Every key exists in
every language with the same placeholders (``tests/test_i18n.py`` checks it), so a missing English
string is a test failure, not a blank on screen.

A text can also be kept unrendered until a reader's language is known: ``Msg(key, **fields)`` (and
``Num`` for a number) render in the language of the ``t()`` call they are passed to, and so does a
``KinerjaError`` (``err.message("en")``)::

    >>> t("error", "en", message=Msg("nip_required"))
    "Failed: Enter the rater's NIP first."

Times are stored in UTC and shown in the installation's one time zone with its label, through one
function, :func:`fmt_time` (``"07-12-2026 23.30 WIB"``); the zone is ``$KINERJA_SURVEY_UTC_OFFSET``
hours east of UTC (7 = WIB by default, 8 = WITA, 9 = WIT; see docs/deployment.md).

This module and ``locale`` are base layer: no numpy/pandas (the rater kernel imports them).
"""

from __future__ import annotations

import datetime as _dt
import os

from . import locale as _locale

LANGUAGES = ("id", "en")
DEFAULT_LANG = "id"
LANG_ENV = "KINERJA_SURVEY_LANG"

STRINGS: dict[str, dict[str, str]] = _locale.merged()


def resolve_lang(lang: str | None = None) -> str:
    """The language to use: ``lang`` if it is a supported code, else ``$KINERJA_SURVEY_LANG``, else ``"id"``.

    Unknown codes fall back silently (a mistyped ``?lang=`` must not break the form).
    """
    for candidate in (lang, os.environ.get(LANG_ENV)):
        code = str(candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANG


def t(key: str, lang: str | None = None, /, **fields) -> str:
    """The string ``key`` in ``lang`` (see ``resolve_lang``), formatted with ``fields``.

    Raises ``KeyError`` for an unknown key: a typo in code must fail loudly in the tests.
    """
    lang = resolve_lang(lang)
    text = STRINGS[lang][key]
    if not fields:
        return text
    return text.format(**{k: v.render(lang) if isinstance(v, Localized) else v for k, v in fields.items()})


class Localized:
    """Something that renders itself in a reader's language: ``render(lang) -> str``.

    ``t()`` renders such fields in its own language, so a message can nest another message (or an
    error) and still come out in one language.
    """

    __slots__ = ()

    def render(self, lang: str | None = None) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render()


def _msg(key, fields):
    return Msg(key, **fields)


class Msg(str, Localized):
    """The text ``key`` with its ``fields``: a ``str`` in the default language (so it can stand
    wherever a text did: ``in``, ``==``, sorting, a table cell) that renders again in another
    language with ``render(lang)``, also when it is a field of another message::

        >>> m = Msg("item_ref", ref="BER1")
        >>> m, m.render("en"), "BER1" in m
        ('butir BER1', 'item BER1', True)
    """

    def __new__(cls, key: str, /, **fields):
        self = super().__new__(cls, t(key, None, **fields))  # an unknown key fails where the message is made
        self.key, self.fields = key, fields
        return self

    def render(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.fields)

    def __str__(self) -> str:
        return str.__str__(self)

    def __reduce__(self):
        return _msg, (self.key, self.fields)

    __hash__ = str.__hash__


class Num(Localized):
    """A number rendered with ``fmt_number`` (decimal comma in Bahasa Indonesia) in the reader's language."""

    __slots__ = ("value", "digits")

    def __init__(self, value, digits: int = 2):
        self.value, self.digits = value, digits

    def render(self, lang: str | None = None) -> str:
        return fmt_number(self.value, self.digits, lang)

    def __repr__(self):
        return f"Num({self.value!r}, {self.digits})"


class Join(Localized):
    """Items (texts or ``Localized``) joined by ``sep`` in the reader's language."""

    __slots__ = ("items", "sep", "prefix")

    def __init__(self, items, sep: str = ", ", prefix: str = ""):
        self.items, self.sep, self.prefix = list(items), sep, prefix

    def render(self, lang: str | None = None) -> str:
        sep = self.sep.render(lang) if isinstance(self.sep, Localized) else self.sep
        return sep.join(self.prefix + (i.render(lang) if isinstance(i, Localized) else str(i)) for i in self.items)




# --- numbers ---------------------------------------------------------------------------------------

DASH = "–"


def fmt_number(value, digits: int = 2, lang: str | None = None) -> str:
    """A number as people read it: decimal comma in Bahasa Indonesia (``4,25``), point in English;
    ``–`` for a missing value.  The one number formatter of the package.

    >>> fmt_number(4.254)
    '4,25'
    >>> fmt_number(4.254, 1, "en")
    '4.3'
    >>> fmt_number(float("nan"))
    '–'
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        return DASH
    if x != x:  # NaN, None-like
        return DASH
    text = f"{x:.{digits}f}"
    return text if resolve_lang(lang) == "en" else text.replace(".", ",")


def fmt_percent(share, digits: int = 0, lang: str | None = None) -> str:
    """A share (0.914) as a percentage (``91%``, or ``91,4%`` with ``digits=1``)."""
    text = fmt_number(None if share is None else 100 * float(share), digits, lang)
    return text if text == DASH else text + "%"


# --- time: stored UTC, shown in the installation's zone with its label -------------------------------

UTC_OFFSET_ENV = "KINERJA_SURVEY_UTC_OFFSET"
#: the zones of Indonesia by their offset from UTC (hours)
ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


def utc_offset() -> _dt.timedelta:
    """The installation's offset from UTC (``$KINERJA_SURVEY_UTC_OFFSET`` hours, default 7 = WIB)."""
    try:
        hours = float(os.environ.get(UTC_OFFSET_ENV) or 7)
    except ValueError:
        hours = 7.0
    return _dt.timedelta(hours=hours)


def zone_name() -> str:
    """The installation zone's label: ``WIB``, ``WITA``, ``WIT``, else ``UTC+5.5``."""
    hours = utc_offset().total_seconds() / 3600
    return ZONE_NAMES.get(int(hours), f"UTC{hours:+g}") if hours.is_integer() else f"UTC{hours:+g}"


def _utc_moment(value) -> _dt.datetime | None:
    """A stored moment (naive UTC ``datetime``, a pandas ``Timestamp``, an aware datetime, ISO text
    with or without ``Z``) as a naive UTC datetime; None when missing (None, NaT, NaN, blank)."""
    if value is None or value != value:  # noqa: PLR0124 - NaT and NaN are not equal to themselves
        return None
    if isinstance(value, str):
        text = value.strip().rstrip("Z")
        if not text:
            return None
        head, dot, frac = text.partition(".")
        value = _dt.datetime.fromisoformat(head + (dot + frac[:6] if dot else ""))
    elif hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if not isinstance(value, _dt.datetime):
        if isinstance(value, _dt.date):
            value = _dt.datetime.combine(value, _dt.time())
        else:
            raise TypeError(f"not a moment: {value!r}")
    if value.tzinfo is not None:
        value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return value


def local_time(moment) -> _dt.datetime:
    """A stored UTC moment (naive; or anything :func:`fmt_time` reads) in the installation's zone (naive)."""
    return _utc_moment(moment) + utc_offset()


def fmt_time(moment, lang: str | None = None) -> str:
    """A stored UTC moment as people read it: date, hours and minutes in the installation's zone,
    with the zone's label -- ``"07-12-2026 23.30 WIB"`` (Bahasa Indonesia writes hours with a
    point), ``"07-12-2026 23:30 WIB"`` in English; ``–`` for a missing value.  The one time
    formatter of the package: the CLI, the apps, the reports, the berita acara and the workbooks
    show every stored time through it.

    >>> import os; os.environ.pop(UTC_OFFSET_ENV, None) and None
    >>> fmt_time(_dt.datetime(2026, 12, 7, 16, 30, 59, 123456))
    '07-12-2026 23.30 WIB'
    >>> fmt_time("2026-12-07T16:30:00Z", "en")
    '07-12-2026 23:30 WIB'
    """
    utc = _utc_moment(moment)
    if utc is None:
        return DASH
    local = utc + utc_offset()
    return t("time.at", lang, date=f"{local:%d-%m-%Y}", hh=f"{local:%H}", mm=f"{local:%M}", zone=zone_name())

