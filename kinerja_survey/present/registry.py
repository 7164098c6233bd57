"""The output registry: every output a person reads, with its kind, so that one test checks them all.

An *output* is anything the package writes for a person to read: a workbook, a CSV, a report, a
table printed by the command line, an app download.  Each is registered once, by name, with

``kind``    ``per_person`` (a row or a page about one person), ``per_unit`` (figures about a unit)
            or ``org_wide`` (statistics over the whole organisation).  The anonymity rule
            (``analysis.displayable_ratings``) says that only an ``org_wide`` output may depend on
            the answers of a rater group under its threshold for a ratee;
``fmt``     its formats (``xlsx``, ``csv``, ``html``, ``pdf``, ``txt``, ``json``, ``parquet``,
            ``table`` for a table printed on the terminal or shown on a screen, ``backup`` for a database copy);
``command`` the ``kinerja-survey`` command that writes it, with ``files``: glob patterns of the
            names of the files that command writes for it, and ``example``: the command's
            arguments to produce it on a cycle, run in an empty working folder (placeholders
            ``{cycle}``, ``{next}``, ``{nip}``, ``{unit}``, ``{stakeholders}``, ``{formula}``,
            ``{markup}`` filled by the checks);
``writer``  the function that writes it (when :func:`register` is used as a decorator).

Lower layers register their own writers (``present``), the use cases and the command line register
theirs (``cycle``, ``cli``); the registry itself imports nothing of the package above the base.
``tests/test_output_registry.py`` runs every command of the command line on a scenario cycle and
fails on a file that no registered output covers (:func:`covers`); on every registered output it
checks anonymity (the same cycle with hidden answers all 1 and all 5), formula-neutral cells,
escaped markup, catalog headers and times labelled with the local zone.

Usage::

    from kinerja_survey.present import registry

    @registry.register("berita-acara", "org_wide", ("xlsx", "pdf"), command="berita-acara", files=("*.xlsx", "*.pdf"))
    def write_berita_acara(data, path): ...

    registry.get("berita-acara").kind       # "org_wide"
    registry.covers("out/x.xlsx", command="berita-acara")   # "berita-acara"
    registry.get("tidak-ada")               # RegistryError: no output of that name
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from pathlib import PurePath

from ..errors import KinerjaError

#: The kinds of output, from the most to the least personal.
KINDS = ("per_person", "per_unit", "org_wide")
#: The formats an output may have.
FORMATS = ("xlsx", "csv", "html", "pdf", "txt", "json", "parquet", "table", "backup", "yaml")


class RegistryError(KinerjaError, ValueError):
    """An output that is not registered, or registered twice in two different ways."""


@dataclass(frozen=True)
class Output:
    """One registered output (see the module docstring for the fields)."""

    name: str
    kind: str
    fmt: tuple[str, ...]
    writer: Callable | None = None
    command: str | None = None
    files: tuple[str, ...] = ()
    example: tuple[str, ...] | None = None
    about: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def org_wide(self) -> bool:
        """Whether the output may use every answer (organisation-wide statistics only)."""
        return self.kind == "org_wide"

    def covers(self, path, command: str | None = None) -> bool:
        """Whether a file written at ``path`` (by ``command``, when given) is this output."""
        if command is not None and self.command != command:
            return False
        name = PurePath(str(path)).name
        return any(fnmatch(name, pattern) for pattern in self.files)


_OUTPUTS: dict[str, Output] = {}


def _same(value):
    """A function compared by its qualified name (a module imported again registers a new object)."""
    return (value.__module__, value.__qualname__) if callable(value) else value


def _formats(fmt) -> tuple[str, ...]:
    fmts = (fmt,) if isinstance(fmt, str) else tuple(fmt)
    bad = [f for f in fmts if f not in FORMATS]
    if not fmts or bad:
        raise RegistryError("registry.bad_format", value=", ".join(map(repr, bad or fmts)), choices=", ".join(FORMATS))
    return fmts


def register(name: str, kind: str, fmt, writer: Callable | None = None, *, command: str | None = None,
             files: Iterable[str] = (), example: Iterable[str] | None = None, about: str = "", **extra):
    """Register the output ``name``; with no ``writer``, a decorator registering the function it wraps.

    Registering a name again with the same kind and formats fills in what the first registration
    left out (a writer registered by ``present``, its command by the command line); a different
    kind, formats, writer or command is refused.

    Parameters
    ----------
    name : str
        The output's name, used by :func:`get` (and by the apps' downloads).
    kind : {"per_person", "per_unit", "org_wide"}
    fmt : str or iterable of str
        One or more of :data:`FORMATS`.
    writer : callable, optional
        The function writing it.
    command : str, optional
        The ``kinerja-survey`` command writing it.
    files : iterable of str
        Glob patterns of the names of the files ``command`` writes for it.
    example : iterable of str, optional
        The command's arguments producing it on a cycle (placeholders as in the module docstring).

    Returns
    -------
    Output, or a decorator returning the function unchanged.

    Raises
    ------
    RegistryError
        An unknown kind or format, or a conflicting second registration.
    """
    if kind not in KINDS:
        raise RegistryError("registry.bad_kind", value=repr(kind), choices=", ".join(KINDS))
    fmts = _formats(fmt)

    def add(function: Callable | None) -> Output:
        new = Output(name, kind, fmts, function, command, tuple(files), tuple(example) if example is not None else None,
                     about, dict(extra))
        old = _OUTPUTS.get(name)
        if old is not None:
            clash = [f for f in ("kind", "fmt", "writer", "command", "files", "example")
                     if getattr(old, f) not in (None, ()) and getattr(new, f) not in (None, ())
                     and _same(getattr(old, f)) != _same(getattr(new, f))]
            if clash:
                raise RegistryError("registry.twice", name=name, fields=", ".join(clash))
            new = replace(old, **{f: getattr(new, f) for f in ("writer", "command", "files", "example", "about")
                                  if getattr(new, f) not in (None, (), "")},
                          extra={**old.extra, **new.extra})
        _OUTPUTS[name] = new
        return new

    if writer is not None:
        return add(writer)
    if command is not None or files or example is not None:
        add(None)  # a registration without a writer is complete as it is

    def decorator(function: Callable) -> Callable:
        add(function)
        return function

    return decorator


def get(name: str) -> Output:
    """The registered output ``name``.

    Raises
    ------
    RegistryError
        No output of that name is registered (a download or export that skipped the registry).
    """
    try:
        return _OUTPUTS[name]
    except KeyError:
        raise RegistryError("registry.unknown", name=repr(name), known=", ".join(sorted(_OUTPUTS))) from None


def all_outputs(kind: str | None = None) -> list[Output]:
    """Every registered output (of ``kind`` when given), by name."""
    return [o for _, o in sorted(_OUTPUTS.items()) if kind is None or o.kind == kind]


def covers(path, command: str | None = None) -> str | None:
    """The name of the registered output a file written at ``path`` (by ``command``) is, else None.

    When several outputs of one command match, the most personal kind wins (the strictest checks).
    """
    hits = [o for o in _OUTPUTS.values() if o.covers(path, command)]
    if not hits:
        return None
    return min(hits, key=lambda o: (KINDS.index(o.kind), o.name)).name


def for_command(command: str) -> list[Output]:
    """The outputs a ``kinerja-survey`` command writes."""
    return [o for o in all_outputs() if o.command == command]


__all__ = ["FORMATS", "KINDS", "Output", "RegistryError", "all_outputs", "covers", "for_command", "get", "register"]
