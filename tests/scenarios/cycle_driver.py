"""The whole-cycle driver of the scenario tests (issue 21): one agency from roster import to the
next period's trend, through the ``kinerja-survey`` CLI as HR types it, with the raters' answers
put in through their own links (``Store.save_response``, as the rater app does) and every output
checked after every step.

:class:`WholeCycle` keeps the agency's folder (``in/`` the files HR hands in, ``out/`` every file a
command wrote, ``mail/`` the e-mails received), the CLI's output of every command and the checks:

* :meth:`WholeCycle.check_outputs` -- everything written so far: no "Traceback" anywhere; no
  machine code or English word in what the CLI printed (``test_no_english.CODES``); every header
  of every workbook and CSV from the label map (``test_no_english.header_problems``); every time
  of day labelled with the installation's zone (WIB); every personal link on the public address
  and never on this computer (127.0.0.1, localhost).
* :meth:`WholeCycle.check_results` -- one final result: the final predikat of each person is the
  PermenPANRB matrix of the final ratings (or an override with its reason), and the analysis
  workbook, the dashboard's employee list and counts, the published snapshot and the feedback
  reports show the same predikat and ratings for each person.

The clock: the period ends yesterday (WIB), so its deadline has passed when the cycle starts; the
answers given "in time" are saved through a store whose clock reads the day before the deadline
(:meth:`WholeCycle.answer_in_time`); everything else runs on the real clock, so that a Voilà
kernel (real clock) and the CLI agree.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
import time
import urllib.parse
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner
from test_no_english import CODES, _words, header_problems

from kinerja_survey import cycle as uc
from kinerja_survey.analysis.predikat import KUADRAN
from kinerja_survey.apps.dashboard import people_table, predikat_summary
from kinerja_survey.cli import main
from kinerja_survey.cycle.calibration import cycle_ratees
from kinerja_survey.demo import simulate_ratings
from kinerja_survey.store import Store, local_time, zone_name
from kinerja_survey.store.hr import utc_offset

HR = "Rina Kusuma (Kepegawaian)"
HK_LABELS = ("Diatas Ekspektasi", "Sesuai Ekspektasi", "Dibawah Ekspektasi")
#: a date followed by a time of day ("08-12-2026 06.01", "2026-12-08 06:01:22", "08-12-2026 pukul 23.59")
MOMENT = re.compile(r"\b(\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2})(?:[ T]|,? pukul |,? at )\d{2}[.:]\d{2}(?::\d{2})?\b")
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def local_today() -> dt.date:
    """Today in the installation's zone (WIB)."""
    return local_time(dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)).date()


def unlabelled_times(text: str, where: str) -> list[str]:
    """Each date-and-time in ``text`` not followed (within 40 characters: "a s.d. b WIB") by the zone."""
    zone = zone_name()
    return [f"{where}: {m.group(0)!r} without {zone}" for m in MOMENT.finditer(text)
            if zone not in text[m.end():m.end() + 40]]


def token_links(text: str) -> list[str]:
    """Every personal link (``...?token=``) in ``text``, URL-encoded ones (wa.me) decoded first."""
    text = urllib.parse.unquote(text)
    return re.findall(r"https?://[^\s\"'<>]*token=[A-Za-z0-9_\-]+", text)


class WholeCycle:
    """One agency's whole cycle in ``root`` (see the module docstring)."""

    def __init__(self, agency, root: Path, public: str, *, smtp=None):
        self.agency = agency
        self.root = Path(root)
        self.inputs, self.out, self.mail = self.root / "in", self.root / "out", self.root / "mail"
        for d in (self.inputs, self.out, self.mail):
            d.mkdir(parents=True, exist_ok=True)
        self.db = self.root / "kinerja.sqlite"
        self.public = public.rstrip("/")
        self.smtp = smtp  # uc.SmtpConfig of the test's SMTP server
        self.printed: list[tuple[tuple, str]] = []
        self.shown: list[tuple[str, str]] = []  # texts a person read in an app page
        self.steps: list[str] = []
        self.durations: list[tuple[float, str]] = []  # seconds per CLI command
        self.checked: dict[Path, tuple] = {}  # file -> (mtime, its problems)
        self.today = local_today()

    # -- running -----------------------------------------------------------------------------
    def run(self, *args, expect: int | None = 0, input: str | None = None) -> str:
        """``kinerja-survey --db DB --petugas HR ARGS`` (Bahasa Indonesia); its output is kept."""
        env = {}
        if self.smtp is not None:
            c = self.smtp
            env = {"KINERJA_SURVEY_SMTP_HOST": c.host, "KINERJA_SURVEY_SMTP_PORT": str(c.port),
                   "KINERJA_SURVEY_SMTP_STARTTLS": "1" if c.starttls else "0", "KINERJA_SURVEY_SMTP_FROM": c.sender,
                   "KINERJA_SURVEY_SMTP_USER": c.user or "", "KINERJA_SURVEY_SMTP_PASSWORD": c.password or ""}
        began = time.perf_counter()
        result = CliRunner().invoke(main, ["--db", str(self.db), "--petugas", HR, *map(str, args)], input=input,
                                    env=env, catch_exceptions=False)
        self.printed.append((args, result.output))
        self.durations.append((time.perf_counter() - began, " ".join(map(str, args[:2]))))
        assert expect is None or result.exit_code == expect, (args, result.output)
        return result.output

    def store(self, clock=None) -> Store:
        store = Store(self.db)
        if clock is not None:
            store.db.clock = clock
        return store

    def links(self, name: str = "tautan-1.csv") -> dict[str, str]:
        links = pd.read_csv(self.out / name, dtype=str)
        return dict(zip(links["nip"], links["token"]))

    def step(self, name: str) -> None:
        """A step is done: check every output written so far."""
        self.steps.append(name)
        self.check_outputs(name)

    # -- the cycle's pieces --------------------------------------------------------------------
    def start(self, *, url_dasar: bool = False) -> None:
        """Roster import, a period ended yesterday, assignments with links, opened."""
        roster = self.agency.write(self.inputs / self.agency.filename)
        self.run("siapkan")
        if not url_dasar:
            self.run("alamat-publik", self.public)
        self.step("siapkan")
        self.run("impor-roster", roster, "--ya")
        self.step("impor-roster")
        end = self.today - dt.timedelta(days=1)
        self.run("buat-periode", f"Penilaian Perilaku {self.agency.key.upper()} 2026", "--mulai",
                 end - dt.timedelta(days=180), "--selesai", end, "--kontak", "Bagian Kepegawaian, ext. 123", "--ya")
        assign = ["tetapkan-penilai", "1", "--benih", "2026", "--tautan", self.out / "tautan-1.csv"]
        self.run(*assign, *(["--url-dasar", self.public] if url_dasar else []))
        self.run("daftar-penilai", "1", "--keluaran", self.out / "daftar-penilai.csv")
        self.step("tetapkan-penilai")
        self.run("buka", "1")
        self.step("buka")

    def answer_in_time(self, cycle_id: int, skip, *, seed: int, tokens: dict) -> int:
        """Every form but those ``skip(rater, ratee)`` names, submitted the day before the deadline."""
        before = dt.datetime.combine(self.today - dt.timedelta(days=2), dt.time(10)) - utc_offset()
        store = self.store(clock=lambda: before)
        try:
            return answer(store, cycle_id, tokens, seed=seed, skip=skip)
        finally:
            store.dispose()

    def remind(self, smtp) -> None:
        """Invitations over e-mail (a real SMTP server) and WhatsApp (a CSV of wa.me links)."""
        self.run("ingatkan", "1", "--saluran", "email", "--pratinjau")
        before = len(smtp.messages)
        self.run("ingatkan", "1", "--saluran", "email", "--keluaran", self.out / "email-terkirim.csv")
        received = smtp.messages[before:]
        assert received, "no e-mail reached the SMTP server"
        roster = self.agency.people
        for k, msg in enumerate(received):
            assert msg["To"].addresses[0].addr_spec in set(roster["email"]) | set(roster["email_gov"]), msg["To"]
            body = msg.get_body(("plain",)).get_content()
            (self.mail / f"surel-{before + k:03d}.txt").write_text(f"Subject: {msg['Subject']}\n\n{body}", "utf-8")
            assert token_links(body) and all(u.startswith(self.public + "/") for u in token_links(body)), body
        self.step("ingatkan email")
        self.run("ingatkan", "1", "--saluran", "whatsapp", "--keluaran", self.out / "whatsapp.csv")
        wa = pd.read_csv(self.out / "whatsapp.csv", dtype=str)
        assert len(wa) > 0 and all(u.startswith("https://wa.me/62") for u in wa["wa_url"])
        assert set(wa["no_hp"]) <= set(roster["no_hp"])  # SIASN's "+62 812-3456-789" and SIMPEG's "0812..." as 62...
        assert all(token_links(u)[0].startswith(self.public + "/") for u in wa["wa_url"])
        self.run("kotak-keluar", "1")
        self.step("ingatkan whatsapp")

    def close_and_calibrate(self, *, seed: int) -> str:
        """Close, hasil kerja (an e-Kinerja export), organisation predikat, calibration with an
        override (the NIP typed with spaces, as it is printed on paper), berita acara, publish."""
        self.run("tutup", "1")
        self.step("tutup")
        store = self.store()
        try:
            ratees = cycle_ratees(store, 1)
        finally:
            store.dispose()
        rng = random.Random(seed)
        hk = pd.DataFrame({"NIP": ratees, "Rating Hasil Kerja": [
            rng.choice(HK_LABELS[:1] + HK_LABELS[1:2] * 5 + HK_LABELS[2:] * 2) for _ in ratees]})
        hk.to_excel(self.inputs / "ekspor-ekinerja.xlsx", index=False)
        self.run("impor-hasil-kerja", "1", self.inputs / "ekspor-ekinerja.xlsx", "--ya")
        self.run("predikat-organisasi", "1", "Baik")
        self.run("kalibrasi", "1")
        self.step("hasil kerja")
        store = self.store()
        try:
            people = uc.load_results(store, 1).people
        finally:
            store.dispose()
        override_nip = people.loc[people["predikat"] == "Baik", "nip"].iloc[0]
        spaced = f"{override_nip[:8]} {override_nip[8:14]} {override_nip[14]} {override_nip[15:]}"
        self.run("kalibrasi", "1", "--nip", spaced, "--predikat", "Butuh Perbaikan", "--alasan",
                 "Capaian SKP triwulan IV di bawah target unit")
        self.run("berita-acara", "1", "--keluaran", self.out / "berita-acara.xlsx", "--peserta", "Kepala Badan")
        self.step("kalibrasi")
        return override_nip

    def publish(self, *, exports: bool = True) -> None:
        first = self.run("umumkan", "1", "--ya", expect=None)
        if "Pengumuman ditolak" in first:  # the check names what fails; then published with a reason
            self.run("umumkan", "1", "--ya", "--paksa", "--alasan",
                     "Kurva distribusi belum terpenuhi; disetujui Kepala Badan dalam rapat kalibrasi")
        self.run("berita-acara", "1", "--keluaran", self.out / "berita-acara-umum.xlsx")
        if exports:
            self.write_exports("umumkan")
        self.step("umumkan")

    def keberatan(self, nip: str, new_hk: str) -> int:
        """A keberatan filed, answered and decided: the rating hasil kerja changes."""
        self.run("ajukan-keberatan", "1", nip, "--alasan", "Capaian kinerja saya bulan Desember belum dihitung")
        self.run("tanggapi-keberatan", "1", "--tanggapan", "Capaian Desember sudah diverifikasi atasan langsung")
        out = self.run("putuskan-keberatan", "1", "--keputusan", "ubah", "--hasil-kerja", new_hk, "--alasan",
                       "Bukti capaian bulan Desember sah")
        self.run("daftar-keberatan", "1")
        self.write_exports("keberatan")
        self.step("keberatan")
        return int(re.search(r"versi (\d+)", out).group(1))

    def dialog(self) -> pd.DataFrame:
        self.run("tautan-dialog", "1", "--keluaran", self.out / "dialog.csv")
        links = pd.read_csv(self.out / "dialog.csv", dtype=str)
        for col in ("tautan_atasan", "tautan_pegawai"):
            assert all(u.startswith(self.public + "/?token=") for u in links[col]), links[col].iloc[0]
        self.step("tautan-dialog")
        return links

    def next_period(self, *, seed: int) -> None:
        """The next period made from this one, answered, closed; the trend of both."""
        self.run("buat-periode", f"Penilaian Perilaku {self.agency.key.upper()} berikutnya", "--dari-periode", "1",
                 "--benih", "2027", "--tautan", self.out / "tautan-2.csv", "--ya")
        self.run("buka", "2", "--ya")
        self.step("periode berikutnya")
        store = self.store()
        try:
            answer(store, 2, self.links("tautan-2.csv"), seed=seed)
        finally:
            store.dispose()
        self.run("tutup", "2", "--ya")
        self.run("status")
        self.run("tren", "--keluaran", self.out / "tren.xlsx")
        self.step("tren")

    def write_exports(self, tag: str) -> None:
        """The analysis workbook (every sheet, Indonesian headers) and the status, as HR prints them after ``tag``."""
        self.run("analisis", "1", "--keluaran", self.out / f"analisis-{tag}", "--format", "xlsx")
        self.run("status", "1")

    # -- checks --------------------------------------------------------------------------------
    def check_outputs(self, step: str) -> None:
        problems: list[str] = []
        for args, text in self.printed:
            where = f"{step}: kinerja-survey {' '.join(map(str, args))[:60]}"
            if "Traceback" in text:
                problems.append(f"{where}: Traceback")
            leaks = _words(text) & set(CODES)
            if leaks:
                problems.append(f"{where}: {sorted(leaks)}")
            problems += unlabelled_times(text, where)
            # ``status`` may say that the installation itself has no public address: only links count
            problems += self._link_problems(text, where, loopback=False)
        for where, text in self.shown:
            if "Traceback" in text or "There was an error" in text:
                problems.append(f"{step}: page {where}: an error is shown")
            problems += unlabelled_times(text, f"{step}: page {where}")
            problems += self._link_problems(text, f"{step}: page {where}")
        for path in sorted(p for p in self.root.rglob("*") if p.is_file() and p.parent != self.inputs):
            if path.suffix not in (".csv", ".txt", ".html", ".xlsx"):
                continue
            mtime = (path.stat().st_mtime_ns, path.stat().st_size)
            if path not in self.checked or self.checked[path][0] != mtime:  # each file version read once
                self.checked[path] = (mtime, self._file_problems(path))
            problems += [f"{step}: {p}" for p in self.checked[path][1]]
        assert problems == [], "\n".join(problems[:40])

    def _file_problems(self, path: Path) -> list[str]:
        where = str(path.relative_to(self.root))
        problems = header_problems(path.parent, inputs=set(), only=path.name) if path.suffix in (".csv", ".xlsx") else []
        if path.suffix == ".xlsx":
            text = "\n".join(_xlsx_texts(path, problems))
        else:
            text = path.read_text("utf-8", errors="replace")
        if "Traceback" in text:
            problems.append(f"{where}: Traceback")
        return problems + unlabelled_times(text, where) + self._link_problems(text, where)

    def _link_problems(self, text: str, where: str, *, loopback: bool = True) -> list[str]:
        bad = [u for u in token_links(text) if not u.startswith(self.public + "/")]
        near = [h for h in LOOPBACK if h in urllib.parse.unquote(text)] if loopback else []
        return [f"{where}: links {bad[:2]} {near}"] if bad or near else []

    def check_results(self, cycle_id: int = 1, *, reports=(), analysis: str | None = None) -> pd.DataFrame:
        """One final result for each person everywhere (see the module docstring); returns it."""
        store = self.store()
        try:
            results = uc.load_results(store, cycle_id)
            people = results.people.set_index("nip")
            published = uc.published_people(store, cycle_id)
        finally:
            store.dispose()
        rated = people[people["predikat"].notna()]
        assert len(rated) > 0
        # the final predikat: the matrix of the final ratings, or an override with its reason
        for nip, p in rated.iterrows():
            if pd.isna(p.get("predikat_alasan")) or not p.get("predikat_alasan"):
                assert p["predikat"] == KUADRAN[(p["rating_hasil_kerja"], p["rating_perilaku"])], nip
        final = rated[["rating_hasil_kerja", "rating_perilaku", "predikat"]]
        # the dashboard's employee list (names mode: HR's own screen) and its predikat counts, from
        # the people the dashboard draws (``apps.dashboard.dashboard_data``: the results' people)
        board = people_table(results.people, meeting_mode=False).set_index("nip")
        assert board.loc[final.index, list(final.columns)].equals(final)
        counts, _rules = predikat_summary(results.people, min_people=1)
        assert dict(zip(counts["predikat"], counts["jumlah"])) == {
            k: int((final["predikat"] == k).sum()) for k in counts["predikat"]}
        # the published snapshot (what the employee page reads)
        if len(published):
            snap = published.set_index("nip")
            assert snap.loc[final.index, "predikat"].tolist() == final["predikat"].tolist()
        # the analysis workbook
        if analysis:
            book = self.out / analysis / f"analisis-periode-{cycle_id}.xlsx"
            skor = pd.read_excel(book, sheet_name="skor", dtype={"pegawai (NIP/kode)": str}).set_index(
                "pegawai (NIP/kode)")
            cols = {"rating hasil kerja": "rating_hasil_kerja", "rating perilaku kerja": "rating_perilaku",
                    "predikat kinerja": "predikat"}
            got = skor.loc[final.index, list(cols)].rename(columns=cols)
            assert got.equals(final), got.compare(final)
        # the feedback reports of a few people
        if reports:
            folder = self.out / f"laporan-{len(self.steps)}"
            for nip in reports:
                self.run("laporan", str(cycle_id), "--nip", nip, "--keluaran", folder, "--format", "html")
                page = next(folder.glob(f"*-{nip}.html")).read_text("utf-8")
                shown = dict(re.findall(r"<div>([^<]+)<b>([^<]+)</b></div>", page))
                assert shown["Predikat kinerja"] == final.at[nip, "predikat"], (nip, shown)
                assert shown["Rating hasil kerja"] == final.at[nip, "rating_hasil_kerja"], (nip, shown)
        return final


def answer(store, cycle_id: int, tokens: dict, *, seed: int, skip=lambda rater, ratee: False) -> int:
    """Submit the cycle's pending forms with simulated answers through each rater's own link."""
    asg = store.assignments_frame(cycle_id)
    asg = asg[asg["status"] == "pending"]
    sim = simulate_ratings(asg[["rater", "ratee", "relationship"]], store.instrument(cycle_id), seed=seed,
                           missing_rate=0.0)
    wide = sim.ratings.pivot_table(index=["rater", "ratee"], columns="item", values="rating", observed=True)
    done = 0
    for row in asg.itertuples(index=False):
        if skip(row.rater, row.ratee):
            continue
        values = {item: int(v) for item, v in wide.loc[(row.rater, row.ratee)].items()}
        store.save_response(tokens[row.rater], int(row.assignment_id), values, submit=True)
        done += 1
    return done


def _xlsx_texts(path: Path, problems: list[str]) -> list[str]:
    """The text cells of a workbook; a date-time cell (not a whole day) under a header that does not
    name the zone is a problem."""
    out = []
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        for ws in wb.worksheets:
            header = None
            for row in ws.iter_rows(values_only=True):
                if header is None:
                    header = row
                    continue
                for h, v in zip(header, row):
                    if isinstance(v, str):
                        out.append(v)
                    elif isinstance(v, dt.datetime) and v.time() != dt.time() and zone_name() not in str(h):
                        problems.append(f"{path.name}:{ws.title}: {h} {v} without {zone_name()}")
    finally:
        wb.close()
    return [html.unescape(v) for v in out]
