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
        # dialog kinerja and development plans (issue 15)
        "dialog_denied": "Tautan dialog kinerja tidak dikenal. Periksa kembali tautan yang Anda terima.",
        "dialog_title": "Dialog kinerja: {name} ({cycle})",
        "dialog_saved": "Dialog dan rencana pengembangan tersimpan.",
        "dialog_not_saved": "Belum tersimpan: {message}",
        "dialog_not_yours": "Langkah ini bukan untuk tautan Anda.",
        "dialog_max_actions": "Rencana pengembangan berisi paling banyak {n} tindakan.",
        "dialog_acknowledged": "Terima kasih, dialog kinerja telah Anda konfirmasi.",
        "dlg_date": "Tanggal dialog (YYYY-MM-DD)",
        "dlg_notes": "Catatan dialog",
        "dlg_competency": "Kompetensi",
        "dlg_kind": "Jenis",
        "dlg_description": "Uraian tindakan",
        "dlg_due": "Batas waktu (YYYY-MM-DD)",
        "dlg_status": "Status",
        "dlg_add": "Tambah tindakan",
        "dlg_remove": "Hapus tindakan",
        "dlg_save": "Simpan",
        "dlg_ack": "Konfirmasi",
        "dlg_note": "Tanggapan Anda (opsional)",
        "dlg_suggest": "Saran untuk kompetensi terlemah",
        "dlg_acknowledged": "Sudah dikonfirmasi pegawai.",
        "dlg_waiting": "Belum dikonfirmasi pegawai.",
        "dlg_not_held": "Dialog kinerja belum dicatat oleh atasan.",
        "dlg_held_on": "Tanggal dialog",
        # access
        "denied_title": "Tautan tidak dapat dibuka",
        "denied_unknown": "Tautan penilaian tidak dikenal. Periksa kembali tautan yang Anda terima.",
        "denied_revoked": "Tautan penilaian ini sudah tidak berlaku. Hubungi admin kepegawaian untuk tautan baru.",
        "denied_not_open": "Periode penilaian belum dibuka.",
        "denied_closed": "Periode penilaian sudah ditutup. Terima kasih.",
        "service_error": "Layanan penilaian sedang tidak dapat digunakan. Silakan coba lagi nanti atau hubungi admin kepegawaian.",
        # task list
        "app_title": "Penilaian Perilaku Kerja 360°",
        "welcome": "Selamat datang, {name}",
        "cycle": "Periode: {cycle}",
        "tasks_intro": ("Berikut pegawai yang perlu Anda nilai. Pilih nama untuk mengisi formulirnya. "
                        "Jawaban Anda dijaga kerahasiaannya dan hanya dilaporkan secara gabungan."),
        "progress": "{done} dari {total} formulir terkirim",
        "all_done": "Terima kasih! Semua penilaian Anda sudah terkirim.",
        "no_tasks": "Tidak ada pegawai yang perlu Anda nilai pada periode ini.",
        "col_name": "Pegawai yang dinilai",
        "col_relationship": "Hubungan",
        "col_status": "Status",
        "open_pending": "Isi",
        "open_draft": "Lanjutkan",
        "open_submitted": "Lihat",
        "status_pending": "Belum diisi",
        "status_draft": "Draf",
        "status_submitted": "Terkirim",
        # relationship of the rater to the ratee
        "rel_self": "Penilaian diri",
        "rel_supervisor": "Anda sebagai atasan",
        "rel_peer": "Anda sebagai rekan kerja",
        "rel_subordinate": "Anda sebagai bawahan",
        # form
        "form_title": "Menilai: {name}",
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
        "missing": "Masih ada {n} isian yang belum diisi (ditandai merah): {items}. Draf Anda sudah disimpan.",
        "missing_overall": "komentar umum",
        "missing_mark": "Belum dijawab",
        "submitted_ok": "Terima kasih, penilaian untuk {name} sudah terkirim.",
        "locked": "Formulir ini sudah dikirim pada {time} dan tidak dapat diubah.",
        "item_ref": "butir {ref}",
    },
    "en": {
        # dialog kinerja and development plans (issue 15)
        "dialog_denied": "This performance dialogue link is not known. Please check the link you received.",
        "dialog_title": "Performance dialogue: {name} ({cycle})",
        "dialog_saved": "The dialogue and development plan were saved.",
        "dialog_not_saved": "Not saved: {message}",
        "dialog_not_yours": "This step is not for your link.",
        "dialog_max_actions": "A development plan has at most {n} actions.",
        "dialog_acknowledged": "Thank you, you have acknowledged the performance dialogue.",
        "dlg_date": "Dialogue date (YYYY-MM-DD)",
        "dlg_notes": "Dialogue notes",
        "dlg_competency": "Competency",
        "dlg_kind": "Kind",
        "dlg_description": "Action",
        "dlg_due": "Due date (YYYY-MM-DD)",
        "dlg_status": "Status",
        "dlg_add": "Add action",
        "dlg_remove": "Remove action",
        "dlg_save": "Save",
        "dlg_ack": "Acknowledge",
        "dlg_note": "Your response (optional)",
        "dlg_suggest": "Suggestions for the weakest competencies",
        "dlg_acknowledged": "Acknowledged by the employee.",
        "dlg_waiting": "Not yet acknowledged by the employee.",
        "dlg_not_held": "The supervisor has not recorded the dialogue yet.",
        "dlg_held_on": "Dialogue date",
        "denied_title": "This link cannot be opened",
        "denied_unknown": "Unknown rating link. Please check the link you received.",
        "denied_revoked": "This rating link is no longer valid. Ask the HR administrator for a new link.",
        "denied_not_open": "The rating period has not opened yet.",
        "denied_closed": "The rating period is closed. Thank you.",
        "service_error": "The rating service is unavailable right now. Please try again later or contact the HR administrator.",
        "app_title": "360° Work Behaviour Review",
        "welcome": "Welcome, {name}",
        "cycle": "Period: {cycle}",
        "tasks_intro": ("These are the colleagues you are asked to rate. Choose a name to fill in the form. "
                        "Your answers are confidential and only reported in aggregate."),
        "progress": "{done} of {total} forms submitted",
        "all_done": "Thank you! All your ratings have been submitted.",
        "no_tasks": "There is nobody for you to rate in this period.",
        "col_name": "Person rated",
        "col_relationship": "Relationship",
        "col_status": "Status",
        "open_pending": "Start",
        "open_draft": "Continue",
        "open_submitted": "View",
        "status_pending": "Not started",
        "status_draft": "Draft",
        "status_submitted": "Submitted",
        "rel_self": "Self-rating",
        "rel_supervisor": "You as supervisor",
        "rel_peer": "You as peer",
        "rel_subordinate": "You as direct report",
        "form_title": "Rating: {name}",
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
        "missing": "{n} answers are still missing (marked red): {items}. Your draft has been saved.",
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
