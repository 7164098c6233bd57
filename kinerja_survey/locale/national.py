"""National scale (issue 25): the out-of-core engine, the anonymised national file and the pooled analysis."""

ID = {
    "national.no_parquet": "Tidak ada berkas .parquet di {path}.",
    "national.answer_twice": "Penilai {rater} menjawab butir yang sama dua kali untuk pegawai {ratee}.",
}

EN = {
    "national.no_parquet": "No .parquet file in {path}.",
    "national.answer_twice": "Rater {rater} answered the same item twice for ratee {ratee}.",
}
