"""Closing a cycle (PermenPANRB 6/2022): hasil kerja import, organisation predikat, calibration,
publication, the employee's own results and keberatan -- on real databases and through the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import cli_as

from kinerja_survey import cycle as uc
from kinerja_survey.cli import main
from kinerja_survey.collect.hasil_kerja import HasilKerjaError
from kinerja_survey.demo import answer_all, open_demo_cycle
from kinerja_survey.present.labels import column_label
from kinerja_survey.store import AccessDenied, Store, StoreError

#: the reason given for publishing a demo cycle that fails the publish check (the kurva, people
#: whose rater groups are under their thresholds): these tests are about what follows publication
FORCED = "Uji: diumumkan meskipun kurva distribusi belum terpenuhi"


class Clock:
    """A clock for ``Store(url, clock=...)`` that the test moves (naive UTC)."""

    def __init__(self, at=None):
        self.at = at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)

    def __call__(self):
        return self.at

    def to(self, day: dt.date) -> None:
        self.at = dt.datetime.combine(day, dt.time(10, 0))


def run(db, *args, input=None):
    return CliRunner().invoke(main, ["--db", str(db), "--petugas", "Rina HR", *args], input=input,
                              catch_exceptions=False)


def _closed_cycle(store, n=24, seed=5):
    demo = open_demo_cycle(store, n, seed=seed, actor="hr")
    answer_all(store, demo.cycle_id, dict(zip(demo.links["nip"], demo.links["token"])), seed=seed)
    uc.close_cycle(store, demo.cycle_id, actor="hr")
    return demo


def _hk_frame(store, cid, label="Sesuai Ekspektasi"):
    from kinerja_survey.cycle.calibration import cycle_ratees

    nips = cycle_ratees(store, cid)
    return pd.DataFrame({"NIP": nips, "Rating Hasil Kerja": [label] * len(nips)})


# --- the whole cycle through the command line -------------------------------------------------------

def test_a_whole_cycle_through_the_cli(tmp_path, small_roster):
    db = tmp_path / "k.sqlite"
    roster = tmp_path / "pegawai.csv"
    small_roster.to_csv(roster, index=False)
    assert run(db, "siapkan").exit_code == 0
    assert run(db, "impor-roster", str(roster)).exit_code == 0
    assert run(db, "buat-periode", "Penilaian 2026", "--mulai", "2026-01-01", "--selesai", "2026-12-31").exit_code == 0
    links_path = tmp_path / "tautan.csv"
    assert run(db, "tetapkan-penilai", "1", "--benih", "4", "--tautan", str(links_path)).exit_code == 0
    assert run(db, "buka", "1").exit_code == 0
    links = pd.read_csv(links_path, dtype=str)
    store = Store(db)
    answer_all(store, 1, dict(zip(links["nip"], links["token"])), seed=4)
    assert run(db, "tutup", "1").exit_code == 0
    from kinerja_survey.cycle.calibration import cycle_ratees

    ratees = cycle_ratees(store, 1)
    out = run(db, "status", "1")
    assert f"belum memiliki rating hasil kerja: {len(ratees)} pegawai" in out.output
    assert "hasil sementara" in out.output

    # hasil kerja from an e-Kinerja export: header spellings and label variants
    labels = ["di atas ekspektasi", "Sesuai", "DIBAWAH EKSPEKTASI"] + ["sesuai ekspektasi"] * (len(ratees) - 3)
    hk = pd.DataFrame({"NIP Baru": [f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" for n in ratees],
                       "Rating Hasil Kerja": labels})
    hk_path = tmp_path / "ekinerja.xlsx"
    hk.to_excel(hk_path, index=False)
    out = run(db, "impor-hasil-kerja", "1", str(hk_path))
    assert out.exit_code == 0, out.output
    assert f"{len(ratees)} baru" in out.output and "Belum memiliki hasil kerja: 0 pegawai" in out.output
    assert "belum memiliki rating hasil kerja: 0 pegawai" in run(db, "status", "1").output

    # a re-import that changes a stored rating shows the change and asks; "n" writes nothing
    hk2 = hk.copy()
    hk2.loc[3, "Rating Hasil Kerja"] = "Diatas Ekspektasi"
    hk2_path = tmp_path / "ekinerja2.csv"
    hk2.to_csv(hk2_path, index=False)
    out = run(db, "impor-hasil-kerja", "1", str(hk2_path), input="n\n")
    assert out.exit_code == 1 and "1 rating hasil kerja yang sudah tersimpan akan berubah" in out.output
    assert "Sesuai Ekspektasi" in out.output and "Tidak ada yang disimpan" in out.output
    stored = store.hasil_kerja_frame(1).set_index("nip")["rating"]
    assert stored[ratees[3]] == "Sesuai Ekspektasi"
    out = run(db, "impor-hasil-kerja", "1", str(hk2_path), input="y\n")
    assert out.exit_code == 0 and "1 berubah" in out.output
    assert store.hasil_kerja_frame(1).set_index("nip")["rating"][ratees[3]] == "Diatas Ekspektasi"

    # organisation predikat, calibration
    assert "belum ditetapkan" in run(db, "predikat-organisasi", "1").output
    out = run(db, "predikat-organisasi", "1", "baik")
    assert out.exit_code == 0 and "Baik" in out.output
    out = run(db, "kalibrasi", "1")
    assert out.exit_code == 0 and "Predikat organisasi: Baik." in out.output and "Kuadran" in out.output
    results = uc.load_results(store, 1)
    sc = results.scores.dropna(subset=["predikat"])
    emp = store.employees_frame().set_index("nip")
    # someone with a Pejabat Penilai who has an atasan of their own (the keberatan chain)
    chain = [n for n in sc.index if emp.at[n, "atasan_nip"] and emp.at[emp.at[n, "atasan_nip"], "atasan_nip"]]
    target = chain[0]
    usulan = sc.at[target, "predikat"]
    decided = "Butuh Perbaikan" if usulan != "Butuh Perbaikan" else "Baik"
    out = run(db, "kalibrasi", "1", "--nip", target, "--predikat", decided, "--alasan", "singkat")
    assert out.exit_code != 0 and "minimal 10 karakter" in out.output
    out = run(db, "kalibrasi", "1", "--nip", target, "--predikat", decided,
              "--alasan", "Capaian SKP triwulan IV di bawah target unit")
    assert out.exit_code == 0 and f"ditetapkan: {decided}" in out.output and "Perubahan predikat" in out.output

    # berita acara before publication
    ba_pdf, ba_xlsx = tmp_path / "ba.pdf", tmp_path / "ba.xlsx"
    assert run(db, "berita-acara", "1", "--keluaran", str(ba_pdf), "--peserta", "Kepala BKPSDM").exit_code == 0
    assert run(db, "berita-acara", "1", "--keluaran", str(ba_xlsx)).exit_code == 0
    changes = pd.read_excel(ba_xlsx, sheet_name="perubahan", dtype=str)
    assert changes["Predikat ditetapkan"].tolist()[-1] == decided
    assert changes["Alasan"].tolist()[-1] == "Capaian SKP triwulan IV di bawah target unit"
    assert changes["Oleh"].eq(cli_as("Rina HR")).all()
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(ba_pdf).pages)
    assert "Berita Acara Kalibrasi" in text and "Capaian SKP triwulan IV" in text and "hasil sementara" in text

    # unpublished outputs are provisional
    rep = tmp_path / "lap"
    assert run(db, "laporan", "1", "--nip", target, "--keluaran", str(rep), "--format", "html").exit_code == 0
    page = next(rep.glob(f"umpan-balik-*{target}.html")).read_text()  # named <nama>-<NIP> (issue 14)
    assert "HASIL SEMENTARA" in page

    # publish: the check first (who has no predikat and why, the broken kurva rules); forcing needs a reason
    assert run(db, "umumkan", "1", input="n\n").exit_code == 1 and not store.is_published(1)
    out = run(db, "umumkan", "1", "--ya")
    assert out.exit_code == 1 and not store.is_published(1), out.output
    assert "pegawai belum memiliki predikat" in out.output and "belum ada rating perilaku" in out.output
    assert "aturan kurva distribusi (predikat organisasi Baik) tidak terpenuhi" in out.output
    assert "Pengumuman ditolak" in out.output and "Traceback" not in out.output
    out = run(db, "umumkan", "1", "--ya", "--paksa")
    assert out.exit_code == 2 and "--paksa memerlukan --alasan" in out.output and not store.is_published(1)
    out = run(db, "umumkan", "1", "--ya", "--paksa", "--alasan", "pendek")
    assert out.exit_code == 1 and "minimal 10 karakter" in out.output and not store.is_published(1)
    forced = "Rapat tim penilai menerima kurva; satu pegawai tanpa atasan yang cukup penilai"
    out = run(db, "umumkan", "1", "--ya", "--paksa", "--alasan", forced)
    assert out.exit_code == 0 and "versi 1" in out.output, out.output
    assert store.snapshot(1, 1)["forced_reason"] == forced
    assert store.audit_frame().query("action == 'publish_cycle'")["detail_json"].astype(str).str.contains(forced).all()
    assert run(db, "umumkan", "1", "--ya", "--paksa", "--alasan", forced).exit_code != 0  # once
    out = run(db, "kalibrasi", "1", "--nip", target, "--predikat", "Baik", "--alasan", "setelah diumumkan tidak boleh")
    assert out.exit_code != 0 and "keberatan" in out.output
    assert run(db, "impor-hasil-kerja", "1", str(hk_path), "--ya").exit_code != 0
    assert run(db, "predikat-organisasi", "1", "Istimewa").exit_code != 0
    assert "diumumkan (versi 1)" in run(db, "status", "1").output

    # the employee's own link opens their own results, nothing else
    token = links.set_index("nip")["token"][target]
    with pytest.raises(AccessDenied):
        store.open_link(token)  # no form any more
    assert store.open_results_link(token)["nip"] == target

    # keberatan: filed, explained, decided (HR on the officials' behalf), a new version
    out = run(db, "ajukan-keberatan", "1", target, "--alasan", "Capaian saya sudah dilaporkan pada e-Kinerja bulan Desember")
    assert out.exit_code == 0 and "Keberatan 1 dicatat" in out.output
    assert "menunggu tanggapan Pejabat Penilai" in run(db, "daftar-keberatan", "1").output
    out = run(db, "putuskan-keberatan", "1", "--keputusan", "ubah", "--predikat", "Baik", "--alasan", "bukti baru diterima")
    assert out.exit_code != 0 and "belum memberi tanggapan" in out.output
    assert run(db, "tanggapi-keberatan", "1", "--tanggapan", "Laporan Desember belum diverifikasi").exit_code == 0
    final = "Sangat Baik" if decided != "Sangat Baik" else "Baik"
    out = run(db, "putuskan-keberatan", "1", "--keputusan", "ubah", "--predikat", final,
              "--alasan", "Bukti capaian Desember sah dan lengkap")
    assert out.exit_code == 0 and "versi 2" in out.output
    assert "selesai" in run(db, "daftar-keberatan", "1").output

    # the expected predikat in every output
    assert store.snapshot(1, 1)["people"][[p["nip"] for p in store.snapshot(1, 1)["people"]].index(target)][
        "predikat"] == decided
    snap2 = {p["nip"]: p for p in store.snapshot(1)["people"]}
    assert store.snapshot(1)["version"] == 2 and snap2[target]["predikat"] == final
    assert snap2[target]["predikat_usulan"] == usulan
    results = uc.load_results(store, 1)
    assert results.scores.at[target, "predikat"] == final and not results.provisional
    out_dir = tmp_path / "analisis"
    assert run(db, "analisis", "1", "--keluaran", str(out_dir)).exit_code == 0
    skor = pd.read_csv(out_dir / "skor.csv", dtype=str).set_index("ratee")
    assert skor.at[target, "predikat"] == final and skor.at[target, "predikat_usulan"] == usulan
    rep2 = tmp_path / "lap2"
    assert run(db, "laporan", "1", "--nip", target, "--keluaran", str(rep2), "--format", "keduanya").exit_code == 0
    page = next(rep2.glob(f"umpan-balik-*{target}.html")).read_text()
    assert f"Predikat kinerja<b>{final}</b>" in page and "HASIL SEMENTARA" not in page
    text = "".join(p.extract_text() for p in PdfReader(next(rep2.glob(f"umpan-balik-*{target}.pdf"))).pages)
    assert final in text
    from kinerja_survey.apps.employee import EmployeeApp

    app = EmployeeApp(store, token)
    assert app.view == "results" and f"Predikat kinerja<b>{final}</b>" in app.report_html
    audit = store.audit_frame()
    for action in ("set_org_predikat", "publish_cycle", "file_keberatan", "explain_keberatan", "decide_keberatan"):
        assert action in set(audit["action"]), action
    decided_by = audit[audit["action"] == "decide_keberatan"]["actor"].iloc[0]
    assert decided_by == f"{cli_as('Rina HR')} (atas nama atasan Pejabat Penilai)"
    assert target not in "".join(audit["detail_json"])  # ids only, never a NIP


# --- hasil kerja files ---------------------------------------------------------------------------------

def test_bad_hasil_kerja_file_names_every_row_and_writes_nothing(store):
    demo = _closed_cycle(store)
    cid = demo.cycle_id
    good = _hk_frame(store, cid)
    outsider = store.employees_frame()
    in_cycle = set(good["NIP"])
    extra = [n for n in outsider["nip"] if n not in in_cycle]
    bad = pd.concat([good, pd.DataFrame({"NIP": ["199001012020011999", good["NIP"][0], good["NIP"][2]],
                                         "Rating Hasil Kerja": ["Sesuai", "Sesuai", "luar biasa"]})],
                    ignore_index=True)
    bad.loc[1, "Rating Hasil Kerja"] = ""
    if extra:  # the demo roster has nobody outside the cycle: every employee is rated
        bad.loc[len(bad)] = [extra[0], "Sesuai"]
    with pytest.raises(HasilKerjaError) as err:
        uc.import_hasil_kerja(store, cid, bad, actor="hr")
    msg = str(err.value)
    n = len(good)
    assert "baris 3, kolom 'rating': rating hasil kerja kosong" in msg
    assert f"baris {n + 2}, kolom 'nip': NIP 199001012020011999 tidak ada di roster" in msg
    assert f"baris {n + 3}, kolom 'nip': NIP {good['NIP'][0]} ganda (juga di baris 2)" in msg
    assert f"baris {n + 4}, kolom 'rating': rating tidak dikenal: 'luar biasa'" in msg
    assert "tidak ada data yang disimpan" in msg
    assert store.hasil_kerja_frame(cid).empty
    with pytest.raises(HasilKerjaError, match="kolom wajib 'rating'"):
        uc.import_hasil_kerja(store, cid, good.rename(columns={"Rating Hasil Kerja": "Nilai"}), actor="hr")


def test_nip_not_in_the_cycle_is_named(store):
    demo = _closed_cycle(store)
    cid2 = uc.create_cycle(store, "Periode kosong", "2027-01-01", "2027-12-31", actor="hr")
    one = pd.DataFrame({"nip": [demo.links["nip"][0]], "rating": ["Sesuai"]})
    with pytest.raises(HasilKerjaError, match="tidak dinilai pada periode ini"):
        uc.import_hasil_kerja(store, cid2, one, actor="hr")


# --- organisation predikat, calibration state, publication -----------------------------------------

def test_org_predikat_is_stored_per_cycle_and_unit(store):
    demo = _closed_cycle(store)
    cid = demo.cycle_id
    assert uc.org_predikat(store, cid) is None
    assert uc.set_org_predikat(store, cid, "cukup", actor="hr") == "Butuh Perbaikan"
    unit = store.employees_frame()["unit_kerja"].iloc[-1]
    uc.set_org_predikat(store, cid, "Istimewa", unit=unit, actor="hr")
    assert uc.org_predikat(store, cid) == "Butuh Perbaikan"
    assert uc.org_predikat(store, cid, unit) == "Istimewa"
    assert uc.org_predikat(store, cid, unit + " / Sub") == "Istimewa"
    with pytest.raises(StoreError, match="predikat organisasi tidak dikenal"):
        uc.set_org_predikat(store, cid, "Luar biasa", actor="hr")
    assert len(store.org_predikat_frame(cid, history=True)) == 2


def test_calibration_state_changes_the_result(store):
    demo = _closed_cycle(store)
    cid = demo.cycle_id
    uc.import_hasil_kerja(store, cid, _hk_frame(store, cid), actor="hr")
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    state = uc.CalibrationState(store, cid, actor="Tim Penilai Kinerja")
    grid = state.grid()
    people = state.people()
    rated = people.dropna(subset=["rating_perilaku"])
    rated = rated[rated["rating_perilaku"] != ""]
    assert int(grid.to_numpy().sum()) == len(rated)
    assert grid.loc["Dibawah Ekspektasi"].sum() == 0 and grid.loc["Diatas Ekspektasi"].sum() == 0
    # meeting mode hides names; outside it names are shown
    names = [n for cell in state.grid_names().values() for n in cell]
    assert all(n.startswith("P-") for n in names)
    state.meeting_mode = False
    assert set(n for cell in state.grid_names().values() for n in cell) <= set(people["nama"])
    # every staff member sits beside their supervisor's severity; fair and raw scores are given
    sup = state.supervisors()
    assert len(sup) and set(sup["reading"]) <= {"wajar", "lunak (memberi nilai lebih tinggi)",
                                                 "keras (memberi nilai lebih rendah)", "tidak diperkirakan"}
    staff = state.staff(sup["atasan_nip"].iloc[0])
    assert len(staff) and staff["skor_adil"].notna().any() and staff["skor_mentah"].notna().any()
    # everyone "Sesuai" on hasil kerja: all Baik or Kurang -> the Baik band needs some BP/Kurang
    before = state.violations()
    target = rated["nip"].iloc[0]
    with pytest.raises(StoreError, match="Alasan"):
        state.change(target, "Butuh Perbaikan", "")
    state.change(target, "Butuh Perbaikan", "Capaian kinerja di bawah target unit")
    assert state.results.scores.at[target, "predikat"] == "Butuh Perbaikan"
    dist = state.distribution().set_index("predikat")
    assert dist.at["Butuh Perbaikan", "ditetapkan"] == dist.at["Butuh Perbaikan", "usulan"] + 1
    after = state.violations()
    assert len(after) <= len(before)
    ch = state.changes()
    assert ch["alasan"].tolist() == ["Capaian kinerja di bawah target unit"]
    assert ch["oleh"].tolist() == ["Tim Penilai Kinerja"]
    # publish freezes; the check refuses first (kurva, people without a predikat) unless forced with a reason
    check = uc.publish_check(store, cid)
    assert not check.ok and len(check.failed_rules) == len(after)
    with pytest.raises(uc.CycleError, match="Pengumuman ditolak"):
        uc.publish(store, cid, actor="hr")
    assert uc.publish(store, cid, actor="hr", force=True, reason=FORCED) == 1
    with pytest.raises(uc.CycleError, match="keberatan"):
        state.change(target, "Baik", "setelah diumumkan tidak boleh")
    with pytest.raises(StoreError, match="diumumkan"):
        store.override_predikat(cid, target, "Baik", "setelah diumumkan tidak boleh", actor="hr")


def test_publish_requires_closed_cycle_org_predikat_and_hasil_kerja(store):
    demo = open_demo_cycle(store, 12, seed=2, actor="hr")
    cid = demo.cycle_id
    with pytest.raises(uc.CycleError, match="tutup periode dulu"):
        uc.publish(store, cid, actor="hr")
    answer_all(store, cid, dict(zip(demo.links["nip"], demo.links["token"])))
    uc.close_cycle(store, cid, actor="hr")
    with pytest.raises(uc.CycleError, match="Predikat organisasi belum ditetapkan"):
        uc.publish(store, cid, actor="hr")
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    with pytest.raises(uc.CycleError, match="12 pegawai belum memiliki rating hasil kerja"):
        uc.publish(store, cid, actor="hr")
    assert not uc.is_published(store, cid) and uc.load_results(store, cid).provisional


# --- keberatan windows ---------------------------------------------------------------------------------

def _published(store, clock=None, on=None):
    """A published demo cycle; with ``clock``, published on the day ``on`` (answered before it)."""
    demo = _closed_cycle(store)
    cid = demo.cycle_id
    uc.import_hasil_kerja(store, cid, _hk_frame(store, cid), actor="hr")
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    if clock is not None:
        clock.to(on)
    uc.publish(store, cid, actor="hr", force=True, reason=FORCED)
    return demo, cid


def test_keberatan_after_its_window_is_refused(store_url):
    """The store checks the window on its clock: filing no later than 14 working days after the
    publication, the decision no later than 7 working days after the filing."""
    clock = Clock()
    store = Store(store_url, clock=clock)
    demo, cid = _published(store, clock, dt.date(2027, 8, 2))  # Monday; 17 August (Hari Kemerdekaan) in the window
    published = pd.Timestamp(store.first_published_at(cid)).date()
    assert published == dt.date(2027, 8, 2)
    deadline = uc.keberatan_deadline(store, cid)
    assert deadline == uc.add_working_days(published, 14) == dt.date(2027, 8, 23)  # 17 August skipped
    nip = uc.published_people(store, cid).dropna(subset=["predikat"])["nip"].iloc[0]
    clock.to(deadline + dt.timedelta(days=1))
    with pytest.raises(uc.CycleError) as err:
        uc.file_keberatan(store, cid, nip, "Saya keberatan atas predikat ini", actor="pegawai")
    assert str(err.value) == (f"Batas waktu pengajuan keberatan sudah lewat: paling lambat {deadline:%d-%m-%Y} "
                              "(14 hari kerja setelah hasil diumumkan).")
    assert store.keberatan_frame(cid).empty
    # a keberatan on paper received on the last day is recorded later with its day; a future day is refused
    with pytest.raises(uc.CycleError, match="tidak boleh di masa depan"):
        uc.file_keberatan(store, cid, nip, "Saya keberatan atas predikat ini", actor="hr",
                          received=deadline + dt.timedelta(days=5))
    clock.to(deadline)
    kid = uc.file_keberatan(store, cid, nip, "Saya keberatan atas predikat ini", actor="pegawai")
    row = store.keberatan_frame(cid).iloc[0]
    assert row["id"] == kid and pd.Timestamp(row["decide_by"]).date() == uc.add_working_days(deadline, 7)
    with pytest.raises(uc.CycleError, match="sudah pernah diajukan"):
        uc.file_keberatan(store, cid, nip, "Saya keberatan atas predikat ini", actor="pegawai")
    # the decision after decide_by is refused, naming the day; on the day it is recorded
    uc.explain_keberatan(store, kid, "Capaian sudah dinilai bersama tim", actor="penilai")
    decide_by = pd.Timestamp(row["decide_by"]).date()
    clock.to(decide_by + dt.timedelta(days=1))
    with pytest.raises(uc.CycleError) as err:
        uc.decide_keberatan(store, kid, "tetap", "Bukti tidak menunjukkan capaian lebih", actor="atasan")
    assert str(err.value) == (f"Batas waktu keputusan keberatan sudah lewat: paling lambat {decide_by:%d-%m-%Y}; "
                              "keputusan tidak dapat dicatat lagi.")
    assert store.keberatan_frame(cid).iloc[0]["status"] == "dijelaskan" and store.snapshot(cid)["version"] == 1
    assert (uc.keberatan_status(store, cid)["terlambat"]).tolist() == [True]
    clock.to(decide_by)
    assert uc.decide_keberatan(store, kid, "tetap", "Bukti tidak menunjukkan capaian lebih", actor="atasan") == 2
    store.dispose()


def test_keberatan_received_on_paper_is_checked_on_its_day(store_url):
    clock = Clock()
    store = Store(store_url, clock=clock)
    demo, cid = _published(store, clock, dt.date(2027, 8, 2))
    deadline = uc.keberatan_deadline(store, cid)
    nip = uc.published_people(store, cid).dropna(subset=["predikat"])["nip"].iloc[0]
    clock.to(deadline + dt.timedelta(days=10))
    kid = uc.file_keberatan(store, cid, nip, "Saya keberatan atas predikat ini", actor="hr", received=deadline)
    row = store.keberatan_frame(cid).iloc[0]
    assert row["id"] == kid and pd.Timestamp(row["decide_by"]).date() == uc.add_working_days(deadline, 7)
    with pytest.raises(uc.CycleError, match="Batas waktu pengajuan keberatan sudah lewat"):
        uc.file_keberatan(store, cid, demo.links["nip"].iloc[-1], "Saya keberatan atas predikat ini", actor="hr",
                          received=deadline + dt.timedelta(days=1))
    store.dispose()


def test_working_days_skip_weekends_and_indonesian_holidays():
    # 2027-08-17 (Tuesday) is Hari Kemerdekaan; 2027-08-14/15 a weekend
    assert uc.add_working_days(dt.date(2027, 8, 13), 2) == dt.date(2027, 8, 18)
    # 14 working days from Friday 2027-12-17 skip 25 Dec (Saturday anyway) and 1 Jan 2028 (Saturday)
    days = [uc.add_working_days(dt.date(2027, 12, 17), k) for k in range(1, 15)]
    assert all(d.weekday() < 5 for d in days) and dt.date(2027, 12, 25) not in days


def test_snapshot_versions_are_kept(store):
    demo, cid = _published(store)
    snap = store.snapshot(cid)
    assert snap["version"] == 1 and snap["org_predikat"] == "Baik"
    assert json.dumps(snap, default=str)
    assert store.publications_frame(cid)["version"].tolist() == [1]


# --- the employee's own link after publication ------------------------------------------------------

def test_employee_link_opens_own_results_and_runs_keberatan(store):
    from kinerja_survey.apps.employee import EmployeeApp
    from kinerja_survey.apps.rater import RaterApp

    demo = _closed_cycle(store)
    cid = demo.cycle_id
    token_of = dict(zip(demo.links["nip"], demo.links["token"]))
    uc.import_hasil_kerja(store, cid, _hk_frame(store, cid), actor="hr")
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    # before publication a closed cycle's link opens nothing
    assert RaterApp(store, token_of[demo.links["nip"][0]]).view == "denied"
    uc.publish(store, cid, actor="hr", force=True, reason=FORCED)
    emp = store.employees_frame().set_index("nip")
    results = uc.load_results(store, cid)
    nip = next(n for n in results.scores.dropna(subset=["predikat"]).index
               if emp.at[n, "atasan_nip"] and emp.at[emp.at[n, "atasan_nip"], "atasan_nip"])
    penilai, atasan = emp.at[nip, "atasan_nip"], emp.at[emp.at[nip, "atasan_nip"], "atasan_nip"]
    rater = RaterApp(store, token_of[nip])
    assert rater.view == "results" and rater.employee.view == "results"
    app = rater.employee
    assert emp.at[nip, "nama"] in app.report_html
    others = [n for n in results.scores.index if n != nip]
    assert all(emp.at[o, "nama"] not in app.report_html for o in others if emp.at[o, "nama"] != emp.at[nip, "nama"])
    assert "HASIL SEMENTARA" not in app.report_html
    # a too-short reason is refused and kept in the box; a proper one is filed
    app.keberatan_reason.value = "tidak"
    assert app.file_keberatan() is None and "minimal 10 karakter" in app.message.value
    assert app.keberatan_reason.value == "tidak"
    app.keberatan_reason.value = "Capaian saya pada triwulan IV belum diperhitungkan"
    assert app.file_keberatan() == 1
    assert "menunggu tanggapan Pejabat Penilai" in app.body.children[-1].value
    # the Pejabat Penilai explains through their own link; the atasan decides through theirs
    p_app = EmployeeApp(store, token_of[penilai])
    assert list(p_app.explain_inputs) == [1]
    p_app.explain_inputs[1][0].value = "Capaian triwulan IV sudah dinilai bersama tim"
    assert p_app.explain(1)
    a_app = EmployeeApp(store, token_of[atasan])
    assert list(a_app.decide_inputs) == [1]
    choice, reason, _ = a_app.decide_inputs[1]
    before = results.scores.at[nip, "predikat"]
    new = "Sangat Baik" if before != "Sangat Baik" else "Baik"
    choice.value = new
    reason.value = "Bukti capaian triwulan IV lengkap"
    assert a_app.decide(1) == 2
    assert uc.load_results(store, cid).scores.at[nip, "predikat"] == new
    again = EmployeeApp(store, token_of[nip])
    assert f"Predikat kinerja<b>{new}</b>" in again.report_html
    assert "sudah diputuskan" in again.body.children[-1].value
    row = store.keberatan_frame(cid).iloc[0]
    assert row["decided_by"] == f"pegawai #{int(emp_id(store, atasan))} (tautan pribadi)"
    # a link from another cycle state: unknown token
    assert EmployeeApp(store, "x" * 30).view == "denied"


def emp_id(store, nip):
    return store.employees_frame().set_index("nip").at[nip, "employee_id"]


def test_keberatan_through_the_link_is_refused_after_the_window(store_url):
    from kinerja_survey.apps.employee import EmployeeApp

    clock = Clock()
    store = Store(store_url, clock=clock)
    demo, cid = _published(store, clock, dt.date(2027, 8, 2))
    deadline = uc.keberatan_deadline(store, cid)
    nip = uc.published_people(store, cid).dropna(subset=["predikat"])["nip"].iloc[0]
    token = demo.links.set_index("nip")["token"][nip]
    clock.to(deadline + dt.timedelta(days=3))
    app = EmployeeApp(store, token)
    app.keberatan_reason.value = "Saya keberatan atas predikat ini"
    assert app.file_keberatan() is None
    assert "Batas waktu pengajuan keberatan sudah lewat" in app.message.value
    assert store.keberatan_frame(cid).empty
    store.dispose()


# --- the admin app's closing tab --------------------------------------------------------------------

def _upload(name: str, data: bytes) -> tuple:
    return ({"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data),
             "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)},)


def test_admin_closing_tab(store):
    from kinerja_survey.apps.admin import AdminApp

    demo = _closed_cycle(store)
    cid = demo.cycle_id
    app = AdminApp(store, actor="Sari HR")
    tab = app.closing
    n = len(uc.hasil_kerja_missing(store, cid))
    assert f"belum memiliki rating hasil kerja: <b>{n}</b>" in tab.hk_missing.value
    assert "hasil sementara" in tab.hk_missing.value
    good = _hk_frame(store, cid)
    bad = good.copy()
    bad.loc[0, "Rating Hasil Kerja"] = "hebat"
    bad.loc[1, "NIP"] = "199001012020011999"
    tab.hk_upload.value = _upload("hk.csv", bad.to_csv(index=False).encode())
    assert tab.check_hasil_kerja() is None
    assert "2 kesalahan" in tab.hk_message.value
    assert "rating tidak dikenal: 'hebat'" in tab.hk_report.value and "199001012020011999" in tab.hk_report.value
    assert tab.import_hasil_kerja() is None and store.hasil_kerja_frame(cid).empty
    tab.hk_upload.value = _upload("hk.csv", good.to_csv(index=False).encode())
    plan = tab.import_hasil_kerja()
    assert plan.written and "belum memiliki rating hasil kerja: <b>0</b>" in tab.hk_missing.value
    # a re-import that changes a rating needs the confirmation tick
    changed = good.copy()
    changed.loc[0, "Rating Hasil Kerja"] = "Diatas Ekspektasi"
    tab.hk_upload.value = _upload("hk2.csv", changed.to_csv(index=False).encode())
    assert tab.check_hasil_kerja() is not None and "1 rating tersimpan akan berubah" in tab.hk_message.value
    plan = tab.import_hasil_kerja()
    assert not plan.written and "Belum ada yang disimpan" in tab.hk_message.value
    assert store.hasil_kerja_frame(cid).set_index("nip")["rating"][good["NIP"][0]] == "Sesuai Ekspektasi"
    tab.hk_confirm.value = True
    assert tab.import_hasil_kerja().written
    assert store.hasil_kerja_frame(cid).set_index("nip")["rating"][good["NIP"][0]] == "Diatas Ekspektasi"
    # publication needs the organisation predikat and the tick
    tab.pub_confirm.value = True
    assert tab.publish() is None and "Predikat organisasi belum ditetapkan" in tab.pub_message.value
    tab.org_select.value = "Butuh Perbaikan"
    assert tab.save_org_predikat() == "Butuh Perbaikan"
    tab.pub_confirm.value = False
    assert tab.publish() is None and "centang persetujuan" in tab.pub_message.value
    tab.pub_confirm.value = True
    assert tab.publish() is None and "Pengumuman ditolak" in tab.pub_message.value
    assert "aturan kurva distribusi (predikat organisasi Butuh Perbaikan) tidak terpenuhi" in tab.pub_check.value
    tab.pub_force.value = True
    tab.pub_reason.value = "pendek"
    assert tab.publish() is None and "minimal 10 karakter" in tab.pub_message.value and not store.is_published(cid)
    tab.pub_reason.value = FORCED
    assert tab.publish() == 1 and "diumumkan (versi 1)" in tab.hk_missing.value
    assert store.snapshot(cid, 1)["forced_reason"] == FORCED
    audit = store.audit_frame()
    assert set(audit[audit["action"].isin(["set_hasil_kerja", "set_org_predikat", "publish_cycle"])]["actor"]) == {"Sari HR"}
    # keberatan: HR acts on the officials' behalf
    nip = uc.published_people(store, cid).dropna(subset=["predikat"])["nip"].iloc[0]
    uc.file_keberatan(store, cid, nip, "Capaian saya belum dinilai lengkap", actor="pegawai")
    tab.refresh()
    assert "menunggu tanggapan Pejabat Penilai" in tab.keb_table.value
    tab.keb_id.value = 1
    tab.keb_text.value = "Sudah dinilai sesuai SKP"
    assert tab.explain_on_behalf()
    tab.keb_decision.value = "tetap"
    tab.keb_text.value = "Bukti tidak menunjukkan capaian lebih"
    assert tab.decide_on_behalf() == 2 and "selesai" in tab.keb_table.value
    assert store.keberatan_frame(cid)["decided_by"][0] == "Sari HR (atas nama atasan Pejabat Penilai)"


# --- the calibration view (widgets, no browser) -----------------------------------------------------

def test_calibration_app_records_a_change_with_its_reason(store):
    from kinerja_survey.apps.calibration import CalibrationApp

    demo = _closed_cycle(store)
    cid = demo.cycle_id
    uc.import_hasil_kerja(store, cid, _hk_frame(store, cid), actor="hr")
    app = CalibrationApp(store, cid, actor="Ketua Tim Penilai")
    assert "belum ditetapkan" in app.status.value and "HASIL SEMENTARA" in app.status.value
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    app.load()
    assert "<b class='ks-org'>Baik</b>" in app.status.value
    assert "ks-grid" in app.grid.value and "Sangat Baik" in app.grid.value
    names = set(store.employees_frame()["nama"])
    assert not any(n in app.grid.value for n in names)  # meeting mode
    app.meeting.value = False
    assert any(n in app.grid.value for n in names)
    assert "Skor adil" in app.supervisors.value
    nip = app.person.options[0][1]
    app.predikat.value = "Butuh Perbaikan"
    app.reason.value = "pendek"
    assert not app.change() and "minimal 10 karakter" in app.message.value
    assert store.predikat_overrides(cid).empty
    app.reason.value = "Capaian SKP di bawah target unit"
    app.recorder.value = " "
    assert not app.change() and "isi nama" in app.message.value
    app.recorder.value = "Ketua Tim Penilai"
    assert app.change() and "ditetapkan" in app.message.value
    ov = store.predikat_overrides(cid)
    assert ov["nip"].tolist() == [nip] and ov["actor"].tolist() == ["Ketua Tim Penilai"]
    assert "Capaian SKP di bawah target unit" in app.history.value
    assert "ditetapkan Butuh Perbaikan" in dict((v, k) for k, v in app.person.options)[nip]
    # one unit: its own organisation predikat sets its kurva; the grid counts only its people
    unit = app.unit_select.options[-1][1]
    uc.set_org_predikat(store, cid, "Istimewa", unit=unit, actor="hr")
    app.unit_select.value = unit
    in_unit = app.state.people()
    assert len(in_unit) < len(store.employees_frame()) and in_unit["unit_kerja"].str.startswith(unit).all()
    assert int(app.state.grid().to_numpy().sum()) <= len(in_unit)
    assert "<b class='ks-org'>Istimewa</b>" in app.status.value


def test_exports_follow_the_recorded_org_predikat_and_calibration_minutes(store, tmp_path):
    import io

    import openpyxl
    from pypdf import PdfReader

    from kinerja_survey.apps.calibration import CalibrationApp
    from kinerja_survey.apps.dashboard import results_app

    demo = _closed_cycle(store)
    cid = demo.cycle_id
    dash = results_app(store, cid, meeting_mode=True)
    status = dash.children[2].children[2].value  # the status line beside the filters
    assert "HASIL SEMENTARA" in status and f"{len(uc.hasil_kerja_missing(store, cid))} pegawai belum memiliki" in status
    uc.import_hasil_kerja(store, cid, _hk_frame(store, cid), actor="hr")
    uc.set_org_predikat(store, cid, "Butuh Perbaikan", actor="hr")
    dash = results_app(store, cid, meeting_mode=True)
    org_dd = dash.children[1].children[2]
    assert org_dd.value == "Butuh Perbaikan" and "predikat organisasi tercatat" in dash.children[2].children[2].value
    results = uc.load_results(store, cid)
    path = uc.export_workbook(results, tmp_path / "hasil.xlsx", fairness=False, org_predikat=uc.org_predikat(store, cid))
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames[0] == "keterangan"
    legend = {r[0]: r[1] for r in wb["keterangan"].iter_rows(values_only=True)}
    assert legend["predikat"].startswith("Predikat ditetapkan") and legend["status"].startswith("HASIL SEMENTARA")
    rows = list(wb["kurva_distribusi"].iter_rows(values_only=True))
    assert {r[rows[0].index(column_label("predikat_organisasi"))] for r in rows[1:]} == {"Butuh Perbaikan"}
    assert {r[rows[0].index(column_label("predikat_dari"))] for r in rows[1:]} == {"usulan", "ditetapkan"}
    wb.close()
    app = CalibrationApp(store, cid, actor="Ketua Tim")
    app.reason.value = "Capaian SKP di bawah target unit"
    app.predikat.value = "Sangat Kurang"
    assert app.change()
    app.participants.value = "Kepala Badan, Sekretaris"
    files = app.make_minutes()
    assert "data:application/pdf;base64," in app.minutes.value and "xlsx" in app.minutes.value
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "Kepala Badan, Sekretaris" in text and "Sangat Kurang" in text and "Ketua Tim" in text
    dist = pd.read_excel(io.BytesIO(files["xlsx"]), sheet_name="distribusi").set_index("Predikat")
    assert dist.at["Sangat Kurang", "Sesudah (ditetapkan)"] == dist.at["Sangat Kurang", "Sebelum (usulan)"] + 1


def test_a_published_cycle_cannot_be_reopened(store):
    """HR operations (issue 13) may reopen a closed cycle only while it is not published (issue 12)."""
    from kinerja_survey.store import StoreError

    demo = _closed_cycle(store)
    cid = demo.cycle_id
    uc.import_hasil_kerja(store, cid, _hk_frame(store, cid), actor="hr")
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    uc.publish(store, cid, actor="hr", force=True, reason=FORCED)
    with pytest.raises(StoreError, match="belum diumumkan"):
        uc.reopen_cycle(store, cid, reason="ingin membuka lagi", actor="hr", deadline="2099-01-31")
    assert store.cycle(cid)["status"] == "closed"
