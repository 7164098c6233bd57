"""Tests of kinerja_survey.analysis.predikat.

Reference values:
- Kuadran predikat kinerja pegawai: PermenPANRB No. 6 Tahun 2022, Lampiran (table reproduced in
  /work/shared/DOMAIN.md, "PermenPANRB 6/2022" section); written out again below cell by cell.
- Kurva distribusi: SE MenPANRB No. 3 Tahun 2023 (pola distribusi predikat kinerja pegawai),
  five organisation predikat, as in DOMAIN.md.
- PP 46/2011: NPK = 60% SKP + 40% perilaku; sebutan 91-100 Sangat Baik, 76-90 Baik, 61-75 Cukup,
  51-60 Kurang, <=50 Buruk.  PP 30/2019: 60/40 with peer/subordinate input, else 70/30.
- IKM conversion precedent for scale_to_100: PermenPANRB 14/2017 (IKM = weighted mean on 1-4 x 25).
No published numeric example exists for these rules; expected values are computed by hand below.
"""

import doctest
import math

import numpy as np
import pandas as pd
import pytest

from kinerja_survey.analysis import predikat as pk
from kinerja_survey.analysis.predikat import (
    check_distribution,
    nilai_prestasi_kerja,
    normalise_predikat,
    normalise_rating,
    predikat_kinerja,
    predikat_pp46,
    rating_perilaku,
    scale_to_100,
)

# PermenPANRB 6/2022 Lampiran, rows = Hasil Kerja, columns = Perilaku Kerja
KUADRAN_TABLE = [
    ("Diatas Ekspektasi", "Dibawah Ekspektasi", "Kurang/Misconduct"),
    ("Diatas Ekspektasi", "Sesuai Ekspektasi", "Baik"),
    ("Diatas Ekspektasi", "Diatas Ekspektasi", "Sangat Baik"),
    ("Sesuai Ekspektasi", "Dibawah Ekspektasi", "Kurang/Misconduct"),
    ("Sesuai Ekspektasi", "Sesuai Ekspektasi", "Baik"),
    ("Sesuai Ekspektasi", "Diatas Ekspektasi", "Baik"),
    ("Dibawah Ekspektasi", "Dibawah Ekspektasi", "Sangat Kurang"),
    ("Dibawah Ekspektasi", "Sesuai Ekspektasi", "Butuh Perbaikan"),
    ("Dibawah Ekspektasi", "Diatas Ekspektasi", "Butuh Perbaikan"),
]


@pytest.mark.parametrize("hasil, perilaku, expected", KUADRAN_TABLE)
def test_every_kuadran_cell(hasil, perilaku, expected):
    assert predikat_kinerja(hasil, perilaku) == expected
    # the same cell through variants and through the vectorised path
    assert predikat_kinerja(hasil.upper().replace("EKSPEKTASI", " ekspektasi"), perilaku.split()[0].lower()) == expected
    out = predikat_kinerja(pd.Series([hasil], index=["x"]), pd.Series([perilaku], index=["x"]))
    assert out.loc["x"] == expected


def test_kuadran_vectorised_over_all_cells_at_once():
    h = pd.Series([row[0] for row in KUADRAN_TABLE], index=[f"p{i}" for i in range(9)])
    p = pd.Series([row[1] for row in KUADRAN_TABLE], index=h.index)
    out = predikat_kinerja(h, p[::-1])  # aligned on the index, not on position
    assert out.tolist() == [row[2] for row in KUADRAN_TABLE][::-1]
    assert list(out.index) == list(h.index[::-1])
    arr = predikat_kinerja(np.array(h), list(p))
    assert isinstance(arr, np.ndarray) and arr.tolist() == [row[2] for row in KUADRAN_TABLE]


@pytest.mark.parametrize("variant, canonical", [
    ("Di atas Ekspektasi", "Diatas Ekspektasi"),
    ("DIATAS EKSPEKTASI", "Diatas Ekspektasi"),
    ("  diatas   ekspektasi ", "Diatas Ekspektasi"),
    ("di_bawah-ekspektasi", "Dibawah Ekspektasi"),
    ("Sesuai", "Sesuai Ekspektasi"),
    ("dibawah", "Dibawah Ekspektasi"),
])
def test_rating_label_variants(variant, canonical):
    assert normalise_rating(variant) == canonical


@pytest.mark.parametrize("bad", ["Bagus", "Diatas Harapan", "", 3, "Baik"])
def test_unknown_rating_label_is_named(bad):
    with pytest.raises(ValueError, match=repr(bad).replace("(", r"\(")):
        predikat_kinerja(bad, "Sesuai Ekspektasi")
    with pytest.raises(ValueError, match="tidak dikenal"):
        predikat_kinerja(pd.Series(["Sesuai", bad]), pd.Series(["Sesuai", "Sesuai"]))


def test_kuadran_missing_and_broadcast():
    p = pd.Series(["Diatas", None, "Dibawah", np.nan], index=list("abcd"))
    out = predikat_kinerja("Diatas Ekspektasi", p)
    assert out.loc["a"] == "Sangat Baik" and out.loc["c"] == "Kurang/Misconduct"
    assert out.loc[["b", "d"]].isna().all()
    assert math.isnan(predikat_kinerja(np.nan, "Sesuai"))
    assert predikat_kinerja(pd.Series(["Sesuai"], dtype="category"), "Diatas").tolist() == ["Baik"]


def test_kuadran_index_mismatch_and_length_mismatch():
    with pytest.raises(ValueError, match="indeks"):
        predikat_kinerja(pd.Series(["Sesuai"], index=["a"]), pd.Series(["Sesuai"], index=["b"]))
    with pytest.raises(ValueError, match="panjang"):
        predikat_kinerja(["Sesuai", "Sesuai"], ["Sesuai"])


# --- rating_perilaku ---------------------------------------------------------------------------

def test_rating_perilaku_default_cut_points_and_boundaries():
    assert pk.DEFAULT_PERILAKU_CUTS == (3.0, 4.25)
    s = pd.Series([1.0, 2.999999, 3.0, 4.249999, 4.25, 5.0, np.nan], index=list("abcdefg"))
    out = rating_perilaku(s)
    assert out.iloc[:6].tolist() == ["Dibawah Ekspektasi", "Dibawah Ekspektasi", "Sesuai Ekspektasi",
                                     "Sesuai Ekspektasi", "Diatas Ekspektasi", "Diatas Ekspektasi"]
    assert pd.isna(out.loc["g"]) and list(out.index) == list("abcdefg")
    assert rating_perilaku(3) == "Sesuai Ekspektasi"
    assert math.isnan(rating_perilaku(float("nan")))


def test_rating_perilaku_score_one_ulp_under_a_cut_is_on_it():
    # ten weights of 0.1 add up to 0.9999999999999999, so a true 3.0 computed this way is
    # 2.9999999999999996: the rating is the one for 3.0, whatever the engine or the order.
    on_cut = sum([0.1] * 10) * 3.0  # 2.9999999999999996
    assert on_cut < 3.0
    assert rating_perilaku(on_cut) == "Sesuai Ekspektasi"
    assert rating_perilaku(np.nextafter(4.25, 0)) == "Diatas Ekspektasi"
    assert rating_perilaku(pd.Series([on_cut, 3.0 - 1e-6])).tolist() == ["Sesuai Ekspektasi", "Dibawah Ekspektasi"]


def test_rating_perilaku_custom_cuts():
    assert rating_perilaku(3.4, cuts=(3.5, 4.0)) == "Dibawah Ekspektasi"
    assert rating_perilaku(4.0, cuts=(3.5, 4.0)) == "Diatas Ekspektasi"
    assert rating_perilaku([3.5, 3.9], cuts=[3.5, 4]).tolist() == ["Sesuai Ekspektasi"] * 2


@pytest.mark.parametrize("cuts", [(4.25, 3.0), (3.0, 3.0), (float("nan"), 4), ("a", "b"), (3.0,), 3.0])
def test_rating_perilaku_rejects_bad_cuts(cuts):
    with pytest.raises(ValueError, match="cuts"):
        rating_perilaku(3.5, cuts=cuts)


def test_rating_perilaku_rejects_text_scores():
    with pytest.raises(ValueError, match="'tinggi'"):
        rating_perilaku(pd.Series([3.0, "tinggi"]))
    with pytest.raises(ValueError, match="angka"):
        rating_perilaku("4")


# --- kurva distribusi --------------------------------------------------------------------------

SB, B, BP, K, SK = "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"


def dist(**counts):
    names = {"SB": SB, "B": B, "BP": BP, "K": K, "SK": SK}
    return pd.Series([names[k] for k, n in counts.items() for _ in range(n)])


# (org predikat, distribution satisfying every rule, exactly at the limits where there is one)
SATISFIED = [
    ("Istimewa", dist(SB=7, B=3)),  # SB most frequent, exactly 70%
    ("Baik", dist(B=7, SB=1, BP=1, K=1)),  # B exactly 70%, some BP and K
    ("Butuh Perbaikan", dist(BP=6, SB=1, B=3)),  # BP exactly 60%, SB exactly 10%
    ("Kurang", dist(K=6, BP=1, SB=1, B=2)),  # K 60%, BP 10%, SB 10%
    ("Sangat Kurang", dist(SK=6, K=1, B=3)),  # SK 60%, K+BP 10%, no SB
]


@pytest.mark.parametrize("org, predikat", SATISFIED)
def test_distribution_satisfied(org, predikat):
    assert check_distribution(predikat, org).empty
    rules = check_distribution(predikat, org, all_rules=True)
    n_rules = {"Istimewa": 2, "Baik": 3, "Butuh Perbaikan": 2, "Kurang": 3, "Sangat Kurang": 3}[org]
    assert rules["satisfied"].all() and len(rules) == n_rules
    assert (rules["message"] == "memenuhi").all()


# (org, distribution, rule, predikat of the rule, message) -- one violated rule each
VIOLATED = [
    ("Istimewa", dist(SB=41, B=9), "max", SB, "Sangat Baik 82% melebihi batas 70% (41 dari 50 pegawai)"),
    ("Istimewa", dist(SB=3, B=5, BP=2), "plurality", SB,
     ("Sangat Baik 30% (3 dari 10 pegawai) bukan predikat terbanyak: Baik 50%; pola organisasi Istimewa "
     "menuntut sebagian besar Sangat Baik")),
    ("Baik", dist(B=8, BP=1, SB=1), "max", B, "Baik 80% melebihi batas 70% (8 dari 10 pegawai)"),
    ("Baik", dist(SB=5, B=4, K=1), "plurality", B,
     ("Baik 40% (4 dari 10 pegawai) bukan predikat terbanyak: Sangat Baik 50%; pola organisasi Baik "
     "menuntut sebagian besar Baik")),
    ("Baik", dist(B=6, SB=4), "some", f"{BP} + {K}",
     ("harus ada pegawai berpredikat Butuh Perbaikan dan/atau Kurang/Misconduct, tetapi tidak ada "
     "(0 dari 10 pegawai)")),
    ("Butuh Perbaikan", dist(BP=5, B=5), "min", BP,
     "Butuh Perbaikan 50% kurang dari batas minimal 60% (5 dari 10 pegawai)"),
    ("Butuh Perbaikan", dist(BP=7, SB=2, B=1), "max", SB, "Sangat Baik 20% melebihi batas 10% (2 dari 10 pegawai)"),
    ("Kurang", dist(K=5, BP=2, B=3), "min", K, "Kurang/Misconduct 50% kurang dari batas minimal 60% (5 dari 10 pegawai)"),
    ("Kurang", dist(K=7, SB=1, B=2), "min", BP, "Butuh Perbaikan 0% kurang dari batas minimal 10% (0 dari 10 pegawai)"),
    ("Kurang", dist(K=6, BP=1, SB=2, B=1), "max", SB, "Sangat Baik 20% melebihi batas 10% (2 dari 10 pegawai)"),
    ("Sangat Kurang", dist(SK=5, BP=2, B=3), "min", SK,
     "Sangat Kurang 50% kurang dari batas minimal 60% (5 dari 10 pegawai)"),
    ("Sangat Kurang", dist(SK=8, B=2), "min", f"{K} + {BP}",
     "Kurang/Misconduct + Butuh Perbaikan 0% kurang dari batas minimal 10% (0 dari 10 pegawai)"),
    ("Sangat Kurang", dist(SK=7, BP=2, SB=1), "none", SB,
     "Sangat Baik 10% padahal tidak boleh ada (1 dari 10 pegawai)"),
]


@pytest.mark.parametrize("org, predikat, rule, label, message", VIOLATED)
def test_distribution_violated(org, predikat, rule, label, message):
    v = check_distribution(predikat, org)
    assert len(v) == 1, v
    row = v.iloc[0]
    assert (row["rule"], row["predikat"], row["message"]) == (rule, label, message)
    assert row["total"] == len(predikat)
    rules = check_distribution(predikat, org, all_rules=True)
    assert (~rules["satisfied"]).sum() == 1


def test_distribution_share_and_limit_columns():
    v = check_distribution(dist(SB=41, B=9), "istimewa").iloc[0]
    assert v["count"] == 41 and v["share"] == pytest.approx(0.82, abs=1e-12) and v["limit"] == 0.7


def test_distribution_exact_counts_at_boundary_and_precise_percent():
    # 1751/2500 = 70.04%: over the limit, and the message must not print "70%"
    v = check_distribution(dist(SB=1751, B=749), "Istimewa")
    assert v["message"].tolist() == ["Sangat Baik 70,04% melebihi batas 70% (1751 dari 2500 pegawai)"]
    assert check_distribution(dist(SB=1750, B=750), "Istimewa").empty  # exactly 70%
    # 59.99% is under 60%
    v = check_distribution(dist(BP=5999, B=4001), "Butuh Perbaikan")
    assert v["message"].tolist() == ["Butuh Perbaikan 59,99% kurang dari batas minimal 60% (5999 dari 10000 pegawai)"]


def test_distribution_labels_missing_and_errors():
    p = pd.Series(["sangat baik"] * 7 + ["BAIK"] * 3 + [None, np.nan])
    assert check_distribution(p, " Istimewa ").empty  # missing predikat are left out of the total
    assert check_distribution(["butuh perbaikan"] * 6 + ["baik"] * 4, "Cukup").empty  # SE wording "Butuh Perbaikan/Cukup"
    assert normalise_predikat("kurang / misconduct") == K and normalise_predikat("Kurang") == K
    with pytest.raises(ValueError, match="'Luar Biasa'"):
        check_distribution(["Baik", "Luar Biasa"], "Baik")
    with pytest.raises(ValueError, match="'Hebat'"):
        check_distribution(["Baik"], "Hebat")
    with pytest.raises(ValueError, match="tidak ada pegawai"):
        check_distribution([None, np.nan], "Baik")
    with pytest.raises(ValueError, match="predikat organisasi"):
        check_distribution(["Baik"], None)


# --- PP 46/2011 and PP 30/2019 -----------------------------------------------------------------

def test_nilai_prestasi_kerja_regimes():
    # hand-computed: 0.6*84.07 + 0.4*80.5 = 50.442 + 32.2 = 82.642; 0.7*84.07 + 0.3*80.5 = 58.849 + 24.15 = 82.999
    assert nilai_prestasi_kerja(84.07, 80.5) == pytest.approx(82.642, abs=1e-12)
    assert nilai_prestasi_kerja(84.07, 80.5, regime="pp30_360") == pytest.approx(82.642, abs=1e-12)
    assert nilai_prestasi_kerja(84.07, 80.5, regime="pp30") == pytest.approx(82.999, abs=1e-12)
    assert nilai_prestasi_kerja(90, 90) == 90.0  # exact, so predikat_pp46 gives Baik, not Sangat Baik
    assert predikat_pp46(nilai_prestasi_kerja(90, 90)) == "Baik"
    s = nilai_prestasi_kerja(pd.Series([100, 50, np.nan], index=list("abc")), pd.Series([50, 100, 80], index=list("abc")))
    assert s.loc["a"] == 80 and s.loc["b"] == 70 and np.isnan(s.loc["c"]) and s.name == "nilai_prestasi_kerja"


def test_nilai_prestasi_kerja_errors():
    with pytest.raises(ValueError, match="regime"):
        nilai_prestasi_kerja(80, 80, regime="pp53")
    with pytest.raises(ValueError, match="0-100"):
        nilai_prestasi_kerja(80, 101)
    with pytest.raises(ValueError, match="negatif"):
        nilai_prestasi_kerja(-1, 80)
    with pytest.raises(ValueError, match="panjang"):
        nilai_prestasi_kerja([80, 90], [80])
    with pytest.raises(ValueError, match="indeks"):
        nilai_prestasi_kerja(pd.Series([80], index=["a"]), pd.Series([80], index=["b"]))


@pytest.mark.parametrize("score, expected", [
    (100, "Sangat Baik"), (91, "Sangat Baik"), (90.5, "Sangat Baik"), (90.01, "Sangat Baik"),
    (90, "Baik"), (76, "Baik"), (75.5, "Baik"),
    (75, "Cukup"), (61, "Cukup"), (60.01, "Cukup"),
    (60, "Kurang"), (51, "Kurang"), (50.5, "Kurang"),
    (50, "Buruk"), (0, "Buruk"), (105, "Sangat Baik"),
])
def test_predikat_pp46_bands_and_non_integer_boundaries(score, expected):
    assert predikat_pp46(score) == expected


def test_predikat_pp46_vectorised_and_errors():
    s = predikat_pp46(pd.Series([95.0, np.nan, 40.0], index=[7, 8, 9]))
    assert s.loc[7] == "Sangat Baik" and pd.isna(s.loc[8]) and s.loc[9] == "Buruk"
    assert predikat_pp46(90 + 1e-12) == "Baik"  # float noise does not cross a band
    with pytest.raises(ValueError, match="negatif"):
        predikat_pp46(-0.5)


def test_scale_to_100():
    assert [scale_to_100(x) for x in (1, 3, 4, 4.5, 5)] == [20.0, 60.0, 80.0, 90.0, 100.0]
    assert [scale_to_100(x, method="linear") for x in (1, 3, 4.5, 5)] == [0.0, 50.0, 87.5, 100.0]
    assert scale_to_100(3.2, scale=(1, 4)) == pytest.approx(80.0, abs=1e-12)  # IKM: NRR 3.2 x 25 = 80
    out = scale_to_100(pd.Series([4.0, np.nan], index=["a", "b"]))
    assert out.loc["a"] == 80 and np.isnan(out.loc["b"])
    with pytest.raises(ValueError, match="di luar skala"):
        scale_to_100(5.5)
    with pytest.raises(ValueError, match="method"):
        scale_to_100(4, method="zscore")


def test_docstring_examples():
    result = doctest.testmod(pk)
    assert result.attempted >= 8 and result.failed == 0
