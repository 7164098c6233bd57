"""Publication and keberatan (issues 21 and 22): the check before publishing, one final result in
every output after a keberatan decision, NIPs in every format at the command line, and the
keberatan windows on the store's clock -- on real SQLite files and PostgreSQL, through the use
cases, the CLI and the apps' state."""

from __future__ import annotations


import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from kinerja_survey import cycle as uc
from kinerja_survey.cli import main
from kinerja_survey.cycle.calibration import cycle_ratees
from kinerja_survey.demo import answer_all, open_demo_cycle
from kinerja_survey.store import Store, StoreError
from kinerja_survey.vocab import BAIK, BUTUH_PERBAIKAN, DIBAWAH, SESUAI

FORCED = "Uji: diumumkan meskipun kurva distribusi belum terpenuhi"
NO_TRACEBACK = ("Traceback", "kesalahan tak terduga")


def run(db, *args):
    return CliRunner().invoke(main, ["--db", str(db), "--petugas", "Rina HR", *args], catch_exceptions=False)


def _closed(store, n=24, seed=5):
    demo = open_demo_cycle(store, n, seed=seed, actor="hr")
    answer_all(store, demo.cycle_id, dict(zip(demo.links["nip"], demo.links["token"])), seed=seed)
    uc.close_cycle(store, demo.cycle_id, actor="hr")
    cid = demo.cycle_id
    nips = cycle_ratees(store, cid)
    uc.import_hasil_kerja(store, cid, pd.DataFrame({"NIP": nips, "Rating Hasil Kerja": SESUAI}), actor="hr")
    uc.set_org_predikat(store, cid, "Baik", actor="hr")
    return demo, cid


def _sesuai_sesuai(store, cid) -> str:
    """A person rated Sesuai on both (predikat Baik by the kuadran)."""
    sc = uc.load_results(store, cid, provisional=True).scores
    return sc[(sc["rating_hasil_kerja"] == SESUAI) & (sc["rating_perilaku"] == SESUAI)].index[0]


# --- 1. the publish check ------------------------------------------------------------------------

def test_publish_check_lists_who_has_no_predikat_and_the_broken_kurva_rules(store):
    demo, cid = _closed(store)
    check = uc.publish_check(store, cid)
    people = uc.load_results(store, cid).people
    without = people[people["predikat"].isna()]
    assert len(without) >= 1 and set(check.no_predikat["nip"]) == set(without["nip"])
    lines = check.lines()
    nip = without["nip"].iloc[0]
    person = next(line for line in lines if nip in line)
    assert "belum ada rating perilaku" in person and "disembunyikan (kurang dari 3 penilai)" in person
    # everyone Sesuai on hasil kerja: Baik is more than 70% of the predikat (SE MenPANRB 3/2023)
    assert "Baik" in check.failed_rules["predikat"].tolist()
    assert any("melebihi batas 70%" in line for line in lines)
    with pytest.raises(uc.CycleError, match="Pengumuman ditolak: 1 pegawai tanpa predikat dan 1 aturan"):
        uc.publish(store, cid, actor="hr")
    with pytest.raises(uc.CycleError, match="minimal 10 karakter"):
        uc.publish(store, cid, actor="hr", force=True, reason="pendek")
    with pytest.raises(uc.CycleError, match="Alasan"):
        uc.publish(store, cid, actor="hr", force=True)
    assert not store.is_published(cid)
    assert uc.publish(store, cid, actor="hr", force=True, reason=FORCED) == 1
    snap = store.snapshot(cid, 1)
    assert snap["forced_reason"] == FORCED and snap["publish_check"]["no_predikat"][0]["nip"] == nip
    ba = uc.calibration.berita_acara_data(store, cid, actor="Rina HR")
    assert ba.forced_reason == FORCED


def test_a_person_without_predikat_reads_why_and_is_offered_no_keberatan(store):
    from kinerja_survey.apps.employee import EmployeeApp

    demo, cid = _closed(store)
    uc.publish(store, cid, actor="hr", force=True, reason=FORCED)
    nip = uc.published_people(store, cid).query("predikat != predikat")["nip"].iloc[0]
    app = EmployeeApp(store, demo.links.set_index("nip")["token"][nip])
    page = " ".join(getattr(w, "value", "") for w in app.body.children if isinstance(getattr(w, "value", None), str))
    assert "Predikat kinerja Anda belum tersedia pada hasil yang diumumkan: belum ada rating perilaku" in page
    assert "Ajukan keberatan" not in page and not hasattr(app, "keberatan_button")
    with pytest.raises(uc.CycleError, match="tidak memiliki predikat"):
        uc.file_keberatan(store, cid, nip, "Saya keberatan atas predikat ini", actor="pegawai")
    with pytest.raises(StoreError, match="tidak memiliki predikat"):
        store.file_keberatan(cid, nip, "Saya keberatan atas predikat ini", actor="pegawai")
    assert store.keberatan_frame(cid).empty
    en = EmployeeApp(store, demo.links.set_index("nip")["token"][nip], "en")
    assert any("Your performance predikat is not available" in getattr(w, "value", "") for w in en.body.children
               if isinstance(getattr(w, "value", None), str))


# --- 2. one final result ---------------------------------------------------------------------------

def test_a_decision_changing_hasil_kerja_gives_the_kuadran_predikat_everywhere(tmp_path):
    """The finding: after a keberatan decision setting hasil kerja Dibawah with perilaku Sesuai the
    published result read Baik.  PermenPANRB 6/2022 kuadran: Dibawah x Sesuai = Butuh Perbaikan,
    in the report model, the employee page, the dashboard data, the workbook and the berita acara."""
    from kinerja_survey.apps.dashboard import load_dashboard_data, people_table
    from kinerja_survey.apps.employee import EmployeeApp
    from kinerja_survey.cycle.calibration import berita_acara_data
    from kinerja_survey.present.labels import column_label
    from kinerja_survey.present.report_model import feedback_report

    db = tmp_path / "k.sqlite"
    store = Store(db)
    demo, cid = _closed(store)
    nip = _sesuai_sesuai(store, cid)
    assert run(db, "umumkan", str(cid), "--ya", "--paksa", "--alasan", FORCED).exit_code == 0
    assert uc.load_results(store, cid).scores.at[nip, "predikat"] == BAIK
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    out = run(db, "ajukan-keberatan", str(cid), spaced, "--alasan", "Capaian SKP saya dinilai terlalu tinggi oleh sistem")
    assert out.exit_code == 0, out.output
    assert run(db, "tanggapi-keberatan", "1", "--tanggapan", "Capaian SKP memang di bawah target").exit_code == 0
    out = run(db, "putuskan-keberatan", "1", "--keputusan", "tetap", "--hasil-kerja", "Dibawah",
              "--alasan", "Capaian SKP di bawah target")
    assert out.exit_code == 1 and "pilih keputusan 'ubah'" in out.output
    out = run(db, "putuskan-keberatan", "1", "--keputusan", "ubah", "--hasil-kerja", "Dibawah",
              "--alasan", "Capaian SKP di bawah target yang disepakati")
    assert out.exit_code == 0 and "versi 2" in out.output, out.output

    snap = {p["nip"]: p for p in store.snapshot(cid)["people"]}[nip]
    assert (snap["rating_hasil_kerja"], snap["rating_perilaku"], snap["predikat"]) == (DIBAWAH, SESUAI, BUTUH_PERBAIKAN)
    assert snap["predikat_alasan"] == ""  # the kuadran's predikat: no override
    assert store.keberatan_frame(cid).iloc[0]["predikat_akhir"] == BUTUH_PERBAIKAN
    results = uc.load_results(store, cid)
    row = results.scores.loc[nip]
    assert (row["rating_hasil_kerja"], row["rating_perilaku"], row["predikat"]) == (DIBAWAH, SESUAI, BUTUH_PERBAIKAN)
    assert results.version == 2
    # the report model
    report = feedback_report(results, nip)
    assert report.predikat["rating_hasil_kerja"] == DIBAWAH and report.predikat["predikat"] == BUTUH_PERBAIKAN
    assert any("versi 2" in n for n in report.notes)
    # the employee page
    app = EmployeeApp(store, demo.links.set_index("nip")["token"][nip])
    assert f"Predikat kinerja<b>{BUTUH_PERBAIKAN}</b>" in app.report_html and DIBAWAH in app.report_html
    assert "versi 2" in app.body.children[0].value
    # the dashboard data
    people = load_dashboard_data(store, cid).people.set_index("nip")
    assert people.at[nip, "predikat"] == BUTUH_PERBAIKAN and people.at[nip, "rating_hasil_kerja"] == DIBAWAH
    table = people_table(load_dashboard_data(store, cid).people, meeting_mode=False, lang="id")
    assert BUTUH_PERBAIKAN in table[table.iloc[:, 0].astype(str) == nip].astype(str).to_numpy().ravel().tolist()
    # the export workbook
    path = uc.export_workbook(results, tmp_path / "hasil.xlsx", fairness=False, org_predikat="Baik")
    rows = list(openpyxl.load_workbook(path, read_only=True)["skor"].iter_rows(values_only=True))
    head = rows[0]
    col = {name: head.index(column_label(name)) for name in ("ratee", "predikat", "rating_hasil_kerja")}
    mine = next(r for r in rows[1:] if str(r[col["ratee"]]) == nip)
    assert mine[col["predikat"]] == BUTUH_PERBAIKAN and mine[col["rating_hasil_kerja"]] == DIBAWAH
    # the CLI's analysis files
    assert run(db, "analisis", str(cid), "--keluaran", str(tmp_path / "an")).exit_code == 0
    skor = pd.read_csv(tmp_path / "an" / "skor.csv", dtype=str).set_index("ratee")
    assert skor.at[nip, "predikat"] == BUTUH_PERBAIKAN
    # the berita acara data, with the version history
    ba = berita_acara_data(store, cid, actor="Rina HR")
    dist = ba.distribution.set_index("predikat")
    assert dist.at[BUTUH_PERBAIKAN, "ditetapkan"] == int((results.scores["predikat"] == BUTUH_PERBAIKAN).sum()) >= 1
    assert ba.changes["ditetapkan"].tolist()[-1] == BUTUH_PERBAIKAN
    assert len(ba.versions) == 2 and "Keputusan keberatan #1" in ba.versions[1]
    assert "diumumkan (versi 2)" in ba.status
    audit = store.audit_frame().query("action == 'decide_keberatan'")["detail_json"].iloc[0]
    assert DIBAWAH in audit and BUTUH_PERBAIKAN in audit
    store.dispose()


def test_a_decision_changing_perilaku_or_setting_the_predikat(store):
    demo, cid = _closed(store)
    a, b = list(uc.load_results(store, cid, provisional=True).scores.query(
        "rating_perilaku == @SESUAI and rating_hasil_kerja == @SESUAI").index[:2])
    uc.publish(store, cid, actor="hr", force=True, reason=FORCED)
    for nip in (a, b):
        kid = uc.file_keberatan(store, cid, nip, "Saya keberatan atas predikat ini", actor="pegawai")
        uc.explain_keberatan(store, kid, "Sudah dinilai sesuai SKP", actor="penilai")
    # perilaku Dibawah with hasil kerja Sesuai: Kurang/Misconduct by the kuadran
    assert uc.decide_keberatan(store, 1, "ubah", "Perilaku kerja tercatat di bawah ekspektasi",
                               perilaku="dibawah ekspektasi", actor="atasan") == 2
    final = uc.load_results(store, cid).scores.loc[a]
    assert (final["rating_perilaku"], final["predikat"], final["predikat_alasan"]) == (DIBAWAH, "Kurang/Misconduct", "")
    # a predikat other than the kuadran's is an override carrying the decision's reason
    assert uc.decide_keberatan(store, 2, "ubah", "Bukti capaian luar biasa diterima",
                               predikat="Sangat Baik", actor="atasan") == 3
    final = uc.load_results(store, cid).scores.loc[b]
    assert final["predikat"] == "Sangat Baik" and final["rating_hasil_kerja"] == SESUAI
    assert final["predikat_alasan"] == "Keputusan keberatan: Bukti capaian luar biasa diterima"
    # the earlier decision stays in the newest version
    assert uc.load_results(store, cid).scores.at[a, "predikat"] == "Kurang/Misconduct"
    assert store.publications_frame(cid)["version"].tolist() == [1, 2, 3]


# --- 3. NIPs in every format at the command line ------------------------------------------------------

def test_nips_in_every_format_and_unknown_ones_give_a_message_never_a_traceback(tmp_path):
    db = tmp_path / "k.sqlite"
    store = Store(db)
    demo, cid = _closed(store)
    nip = _sesuai_sesuai(store, cid)
    formats = {"spaces": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}",
               "dots": f"{nip[:8]}.{nip[8:14]}.{nip[14]}.{nip[15:]}", "digits": nip}
    for i, (kind, given) in enumerate(formats.items()):
        label = ("Butuh Perbaikan", "Sangat Baik", "Baik")[i]
        out = run(db, "kalibrasi", str(cid), "--nip", given, "--predikat", label, "--alasan",
                  f"Kalibrasi uji format NIP {kind}")
        assert out.exit_code == 0 and f"ditetapkan: {label}" in out.output, (kind, out.output)
        assert not any(s in out.output for s in NO_TRACEBACK)
    assert store.predikat_overrides(cid).set_index("nip").at[nip, "predikat"] == "Baik"
    for unknown in ("199901012020011999", "1999 0101 2020 01 1 999", "bukan-nip"):
        out = run(db, "kalibrasi", str(cid), "--nip", unknown, "--predikat", "Baik", "--alasan", "Kalibrasi uji NIP")
        assert out.exit_code == 1 and "tidak dinilai pada periode ini" in out.output, out.output
        assert not any(s in out.output for s in NO_TRACEBACK)
    # umumkan: an unknown period, then the real one (forced)
    out = run(db, "umumkan", "99", "--ya")
    assert out.exit_code == 1 and "Periode penilaian 99 tidak ada" in out.output
    assert not any(s in out.output for s in NO_TRACEBACK)
    assert run(db, "umumkan", str(cid), "--ya", "--paksa", "--alasan", FORCED).exit_code == 0
    # ajukan-keberatan: each format reaches the same person (one keberatan per person), unknown is named
    others = [n for n in uc.published_people(store, cid).dropna(subset=["predikat"])["nip"] if n != nip][:2]
    for given in (formats["dots"], f"{others[0][:8]} {others[0][8:14]} {others[0][14]} {others[0][15:]}", others[1]):
        out = run(db, "ajukan-keberatan", str(cid), given, "--alasan", "Saya keberatan atas predikat ini")
        assert out.exit_code == 0, out.output
    assert set(store.keberatan_frame(cid)["nip"]) == {nip, *others}
    out = run(db, "ajukan-keberatan", str(cid), formats["spaces"], "--alasan", "Saya keberatan atas predikat ini")
    assert out.exit_code == 1 and "sudah pernah diajukan" in out.output
    for unknown in ("199901012020011999", "1999.0101.2020.01.1.999"):
        out = run(db, "ajukan-keberatan", str(cid), unknown, "--alasan", "Saya keberatan atas predikat ini")
        assert out.exit_code == 1 and "tidak ada di roster" in out.output, out.output
        assert not any(s in out.output for s in NO_TRACEBACK)
    # putuskan-keberatan: an unknown number, a bad label, then a decision
    out = run(db, "putuskan-keberatan", "99", "--keputusan", "tetap", "--alasan", "Tidak ada bukti baru")
    assert out.exit_code == 1 and "Keberatan 99 tidak ada" in out.output
    assert run(db, "tanggapi-keberatan", "1", "--tanggapan", "Sudah dinilai sesuai SKP").exit_code == 0
    out = run(db, "putuskan-keberatan", "1", "--keputusan", "ubah", "--hasil-kerja", "hebat", "--alasan",
              "Capaian di bawah target")
    assert out.exit_code == 1 and "hebat" in out.output and not any(s in out.output for s in NO_TRACEBACK)
    out = run(db, "putuskan-keberatan", "1", "--keputusan", "salah", "--alasan", "Capaian di bawah target")
    assert out.exit_code == 2 and not any(s in out.output for s in NO_TRACEBACK)
    assert store.keberatan_frame(cid).iloc[0]["status"] == "dijelaskan"
    store.dispose()
