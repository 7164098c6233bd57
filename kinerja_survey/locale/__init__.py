"""The texts people read, one catalog module per area of the package.

Every module here defines ``ID`` (Bahasa Indonesia) and ``EN`` (English): dicts from a key to a text
with ``str.format`` placeholders.  ``kinerja_survey.i18n`` merges them into ``STRINGS`` at import and
renders them with ``t()``; nothing else reads these modules.

Keys added since the split are namespaced by area (``"store.nip_duplicate"``, ``"report.title"``)
and live in the module of that area (``closing.*`` in ``closing.py``, ``cal.*`` in ``calibration.py``,
``emp_*``/``keb_*`` in ``employee.py``, ``col.*`` in ``labels.py``); the keys from before it
(``"save_draft"``, ``"an_not_frame"``) keep their names.  A key belongs to one module only:
``merged()`` refuses a key defined twice, so two areas cannot silently overwrite each other's text;
and a text has one key: a label shared by several screens (a column header, "Nama") is read through
the one label map (``present/labels.py``: ``column_label`` for workbooks, ``screen_label`` for the
apps' tables) rather than written again under a key of each screen.  ``tests/test_i18n.py`` checks
that every key exists in both languages with the same placeholders, that no two keys hold the same
text in both languages, that prefixes match their module, and that no prose or widget label is
written in place elsewhere in the package.

One module per area:

``rater``      the rater app and the server's refusal pages
``admin``      the admin app: periods, roster import, assignments and links, response rates
``hr``         HR operations: deadlines, mid-cycle changes, rater review, invitations and reminders
``closing``    the admin app's closing tab: hasil kerja, organisation predikat, publication
``employee``   the employee's results page and keberatan
``calibration`` the calibration meeting view
``periods``    dialog kinerja, development plans, stakeholders, continuous feedback, the periods tab
``apps``       what every app shares (the error boundary, date placeholders) and the server's pages
``dashboard``  the results dashboard
``reports``    reports and exports: the feedback report, berita acara, plots
``labels``     the one label map: column headers and their meanings (*kamus data*)
``analysis``   the analysis errors and the ratings-frame check
``collect``    reading what HR hands in (roster, hasil kerja, NIPs, instruments)
``vocab``      the regulation's rating and predikat labels and their spellings
``cycle``      the use cases: refusals, the keterangan table, calibration, keberatan, results' state
``store``      the store's refusals and database faults
``cli``        the ``kinerja-survey`` command: its help and everything it prints
``privacy``    backups, restores, upgrades and personal data (access, correction, retention, export log)
``national``   the national file and the pooled analysis of many agencies (issue 25)

Like ``i18n``, this package is base layer: plain dicts, no imports of the package or of numpy/pandas
(the rater kernel loads it).
"""

from __future__ import annotations

from importlib import import_module

LANGS = {"id": "ID", "en": "EN"}
AREAS = ("rater", "admin", "hr", "closing", "employee", "periods", "calibration", "analysis", "store", "collect", "vocab",
         "cycle", "reports", "labels", "dashboard", "apps", "cli",
         "privacy", "national")


def merged(areas=AREAS) -> dict[str, dict[str, str]]:
    """``{"id": {key: text}, "en": {key: text}}`` from the catalog modules of ``areas``.

    Raises ``RuntimeError`` (a programming error, met at import) for a key defined in two modules.
    """
    strings: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    owner: dict[str, str] = {}
    for area in areas:
        module = import_module(f"{__name__}.{area}")
        for lang, name in LANGS.items():
            for key, text in getattr(module, name).items():
                if key in strings[lang] and owner[key] != area:
                    raise RuntimeError(f"i18n key {key!r} is defined in locale/{owner[key]}.py and locale/{area}.py")
                strings[lang][key] = text
                owner.setdefault(key, area)
    return strings
