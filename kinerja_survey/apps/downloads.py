"""Every file an app hands out, through one function: :func:`offer`.

UU 27/2022 asks an agency holding personal data to know who exported what.  The CLI records every
file it writes (``cycle.record_export``, ``kinerja-survey log-ekspor``); the apps do the same here.
``offer(output_name, data, filename, store=, cycle_id=, actor=, people=)``

1. builds the file (``data``: bytes, a text, a DataFrame written as a UTF-8 CSV with a BOM for Excel
   through ``present.exports.write_csv`` (formula-like texts neutralised), or a callable returning
   one of these);
2. records it in the export log through the cycle layer (``cycle.record_export``): who (the acting
   person or account), what (``output_name``, one of :data:`APP_OUTPUTS`), when (UTC), the file
   name, how many people it holds data of (``people``; by default the people of the cycle, else
   of the roster: ``cycle.privacy.export_people``), with the period, the size and the SHA-256 of
   the file;
3. only then returns the download link: an ``<a class='ks-download' download=...>`` whose
   ``data:`` address carries the file itself.

The link carries the bytes, so the file leaves the server when the link is put into the page: that
is the moment recorded, every time.  A file is therefore only made when a person asks for it (an
action's result, or a *Siapkan unduhan* button), never while a tab is drawn, so that the log holds
the files asked for and not every page view.  Nobody named: no file, and the link's place says why
(``privacy.dl_actor_needed``).  A failure to record (the store refuses) raises, so the caller's
error boundary shows it and no unrecorded file leaves.

No other module of ``kinerja_survey.apps`` builds a download link or a ``data:`` address other than
an image (``tests/test_app_downloads.py`` reads their source to check it).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

import pandas as pd

from .. import cycle as uc
from ..i18n import t
from ..present import registry
from .html import esc

def app_outputs() -> tuple[str, ...]:
    """The names of the registered outputs an app offers (``present.registry``: those with
    ``downloads``; the registrations are ``cycle.outputs`` and ``cycle.privacy``)."""
    return tuple(o.name for o in registry.all_outputs() if o.extra.get("downloads"))


#: the outputs the apps offer, by their registered names
APP_OUTPUTS = app_outputs()

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the type of a file by its ending
MIMES = {".csv": "text/csv;charset=utf-8", ".xlsx": XLSX_MIME, ".pdf": "application/pdf",
         ".yaml": "application/yaml;charset=utf-8", ".yml": "application/yaml;charset=utf-8"}

def file_bytes(data) -> bytes:
    """The bytes of a file to offer: ``bytes`` as they are, a text in UTF-8, a DataFrame as a CSV
    (UTF-8 with a BOM, formula-like texts neutralised), a callable's result as any of these."""
    if callable(data) and not isinstance(data, (bytes, str, pd.DataFrame)):
        data = data()
    if isinstance(data, pd.DataFrame):
        from ..present.exports import write_csv

        return write_csv(data, index=False).encode("utf-8-sig")
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"cannot offer {type(data).__name__} as a file")


def anchor(data: bytes, filename: str, label: str, mime: str, output_name: str = "") -> str:
    """The download link itself (nothing recorded): only :func:`offer` calls it, and the tests."""
    href = f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
    extra = f" data-output='{esc(output_name)}'" if output_name else ""
    return f"<a class='ks-download' download='{esc(filename)}' href='{href}'{extra}>⬇ {esc(label)}</a>"


def csv_anchor(frame: pd.DataFrame, filename: str, label: str) -> str:
    """The CSV link of ``frame`` (nothing recorded): for the tests of the CSV itself."""
    return anchor(file_bytes(frame), filename, label, MIMES[".csv"])


def _people(data, people, store, cycle_id) -> int:
    if people is not None:
        return int(people() if callable(people) else people)
    if isinstance(data, pd.DataFrame) and "nip" in data.columns:
        return int(data["nip"].nunique())
    return uc.privacy.export_people(store, cycle_id)


def offer(output_name: str, data: bytes | str | pd.DataFrame | Callable[[], object], filename: str, *, store,
          cycle_id: int | None, actor: str, people: int | Callable[[], int] | None = None,
          label: str | None = None, mime: str | None = None, lang: str | None = None) -> str:
    """Record one file in the export log, then return its download link (see the module docstring).

    Parameters
    ----------
    output_name : str
        What the file is: a registered output offered by an app (:data:`APP_OUTPUTS`;
        ``RegistryError``/``ValueError`` otherwise: a programming error).
    data : bytes, str, DataFrame or callable
        The file, or what builds it (called once, here).
    filename : str
        The name the browser saves it under (also the export log's ``target``).
    store : Store
    cycle_id : int or None
        The period it is about (recorded with it; the default ``people`` count).
    actor : str
        Who takes the file: the acting person or account.  Empty: no file, the reason instead.
    people : int or callable, optional
        How many people's data it holds; default: the ``nip`` values of a DataFrame, else the
        people of ``cycle_id`` (raters and ratees), else the roster.
    label, mime, lang
        The link's text (default: the file name), the type (default: by the ending), the language
        of the refusal text.

    Returns
    -------
    str
        The link's HTML (``a.ks-download``), or a hint naming what is missing.
    """
    if not registry.get(output_name).extra.get("downloads"):  # RegistryError for a name not registered
        raise ValueError(f"{output_name!r} is registered, but not as an app download (present.registry)")
    label = label or filename
    who = str(actor or "").strip()[:100]
    if not who:
        return f"<p class='ks-hint ks-download-blocked'>{esc(t('privacy.dl_actor_needed', lang, label=label))}</p>"
    if callable(data) and not isinstance(data, (bytes, str, pd.DataFrame)):
        data = data()
    raw = file_bytes(data)
    digest = hashlib.sha256(raw).hexdigest()
    uc.record_export(store, output_name, actor=who, target=filename, people=_people(data, people, store, cycle_id),
                     cycle_id=cycle_id, app=True, bytes=len(raw), sha256=digest)
    mime = mime or next((m for end, m in MIMES.items() if filename.lower().endswith(end)), "application/octet-stream")
    return anchor(raw, filename, label, mime, output_name)
