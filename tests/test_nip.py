import datetime as dt

import pytest

from kinerja_survey.collect.nip import check_nip, make_nip, normalise_nip, pseudonymise


def test_valid_pns_nip_is_decoded():
    info, problem = check_nip("198503152010012003")
    assert problem is None
    assert info.kind == "PNS"
    assert info.birth_date == dt.date(1985, 3, 15)
    assert info.appointed == "2010-01"
    assert info.gender == "P"


def test_valid_pppk_nip_is_decoded():
    # NI PPPK: birth date + year of appointment + "21" + gender + sequence
    info, problem = check_nip("199001012022211005")
    assert problem is None
    assert (info.kind, info.appointed, info.gender) == ("PPPK", "2022", "L")


@pytest.mark.parametrize("raw, fragment", [
    ("", "kosong"),
    ("19850315201001200", "18 digit"),  # a leading digit lost
    ("1985031520100120031", "18 digit"),
    ("19850315A010012003", "selain angka"),
    ("198513152010012003", "tanggal lahir"),  # month 13
    ("198503152010013003", "jenis kelamin"),  # gender digit 3
    ("198503152010132003", "TMT CPNS"),  # month 13 of TMT
    ("198503151990012003", "tahun pengangkatan"),  # appointed at age 5
])
def test_invalid_nips_are_reported_with_the_reason(raw, fragment):
    info, problem = check_nip(raw)
    assert info is None
    assert fragment in problem


def test_normalise_strips_separators_and_excel_markers():
    assert normalise_nip(" 19850315 201001 2 003 ") == "198503152010012003"
    assert normalise_nip("19850315.201001.2.003") == "198503152010012003"
    assert normalise_nip("'198503152010012003") == "198503152010012003"
    assert normalise_nip(float("nan")) == ""
    # a NIP that Excel turned into a float keeps its digits so the error can name them
    assert normalise_nip(1.98503152010012e17) == "198503152010012000"


def test_make_nip_round_trips_through_check():
    nip = make_nip(dt.date(1979, 8, 16), 2001, 1, "P", 7)
    info, problem = check_nip(nip)
    assert problem is None and info.birth_date == dt.date(1979, 8, 16) and info.gender == "P"
    with pytest.raises(ValueError):
        make_nip(dt.date(1979, 8, 16), 2001, 1, "X", 7)


def test_pseudonym_is_stable_secret_dependent_and_hides_the_nip():
    nip = "198503152010012003"
    code = pseudonymise(nip, secret="s1")
    assert code == pseudonymise(nip, secret="s1")
    assert code != pseudonymise(nip, secret="s2")
    assert nip not in code and "1985" not in code
