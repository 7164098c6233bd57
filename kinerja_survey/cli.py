"""The ``kinerja-survey`` command line: run a 360-degree survey cycle from a terminal.

A typical cycle::

    kinerja-survey siapkan
    kinerja-survey impor-roster pegawai.xlsx
    kinerja-survey buat-periode "Penilaian Perilaku 2026" --mulai 2026-01-01 --selesai 2026-12-31
    kinerja-survey tetapkan-penilai 1 --rekan 3 5 --benih 2026 --tautan tautan.csv
    kinerja-survey buka 1
    kinerja-survey jalankan
    kinerja-survey status 1
    kinerja-survey tutup 1
    kinerja-survey impor-hasil-kerja 1 ekinerja.xlsx
    kinerja-survey predikat-organisasi 1 Baik
    kinerja-survey kalibrasi 1 --nip NIP --predikat "Butuh Perbaikan" --alasan "..."
    kinerja-survey berita-acara 1 --keluaran berita-acara.pdf
    kinerja-survey umumkan 1
    kinerja-survey daftar-keberatan 1

The database is ``--db`` (a path to a SQLite file or a database URL), else the environment
variable ``KINERJA_SURVEY_DB``, else ``data/kinerja.sqlite``.  Every change is recorded in the
audit log with the person acting: ``--petugas``, else ``KINERJA_SURVEY_ACTOR``, else the login name.

Every command goes through ``kinerja_survey.cycle``, the use-case layer the apps share.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from pathlib import Path

import click
import pandas as pd

from . import __version__
from . import cycle as uc
from .collect.instrument import load as load_instrument
from .errors import KinerjaError
from .i18n import (
    DEFAULT_LANG,
    LANGUAGES,
    STRINGS,
    Localized,
    Msg,
    fmt_time,
    resolve_lang,
    t,
)
from .present.exports import write_csv
from .present.labels import MISSING, code_label, displayed, screen_label
from .store import DEFAULT_DB_ENV, Store, default_url

_STRINGS_ID = STRINGS[DEFAULT_LANG]
_LANG = "kinerja.lang"  # ctx.meta key of --bahasa/--lang (ctx.meta is shared by a command and its group)


def _lang(ctx=None) -> str:
    """The language of this run: ``--bahasa``, else ``$KINERJA_SURVEY_LANG``, else Bahasa Indonesia."""
    ctx = ctx or click.get_current_context(silent=True)
    return resolve_lang(ctx.meta.get(_LANG) if ctx is not None else None)


def _t(key: str, **fields) -> str:
    """The catalog text ``key`` (``locale/cli.py`` and the rest) in the run's language."""
    return t(key, _lang(), **fields)


def _text(value) -> str:
    """A message (an ``i18n.Msg``, an error) in the run's language; anything else as ``str``."""
    return value.render(_lang()) if isinstance(value, Localized) else str(value)


def _set_lang(ctx, _param, value):
    if value:
        ctx.meta[_LANG] = value
    return value


def _store(ctx, create: bool = False) -> Store:
    if create:  # an existing database is backed up before it is migrated (_upgraded_store)
        return _upgraded_store(ctx)
    return Store(ctx.obj["db"], create=create)


def _known_cycle(db: str, cycle_id: int) -> None:
    """Refuse an unknown cycle (``store.cycle``'s message) before a command runs, also one that
    would only list nothing (``penolakan 999``, ``kotak-keluar 999``)."""
    store = Store(db, create=False)
    try:
        store.cycle(int(cycle_id))
    finally:
        store.dispose()


def _actor(ctx) -> str:
    return ctx.obj["actor"]


def _write_links(links: pd.DataFrame, path: Path, base_url: str | None = None) -> None:
    """Write a links file; the links keep the ``tautan`` the use case built (``cycle.link_base``)."""
    out = links if "tautan" in links.columns else uc.links_with_urls(links, base_url)
    if path.exists():
        raise KinerjaError("cli.links_exist", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(out, path, index=False)


HELP = Msg("cli.help")


# --- the error boundary: every refusal shown once, in the run's language; never a traceback -------

def _log_traceback(ctx) -> Path | None:
    """Write the exception being handled, with its traceback, to a new private log file (0600,
    in the temporary directory) and return its path; None when no file can be written.  The
    command line itself is not written: it may hold a secret (``--rahasia-admin``)."""
    import tempfile
    import traceback

    try:
        fd, name = tempfile.mkstemp(prefix="kinerja-survey-kesalahan-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as log:
            log.write(f"{dt.datetime.now().isoformat(timespec='seconds')} {ctx.command_path} "
                      f"{ctx.invoked_subcommand or ''}\n")
            traceback.print_exc(file=log)
    except OSError:
        return None
    return Path(name)


def _usage_error_text(exc: click.UsageError) -> str:
    """A usage error of click (an unknown option, a missing or bad value) in the run's language;
    texts of the package's own usage errors already come from the catalog."""
    lang = _lang(exc.ctx)
    param = getattr(exc, "param", None)
    hint = (param.get_error_hint(exc.ctx) if param is not None and exc.ctx is not None
            else getattr(exc, "param_hint", None))
    if isinstance(exc, click.NoSuchOption):
        text = t("cli.no_such_option", lang, option=exc.option_name)
        if exc.possibilities:
            text += " " + t("cli.did_you_mean", lang, options=", ".join(sorted(exc.possibilities)))
        return text
    if isinstance(exc, click.MissingParameter):
        return t("cli.missing_value", lang, what=hint or "")
    if isinstance(exc, click.BadParameter) and param is not None and isinstance(param.type, click.Choice):
        return t("cli.choose_one", lang, what=hint or "", choices=", ".join(map(str, param.type.choices)))
    if isinstance(exc, click.BadParameter):
        return t("cli.bad_value", lang, what=hint or "", message=exc.message)
    return exc.format_message()


def _show_usage_error(exc: click.UsageError) -> None:
    """click's usage error with its frame (usage line, where to find help) in the run's language."""
    lang = _lang(exc.ctx)
    if exc.ctx is not None:
        click.echo(exc.ctx.get_usage() + "\n" + t("cli.try_help", lang, command=f"{exc.ctx.command_path} --help")
                   + "\n", err=True)
    click.echo(t("cli.usage_error", lang, message=_usage_error_text(exc)), err=True)


def _boundary(ctx, call):
    """Run ``call()``; a ``KinerjaError`` (every refusal of the package) prints its message once,
    in the run's language, on stderr and exits with 1; any other exception (a bug) prints
    cli.unexpected naming the log file that holds its traceback, and exits with 1.  A usage error
    (unknown option or command, missing or bad value) is shown in the run's language, exit code 2;
    a question left unanswered is cli.cancelled; click's other exceptions (--help, exit) pass
    through."""
    try:
        return call()
    except KinerjaError as exc:
        message = _text(exc)
    except click.UsageError as exc:
        _show_usage_error(exc)
        ctx.exit(exc.exit_code)
    except click.exceptions.Abort:  # a question left unanswered (no terminal, end of input)
        message = _t("cli.cancelled")
    except (click.exceptions.ClickException, click.exceptions.Exit):
        raise
    except Exception:  # noqa: BLE001 - the boundary: a bug is logged, never shown as a traceback
        path = _log_traceback(ctx)
        message = _t("cli.unexpected", path=path) if path else _t("cli.unexpected_no_log")
    click.echo(message, err=True)
    ctx.exit(1)


def _confirm(yes: bool, preview: str) -> None:
    """Print what a destructive step will change; go on only with --ya or a 'y' typed."""
    click.echo(_text(preview))
    if yes:
        return
    try:
        go = click.confirm(_t("cli.go_on"), default=False)
    except click.exceptions.Abort:  # no terminal to answer (EOF) or Ctrl-C
        go = False
    if not go:
        raise KinerjaError("cli.cancelled")


def _table(frame: pd.DataFrame, columns) -> str:
    """A frame as people read it, every column in full, in the run's language: ``columns`` are the
    machine names shown, each headed by its screen header (``present.labels.screen_label``, the one
    label map of the apps and workbooks), or a dict machine name -> catalog key for a header of this
    table only (``None``: the screen header).  Values go through ``present.labels.displayed``: codes
    as words (``peer`` -> *rekan*, ``prepared`` -> *disiapkan*), ``True``/``False`` as *ya*/*tidak*,
    a missing value as ``—``."""
    if not isinstance(columns, dict):
        columns = dict.fromkeys(columns)
    lang = _lang()
    cols = [c for c in columns if c in frame.columns]
    shown = displayed(frame[cols], lang, missing=MISSING)
    headers = {c: t(k, lang) if k else screen_label(c, lang) for c, k in columns.items()}
    with pd.option_context("display.width", 250, "display.max_colwidth", 80, "display.max_rows", 500):
        return shown.rename(columns=headers).to_string(index=False)


class _Option(click.Option):
    """An option whose help is an ``i18n.Msg``, kept (click would flatten it to a str) and
    rendered in the run's language when the help is shown."""

    def __init__(self, *args, help=None, **kwargs):
        super().__init__(*args, help=help, **kwargs)
        self.help_msg = help if isinstance(help, Localized) else None


def option(*param_decls, **attrs):
    """``click.option`` with :class:`_Option`."""
    return click.option(*param_decls, cls=_Option, **attrs)


class _Date(click.ParamType):
    """A date typed by a person (``YYYY-MM-DD``, a time may follow), checked here so a typo is a
    clear refusal rather than a parser's error; the text is passed on as typed."""

    name = "TANGGAL"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            self.fail(_t("cli.bad_date", value=text), param, ctx)
        return text


DATE = _Date()


class _Nip(click.ParamType):
    """A NIP typed by a person, normalised once here at the boundary (``collect.nip.normalise_nip``):
    "19780920 200409 2 001", "19780920.200409.2.001" and "197809202004092001" are one person.  A
    blank NIP is refused; a NIP not in the roster is refused by the use case, naming it."""

    name = "NIP"

    def convert(self, value, param, ctx):
        from .collect.nip import normalise_nip

        nip = normalise_nip(value)
        if not nip:
            self.fail(_t("cli.nip_blank"), param, ctx)
        return nip


NIP = _Nip()


class _Path(click.Path):
    """``click.Path`` whose refusals (a missing file, a folder given for a file) come from the catalog;
    every ``click.Path`` of the commands is made one (:func:`_localise_paths`)."""

    def convert(self, value, param, ctx):
        path = os.fspath(value)
        if self.exists and not os.path.exists(path):
            self.fail(_t("cli.path_missing" if self.file_okay else "cli.folder_missing", path=path), param, ctx)
        if os.path.exists(path) and not self.dir_okay and os.path.isdir(path):
            self.fail(_t("cli.path_is_folder", path=path), param, ctx)
        if os.path.exists(path) and not self.file_okay and not os.path.isdir(path):
            self.fail(_t("cli.path_is_file", path=path), param, ctx)
        return super().convert(value, param, ctx)


def _localise_paths(group: click.Group) -> None:
    """Give every ``click.Path`` parameter of ``group``'s commands (nested groups too) the catalog's
    refusals (:class:`_Path`)."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _localise_paths(command)
        for p in command.params:
            if isinstance(p.type, click.Path) and not isinstance(p.type, _Path):
                old = p.type
                p.type = _Path(exists=old.exists, file_okay=old.file_okay, dir_okay=old.dir_okay,
                               writable=old.writable, readable=old.readable, resolve_path=old.resolve_path,
                               allow_dash=old.allow_dash, path_type=old.type, executable=old.executable)


def _check_peers(ctx, _param, value):
    if value is not None and not 0 <= value[0] <= value[1]:
        raise click.BadParameter(_t("cli.bad_peers"))
    return value


def _at_least(low: float, *, strict: bool = False):
    """A callback refusing a number below ``low`` (or equal to it, with ``strict``) with a catalog
    message; unlike ``click.IntRange`` it adds no English range text to the help."""

    def check(ctx, param, value):
        if value is not None and (value < low or (strict and value == low)):
            key = "cli.more_than" if strict else "cli.at_least"
            raise click.BadParameter(_t(key, n=low))
        return value

    return check


def _check_route(ctx, _param, value):
    import re

    if value and not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise click.BadParameter(_t("cli.bad_route"))
    return value


def _check_header(ctx, _param, value):
    """``--header-pengguna``: an HTTP header name (``apps.serve.start_app`` refuses anything else)."""
    if value and not all(c.isalnum() or c == "-" for c in value):
        raise click.BadParameter(_t("cli.bad_user_header"))
    return value


def _help(text, lang: str) -> str:
    """A help text (an ``i18n.Msg`` from the catalog) in ``lang``."""
    return text.render(lang) if isinstance(text, Localized) else text


class _Command(click.Command):
    """A click command whose help speaks the run's language: Bahasa Indonesia, or English with
    ``--bahasa en`` / ``$KINERJA_SURVEY_LANG=en`` (click's own frame words translated too).  The
    help texts are ``i18n.Msg`` objects, rendered when the help is shown.  The old spellings of
    its options (``RENAMED_OPTIONS``) still work, with a notice."""

    def invoke(self, ctx):
        cycle_id = ctx.params.get("cycle_id")
        if cycle_id is not None and isinstance(ctx.obj, dict) and "db" in ctx.obj:
            _known_cycle(ctx.obj["db"], cycle_id)  # an unknown cycle is refused before anything runs
        return super().invoke(ctx)

    def parse_args(self, ctx, args):
        args, used = _new_spelling(self.name, list(args))
        rest = super().parse_args(ctx, args)
        for old, new in used:
            _renamed_notice(old, new)
        return rest

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = Msg("cli.help_option")
        return opt

    def collect_usage_pieces(self, ctx):
        pieces = super().collect_usage_pieces(ctx)
        return [t("cli.options_metavar", _lang(ctx)) if p == self.options_metavar else p for p in pieces]

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=t("cli.usage", _lang(ctx)))

    def format_help_text(self, ctx, formatter):
        if self.help:
            saved, self.help = self.help, _help(self.help, _lang(ctx))
            try:
                super().format_help_text(ctx, formatter)
            finally:
                self.help = saved

    def get_short_help_str(self, limit: int = 45) -> str:
        ctx = click.get_current_context(silent=True)
        saved = self.help
        self.help = _help(self.help, _lang(ctx)) if self.help else self.help
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help = saved

    def format_options(self, ctx, formatter):
        lang = _lang(ctx)
        rows = []
        for p in self.get_params(ctx):
            if not isinstance(p, click.Option):
                continue
            saved, p.help = p.help, _help(getattr(p, "help_msg", None) or p.help, lang) if p.help else p.help
            try:
                rv = p.get_help_record(ctx)
            finally:
                p.help = saved
            if rv:
                rows.append((rv[0], rv[1].replace("[default: ", t("cli.default_mark", lang))
                             .replace("; required]", t("cli.required_tail", lang))
                             .replace("[required]", t("cli.required_mark", lang))))
        if rows:
            with formatter.section(t("cli.options", lang)):
                formatter.write_dl(rows)


class _Group(_Command, click.Group):
    """The ``kinerja-survey`` group: the error boundary of every command (:func:`_boundary`) and
    the old command names (``RENAMED_COMMANDS``) kept for one release, hidden from the help."""

    command_class = _Command

    def invoke(self, ctx):
        return _boundary(ctx, lambda: click.Group.invoke(self, ctx))

    def collect_usage_pieces(self, ctx):
        return [t("cli.subcommand_metavar", _lang(ctx)) if p == self.subcommand_metavar else p
                for p in super().collect_usage_pieces(ctx)]

    def resolve_command(self, ctx, args):
        if args and args[0] in RENAMED_COMMANDS:
            _renamed_notice(args[0], RENAMED_COMMANDS[args[0]])
            args = [RENAMED_COMMANDS[args[0]], *args[1:]]
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            raise click.UsageError(_t("cli.no_such_command", name=args[0]), ctx)
        return super().resolve_command(ctx, args)

    def format_options(self, ctx, formatter):
        _Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter):
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(t("cli.commands", _lang(ctx))):
                formatter.write_dl(rows)


# --- one naming rule (CONTRIBUTING.md): commands and options in Bahasa Indonesia ------------------
# The old spellings keep working for one release: hidden from --help, each use prints a one-line
# notice (cli.renamed) naming the new spelling on stderr.

RENAMED_COMMANDS = {
    "init": "siapkan", "import-roster": "impor-roster", "create-cycle": "buat-periode",
    "assign": "tetapkan-penilai", "review": "daftar-penilai", "open": "buka", "close": "tutup",
    "reopen": "buka-kembali", "deadline": "batas-waktu", "remind": "ingatkan", "outbox": "kotak-keluar",
    "declines": "penolakan", "export-links": "ekspor-tautan", "add-rater": "tambah-penilai",
    "replace-rater": "ganti-penilai", "remove-rater": "hapus-penilai", "revoke-link": "cabut-tautan",
    "analyze": "analisis", "fairness": "keadilan", "report": "laporan", "serve": "jalankan",
    "import-hasil-kerja": "impor-hasil-kerja", "org-predikat": "predikat-organisasi", "calibrate": "kalibrasi",
    "publish": "umumkan", "keberatan": "ajukan-keberatan", "keberatan-tanggapan": "tanggapi-keberatan",
    "keberatan-putusan": "putuskan-keberatan", "keberatan-status": "daftar-keberatan",
    "pemangku-kepentingan": "tambah-pemangku", "dialog-links": "tautan-dialog",
}

_OUT = {"--out": "--keluaran"}
_LINKS = {"--links": "--tautan", "--base-url": "--url-dasar"}
RENAMED_OPTIONS = {  # command (new name; "main" is the group itself) -> {old option: new option}
    "main": {"--actor": "--petugas"},
    "impor-roster": {"--sheet": "--lembar"},
    "buat-periode": {"--start": "--mulai", "--end": "--selesai", "--instrument": "--instrumen",
                     "--hr-contact": "--kontak", "--seed": "--benih", **_LINKS},
    "tetapkan-penilai": {"--peers": "--rekan", "--max-subordinates": "--maks-bawahan", "--max-load": "--maks-beban",
                         "--seed": "--benih", **_LINKS},
    "ekspor-tautan": {**_OUT, "--base-url": "--url-dasar"},
    "status": {"--by": "--per"},
    "demo": {"--employees": "--pegawai", "--seed": "--benih", "--force": "--timpa", **_LINKS},
    "jalankan": {"--rater-port": "--port-penilai", "--admin-port": "--port-admin", "--results-port": "--port-hasil",
                 "--calibration-port": "--port-kalibrasi", "--public-url": "--url-publik",
                 "--pool-size": "--kernel-siap", "--admin-secret": "--rahasia-admin", "--demo-links": "--tautan-demo",
                 "--log-dir": "--folder-log", "--max-kernels": "--maks-kernel",
                 "--max-kernels-per-client": "--maks-kernel-per-klien", "--behind-proxy": "--di-balik-proxy",
                 "--route": "--rute", "--no-fork-kernels": "--tanpa-fork"},
    "laporan": _OUT,
    "keadilan": {**_OUT, "--meeting": "--rapat"},
    "analisis": {**_OUT, "--meeting": "--rapat"},
    "tambah-penilai": {"--max-peers": "--maks-rekan", "--max-load": "--maks-beban", "--base-url": "--url-dasar"},
    "ganti-penilai": {"--base-url": "--url-dasar"},
    "daftar-penilai": _OUT,
    "ingatkan": {"--maks": "--maks-pengingat", "--dry-run": "--pratinjau", "--from": "--pengirim",
                 "--base-url": "--url-dasar", **_OUT},
    "impor-hasil-kerja": {"--sheet": "--lembar"},
    "berita-acara": _OUT,
    "tren": {**_OUT, "--meeting": "--rapat"},
    "talenta": {**_OUT, "--meeting": "--rapat"},
    "tambah-pemangku": _LINKS,
    "tautan-dialog": {**_OUT, "--base-url": "--url-dasar"},
    "kebutuhan-pelatihan": {**_OUT, "--meeting": "--rapat"},
}

RENAMED_VALUES = {  # (command, option) -> {old value: new value}
    ("tambah-penilai", "--hubungan"): {"peer": "rekan", "subordinate": "bawahan", "supervisor": "atasan",
                                       "self": "diri"},
    ("status", "--per"): {"ratee": "pegawai"},
    ("laporan", "--format"): {"both": "keduanya"},
}


def _renamed_notice(old: str, new: str) -> None:
    """The one-line notice (stderr, the run's language) that ``old`` is now spelled ``new``."""
    click.echo(_t("cli.renamed", old=old, new=new), err=True)


def _new_spelling(command: str, args: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``args`` with the old spellings of ``command``'s options (and of their values) replaced by
    the new ones, and the (old, new) pairs replaced.  Stops at ``--``."""
    options, out, used = RENAMED_OPTIONS.get(command, {}), [], []
    values_of = {opt: values for (cmd, opt), values in RENAMED_VALUES.items() if cmd == command}
    pending = None  # the option whose value comes next
    for i, arg in enumerate(args):
        if arg == "--":
            out.extend(args[i:])
            break
        if pending is not None:
            if arg in values_of[pending]:
                used.append((f"{pending} {arg}", f"{pending} {values_of[pending][arg]}"))
                arg = values_of[pending][arg]
            pending = None
        elif arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name in options:
                used.append((name, options[name]))
                name = options[name]
            if name in values_of:
                if not eq:
                    pending = name
                elif value in values_of[name]:
                    used.append((f"{name}={value}", f"{name}={values_of[name][value]}"))
                    value = values_of[name][value]
            arg = name + eq + value
        out.append(arg)
    return out, used


@click.group(cls=_Group, help=HELP)
@option("--bahasa", "--lang", "lang", type=click.Choice(LANGUAGES), default=None, is_eager=True,
        expose_value=False, callback=_set_lang, help=Msg("cli.opt.main.lang"))
@click.version_option(__version__, cls=_Option, help=Msg("cli.opt.main.version"))
@option("--db", envvar=DEFAULT_DB_ENV, default=None, metavar="PATH|URL", help=Msg("cli.opt.main.db"))
@option("--petugas", "actor", envvar="KINERJA_SURVEY_ACTOR", default=None, metavar="NAMA",
        help=Msg("cli.opt.main.actor"))
@click.pass_context
def main(ctx, db, actor):
    from .cycle.accounts import cli_actor

    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):
        os_user = ""
    # the OS login the server authenticated, with the name given by --petugas in front when it
    # differs: "Budi Santoso (os: kinerja)" (docs/security.md, "Who acts on the command line")
    who = cli_actor(actor, os_user)
    if not who.strip():
        raise click.UsageError(_t("cli.actor_needed"))
    ctx.obj = {"db": db or default_url(), "actor": who.strip()[:100], "named": actor}


@main.command("siapkan", help=Msg("cli.cmd.init"))
@click.pass_context
def init(ctx):
    store = _store(ctx, create=True)
    click.echo(_t("cli.db_ready", url=store.url, version=store.schema_version()))


@main.command("impor-roster", help=Msg("cli.cmd.import-roster"))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BERKAS")
@option("--lembar", "sheet", default=0, help=Msg("cli.opt.import-roster.sheet"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.import-roster.ya"))
@click.pass_context
def import_roster(ctx, path, sheet, yes):
    store = _store(ctx, create=True)
    try:
        sheet = int(sheet)
    except (TypeError, ValueError):
        pass
    preview = uc.preview_roster(store, path, sheet=sheet)
    if len(preview.deactivated):
        _confirm(yes, _t("cli.deactivate", n=len(preview.deactivated), file=path.name, forms=preview.open_forms)
                      + "\n" + _table(preview.deactivated, ("nip", "nama", "unit_kerja", "forms")))
    counts = uc.import_roster_checked(store, preview.frame, actor=_actor(ctx), confirm=True)
    click.echo(_t("cli.roster_imported", **counts))


@main.command("buat-periode", help=Msg("cli.cmd.create-cycle"))
@click.argument("name", metavar="NAMA")
@option("--mulai", "start", type=DATE, default=None, help=Msg("cli.opt.create-cycle.start"))
@option("--selesai", "end", type=DATE, default=None, help=Msg("cli.opt.create-cycle.end"))
@option("--instrumen", "instrument_path", default="berakhlak",
              help=Msg("cli.opt.create-cycle.instrument"))
@option("--kontak", "hr_contact", default=None,
              help=Msg("cli.opt.create-cycle.hr-contact"))
@option("--dari-periode", "previous_id", type=int, default=None, metavar="N",
              help=Msg("cli.opt.create-cycle.dari-periode"))
@option("--benih", "seed", default=0, show_default=True, help=Msg("cli.opt.create-cycle.seed"))
@option("--tautan", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.create-cycle.links"))
@option("--url-dasar", "base_url", default=None, help=Msg("cli.opt.create-cycle.base-url"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.warned.ya"))
@click.pass_context
def create_cycle(ctx, name, start, end, instrument_path, hr_contact, previous_id, seed, links_path, base_url, yes):
    if previous_id is not None:
        store = _store(ctx)
        if links_path is None:
            raise click.UsageError(_t("cli.next_needs_links"))
        if links_path.exists():
            raise KinerjaError("cli.links_exist", path=links_path)
        prev = store.cycle(previous_id)
        dates = (start, end) if start and end else uc.next_period(prev["period_start"], prev["period_end"])
        warning = uc.period_warning(store, *dates, name=name)
        if warning is not None:
            _confirm(yes, warning)
        made = uc.create_next_cycle(store, previous_id, name, start, end, actor=_actor(ctx), seed=seed,
                                    base_url=base_url, hr_contact=hr_contact)
        info = store.cycle(made.cycle_id)
        _write_links(made.assigned.links, links_path)
        click.echo(_t("cli.next_created", id=made.cycle_id, previous=previous_id, name=info["name"],
                      start=info["period_start"], end=info["period_end"],
                      kind=uc.period_kind(info["period_start"], info["period_end"]),
                      counts=_counts(made.assigned.counts), n=len(made.assigned.links), path=links_path))
        return
    if not start or not end:
        raise click.UsageError(_t("cli.start_end_required"))
    inst = load_instrument(instrument_path)
    store = _store(ctx)
    warning = uc.period_warning(store, start, end, name=name)
    if warning is not None:
        _confirm(yes, warning)
    cid = uc.create_cycle(store, name, start, end, inst, hr_contact=hr_contact, actor=_actor(ctx))
    click.echo(_t("cli.cycle_created", id=cid, name=name, start=start, end=end, code=inst.code, n=len(inst.items)))


@main.command("penolakan", help=Msg("cli.cmd.declines"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.pass_context
def declines(ctx, cycle_id):
    store = _store(ctx)
    frame = store.declines_frame(cycle_id)
    if frame.empty:
        click.echo(_t("cli.no_declines"))
    else:
        click.echo(_t("cli.declines", n=len(frame)))
        for rec in frame.itertuples():
            click.echo(_t("cli.decline_line", rater=rec.rater_nama, rater_nip=rec.rater, ratee=rec.ratee_nama,
                          ratee_nip=rec.ratee, rel=rec.relationship, reason=rec.reason))
    counts = store.not_applicable_counts(cycle_id)
    counts = counts[counts["not_applicable"] > 0]
    click.echo(_t("cli.na_raters", n=len(counts))
               + (_t("cli.na_most", n=int(counts["not_applicable"].max())) if len(counts) else ""))


@main.command("tetapkan-penilai", help=Msg("cli.cmd.assign"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--rekan", "peers", nargs=2, type=int, default=(3, 5), show_default=True, callback=_check_peers,
              help=Msg("cli.opt.assign.peers"))
@option("--maks-bawahan", "max_subordinates", callback=_at_least(0), default=8, show_default=True,
        help=Msg("cli.opt.assign.max-subordinates"))
@option("--maks-beban", "max_load", callback=_at_least(1), default=12, show_default=True,
        help=Msg("cli.opt.assign.max-load"))
@option("--benih", "seed", default=0, show_default=True, help=Msg("cli.opt.assign.seed"))
@option("--tautan", "links_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.assign.links"))
@option("--url-dasar", "base_url", default=None,
              help=Msg("cli.opt.assign.base-url"))
@option("--rekan-lintas-unit", "cross_units", is_flag=True, help=Msg("cli.opt.assign.rekan-lintas-unit"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.assign.ya"))
@click.pass_context
def assign(ctx, cycle_id, peers, max_subordinates, max_load, seed, links_path, base_url, cross_units, yes):
    store = _store(ctx)
    if links_path.exists():
        raise KinerjaError("cli.links_exist", path=links_path)
    kwargs = {"peers": tuple(peers), "max_subordinates": max_subordinates, "max_load": max_load, "seed": seed,
              "cross_units": cross_units}
    preview = uc.preview_assign(store, cycle_id, **kwargs)
    if preview.existing and len(preview.skipped):
        click.echo(_t("cli.skipped", n=len(preview.skipped)))
        click.echo(_table(preview.skipped, ("nama_penilai", "nama_dinilai", "relationship", "alasan")))
    if preview.status == "open" and len(preview.add):
        _confirm(yes, _t("cli.running_add", id=cycle_id, n=len(preview.add)) + "\n"
                      + _table(preview.add, ("rater", "nama_penilai", "ratee", "nama_dinilai", "relationship")))
    made, _preview = uc.assign_checked(store, cycle_id, actor=_actor(ctx), confirm=True, base_url=base_url, **kwargs)
    plan, links = made.plan, made.links
    if not links.empty:
        _write_links(links, links_path)
    click.echo(_t("cli.assigned", counts=_counts(made.counts) or _t("cycle.link_none")))
    click.echo(_t("cli.links_written", n=len(links), path=links_path) if len(links) else _t("cli.no_new_links"))
    if len(plan.shortfalls) or len(plan.overloads):
        click.echo(_t("hr.assign_short", n=len(plan.shortfalls), over=len(plan.overloads), id=cycle_id))


@main.command("ekspor-tautan", help=Msg("cli.cmd.export-links"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("nips", nargs=-1, required=True, type=NIP, metavar="NIP")
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.export-links.out"))
@option("--url-dasar", "base_url", default=None, help=Msg("cli.opt.export-links.base-url"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.export-links.ya"))
@click.pass_context
def export_links(ctx, cycle_id, nips, out_path, base_url, yes):
    store = _store(ctx)
    if out_path.exists():
        raise KinerjaError("cli.links_exist", path=out_path)
    _confirm(yes, "\n".join(_text(uc.describe_change(store, cycle_id, "reissue", rater=n)) for n in nips))
    links = uc.reissue_links(store, cycle_id, nips, actor=_actor(ctx), base_url=base_url)
    _write_links(links, out_path)
    click.echo(_t("cli.links_written", n=len(links), path=out_path))


def _counts(counts) -> str:
    """Forms per rater relationship (``diri 40, atasan 38, ...``) in the run's language."""
    return ", ".join(f"{t(f'cycle.rel_{k}', _lang()) if k in uc.hr.REL_ID else k} {v}" for k, v in counts.items())


def _set_status(ctx, cycle_id: int, status: str, done: str, yes: bool = False) -> None:
    store = _store(ctx)
    warning = uc.status_warning(store, cycle_id, status)  # closing early, a period that does not fit today
    if warning is not None:
        _confirm(yes, warning)
    uc.set_status(store, cycle_id, status, actor=_actor(ctx))
    click.echo(_t(done, id=cycle_id))


@main.command("buka", help=Msg("cli.cmd.open"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.warned.ya"))
@click.pass_context
def open_(ctx, cycle_id, yes):
    _set_status(ctx, cycle_id, "open", "cli.opened", yes)


@main.command("tutup", help=Msg("cli.cmd.close"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.warned.ya"))
@click.pass_context
def close(ctx, cycle_id, yes):
    _set_status(ctx, cycle_id, "closed", "cli.closed", yes)


@main.command("alamat-publik", help=Msg("cli.cmd.alamat-publik"))
@click.argument("url", required=False, metavar="URL")
@option("--periode", "cycle_id", type=int, default=None, metavar="N", help=Msg("cli.opt.alamat-publik.periode"))
@click.pass_context
def public_address_cmd(ctx, url, cycle_id):
    store = _store(ctx)
    if url:
        stored = uc.set_public_address(store, url, actor=_actor(ctx), cycle_id=cycle_id)
        click.echo(_t("cli.address_set_cycle" if cycle_id is not None else "cli.address_set", url=stored,
                      id=cycle_id))
        if uc.is_loopback(stored):
            click.echo(_t("cli.address_is_loopback"))
    click.echo(_address_line(store, cycle_id))


def _address_line(store, cycle_id=None) -> str:
    """Where the links point to, and where that address comes from (``cycle.address_source``)."""
    source = uc.address_source(store, cycle_id)
    return _t("cli.address_line", url=uc.link_base(store, cycle_id), source=_t(f"cli.address_from_{source}"))


def _status_word(store, cycle_id: int, status: str) -> str:
    """The state of a cycle as people read it: *draf*, *dibuka*, *ditutup* or, once its results are
    published, *diumumkan* (``present.labels.code_label``; the stored code is unchanged)."""
    return code_label("published" if status == "closed" and store.is_published(int(cycle_id)) else status, _lang())


@main.command("status", help=Msg("cli.cmd.status"))
@click.argument("cycle_id", type=int, required=False, metavar="PERIODE")
@option("--per", "by", type=click.Choice(["unit", "pegawai"]), default="unit", show_default=True,
              help=Msg("cli.opt.status.by"))
@click.pass_context
def status(ctx, cycle_id, by):
    store = _store(ctx)
    if cycle_id is None:
        cyc = store.cycles_frame()
        click.echo(_t("cli.no_cycles") if cyc.empty else _table(
            cyc.assign(status=[_status_word(store, i, st) for i, st in zip(cyc["id"], cyc["status"])]),
            ("id", "name", "period_start", "period_end", "status")))
        if not cyc.empty:
            click.echo(_address_line(store))
        click.echo(_backup_line(store))
        return
    info = store.cycle(cycle_id)
    rates = store.response_rates(cycle_id, by={"pegawai": "ratee"}.get(by, by))
    total_inv, total_sub = int(rates["invited"].sum()), int(rates["submitted"].sum())
    click.echo(_t("cli.status_line", id=cycle_id, name=info["name"],
                  status=_status_word(store, cycle_id, info["status"]), submitted=total_sub,
                  invited=total_inv, rate=uc.percent(total_sub / total_inv if total_inv else 0, lang=_lang())))
    click.echo(uc.deadline_info(store, cycle_id, lang=_lang())["line"])
    if len(rates):
        rates = rates.assign(rate=rates["rate"].map(lambda v: uc.percent(v, lang=_lang())))
        click.echo(_table(rates, {"unit_kerja": "admin.h_unit_kerja", "nama": None, "invited": None, "submitted": None,
                                  "rate": "admin.h_rate"}))
    click.echo(_t("cli.results_line", status=uc.result_status(store, cycle_id, _lang()),
                  n=len(uc.hasil_kerja_missing(store, cycle_id)),
                  org=uc.org_predikat(store, cycle_id) or _t("closing.org_not_set")))
    click.echo(_address_line(store, cycle_id))
    click.echo(_backup_line(store))


@main.command("demo", help=Msg("cli.cmd.demo"))
@option("--pegawai", "employees", default=120, show_default=True, help=Msg("cli.opt.demo.employees"))
@option("--benih", "seed", default=1, show_default=True, help=Msg("cli.opt.demo.seed"))
@option("--tautan", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.demo.links"))
@option("--url-dasar", "base_url", default=None, help=Msg("cli.opt.demo.base-url"))
@option("--timpa", "force", is_flag=True, help=Msg("cli.opt.demo.force"))
@option("--akun", "accounts_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help=Msg("cli.opt.demo.accounts"))
@click.pass_context
def demo(ctx, employees, seed, links_path, base_url, force, accounts_path):
    from .demo import build_demo

    url = ctx.obj["db"]
    if "://" not in url or url.startswith("sqlite:///"):
        path = Path(url.replace("sqlite:///", ""))
        if path.exists():
            if not force:
                raise KinerjaError("cli.demo_exists", path=path)
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    store = _store(ctx, create=True)
    result = build_demo(store, n_employees=employees, seed=seed)
    rates = store.response_rates(result.cycle_id)
    click.echo(_t("cli.demo_ready", url=store.url, n=employees, id=result.cycle_id,
                  submitted=int(rates["submitted"].sum()), invited=int(rates["invited"].sum())))
    if links_path:
        if links_path.exists():
            links_path.unlink()
        _write_links(result.links, links_path, uc.link_base(store, result.cycle_id, base_url))
        click.echo(_t("cli.demo_links", path=links_path))
    if accounts_path:
        from .apps.serve import write_private_file
        from .cycle import accounts as ua

        lines = ua.demo_accounts(store, actor=_actor(ctx))
        path = write_private_file(accounts_path, "".join(f"{u}\t{r}\t{p}\n" for u, r, p in lines))
        click.echo(_t("cli.demo_accounts", path=path))


@main.command("jalankan", help=Msg("cli.cmd.serve"))
@option("--port-penilai", "rater_port", default=8866, show_default=True, help=Msg("cli.opt.serve.rater-port"))
@option("--port-admin", "admin_port", default=8867, show_default=True, help=Msg("cli.opt.serve.admin-port"))
@option("--port-hasil", "results_port", default=8868, show_default=True,
              help=Msg("cli.opt.serve.results-port"))
@option("--port-kalibrasi", "calibration_port", default=8869, show_default=True,
              help=Msg("cli.opt.serve.calibration-port"))
@option("--host", "rater_host", default="127.0.0.1", show_default=True,
              help=Msg("cli.opt.serve.host"))
@option("--url-publik", "public_url", default=None, help=Msg("cli.opt.serve.public-url"))
@option("--kernel-siap", "pool_size", callback=_at_least(0), default=2, show_default=True,
        help=Msg("cli.opt.serve.pool-size"))
@option("--rahasia-admin", "admin_secret", envvar="KINERJA_SURVEY_ADMIN_SECRET", default=None,
              help=Msg("cli.opt.serve.admin-secret"))
@option("--tautan-demo", "demo_links", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.serve.demo-links"))
@option("--folder-log", "log_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.serve.log-dir"))
@option("--maks-kernel", "max_kernels", type=int, default=None, help=Msg("cli.opt.serve.max-kernels"))
@option("--maks-kernel-per-klien", "max_kernels_per_client", default=10, show_default=True,
              help=Msg("cli.opt.serve.max-kernels-per-client"))
@option("--di-balik-proxy", "behind_proxy", is_flag=True, help=Msg("cli.opt.serve.behind-proxy"))
@option("--rute", "route", default="", callback=_check_route, help=Msg("cli.opt.serve.route"))
@option("--tanpa-fork", "no_fork", is_flag=True, help=Msg("cli.opt.serve.no-fork-kernels"))
@option("--lepas-diam", "idle_release", type=float, callback=_at_least(0), default=600.0, show_default=True,
        help=Msg("cli.opt.serve.idle-release"))
@option("--header-pengguna", "user_header", default="", callback=_check_header,
        help=Msg("cli.opt.serve.user-header"))
@option("--proksi-tepercaya", "trusted_proxy", default="127.0.0.1", show_default=True,
        help=Msg("cli.opt.serve.trusted-proxy"))
@click.pass_context
def serve(ctx, rater_port, admin_port, results_port, calibration_port, rater_host, public_url, pool_size, admin_secret,
          demo_links, log_dir, max_kernels, max_kernels_per_client, behind_proxy, route, no_fork, idle_release,
          user_header, trusted_proxy):
    import signal
    import tempfile
    import time

    from .apps.serve import start_app, start_apps, write_private_file

    def _interrupt(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # Ctrl-C, systemd stop, terminal closed
        signal.signal(sig, _interrupt)
    _store(ctx).dispose()  # the database must exist
    upgraded = _upgraded_store(ctx)  # migrated (after a backup) before any app opens it
    public_url = public_url or uc.public_address(upgraded)  # else the installation's (alamat-publik)
    upgraded.dispose()
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="kinerja-survey-logs-"))
    click.echo(_t("cli.serve_starting", path=log_dir))
    private_options = {"user_header": user_header, "trusted_proxy": trusted_proxy}  # the apps behind a login
    rater, admin = start_apps(ctx.obj["db"], rater_port=rater_port, admin_port=admin_port, rater_host=rater_host,
                              public_url=public_url, preheat=pool_size > 0, pool_size=pool_size,
                              admin_secret=admin_secret, log_dir=log_dir, max_kernels=max_kernels,
                              max_kernels_per_client=max_kernels_per_client, behind_proxy=behind_proxy,
                              route=route, fork_kernels=not no_fork, idle_release=idle_release,
                              trusted_proxy=trusted_proxy, private_options=private_options)
    servers = [rater, admin]
    try:  # a server that does not start stops the ones already running (the boundary shows why)
        if results_port:
            servers.append(start_app("results", ctx.obj["db"], port=results_port, secret=admin.secret,
                                     pool_size=1 if pool_size > 0 else 0, preheat=pool_size > 0,
                                     log_path=log_dir / "results.log", **private_options))
        if calibration_port:
            servers.append(start_app("calibration", ctx.obj["db"], port=calibration_port, secret=admin.secret,
                                     pool_size=0, preheat=False, log_path=log_dir / "calibration.log",
                                     **private_options))
    except BaseException:
        for server in servers:
            server.stop()
        raise
    base = (public_url or rater.base_url).rstrip("/") + "/"
    try:
        click.echo(_t("cli.serve_rater", url=base))
        private = [_t("cli.serve_admin", url=admin.url)]
        if results_port:
            private.append(_t("cli.serve_results", url=servers[2].url))
        if calibration_port:
            private.append(_t("cli.serve_calibration", url=servers[-1].url))
        if sys.stdout.isatty():  # the secret goes to a person's terminal, never into a log
            for line in private:
                click.echo(line)
        else:
            path = write_private_file(Path(log_dir) / "admin-url.txt", "\n".join(private) + "\n")
            click.echo(_t("cli.serve_private_file", path=path))
        if demo_links:
            links = pd.read_csv(demo_links, dtype=str)
            click.echo(_t("cli.serve_demo"))
            for status in ("pending", "draft", "submitted"):
                rows = links[links.get("status", pd.Series(dtype=str)) == status]
                if len(rows):
                    r = rows.iloc[0]
                    click.echo(f"  {_t(f'cli.serve_demo_{status}'):<15}: {base}?token={r['token']}   ({r['nama']})")
        click.echo(_t("cli.serve_running"))
        while all(server.process.poll() is None for server in servers):
            time.sleep(0.5)
        click.echo(_t("cli.serve_one_stopped"), err=True)
    except KeyboardInterrupt:
        click.echo("\n" + _t("cli.serve_stopping"))
    finally:
        for server in servers:
            server.stop()


# --- presenting results: individual reports, fairness workbook, analysis tables -------------------

def _provisional(results) -> str:
    """The results' state after an output's line when they are provisional (``CycleResults.state``)."""
    return " " + results.state_text(_lang()) if results.provisional else ""


def _store_nips(store) -> list[str]:
    return store.employees_frame(active_only=False)["nip"].astype(str).tolist()


@main.command("laporan", help=Msg("cli.cmd.report"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--nip", type=NIP, default=None, help=Msg("cli.opt.report.nip"))
@option("--unit", default=None, help=Msg("cli.opt.report.unit"))
@option("--keluaran", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.report.out"))
@option("--format", "fmt", type=click.Choice(["pdf", "html", "keduanya"]), default="pdf", show_default=True)
@option("--sementara", "provisional", is_flag=True,
              help=Msg("cli.opt.report.sementara"))
@click.pass_context
def report(ctx, cycle_id, nip, unit, out_dir, fmt, provisional):
    if (nip is None) == (unit is None):
        raise click.UsageError(_t("cli.nip_or_unit"))
    store = _store(ctx)
    results = uc.load_results(store, cycle_id, provisional=provisional)
    done = uc.write_reports(results, out_dir, [nip] if nip else None, unit=unit,
                            format={"keduanya": "both"}.get(fmt, fmt),
                            progress=True if unit else None, lang=_lang())
    click.echo(_t("cli.reports_written", n=len(done), path=out_dir) + _provisional(results))


@main.command("keadilan", help=Msg("cli.cmd.fairness"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.fairness.out"))
@option("--rapat", "meeting", is_flag=True, help=Msg("cli.opt.fairness.meeting"))
@option("--sementara", "provisional", is_flag=True,
              help=Msg("cli.opt.fairness.sementara"))
@click.pass_context
def fairness(ctx, cycle_id, out_path, meeting, provisional):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    results = uc.load_results(store, cycle_id, provisional=provisional)
    tables = uc.fairness_tables(results)
    uc.write_tables_to(results, tables, out_path, meeting_mode=meeting, nips=_store_nips(store), lang=_lang())
    click.echo(_t("cli.fairness_written", n=len(tables), path=out_path) + (_t("cli.meeting") if meeting else ".")
               + _provisional(results))


@main.command("analisis", help=Msg("cli.cmd.analyze"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--keluaran", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.analyze.out"))
@option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@option("--rapat", "meeting", is_flag=True, help=Msg("cli.opt.analyze.meeting"))
@option("--sementara", "provisional", is_flag=True,
              help=Msg("cli.opt.analyze.sementara"))
@click.pass_context
def analyze(ctx, cycle_id, out_dir, fmt, meeting, provisional):
    store = _store(ctx)
    results = uc.load_results(store, cycle_id, provisional=provisional)
    tables = uc.analysis_tables(results, org_predikat=uc.org_predikat(store, cycle_id), lang=_lang())
    out_dir.mkdir(parents=True, exist_ok=True)
    nips = _store_nips(store)
    if fmt == "xlsx":
        path = uc.write_tables_to(results, tables, out_dir / f"analisis-periode-{cycle_id}.xlsx", meeting_mode=meeting,
                                  nips=nips, lang=_lang())
        click.echo(_t("cli.tables_written", n=len(tables), path=path) + _provisional(results))
        return
    uc.write_tables_to(results, tables, out_dir, fmt=fmt, meeting_mode=meeting, nips=nips, lang=_lang())
    click.echo(_t("cli.tables_fmt_written", n=len(tables), fmt=fmt, path=out_dir) + _provisional(results))


# --- HR operations: deadline, changes mid-cycle, rater-list review, invitations and reminders -------

@main.command("batas-waktu", help=Msg("cli.cmd.deadline"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--sampai", "until", type=DATE, default=None, metavar="TANGGAL",
              help=Msg("cli.opt.deadline.sampai"))
@option("--alasan", "reason", default=None, help=Msg("cli.opt.deadline.alasan"))
@click.pass_context
def deadline(ctx, cycle_id, until, reason):
    store = _store(ctx)
    if until:
        uc.extend_deadline(store, cycle_id, until, reason=reason or "", actor=_actor(ctx))
        click.echo(_t("cli.deadline_extended", id=cycle_id))
    click.echo(uc.deadline_info(store, cycle_id, lang=_lang())["line"])


@main.command("buka-kembali", help=Msg("cli.cmd.reopen"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--alasan", "reason", required=True, help=Msg("cli.opt.reopen.alasan"))
@option("--sampai", "until", type=DATE, default=None, metavar="TANGGAL", help=Msg("cli.opt.reopen.sampai"))
@click.pass_context
def reopen(ctx, cycle_id, reason, until):
    store = _store(ctx)
    uc.reopen_cycle(store, cycle_id, reason=reason, actor=_actor(ctx), deadline=until)
    click.echo(_t("cli.reopened", id=cycle_id) + " " + uc.deadline_info(store, cycle_id, lang=_lang())["line"])


_RELS = {"rekan": "peer", "bawahan": "subordinate", "atasan": "supervisor", "diri": "self"}  # --hubungan


@main.command("tambah-penilai", help=Msg("cli.cmd.add-rater"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("rater", type=NIP, metavar="NIP_PENILAI")
@click.argument("ratee", type=NIP, metavar="NIP_DINILAI")
@option("--hubungan", "relationship", type=click.Choice(list(_RELS)), default="rekan", show_default=True,
              help=Msg("cli.opt.add-rater.hubungan"))
@option("--alasan", "reason", required=True, help=Msg("cli.opt.add-rater.alasan"))
@option("--maks-rekan", "max_peers", default=5, show_default=True, help=Msg("cli.opt.add-rater.max-peers"))
@option("--maks-beban", "max_load", callback=_at_least(1), default=12, show_default=True,
        help=Msg("cli.opt.add-rater.max-load"))
@option("--url-dasar", "base_url", default=None, help=Msg("cli.opt.add-rater.base-url"))
@click.pass_context
def add_rater(ctx, cycle_id, rater, ratee, relationship, reason, max_peers, max_load, base_url):
    store = _store(ctx)
    done = uc.add_rater(store, cycle_id, rater, ratee, _RELS[relationship], reason=reason, actor=_actor(ctx),
                        max_peers=max_peers, max_load=max_load, base_url=base_url)
    click.echo(_text(done["text"]))
    click.echo(_t("cli.new_link", link=done["tautan"]) if done["tautan"] else _t("cli.link_has_form"))


@main.command("ganti-penilai", help=Msg("cli.cmd.replace-rater"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("ratee", type=NIP, metavar="NIP_DINILAI")
@click.argument("old_rater", type=NIP, metavar="NIP_LAMA")
@click.argument("new_rater", type=NIP, metavar="NIP_BARU")
@option("--pertahankan-jawaban/--hapus-jawaban", "keep", default=True, show_default=True,
              help=Msg("cli.opt.replace-rater.pertahankan-jawaban"))
@option("--alasan", "reason", required=True, help=Msg("cli.opt.replace-rater.alasan"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.replace-rater.ya"))
@option("--url-dasar", "base_url", default=None, help=Msg("cli.opt.replace-rater.base-url"))
@click.pass_context
def replace_rater(ctx, cycle_id, ratee, old_rater, new_rater, keep, reason, yes, base_url):
    store = _store(ctx)
    _confirm(yes, uc.describe_change(store, cycle_id, "replace", rater=old_rater, ratee=ratee,
                                     new_rater=new_rater, keep_answers=keep))
    done = uc.replace_rater(store, cycle_id, ratee, old_rater, new_rater, keep_answers=keep, reason=reason,
                            actor=_actor(ctx), confirm=True, base_url=base_url)
    click.echo(_t("cli.replaced_kept") if done["kept"] else _t("cli.replaced_deleted", n=done["answers"]))
    if done["tautan"]:
        click.echo(_t("cli.new_link_replacement", link=done["tautan"]))


@main.command("hapus-penilai", help=Msg("cli.cmd.remove-rater"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("rater", type=NIP, metavar="NIP_PENILAI")
@click.argument("ratee", type=NIP, metavar="NIP_DINILAI")
@option("--alasan", "reason", required=True, help=Msg("cli.opt.remove-rater.alasan"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.remove-rater.ya"))
@click.pass_context
def remove_rater(ctx, cycle_id, rater, ratee, reason, yes):
    store = _store(ctx)
    _confirm(yes, uc.describe_change(store, cycle_id, "remove", rater=rater, ratee=ratee))
    done = uc.remove_rater(store, cycle_id, rater, ratee, reason=reason, actor=_actor(ctx), confirm=True)
    click.echo(_t("cli.removed", n=done["answers"]))


@main.command("cabut-tautan", help=Msg("cli.cmd.revoke-link"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("nip", type=NIP, metavar="NIP")
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.revoke-link.ya"))
@click.pass_context
def revoke_link(ctx, cycle_id, nip, yes):
    store = _store(ctx)
    _confirm(yes, uc.describe_change(store, cycle_id, "revoke", rater=nip))
    uc.revoke_link(store, cycle_id, nip, actor=_actor(ctx), confirm=True)
    click.echo(_t("cli.revoked"))


@main.command("daftar-penilai", help=Msg("cli.cmd.review"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.review.out"))
@option("--semua", "show_all", is_flag=True, help=Msg("cli.opt.review.semua"))
@click.pass_context
def review(ctx, cycle_id, out_path, show_all):
    store = _store(ctx)
    table = uc.review_table(store, cycle_id)
    locked = uc.review_locked(store, cycle_id)
    warned = table[table["peringatan"] != ""]
    click.echo(_t("cli.review_counts", n=len(table), warned=len(warned)))
    if locked:
        click.echo(_t("cli.review_locked"))
    shown = table if show_all else warned
    if len(shown):
        click.echo(_table(shown, ("nip", "nama", "atasan", "rekan", "bawahan", "peringatan")
                          + (("penilai",) if show_all else ())))
    coverage = uc.coverage_review(store, cycle_id)
    if len(coverage.short):
        click.echo("\n" + _t("hr.cov_head", n=len(coverage.short), people=coverage.short["nip"].nunique()))
        click.echo(_table(coverage.short, {"nip": None, "nama": None, "kelompok": "hr.c_kelompok",
                                           "diminta": "hr.c_diminta", "didapat": "hr.c_didapat", "sebab": "hr.c_sebab",
                                           "saran": "hr.c_saran"}))
    else:
        click.echo("\n" + _t("hr.cov_none"))
    if len(coverage.overloaded):
        click.echo("\n" + _t("hr.cov_over_head", n=len(coverage.overloaded)))
        click.echo("\n".join(f"  - {line}" for line in coverage.lines(_lang())[len(coverage.short):]))
    click.echo("\n" + _t("hr.cov_levels"))
    click.echo(_table(coverage.by_level, {c: None if c == "pegawai" else f"hr.c_{c}"
                                          for c in coverage.by_level.columns}))
    if out_path:
        write_csv(table, out_path, index=False)
        click.echo(_t("cli.table_written", path=out_path))


@main.command("ingatkan", help=Msg("cli.cmd.remind"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--saluran", "channel", type=click.Choice(["email", "whatsapp"]), default="email", show_default=True,
              help=Msg("cli.opt.remind.saluran"))
@option("--setiap", "every", callback=_at_least(0, strict=True), default=3.0, show_default=True,
        help=Msg("cli.opt.remind.setiap"))
@option("--maks-pengingat", "max_reminders", callback=_at_least(0), default=3, show_default=True,
        help=Msg("cli.opt.remind.maks"))
@option("--tanpa-undangan", "no_invitation", is_flag=True, help=Msg("cli.opt.remind.tanpa-undangan"))
@option("--pratinjau", "dry_run", is_flag=True, help=Msg("cli.opt.remind.dry-run"))
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.remind.out"))
@option("--smtp-host", default=None, help=Msg("cli.opt.remind.smtp-host"))
@option("--smtp-port", default=None, type=int, help=Msg("cli.opt.remind.smtp-port"))
@option("--starttls/--tanpa-starttls", default=None, help=Msg("cli.opt.remind.starttls"))
@option("--pengirim", "sender", default=None, help=Msg("cli.opt.remind.from"))
@option("--url-dasar", "base_url", default=None, help=Msg("cli.opt.remind.base-url"))
@option("--ulang", "again", is_flag=True, help=Msg("cli.opt.remind.ulang"))
@click.pass_context
def remind(ctx, cycle_id, channel, every, max_reminders, no_invitation, dry_run, out_path, smtp_host, smtp_port,
           starttls, sender, base_url, again):
    if again and channel != "whatsapp":
        raise click.UsageError(_t("cli.again_whatsapp_only"))
    store = _store(ctx)
    policy = uc.ReminderPolicy(every_days=every, max_reminders=max_reminders, invitation=not no_invitation)
    if channel == "email":
        smtp = None if dry_run else uc.SmtpConfig.from_env(host=smtp_host, port=smtp_port, starttls=starttls,
                                                           sender=sender)
        result = uc.send_email(store, cycle_id, actor=_actor(ctx), smtp=smtp, policy=policy, dry_run=dry_run,
                               base_url=base_url)
    else:
        result = uc.whatsapp_messages(store, cycle_id, actor=_actor(ctx), policy=policy, dry_run=dry_run,
                                      base_url=base_url, again=again)
    if result.empty:
        click.echo(_t("cli.nothing_prepared" if again else "cli.nothing_due"))
        if channel == "whatsapp" and not again and not dry_run and _prepared_count(store, cycle_id):
            click.echo(_t("cli.again_hint", id=cycle_id, n=_prepared_count(store, cycle_id)))
        return
    click.echo(_t("cli.links_to", url=uc.link_base(store, cycle_id, base_url)))
    result = result.assign(jenis=result["kind"].map(lambda k: _t(f"kind_{k}")))
    cols = {"nama": None, "address": "admin.h_address" if channel == "email" else "admin.h_no_hp",
            "jenis": "admin.h_kind", "hasil" if channel == "email" else "catatan": None}
    click.echo(_table(result, cols))
    if dry_run:
        click.echo(_t("cli.remind_preview", n=int((result["catatan"] == "").sum())))
        first = result[result["text"] != ""]
        if len(first):
            click.echo("\n" + _t("cli.sample_message") + "\n" + first["text"].iloc[0])
    elif channel == "email":
        outcome = [getattr(h, "key", "") for h in result["hasil"]]
        click.echo(_t("cli.remind_sent", sent=outcome.count("cycle.res_sent"), failed=outcome.count("cycle.res_failed")))
    if out_path is not None:
        cols = ["nip", "nama", "address", "jenis", "catatan"] + (["wa_url"] if channel == "whatsapp" else ["hasil"])
        out = result[cols].rename(columns={"address": "alamat" if channel == "email" else "no_hp"})
        write_csv(out.apply(lambda col: col.map(lambda v: _text(v) if isinstance(v, Localized) else v)), out_path,
                  index=False)
        click.echo(_t("cli.list_written", path=out_path))


def _prepared_count(store, cycle_id: int) -> int:
    """WhatsApp messages recorded as prepared and never confirmed sent (``ingatkan --ulang`` redoes them)."""
    box = store.outbox_frame(cycle_id)
    return int(((box["channel"] == "whatsapp") & (box["status"] == "prepared")).sum())


# --- closing a cycle: hasil kerja, organisation predikat, calibration, publication, keberatan ------

@main.command("impor-hasil-kerja", help=Msg("cli.cmd.import-hasil-kerja"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BERKAS")
@option("--lembar", "sheet", default=0, help=Msg("cli.opt.import-hasil-kerja.sheet"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.import-hasil-kerja.ya"))
@click.pass_context
def import_hasil_kerja(ctx, cycle_id, path, sheet, yes):
    store = _store(ctx)
    plan = uc.import_hasil_kerja(store, cycle_id, path, actor=_actor(ctx), sheet=sheet, confirm=yes)
    if not plan.written:
        changed = plan.changed
        click.echo(_t("cli.hk_will_change", n=len(changed)))
        click.echo(_table(changed, ("baris", "nip", "nama", "lama", "baru")))
        if not click.confirm(_t("cli.save_changes"), default=False):
            click.echo(_t("cli.nothing_saved"))
            sys.exit(1)
        plan = uc.import_hasil_kerja(store, cycle_id, path, actor=_actor(ctx), sheet=sheet, confirm=True)
    counts = plan.changes["perubahan"].value_counts()
    click.echo(_t("cli.hk_saved", new=int(counts.get("baru", 0)), changed=int(counts.get("berubah", 0)),
                  same=int(counts.get("tetap", 0)), missing=plan.missing))


@main.command("predikat-organisasi", help=Msg("cli.cmd.org-predikat"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("predikat", required=False, metavar="PREDIKAT")
@option("--unit", default="", help=Msg("cli.opt.org-predikat.unit"))
@click.pass_context
def org_predikat_cmd(ctx, cycle_id, predikat, unit):
    store = _store(ctx)
    if predikat:
        label = uc.set_org_predikat(store, cycle_id, predikat, unit=unit, actor=_actor(ctx))
        click.echo(_t("cli.org_set_unit" if unit else "cli.org_set", id=cycle_id, unit=unit, label=label))
        return
    table = store.org_predikat_frame(cycle_id)
    if table.empty:
        click.echo(_t("cli.org_not_set"))
    else:
        click.echo(_table(table.assign(unit=table["unit"].replace("", _t("dash.org"))),
                          {"unit": None, "predikat": None, "actor": None, "at": "cli.col.at"}))


@main.command("kotak-keluar", help=Msg("cli.cmd.outbox"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.pass_context
def outbox(ctx, cycle_id):
    store = _store(ctx)
    table = uc.outbox_table(store, cycle_id)
    if table.empty:
        click.echo(_t("cli.no_messages"))
        return
    click.echo(_table(table, ("nama", "channel", "kind", "address", "status", "created_at", "sent_at", "actor")))


@main.command("kalibrasi", help=Msg("cli.cmd.calibrate"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--nip", type=NIP, default=None, help=Msg("cli.opt.calibrate.nip"))
@option("--predikat", default=None, help=Msg("cli.opt.calibrate.predikat"))
@option("--alasan", "reason", default=None, help=Msg("cli.opt.calibrate.alasan"))
@option("--unit", default=None, help=Msg("cli.opt.calibrate.unit"))
@option("--nama/--rapat", "names", default=False, help=Msg("cli.opt.calibrate.nama"))
@click.pass_context
def calibrate(ctx, cycle_id, nip, predikat, reason, unit, names):
    store = _store(ctx)
    state = uc.CalibrationState(store, cycle_id, actor=_actor(ctx), meeting_mode=not names, unit=unit)
    if nip or predikat or reason:
        if not (nip and predikat and reason):
            raise click.UsageError(_t("cli.calibrate_needs"))
        state.change(nip, predikat, reason)
        click.echo(_t("cli.predikat_decided", nip=nip, label=state.results.scores.at[nip, "predikat"]))
    org_note = "" if state.org_recorded else _t("cli.org_default")
    click.echo(_t("cli.calibrate_head", org=state.org, note=org_note, status=uc.result_status(store, cycle_id, _lang())))
    click.echo("\n" + _t("cli.kuadran"))
    click.echo(state.grid().rename_axis(index=None, columns=None).to_string())  # the line above names the axes
    left = state.left_out()
    if len(left):
        click.echo(_t("hr.left_out_head", n=len(left)))
        click.echo("\n".join("  - " + _t("hr.left_out_line", pegawai=r.pegawai, why=_text(r.alasan))
                              for r in left.itertuples(index=False)))
    click.echo("\n" + _t("cli.distribution"))
    click.echo(_table(state.distribution(), ("predikat", "usulan", "ditetapkan")))
    bad = state.violations()
    click.echo("\n" + _t("cli.curve_ok") if bad.empty else
               "\n" + _t("cli.curve_bad") + "\n" + "\n".join(f"  - {_text(m)}" for m in bad["message"]))
    with pd.option_context("display.width", 200, "display.max_colwidth", 50):
        click.echo("\n" + _t("cli.supervisors"))
        click.echo(_table(state.supervisors()[["atasan", "severity", "z", "reading"]].round(3),
                          ("atasan", "severity", "z", "reading")))
        ch = state.changes()
        if len(ch):
            click.echo("\n" + _t("cli.changes"))
            ch = ch.assign(waktu=[_local(pd.Timestamp(w).to_pydatetime()) for w in ch["waktu"]])  # WIB, labelled
            click.echo(_table(ch, ("pegawai", "usulan", "ditetapkan", "alasan", "oleh", "waktu")))


@main.command("umumkan", help=Msg("cli.cmd.publish"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--keberatan-hari", "keberatan_days", default=14, show_default=True, help=Msg("cli.opt.publish.keberatan-hari"))
@option("--keputusan-hari", "decision_days", default=7, show_default=True, help=Msg("cli.opt.publish.keputusan-hari"))
@option("--catatan", "note", default="", help=Msg("cli.opt.publish.catatan"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.publish.ya"))
@option("--paksa", "force", is_flag=True, help=Msg("closing.opt_publish_force"))
@option("--alasan", "reason", default=None, help=Msg("closing.opt_publish_reason"))
@click.pass_context
def publish(ctx, cycle_id, keberatan_days, decision_days, note, yes, force, reason):
    store = _store(ctx)
    warning = uc.cycle_period_warning(store, cycle_id, "publish")  # a period that does not fit today
    if warning is not None:
        click.echo(_text(warning))
    check = uc.publish_check(store, cycle_id)
    click.echo("\n".join(check.lines(_lang())) if not check.ok else _t("cycle.check_ok"))
    if force and not check.ok and not reason:
        raise click.UsageError(_t("closing.force_needs_reason"))
    if not yes and not click.confirm(_t("cli.publish_confirm", id=cycle_id), default=False):
        click.echo(_t("cli.not_published"))
        sys.exit(1)
    version = uc.publish(store, cycle_id, actor=_actor(ctx), keberatan_days=keberatan_days,
                         decision_days=decision_days, note=note, force=force, reason=reason)
    click.echo(_t("cli.published", id=cycle_id, version=version,
                  deadline=f"{uc.keberatan_deadline(store, cycle_id):%d-%m-%Y}"))


@main.command("berita-acara", help=Msg("cli.cmd.berita-acara"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.berita-acara.out"))
@option("--peserta", "attendees", multiple=True, help=Msg("cli.opt.berita-acara.peserta"))
@option("--tempat", "place", default="", help=Msg("cli.opt.berita-acara.tempat"))
@click.pass_context
def berita_acara(ctx, cycle_id, out_path, attendees, place):
    from .cycle.calibration import berita_acara_data
    from .present.berita_acara import write_berita_acara

    if out_path.suffix.lower() not in (".pdf", ".xlsx"):
        raise click.UsageError(_t("cli.out_pdf_xlsx"))
    store = _store(ctx)
    data = berita_acara_data(store, cycle_id, peserta=list(attendees), tempat=place, actor=_actor(ctx))
    write_berita_acara(data, out_path, _lang())
    click.echo(_t("cli.ba_written", path=out_path, n=len(data.changes)))


@main.command("ajukan-keberatan", help=Msg("cli.cmd.keberatan"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("nip", type=NIP, metavar="NIP")
@option("--alasan", "reason", required=True, help=Msg("cli.opt.keberatan.alasan"))
@option("--tanggal", "received", type=DATE, default=None, help=Msg("cli.opt.keberatan.tanggal"))
@click.pass_context
def keberatan(ctx, cycle_id, nip, reason, received):
    kid = uc.file_keberatan(_store(ctx), cycle_id, nip, reason,
                            actor=t("cli.for_employee", DEFAULT_LANG, actor=_actor(ctx)), received=received)  # the record
    click.echo(_t("cli.keberatan_filed", id=kid))


@main.command("tanggapi-keberatan", help=Msg("cli.cmd.keberatan-tanggapan"))
@click.argument("keberatan_id", type=int, metavar="NO_KEBERATAN")
@option("--tanggapan", "response", required=True, help=Msg("cli.opt.keberatan-tanggapan.tanggapan"))
@click.pass_context
def keberatan_tanggapan(ctx, keberatan_id, response):
    uc.explain_keberatan(_store(ctx), keberatan_id, response,
                         actor=t("closing.for_penilai", DEFAULT_LANG, actor=_actor(ctx)))  # the record
    click.echo(_t("closing.explained", id=keberatan_id))


@main.command("putuskan-keberatan", help=Msg("cli.cmd.keberatan-putusan"))
@click.argument("keberatan_id", type=int, metavar="NO_KEBERATAN")
@option("--keputusan", "decision", type=click.Choice(["tetap", "ubah"]), required=True,
              help=Msg("cli.opt.keberatan-putusan.keputusan"))
@option("--predikat", default=None, help=Msg("cli.opt.keberatan-putusan.predikat"))
@option("--hasil-kerja", "hasil_kerja", default=None, help=Msg("closing.opt_decide_hk"))
@option("--perilaku", default=None, help=Msg("closing.opt_decide_perilaku"))
@option("--alasan", "reason", required=True, help=Msg("cli.opt.keberatan-putusan.alasan"))
@click.pass_context
def keberatan_putusan(ctx, keberatan_id, decision, predikat, hasil_kerja, perilaku, reason):
    version = uc.decide_keberatan(_store(ctx), keberatan_id, decision, reason, predikat=predikat,
                                  hasil_kerja=hasil_kerja, perilaku=perilaku,
                                  actor=t("closing.for_atasan", DEFAULT_LANG, actor=_actor(ctx)))  # the record
    click.echo(_t("closing.decided", id=keberatan_id, version=version))


@main.command("daftar-keberatan", help=Msg("cli.cmd.keberatan-status"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.pass_context
def keberatan_status_cmd(ctx, cycle_id):
    table = uc.keberatan_status(_store(ctx), cycle_id)
    if table.empty:
        click.echo(_t("closing.no_keberatan"))
        return
    with pd.option_context("display.width", 220, "display.max_colwidth", 40):
        click.echo(_table(table, {c: "closing.h_id" if c == "id" else None
                                  for c in table.columns if f"closing.h_{c}" in _STRINGS_ID}))


@main.command("tren", help=Msg("cli.cmd.tren"))
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.tren.out"))
@option("--periode", "cycle_ids", type=int, multiple=True,
              help=Msg("cli.opt.tren.periode"))
@option("--jenis", "kind", type=click.Choice(["semesteran", "tahunan", "triwulanan", "bulanan", "lainnya"]),
              default=None, help=Msg("cli.opt.tren.jenis"))
@option("--z", default=1.96, show_default=True, help=Msg("cli.opt.tren.z"))
@option("--min-unit", default=5, show_default=True, help=Msg("cli.opt.tren.min-unit"))
@option("--rapat", "meeting", is_flag=True, help=Msg("cli.opt.tren.meeting"))
@click.pass_context
def tren(ctx, out_path, cycle_ids, kind, z, min_unit, meeting):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    path = uc.export_trends(store, out_path, meeting_mode=meeting, cycle_ids=cycle_ids or None, kind=kind,
                            z=z, min_unit_size=min_unit)
    click.echo(_t("cli.trends_written", path=path) + (_t("cli.meeting") if meeting else "."))


@main.command("talenta", help=Msg("cli.cmd.talenta"))
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.talenta.out"))
@option("--berturut", "n_periods", default=2, show_default=True,
              help=Msg("cli.opt.talenta.berturut"))
@option("--periode", "cycle_ids", type=int, multiple=True, help=Msg("cli.opt.talenta.periode"))
@option("--jenis", "kind", type=click.Choice(["semesteran", "tahunan", "triwulanan", "bulanan", "lainnya"]),
        default=None, help=Msg("cli.opt.tren.jenis"))
@option("--min-unit", default=5, show_default=True, help=Msg("cli.opt.talenta.min-unit"))
@option("--rapat", "meeting", is_flag=True, help=Msg("cli.opt.talenta.meeting"))
@click.pass_context
def talenta(ctx, out_path, n_periods, cycle_ids, kind, min_unit, meeting):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    path = uc.export_talent_pool(store, out_path, meeting_mode=meeting, n_periods=n_periods,
                                 cycle_ids=cycle_ids or None, kind=kind, min_unit_size=min_unit)
    click.echo(_t("cli.talent_written", path=path) + (_t("cli.meeting") if meeting else "."))


@main.command("tambah-pemangku", help=Msg("cli.cmd.pemangku-kepentingan"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BERKAS")
@option("--tautan", "links_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.pemangku-kepentingan.links"))
@option("--url-dasar", "base_url", default=None, help=Msg("cli.opt.pemangku-kepentingan.base-url"))
@click.pass_context
def stakeholders(ctx, cycle_id, path, links_path, base_url):
    if links_path.exists():
        raise KinerjaError("cli.links_exist", path=links_path)
    from .collect.roster import read_table

    store = _store(ctx)
    table = read_table(path, check_header=None)
    links = uc.add_stakeholders(store, cycle_id, table, actor=_actor(ctx), base_url=base_url)
    links_path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(links, links_path, index=False)
    click.echo(_t("cli.stakeholders_added", n=len(links), path=links_path))


@main.command("tautan-dialog", help=Msg("cli.cmd.dialog-links"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.dialog-links.out"))
@option("--url-dasar", "base_url", default=None, help=Msg("cli.opt.dialog-links.base-url"))
@click.pass_context
def dialog_links(ctx, cycle_id, out_path, base_url):
    if out_path.exists():
        raise KinerjaError("cli.links_exist", path=out_path)
    store = _store(ctx)
    links = uc.issue_dialog_links(store, cycle_id, actor=_actor(ctx), base_url=base_url)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(links.drop(columns=["token_atasan", "token_pegawai"]), out_path, index=False)
    click.echo(_t("cli.dialogs_made", n=len(links), path=out_path) if len(links) else _t("cli.no_new_dialogs"))


@main.command("kebutuhan-pelatihan", help=Msg("cli.cmd.kebutuhan-pelatihan"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.kebutuhan-pelatihan.out"))
@option("--rapat", "meeting", is_flag=True, help=Msg("cli.opt.kebutuhan-pelatihan.meeting"))
@click.pass_context
def training_needs(ctx, cycle_id, out_path, meeting):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    path = uc.export_training_needs(store, cycle_id, out_path, meeting_mode=meeting)
    click.echo(_t("cli.training_written", path=path))


@main.command("impor-saran", help=Msg("cli.cmd.impor-saran"))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BERKAS")
@click.pass_context
def import_suggestions(ctx, path):
    store = _store(ctx)
    table = uc.import_suggestions(store, path, actor=_actor(ctx))
    click.echo(_t("cli.suggestions_replaced", n=len(table), tips=sum(map(len, table.values()))))


@main.command("umpan-balik", help=Msg("cli.cmd.umpan-balik"))
@click.argument("cycle_id", type=int, metavar="PERIODE")
@option("--rekan", "peers_may_write", type=click.Choice(["ya", "tidak"]), default=None,
              help=Msg("cli.opt.umpan-balik.rekan"))
@click.pass_context
def feedback(ctx, cycle_id, peers_may_write):
    store = _store(ctx)
    if peers_may_write is not None:
        uc.set_peer_feedback(store, peers_may_write == "ya", actor=_actor(ctx))
        click.echo(_t("cli.peers_allowed" if peers_may_write == "ya" else "cli.peers_stopped"))
    table = uc.feedback_summary(store, cycle_id)
    if table.empty:
        click.echo(_t("cli.no_feedback"))
        return
    click.echo(_table(table, {"unit_kerja": "admin.h_unit_kerja", "value_code": "report.col_value",
                              "atasan": "cli.col.by_supervisor", "rekan": "cli.col.by_peer", "pegawai": "admin.h_pegawai"}))


# -- backups, restores, upgrades and personal data (issue 27; texts in locale/privacy.py) -------------
def _upgraded_store(ctx) -> Store:
    """The store, migrated to this program's schema after a backup of the old version
    (``store.backup.upgrade``); the backup's path is printed."""
    from .store.backup import upgrade

    store, taken = upgrade(ctx.obj["db"])
    if taken is not None:
        old = taken.name.split("-v", 1)[1].split("-", 1)[0]
        click.echo(_t("cli.upgraded", old=old, path=taken))
    return store


def _local(moment) -> str:
    """A stored UTC moment in the installation's zone with its label (``i18n.fmt_time``)."""
    return fmt_time(moment, _lang())


def _backup_line(store) -> str:
    """``status``'s line on the newest backup recorded in the export log, with its age."""
    last = uc.last_backup(store)
    if last is None:
        return _t("cli.last_backup_none")
    return _t("cli.last_backup", at=_local(last["at"]), hours=f"{last['age_hours']:.1f}", path=last["target"])


def _people_count(ctx, store) -> int:
    """How many people an exported file may hold data of: the people of the cycle named, else the roster."""
    if ctx.meta.get("kinerja.export_people") is not None:
        return int(ctx.meta["kinerja.export_people"])
    cycle_id = ctx.params.get("cycle_id")
    if cycle_id is not None:
        frame = store.assignments_frame(cycle_id)
        return int(pd.concat([frame["rater"], frame["ratee"]]).dropna().nunique()) if len(frame) else 0
    return len(store.employees_frame(active_only=False))


@main.command("cadangkan", help=Msg("cli.cmd.backup"))
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
        help=Msg("cli.opt.backup.out"))
@click.pass_context
def backup_command(ctx, out_path):
    from .store.backup import backup

    manifest = backup(ctx.obj["db"], out_path)
    store = _store(ctx)
    try:
        uc.record_export(store, uc.privacy.BACKUP_EXPORT, actor=_actor(ctx), target=out_path.resolve(),
                         people=manifest["tables"].get("employees", 0), sha256=manifest["sha256"])
    finally:
        store.dispose()
    click.echo(_t("cli.backup_done", path=out_path, version=manifest["schema_version"],
                  rows=sum(manifest["tables"].values()), tables=len(manifest["tables"]), sha=manifest["sha256"][:16]))


@main.command("pulihkan", help=Msg("cli.cmd.restore"))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="BERKAS")
@option("--ganti", "replace", is_flag=True, help=Msg("cli.opt.restore.replace"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.import-roster.ya"))
@click.pass_context
def restore_command(ctx, path, replace, yes):
    from .store.backup import has_tables, read_manifest, restore

    manifest = read_manifest(path)  # a damaged or foreign file is refused before any question
    target = ctx.obj["db"]
    created = dt.datetime.fromisoformat(manifest["created_at"].rstrip("Z"))
    if replace and has_tables(target):
        _confirm(yes, _t("cli.restore_preview", path=path, at=_local(created), version=manifest["schema_version"],
                         rows=sum(manifest["tables"].values()), target=target))
    restore(path, target, replace=replace)
    click.echo(_t("cli.restore_done", path=path, target=target, rows=sum(manifest["tables"].values()),
                  tables=len(manifest["tables"])))


@main.command("data-pribadi", help=Msg("cli.cmd.personal-data"))
@click.argument("nip", type=NIP, metavar="NIP")
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
        help=Msg("cli.opt.personal-data.out"))
@click.pass_context
def personal_data_command(ctx, nip, out_path):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    sheets = uc.export_personal_data(store, nip, out_path, actor=_actor(ctx))  # recorded in the export log
    click.echo(_t("cli.personal_data_done", nip=nip, path=out_path, sheets=len(sheets)))


@main.command("koreksi-data", help=Msg("cli.cmd.correct"))
@click.argument("nip", type=NIP, metavar="NIP")
@option("--kolom", "field", type=click.Choice(["nama", "jabatan", "golongan", "gender", "email", "no-hp"]),
        required=True, help=Msg("cli.opt.correct.field"))
@option("--nilai", "value", required=True, help=Msg("cli.opt.correct.value"))
@option("--alasan", "reason", required=True, help=Msg("cli.opt.correct.reason"))
@click.pass_context
def correct_command(ctx, nip, field, value, reason):
    store = _store(ctx)
    name = {"nama": "name", "no-hp": "phone"}.get(field, field)
    uc.correct_personal_data(store, nip, name, value, reason=reason, actor=_actor(ctx))
    click.echo(_t("cli.corrected", field=field, nip=nip))


@main.command("retensi", help=Msg("cli.cmd.retention"))
@option("--sebelum", "until", type=DATE, default=None, help=Msg("cli.opt.retention.until"))
@option("--tahun", "years", type=int, default=None, help=Msg("cli.opt.retention.years"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.import-roster.ya"))
@click.pass_context
def retention_command(ctx, until, years, yes):
    store = _store(ctx)
    if years is not None:
        click.echo(_t("cli.retention_years_set", years=uc.set_retention_years(store, years, actor=_actor(ctx))))
        return
    if until is None:
        raise click.UsageError(_t("cli.retention_years_set", years=uc.retention_years(store)))
    preview = uc.preview_retention(store, until)
    if not preview["cycles"]:
        click.echo(_text(preview["message"]))
        return
    _confirm(yes, preview["message"])
    done = uc.apply_retention(store, until, actor=_actor(ctx), confirm=True)
    click.echo(_t("cli.retention_done", n=done["n"], people=done["people"]))


@main.command("log-ekspor", help=Msg("cli.cmd.export-log"))
@click.pass_context
def export_log_command(ctx):
    table = uc.export_log_frame(_store(ctx))
    if table.empty:
        click.echo(_t("cli.export_log_empty"))
        return
    table = table.assign(at=table["at"].map(_local))
    click.echo(_table(table, ("at", "actor", "what", "target", "people")))


# -- national scale (issue 25): the anonymised national file and the pooled analysis ------------

@main.command("ekspor-anonim", help=Msg("cli.cmd.ekspor-anonim"))
@click.argument("cycle_id", type=int)
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
        help=Msg("cli.opt.ekspor-anonim.out"))
@option("--instansi", "agency", required=True, help=Msg("cli.opt.ekspor-anonim.instansi"))
@option("--predikat-organisasi", "org_predikat", default=None, help=Msg("cli.opt.ekspor-anonim.predikat-organisasi"))
@click.pass_context
def export_national(ctx, cycle_id, out_path, agency, org_predikat):
    from .cycle import national

    if out_path.suffix.lower() != ".parquet":
        raise click.UsageError(_t("national.cli.out_parquet"))
    store = _store(ctx)
    got = national.export_anonymous(store, cycle_id, out_path, agency=agency, org_predikat=org_predikat,
                                    progress=national.progress_bar("text"))
    click.echo(_t("national.cli.exported", rows=got["rows"], ratees=got["ratees"], path=got["path"],
                 hidden=got["hidden_rows"]))


@main.command("analisis-gabungan", help=Msg("cli.cmd.analisis-gabungan"))
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@option("--keluaran", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
        help=Msg("cli.opt.analisis-gabungan.out"))
@option("--memori", "memory_limit", default="4GB", show_default=True, help=Msg("cli.opt.analisis-gabungan.memori"))
@option("--min-pegawai", "min_people", type=click.IntRange(min=1), default=5, show_default=True,
        help=Msg("cli.opt.analisis-gabungan.min-pegawai"))
@click.pass_context
def pooled_analysis(ctx, folder, out_path, memory_limit, min_people):
    from .cycle import national

    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("national.cli.out_xlsx"))
    tables = national.pooled_analysis(folder, min_people=min_people, memory_limit=memory_limit,
                                      progress=national.progress_bar("text"))
    path = national.write_pooled_workbook(tables, out_path)
    click.echo(_t("national.cli.pooled", path=path, **{k: v for k, v in national.pooled_summary(tables).items()
                                                      if k != "rows"}))


def _log_exports() -> None:
    """Every command writing a file of personal data (an option ``--keluaran`` or ``--tautan``)
    records it in the export log once it succeeded: who, which command, which file, how many
    people (``cycle.record_export``).  ``cadangkan`` and ``data-pribadi`` record their own."""
    import functools

    # analisis-gabungan reads anonymised national files and writes no personal data (nor needs a store)
    own = {"cadangkan", "data-pribadi", "pulihkan", "analisis-gabungan"}
    done = set()
    for name, command in main.commands.items():
        dests = [p.name for p in command.params if isinstance(p, click.Option)
                 and set(p.opts) & {"--keluaran", "--tautan"}]
        if name in own or not dests or id(command) in done:
            continue
        done.add(id(command))

        def wrapped(*args, _callback=command.callback, _name=name, _dests=tuple(dests), **kwargs):
            result = _callback(*args, **kwargs)
            ctx = click.get_current_context()
            written = [ctx.params.get(d) for d in _dests]
            written = [Path(w) for w in written if w and Path(w).exists()]
            if written:
                store = Store(ctx.obj["db"], create=False)
                try:
                    for path in written:
                        uc.record_export(store, _name, actor=_actor(ctx), target=path.resolve(),
                                         people=_people_count(ctx, store))
                finally:
                    store.dispose()
            return result

        command.callback = functools.update_wrapper(wrapped, command.callback)


_log_exports()
_localise_paths(main)


# -- accounts of the private apps (issue 22; store.accounts, cycle.accounts) ------------------------
class _SubGroup(_Command, click.Group):
    """A group of subcommands (``akun buat``...) speaking the run's language like every command."""

    command_class = _Command

    def collect_usage_pieces(self, ctx):
        return _Group.collect_usage_pieces(self, ctx)

    def format_options(self, ctx, formatter):
        _Group.format_options(self, ctx, formatter)

    def format_commands(self, ctx, formatter):
        _Group.format_commands(self, ctx, formatter)


def _read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input (``--sandi-stdin``), else typed twice
    at a hidden prompt.  Never a command-line argument (it would show in ``ps`` and the shell history)."""
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n")
    first = click.prompt(_t("account.password_prompt"), hide_input=True, prompt_suffix=": ")
    again = click.prompt(_t("account.password_again"), hide_input=True, prompt_suffix=": ")
    if first != again:
        raise KinerjaError("account.password_mismatch")
    return first


_ROLE = click.Choice(["operator", "tim", "pimpinan", "analis"])


@main.group("akun", cls=_SubGroup, help=Msg("cli.cmd.akun"))
def account_group():
    pass


@account_group.command("buat", help=Msg("cli.cmd.akun-buat"))
@click.argument("username", metavar="NAMA")
@option("--peran", "roles", type=_ROLE, multiple=True, required=True, help=Msg("cli.opt.akun.peran"))
@option("--nama-tampilan", "display_name", default="", help=Msg("cli.opt.akun.nama-tampilan"))
@option("--sandi-stdin", "from_stdin", is_flag=True, help=Msg("cli.opt.akun.sandi-stdin"))
@click.pass_context
def account_create(ctx, username, roles, display_name, from_stdin):
    from .cycle import accounts as ua

    _store(ctx).dispose()  # a missing database is refused ('siapkan' first), never created here
    store = _store(ctx, create=True)  # an older schema is backed up, then migrated
    password = _read_password(from_stdin)
    made = ua.create_account(store, username, password, roles=roles, display_name=display_name,
                             actor=_actor(ctx))
    click.echo(_t("account.created", username=made["username"], roles=", ".join(made["roles"])))


@account_group.command("daftar", help=Msg("cli.cmd.akun-daftar"))
@click.pass_context
def account_list(ctx):
    from .cycle import accounts as ua

    table = ua.accounts_table(_store(ctx))
    if table.empty:
        click.echo(_t("account.none"))
        return
    click.echo(_table(table, {"username": "account.h_username", "display_name": "account.h_display_name",
                              "roles": "account.h_roles", "active": "account.h_active",
                              "created_at": "admin.h_created_at", "created_by": "account.h_created_by",
                              "disabled_at": "account.h_disabled_at"}))


@account_group.command("nonaktifkan", help=Msg("cli.cmd.akun-nonaktifkan"))
@click.argument("username", metavar="NAMA")
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.akun.ya"))
@click.pass_context
def account_disable(ctx, username, yes):
    store = _store(ctx)
    account = store.account(username)
    if account is None:
        from .store import check_username

        raise KinerjaError("store.account_missing", username=check_username(username))
    _confirm(yes, _t("account.disable_preview", username=account["username"], roles=", ".join(account["roles"])))
    changed = store.set_account_active(account["username"], False, actor=_actor(ctx))
    click.echo(_t("account.disabled" if changed else "account.already_disabled", username=account["username"]))


@account_group.command("aktifkan", help=Msg("cli.cmd.akun-aktifkan"))
@click.argument("username", metavar="NAMA")
@click.pass_context
def account_enable(ctx, username):
    store = _store(ctx)
    changed = store.set_account_active(username, True, actor=_actor(ctx))
    click.echo(_t("account.enabled" if changed else "account.already_enabled", username=username.strip().lower()))


@account_group.command("sandi", help=Msg("cli.cmd.akun-sandi"))
@click.argument("username", metavar="NAMA")
@option("--sandi-stdin", "from_stdin", is_flag=True, help=Msg("cli.opt.akun.sandi-stdin-reset"))
@click.pass_context
def account_password(ctx, username, from_stdin):
    store = _store(ctx)
    if store.account(username) is None:  # before the password is asked for
        from .store import check_username

        raise KinerjaError("store.account_missing", username=check_username(username))
    store.set_password(username, _read_password(from_stdin), actor=_actor(ctx))
    click.echo(_t("account.password_set", username=username.strip().lower()))


@account_group.command("peran", help=Msg("cli.cmd.akun-peran"))
@click.argument("username", metavar="NAMA")
@option("--peran", "roles", type=_ROLE, multiple=True, required=True, help=Msg("cli.opt.akun.peran-baru"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.akun.ya-peran"))
@click.pass_context
def account_roles(ctx, username, roles, yes):
    store = _store(ctx)
    account = store.account(username)
    if account is None:
        from .store import check_username

        raise KinerjaError("store.account_missing", username=check_username(username))
    # the roles are replaced, not added to: an account may lose the app it opens today
    _confirm(yes, _t("account.roles_preview", username=account["username"], old=", ".join(account["roles"]),
                     new=", ".join(sorted(set(roles)))))
    store.set_account_roles(username, roles, actor=_actor(ctx))
    click.echo(_t("account.roles_set", username=username.strip().lower(), roles=", ".join(store.account(username)["roles"])))


if __name__ == "__main__":
    main()
