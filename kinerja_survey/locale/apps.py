"""What every app shares (``app.*``: the error boundary of apps/boundary.py, an unreachable database), a
time as every output shows it (``time.at``, ``i18n.fmt_time``) and the server (``serve.*``, kinerja-survey
serve)."""

ID = {
    "app.db_unavailable": "Basis data tidak dapat dibuka: {error}",
    "app.date_placeholder": "TTTT-BB-HH",
    # a stored moment in the installation's zone (i18n.fmt_time): every output that shows a time
    "time.at": "{date} {hh}.{mm} {zone}",
    "app.unexpected": ("Terjadi kesalahan yang tidak terduga. Coba lagi; bila terulang, hubungi admin "
                       "kepegawaian."),
    "serve.no_notebooks": "Notebook aplikasi tidak ditemukan di {path} (perlu {names}).",
    "serve.weak_secret": ("Rahasia admin harus berupa teks acak minimal {n} karakter (kosongkan opsi ini agar "
                          "dibuatkan otomatis)."),
    "serve.stopped": "Server {app} berhenti (kode {code}); lihat {log}.",
    "serve.not_ready": "Server {app} tidak siap dalam {seconds} detik; lihat {log}.",
    "serve.local_only": "Aplikasi {app} hanya boleh mendengarkan di 127.0.0.1.",
}

EN = {
    "app.db_unavailable": "The database cannot be opened: {error}",
    "app.date_placeholder": "YYYY-MM-DD",
    "time.at": "{date} {hh}:{mm} {zone}",
    "app.unexpected": "Something unexpected went wrong. Try again; if it happens again, contact the HR administrator.",
    "serve.no_notebooks": "The app notebooks are not found in {path} ({names} needed).",
    "serve.weak_secret": ("The admin secret must be a random text of at least {n} characters (leave this option "
                          "empty to have one made)."),
    "serve.stopped": "Server {app} stopped (code {code}); see {log}.",
    "serve.not_ready": "Server {app} was not ready within {seconds} seconds; see {log}.",
    "serve.local_only": "The {app} app may listen on 127.0.0.1 only.",
}
