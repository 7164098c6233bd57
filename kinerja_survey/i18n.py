"""Strings shown to users of the rater and admin apps: Bahasa Indonesia by default, English on request.

The language is chosen, in order, by an explicit argument (the apps pass the ``?lang=`` query
parameter), the environment variable ``KINERJA_SURVEY_LANG``, else Bahasa Indonesia::

    >>> t("save_draft")
    'Simpan draf'
    >>> t("save_draft", "en")
    'Save draft'
    >>> t("progress", "id", done=2, total=5)
    '2 dari 5 formulir terkirim'

Every key exists in every language (``tests/test_forms.py`` checks it), so a missing English
string is a test failure, not a blank on screen.
"""

from __future__ import annotations

import os

LANGUAGES = ("id", "en")
DEFAULT_LANG = "id"
LANG_ENV = "KINERJA_SURVEY_LANG"

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        # access
        "denied_title": "Tautan tidak dapat dibuka",
        "denied_unknown": "Tautan penilaian tidak dikenal. Periksa kembali tautan yang Anda terima.",
        "denied_revoked": "Tautan penilaian ini sudah tidak berlaku. Hubungi admin kepegawaian untuk tautan baru.",
        "denied_not_open": "Periode penilaian belum dibuka.",
        "denied_closed": "Periode penilaian sudah ditutup. Terima kasih.",
        "service_error": "Layanan penilaian sedang tidak dapat digunakan. Silakan coba lagi nanti atau hubungi admin kepegawaian.",
        "logged_out_title": "Sudah keluar",
        "logged_out": "Anda sudah keluar. Buka kembali alamat admin beserta rahasianya untuk masuk lagi.",
        "server_busy_title": "Server sedang penuh",
        "server_full": "Terlalu banyak halaman penilaian sedang dibuka. Silakan coba lagi beberapa menit lagi; jawaban yang sudah tersimpan tetap aman.",
        "server_too_many": "Terlalu banyak halaman penilaian dibuka dari alamat Anda. Tutup tab yang tidak dipakai, lalu coba lagi beberapa menit lagi.",
        "server_bad_request": "Alamat ini tidak dapat dibuka. Gunakan tautan yang Anda terima apa adanya.",
        "server_unavailable": "Basis data penilaian sedang tidak dapat dihubungi. Silakan coba lagi beberapa menit lagi.",
        # task list
        "app_title": "Penilaian Perilaku Kerja 360°",
        "welcome": "Selamat datang, {name}",
        "cycle": "Periode: {cycle}",
        # outputs (issue 14): the supervisor is attributed (DOMAIN.md: one direct superior cannot be
        # anonymous); peers' and subordinates' answers only in aggregate, above the threshold
        "tasks_intro": ("Berikut pegawai yang perlu Anda nilai. Pilih nama untuk mengisi formulirnya. "
                        "Jawaban rekan kerja dan bawahan dirahasiakan: hanya dilaporkan secara gabungan, tanpa nama, "
                        "dan hanya bila cukup banyak penilai menjawab. Penilaian atasan langsung ditampilkan "
                        "sebagai penilaian atasan dalam laporan pegawai (tidak anonim)."),
        "progress": "{done} dari {total} formulir terkirim",
        "all_done": "Terima kasih! Semua penilaian Anda sudah terkirim.",
        "no_tasks": "Tidak ada pegawai yang perlu Anda nilai pada periode ini.",
        "col_name": "Pegawai yang dinilai",
        "col_relationship": "Hubungan",
        "col_status": "Status",
        "open_pending": "Isi penilaian untuk {name}",
        "open_draft": "Lanjutkan penilaian untuk {name}",
        "open_submitted": "Lihat penilaian untuk {name}",
        "open_declined": "Lihat penilaian untuk {name}",
        "status_pending": "Belum diisi",
        "status_draft": "Draf",
        "status_submitted": "Terkirim",
        "status_declined": "Ditolak (tidak menilai)",
        "deadline": "Batas waktu pengisian: {date}.",
        "hr_contact": "Pertanyaan atau kendala? Hubungi {contact}.",
        "hr_contact_none": "Pertanyaan atau kendala? Hubungi admin kepegawaian unit Anda.",
        "months": "Januari,Februari,Maret,April,Mei,Juni,Juli,Agustus,September,Oktober,November,Desember",
        "not_applicable": "Tidak dapat menilai",
        "na_intro": ("Jika Anda tidak pernah melihat perilaku itu, pilih \u201cTidak dapat menilai\u201d: "
                     "jawaban ini tidak dihitung dalam nilai."),
        "comment_label": "Komentar untuk {name} (opsional)",
        "answered": "{done}/{total} terjawab",
        "jump_first": "Ke butir {ref} yang belum dijawab",
        "draft_resumed": "Melanjutkan draf: {n} jawaban tersimpan, terakhir pada {time}.",
        "not_saved_stale": "Perubahan terakhir BELUM tersimpan.",
        "not_saved_error": "Perubahan terakhir BELUM tersimpan.",
        "next": "Berikutnya",
        "next_named": "Berikutnya: {name}",
        "reload_form": "Muat ulang formulir",
        "decline_open": "Saya tidak dapat menilai pegawai ini",
        "decline_intro": ("Jika Anda tidak cukup mengenal pekerjaan pegawai ini, Anda boleh menolak menilai. "
                          "Tuliskan alasannya; alasan ini dibaca oleh admin kepegawaian. Formulir yang ditolak "
                          "tidak dapat diisi lagi."),
        "decline_reason": "Alasan menolak menilai",
        "decline_placeholder": "Misalnya: tidak cukup mengenal pekerjaannya",
        "decline_confirm": "Tolak menilai pegawai ini",
        "declined_locked": "Anda menolak menilai pegawai ini pada {time}. Alasan: {reason}",
        "locked_no_time": "Formulir ini sudah dikirim dan tidak dapat diubah.",
        "offline_title": "Koneksi ke server terputus.",
        "offline_saved": "Jawaban terakhir yang tersimpan: pukul {time}.",
        "offline_none": "Belum ada jawaban yang tersimpan dari halaman ini.",
        "offline_after": "Pilihan setelah itu BELUM tersimpan. Muat ulang halaman: semua yang tersimpan akan muncul kembali.",
        "offline_reload": "Muat ulang halaman",
        # relationship of the rater to the ratee
        "rel_self": "Penilaian diri",
        "rel_supervisor": "Anda sebagai atasan (tidak anonim)",
        "rel_peer": "Anda sebagai rekan kerja",
        "rel_subordinate": "Anda sebagai bawahan",
        # form
        "form_title": "Menilai: {name}",
        "page_title": "Penilaian Perilaku 360°",
        "self_banner": "PENILAIAN DIRI — Anda sedang menilai diri Anda sendiri.",
        "form_intro": ("Pilih satu nilai untuk setiap pernyataan, dari {low} ({low_label}) sampai "
                       "{high} ({high_label}). Butir yang belum dipilih tampak kosong. "
                       "Jawaban tersimpan otomatis sebagai draf."),
        "comment_placeholder": "Komentar untuk nilai ini (opsional)",
        "overall_label_required": "Komentar umum (wajib diisi)",
        "overall_label_optional": "Komentar umum (opsional)",
        "overall_placeholder": "Tuliskan masukan umum Anda",
        "back": "← Kembali ke daftar",
        "save_draft": "Simpan draf",
        "submit": "Kirim penilaian",
        "submit_note": "Setelah dikirim, penilaian tidak dapat diubah lagi.",
        "not_saved": "Belum ada perubahan yang disimpan.",
        "saved_at": "Draf tersimpan pukul {time}.",
        "autosaved_at": "Draf tersimpan otomatis pukul {time}.",
        "missing": "Masih ada {n} isian yang belum diisi (ditandai \u201cBelum dijawab\u201d): {items}. Draf Anda sudah disimpan.",
        "missing_overall": "komentar umum",
        "missing_mark": "Belum dijawab",
        "submitted_ok": "Terima kasih, penilaian untuk {name} sudah terkirim.",
        "locked": "Formulir ini sudah dikirim pada {time} dan tidak dapat diubah.",
        "item_ref": "butir {ref}",
    },
    "en": {
        "denied_title": "This link cannot be opened",
        "denied_unknown": "Unknown rating link. Please check the link you received.",
        "denied_revoked": "This rating link is no longer valid. Ask the HR administrator for a new link.",
        "denied_not_open": "The rating period has not opened yet.",
        "denied_closed": "The rating period is closed. Thank you.",
        "service_error": "The rating service is unavailable right now. Please try again later or contact the HR administrator.",
        "logged_out_title": "Logged out",
        "logged_out": "You are logged out. Open the admin address with its secret to log in again.",
        "server_busy_title": "The server is busy",
        "server_full": "Too many rating pages are open right now. Please try again in a few minutes; answers already saved are safe.",
        "server_too_many": "Too many rating pages are open from your address. Close unused tabs and try again in a few minutes.",
        "server_bad_request": "This address cannot be opened. Use the link you received as it is.",
        "server_unavailable": "The rating database cannot be reached right now. Please try again in a few minutes.",
        "app_title": "360° Work Behaviour Review",
        "welcome": "Welcome, {name}",
        "cycle": "Period: {cycle}",
        # outputs (issue 14): supervisor attributed, peers/subordinates in aggregate only
        "tasks_intro": ("These are the colleagues you are asked to rate. Choose a name to fill in the form. "
                        "Answers of peers and direct reports are confidential: reported only in aggregate, without "
                        "names, and only when enough raters answered. A direct supervisor's rating is shown as the "
                        "supervisor's rating in the employee's report (not anonymous)."),
        "progress": "{done} of {total} forms submitted",
        "all_done": "Thank you! All your ratings have been submitted.",
        "no_tasks": "There is nobody for you to rate in this period.",
        "col_name": "Person rated",
        "col_relationship": "Relationship",
        "col_status": "Status",
        "open_pending": "Rate {name}",
        "open_draft": "Continue rating {name}",
        "open_submitted": "View rating of {name}",
        "open_declined": "View rating of {name}",
        "status_pending": "Not started",
        "status_draft": "Draft",
        "status_submitted": "Submitted",
        "status_declined": "Declined (not rated)",
        "deadline": "Deadline: {date}.",
        "hr_contact": "Questions or problems? Contact {contact}.",
        "hr_contact_none": "Questions or problems? Contact your unit's HR administrator.",
        "months": "January,February,March,April,May,June,July,August,September,October,November,December",
        "not_applicable": "Cannot assess",
        "na_intro": "If you have never seen the behaviour, choose \u201cCannot assess\u201d: it does not count in the score.",
        "comment_label": "Comment on {name} (optional)",
        "answered": "{done}/{total} answered",
        "jump_first": "Go to unanswered item {ref}",
        "draft_resumed": "Resuming your draft: {n} answers stored, last saved {time}.",
        "not_saved_stale": "Your last change has NOT been saved.",
        "not_saved_error": "Your last change has NOT been saved.",
        "next": "Next",
        "next_named": "Next: {name}",
        "reload_form": "Reload the form",
        "decline_open": "I cannot rate this person",
        "decline_intro": ("If you do not know this person's work well enough, you may decline to rate them. "
                          "Give a reason; the HR administrator reads it. A declined form cannot be filled in later."),
        "decline_reason": "Reason for declining",
        "decline_placeholder": "For example: I do not know their work well enough",
        "decline_confirm": "Decline to rate this person",
        "declined_locked": "You declined to rate this person on {time}. Reason: {reason}",
        "locked_no_time": "This form was submitted and can no longer be changed.",
        "offline_title": "The connection to the server was lost.",
        "offline_saved": "Last answer stored: at {time}.",
        "offline_none": "No answer from this page has been stored yet.",
        "offline_after": "Choices made after that have NOT been saved. Reload the page: everything stored will come back.",
        "offline_reload": "Reload the page",
        "rel_self": "Self-rating",
        "rel_supervisor": "You as supervisor (not anonymous)",
        "rel_peer": "You as peer",
        "rel_subordinate": "You as direct report",
        "form_title": "Rating: {name}",
        "page_title": "360° Behaviour Review",
        "self_banner": "SELF-RATING — you are rating yourself.",
        "form_intro": ("Choose one value for every statement, from {low} ({low_label}) to "
                       "{high} ({high_label}). Items not yet chosen look empty. "
                       "Your answers are saved automatically as a draft."),
        "comment_placeholder": "Comment on this value (optional)",
        "overall_label_required": "Overall comment (required)",
        "overall_label_optional": "Overall comment (optional)",
        "overall_placeholder": "Write your overall feedback",
        "back": "← Back to the list",
        "save_draft": "Save draft",
        "submit": "Submit rating",
        "submit_note": "Once submitted, the rating can no longer be changed.",
        "not_saved": "No changes saved yet.",
        "saved_at": "Draft saved at {time}.",
        "autosaved_at": "Draft saved automatically at {time}.",
        "missing": "{n} answers are still missing (marked \u201cNot answered\u201d): {items}. Your draft has been saved.",
        "missing_overall": "overall comment",
        "missing_mark": "Not answered",
        "submitted_ok": "Thank you, your rating of {name} has been submitted.",
        "locked": "This form was submitted on {time} and can no longer be changed.",
        "item_ref": "item {ref}",
    },
}

# Admin app strings live in the same tables so that the completeness test covers them.
STRINGS["id"].update({
    "admin_title": "Admin Penilaian Perilaku Kerja 360°",
    "tab_cycles": "Periode",
    "tab_roster": "Roster pegawai",
    "tab_assign": "Penugasan & tautan",
    "tab_monitor": "Tingkat respons",
    "tab_reminders": "Pengingat",
    "cycles_empty": "Belum ada periode penilaian.",
    "cycle_name": "Nama periode",
    "period_start": "Mulai",
    "period_end": "Selesai",
    "instrument_file": "Instrumen khusus (.yaml/.csv, opsional; bawaan: BerAKHLAK)",
    "create_cycle": "Buat periode",
    "upload_file": "Pilih berkas",
    "dates_required": "Isi tanggal mulai dan selesai periode.",
    "cycle_created": "Periode {id} dibuat: {name}.",
    "choose_cycle": "Periode",
    "open_cycle": "Buka periode",
    "close_cycle": "Tutup periode",
    "confirm_close": "Ya, tutup periode ini (tidak dapat dibuka lagi)",
    "confirm_close_needed": "Centang konfirmasi dulu: periode yang ditutup tidak dapat dibuka kembali.",
    "cycle_opened": "Periode {id} dibuka: tautan penilai mulai berlaku.",
    "cycle_closed": "Periode {id} ditutup: tidak ada jawaban baru yang diterima.",
    "no_cycle": "Pilih periode dulu.",
    "upload_roster": "Unggah roster (.csv/.xlsx)",
    "validate": "Periksa",
    "import": "Impor ke basis data",
    "no_file": "Pilih berkas roster dulu.",
    "roster_ok": "Roster valid: {n} pegawai, {units} unit kerja. Tekan \u201cImpor\u201d untuk menyimpan.",
    "roster_errors": "Roster memiliki {n} kesalahan; tidak ada data yang disimpan. Perbaiki baris berikut:",
    "roster_imported": "Roster diimpor: {added} baru, {updated} diperbarui, {deactivated} dinonaktifkan, {units} unit.",
    "col_row": "Baris",
    "col_field": "Kolom",
    "col_message": "Masalah",
    "peers_min": "Rekan sejawat min.",
    "peers_max": "Rekan sejawat maks.",
    "max_subordinates": "Bawahan maks.",
    "max_load": "Formulir maks. per penilai",
    "seed": "Seed undian",
    "generate": "Buat penugasan & tautan",
    "roster_empty": "Roster kosong: impor roster dulu.",
    "assign_done": "Penugasan: {counts}. {n} tautan baru.",
    "no_new_links": "Tidak ada tautan baru (semua penilai sudah punya tautan).",
    "shortfalls": "Perhatian: {n} pegawai mendapat rekan sejawat kurang dari {min}.",
    "links_warning": ("Unduh dan simpan berkas tautan sekarang: tautan hanya ditampilkan sekali "
                      "(basis data hanya menyimpan sidik kriptografisnya)."),
    "download_links": "Unduh tautan (CSV)",
    "download_pending": "Unduh daftar (CSV)",
    "by_unit": "Per unit kerja",
    "by_ratee": "Per pegawai dinilai",
    "refresh": "Muat ulang",
    "auto_refresh": "Muat ulang otomatis (30 detik)",
    "rates_total": "{submitted} dari {invited} formulir terkirim ({rate}). Diperbarui {time}.",
    "pending_intro": "Penilai yang belum menyelesaikan semua formulirnya ({n} orang):",
    "pending_none": "Semua penilai sudah menyelesaikan formulirnya.",
    "reissue_nip": "NIP penilai",
    "reissue": "Terbitkan ulang tautan",
    "reissued": "Tautan baru untuk {nip}: tautan lama tidak berlaku lagi.",
    "nip_required": "Isi NIP penilai dulu.",
    "error": "Gagal: {message}",
})
STRINGS["en"].update({
    "admin_title": "360° Work Behaviour Review — administration",
    "tab_cycles": "Periods",
    "tab_roster": "Staff roster",
    "tab_assign": "Assignments & links",
    "tab_monitor": "Response rates",
    "tab_reminders": "Reminders",
    "cycles_empty": "No rating period yet.",
    "cycle_name": "Period name",
    "period_start": "Start",
    "period_end": "End",
    "instrument_file": "Custom instrument (.yaml/.csv, optional; default: BerAKHLAK)",
    "create_cycle": "Create period",
    "upload_file": "Choose file",
    "dates_required": "Enter the period's start and end dates.",
    "cycle_created": "Period {id} created: {name}.",
    "choose_cycle": "Period",
    "open_cycle": "Open period",
    "close_cycle": "Close period",
    "confirm_close": "Yes, close this period (it cannot be reopened)",
    "confirm_close_needed": "Tick the confirmation first: a closed period cannot be reopened.",
    "cycle_opened": "Period {id} opened: rater links now work.",
    "cycle_closed": "Period {id} closed: no new answers are accepted.",
    "no_cycle": "Choose a period first.",
    "upload_roster": "Upload roster (.csv/.xlsx)",
    "validate": "Check",
    "import": "Import into the database",
    "no_file": "Choose a roster file first.",
    "roster_ok": "Roster is valid: {n} employees, {units} units. Press \u201cImport\u201d to save it.",
    "roster_errors": "The roster has {n} errors; nothing was saved. Fix these rows:",
    "roster_imported": "Roster imported: {added} new, {updated} updated, {deactivated} deactivated, {units} units.",
    "col_row": "Row",
    "col_field": "Column",
    "col_message": "Problem",
    "peers_min": "Min. peers",
    "peers_max": "Max. peers",
    "max_subordinates": "Max. direct reports",
    "max_load": "Max. forms per rater",
    "seed": "Draw seed",
    "generate": "Generate assignments & links",
    "roster_empty": "The roster is empty: import a roster first.",
    "assign_done": "Assignments: {counts}. {n} new links.",
    "no_new_links": "No new links (every rater has one already).",
    "shortfalls": "Note: {n} employees got fewer than {min} peers.",
    "links_warning": ("Download and keep the links file now: links are shown only once "
                      "(the database stores only their cryptographic fingerprint)."),
    "download_links": "Download links (CSV)",
    "download_pending": "Download list (CSV)",
    "by_unit": "By unit",
    "by_ratee": "By person rated",
    "refresh": "Refresh",
    "auto_refresh": "Refresh automatically (30 s)",
    "rates_total": "{submitted} of {invited} forms submitted ({rate}). Updated {time}.",
    "pending_intro": "Raters who have not finished all their forms ({n} people):",
    "pending_none": "Every rater has finished their forms.",
    "reissue_nip": "Rater NIP",
    "reissue": "Re-issue link",
    "reissued": "New link for {nip}: the old link no longer works.",
    "nip_required": "Enter the rater's NIP first.",
    "error": "Failed: {message}",
})


def resolve_lang(lang: str | None = None) -> str:
    """The language to use: ``lang`` if it is a supported code, else ``$KINERJA_SURVEY_LANG``, else ``"id"``.

    Unknown codes fall back silently (a mistyped ``?lang=`` must not break the form).
    """
    for candidate in (lang, os.environ.get(LANG_ENV)):
        code = str(candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANG


def t(key: str, lang: str | None = None, **fields) -> str:
    """The string ``key`` in ``lang`` (see ``resolve_lang``), formatted with ``fields``.

    Raises ``KeyError`` for an unknown key: a typo in code must fail loudly in the tests.
    """
    text = STRINGS[resolve_lang(lang)][key]
    return text.format(**fields) if fields else text


# --- numbers ---------------------------------------------------------------------------------------

DASH = "–"


def fmt_number(value, digits: int = 2, lang: str | None = None) -> str:
    """A number as people read it: decimal comma in Bahasa Indonesia (``4,25``), point in English;
    ``–`` for a missing value.  The one number formatter of the package.

    >>> fmt_number(4.254)
    '4,25'
    >>> fmt_number(4.254, 1, "en")
    '4.3'
    >>> fmt_number(float("nan"))
    '–'
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        return DASH
    if x != x:  # NaN, None-like
        return DASH
    text = f"{x:.{digits}f}"
    return text if resolve_lang(lang) == "en" else text.replace(".", ",")


def fmt_percent(share, digits: int = 0, lang: str | None = None) -> str:
    """A share (0.914) as a percentage (``91%``, or ``91,4%`` with ``digits=1``)."""
    text = fmt_number(None if share is None else 100 * float(share), digits, lang)
    return text if text == DASH else text + "%"
