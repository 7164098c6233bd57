"""The texts people read, one catalog module per area of the package.

Every module here defines ``ID`` (Bahasa Indonesia) and ``EN`` (English): dicts from a key to a text
with ``str.format`` placeholders.  ``kinerja_survey.i18n`` merges them into ``STRINGS`` at import and
renders them with ``t()``; nothing else reads these modules.

Keys added since the split are namespaced by area (``"store.nip_duplicate"``, ``"report.title"``);
the keys from before it (``"save_draft"``, ``"an_not_frame"``) keep their names.  A key belongs to
one module only: ``merged()`` refuses a key defined twice, so two areas cannot silently overwrite
each other's text.  ``tests/test_i18n.py`` checks that every key exists in both languages with the
same placeholders, and that no prose is written in place elsewhere in the package.

Like ``i18n``, this package is base layer: plain dicts, no imports of the package or of numpy/pandas
(the rater kernel loads it).
"""

from __future__ import annotations

from importlib import import_module

LANGS = {"id": "ID", "en": "EN"}
AREAS = ("rater", "admin", "hr", "closing", "periods", "analysis", "store", "collect", "cycle", "reports",
         "dashboard", "apps", "cli", "national")


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
