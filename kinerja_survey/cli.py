"""The ``kinerja-survey`` command line: run a 360-degree survey cycle from a terminal.

A typical cycle::

    kinerja-survey init
    kinerja-survey import-roster pegawai.xlsx
    kinerja-survey create-cycle "Penilaian Perilaku 2026" --start 2026-01-01 --end 2026-12-31
    kinerja-survey assign 1 --peers 3 5 --seed 2026 --links tautan.csv
    kinerja-survey open 1
    kinerja-survey serve
    kinerja-survey status 1
    kinerja-survey close 1
    kinerja-survey import-hasil-kerja 1 ekinerja.xlsx
    kinerja-survey org-predikat 1 Baik
    kinerja-survey calibrate 1 --nip NIP --predikat "Butuh Perbaikan" --alasan "..."
    kinerja-survey berita-acara 1 --out berita-acara.pdf
    kinerja-survey publish 1
    kinerja-survey keberatan-status 1

The database is ``--db`` (a path to a SQLite file or a database URL), else the environment
variable ``KINERJA_SURVEY_DB``, else ``data/kinerja.sqlite``.  Every change is recorded in the
audit log with the person acting: ``--actor``, else ``KINERJA_SURVEY_ACTOR``, else the login name.

Every command goes through ``kinerja_survey.cycle``, the use-case layer the apps share.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click
import pandas as pd

from . import __version__
from . import cycle as uc
from .collect.instrument import InstrumentError
from .collect.instrument import load as load_instrument
from .collect.roster import RosterError
from .i18n import DEFAULT_LANG, LANGUAGES, STRINGS, Localized, Msg, resolve_lang, t
from .store import DEFAULT_DB_ENV, Store, StoreError, default_url

_STRINGS_ID = STRINGS[DEFAULT_LANG]
_LANG = "kinerja.lang"  # ctx.meta key of --lang (ctx.meta is shared by a command and its group)


def _lang(ctx=None) -> str:
    """The language of this run: ``--lang``, else ``$KINERJA_SURVEY_LANG``, else Bahasa Indonesia."""
    ctx = ctx or click.get_current_context(silent=True)
    return resolve_lang(ctx.meta.get(_LANG) if ctx is not None else None)


def _t(key: str, **fields) -> str:
    """The catalog text ``key`` (``locale/cli.py`` and the rest) in the run's language."""
    return t(key, _lang(), **fields)


def _text(value) -> str:
    """A message (an ``i18n.Msg``, an error) in the run's language; anything else as ``str``."""
    return value.render(_lang()) if isinstance(value, Localized) else str(value)


def _error(exc) -> click.ClickException:
    """A ``ClickException`` carrying an error's message in the run's language."""
    return click.ClickException(_text(exc))


def _set_lang(ctx, _param, value):
    if value:
        ctx.meta[_LANG] = value
    return value


def _store(ctx, create: bool = False) -> Store:
    try:
        return Store(ctx.obj["db"], create=create)
    except StoreError as exc:
        raise _error(exc) from None


def _actor(ctx) -> str:
    return ctx.obj["actor"]


def _write_links(links: pd.DataFrame, path: Path, base_url: str | None) -> None:
    out = uc.links_with_urls(links.drop(columns="tautan", errors="ignore"), base_url)
    if path.exists():
        raise click.ClickException(_t("cli.links_exist", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    from .present.exports import write_csv

    write_csv(out, path, index=False)


HELP = Msg("cli.help")


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
        raise click.ClickException(_t("cli.cancelled"))


def _table(frame: pd.DataFrame, columns) -> str:
    """A frame with people's headers (``columns``: machine name -> i18n key; a tuple/list of names
    takes ``cli.col.<name>``), every column in full, messages in the run's language."""
    if not isinstance(columns, dict):
        columns = {c: f"cli.col.{c}" for c in columns}
    cols = [c for c in columns if c in frame.columns]
    shown = frame[cols].apply(lambda col: col.map(lambda v: _text(v) if isinstance(v, Localized) else v))
    with pd.option_context("display.width", 250, "display.max_colwidth", 80, "display.max_rows", 500):
        return shown.rename(columns={c: _t(k) for c, k in columns.items()}).to_string(index=False)


class _Option(click.Option):
    """An option whose help is an ``i18n.Msg``, kept (click would flatten it to a str) and
    rendered in the run's language when the help is shown."""

    def __init__(self, *args, help=None, **kwargs):
        super().__init__(*args, help=help, **kwargs)
        self.help_msg = help if isinstance(help, Localized) else None


def option(*param_decls, **attrs):
    """``click.option`` with :class:`_Option`."""
    return click.option(*param_decls, cls=_Option, **attrs)


def _help(text, lang: str) -> str:
    """A help text (an ``i18n.Msg`` from the catalog) in ``lang``."""
    return text.render(lang) if isinstance(text, Localized) else text


class _Command(click.Command):
    """A click command whose help speaks the run's language: Bahasa Indonesia, or English with
    ``--lang en`` / ``$KINERJA_SURVEY_LANG=en`` (click's own frame words translated too).  The
    help texts are ``i18n.Msg`` objects, rendered when the help is shown."""

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
    command_class = _Command

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


@click.group(cls=_Group, help=HELP)
@option("--lang", type=click.Choice(LANGUAGES), default=None, is_eager=True, expose_value=False,
              callback=_set_lang, help=Msg("cli.opt.main.lang"))
@click.version_option(__version__, cls=_Option, help=Msg("cli.opt.main.version"))
@option("--db", envvar=DEFAULT_DB_ENV, default=None, metavar="PATH|URL", help=Msg("cli.opt.main.db"))
@option("--actor", envvar="KINERJA_SURVEY_ACTOR", default=None, metavar="NAMA", help=Msg("cli.opt.main.actor"))
@click.pass_context
def main(ctx, db, actor):
    try:
        who = actor or getpass.getuser()
    except (KeyError, OSError):
        who = ""
    if not who.strip():
        raise click.UsageError(_t("cli.actor_needed"))
    ctx.obj = {"db": db or default_url(), "actor": who.strip()[:100]}


@main.command(help=Msg("cli.cmd.init"))
@click.pass_context
def init(ctx):
    store = _store(ctx, create=True)
    click.echo(_t("cli.db_ready", url=store.url, version=store.schema_version()))


@main.command("import-roster", help=Msg("cli.cmd.import-roster"))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--sheet", default=0, help=Msg("cli.opt.import-roster.sheet"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.import-roster.ya"))
@click.pass_context
def import_roster(ctx, path, sheet, yes):
    store = _store(ctx, create=True)
    try:
        sheet = int(sheet)
    except (TypeError, ValueError):
        pass
    try:
        preview = uc.preview_roster(store, path, sheet=sheet)
        if len(preview.deactivated):
            _confirm(yes, _t("cli.deactivate", n=len(preview.deactivated), file=path.name, forms=preview.open_forms)
                          + "\n" + _table(preview.deactivated, ("nip", "nama", "unit_kerja", "forms")))
        counts = uc.import_roster_checked(store, preview.frame, actor=_actor(ctx), confirm=True)
    except RosterError as exc:
        click.echo(_text(exc), err=True)
        sys.exit(1)
    except (StoreError, uc.CycleError) as exc:
        raise _error(exc) from None
    click.echo(_t("cli.roster_imported", **counts))


@main.command("create-cycle", help=Msg("cli.cmd.create-cycle"))
@click.argument("name")
@option("--start", default=None, help=Msg("cli.opt.create-cycle.start"))
@option("--end", default=None, help=Msg("cli.opt.create-cycle.end"))
@option("--instrument", "instrument_path", default="berakhlak",
              help=Msg("cli.opt.create-cycle.instrument"))
@option("--hr-contact", default=None,
              help=Msg("cli.opt.create-cycle.hr-contact"))
@option("--dari-periode", "previous_id", type=int, default=None, metavar="N",
              help=Msg("cli.opt.create-cycle.dari-periode"))
@option("--seed", default=0, show_default=True, help=Msg("cli.opt.create-cycle.seed"))
@option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.create-cycle.links"))
@option("--base-url", default=None, help=Msg("cli.opt.create-cycle.base-url"))
@click.pass_context
def create_cycle(ctx, name, start, end, instrument_path, hr_contact, previous_id, seed, links_path, base_url):
    if previous_id is not None:
        store = _store(ctx)
        if links_path is None:
            raise click.UsageError(_t("cli.next_needs_links"))
        if links_path.exists():
            raise click.ClickException(_t("cli.links_exist", path=links_path))
        try:
            made = uc.create_next_cycle(store, previous_id, name, start, end, actor=_actor(ctx), seed=seed,
                                        base_url=base_url, hr_contact=hr_contact)
        except (StoreError, ValueError) as exc:
            raise _error(exc) from None
        info = store.cycle(made.cycle_id)
        _write_links(made.assigned.links, links_path, base_url)
        click.echo(_t("cli.next_created", id=made.cycle_id, previous=previous_id, name=info["name"],
                      start=info["period_start"], end=info["period_end"],
                      kind=uc.period_kind(info["period_start"], info["period_end"]),
                      counts=_counts(made.assigned.counts), n=len(made.assigned.links), path=links_path))
        return
    if not start or not end:
        raise click.UsageError(_t("cli.start_end_required"))
    try:
        inst = load_instrument(instrument_path)
    except InstrumentError as exc:
        raise _error(exc) from None
    store = _store(ctx)
    try:
        cid = uc.create_cycle(store, name, start, end, inst, hr_contact=hr_contact, actor=_actor(ctx))
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    click.echo(_t("cli.cycle_created", id=cid, name=name, start=start, end=end, code=inst.code, n=len(inst.items)))


@main.command(help=Msg("cli.cmd.declines"))
@click.argument("cycle_id", type=int)
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


@main.command(help=Msg("cli.cmd.assign"))
@click.argument("cycle_id", type=int)
@option("--peers", nargs=2, type=int, default=(3, 5), show_default=True,
              help=Msg("cli.opt.assign.peers"))
@option("--max-subordinates", default=8, show_default=True, help=Msg("cli.opt.assign.max-subordinates"))
@option("--max-load", default=12, show_default=True, help=Msg("cli.opt.assign.max-load"))
@option("--seed", default=0, show_default=True, help=Msg("cli.opt.assign.seed"))
@option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.assign.links"))
@option("--base-url", default=None,
              help=Msg("cli.opt.assign.base-url"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.assign.ya"))
@click.pass_context
def assign(ctx, cycle_id, peers, max_subordinates, max_load, seed, links_path, base_url, yes):
    store = _store(ctx)
    if links_path.exists():
        raise click.ClickException(_t("cli.links_exist", path=links_path))
    kwargs = dict(peers=tuple(peers), max_subordinates=max_subordinates, max_load=max_load, seed=seed)
    try:
        preview = uc.preview_assign(store, cycle_id, **kwargs)
        if preview.existing and len(preview.skipped):
            click.echo(_t("cli.skipped", n=len(preview.skipped)))
            click.echo(_table(preview.skipped, ("nama_penilai", "nama_dinilai", "relationship", "alasan")))
        if preview.status == "open" and len(preview.add):
            _confirm(yes, _t("cli.running_add", id=cycle_id, n=len(preview.add)) + "\n"
                          + _table(preview.add, ("rater", "nama_penilai", "ratee", "nama_dinilai", "relationship")))
        made, _preview = uc.assign_checked(store, cycle_id, actor=_actor(ctx), confirm=True, base_url=base_url, **kwargs)
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    plan, links = made.plan, made.links
    if not links.empty:
        _write_links(links, links_path, base_url)
    click.echo(_t("cli.assigned", counts=_counts(made.counts) or _t("cli.none")))
    click.echo(_t("cli.links_written", n=len(links), path=links_path) if len(links) else _t("cli.no_new_links"))
    if len(plan.shortfalls):
        click.echo(_t("cli.shortfalls", n=len(plan.shortfalls), min=peers[0], id=cycle_id))


@main.command("export-links", help=Msg("cli.cmd.export-links"))
@click.argument("cycle_id", type=int)
@click.argument("nips", nargs=-1, required=True)
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.export-links.out"))
@option("--base-url", default=None, help=Msg("cli.opt.export-links.base-url"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.export-links.ya"))
@click.pass_context
def export_links(ctx, cycle_id, nips, out_path, base_url, yes):
    store = _store(ctx)
    if out_path.exists():
        raise click.ClickException(_t("cli.links_exist", path=out_path))
    try:
        _confirm(yes, "\n".join(_text(uc.describe_change(store, cycle_id, "reissue", rater=n)) for n in nips))
        links = uc.reissue_links(store, cycle_id, nips, actor=_actor(ctx), base_url=base_url)
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    _write_links(links, out_path, base_url)
    click.echo(_t("cli.links_written", n=len(links), path=out_path))


def _counts(counts) -> str:
    """Forms per rater relationship (``diri 40, atasan 38, ...``) in the run's language."""
    return ", ".join(f"{t(f'cycle.rel_{k}', _lang()) if k in uc.hr.REL_ID else k} {v}" for k, v in counts.items())


def _set_status(ctx, cycle_id: int, status: str, done: str) -> None:
    try:
        uc.set_status(_store(ctx), cycle_id, status, actor=_actor(ctx))
    except StoreError as exc:
        raise _error(exc) from None
    click.echo(_t(done, id=cycle_id))


@main.command("open", help=Msg("cli.cmd.open"))
@click.argument("cycle_id", type=int)
@click.pass_context
def open_(ctx, cycle_id):
    _set_status(ctx, cycle_id, "open", "cli.opened")


@main.command(help=Msg("cli.cmd.close"))
@click.argument("cycle_id", type=int)
@click.pass_context
def close(ctx, cycle_id):
    _set_status(ctx, cycle_id, "closed", "cli.closed")


@main.command(help=Msg("cli.cmd.status"))
@click.argument("cycle_id", type=int, required=False)
@option("--by", type=click.Choice(["unit", "ratee"]), default="unit", show_default=True,
              help=Msg("cli.opt.status.by"))
@click.pass_context
def status(ctx, cycle_id, by):
    store = _store(ctx)
    if cycle_id is None:
        cyc = store.cycles_frame()
        click.echo(_t("cli.no_cycles") if cyc.empty else _table(cyc, {
            "id": "admin.h_id", "name": "admin.h_name", "period_start": "admin.h_period_start",
            "period_end": "admin.h_period_end", "status": "admin.h_status"}))
        return
    try:
        info = store.cycle(cycle_id)
    except StoreError as exc:
        raise _error(exc) from None
    rates = store.response_rates(cycle_id, by=by)
    total_inv, total_sub = int(rates["invited"].sum()), int(rates["submitted"].sum())
    click.echo(_t("cli.status_line", id=cycle_id, name=info["name"], status=info["status"], submitted=total_sub,
                  invited=total_inv, rate=uc.percent(total_sub / total_inv if total_inv else 0, lang=_lang())))
    click.echo(uc.deadline_info(store, cycle_id, lang=_lang())["line"])
    if len(rates):
        rates = rates.assign(rate=rates["rate"].map(lambda v: uc.percent(v, lang=_lang())))
        click.echo(_table(rates, {"unit_kerja": "admin.h_unit_kerja", "nama": "admin.h_nama", "invited": "admin.h_invited",
                                  "submitted": "admin.h_submitted", "rate": "admin.h_rate"}))
    click.echo(_t("cli.results_line", status=uc.result_status(store, cycle_id, _lang()),
                  n=len(uc.hasil_kerja_missing(store, cycle_id)),
                  org=uc.org_predikat(store, cycle_id) or _t("closing.org_not_set")))


@main.command(help=Msg("cli.cmd.demo"))
@option("--employees", default=120, show_default=True, help=Msg("cli.opt.demo.employees"))
@option("--seed", default=1, show_default=True, help=Msg("cli.opt.demo.seed"))
@option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.demo.links"))
@option("--base-url", default=None, help=Msg("cli.opt.demo.base-url"))
@option("--force", is_flag=True, help=Msg("cli.opt.demo.force"))
@click.pass_context
def demo(ctx, employees, seed, links_path, base_url, force):
    from .demo import build_demo

    url = ctx.obj["db"]
    if "://" not in url or url.startswith("sqlite:///"):
        path = Path(url.replace("sqlite:///", ""))
        if path.exists():
            if not force:
                raise click.ClickException(_t("cli.demo_exists", path=path))
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
        _write_links(result.links, links_path, base_url)
        click.echo(_t("cli.demo_links", path=links_path))


@main.command(help=Msg("cli.cmd.serve"))
@option("--rater-port", default=8866, show_default=True, help=Msg("cli.opt.serve.rater-port"))
@option("--admin-port", default=8867, show_default=True, help=Msg("cli.opt.serve.admin-port"))
@option("--results-port", default=8868, show_default=True,
              help=Msg("cli.opt.serve.results-port"))
@option("--calibration-port", default=8869, show_default=True,
              help=Msg("cli.opt.serve.calibration-port"))
@option("--host", "rater_host", default="127.0.0.1", show_default=True,
              help=Msg("cli.opt.serve.host"))
@option("--public-url", default=None, help=Msg("cli.opt.serve.public-url"))
@option("--pool-size", default=2, show_default=True, help=Msg("cli.opt.serve.pool-size"))
@option("--admin-secret", envvar="KINERJA_SURVEY_ADMIN_SECRET", default=None,
              help=Msg("cli.opt.serve.admin-secret"))
@option("--demo-links", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.serve.demo-links"))
@option("--log-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.serve.log-dir"))
@option("--max-kernels", default=40, show_default=True, help=Msg("cli.opt.serve.max-kernels"))
@option("--max-kernels-per-client", default=10, show_default=True,
              help=Msg("cli.opt.serve.max-kernels-per-client"))
@option("--behind-proxy", is_flag=True, help=Msg("cli.opt.serve.behind-proxy"))
@option("--route", default="", help=Msg("cli.opt.serve.route"))
@option("--no-fork-kernels", "no_fork", is_flag=True, help=Msg("cli.opt.serve.no-fork-kernels"))
@click.pass_context
def serve(ctx, rater_port, admin_port, results_port, calibration_port, rater_host, public_url, pool_size, admin_secret,
          demo_links, log_dir, max_kernels, max_kernels_per_client, behind_proxy, route, no_fork):
    import signal
    import tempfile
    import time

    from .apps.serve import ServeError, start_app, start_apps, write_private_file

    def _interrupt(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # Ctrl-C, systemd stop, terminal closed
        signal.signal(sig, _interrupt)
    _store(ctx).dispose()  # the database must exist
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="kinerja-survey-logs-"))
    click.echo(_t("cli.serve_starting", path=log_dir))
    try:
        rater, admin = start_apps(ctx.obj["db"], rater_port=rater_port, admin_port=admin_port, rater_host=rater_host,
                                  public_url=public_url, preheat=pool_size > 0, pool_size=pool_size,
                                  admin_secret=admin_secret, log_dir=log_dir, max_kernels=max_kernels,
                                  max_kernels_per_client=max_kernels_per_client, behind_proxy=behind_proxy,
                                  route=route, fork_kernels=not no_fork)
    except ServeError as exc:
        raise _error(exc) from None
    servers = [rater, admin]
    if results_port:
        try:
            servers.append(start_app("results", ctx.obj["db"], port=results_port, secret=admin.secret,
                                     pool_size=1 if pool_size > 0 else 0, preheat=pool_size > 0,
                                     log_path=log_dir / "results.log"))
        except ServeError as exc:
            rater.stop()
            admin.stop()
            raise _error(exc) from None
    if calibration_port:
        try:
            servers.append(start_app("calibration", ctx.obj["db"], port=calibration_port, secret=admin.secret,
                                     pool_size=0, preheat=False, log_path=log_dir / "calibration.log"))
        except ServeError as exc:
            for server in servers:
                server.stop()
            raise _error(exc) from None
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


@main.command(help=Msg("cli.cmd.report"))
@click.argument("cycle_id", type=int)
@option("--nip", default=None, help=Msg("cli.opt.report.nip"))
@option("--unit", default=None, help=Msg("cli.opt.report.unit"))
@option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.report.out"))
@option("--format", "fmt", type=click.Choice(["pdf", "html", "both"]), default="pdf", show_default=True)
@option("--sementara", is_flag=True,
              help=Msg("cli.opt.report.sementara"))
@click.pass_context
def report(ctx, cycle_id, nip, unit, out_dir, fmt, sementara):
    if (nip is None) == (unit is None):
        raise click.UsageError(_t("cli.nip_or_unit"))
    store = _store(ctx)
    try:
        results = uc.load_results(store, cycle_id, sementara=sementara)
        done = uc.write_reports(results, out_dir, [nip] if nip else None, unit=unit, format=fmt,
                                progress=True if unit else None, lang=_lang())
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    click.echo(_t("cli.reports_written", n=len(done), path=out_dir) + _provisional(results))


@main.command(help=Msg("cli.cmd.fairness"))
@click.argument("cycle_id", type=int)
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.fairness.out"))
@option("--meeting", is_flag=True, help=Msg("cli.opt.fairness.meeting"))
@option("--sementara", is_flag=True,
              help=Msg("cli.opt.fairness.sementara"))
@click.pass_context
def fairness(ctx, cycle_id, out_path, meeting, sementara):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    try:
        results = uc.load_results(store, cycle_id, sementara=sementara)
        tables = uc.fairness_tables(results)
        uc.write_tables_to(results, tables, out_path, meeting_mode=meeting, nips=_store_nips(store), lang=_lang())
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    click.echo(_t("cli.fairness_written", n=len(tables), path=out_path) + (_t("cli.meeting") if meeting else ".")
               + _provisional(results))


@main.command(help=Msg("cli.cmd.analyze"))
@click.argument("cycle_id", type=int)
@option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.analyze.out"))
@option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@option("--meeting", is_flag=True, help=Msg("cli.opt.analyze.meeting"))
@option("--sementara", is_flag=True,
              help=Msg("cli.opt.analyze.sementara"))
@click.pass_context
def analyze(ctx, cycle_id, out_dir, fmt, meeting, sementara):
    store = _store(ctx)
    try:
        results = uc.load_results(store, cycle_id, sementara=sementara)
        tables = uc.analysis_tables(results, org_predikat=uc.org_predikat(store, cycle_id), lang=_lang())
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
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

def _fail(exc) -> click.ClickException:
    return _error(exc)


@main.command(help=Msg("cli.cmd.deadline"))
@click.argument("cycle_id", type=int)
@option("--sampai", default=None, metavar="TANGGAL",
              help=Msg("cli.opt.deadline.sampai"))
@option("--alasan", default=None, help=Msg("cli.opt.deadline.alasan"))
@click.pass_context
def deadline(ctx, cycle_id, sampai, alasan):
    store = _store(ctx)
    try:
        if sampai:
            uc.extend_deadline(store, cycle_id, sampai, reason=alasan or "", actor=_actor(ctx))
            click.echo(_t("cli.deadline_extended", id=cycle_id))
        click.echo(uc.deadline_info(store, cycle_id, lang=_lang())["line"])
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None


@main.command(help=Msg("cli.cmd.reopen"))
@click.argument("cycle_id", type=int)
@option("--alasan", required=True, help=Msg("cli.opt.reopen.alasan"))
@option("--sampai", default=None, metavar="TANGGAL", help=Msg("cli.opt.reopen.sampai"))
@click.pass_context
def reopen(ctx, cycle_id, alasan, sampai):
    store = _store(ctx)
    try:
        uc.reopen_cycle(store, cycle_id, reason=alasan, actor=_actor(ctx), deadline=sampai)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo(_t("cli.reopened", id=cycle_id) + " " + uc.deadline_info(store, cycle_id, lang=_lang())["line"])


_RELS = click.Choice(["peer", "subordinate", "supervisor", "self"])


@main.command("add-rater", help=Msg("cli.cmd.add-rater"))
@click.argument("cycle_id", type=int)
@click.argument("rater")
@click.argument("ratee")
@option("--hubungan", type=_RELS, default="peer", show_default=True,
              help=Msg("cli.opt.add-rater.hubungan"))
@option("--alasan", required=True, help=Msg("cli.opt.add-rater.alasan"))
@option("--max-peers", default=5, show_default=True, help=Msg("cli.opt.add-rater.max-peers"))
@option("--max-load", default=12, show_default=True, help=Msg("cli.opt.add-rater.max-load"))
@option("--base-url", default=None, help=Msg("cli.opt.add-rater.base-url"))
@click.pass_context
def add_rater(ctx, cycle_id, rater, ratee, hubungan, alasan, max_peers, max_load, base_url):
    store = _store(ctx)
    try:
        done = uc.add_rater(store, cycle_id, rater, ratee, hubungan, reason=alasan, actor=_actor(ctx),
                            max_peers=max_peers, max_load=max_load, base_url=base_url)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo(_text(done["text"]))
    click.echo(_t("cli.new_link", link=done["tautan"]) if done["tautan"] else _t("cli.link_has_form"))


@main.command("replace-rater", help=Msg("cli.cmd.replace-rater"))
@click.argument("cycle_id", type=int)
@click.argument("ratee")
@click.argument("old_rater")
@click.argument("new_rater")
@option("--pertahankan-jawaban/--hapus-jawaban", "keep", default=True, show_default=True,
              help=Msg("cli.opt.replace-rater.pertahankan-jawaban"))
@option("--alasan", required=True, help=Msg("cli.opt.replace-rater.alasan"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.replace-rater.ya"))
@option("--base-url", default=None, help=Msg("cli.opt.replace-rater.base-url"))
@click.pass_context
def replace_rater(ctx, cycle_id, ratee, old_rater, new_rater, keep, alasan, yes, base_url):
    store = _store(ctx)
    try:
        _confirm(yes, uc.describe_change(store, cycle_id, "replace", rater=old_rater, ratee=ratee,
                                         new_rater=new_rater, keep_answers=keep))
        done = uc.replace_rater(store, cycle_id, ratee, old_rater, new_rater, keep_answers=keep, reason=alasan,
                                actor=_actor(ctx), confirm=True, base_url=base_url)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo(_t("cli.replaced_kept") if done["kept"] else _t("cli.replaced_deleted", n=done["answers"]))
    if done["tautan"]:
        click.echo(_t("cli.new_link_replacement", link=done["tautan"]))


@main.command("remove-rater", help=Msg("cli.cmd.remove-rater"))
@click.argument("cycle_id", type=int)
@click.argument("rater")
@click.argument("ratee")
@option("--alasan", required=True, help=Msg("cli.opt.remove-rater.alasan"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.remove-rater.ya"))
@click.pass_context
def remove_rater(ctx, cycle_id, rater, ratee, alasan, yes):
    store = _store(ctx)
    try:
        _confirm(yes, uc.describe_change(store, cycle_id, "remove", rater=rater, ratee=ratee))
        done = uc.remove_rater(store, cycle_id, rater, ratee, reason=alasan, actor=_actor(ctx), confirm=True)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo(_t("cli.removed", n=done["answers"]))


@main.command("revoke-link", help=Msg("cli.cmd.revoke-link"))
@click.argument("cycle_id", type=int)
@click.argument("nip")
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.revoke-link.ya"))
@click.pass_context
def revoke_link(ctx, cycle_id, nip, yes):
    store = _store(ctx)
    try:
        _confirm(yes, uc.describe_change(store, cycle_id, "revoke", rater=nip))
        uc.revoke_link(store, cycle_id, nip, actor=_actor(ctx), confirm=True)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo(_t("cli.revoked"))


@main.command(help=Msg("cli.cmd.review"))
@click.argument("cycle_id", type=int)
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.review.out"))
@option("--semua", is_flag=True, help=Msg("cli.opt.review.semua"))
@click.pass_context
def review(ctx, cycle_id, out_path, semua):
    store = _store(ctx)
    try:
        table = uc.review_table(store, cycle_id)
        locked = uc.review_locked(store, cycle_id)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    warned = table[table["peringatan"] != ""]
    click.echo(_t("cli.review_counts", n=len(table), warned=len(warned)))
    if locked:
        click.echo(_t("cli.review_locked"))
    shown = table if semua else warned
    if len(shown):
        click.echo(_table(shown, {c: f"admin.h_{c}" for c in ("nip", "nama", "atasan", "rekan", "bawahan", "peringatan")}
                          | ({"penilai": "admin.h_penilai"} if semua else {})))
    if out_path:
        table.to_csv(out_path, index=False)
        click.echo(_t("cli.table_written", path=out_path))


@main.command(help=Msg("cli.cmd.remind"))
@click.argument("cycle_id", type=int)
@option("--saluran", type=click.Choice(["email", "whatsapp"]), default="email", show_default=True,
              help=Msg("cli.opt.remind.saluran"))
@option("--setiap", "every", default=3.0, show_default=True, help=Msg("cli.opt.remind.setiap"))
@option("--maks", "max_reminders", default=3, show_default=True, help=Msg("cli.opt.remind.maks"))
@option("--tanpa-undangan", is_flag=True, help=Msg("cli.opt.remind.tanpa-undangan"))
@option("--dry-run", is_flag=True, help=Msg("cli.opt.remind.dry-run"))
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=Msg("cli.opt.remind.out"))
@option("--smtp-host", default=None, help=Msg("cli.opt.remind.smtp-host"))
@option("--smtp-port", default=None, type=int, help=Msg("cli.opt.remind.smtp-port"))
@option("--starttls/--tanpa-starttls", default=None, help=Msg("cli.opt.remind.starttls"))
@option("--from", "sender", default=None, help=Msg("cli.opt.remind.from"))
@option("--base-url", default=None, help=Msg("cli.opt.remind.base-url"))
@click.pass_context
def remind(ctx, cycle_id, saluran, every, max_reminders, tanpa_undangan, dry_run, out_path, smtp_host, smtp_port,
           starttls, sender, base_url):
    store = _store(ctx)
    policy = uc.ReminderPolicy(every_days=every, max_reminders=max_reminders, invitation=not tanpa_undangan)
    try:
        if saluran == "email":
            smtp = None if dry_run else uc.SmtpConfig.from_env(host=smtp_host, port=smtp_port, starttls=starttls,
                                                               sender=sender)
            result = uc.send_email(store, cycle_id, actor=_actor(ctx), smtp=smtp, policy=policy, dry_run=dry_run,
                                   base_url=base_url)
        else:
            result = uc.whatsapp_messages(store, cycle_id, actor=_actor(ctx), policy=policy, dry_run=dry_run,
                                          base_url=base_url)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    if result.empty:
        click.echo(_t("cli.nothing_due"))
        return
    result = result.assign(jenis=result["kind"].map(lambda k: _t(f"kind_{k}")))
    cols = {"nama": "admin.h_nama", "address": "admin.h_address" if saluran == "email" else "admin.h_no_hp",
            "jenis": "admin.h_kind"}
    cols.update({"hasil": "admin.h_hasil"} if saluran == "email" else {"catatan": "admin.h_catatan"})
    click.echo(_table(result, cols))
    if dry_run:
        click.echo(_t("cli.remind_preview", n=int((result["catatan"] == "").sum())))
        first = result[result["text"] != ""]
        if len(first):
            click.echo("\n" + _t("cli.sample_message") + "\n" + first["text"].iloc[0])
    elif saluran == "email":
        outcome = [getattr(h, "key", "") for h in result["hasil"]]
        click.echo(_t("cli.remind_sent", sent=outcome.count("cycle.res_sent"), failed=outcome.count("cycle.res_failed")))
    if out_path is not None:
        cols = ["nip", "nama", "address", "jenis", "catatan"] + (["wa_url"] if saluran == "whatsapp" else ["hasil"])
        out = result[cols].rename(columns={"address": "alamat" if saluran == "email" else "no_hp"})
        out.apply(lambda col: col.map(lambda v: _text(v) if isinstance(v, Localized) else v)).to_csv(out_path, index=False)
        click.echo(_t("cli.list_written", path=out_path))


# --- closing a cycle: hasil kerja, organisation predikat, calibration, publication, keberatan ------

def _abort(exc) -> None:
    raise _error(exc) from None


@main.command("import-hasil-kerja", help=Msg("cli.cmd.import-hasil-kerja"))
@click.argument("cycle_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--sheet", default=0, help=Msg("cli.opt.import-hasil-kerja.sheet"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.import-hasil-kerja.ya"))
@click.pass_context
def import_hasil_kerja(ctx, cycle_id, path, sheet, yes):
    from .collect.hasil_kerja import HasilKerjaError

    store = _store(ctx)
    try:
        plan = uc.import_hasil_kerja(store, cycle_id, path, actor=_actor(ctx), sheet=sheet, confirm=yes)
    except HasilKerjaError as exc:
        click.echo(_text(exc), err=True)
        sys.exit(1)
    except (StoreError, ValueError) as exc:
        _abort(exc)
    if not plan.written:
        changed = plan.changed
        click.echo(_t("cli.hk_will_change", n=len(changed)))
        click.echo(_table(changed, {c: f"closing.h_{c}" for c in ("baris", "nip", "nama", "lama", "baru")}))
        if not click.confirm(_t("cli.save_changes"), default=False):
            click.echo(_t("cli.nothing_saved"))
            sys.exit(1)
        plan = uc.import_hasil_kerja(store, cycle_id, path, actor=_actor(ctx), sheet=sheet, confirm=True)
    counts = plan.changes["perubahan"].value_counts()
    click.echo(_t("cli.hk_saved", new=int(counts.get("baru", 0)), changed=int(counts.get("berubah", 0)),
                  same=int(counts.get("tetap", 0)), missing=plan.missing))


@main.command("org-predikat", help=Msg("cli.cmd.org-predikat"))
@click.argument("cycle_id", type=int)
@click.argument("predikat", required=False)
@option("--unit", default="", help=Msg("cli.opt.org-predikat.unit"))
@click.pass_context
def org_predikat_cmd(ctx, cycle_id, predikat, unit):
    store = _store(ctx)
    try:
        if predikat:
            label = uc.set_org_predikat(store, cycle_id, predikat, unit=unit, actor=_actor(ctx))
            click.echo(_t("cli.org_set_unit" if unit else "cli.org_set", id=cycle_id, unit=unit, label=label))
            return
        table = store.org_predikat_frame(cycle_id)
    except (StoreError, ValueError) as exc:
        _abort(exc)
    if table.empty:
        click.echo(_t("cli.org_not_set"))
    else:
        click.echo(_table(table.assign(unit=table["unit"].replace("", _t("dash.org"))),
                          ("unit", "predikat", "actor", "at")))


@main.command(help=Msg("cli.cmd.outbox"))
@click.argument("cycle_id", type=int)
@click.pass_context
def outbox(ctx, cycle_id):
    store = _store(ctx)
    table = uc.outbox_table(store, cycle_id)
    if table.empty:
        click.echo(_t("cli.no_messages"))
        return
    click.echo(_table(table, {c: f"admin.h_{c}" for c in ("nama", "channel", "kind", "address", "status", "created_at",
                                                          "sent_at", "actor")}))


@main.command(help=Msg("cli.cmd.calibrate"))
@click.argument("cycle_id", type=int)
@option("--nip", default=None, help=Msg("cli.opt.calibrate.nip"))
@option("--predikat", default=None, help=Msg("cli.opt.calibrate.predikat"))
@option("--alasan", default=None, help=Msg("cli.opt.calibrate.alasan"))
@option("--unit", default=None, help=Msg("cli.opt.calibrate.unit"))
@option("--nama/--rapat", "names", default=False, help=Msg("cli.opt.calibrate.nama"))
@click.pass_context
def calibrate(ctx, cycle_id, nip, predikat, alasan, unit, names):
    store = _store(ctx)
    try:
        state = uc.CalibrationState(store, cycle_id, actor=_actor(ctx), meeting_mode=not names, unit=unit)
        if nip or predikat or alasan:
            if not (nip and predikat and alasan):
                raise click.UsageError(_t("cli.calibrate_needs"))
            state.change(nip, predikat, alasan)
            click.echo(_t("cli.predikat_decided", nip=nip, label=state.results.scores.at[nip, "predikat"]))
    except (StoreError, ValueError) as exc:
        _abort(exc)
    org_note = "" if state.org_recorded else _t("cli.org_default")
    click.echo(_t("cli.calibrate_head", org=state.org, note=org_note, status=uc.result_status(store, cycle_id, _lang())))
    click.echo("\n" + _t("cli.kuadran"))
    click.echo(state.grid().to_string())
    click.echo("\n" + _t("cli.distribution"))
    click.echo(_table(state.distribution(), {"predikat": "cal.c_predikat", "usulan": "cal.c_usulan",
                                             "ditetapkan": "cal.c_ditetapkan"}))
    bad = state.violations()
    click.echo("\n" + _t("cli.curve_ok") if bad.empty else
               "\n" + _t("cli.curve_bad") + "\n" + "\n".join(f"  - {_text(m)}" for m in bad["message"]))
    with pd.option_context("display.width", 200, "display.max_colwidth", 50):
        click.echo("\n" + _t("cli.supervisors"))
        click.echo(_table(state.supervisors()[["atasan", "severity", "z", "reading"]].round(3),
                          {"atasan": "cli.col.atasan", "severity": "col.severity", "z": "col.z",
                           "reading": "col.reading"}))
        ch = state.changes()
        if len(ch):
            click.echo("\n" + _t("cli.changes"))
            click.echo(_table(ch, {"pegawai": "cal.c_pegawai", "usulan": "cal.c_usulan", "ditetapkan": "cal.c_ditetapkan",
                                   "alasan": "cal.c_alasan", "oleh": "cal.c_oleh", "waktu": "cal.c_waktu"}))


@main.command(help=Msg("cli.cmd.publish"))
@click.argument("cycle_id", type=int)
@option("--keberatan-hari", default=14, show_default=True, help=Msg("cli.opt.publish.keberatan-hari"))
@option("--keputusan-hari", default=7, show_default=True, help=Msg("cli.opt.publish.keputusan-hari"))
@option("--catatan", default="", help=Msg("cli.opt.publish.catatan"))
@option("--ya", "yes", is_flag=True, help=Msg("cli.opt.publish.ya"))
@click.pass_context
def publish(ctx, cycle_id, keberatan_hari, keputusan_hari, catatan, yes):
    store = _store(ctx)
    if not yes and not click.confirm(_t("cli.publish_confirm", id=cycle_id), default=False):
        click.echo(_t("cli.not_published"))
        sys.exit(1)
    try:
        version = uc.publish(store, cycle_id, actor=_actor(ctx), keberatan_days=keberatan_hari,
                             decision_days=keputusan_hari, note=catatan)
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(_t("cli.published", id=cycle_id, version=version,
                  deadline=f"{uc.keberatan_deadline(store, cycle_id):%d-%m-%Y}"))


@main.command("berita-acara", help=Msg("cli.cmd.berita-acara"))
@click.argument("cycle_id", type=int)
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.berita-acara.out"))
@option("--peserta", multiple=True, help=Msg("cli.opt.berita-acara.peserta"))
@option("--tempat", default="", help=Msg("cli.opt.berita-acara.tempat"))
@click.pass_context
def berita_acara(ctx, cycle_id, out_path, peserta, tempat):
    from .cycle.calibration import berita_acara_data
    from .present.berita_acara import write_berita_acara

    if out_path.suffix.lower() not in (".pdf", ".xlsx"):
        raise click.UsageError(_t("cli.out_pdf_xlsx"))
    store = _store(ctx)
    try:
        data = berita_acara_data(store, cycle_id, peserta=list(peserta), tempat=tempat, actor=_actor(ctx))
        write_berita_acara(data, out_path, _lang())
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(_t("cli.ba_written", path=out_path, n=len(data.changes)))


@main.command(help=Msg("cli.cmd.keberatan"))
@click.argument("cycle_id", type=int)
@click.argument("nip")
@option("--alasan", required=True, help=Msg("cli.opt.keberatan.alasan"))
@option("--tanggal", default=None, help=Msg("cli.opt.keberatan.tanggal"))
@click.pass_context
def keberatan(ctx, cycle_id, nip, alasan, tanggal):
    from .collect.nip import normalise_nip

    try:
        kid = uc.file_keberatan(_store(ctx), cycle_id, normalise_nip(nip), alasan,
                                actor=t("cli.for_employee", DEFAULT_LANG, actor=_actor(ctx)), today=tanggal)  # the record
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(_t("cli.keberatan_filed", id=kid))


@main.command("keberatan-tanggapan", help=Msg("cli.cmd.keberatan-tanggapan"))
@click.argument("keberatan_id", type=int)
@option("--tanggapan", required=True, help=Msg("cli.opt.keberatan-tanggapan.tanggapan"))
@click.pass_context
def keberatan_tanggapan(ctx, keberatan_id, tanggapan):
    try:
        uc.explain_keberatan(_store(ctx), keberatan_id, tanggapan,
                             actor=t("closing.for_penilai", DEFAULT_LANG, actor=_actor(ctx)))  # the record
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(_t("closing.explained", id=keberatan_id))


@main.command("keberatan-putusan", help=Msg("cli.cmd.keberatan-putusan"))
@click.argument("keberatan_id", type=int)
@option("--keputusan", type=click.Choice(["tetap", "ubah"]), required=True,
              help=Msg("cli.opt.keberatan-putusan.keputusan"))
@option("--predikat", default=None, help=Msg("cli.opt.keberatan-putusan.predikat"))
@option("--alasan", required=True, help=Msg("cli.opt.keberatan-putusan.alasan"))
@click.pass_context
def keberatan_putusan(ctx, keberatan_id, keputusan, predikat, alasan):
    try:
        version = uc.decide_keberatan(_store(ctx), keberatan_id, keputusan, alasan, predikat=predikat,
                                      actor=t("closing.for_atasan", DEFAULT_LANG, actor=_actor(ctx)))  # the record
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(_t("closing.decided", id=keberatan_id, version=version))


@main.command("keberatan-status", help=Msg("cli.cmd.keberatan-status"))
@click.argument("cycle_id", type=int)
@click.pass_context
def keberatan_status_cmd(ctx, cycle_id):
    table = uc.keberatan_status(_store(ctx), cycle_id)
    if table.empty:
        click.echo(_t("closing.no_keberatan"))
        return
    with pd.option_context("display.width", 220, "display.max_colwidth", 40):
        click.echo(_table(table, {c: f"closing.h_{c}" for c in table.columns if f"closing.h_{c}" in _STRINGS_ID}))


@main.command("tren", help=Msg("cli.cmd.tren"))
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.tren.out"))
@option("--periode", "cycle_ids", type=int, multiple=True,
              help=Msg("cli.opt.tren.periode"))
@option("--jenis", type=click.Choice(["semesteran", "tahunan", "triwulanan", "bulanan", "lainnya"]),
              default=None, help=Msg("cli.opt.tren.jenis"))
@option("--z", default=1.96, show_default=True, help=Msg("cli.opt.tren.z"))
@option("--min-unit", default=5, show_default=True, help=Msg("cli.opt.tren.min-unit"))
@option("--meeting", is_flag=True, help=Msg("cli.opt.tren.meeting"))
@click.pass_context
def tren(ctx, out_path, cycle_ids, jenis, z, min_unit, meeting):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    try:
        path = uc.export_trends(store, out_path, meeting_mode=meeting, cycle_ids=cycle_ids or None, kind=jenis,
                                z=z, min_unit_size=min_unit)
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    click.echo(_t("cli.trends_written", path=path) + (_t("cli.meeting") if meeting else "."))


@main.command("talenta", help=Msg("cli.cmd.talenta"))
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.talenta.out"))
@option("--berturut", "n_periods", default=2, show_default=True,
              help=Msg("cli.opt.talenta.berturut"))
@option("--periode", "cycle_ids", type=int, multiple=True, help=Msg("cli.opt.talenta.periode"))
@option("--jenis", type=click.Choice(["semesteran", "tahunan", "triwulanan", "bulanan", "lainnya"]), default=None)
@option("--min-unit", default=5, show_default=True, help=Msg("cli.opt.talenta.min-unit"))
@option("--meeting", is_flag=True, help=Msg("cli.opt.talenta.meeting"))
@click.pass_context
def talenta(ctx, out_path, n_periods, cycle_ids, jenis, min_unit, meeting):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    try:
        path = uc.export_talent_pool(store, out_path, meeting_mode=meeting, n_periods=n_periods,
                                     cycle_ids=cycle_ids or None, kind=jenis, min_unit_size=min_unit)
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    click.echo(_t("cli.talent_written", path=path) + (_t("cli.meeting") if meeting else "."))


@main.command("pemangku-kepentingan", help=Msg("cli.cmd.pemangku-kepentingan"))
@click.argument("cycle_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.pemangku-kepentingan.links"))
@option("--base-url", default=None, help=Msg("cli.opt.pemangku-kepentingan.base-url"))
@click.pass_context
def stakeholders(ctx, cycle_id, path, links_path, base_url):
    if links_path.exists():
        raise click.ClickException(_t("cli.links_exist", path=links_path))
    from .collect.roster import RosterError, read_table

    store = _store(ctx)
    try:
        table = read_table(path, check_header=None)
        links = uc.add_stakeholders(store, cycle_id, table, actor=_actor(ctx), base_url=base_url)
    except (StoreError, RosterError, ValueError) as exc:
        raise _error(exc) from None
    links_path.parent.mkdir(parents=True, exist_ok=True)
    links.to_csv(links_path, index=False)
    click.echo(_t("cli.stakeholders_added", n=len(links), path=links_path))


@main.command("dialog-links", help=Msg("cli.cmd.dialog-links"))
@click.argument("cycle_id", type=int)
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.dialog-links.out"))
@option("--base-url", default=None, help=Msg("cli.opt.dialog-links.base-url"))
@click.pass_context
def dialog_links(ctx, cycle_id, out_path, base_url):
    if out_path.exists():
        raise click.ClickException(_t("cli.links_exist", path=out_path))
    store = _store(ctx)
    try:
        links = uc.issue_dialog_links(store, cycle_id, actor=_actor(ctx), base_url=base_url)
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    out_path.parent.mkdir(parents=True, exist_ok=True)
    links.drop(columns=["token_atasan", "token_pegawai"]).to_csv(out_path, index=False)
    click.echo(_t("cli.dialogs_made", n=len(links), path=out_path) if len(links) else _t("cli.no_new_dialogs"))


@main.command("kebutuhan-pelatihan", help=Msg("cli.cmd.kebutuhan-pelatihan"))
@click.argument("cycle_id", type=int)
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=Msg("cli.opt.kebutuhan-pelatihan.out"))
@option("--meeting", is_flag=True, help=Msg("cli.opt.kebutuhan-pelatihan.meeting"))
@click.pass_context
def training_needs(ctx, cycle_id, out_path, meeting):
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("cli.out_xlsx"))
    store = _store(ctx)
    try:
        path = uc.export_training_needs(store, cycle_id, out_path, meeting_mode=meeting)
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    click.echo(_t("cli.training_written", path=path))


@main.command("impor-saran", help=Msg("cli.cmd.impor-saran"))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_suggestions(ctx, path):
    store = _store(ctx)
    try:
        table = uc.import_suggestions(store, path, actor=_actor(ctx))
    except (StoreError, ValueError) as exc:
        raise _error(exc) from None
    click.echo(_t("cli.suggestions_replaced", n=len(table), tips=sum(map(len, table.values()))))


@main.command("umpan-balik", help=Msg("cli.cmd.umpan-balik"))
@click.argument("cycle_id", type=int)
@option("--rekan", type=click.Choice(["ya", "tidak"]), default=None,
              help=Msg("cli.opt.umpan-balik.rekan"))
@click.pass_context
def umpan_balik(ctx, cycle_id, rekan):
    store = _store(ctx)
    if rekan is not None:
        uc.set_peer_feedback(store, rekan == "ya", actor=_actor(ctx))
        click.echo(_t("cli.peers_allowed" if rekan == "ya" else "cli.peers_stopped"))
    try:
        table = uc.feedback_summary(store, cycle_id)
    except StoreError as exc:
        raise _error(exc) from None
    if table.empty:
        click.echo(_t("cli.no_feedback"))
        return
    click.echo(_table(table, {"unit_kerja": "admin.h_unit_kerja", "value_code": "cli.col.value_code",
                              "atasan": "cli.col.by_supervisor", "rekan": "cli.col.by_peer", "pegawai": "admin.h_pegawai"}))


# -- national scale (issue 25): the anonymised national file and the pooled analysis ------------

@main.command("ekspor-anonim", help=Msg("cli.cmd.ekspor-anonim"))
@click.argument("cycle_id", type=int)
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
        help=Msg("cli.opt.ekspor-anonim.out"))
@option("--instansi", "agency", required=True, help=Msg("cli.opt.ekspor-anonim.instansi"))
@option("--predikat-organisasi", "org_predikat", default=None, help=Msg("cli.opt.ekspor-anonim.predikat-organisasi"))
@click.pass_context
def export_national(ctx, cycle_id, out_path, agency, org_predikat):
    from .cycle import national

    if out_path.suffix.lower() != ".parquet":
        raise click.UsageError(_t("national.cli.out_parquet"))
    store = _store(ctx)
    try:
        got = national.export_anonymous(store, cycle_id, out_path, agency=agency, org_predikat=org_predikat,
                                        progress=national.progress_bar("text"))
    except (StoreError, ValueError, national.NationalError) as exc:
        raise _error(exc) from None
    click.echo(_t("national.cli.exported", rows=got["rows"], ratees=got["ratees"], path=got["path"],
                 hidden=got["hidden_rows"]))


@main.command("analisis-gabungan", help=Msg("cli.cmd.analisis-gabungan"))
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
        help=Msg("cli.opt.analisis-gabungan.out"))
@option("--memori", "memory_limit", default="4GB", show_default=True, help=Msg("cli.opt.analisis-gabungan.memori"))
@option("--min-pegawai", "min_people", type=click.IntRange(min=1), default=5, show_default=True,
        help=Msg("cli.opt.analisis-gabungan.min-pegawai"))
@click.pass_context
def pooled_analysis(ctx, folder, out_path, memory_limit, min_people):
    from .cycle import national

    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError(_t("national.cli.out_xlsx"))
    try:
        tables = national.pooled_analysis(folder, min_people=min_people, memory_limit=memory_limit,
                                          progress=national.progress_bar("text"))
        path = national.write_pooled_workbook(tables, out_path)
    except (ValueError, national.NationalError) as exc:
        raise _error(exc) from None
    click.echo(_t("national.cli.pooled", path=path, **{k: v for k, v in national.pooled_summary(tables).items()
                                                      if k != "rows"}))
