"""The other Voilà apps and the server (apps/): closing and calibration tabs, the employee page, kinerja-survey serve."""

ID = {
    "app.db_unavailable": "Basis data tidak dapat dibuka: {error}",
    "serve.no_notebooks": "Notebook aplikasi tidak ditemukan di {path} (perlu {names}).",
    "serve.weak_secret": ("Rahasia admin harus berupa teks acak minimal {n} karakter (kosongkan opsi ini agar "
                          "dibuatkan otomatis)."),
    "serve.stopped": "Server {app} berhenti (kode {code}); lihat {log}.",
    "serve.not_ready": "Server {app} tidak siap dalam {seconds} detik; lihat {log}.",
    "serve.local_only": "Aplikasi {app} hanya boleh mendengarkan di 127.0.0.1.",
}

EN = {
    "app.db_unavailable": "The database cannot be opened: {error}",
    "serve.no_notebooks": "The app notebooks are not found in {path} ({names} needed).",
    "serve.weak_secret": ("The admin secret must be a random text of at least {n} characters (leave this option "
                          "empty to have one made)."),
    "serve.stopped": "Server {app} stopped (code {code}); see {log}.",
    "serve.not_ready": "Server {app} was not ready within {seconds} seconds; see {log}.",
    "serve.local_only": "The {app} app may listen on 127.0.0.1 only.",
}
