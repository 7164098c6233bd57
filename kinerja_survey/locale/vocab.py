"""Names of the PermenPANRB 6/2022 vocabulary as people read them, and its refusals (``vocab.*``; kinerja_survey/vocab.py)."""

ID = {
    "vocab.unknown": "{what} tidak dikenal: {value} (pilihan: {choices})",
    "vocab.not_values": "'{name}' harus berupa nilai tunggal, Series, atau daftar; diterima {got}",
    "vocab.what_rating": "rating",
    "vocab.what_predikat": "predikat kinerja",
    "vocab.what_org_predikat": "predikat organisasi",
}

EN = {
    "vocab.unknown": "unknown {what}: {value} (choices: {choices})",
    "vocab.not_values": "'{name}' must be a single value, a Series or a list; got {got}",
    "vocab.what_rating": "rating",
    "vocab.what_predikat": "predikat kinerja",
    "vocab.what_org_predikat": "organisation predikat",
}
