"""HTML for the apps' widgets: the one escaper and the one table.

``esc(value)``
    a value as text in HTML, escaped (quotes too, so it may stand in an attribute); ``None`` and NaN
    are empty.
``cell(value, lang, digits=2)``
    one table cell: a float through ``i18n.fmt_number`` (decimal comma in Bahasa Indonesia, ``–``
    for a missing value), a ``Localized`` message rendered in ``lang``, any text escaped with bidi
    controls and zero-width characters removed (``present.labels.display_text``).
``html_table(frame, lang, ...)``
    a DataFrame as an escaped, scrollable table whose headers come from the one label map
    (``present.labels.screen_label``), so a column has the same header on every screen.

Numbers go through ``i18n.fmt_number``/``fmt_percent`` directly, never a per-app wrapper.  The rater
kernel imports ``esc`` from here, so this module imports neither pandas nor numpy at module level
(tests/test_serving.py checks the kernel).
"""

from __future__ import annotations

import html as _html
import numbers

from ..i18n import Localized, fmt_number, fmt_percent


def esc(value) -> str:
    """``value`` as text put into HTML, escaped (quotes too); ``None`` and NaN become ``""``.

    >>> esc("<b>'Budi'</b>"), esc(None), esc(float("nan"))
    ('&lt;b&gt;&#x27;Budi&#x27;&lt;/b&gt;', '', '')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _html.escape(str(value), quote=True)


def cell(value, lang: str | None = None, digits: int = 2) -> str:
    """One table cell as escaped HTML (see the module docstring)."""
    from ..present.labels import display_text

    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return fmt_number(value, digits, lang)  # numpy floats too; NaN -> "–"
    if isinstance(value, Localized):
        value = value.render(lang)
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    return _html.escape(display_text(value), quote=False)  # element text: quotes stay as typed


def html_table(frame, lang: str | None = None, *, percent: tuple[str, ...] = (), digits: int = 2,
               headers: bool = True, wrap: str = "ks-table-wrap") -> str:
    """``frame`` as an HTML table: headers from ``screen_label`` (machine column names in, people's
    headers out), cells through :func:`cell`; the columns in ``percent`` hold shares shown as
    ``91%`` (``fmt_percent``).  ``headers=False`` for a frame whose columns are already people's
    headers (e.g. a table built for a screen with ``screen_label`` itself)."""
    from ..present.labels import TIME_COLUMNS, display_text, display_value, screen_label

    head = "".join(f"<th>{esc(screen_label(c, lang) if headers else display_text(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        # a stored moment (naive UTC) in the installation's zone with its label (``i18n.fmt_time``)
        cells = [esc(fmt_percent(v, 0, lang)) if col in percent
                 else cell(display_value(v, col, lang, missing="") if col in TIME_COLUMNS else v, lang, digits)
                 for col, v in zip(frame.columns, row)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f"<div class='{wrap}'><table class='ks-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")
