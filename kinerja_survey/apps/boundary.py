"""The one error boundary of the apps: every widget callback and every use-case call that may refuse
goes through an :class:`ErrorBoundary`, so an app never shows a traceback.

* a ``KinerjaError`` (a refusal of the store, the cycle, an input file) is shown as its message, in
  the app's language (``exc.message(lang)``);
* any other exception is a defect: its traceback goes to the operator's log
  (``kinerja_survey.apps``), the person sees the catalog's generic ``app.unexpected`` message;
* an app that treats a particular refusal its own way (the rater form on a stale draft, a lost
  session, a form submitted elsewhere) passes ``on=((ErrorClass, handler), ...)``: the first
  matching handler runs and its return value is the call's result.

As datasette translates errors once at the command group, each app makes one boundary
(``ErrorBoundary(show, lang)``, ``show`` writing into the app's message area) and wraps its callbacks
with :meth:`ErrorBoundary.callback`; :meth:`ErrorBoundary.attempt` runs one call and says whether it
succeeded.  No pandas here (the rater kernel imports it).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable

from ..errors import KinerjaError
from ..i18n import t

log = logging.getLogger("kinerja_survey.apps")

Handlers = Iterable[tuple[type[BaseException] | tuple[type[BaseException], ...], Callable[[BaseException], object]]]


class ErrorBoundary:
    """Errors of one app, shown in its language by ``show(text)``.

    >>> shown = []
    >>> boundary = ErrorBoundary(shown.append, "en")
    >>> boundary.attempt(lambda: 1 / 0)
    (False, None)
    >>> shown == [t("app.unexpected", "en")]
    True
    """

    def __init__(self, show: Callable[[str], object], lang: str | None = None):
        self.show, self.lang = show, lang

    def handle(self, exc: Exception, on: Handlers = (), show: Callable[[str], object] | None = None):
        """What the app does about ``exc``: the first matching ``on`` handler (its result returned),
        else the message shown (a ``KinerjaError``'s own, or the generic one with the traceback logged)."""
        for kind, handler in on:
            if isinstance(exc, kind):
                return handler(exc)
        show = show or self.show
        if isinstance(exc, KinerjaError):
            show(exc.message(self.lang))
        else:
            log.error("unexpected error in an app callback", exc_info=(type(exc), exc, exc.__traceback__))
            show(t("app.unexpected", self.lang))
        return None

    def attempt(self, fn: Callable, /, *args, on: Handlers = (), show: Callable[[str], object] | None = None,
                **kwargs) -> tuple[bool, object]:
        """``(True, fn(*args, **kwargs))``, or ``(False, what handle() returned)`` when it raised.
        ``show`` replaces the boundary's own for this call (e.g. the message area of one tab)."""
        try:
            return True, fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the boundary: nothing passes it unhandled
            return False, self.handle(exc, on, show)

    def callback(self, fn: Callable) -> Callable:
        """``fn`` wrapped for ``on_click``/``observe``: it runs inside the boundary."""

        @functools.wraps(fn)
        def run(*args, **kwargs):
            return self.attempt(fn, *args, **kwargs)[1]

        return run


class App:
    """Base of every app and tab: its ``lang`` and its one ``boundary``, whose messages go to
    :meth:`show_error` (each app knows its message area).  Widget callbacks are connected through
    :meth:`guard`: ``button.on_click(self.guard(lambda _b: self.save()))``."""

    lang: str | None = None

    def show_error(self, text: str) -> None:  # pragma: no cover - every app defines it
        raise NotImplementedError

    @functools.cached_property
    def boundary(self) -> ErrorBoundary:
        return ErrorBoundary(self.show_error, self.lang)

    def guard(self, fn: Callable) -> Callable:
        """``fn`` as a widget callback inside this app's boundary."""
        return self.boundary.callback(fn)
