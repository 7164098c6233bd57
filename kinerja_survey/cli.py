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
from .store import DEFAULT_DB_ENV, Store, StoreError, default_url


def _store(ctx, create: bool = False) -> Store:
    try:
        return Store(ctx.obj["db"], create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _actor(ctx) -> str:
    return ctx.obj["actor"]


def _write_links(links: pd.DataFrame, path: Path, base_url: str | None) -> None:
    out = uc.links_with_urls(links.drop(columns="tautan", errors="ignore"), base_url)
    if path.exists():
        raise click.ClickException(f"{path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).")
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False)


@click.group(help=__doc__)
@click.version_option(__version__)
@click.option("--db", envvar=DEFAULT_DB_ENV, default=None, metavar="PATH|URL",
              help="SQLite file or database URL (default: data/kinerja.sqlite).")
@click.option("--actor", envvar="KINERJA_SURVEY_ACTOR", default=None, metavar="NAMA",
              help="Person acting, for the audit log (default: the login name).")
@click.pass_context
def main(ctx, db, actor):
    try:
        who = actor or getpass.getuser()
    except (KeyError, OSError):
        who = ""
    if not who.strip():
        raise click.UsageError("Sebutkan siapa yang bertindak: --actor NAMA (atau KINERJA_SURVEY_ACTOR).")
    ctx.obj = {"db": db or default_url(), "actor": who.strip()[:100]}


@main.command()
@click.pass_context
def init(ctx):
    """Create the database (or migrate it to the current schema)."""
    store = _store(ctx, create=True)
    click.echo(f"Basis data siap: {store.url} (skema versi {store.schema_version()})")


@main.command("import-roster")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", default=0, help="Sheet name or index for XLSX files.")
@click.pass_context
def import_roster(ctx, path, sheet):
    """Import employees from a CSV or XLSX roster (NIP, nama, jabatan, jenis jabatan, golongan,
    unit kerja, atasan NIP, jenis kelamin).  Any bad row: every bad row is listed and nothing is
    written."""
    store = _store(ctx, create=True)
    try:
        counts = uc.import_roster(store, path, sheet=sheet, actor=_actor(ctx))
    except RosterError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"Roster diimpor: {counts['added']} baru, {counts['updated']} diperbarui, "
               f"{counts['deactivated']} dinonaktifkan, {counts['units']} unit.")


@main.command("create-cycle")
@click.argument("name")
@click.option("--start", default=None, help="Period start, YYYY-MM-DD (required unless --dari-periode).")
@click.option("--end", default=None, help="Period end, YYYY-MM-DD (required unless --dari-periode).")
@click.option("--instrument", "instrument_path", default="berakhlak",
              help="'berakhlak' (default) or a custom instrument file (.yaml/.csv).")
@click.option("--dari-periode", "previous_id", type=int, default=None, metavar="N",
              help="Make the cycle from cycle N: same instrument, assignments drawn again for the current "
                   "roster; dates default to the period after N of the same length (semester/year).")
@click.option("--seed", default=0, show_default=True, help="With --dari-periode: seed of the peer draw.")
@click.option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --dari-periode: CSV file for the new personal links (required then).")
@click.option("--base-url", default=None, help="With --dari-periode: address of the rater app for the links.")
@click.pass_context
def create_cycle(ctx, name, start, end, instrument_path, previous_id, seed, links_path, base_url):
    """Create a survey cycle (status draft) with its instrument, or from a previous cycle."""
    if previous_id is not None:
        store = _store(ctx)
        if links_path is None:
            raise click.UsageError("--dari-periode membuat penugasan dan tautan baru: sebutkan --links BERKAS.csv")
        if links_path.exists():
            raise click.ClickException(f"{links_path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).")
        try:
            made = uc.create_next_cycle(store, previous_id, name, start, end, actor=_actor(ctx), seed=seed,
                                        base_url=base_url)
        except (StoreError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None
        info = store.cycle(made.cycle_id)
        _write_links(made.assigned.links, links_path, base_url)
        click.echo(f"Periode {made.cycle_id} dibuat dari periode {previous_id}: {info['name']} "
                   f"({info['period_start']} s.d. {info['period_end']}, "
                   f"{uc.period_kind(info['period_start'], info['period_end'])}); "
                   + ", ".join(f"{k} {v}" for k, v in made.assigned.counts.items())
                   + f"; {len(made.assigned.links)} tautan ditulis ke {links_path}.")
        return
    if not start or not end:
        raise click.UsageError("--start dan --end wajib (kecuali dengan --dari-periode).")
    try:
        inst = load_instrument(instrument_path)
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from None
    store = _store(ctx)
    try:
        cid = uc.create_cycle(store, name, start, end, inst, actor=_actor(ctx))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Periode {cid} dibuat: {name} ({start} s.d. {end}), instrumen {inst.code}, {len(inst.items)} butir.")


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--peers", nargs=2, type=int, default=(3, 5), show_default=True, help="Min and max peers per ratee.")
@click.option("--max-subordinates", default=8, show_default=True, help="Cap on subordinates rating one superior.")
@click.option("--max-load", default=12, show_default=True, help="Cap on forms per rater.")
@click.option("--seed", default=0, show_default=True, help="Seed of the random peer draw (keep it for the record).")
@click.option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV file to write the new personal links to (written once; only hashes are stored).")
@click.option("--base-url", default=None,
              help="Address of the rater app, used to build the links (default: $KINERJA_SURVEY_RATER_URL, "
                   "else http://127.0.0.1:8866/).")
@click.pass_context
def assign(ctx, cycle_id, peers, max_subordinates, max_load, seed, links_path, base_url):
    """Generate rater assignments from the org chart and write the personal links."""
    store = _store(ctx)
    if links_path.exists():
        raise click.ClickException(f"{links_path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).")
    try:
        made = uc.assign(store, cycle_id, peers=tuple(peers), max_subordinates=max_subordinates,
                         max_load=max_load, seed=seed, actor=_actor(ctx), base_url=base_url)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    plan, links = made.plan, made.links
    if not links.empty:
        _write_links(links, links_path, base_url)
    counts = made.counts
    click.echo("Penugasan: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    click.echo(f"{len(links)} tautan baru ditulis ke {links_path}." if len(links) else "Tidak ada tautan baru.")
    if len(plan.shortfalls):
        click.echo(f"Perhatian: {len(plan.shortfalls)} pegawai mendapat rekan sejawat kurang dari {peers[0]}.")


@main.command("export-links")
@click.argument("cycle_id", type=int)
@click.argument("nips", nargs=-1, required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--base-url", default=None, help="Address of the rater app (default: $KINERJA_SURVEY_RATER_URL, "
              "else http://127.0.0.1:8866/).")
@click.pass_context
def export_links(ctx, cycle_id, nips, out_path, base_url):
    """Re-issue links for the given raters (lost or leaked links): the old link stops working."""
    store = _store(ctx)
    if out_path.exists():
        raise click.ClickException(f"{out_path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).")
    try:
        links = uc.reissue_links(store, cycle_id, nips, actor=_actor(ctx), base_url=base_url)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    _write_links(links, out_path, base_url)
    click.echo(f"{len(links)} tautan baru ditulis ke {out_path}.")


def _set_status(ctx, cycle_id: int, status: str, done: str) -> None:
    try:
        uc.set_status(_store(ctx), cycle_id, status, actor=_actor(ctx))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Periode {cycle_id} {done}.")


@main.command("open")
@click.argument("cycle_id", type=int)
@click.pass_context
def open_(ctx, cycle_id):
    """Open a cycle: rater links start working."""
    _set_status(ctx, cycle_id, "open", "dibuka")


@main.command()
@click.argument("cycle_id", type=int)
@click.pass_context
def close(ctx, cycle_id):
    """Close a cycle: no more answers are accepted (final)."""
    _set_status(ctx, cycle_id, "closed", "ditutup")


@main.command()
@click.argument("cycle_id", type=int, required=False)
@click.option("--by", type=click.Choice(["unit", "ratee"]), default="unit", show_default=True)
@click.pass_context
def status(ctx, cycle_id, by):
    """Cycles, or one cycle's response rates per unit (or per ratee)."""
    store = _store(ctx)
    if cycle_id is None:
        cyc = store.cycles_frame()
        click.echo("Belum ada periode." if cyc.empty else cyc[["id", "name", "period_start", "period_end", "status"]].to_string(index=False))
        return
    try:
        info = store.cycle(cycle_id)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    rates = store.response_rates(cycle_id, by=by)
    total_inv, total_sub = int(rates["invited"].sum()), int(rates["submitted"].sum())
    click.echo(f"Periode {cycle_id}: {info['name']} [{info['status']}] — {total_sub}/{total_inv} formulir terkirim "
               f"({(total_sub / total_inv if total_inv else 0):.0%})")
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        click.echo(rates[[c for c in rates.columns if c in ("unit_kerja", "nama", "invited", "submitted", "rate")]].to_string(index=False))


@main.command()
@click.option("--employees", default=120, show_default=True, help="Size of the demo organisation.")
@click.option("--seed", default=1, show_default=True)
@click.option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write all demo links to this CSV.")
@click.option("--base-url", default=None, help="Address of the rater app (default: $KINERJA_SURVEY_RATER_URL, "
              "else http://127.0.0.1:8866/).")
@click.option("--force", is_flag=True, help="Replace an existing demo database.")
@click.pass_context
def demo(ctx, employees, seed, links_path, base_url, force):
    """Build the demo organisation: roster, an open cycle, simulated answers (some raters pending)."""
    from .demo import build_demo

    url = ctx.obj["db"]
    if "://" not in url or url.startswith("sqlite:///"):
        path = Path(url.replace("sqlite:///", ""))
        if path.exists():
            if not force:
                raise click.ClickException(f"{path} sudah ada; pakai --force untuk membuat ulang demo.")
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    store = _store(ctx, create=True)
    result = build_demo(store, n_employees=employees, seed=seed)
    rates = store.response_rates(result.cycle_id)
    click.echo(f"Demo siap di {store.url}: {employees} pegawai, periode {result.cycle_id}, "
               f"{int(rates['submitted'].sum())}/{int(rates['invited'].sum())} formulir terkirim.")
    if links_path:
        if links_path.exists():
            links_path.unlink()
        _write_links(result.links, links_path, base_url)
        click.echo(f"Semua tautan demo: {links_path}")


@main.command()
@click.option("--rater-port", default=8866, show_default=True, help="Port of the rater app.")
@click.option("--admin-port", default=8867, show_default=True, help="Port of the admin app (always on 127.0.0.1).")
@click.option("--results-port", default=8868, show_default=True,
              help="Port of the results dashboard (127.0.0.1, same secret as the admin app; 0: not served).")
@click.option("--host", "rater_host", default="127.0.0.1", show_default=True,
              help="Interface of the rater app.  Keep 127.0.0.1 behind a reverse proxy (docs/deployment.md).")
@click.option("--public-url", default=None, help="Address raters use, e.g. https://penilaian.instansi.go.id/ "
              "(links written by the admin app start with it).")
@click.option("--pool-size", default=2, show_default=True, help="Preheated kernels kept ready for the rater app (0: none).")
@click.option("--admin-secret", envvar="KINERJA_SURVEY_ADMIN_SECRET", default=None,
              help="Secret the admin URL must carry (default: a new random one at every start).")
@click.option("--demo-links", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV from 'demo --links': print one pending, one draft and one submitted rater's link.")
@click.option("--log-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory for the two servers' logs (default: a new temporary directory).")
@click.pass_context
def serve(ctx, rater_port, admin_port, results_port, rater_host, public_url, pool_size, admin_secret, demo_links, log_dir):
    """Serve the rater app, the admin app and the results dashboard with Voila until Ctrl-C."""
    import signal
    import tempfile
    import time

    from .apps.serve import ServeError, start_app, start_apps

    def _interrupt(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # Ctrl-C, systemd stop, terminal closed
        signal.signal(sig, _interrupt)
    _store(ctx).dispose()  # the database must exist
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="kinerja-survey-logs-"))
    click.echo(f"Menjalankan aplikasi penilai dan admin (Voila); log di {log_dir}/ ...")
    try:
        rater, admin = start_apps(ctx.obj["db"], rater_port=rater_port, admin_port=admin_port, rater_host=rater_host,
                                  public_url=public_url, preheat=pool_size > 0, pool_size=pool_size,
                                  admin_secret=admin_secret, log_dir=log_dir)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None
    servers = [rater, admin]
    if results_port:
        try:
            servers.append(start_app("results", ctx.obj["db"], port=results_port, secret=admin.secret,
                                     pool_size=1 if pool_size > 0 else 0, preheat=pool_size > 0,
                                     log_path=log_dir / "results.log"))
        except ServeError as exc:
            rater.stop()
            admin.stop()
            raise click.ClickException(str(exc)) from None
    base = (public_url or rater.base_url).rstrip("/") + "/"
    try:
        click.echo(f"Aplikasi penilai : {base}?token=<token pribadi>")
        click.echo(f"Aplikasi admin   : {admin.url}   (hanya dari komputer ini)")
        if results_port:
            click.echo(f"Dasbor hasil     : {servers[2].url}   (hanya dari komputer ini)")
        if demo_links:
            links = pd.read_csv(demo_links, dtype=str)
            click.echo("Contoh tautan penilai (demo):")
            for status, label in (("pending", "belum mengisi"), ("draft", "draf"), ("submitted", "sudah terkirim")):
                rows = links[links.get("status", pd.Series(dtype=str)) == status]
                if len(rows):
                    r = rows.iloc[0]
                    click.echo(f"  {label:<15}: {base}?token={r['token']}   ({r['nama']})")
        click.echo("Tambahkan &lang=en untuk bahasa Inggris.  Tekan Ctrl-C untuk berhenti.")
        while all(server.process.poll() is None for server in servers):
            time.sleep(0.5)
        click.echo("Salah satu server berhenti sendiri; menghentikan yang lain.", err=True)
    except KeyboardInterrupt:
        click.echo("\nMenghentikan server...")
    finally:
        for server in servers:
            server.stop()


# --- presenting results: individual reports, fairness workbook, analysis tables -------------------

def _store_nips(store) -> list[str]:
    return store.employees_frame(active_only=False)["nip"].astype(str).tolist()


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--nip", default=None, help="NIP of one ratee.")
@click.option("--unit", default=None, help="Unit kerja path: every rated employee of the unit and of the units under it.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the reports (umpan-balik-<NIP>.pdf/.html).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "both"]), default="pdf", show_default=True)
@click.pass_context
def report(ctx, cycle_id, nip, unit, out_dir, fmt):
    """Individual 360-degree feedback reports, for one ratee (--nip) or a whole unit (--unit).

    The cycle is scored once; groups under the anonymity threshold and their comments are left
    out of every report."""
    if (nip is None) == (unit is None):
        raise click.UsageError("Pilih tepat satu: --nip NIP atau --unit UNIT.")
    store = _store(ctx)
    try:
        results = uc.load_results(store, cycle_id)
        done = uc.write_reports(results, out_dir, [nip] if nip else None, unit=unit, format=fmt,
                                progress=True if unit else None)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(done)} laporan ditulis ke {out_dir}.")


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Excel workbook to write (.xlsx).")
@click.option("--meeting", is_flag=True, help="Meeting mode: pseudonymise every NIP and drop names.")
@click.pass_context
def fairness(ctx, cycle_id, out_path, meeting):
    """Fairness tables of a cycle (rater severity and fair scores, halo, careless answers,
    self-other agreement, blind spots, group differences, four-fifths, relationship bias) to Excel."""
    from .present.exports import write_workbook

    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--out harus berupa berkas .xlsx")
    store = _store(ctx)
    try:
        tables = uc.fairness_tables(uc.load_results(store, cycle_id))
        write_workbook(out_path, tables, meeting_mode=meeting, nips=_store_nips(store))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(tables)} tabel keadilan ditulis ke {out_path}" + (" (mode rapat)." if meeting else "."))


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the tables.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--meeting", is_flag=True, help="Meeting mode: pseudonymise every NIP and drop names.")
@click.pass_context
def analyze(ctx, cycle_id, out_dir, fmt, meeting):
    """Scores (with hasil kerja and predikat), displayed group means, reliability and response
    rates of a cycle: one file per table (csv/json) or one workbook (xlsx)."""
    from .present.exports import pseudonymise_frame, write_workbook

    store = _store(ctx)
    try:
        tables = uc.analysis_tables(uc.load_results(store, cycle_id))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    nips = _store_nips(store)
    if fmt == "xlsx":
        path = write_workbook(out_dir / f"analisis-periode-{cycle_id}.xlsx", tables, meeting_mode=meeting, nips=nips)
        click.echo(f"{len(tables)} tabel ditulis ke {path}.")
        return
    for name, table in tables.items():
        table = pseudonymise_frame(table, nips) if meeting else table
        if not isinstance(table.index, pd.RangeIndex):
            table = table.reset_index()
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            table.to_csv(path, index=False)
        else:
            table.to_json(path, orient="records", force_ascii=False, indent=1)
    click.echo(f"{len(tables)} tabel ({fmt}) ditulis ke {out_dir}.")


@main.command("tren")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Excel workbook to write (.xlsx).")
@click.option("--periode", "cycle_ids", type=int, multiple=True,
              help="Cycle id (repeatable); default every closed cycle.")
@click.option("--jenis", type=click.Choice(["semesteran", "tahunan", "triwulanan", "bulanan", "lainnya"]),
              default=None, help="Only cycles of this kind (derived from their dates).")
@click.option("--z", default=1.96, show_default=True, help="Critical value of the reliable change index.")
@click.option("--min-unit", default=5, show_default=True, help="Units with fewer rated people are suppressed.")
@click.option("--meeting", is_flag=True, help="Meeting mode: pseudonymise every NIP and drop names.")
@click.pass_context
def tren(ctx, out_path, cycle_ids, jenis, z, min_unit, meeting):
    """Trends across cycles (linked by NIP): each person's score per competency per cycle, the
    change called naik/turun only beyond measurement error (reliable change index), unit means."""
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--out harus berupa berkas .xlsx")
    store = _store(ctx)
    try:
        path = uc.export_trends(store, out_path, meeting_mode=meeting, cycle_ids=cycle_ids or None, kind=jenis,
                                z=z, min_unit_size=min_unit)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Tren ditulis ke {path}" + (" (mode rapat)." if meeting else "."))


@main.command("talenta")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Excel workbook to write (.xlsx).")
@click.option("--berturut", "n_periods", default=2, show_default=True,
              help="Consecutive periods (ending at the latest) rated Sangat Baik / Diatas Ekspektasi.")
@click.option("--periode", "cycle_ids", type=int, multiple=True, help="Cycle id (repeatable); default every closed cycle.")
@click.option("--jenis", type=click.Choice(["semesteran", "tahunan", "triwulanan", "bulanan", "lainnya"]), default=None)
@click.option("--min-unit", default=5, show_default=True, help="Units with fewer rated people are suppressed.")
@click.option("--meeting", is_flag=True, help="Meeting mode: pseudonymise NIPs, drop names, blank small units.")
@click.pass_context
def talenta(ctx, out_path, n_periods, cycle_ids, jenis, min_unit, meeting):
    """Talent pool for promotion and leadership programmes: people rated Sangat Baik or Diatas
    Ekspektasi in N consecutive periods, with fair scores and reliability, and the kuadran
    counts per period."""
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--out harus berupa berkas .xlsx")
    store = _store(ctx)
    try:
        path = uc.export_talent_pool(store, out_path, meeting_mode=meeting, n_periods=n_periods,
                                     cycle_ids=cycle_ids or None, kind=jenis, min_unit_size=min_unit)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Kumpulan talenta ditulis ke {path}" + (" (mode rapat)." if meeting else "."))


@main.command("pemangku-kepentingan")
@click.argument("cycle_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV file to write their personal links to (written once; only hashes are stored).")
@click.option("--base-url", default=None, help="Address of the rater app, used to build the links.")
@click.pass_context
def stakeholders(ctx, cycle_id, path, links_path, base_url):
    """Add stakeholder raters (pemangku kepentingan: other agencies, the public served) from a
    CSV/XLSX with columns nip (the employee rated), nama, kontak (e-mail or phone) and optional
    instansi; each gets a link of their own.  A bad row: every bad row is listed, nothing added."""
    if links_path.exists():
        raise click.ClickException(f"{links_path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).")
    table = (pd.read_excel(path, dtype=str) if path.suffix.lower() in (".xlsx", ".xls")
             else pd.read_csv(path, dtype=str, keep_default_na=False))
    store = _store(ctx)
    try:
        links = uc.add_stakeholders(store, cycle_id, table, actor=_actor(ctx), base_url=base_url)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    links_path.parent.mkdir(parents=True, exist_ok=True)
    links.to_csv(links_path, index=False)
    click.echo(f"{len(links)} pemangku kepentingan ditambahkan; tautan ditulis ke {links_path}.")


@main.command("dialog-links")
@click.argument("cycle_id", type=int)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV file for the supervisors' and employees' dialog links (written once).")
@click.option("--base-url", default=None, help="Address of the dialog app (default: $KINERJA_SURVEY_DIALOG_URL).")
@click.pass_context
def dialog_links(ctx, cycle_id, out_path, base_url):
    """Dialog kinerja after the results: a link for each supervisor (records the dialogue and the
    development plan) and one for each employee (reads and acknowledges it)."""
    if out_path.exists():
        raise click.ClickException(f"{out_path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).")
    store = _store(ctx)
    try:
        links = uc.issue_dialog_links(store, cycle_id, actor=_actor(ctx), base_url=base_url)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    out_path.parent.mkdir(parents=True, exist_ok=True)
    links.drop(columns=["token_atasan", "token_pegawai"]).to_csv(out_path, index=False)
    click.echo(f"{len(links)} dialog dibuat; tautan ditulis ke {out_path}." if len(links)
               else "Tidak ada dialog baru.")


@main.command("kebutuhan-pelatihan")
@click.argument("cycle_id", type=int)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Excel workbook to write (.xlsx).")
@click.option("--meeting", is_flag=True, help="Meeting mode: only the unit table, small units suppressed.")
@click.pass_context
def training_needs(ctx, cycle_id, out_path, meeting):
    """Training needs from the development plans: actions by unit, competency and kind."""
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--out harus berupa berkas .xlsx")
    store = _store(ctx)
    try:
        path = uc.export_training_needs(store, cycle_id, out_path, meeting_mode=meeting)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Kebutuhan pelatihan ditulis ke {path}.")


@main.command("impor-saran")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_suggestions(ctx, path):
    """Replace the library of development suggestions with HR's YAML file
    ({competency code: [suggestion, ...]}); checked first, unchanged on any error."""
    store = _store(ctx)
    try:
        table = uc.import_suggestions(store, path, actor=_actor(ctx))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Pustaka saran diganti: {len(table)} kompetensi, {sum(map(len, table.values()))} saran.")
