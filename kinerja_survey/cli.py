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
    from .present.exports import write_csv

    write_csv(out, path, index=False)


HELP = """Baris perintah kinerja-survey: menjalankan penilaian perilaku kerja 360 derajat.

\b
Satu periode dari awal sampai akhir (contoh roster: data/contoh-roster.csv):
  kinerja-survey init
  kinerja-survey import-roster data/contoh-roster.csv
  kinerja-survey create-cycle "Penilaian Perilaku 2026" --start 2026-01-01 --end 2026-12-31
  kinerja-survey assign 1 --seed 2026 --links tautan.csv
  kinerja-survey review 1
  kinerja-survey open 1
  kinerja-survey remind 1 --saluran email --dry-run
  kinerja-survey status 1
  kinerja-survey close 1

\b
Basis data: --db (berkas SQLite atau URL), lalu $KINERJA_SURVEY_DB, lalu data/kinerja.sqlite.
Setiap perubahan dicatat di log audit atas nama petugas: --actor, lalu $KINERJA_SURVEY_ACTOR,
lalu nama login.  Langkah yang merusak (menonaktifkan pegawai, menambah formulir pada periode
berjalan, mengganti/menghapus penilai, mencabut tautan) menampilkan pratinjau lalu meminta
konfirmasi; --ya melewati pertanyaan itu.
"""


def _confirm(yes: bool, preview: str) -> None:
    """Print what a destructive step will change; go on only with --ya or a 'y' typed."""
    click.echo(preview)
    if yes:
        return
    try:
        go = click.confirm("Lanjutkan?", default=False)
    except click.exceptions.Abort:  # no terminal to answer (EOF) or Ctrl-C
        go = False
    if not go:
        raise click.ClickException("Dibatalkan; tidak ada yang diubah (pakai --ya untuk menyetujui tanpa bertanya).")


def _table(frame: pd.DataFrame, columns: dict) -> str:
    """A frame with Indonesian headers, every column in full."""
    cols = [c for c in columns if c in frame.columns]
    with pd.option_context("display.width", 250, "display.max_colwidth", 80, "display.max_rows", 500):
        return frame[cols].rename(columns=columns).to_string(index=False)


class _Command(click.Command):
    """A click command whose help frame speaks Bahasa Indonesia (click's own words are English)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = "Tampilkan bantuan ini lalu keluar."
        return opt

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Penggunaan: ")

    def format_options(self, ctx, formatter):
        rows = [(rv[0], rv[1].replace("[default: ", "[bawaan: ").replace("; required]", "; wajib]")
                 .replace("[required]", "[wajib]"))
                for p in self.get_params(ctx) if isinstance(p, click.Option) and (rv := p.get_help_record(ctx))]
        if rows:
            with formatter.section("Pilihan"):
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
            with formatter.section("Perintah"):
                formatter.write_dl(rows)


@click.group(cls=_Group, help=HELP)
@click.version_option(__version__, help="Tampilkan versi lalu keluar.")
@click.option("--db", envvar=DEFAULT_DB_ENV, default=None, metavar="PATH|URL",
              help="Berkas SQLite atau URL basis data (bawaan: data/kinerja.sqlite).")
@click.option("--actor", envvar="KINERJA_SURVEY_ACTOR", default=None, metavar="NAMA",
              help="Nama petugas yang bertindak, untuk log audit (bawaan: nama login).")
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
    """Buat basis data (atau perbarui ke skema terbaru)."""
    store = _store(ctx, create=True)
    click.echo(f"Basis data siap: {store.url} (skema versi {store.schema_version()})")


@main.command("import-roster")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", default=0, help="Nama atau nomor lembar (mulai 0) untuk berkas XLSX.")
@click.option("--ya", "yes", is_flag=True, help="Jangan bertanya: setujui penonaktifan pegawai yang tidak ada di berkas.")
@click.pass_context
def import_roster(ctx, path, sheet, yes):
    """Impor pegawai dari roster CSV/XLSX (NIP, nama, jabatan, jenis jabatan, golongan, unit kerja,
    NIP atasan, jenis kelamin; opsional Email dan No HP).  Ada baris salah: semua baris salah
    ditampilkan dan tidak ada yang disimpan.  Pegawai yang tidak ada di berkas akan dinonaktifkan:
    daftarnya ditampilkan dulu dan impor menunggu konfirmasi."""
    store = _store(ctx, create=True)
    try:
        sheet = int(sheet)
    except (TypeError, ValueError):
        pass
    try:
        preview = uc.preview_roster(store, path, sheet=sheet)
        if len(preview.deactivated):
            _confirm(yes, f"{len(preview.deactivated)} pegawai tidak ada di {path.name} dan akan DINONAKTIFKAN "
                          f"({preview.open_forms} formulir mereka di periode berjalan):\n"
                          + _table(preview.deactivated, {"nip": "NIP", "nama": "Nama", "unit_kerja": "Unit kerja",
                                                         "forms": "Formulir berjalan"}))
        counts = uc.import_roster_checked(store, preview.frame, actor=_actor(ctx), confirm=True)
    except RosterError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except (StoreError, uc.CycleError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Roster diimpor: {counts['added']} baru, {counts['updated']} diperbarui, "
               f"{counts['deactivated']} dinonaktifkan, {counts['units']} unit.")


@main.command("create-cycle")
@click.argument("name")
@click.option("--start", required=True, help="Awal periode, TTTT-BB-HH.")
@click.option("--end", required=True, help="Akhir periode, TTTT-BB-HH (bawaan batas pengisian: akhir hari ini, WIB).")
@click.option("--instrument", "instrument_path", default="berakhlak",
              help="'berakhlak' (bawaan) atau berkas instrumen sendiri (.yaml/.csv).")
@click.option("--hr-contact", default=None,
              help="Kontak kepegawaian yang ditampilkan kepada penilai (mis. 'Bagian Kepegawaian, ext. 123').")
@click.pass_context
def create_cycle(ctx, name, start, end, instrument_path, hr_contact):
    """Buat periode penilaian (status draft) beserta instrumennya."""
    try:
        inst = load_instrument(instrument_path)
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from None
    store = _store(ctx)
    try:
        cid = uc.create_cycle(store, name, start, end, inst, hr_contact=hr_contact, actor=_actor(ctx))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Periode {cid} dibuat: {name} ({start} s.d. {end}), instrumen {inst.code}, {len(inst.items)} butir.")


@main.command()
@click.argument("cycle_id", type=int)
@click.pass_context
def declines(ctx, cycle_id):
    """Formulir yang ditolak penilainya ("tidak cukup mengenal"), dengan alasannya, untuk ditindaklanjuti
    kepegawaian; dan berapa penilai menjawab "Tidak dapat menilai"."""
    store = _store(ctx)
    frame = store.declines_frame(cycle_id)
    if frame.empty:
        click.echo("Tidak ada formulir yang ditolak.")
    else:
        click.echo(f"{len(frame)} formulir ditolak:")
        for rec in frame.itertuples():
            click.echo(f"- {rec.rater_nama} ({rec.rater}) tidak menilai {rec.ratee_nama} ({rec.ratee}), "
                       f"{rec.relationship}: {rec.reason}")
    counts = store.not_applicable_counts(cycle_id)
    counts = counts[counts["not_applicable"] > 0]
    click.echo(f"Penilai yang menjawab 'Tidak dapat menilai': {len(counts)}"
               + (f" (terbanyak {int(counts['not_applicable'].max())} butir)" if len(counts) else ""))


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--peers", nargs=2, type=int, default=(3, 5), show_default=True,
              help="Jumlah rekan sejawat minimum dan maksimum per pegawai yang dinilai.")
@click.option("--max-subordinates", default=8, show_default=True, help="Batas bawahan yang menilai satu atasan.")
@click.option("--max-load", default=12, show_default=True, help="Batas formulir per penilai.")
@click.option("--seed", default=0, show_default=True, help="Benih undian rekan sejawat (catat untuk arsip).")
@click.option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Berkas CSV tujuan tautan pribadi baru (ditulis sekali; basis data hanya menyimpan sidik kriptografisnya).")
@click.option("--base-url", default=None,
              help="Alamat aplikasi penilai untuk membentuk tautan (bawaan: $KINERJA_SURVEY_RATER_URL, "
                   "lalu http://127.0.0.1:8866/).")
@click.option("--ya", "yes", is_flag=True, help="Jangan bertanya: setujui penambahan formulir pada periode berjalan.")
@click.pass_context
def assign(ctx, cycle_id, peers, max_subordinates, max_load, seed, links_path, base_url, yes):
    """Buat penugasan penilai dari struktur organisasi dan tulis tautan pribadi.

    Periode yang sudah punya formulir hanya ditambah: formulir lama tetap, dan formulir yang
    melampaui batas (rekan per pegawai, bawahan per atasan, formulir per penilai) tidak
    ditambahkan.  Pada periode berjalan, daftar tambahan ditampilkan dulu dan menunggu konfirmasi."""
    store = _store(ctx)
    if links_path.exists():
        raise click.ClickException(f"{links_path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).")
    kwargs = dict(peers=tuple(peers), max_subordinates=max_subordinates, max_load=max_load, seed=seed)
    try:
        preview = uc.preview_assign(store, cycle_id, **kwargs)
        if preview.existing and len(preview.skipped):
            click.echo(f"{len(preview.skipped)} formulir hasil undian tidak ditambahkan karena melampaui batas:")
            click.echo(_table(preview.skipped, {"nama_penilai": "Penilai", "nama_dinilai": "Dinilai",
                                                "relationship": "Hubungan", "alasan": "Alasan"}))
        if preview.status == "open" and len(preview.add):
            _confirm(yes, f"Periode {cycle_id} sedang berjalan: {len(preview.add)} formulir akan ditambahkan:\n"
                          + _table(preview.add, {"rater": "NIP penilai", "nama_penilai": "Penilai", "ratee": "NIP dinilai",
                                                 "nama_dinilai": "Dinilai", "relationship": "Hubungan"}))
        made, _preview = uc.assign_checked(store, cycle_id, actor=_actor(ctx), confirm=True, base_url=base_url, **kwargs)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    plan, links = made.plan, made.links
    if not links.empty:
        _write_links(links, links_path, base_url)
    counts = made.counts
    names = {"self": "diri", "supervisor": "atasan", "peer": "rekan", "subordinate": "bawahan"}
    click.echo("Penugasan ditambahkan: " + (", ".join(f"{names.get(k, k)} {v}" for k, v in counts.items()) or "tidak ada"))
    click.echo(f"{len(links)} tautan baru ditulis ke {links_path}." if len(links) else "Tidak ada tautan baru.")
    if len(plan.shortfalls):
        click.echo(f"Perhatian: {len(plan.shortfalls)} pegawai mendapat rekan sejawat kurang dari {peers[0]} "
                   f"(lihat 'kinerja-survey review {cycle_id}').")


@main.command("export-links")
@click.argument("cycle_id", type=int)
@click.argument("nips", nargs=-1, required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Berkas CSV tujuan tautan baru.")
@click.option("--base-url", default=None, help="Alamat aplikasi penilai (bawaan: $KINERJA_SURVEY_RATER_URL, "
              "lalu http://127.0.0.1:8866/).")
@click.option("--ya", "yes", is_flag=True, help="Jangan bertanya: cabut tautan lama tanpa konfirmasi.")
@click.pass_context
def export_links(ctx, cycle_id, nips, out_path, base_url, yes):
    """Terbitkan ulang tautan penilai (hilang atau bocor): tautan lama langsung tidak berlaku."""
    store = _store(ctx)
    if out_path.exists():
        raise click.ClickException(f"{out_path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).")
    try:
        _confirm(yes, "\n".join(uc.describe_change(store, cycle_id, "reissue", rater=n) for n in nips))
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
    """Buka periode: tautan penilai mulai berlaku."""
    _set_status(ctx, cycle_id, "open", "dibuka")


@main.command()
@click.argument("cycle_id", type=int)
@click.pass_context
def close(ctx, cycle_id):
    """Tutup periode: jawaban baru tidak diterima lagi (dapat dibuka kembali dengan alasan selama belum diumumkan)."""
    _set_status(ctx, cycle_id, "closed", "ditutup")


@main.command()
@click.argument("cycle_id", type=int, required=False)
@click.option("--by", type=click.Choice(["unit", "ratee"]), default="unit", show_default=True,
              help="Rincian per unit kerja atau per pegawai yang dinilai.")
@click.pass_context
def status(ctx, cycle_id, by):
    """Daftar periode, atau tingkat respons satu periode per unit (atau per pegawai yang dinilai)."""
    store = _store(ctx)
    if cycle_id is None:
        cyc = store.cycles_frame()
        click.echo("Belum ada periode." if cyc.empty else _table(cyc, {
            "id": "ID", "name": "Nama periode", "period_start": "Mulai", "period_end": "Selesai", "status": "Status"}))
        return
    try:
        info = store.cycle(cycle_id)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    rates = store.response_rates(cycle_id, by=by)
    total_inv, total_sub = int(rates["invited"].sum()), int(rates["submitted"].sum())
    click.echo(f"Periode {cycle_id}: {info['name']} [{info['status']}] — {total_sub}/{total_inv} formulir terkirim "
               f"({uc.percent(total_sub / total_inv if total_inv else 0)})")
    click.echo(uc.deadline_info(store, cycle_id)["line"])
    if len(rates):
        rates = rates.assign(rate=rates["rate"].map(uc.percent))
        click.echo(_table(rates, {"unit_kerja": "Unit kerja", "nama": "Nama", "invited": "Diundang",
                                  "submitted": "Terkirim", "rate": "Persentase"}))
    click.echo(f"Hasil: {uc.result_status(store, cycle_id)}; belum memiliki rating hasil kerja: "
               f"{len(uc.hasil_kerja_missing(store, cycle_id))} pegawai; predikat organisasi: "
               f"{uc.org_predikat(store, cycle_id) or 'belum ditetapkan'}.")


@main.command()
@click.option("--employees", default=120, show_default=True, help="Jumlah pegawai organisasi demo.")
@click.option("--seed", default=1, show_default=True, help="Benih acak data demo.")
@click.option("--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tulis semua tautan demo ke CSV ini.")
@click.option("--base-url", default=None, help="Alamat aplikasi penilai (bawaan: $KINERJA_SURVEY_RATER_URL, "
              "lalu http://127.0.0.1:8866/).")
@click.option("--force", is_flag=True, help="Ganti basis data demo yang sudah ada.")
@click.pass_context
def demo(ctx, employees, seed, links_path, base_url, force):
    """Bangun organisasi demo: roster, periode terbuka, jawaban simulasi (sebagian penilai belum mengisi)."""
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
@click.option("--rater-port", default=8866, show_default=True, help="Port aplikasi penilai.")
@click.option("--admin-port", default=8867, show_default=True, help="Port aplikasi admin (selalu di 127.0.0.1).")
@click.option("--results-port", default=8868, show_default=True,
              help="Port dasbor hasil (127.0.0.1, rahasia sama dengan aplikasi admin; 0: tidak dijalankan).")
@click.option("--calibration-port", default=8869, show_default=True,
              help="Port aplikasi kalibrasi (127.0.0.1, rahasia yang sama dengan aplikasi admin; 0: tidak dijalankan).")
@click.option("--host", "rater_host", default="127.0.0.1", show_default=True,
              help="Antarmuka aplikasi penilai.  Biarkan 127.0.0.1 di belakang reverse proxy (docs/deployment.md).")
@click.option("--public-url", default=None, help="Alamat yang dipakai penilai, mis. https://penilaian.instansi.go.id/ "
              "(awal tautan yang ditulis aplikasi admin).")
@click.option("--pool-size", default=2, show_default=True, help="Kernel siap pakai untuk aplikasi penilai (0: tidak ada).")
@click.option("--admin-secret", envvar="KINERJA_SURVEY_ADMIN_SECRET", default=None,
              help="Rahasia yang harus ada di URL admin (bawaan: rahasia acak baru setiap mulai).")
@click.option("--demo-links", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV dari 'demo --links': tampilkan tautan satu penilai yang belum mengisi, draf, dan terkirim.")
@click.option("--log-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder log server (bawaan: folder sementara baru).")
@click.option("--max-kernels", default=40, show_default=True, help="Halaman penilai yang terbuka bersamaan (satu kernel per halaman).")
@click.option("--max-kernels-per-client", default=10, show_default=True,
              help="Halaman penilai terbuka bersamaan dari satu alamat klien (naikkan untuk kantor di balik satu NAT).")
@click.option("--behind-proxy", is_flag=True, help="Alamat klien dari X-Real-IP (nginx di mesin ini).")
@click.option("--route", default="", help="Nama server penilai ini untuk routing lengket di nginx (cookie ks_route).")
@click.option("--no-fork-kernels", "no_fork", is_flag=True,
              help="Kernel penilai dimulai sebagai proses biasa, tidak di-fork dari proses yang sudah memuat aplikasi "
                   "(lebih boros CPU per kunjungan).")
@click.pass_context
def serve(ctx, rater_port, admin_port, results_port, calibration_port, rater_host, public_url, pool_size, admin_secret,
          demo_links, log_dir, max_kernels, max_kernels_per_client, behind_proxy, route, no_fork):
    """Jalankan aplikasi penilai, aplikasi admin, dasbor hasil dan aplikasi kalibrasi dengan Voila sampai Ctrl-C."""
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
    click.echo(f"Menjalankan aplikasi penilai dan admin (Voila); log di {log_dir}/ ...")
    try:
        rater, admin = start_apps(ctx.obj["db"], rater_port=rater_port, admin_port=admin_port, rater_host=rater_host,
                                  public_url=public_url, preheat=pool_size > 0, pool_size=pool_size,
                                  admin_secret=admin_secret, log_dir=log_dir, max_kernels=max_kernels,
                                  max_kernels_per_client=max_kernels_per_client, behind_proxy=behind_proxy,
                                  route=route, fork_kernels=not no_fork)
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
    if calibration_port:
        try:
            servers.append(start_app("calibration", ctx.obj["db"], port=calibration_port, secret=admin.secret,
                                     pool_size=0, preheat=False, log_path=log_dir / "calibration.log"))
        except ServeError as exc:
            for server in servers:
                server.stop()
            raise click.ClickException(str(exc)) from None
    base = (public_url or rater.base_url).rstrip("/") + "/"
    try:
        click.echo(f"Aplikasi penilai : {base}?token=<token pribadi>")
        private = [f"Aplikasi admin   : {admin.url}   (hanya dari komputer ini)"]
        if results_port:
            private.append(f"Dasbor hasil     : {servers[2].url}   (hanya dari komputer ini)")
        if calibration_port:
            private.append(f"Kalibrasi        : {servers[-1].url}   (hanya dari komputer ini)")
        if sys.stdout.isatty():  # the secret goes to a person's terminal, never into a log
            for line in private:
                click.echo(line)
        else:
            path = write_private_file(Path(log_dir) / "admin-url.txt", "\n".join(private) + "\n")
            click.echo(f"Alamat admin (berisi rahasia) ditulis ke {path} (hanya dapat dibaca pemiliknya).")
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

def _provisional(results) -> str:
    return " HASIL SEMENTARA: periode belum ditutup, angka masih dapat berubah." if results.provisional else ""


def _store_nips(store) -> list[str]:
    return store.employees_frame(active_only=False)["nip"].astype(str).tolist()


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--nip", default=None, help="NIP satu pegawai yang dinilai (boleh bertitik/berspasi).")
@click.option("--unit", default=None, help="Jalur unit kerja, mis. \"BKPSDM Kabupaten Contoh / Sekretariat\": semua pegawai unit itu dan unit di bawahnya.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder laporan (umpan-balik-<nama>-<NIP>.pdf/.html).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "both"]), default="pdf", show_default=True)
@click.option("--sementara", is_flag=True,
              help="Allow the results of a cycle that is not closed yet, marked 'hasil sementara' in every output.")
@click.pass_context
def report(ctx, cycle_id, nip, unit, out_dir, fmt, sementara):
    """Laporan umpan balik 360 derajat per pegawai, untuk satu orang (--nip) atau satu unit (--unit).

    Periode dinilai sekali; kelompok di bawah ambang anonimitas beserta komentarnya tidak
    dimuat di laporan mana pun."""
    if (nip is None) == (unit is None):
        raise click.UsageError("Pilih tepat satu: --nip NIP atau --unit UNIT.")
    store = _store(ctx)
    try:
        results = uc.load_results(store, cycle_id, sementara=sementara)
        done = uc.write_reports(results, out_dir, [nip] if nip else None, unit=unit, format=fmt,
                                progress=True if unit else None)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(done)} laporan ditulis ke {out_dir}.{_provisional(results)}")


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Berkas Excel tujuan (.xlsx).")
@click.option("--meeting", is_flag=True, help="Mode rapat: setiap NIP disamarkan; nama, jabatan dan tabel per penilai "
              "dihapus; unit digabung sampai setiap baris mewakili paling sedikit ambang anonimitas orang.")
@click.option("--sementara", is_flag=True,
              help="Izinkan hasil periode yang belum ditutup, ditandai 'hasil sementara' di setiap keluaran.")
@click.pass_context
def fairness(ctx, cycle_id, out_path, meeting, sementara):
    """Tabel keadilan satu periode ke Excel (keketatan penilai dan skor adil, efek halo, jawaban
    asal-asalan, kesesuaian diri-orang lain, titik buta, beda kelompok, aturan empat-perlima, bias hubungan)."""
    if out_path.suffix.lower() != ".xlsx":
        raise click.UsageError("--out harus berupa berkas .xlsx")
    store = _store(ctx)
    try:
        results = uc.load_results(store, cycle_id, sementara=sementara)
        tables = uc.fairness_tables(results)
        uc.write_tables_to(results, tables, out_path, meeting_mode=meeting, nips=_store_nips(store))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(tables)} tabel keadilan ditulis ke {out_path}" + (" (mode rapat)." if meeting else ".")
               + _provisional(results))


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder tabel.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--meeting", is_flag=True, help="Mode rapat: setiap NIP disamarkan; nama, jabatan dan tabel per penilai "
              "dihapus; unit digabung sampai setiap baris mewakili paling sedikit ambang anonimitas orang.")
@click.option("--sementara", is_flag=True,
              help="Izinkan hasil periode yang belum ditutup, ditandai 'hasil sementara' di setiap keluaran.")
@click.pass_context
def analyze(ctx, cycle_id, out_dir, fmt, meeting, sementara):
    """Skor (dengan hasil kerja dan predikat), rerata kelompok, reliabilitas, dan tingkat respons
    satu periode: satu berkas per tabel (csv/json) atau satu buku kerja (xlsx)."""
    store = _store(ctx)
    try:
        results = uc.load_results(store, cycle_id, sementara=sementara)
        tables = uc.analysis_tables(results, org_predikat=uc.org_predikat(store, cycle_id))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    nips = _store_nips(store)
    if fmt == "xlsx":
        path = uc.write_tables_to(results, tables, out_dir / f"analisis-periode-{cycle_id}.xlsx", meeting_mode=meeting,
                                  nips=nips)
        click.echo(f"{len(tables)} tabel ditulis ke {path}.{_provisional(results)}")
        return
    uc.write_tables_to(results, tables, out_dir, fmt=fmt, meeting_mode=meeting, nips=nips)
    click.echo(f"{len(tables)} tabel ({fmt}) ditulis ke {out_dir}.{_provisional(results)}")


# --- HR operations: deadline, changes mid-cycle, rater-list review, invitations and reminders -------

def _fail(exc) -> click.ClickException:
    return click.ClickException(str(exc))


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--sampai", default=None, metavar="TANGGAL",
              help="Batas baru: TTTT-BB-HH (akhir hari itu, waktu setempat) atau 'TTTT-BB-HH JJ:MM'.")
@click.option("--alasan", default=None, help="Alasan perpanjangan (wajib bila --sampai diberikan).")
@click.pass_context
def deadline(ctx, cycle_id, sampai, alasan):
    """Tampilkan batas pengisian periode, atau perpanjang dengan --sampai dan --alasan.

    Setelah batas lewat, setiap penyimpanan jawaban ditolak dengan pesan yang jelas."""
    store = _store(ctx)
    try:
        if sampai:
            uc.extend_deadline(store, cycle_id, sampai, reason=alasan or "", actor=_actor(ctx))
            click.echo(f"Batas pengisian periode {cycle_id} diperpanjang.")
        click.echo(uc.deadline_info(store, cycle_id)["line"])
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--alasan", required=True, help="Alasan membuka kembali (dicatat di log audit).")
@click.option("--sampai", default=None, metavar="TANGGAL", help="Batas pengisian baru (wajib bila batas lama sudah lewat).")
@click.pass_context
def reopen(ctx, cycle_id, alasan, sampai):
    """Buka kembali periode yang sudah ditutup (selama hasilnya belum diumumkan)."""
    store = _store(ctx)
    try:
        uc.reopen_cycle(store, cycle_id, reason=alasan, actor=_actor(ctx), deadline=sampai)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo(f"Periode {cycle_id} dibuka kembali. {uc.deadline_info(store, cycle_id)['line']}")


_RELS = click.Choice(["peer", "subordinate", "supervisor", "self"])


@main.command("add-rater")
@click.argument("cycle_id", type=int)
@click.argument("rater")
@click.argument("ratee")
@click.option("--hubungan", type=_RELS, default="peer", show_default=True,
              help="Hubungan penilai dengan yang dinilai: peer (rekan), subordinate (bawahan), supervisor (atasan), self.")
@click.option("--alasan", required=True, help="Alasan penambahan (dicatat di log audit).")
@click.option("--max-peers", default=5, show_default=True, help="Batas rekan sejawat per pegawai yang dinilai.")
@click.option("--max-load", default=12, show_default=True, help="Batas formulir per penilai.")
@click.option("--base-url", default=None, help="Alamat aplikasi penilai untuk tautan baru.")
@click.pass_context
def add_rater(ctx, cycle_id, rater, ratee, hubungan, alasan, max_peers, max_load, base_url):
    """Tambah satu penilai (RATER menilai RATEE; NIP boleh bertitik/berspasi), mis. penilai yang terlambat."""
    store = _store(ctx)
    try:
        done = uc.add_rater(store, cycle_id, rater, ratee, hubungan, reason=alasan, actor=_actor(ctx),
                            max_peers=max_peers, max_load=max_load, base_url=base_url)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo(done["text"])
    click.echo(f"Tautan baru penilai (kirim kepadanya): {done['tautan']}" if done["tautan"]
               else "Penilai sudah punya tautan; formulir baru muncul di tautan itu.")


@main.command("replace-rater")
@click.argument("cycle_id", type=int)
@click.argument("ratee")
@click.argument("old_rater")
@click.argument("new_rater")
@click.option("--pertahankan-jawaban/--hapus-jawaban", "keep", default=True, show_default=True,
              help="Jawaban penilai lama yang sudah terkirim: dipertahankan (tetap dihitung) atau dihapus.")
@click.option("--alasan", required=True, help="Alasan penggantian, mis. mutasi (dicatat di log audit).")
@click.option("--ya", "yes", is_flag=True, help="Jangan bertanya.")
@click.option("--base-url", default=None, help="Alamat aplikasi penilai untuk tautan baru.")
@click.pass_context
def replace_rater(ctx, cycle_id, ratee, old_rater, new_rater, keep, alasan, yes, base_url):
    """Ganti penilai OLD_RATER dengan NEW_RATER untuk pegawai RATEE (mis. setelah mutasi)."""
    store = _store(ctx)
    try:
        _confirm(yes, uc.describe_change(store, cycle_id, "replace", rater=old_rater, ratee=ratee,
                                         new_rater=new_rater, keep_answers=keep))
        done = uc.replace_rater(store, cycle_id, ratee, old_rater, new_rater, keep_answers=keep, reason=alasan,
                                actor=_actor(ctx), confirm=True, base_url=base_url)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo("Penilai diganti; jawaban penilai lama " + ("dipertahankan." if done["kept"] else
                                                         f"dihapus ({done['answers']} jawaban)."))
    if done["tautan"]:
        click.echo(f"Tautan baru penilai pengganti (kirim kepadanya): {done['tautan']}")


@main.command("remove-rater")
@click.argument("cycle_id", type=int)
@click.argument("rater")
@click.argument("ratee")
@click.option("--alasan", required=True, help="Alasan penghapusan (dicatat di log audit).")
@click.option("--ya", "yes", is_flag=True, help="Jangan bertanya.")
@click.pass_context
def remove_rater(ctx, cycle_id, rater, ratee, alasan, yes):
    """Hapus formulir RATER untuk RATEE beserta jawabannya."""
    store = _store(ctx)
    try:
        _confirm(yes, uc.describe_change(store, cycle_id, "remove", rater=rater, ratee=ratee))
        done = uc.remove_rater(store, cycle_id, rater, ratee, reason=alasan, actor=_actor(ctx), confirm=True)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo(f"Formulir dihapus ({done['answers']} jawaban ikut dihapus).")


@main.command("revoke-link")
@click.argument("cycle_id", type=int)
@click.argument("nip")
@click.option("--ya", "yes", is_flag=True, help="Jangan bertanya.")
@click.pass_context
def revoke_link(ctx, cycle_id, nip, yes):
    """Cabut tautan satu penilai tanpa menerbitkan yang baru (pakai export-links untuk tautan baru)."""
    store = _store(ctx)
    try:
        _confirm(yes, uc.describe_change(store, cycle_id, "revoke", rater=nip))
        uc.revoke_link(store, cycle_id, nip, actor=_actor(ctx), confirm=True)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    click.echo("Tautan dicabut.")


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tulis tabel lengkap ke CSV ini.")
@click.option("--semua", is_flag=True, help="Tampilkan semua pegawai, bukan hanya yang berperingatan.")
@click.pass_context
def review(ctx, cycle_id, out_path, semua):
    """Tinjau daftar penilai sebelum periode dibuka: penilai tiap pegawai per kelompok dan
    peringatan bila satu kelompok di bawah ambang anonimitas (kelompok itu tidak akan ditampilkan).
    Ganti/hapus penilai dengan replace-rater/remove-rater; daftar terkunci setelah periode dibuka."""
    store = _store(ctx)
    try:
        table = uc.review_table(store, cycle_id)
        locked = uc.review_locked(store, cycle_id)
    except (StoreError, uc.CycleError) as exc:
        raise _fail(exc) from None
    warned = table[table["peringatan"] != ""]
    click.echo(f"{len(table)} pegawai dinilai; {len(warned)} dengan peringatan ambang anonimitas.")
    if locked:
        click.echo("Periode sudah dibuka: daftar penilai terkunci (perubahan hanya lewat replace-rater/remove-rater "
                   "dengan konfirmasi).")
    shown = table if semua else warned
    if len(shown):
        click.echo(_table(shown, {"nip": "NIP", "nama": "Nama", "atasan": "Atasan", "rekan": "Rekan",
                                  "bawahan": "Bawahan", "peringatan": "Peringatan"}
                          | ({"penilai": "Penilai"} if semua else {})))
    if out_path:
        table.to_csv(out_path, index=False)
        click.echo(f"Tabel lengkap ditulis ke {out_path}.")


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--saluran", type=click.Choice(["email", "whatsapp"]), default="email", show_default=True,
              help="email: dikirim lewat SMTP; whatsapp: CSV tautan klik-untuk-chat (wa.me) untuk dikirim petugas.")
@click.option("--setiap", "every", default=3.0, show_default=True, help="Pengingat setiap N hari.")
@click.option("--maks", "max_reminders", default=3, show_default=True, help="Pengingat paling banyak (selain undangan).")
@click.option("--tanpa-undangan", is_flag=True, help="Undangan pertama sudah dikirim dengan cara lain.")
@click.option("--dry-run", is_flag=True, help="Tampilkan pesan yang jatuh tempo; tidak mengirim, tidak mencatat.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="WhatsApp: CSV tujuan (nama, nomor, tautan wa.me).  E-mail: CSV hasil pengiriman.")
@click.option("--smtp-host", default=None, help="Server SMTP (bawaan: $KINERJA_SURVEY_SMTP_HOST).")
@click.option("--smtp-port", default=None, type=int, help="Port SMTP (bawaan: $KINERJA_SURVEY_SMTP_PORT, lalu 587).")
@click.option("--starttls/--tanpa-starttls", default=None, help="STARTTLS (bawaan: $KINERJA_SURVEY_SMTP_STARTTLS, lalu ya).")
@click.option("--from", "sender", default=None, help="Alamat pengirim (bawaan: $KINERJA_SURVEY_SMTP_FROM).")
@click.option("--base-url", default=None, help="Alamat aplikasi penilai untuk tautan.")
@click.pass_context
def remind(ctx, cycle_id, saluran, every, max_reminders, tanpa_undangan, dry_run, out_path, smtp_host, smtp_port,
           starttls, sender, base_url):
    """Kirim undangan dan pengingat kepada penilai yang belum selesai.

    Kebijakan: undangan pertama, lalu pengingat setiap --setiap hari, paling banyak --maks;
    teks berbeda untuk yang belum mulai dan yang masih draf; berhenti begitu semua formulir
    terkirim atau batas pengisian lewat.  Setiap pesan dicatat di kotak keluar sebelum dikirim,
    jadi tidak ada yang terkirim dua kali.  Login SMTP dari $KINERJA_SURVEY_SMTP_USER dan
    $KINERJA_SURVEY_SMTP_PASSWORD (tidak pernah ditampilkan atau dicatat)."""
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
        click.echo("Tidak ada pesan yang jatuh tempo.")
        return
    kinds = {"undangan": "undangan", "pengingat_belum": "pengingat (belum mulai)", "pengingat_draf": "pengingat (draf)"}
    result = result.assign(jenis=result["kind"].map(kinds))
    cols = {"nama": "Nama", "address": "Alamat" if saluran == "email" else "No HP", "jenis": "Jenis"}
    cols.update({"hasil": "Hasil"} if saluran == "email" else {"catatan": "Catatan"})
    click.echo(_table(result, cols))
    if dry_run:
        click.echo(f"Pratinjau: {int((result['catatan'] == '').sum())} pesan akan dikirim; tidak ada yang dikirim.")
        first = result[result["text"] != ""]
        if len(first):
            click.echo("\nContoh pesan:\n" + first["text"].iloc[0])
    elif saluran == "email":
        click.echo(f"{int((result['hasil'] == 'terkirim').sum())} e-mail terkirim, "
                   f"{int(result['hasil'].str.startswith('gagal').sum())} gagal.")
    if out_path is not None:
        cols = ["nip", "nama", "address", "jenis", "catatan"] + (["wa_url"] if saluran == "whatsapp" else ["hasil"])
        result[cols].rename(columns={"address": "alamat" if saluran == "email" else "no_hp"}).to_csv(out_path, index=False)
        click.echo(f"Daftar ditulis ke {out_path}.")


# --- closing a cycle: hasil kerja, organisation predikat, calibration, publication, keberatan ------

def _abort(exc) -> None:
    raise click.ClickException(str(exc)) from None


@main.command("import-hasil-kerja")
@click.argument("cycle_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", default=0, help="Nama atau nomor sheet untuk berkas XLSX.")
@click.option("--ya", "yes", is_flag=True, help="Simpan perubahan atas rating yang sudah ada tanpa bertanya.")
@click.pass_context
def import_hasil_kerja(ctx, cycle_id, path, sheet, yes):
    """Impor Rating Hasil Kerja dari ekspor e-Kinerja/SIASN (CSV/XLSX: kolom NIP dan rating).

    Semua atau tidak sama sekali: setiap baris bermasalah (NIP tidak dikenal, NIP tidak dinilai
    pada periode ini, label tidak dikenal, NIP ganda) disebutkan dan tidak ada yang disimpan.
    Impor ulang yang mengubah rating tersimpan menampilkan perubahannya dan meminta konfirmasi."""
    from .collect.hasil_kerja import HasilKerjaError

    store = _store(ctx)
    try:
        plan = uc.import_hasil_kerja(store, cycle_id, path, actor=_actor(ctx), sheet=sheet, confirm=yes)
    except HasilKerjaError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except (StoreError, ValueError) as exc:
        _abort(exc)
    if not plan.written:
        changed = plan.changed
        click.echo(f"{len(changed)} rating hasil kerja yang sudah tersimpan akan berubah:")
        click.echo(changed[["baris", "nip", "nama", "lama", "baru"]].to_string(index=False))
        if not click.confirm("Simpan perubahan ini?", default=False):
            click.echo("Tidak ada yang disimpan.")
            sys.exit(1)
        plan = uc.import_hasil_kerja(store, cycle_id, path, actor=_actor(ctx), sheet=sheet, confirm=True)
    counts = plan.changes["perubahan"].value_counts()
    click.echo(f"Hasil kerja disimpan: {int(counts.get('baru', 0))} baru, {int(counts.get('berubah', 0))} berubah, "
               f"{int(counts.get('tetap', 0))} tetap. Belum memiliki hasil kerja: {plan.missing} pegawai.")


@main.command("org-predikat")
@click.argument("cycle_id", type=int)
@click.argument("predikat", required=False)
@click.option("--unit", default="", help="Unit kerja (jalur lengkap); tanpa ini: seluruh organisasi.")
@click.pass_context
def org_predikat_cmd(ctx, cycle_id, predikat, unit):
    """Tetapkan (atau tampilkan) predikat kinerja organisasi: Istimewa, Baik, Butuh Perbaikan,
    Kurang, Sangat Kurang.  Predikat ini menentukan kurva distribusi predikat pegawai."""
    store = _store(ctx)
    try:
        if predikat:
            label = uc.set_org_predikat(store, cycle_id, predikat, unit=unit, actor=_actor(ctx))
            click.echo(f"Predikat organisasi periode {cycle_id}{' unit ' + unit if unit else ''}: {label}.")
            return
        table = store.org_predikat_frame(cycle_id)
    except (StoreError, ValueError) as exc:
        _abort(exc)
    if table.empty:
        click.echo("Predikat organisasi belum ditetapkan.")
    else:
        click.echo(table.assign(unit=table["unit"].replace("", "(seluruh organisasi)")).to_string(index=False))


@main.command()
@click.argument("cycle_id", type=int)
@click.pass_context
def outbox(ctx, cycle_id):
    """Kotak keluar: undangan dan pengingat yang sudah dikirim atau disiapkan, kapan, oleh siapa."""
    store = _store(ctx)
    table = uc.outbox_table(store, cycle_id)
    if table.empty:
        click.echo("Belum ada pesan.")
        return
    click.echo(_table(table, {"nama": "Nama", "channel": "Saluran", "kind": "Jenis", "address": "Alamat",
                              "status": "Status", "created_at": "Dibuat", "sent_at": "Terkirim", "actor": "Petugas"}))


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--nip", default=None, help="NIP pegawai yang predikatnya ditetapkan.")
@click.option("--predikat", default=None, help="Predikat yang ditetapkan (Sangat Baik ... Sangat Kurang).")
@click.option("--alasan", default=None, help="Alasan perubahan (wajib, minimal 10 karakter).")
@click.option("--unit", default=None, help="Batasi tampilan pada satu unit kerja.")
@click.option("--nama/--rapat", "names", default=False, help="Tampilkan nama (bawaan: mode rapat, NIP disamarkan).")
@click.pass_context
def calibrate(ctx, cycle_id, nip, predikat, alasan, unit, names):
    """Kalibrasi: kuadran hasil kerja x perilaku, distribusi terhadap kurva, kelunakan/kekerasan
    atasan, skor mentah dan adil; dengan --nip --predikat --alasan: tetapkan predikat seorang pegawai."""
    store = _store(ctx)
    try:
        state = uc.CalibrationState(store, cycle_id, actor=_actor(ctx), meeting_mode=not names, unit=unit)
        if nip or predikat or alasan:
            if not (nip and predikat and alasan):
                raise click.UsageError("Perubahan memerlukan --nip, --predikat dan --alasan sekaligus.")
            state.change(nip, predikat, alasan)
            click.echo(f"Predikat {nip} ditetapkan: {state.results.scores.at[nip, 'predikat']}.")
    except (StoreError, ValueError) as exc:
        _abort(exc)
    org_note = "" if state.org_recorded else " (belum ditetapkan: bawaan)"
    click.echo(f"Predikat organisasi: {state.org}{org_note}.  Status hasil: {uc.result_status(store, cycle_id)}.")
    click.echo("\nKuadran (baris: rating hasil kerja, kolom: rating perilaku kerja):")
    click.echo(state.grid().to_string())
    click.echo("\nDistribusi predikat (usulan, ditetapkan):")
    click.echo(state.distribution().to_string(index=False))
    bad = state.violations()
    click.echo("\nKurva distribusi terpenuhi." if bad.empty else
               "\nPelanggaran kurva distribusi:\n" + "\n".join(f"  - {m}" for m in bad["message"]))
    with pd.option_context("display.width", 200, "display.max_colwidth", 50):
        click.echo("\nAtasan (kelunakan/kekerasan menilai):")
        click.echo(state.supervisors()[["atasan", "severity", "z", "reading"]].round(3).to_string(index=False))
        ch = state.changes()
        if len(ch):
            click.echo("\nPerubahan predikat:")
            click.echo(ch[["pegawai", "usulan", "ditetapkan", "alasan", "oleh", "waktu"]].to_string(index=False))


@main.command()
@click.argument("cycle_id", type=int)
@click.option("--keberatan-hari", default=14, show_default=True, help="Jangka pengajuan keberatan (hari kerja).")
@click.option("--keputusan-hari", default=7, show_default=True, help="Jangka keputusan keberatan (hari kerja).")
@click.option("--catatan", default="", help="Catatan pengumuman.")
@click.option("--ya", "yes", is_flag=True, help="Umumkan tanpa bertanya.")
@click.pass_context
def publish(ctx, cycle_id, keberatan_hari, keputusan_hari, catatan, yes):
    """Umumkan hasil periode yang sudah ditutup dan dikalibrasi: hasil dibekukan (versi 1);
    perubahan sesudahnya hanya melalui keputusan keberatan.  Pegawai membuka hasilnya sendiri
    dengan tautan pribadinya."""
    store = _store(ctx)
    if not yes and not click.confirm(f"Umumkan periode {cycle_id}? Hasil tidak dapat diubah lagi kecuali "
                                     "melalui keberatan.", default=False):
        click.echo("Tidak diumumkan.")
        sys.exit(1)
    try:
        version = uc.publish(store, cycle_id, actor=_actor(ctx), keberatan_days=keberatan_hari,
                             decision_days=keputusan_hari, note=catatan)
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(f"Periode {cycle_id} diumumkan (versi {version}). Batas pengajuan keberatan: "
               f"{uc.keberatan_deadline(store, cycle_id):%d-%m-%Y}.")


@main.command("berita-acara")
@click.argument("cycle_id", type=int)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Berkas .pdf atau .xlsx.")
@click.option("--peserta", multiple=True, help="Peserta rapat kalibrasi (boleh berulang).")
@click.option("--tempat", default="", help="Tempat rapat.")
@click.pass_context
def berita_acara(ctx, cycle_id, out_path, peserta, tempat):
    """Berita acara kalibrasi (PDF atau XLSX): siapa, kapan, setiap perubahan predikat dengan
    alasannya, dan distribusi sebelum dan sesudah."""
    from .cycle.calibration import berita_acara_data
    from .present.berita_acara import write_berita_acara

    if out_path.suffix.lower() not in (".pdf", ".xlsx"):
        raise click.UsageError("--out harus berupa berkas .pdf atau .xlsx")
    store = _store(ctx)
    try:
        data = berita_acara_data(store, cycle_id, peserta=list(peserta), tempat=tempat, actor=_actor(ctx))
        write_berita_acara(data, out_path)
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(f"Berita acara ditulis ke {out_path} ({len(data.changes)} perubahan predikat).")


@main.command()
@click.argument("cycle_id", type=int)
@click.argument("nip")
@click.option("--alasan", required=True, help="Alasan keberatan (minimal 10 karakter).")
@click.option("--tanggal", default=None, help="Tanggal keberatan diterima (YYYY-MM-DD; bawaan: hari ini).")
@click.pass_context
def keberatan(ctx, cycle_id, nip, alasan, tanggal):
    """Catat keberatan pegawai atas predikatnya (oleh HR atas nama pegawai; pegawai sendiri
    memakai tautan pribadinya).  Ditolak bila melewati batas hari kerja."""
    from .collect.nip import normalise_nip

    try:
        kid = uc.file_keberatan(_store(ctx), cycle_id, normalise_nip(nip), alasan,
                                actor=f"{_actor(ctx)} (atas nama pegawai)", today=tanggal)
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(f"Keberatan {kid} dicatat.")


@main.command("keberatan-tanggapan")
@click.argument("keberatan_id", type=int)
@click.option("--tanggapan", required=True, help="Tanggapan Pejabat Penilai.")
@click.pass_context
def keberatan_tanggapan(ctx, keberatan_id, tanggapan):
    """Catat tanggapan Pejabat Penilai atas keberatan (HR atas nama Pejabat Penilai)."""
    try:
        uc.explain_keberatan(_store(ctx), keberatan_id, tanggapan,
                             actor=f"{_actor(ctx)} (atas nama Pejabat Penilai)")
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(f"Tanggapan atas keberatan {keberatan_id} dicatat.")


@main.command("keberatan-putusan")
@click.argument("keberatan_id", type=int)
@click.option("--keputusan", type=click.Choice(["tetap", "ubah"]), required=True,
              help="tetap: predikat dikuatkan; ubah: predikat diganti.")
@click.option("--predikat", default=None, help="Predikat baru (untuk keputusan 'ubah').")
@click.option("--alasan", required=True, help="Alasan keputusan.")
@click.pass_context
def keberatan_putusan(ctx, keberatan_id, keputusan, predikat, alasan):
    """Catat keputusan atasan Pejabat Penilai atas keberatan (HR atas namanya): versi hasil baru."""
    try:
        version = uc.decide_keberatan(_store(ctx), keberatan_id, keputusan, alasan, predikat=predikat,
                                      actor=f"{_actor(ctx)} (atas nama atasan Pejabat Penilai)")
    except (StoreError, ValueError) as exc:
        _abort(exc)
    click.echo(f"Keputusan atas keberatan {keberatan_id} dicatat: hasil versi {version}.")


@main.command("keberatan-status")
@click.argument("cycle_id", type=int)
@click.pass_context
def keberatan_status_cmd(ctx, cycle_id):
    """Daftar keberatan dengan tahap, batas waktu keputusan dan keterlambatan."""
    table = uc.keberatan_status(_store(ctx), cycle_id)
    if table.empty:
        click.echo("Belum ada keberatan.")
        return
    with pd.option_context("display.width", 220, "display.max_colwidth", 40):
        click.echo(table.to_string(index=False))
