import numpy as np
import pandas as pd
import pytest

from kinerja_survey.frames import AnalysisError, check_ratings_frame


def frame(**over):
    base = {"ratee": ["a", "a", "b"], "rater": ["b", "b", "a"], "relationship": ["peer", "peer", "Peer "],
            "competency": ["BER", "BER", "BER"], "item": ["BER1", "BER2", "BER1"], "rating": [4, np.nan, 5]}
    base.update(over)
    return pd.DataFrame(base)


def test_a_good_frame_is_canonicalised():
    out = check_ratings_frame(frame(), scale=(1, 5))
    assert out["relationship"].tolist() == ["peer", "peer", "peer"]
    assert out["rating"].dtype == float and np.isnan(out["rating"][1])


def test_categorical_columns_are_accepted_and_kept():
    df = frame().astype({c: "category" for c in ("ratee", "rater", "relationship", "competency", "item")})
    out = check_ratings_frame(df)
    assert isinstance(out["rater"].dtype, pd.CategoricalDtype)
    assert set(out["relationship"]) == {"peer"}


@pytest.mark.parametrize("over, message", [
    ({"relationship": ["peer", "friend", "peer"]}, "baris 1: hubungan 'friend'"),
    ({"rating": [4, "lima", 5]}, "baris 1: rating 'lima' bukan angka"),
    ({"rating": [4, 7, 5]}, "baris 1: rating 7 di luar skala 1-5"),
    ({"item": ["BER1", "BER1", "BER1"]}, "baris 1: penilai b sudah menilai a pada butir BER1"),
    ({"ratee": ["a", None, "b"]}, "baris 1: kolom 'ratee' kosong"),
])
def test_bad_rows_are_named(over, message):
    with pytest.raises(AnalysisError, match=message):
        check_ratings_frame(frame(**over), scale=(1, 5))


@pytest.mark.parametrize("over, message", [
    ({"relationship": ["peer", "friend", "peer"]}, "row 1: relationship 'friend'"),
    ({"rating": [4, "lima", 5]}, "row 1: rating 'lima' is not a number"),
    ({"rating": [4, 7, 5]}, "row 1: rating 7 is outside the scale 1-5"),
    ({"item": ["BER1", "BER1", "BER1"]}, "row 1: rater b already rated a on item BER1"),
    ({"ratee": ["a", None, "b"]}, "row 1: column 'ratee' is empty"),
])
def test_bad_rows_are_named_in_english_on_request(monkeypatch, over, message):
    monkeypatch.setenv("KINERJA_SURVEY_LANG", "en")
    with pytest.raises(AnalysisError, match=message):
        check_ratings_frame(frame(**over), scale=(1, 5))


def test_missing_columns_and_wrong_type():
    with pytest.raises(ValueError, match="tabel penilaian tidak memuat kolom: item"):
        check_ratings_frame(frame().drop(columns="item"))
    with pytest.raises(ValueError, match="DataFrame"):
        check_ratings_frame([1, 2, 3])


def test_duplicate_detection_on_a_large_categorical_frame():
    n = 50_000
    df = pd.DataFrame({"ratee": pd.Categorical(np.arange(n) % 997), "rater": pd.Categorical(np.arange(n) // 21),
                       "relationship": "peer", "competency": "C", "item": pd.Categorical(np.arange(n) % 21),
                       "rating": 3.0})
    check_ratings_frame(df)  # all distinct
    dup = pd.concat([df, df.iloc[[12345]]], ignore_index=True)
    with pytest.raises(ValueError, match=f"baris {n}:"):
        check_ratings_frame(dup)
