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
    "no_file": "Pilih berkas roster dulu. (Berkas di atas 8 MB tidak sampai ke server: simpan roster sebagai CSV.)",
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
    "no_file": "Choose a roster file first. (Files over 8 MB do not reach the server: save the roster as CSV.)",
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


# Analysis (issue 9): messages of kinerja_survey.analysis.* errors (AnalysisError), Indonesian by default.
STRINGS["id"].update({
    # the ratings frame contract (frames.check_ratings_frame)
    "an_ratings_frame": "tabel penilaian",
    "rf_row_empty": "tabel penilaian baris {row}: kolom '{col}' kosong",
    "rf_bad_relationship": "tabel penilaian baris {row}: hubungan {value} bukan salah satu dari {choices}",
    "rf_not_number": "tabel penilaian baris {row}: rating {value} bukan angka",
    "rf_out_of_scale": "tabel penilaian baris {row}: rating {value} di luar skala {lo}-{hi}",
    "rf_duplicate": "tabel penilaian baris {row}: penilai {rater} sudah menilai {ratee} pada butir {item}",
    "an_not_frame": "{what} harus berupa pandas DataFrame, diterima {got}",
    "col_missing": "{what} tidak memuat kolom: {cols}",
    "an_no_rows": "{fn}: data tidak memuat baris",
    "an_cell_empty": "{fn}: baris {row}: kolom '{col}' kosong",
    "an_not_number": "{fn}: baris {row}: {col} {value} bukan angka",
    "an_positive_int": "{name} harus bilangan bulat positif, diterima {value}",
    "an_int_at_least": "{name} harus bilangan bulat >= {low}, diterima {value}",
    "an_at_least_2_test": "{name} harus paling sedikit 2 untuk sebuah uji",
    "an_between_0_1": "{name} harus di antara 0 dan 1, diterima {value}",
    "an_between": "{name} harus di antara {low} dan {high}, diterima {value}",
    "an_positive": "{name} harus bilangan positif, diterima {value}",
    "an_non_negative": "{name} harus bilangan tidak negatif, diterima {value}",
    "an_one_of": "{name} harus salah satu dari {choices}, diterima {value}",
    "an_str_or_list": "{name} harus berupa teks atau daftar teks, diterima {value}",
    "an_name_one_column": "{name} harus menyebut paling sedikit satu kolom",
    "an_name_one": "{name} harus menyebut paling sedikit satu {what}",
    "an_rel_unknown": "hubungan tidak dikenal {bad}; gunakan {choices}",
    "an_rel_no_answers": "tidak ada jawaban dari hubungan {rel}",
    "an_scale_pair": "scale harus pasangan angka (rendah, tinggi), diterima {value}",
    "an_scale_order": "batas rendah scale harus di bawah batas tinggi, diterima {value}",
    "an_two_competencies": "{fn} memerlukan paling sedikit dua kompetensi",
    "an_item_not_in_order": "butir {item} tidak ada dalam item_order",
    "an_min_raters_keys": "min_raters memuat kunci tidak dikenal {bad}; gunakan {choices}",
    "an_not_numeric_col": "kolom {col} pada {what} harus berupa angka",
    "an_length_differs": "{a} dan {b} tidak sama panjang ({n_a} vs {n_b})",
    "an_disconnected": ("desain penilai-pegawai tidak terhubung: {n} komponen (yang terbesar memuat {largest} pegawai; "
                        "{parts}{more}). Skor adil hanya dapat dibandingkan di dalam satu komponen."),
    "an_component": "komponen {c}: {size} pegawai, mis. {members}",
    "an_more": "; dan {n} lainnya",
    "an_disconnected_warn": " Efek penilai dipusatkan di dalam setiap komponen.",
    "an_cg_not_converged": ("rater_effects: gradien konjugat tidak mencapai tol={tol} dalam {maxiter} iterasi; "
                            "perkiraan mungkin kurang tepat (naikkan maxiter)"),
    "an_config_type": "{what} harus berupa {cls}, diterima {got}",
    "an_config_unknown": "kunci konfigurasi keadilan tidak dikenal: {bad}; yang dikenal: {known}",
    "an_config_field": "FairnessConfig.{field}: {problem}",
    # reliability
    "an_need_2x2": "{fn}: perlu paling sedikit 2 {targets} dan 2 {raters}, ada {n} dan {k}",
    "an_icc_twice": ("{fn}: baris {row}: {raters} {rater} menilai {targets} {target} lebih dari sekali; "
                     "icc_nested memerlukan satu skor per {targets} dan {raters} - gabungkan jawaban butir "
                     "dulu dengan scale_scores()"),
    "an_panel_twice": ("{fn}: {targets} {target} memiliki {count} skor dari {raters} {rater}; icc_panel "
                       "memerlukan tepat satu skor per {targets} dan {raters}"),
    "an_panel_incomplete": ("{fn}: {lacking} dari {n} {targets} tidak memiliki skor dari paling sedikit satu dari "
                            "{k} {raters} (data hilang atau tidak seimbang); icc_panel memerlukan panel lengkap - "
                            "untuk penilai tersarang dalam pegawai dinilai dengan jumlah tidak sama gunakan icc_nested()"),
    "an_changes_within_pair": "{fn}: baris {row}: kolom '{col}' berubah di dalam satu pasangan {targets}/{raters}",
    "an_level_numeric": "{fn}: level '{level}' memerlukan nilai angka; nilai bukan angka bersifat nominal",
    "an_level_numeric_text": "{err}; level '{level}' memerlukan nilai angka (label teks bersifat nominal)",
    "an_too_many_values": ("krippendorff_alpha: {V} nilai berbeda terlalu banyak untuk level '{level}'; "
                           "bulatkan nilainya atau gunakan level='interval'"),
    "an_kripp_twice": ("{fn}: baris {row}: {raters} {rater} memberi lebih dari satu nilai pada unit yang sama "
                       "({units}); gunakan unit yang lebih rinci (mis. targets=['ratee', 'item']) atau gabungkan "
                       "dulu dengan scale_scores()"),
    "an_wide_twice": "{fn}: baris {row}: {subject} yang sama menjawab {items} {item} dua kali",
    "an_item_in_two": "{fn}: baris {row}: {items} {item} termasuk lebih dari satu {competency}",
    "an_one_score_twice": ("{fn}: baris {row}: {raters} {rater} menilai {targets} {target} lebih dari sekali; butuh satu "
                           "skor per {targets} dan {raters} (gabungkan jawaban butir dulu dengan scale_scores())"),
    "an_boot_too_many": ("krippendorff_bootstrap: {V} nilai berbeda terlalu banyak untuk bootstrap (maksimal {max}); "
                         "bulatkan nilainya dulu"),
    "an_null_unknown": ("{fn}: distribusi nol {null} tidak dikenal; pilih salah satu dari {choices} atau berikan "
                        "varians sebagai angka"),
    "an_null_five_only": ("{fn}: distribusi nol {null} hanya didefinisikan untuk skala 5 pilihan (bukan {scale_points}); "
                          "berikan varians nol sebagai angka"),
    "an_null_type": "{fn}: null harus nama distribusi atau angka positif, bukan {null}",
    "an_reliability_max": "{fn}: reliability tidak boleh lebih dari 1",
    "an_item_two_competencies": "{fn}: butir {item} termasuk lebih dari satu kompetensi",
    "an_rel_changes": "{fn}: baris {row}: hubungan berubah di dalam satu pasangan ratee/rater",
    "an_null_or_expected": "{fn}: berikan null atau expected_variance, tidak keduanya",
    "an_factor_positive": "spearman_brown: factor harus positif",
    "an_reliability_range": "spearman_brown: reliability harus di antara -1 dan 1",
    "an_needs_icc1": "raters_needed: argumen DataFrame memerlukan kolom 'ICC1' (lihat icc_nested)",
    "an_icc1_max": "raters_needed: icc1 tidak boleh lebih dari 1",
    "an_by_one": "{fn}: by harus satu nama kolom",
    # predikat, scoring
    "an_cuts_pair": "cuts harus berupa dua angka (batas bawah, batas atas), diterima {value}",
    "an_cuts_order": "cuts harus dua angka hingga dengan batas bawah < batas atas, diterima {value}",
    "an_number": "{name} harus berupa angka, diterima {value}",
    "an_index_differs": "indeks {a} dan {b} tidak sama (harus berisi pegawai yang sama)",
    "an_length_differs_id": "{a} ({n_a}) dan {b} ({n_b}) tidak sama panjang",
    "an_org_predikat_unknown": "predikat organisasi tidak dikenal: {value} (pilihan: {choices})",
    "an_no_predikat": "tidak ada pegawai dengan predikat kinerja untuk diperiksa",
    "an_regime_unknown": "regime tidak dikenal: {value} (pilihan: {choices})",
    "an_skp_negative": "nilai SKP tidak boleh negatif, diterima {value}",
    "an_perilaku_range": "nilai perilaku harus 0-100, diterima {value}",
    "an_npk_negative": "nilai prestasi kerja tidak boleh negatif, diterima {value}",
    "an_scale_low_high": "scale harus berupa (rendah, tinggi), diterima {value}",
    "an_scale_invalid": "skala tidak valid: {value} (rendah < tinggi; untuk 'ratio' rendah > 0)",
    "an_method_unknown": "method tidak dikenal: {value} (pilihan: ratio, linear)",
    "an_score_outside": "skor {value} di luar skala {low}-{high}",
    "an_count": "{name} harus bilangan bulat >= 1, diterima {value}",
    "an_group_map": "{name} harus berupa peta kelompok -> nilai, diterima {got}",
    "an_group_unknown": "{name}: kelompok tidak dikenal {value} (pilihan: {choices})",
    "an_weight": "bobot kelompok '{group}' harus angka >= 0, diterima {value}",
    "an_weights_zero": "paling sedikit satu bobot kelompok harus > 0",
    "an_threshold_name": "ambang anonimitas '{group}'",
    "an_nothing_to_score": "tabel penilaian kosong: tidak ada yang dapat diberi skor",
    "an_overall_reserved": "kode kompetensi {value} dicadangkan untuk angka semua butir; ganti namanya",
    "an_two_relationships": "tabel penilaian baris {row}: penilai {rater} menilai {ratee} dengan lebih dari satu hubungan",
    "an_hasil_kerja_series": "hasil_kerja harus berupa Series (ratee -> rating), diterima {got}",
    "an_hasil_kerja_twice": "hasil_kerja memuat pegawai {value} lebih dari sekali",
    # agreement, generalizability
    "an_answer_twice": "{fn}: baris {row}: {raters} {rater} menjawab {items} {item} untuk {targets} {target} lebih dari sekali",
    "an_pairs": "{fn}: pairs harus berisi pasangan dua sumber yang berbeda, bukan {value}",
    "an_g_need_2x2": "{fn}: butuh minimal 2 {targets} dan 2 {raters} dengan skor, ada {n} dan {k}",
    "an_g_not_converged": ("{fn}: penyelesaian efek penilai tidak konvergen (tol={tol}); desain terlalu terpisah-pisah "
                           "atau tol terlalu kecil"),
    "an_g_no_residual_df": ("{fn}: tidak ada derajat bebas residual (N={N}, {n} {targets}, {k} {raters}); setiap {raters} "
                            "perlu menilai lebih dari satu {targets}"),
    "an_g_components": "{fn}: components harus tabel dari variance_components (kolom component, variance)",
    "an_g_components_missing": "{fn}: komponen tidak ada: {missing}",
    "an_k_at_least_1": "{fn}: k harus bilangan >= 1, bukan {value}",
    "an_column_numeric": "{fn}: {name} harus berupa angka",
})
STRINGS["en"].update({
    # the ratings frame contract (frames.check_ratings_frame)
    "an_ratings_frame": "ratings frame",
    "rf_row_empty": "ratings frame row {row}: column '{col}' is empty",
    "rf_bad_relationship": "ratings frame row {row}: relationship {value} is not one of {choices}",
    "rf_not_number": "ratings frame row {row}: rating {value} is not a number",
    "rf_out_of_scale": "ratings frame row {row}: rating {value} is outside the scale {lo}-{hi}",
    "rf_duplicate": "ratings frame row {row}: rater {rater} already rated {ratee} on item {item}",
    "an_not_frame": "{what} must be a pandas DataFrame, got {got}",
    "col_missing": "{what} lacks column(s): {cols}",
    "an_no_rows": "{fn}: data has no rows",
    "an_cell_empty": "{fn}: row {row}: column '{col}' is empty",
    "an_not_number": "{fn}: row {row}: {col} {value} is not a number",
    "an_positive_int": "{name} must be a positive integer, got {value}",
    "an_int_at_least": "{name} must be an integer >= {low}, got {value}",
    "an_at_least_2_test": "{name} must be at least 2 for a test",
    "an_between_0_1": "{name} must lie between 0 and 1, got {value}",
    "an_between": "{name} must lie between {low} and {high}, got {value}",
    "an_positive": "{name} must be a positive number, got {value}",
    "an_non_negative": "{name} must be a non-negative number, got {value}",
    "an_one_of": "{name} must be one of {choices}, got {value}",
    "an_str_or_list": "{name} must be a string or a list of strings, got {value}",
    "an_name_one_column": "{name} must name at least one column",
    "an_name_one": "{name} must name at least one {what}",
    "an_rel_unknown": "unknown relationship(s) {bad}; use {choices}",
    "an_rel_no_answers": "no answered ratings from relationship(s) {rel}",
    "an_scale_pair": "scale must be a (low, high) pair of numbers, got {value}",
    "an_scale_order": "scale low must be below high, got {value}",
    "an_two_competencies": "{fn} needs at least two competencies",
    "an_item_not_in_order": "item {item} is not in item_order",
    "an_min_raters_keys": "min_raters has unknown key(s) {bad}; use {choices}",
    "an_not_numeric_col": "{what} column {col} must be numeric",
    "an_length_differs": "{a} and {b} differ in length ({n_a} vs {n_b})",
    "an_disconnected": ("the rater-ratee design is not connected: {n} components (largest has {largest} ratees; "
                        "{parts}{more}). Fair scores are comparable only within a component."),
    "an_component": "component {c}: {size} ratee(s), e.g. {members}",
    "an_more": "; and {n} more",
    "an_disconnected_warn": " Rater effects are centred within each component.",
    "an_cg_not_converged": ("rater_effects: conjugate gradients did not reach tol={tol} in {maxiter} iterations; "
                            "estimates may be imprecise (raise maxiter)"),
    "an_config_type": "{what} must be a {cls}, got {got}",
    "an_config_unknown": "unknown fairness config key(s): {bad}; known: {known}",
    "an_config_field": "FairnessConfig.{field}: {problem}",
    # reliability
    "an_need_2x2": "{fn}: need at least 2 {targets} and 2 {raters}, got {n} and {k}",
    "an_icc_twice": ("{fn}: row {row}: {raters} {rater} rated {targets} {target} more than once; icc_nested "
                     "needs one score per {targets} and {raters} - aggregate item answers first with scale_scores()"),
    "an_panel_twice": ("{fn}: {targets} {target} has {count} ratings from {raters} {rater}; icc_panel needs "
                       "exactly one rating per {targets} and {raters}"),
    "an_panel_incomplete": ("{fn}: {lacking} of {n} {targets} lack a rating from at least one of the {k} {raters} "
                            "(missing or unbalanced data); icc_panel needs a complete panel - for raters nested in "
                            "ratees with unequal numbers use icc_nested()"),
    "an_changes_within_pair": "{fn}: row {row}: column '{col}' changes within one {targets}/{raters} pair",
    "an_level_numeric": "{fn}: level '{level}' needs numeric values; non-numeric values are nominal",
    "an_level_numeric_text": "{err}; level '{level}' needs numeric values (text labels are nominal)",
    "an_too_many_values": ("krippendorff_alpha: {V} distinct values is too many for level '{level}'; "
                           "round the values or use level='interval'"),
    "an_kripp_twice": ("{fn}: row {row}: {raters} {rater} gave more than one value to the same unit ({units}); "
                       "use finer units (e.g. targets=['ratee', 'item']) or aggregate first with scale_scores()"),
    "an_wide_twice": "{fn}: row {row}: the same {subject} answered {items} {item} twice",
    "an_item_in_two": "{fn}: row {row}: {items} {item} belongs to more than one {competency}",
    "an_one_score_twice": ("{fn}: row {row}: {raters} {rater} rated {targets} {target} more than once; one score per "
                           "{targets} and {raters} is needed (aggregate item answers first with scale_scores())"),
    "an_boot_too_many": ("krippendorff_bootstrap: {V} distinct values are too many for the bootstrap (at most {max}); "
                         "round the values first"),
    "an_null_unknown": ("{fn}: null distribution {null} is unknown; choose one of {choices} or give the variance "
                        "as a number"),
    "an_null_five_only": ("{fn}: null distribution {null} is defined only for a 5-point scale (not {scale_points}); "
                          "give the null variance as a number"),
    "an_null_type": "{fn}: null must be a distribution name or a positive number, not {null}",
    "an_reliability_max": "{fn}: reliability must not exceed 1",
    "an_item_two_competencies": "{fn}: item {item} belongs to more than one competency",
    "an_rel_changes": "{fn}: row {row}: relationship changes within one ratee/rater pair",
    "an_null_or_expected": "{fn}: give null or expected_variance, not both",
    "an_factor_positive": "spearman_brown: factor must be positive",
    "an_reliability_range": "spearman_brown: reliability must lie in [-1, 1]",
    "an_needs_icc1": "raters_needed: a DataFrame argument needs an 'ICC1' column (see icc_nested)",
    "an_icc1_max": "raters_needed: icc1 must not exceed 1",
    "an_by_one": "{fn}: by must name one column",
    # predikat, scoring
    "an_cuts_pair": "cuts must be two numbers (lower cut, upper cut), got {value}",
    "an_cuts_order": "cuts must be two finite numbers with lower < upper, got {value}",
    "an_number": "{name} must be a number, got {value}",
    "an_index_differs": "the indexes of {a} and {b} differ (they must hold the same employees)",
    "an_length_differs_id": "{a} ({n_a}) and {b} ({n_b}) differ in length",
    "an_org_predikat_unknown": "unknown organisation predikat: {value} (choices: {choices})",
    "an_no_predikat": "no employee has a predikat kinerja to check",
    "an_regime_unknown": "unknown regime: {value} (choices: {choices})",
    "an_skp_negative": "SKP scores must not be negative, got {value}",
    "an_perilaku_range": "perilaku scores must be 0-100, got {value}",
    "an_npk_negative": "nilai prestasi kerja must not be negative, got {value}",
    "an_scale_low_high": "scale must be (low, high), got {value}",
    "an_scale_invalid": "invalid scale: {value} (low < high; for 'ratio' low > 0)",
    "an_method_unknown": "unknown method: {value} (choices: ratio, linear)",
    "an_score_outside": "score {value} is outside the scale {low}-{high}",
    "an_count": "{name} must be an integer >= 1, got {value}",
    "an_group_map": "{name} must be a mapping group -> value, got {got}",
    "an_group_unknown": "{name}: unknown group {value} (choices: {choices})",
    "an_weight": "weight of group '{group}' must be a number >= 0, got {value}",
    "an_weights_zero": "at least one group weight must be > 0",
    "an_threshold_name": "anonymity threshold '{group}'",
    "an_nothing_to_score": "ratings frame is empty: nothing to score",
    "an_overall_reserved": "competency code {value} is reserved for the all-items figure; rename it",
    "an_two_relationships": "ratings frame row {row}: rater {rater} rates {ratee} under more than one relationship",
    "an_hasil_kerja_series": "hasil_kerja must be a Series (ratee -> rating), got {got}",
    "an_hasil_kerja_twice": "hasil_kerja holds employee {value} more than once",
    # agreement, generalizability
    "an_answer_twice": "{fn}: row {row}: {raters} {rater} answered {items} {item} for {targets} {target} more than once",
    "an_pairs": "{fn}: pairs must hold pairs of two different sources, not {value}",
    "an_g_need_2x2": "{fn}: need at least 2 {targets} and 2 {raters} with scores, got {n} and {k}",
    "an_g_not_converged": ("{fn}: the rater-effect solve did not converge (tol={tol}); the design is too fragmented "
                           "or tol too small"),
    "an_g_no_residual_df": ("{fn}: no residual degrees of freedom (N={N}, {n} {targets}, {k} {raters}); every {raters} "
                            "must rate more than one {targets}"),
    "an_g_components": "{fn}: components must be a table from variance_components (columns component, variance)",
    "an_g_components_missing": "{fn}: component(s) missing: {missing}",
    "an_k_at_least_1": "{fn}: k must be numbers >= 1, not {value}",
    "an_column_numeric": "{fn}: {name} must be numeric",
})

# --- closing a cycle: the employee's results page, keberatan, hasil kerja / calibration tabs (issue 12)
STRINGS["id"].update({
    "emp_title": "Hasil penilaian saya",
    "emp_version": "Hasil yang diumumkan, versi {n}.",
    "emp_pdf": "Unduh laporan (PDF)",
    "emp_no_results": "Anda tidak memiliki hasil penilaian pada periode ini.",
    "emp_entry": "Hasil penilaian saya",
    "keb_title": "Keberatan atas predikat kinerja",
    "keb_intro": "Bila Anda tidak setuju dengan predikat kinerja Anda, ajukan keberatan dengan alasannya paling "
                 "lambat {time}. Keberatan diputuskan oleh atasan Pejabat Penilai Kinerja Anda.",
    "keb_reason_placeholder": "Alasan keberatan (minimal 10 karakter)",
    "keb_file": "Ajukan keberatan",
    "keb_filed": "Keberatan Anda sudah tercatat.",
    "keb_status_diajukan": "Keberatan Anda sudah diajukan dan menunggu tanggapan Pejabat Penilai; keputusan paling "
                           "lambat {time}.",
    "keb_status_dijelaskan": "Pejabat Penilai sudah memberi tanggapan; keberatan Anda menunggu keputusan atasan "
                             "Pejabat Penilai (paling lambat {time}).",
    "keb_status_diputuskan": "Keberatan Anda sudah diputuskan: predikat {name}. Alasan: {message}",
    "keb_to_explain": "Keberatan dari {name} menunggu tanggapan Anda sebagai Pejabat Penilai",
    "keb_to_decide": "Keberatan dari {name} menunggu keputusan Anda",
    "keb_reason": "Alasan keberatan",
    "keb_explanation": "Tanggapan Pejabat Penilai",
    "keb_explain_placeholder": "Tanggapan Anda (minimal 10 karakter)",
    "keb_explain": "Kirim tanggapan",
    "keb_explained": "Tanggapan Anda sudah tercatat.",
    "keb_decide_by": "Diputuskan paling lambat {time}.",
    "keb_keep": "Predikat tetap: {name}",
    "keb_change_to": "Ubah menjadi: {name}",
    "keb_decision_placeholder": "Alasan keputusan (minimal 10 karakter)",
    "keb_decide": "Simpan keputusan",
    "keb_decided": "Keputusan tercatat; hasil versi {n} diumumkan.",
})
STRINGS["en"].update({
    "emp_title": "My results",
    "emp_version": "Published results, version {n}.",
    "emp_pdf": "Download report (PDF)",
    "emp_no_results": "You have no results in this period.",
    "emp_entry": "My results",
    "keb_title": "Objection to the performance predikat",
    "keb_intro": "If you disagree with your performance predikat, file an objection with your reasons by "
                 "{time}. It is decided by the superior of your Pejabat Penilai Kinerja.",
    "keb_reason_placeholder": "Reason for the objection (at least 10 characters)",
    "keb_file": "File objection",
    "keb_filed": "Your objection has been recorded.",
    "keb_status_diajukan": "Your objection was filed and awaits the Pejabat Penilai's explanation; decision by "
                           "{time}.",
    "keb_status_dijelaskan": "The Pejabat Penilai has explained; your objection awaits the decision of their "
                             "superior (by {time}).",
    "keb_status_diputuskan": "Your objection has been decided: predikat {name}. Reason: {message}",
    "keb_to_explain": "An objection from {name} awaits your explanation as Pejabat Penilai",
    "keb_to_decide": "An objection from {name} awaits your decision",
    "keb_reason": "Reason for the objection",
    "keb_explanation": "Explanation of the Pejabat Penilai",
    "keb_explain_placeholder": "Your explanation (at least 10 characters)",
    "keb_explain": "Send explanation",
    "keb_explained": "Your explanation has been recorded.",
    "keb_decide_by": "To be decided by {time}.",
    "keb_keep": "Keep predikat: {name}",
    "keb_change_to": "Change to: {name}",
    "keb_decision_placeholder": "Reason for the decision (at least 10 characters)",
    "keb_decide": "Save decision",
    "keb_decided": "Decision recorded; results version {n} published.",
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
# --- HR operations (issue 13): deadlines, mid-cycle changes, review, invitations and reminders ----
STRINGS["id"].update({
    "msg_invite_subject": "Undangan penilaian perilaku kerja: {cycle}",
    "msg_invite_body": ("Yth. {nama},\n\n"
                        "Anda diminta mengisi penilaian perilaku kerja 360° periode {cycle}: {total} formulir.\n"
                        "Tautan pribadi Anda: {link}\n"
                        "Batas pengisian: {deadline}.\n\n"
                        "Tautan ini hanya untuk Anda; jangan diteruskan kepada orang lain. "
                        "Jawaban Anda dijaga kerahasiaannya dan hanya dilaporkan secara gabungan.\n\n"
                        "Bagian Kepegawaian"),
    "msg_pending_subject": "Pengingat: penilaian perilaku kerja {cycle} belum Anda isi",
    "msg_pending_body": ("Yth. {nama},\n\n"
                         "Anda belum mulai mengisi penilaian perilaku kerja periode {cycle} "
                         "({pending} dari {total} formulir belum terkirim).\n"
                         "Tautan pribadi Anda: {link}\n"
                         "Batas pengisian: {deadline}.\n\n"
                         "Tautan ini hanya untuk Anda; jangan diteruskan kepada orang lain.\n\n"
                         "Bagian Kepegawaian"),
    "msg_draft_subject": "Pengingat: penilaian perilaku kerja {cycle} belum Anda kirim",
    "msg_draft_body": ("Yth. {nama},\n\n"
                       "Sebagian jawaban Anda untuk penilaian perilaku kerja periode {cycle} sudah tersimpan "
                       "sebagai draf, tetapi {pending} dari {total} formulir belum dikirim. Draf tidak "
                       "dihitung: buka tautan Anda dan tekan \u201cKirim\u201d pada setiap formulir.\n"
                       "Tautan pribadi Anda: {link}\n"
                       "Batas pengisian: {deadline}.\n\n"
                       "Bagian Kepegawaian"),
    "deadline_line": "Batas pengisian: {deadline}",
    "deadline_passed_line": "Batas pengisian ({deadline}) sudah lewat.",
    "actor_label": "Nama petugas",
    "actor_needed": "Isi \u201cNama petugas\u201d dulu: setiap perubahan dicatat atas nama petugas.",
    "tab_review": "Tinjau penilai",
    "tab_changes": "Perubahan periode",
    "upload_limit": "Berkas paling besar {mb} MB (CSV atau XLSX).",
    "upload_too_big": "Berkas {name} berukuran {size} MB, melebihi batas {mb} MB; tidak ada yang disimpan. "
                      "Simpan roster sebagai CSV atau hapus lembar/kolom yang tidak perlu.",
    "roster_preview": "Pratinjau impor: {added} baru, {updated} diperbarui, {deactivated} akan dinonaktifkan.",
    "roster_deactivate_warn": ("{n} pegawai tidak ada di berkas ini dan akan DINONAKTIFKAN "
                               "({forms} formulir mereka di periode yang sedang berjalan). Periksa daftar di bawah; "
                               "tekan \u201cYa, impor dan nonaktifkan\u201d hanya jika benar."),
    "roster_confirm": "Ya, impor dan nonaktifkan",
    "confirm_needed": "Periksa pratinjau lalu tekan tombol konfirmasi.",
    "preview": "Pratinjau",
    "confirm": "Ya, lakukan",
    "cancel": "Batal",
    "assign_preview": "Pratinjau: {add} formulir akan ditambahkan, {skip} tidak ditambahkan karena melebihi batas.",
    "assign_confirm": "Ya, tambahkan formulir",
    "reason_label": "Alasan",
    "reason_needed": "Isi alasan perubahan (minimal 5 karakter).",
    "deadline_label": "Batas baru",
    "extend": "Perpanjang batas waktu",
    "reopen": "Buka kembali periode",
    "change_kind": "Perubahan",
    "rater_nip": "NIP penilai",
    "ratee_nip": "NIP dinilai",
    "new_rater_nip": "NIP penilai baru",
    "relationship": "Hubungan",
    "keep_answers": "Pertahankan jawaban terkirim penilai lama",
    "new_link": "Tautan baru (salin dan kirim kepada penilai):",
    "done": "Selesai: {what}",
    "review_locked": "Daftar penilai terkunci sejak periode dibuka; perubahan lewat tab \u201cPerubahan periode\u201d.",
    "review_warnings": "{n} pegawai di bawah ambang anonimitas pada satu kelompok penilai atau lebih.",
    "remind_send_email": "Kirim e-mail yang jatuh tempo",
    "remind_dry_run": "Pratinjau pesan (tidak mengirim)",
    "remind_whatsapp": "Siapkan tautan WhatsApp",
    "remind_due": "{n} pesan jatuh tempo.",
    "remind_sent": "{sent} e-mail terkirim, {failed} gagal.",
    "wa_open": "Buka WhatsApp",
    "actor_placeholder": "mis. Siti Rahma",
    "remind_every": "Setiap (hari)",
    "remind_max": "Maks. pengingat",
    "review_swap": "Ganti penilai",
    "review_remove": "Hapus penilai",
    "change_add": "Tambah penilai",
    "change_replace": "Ganti penilai",
    "change_remove": "Hapus formulir",
    "change_revoke": "Cabut tautan",
    "change_reissue": "Terbitkan ulang tautan",
    "rel_peer": "Rekan",
    "rel_subordinate": "Bawahan",
    "rel_supervisor": "Atasan",
    "rel_self": "Diri",
    "kind_undangan": "undangan",
    "kind_pengingat_belum": "pengingat (belum mulai)",
    "kind_pengingat_draf": "pengingat (draf)",
    "outbox_title": "Kotak keluar",
    "col_name": "Nama",
    "col_channel": "Saluran",
    "col_address": "Alamat / No HP",
    "col_kind": "Jenis",
    "col_note": "Catatan",
    "download_whatsapp": "WhatsApp (CSV)",
})
STRINGS["en"].update({
    "msg_invite_subject": "Invitation to the work-behaviour rating: {cycle}",
    "msg_invite_body": ("Dear {nama},\n\n"
                        "You are asked to fill in the 360° work-behaviour rating of {cycle}: {total} forms.\n"
                        "Your personal link: {link}\n"
                        "Deadline: {deadline}.\n\n"
                        "This link is for you only; do not forward it. Your answers are kept confidential "
                        "and reported only in aggregate.\n\n"
                        "Human Resources"),
    "msg_pending_subject": "Reminder: you have not started the work-behaviour rating {cycle}",
    "msg_pending_body": ("Dear {nama},\n\n"
                         "You have not started the work-behaviour rating of {cycle} "
                         "({pending} of {total} forms not submitted).\n"
                         "Your personal link: {link}\n"
                         "Deadline: {deadline}.\n\n"
                         "This link is for you only; do not forward it.\n\n"
                         "Human Resources"),
    "msg_draft_subject": "Reminder: your work-behaviour rating {cycle} is not submitted yet",
    "msg_draft_body": ("Dear {nama},\n\n"
                       "Some of your answers for the work-behaviour rating of {cycle} are saved as drafts, but "
                       "{pending} of {total} forms are not submitted. Drafts do not count: open your link and "
                       "press \u201cSubmit\u201d on every form.\n"
                       "Your personal link: {link}\n"
                       "Deadline: {deadline}.\n\n"
                       "Human Resources"),
    "deadline_line": "Deadline: {deadline}",
    "deadline_passed_line": "The deadline ({deadline}) has passed.",
    "actor_label": "Staff name",
    "actor_needed": "Fill in \u201cStaff name\u201d first: every change is recorded under the person who made it.",
    "tab_review": "Review raters",
    "tab_changes": "Period changes",
    "upload_limit": "Files up to {mb} MB (CSV or XLSX).",
    "upload_too_big": "File {name} is {size} MB, over the {mb} MB limit; nothing was saved. "
                      "Save the roster as CSV or remove unneeded sheets/columns.",
    "roster_preview": "Import preview: {added} new, {updated} updated, {deactivated} to be deactivated.",
    "roster_deactivate_warn": ("{n} employees are not in this file and will be DEACTIVATED "
                               "({forms} of their forms in running periods). Check the list below; press "
                               "\u201cYes, import and deactivate\u201d only if this is right."),
    "roster_confirm": "Yes, import and deactivate",
    "confirm_needed": "Check the preview, then press the confirmation button.",
    "preview": "Preview",
    "confirm": "Yes, do it",
    "cancel": "Cancel",
    "assign_preview": "Preview: {add} forms will be added, {skip} not added because they exceed a limit.",
    "assign_confirm": "Yes, add the forms",
    "reason_label": "Reason",
    "reason_needed": "Enter the reason for the change (at least 5 characters).",
    "deadline_label": "New deadline",
    "extend": "Extend the deadline",
    "reopen": "Reopen the period",
    "change_kind": "Change",
    "rater_nip": "Rater NIP",
    "ratee_nip": "Ratee NIP",
    "new_rater_nip": "New rater NIP",
    "relationship": "Relationship",
    "keep_answers": "Keep the old rater's submitted answers",
    "new_link": "New link (copy it and send it to the rater):",
    "done": "Done: {what}",
    "review_locked": "The rater list is locked since the period opened; changes go through \u201cPeriod changes\u201d.",
    "review_warnings": "{n} employees are under the anonymity threshold in one rater group or more.",
    "remind_send_email": "Send the e-mails that are due",
    "remind_dry_run": "Preview messages (send nothing)",
    "remind_whatsapp": "Prepare WhatsApp links",
    "remind_due": "{n} messages due.",
    "remind_sent": "{sent} e-mails sent, {failed} failed.",
    "wa_open": "Open WhatsApp",
    "actor_placeholder": "e.g. Siti Rahma",
    "remind_every": "Every (days)",
    "remind_max": "Max. reminders",
    "review_swap": "Swap rater",
    "review_remove": "Remove rater",
    "change_add": "Add a rater",
    "change_replace": "Replace a rater",
    "change_remove": "Remove a form",
    "change_revoke": "Revoke a link",
    "change_reissue": "Reissue a link",
    "rel_peer": "Peer",
    "rel_subordinate": "Direct report",
    "rel_supervisor": "Supervisor",
    "rel_self": "Self",
    "kind_undangan": "invitation",
    "kind_pengingat_belum": "reminder (not started)",
    "kind_pengingat_draf": "reminder (draft)",
    "outbox_title": "Outbox",
    "col_name": "Name",
    "col_channel": "Channel",
    "col_address": "Address / mobile",
    "col_kind": "Kind",
    "col_note": "Note",
    "download_whatsapp": "WhatsApp (CSV)",
})

# periods and development in the rater app (issue 15): stakeholders, continuous feedback notes
STRINGS["id"].update({
    "rel_stakeholder_you": "Anda sebagai pemangku kepentingan",
    "tasks_intro_stakeholder": ("Anda diminta menilai perilaku kerja pegawai berikut sebagai pemangku kepentingan "
                                "(pihak yang dilayani atau bekerja sama dengannya). Jawaban Anda dirahasiakan: "
                                "hanya dilaporkan secara gabungan, tanpa nama, dan hanya bila cukup banyak "
                                "pemangku kepentingan menjawab."),
    "fb_title": "Catatan umpan balik",
    "fb_open": "Buka catatan umpan balik",
    "fb_close": "Tutup catatan umpan balik",
    "fb_intro": ("Catat umpan balik singkat selama periode, ditandai dengan nilai BerAKHLAK. Pegawai dapat "
                 "membacanya (catatan atasan dengan nama, catatan rekan tanpa nama); kepegawaian hanya melihat "
                 "jumlahnya. Setiap perubahan disimpan sebagai versi baru."),
    "fb_person": "Pegawai",
    "fb_value": "Nilai BerAKHLAK",
    "fb_text": "Catatan (maksimum {max} karakter)",
    "fb_choose": "— pilih —",
    "fb_save": "Simpan catatan",
    "fb_save_edit": "Simpan perubahan",
    "fb_cancel_edit": "Batal mengubah",
    "fb_edit": "Ubah catatan untuk {name}",
    "fb_saved": "Catatan tersimpan.",
    "fb_edited": "Perubahan tersimpan (versi {version}).",
    "fb_need_person": "Pilih pegawai yang diberi catatan; catatan belum tersimpan.",
    "fb_need_value": "Pilih nilai BerAKHLAK; catatan belum tersimpan.",
    "fb_not_saved": "Catatan belum tersimpan: {reason}",
    "fb_given": "Catatan yang sudah Anda tulis",
    "fb_received": "Umpan balik untuk Anda",
    "fb_none_given": "Anda belum menulis catatan.",
    "fb_none_received": "Belum ada umpan balik untuk Anda pada periode ini.",
    "fb_peer": "Rekan kerja",
    "fb_version": "versi {version}, {time}",
    "fb_for_rating": "Catatan umpan balik selama periode tentang {name}",
    "fb_for_rating_none": "Belum ada catatan umpan balik tentang {name} pada periode ini.",
    "fb_unavailable": "Catatan umpan balik tidak dapat dimuat: {reason}",
})
STRINGS["en"].update({
    "rel_stakeholder_you": "You as a stakeholder",
    "tasks_intro_stakeholder": ("You are asked to rate the work behaviour of the employee below as a stakeholder "
                                "(someone they serve or work with). Your answers are confidential: reported only "
                                "in aggregate, without names, and only when enough stakeholders answered."),
    "fb_title": "Feedback notes",
    "fb_open": "Open feedback notes",
    "fb_close": "Close feedback notes",
    "fb_intro": ("Record short feedback during the period, tagged with a BerAKHLAK value. The employee can read "
                 "it (a supervisor's note with the name, a peer's without); HR sees only counts. Every change is "
                 "kept as a new version."),
    "fb_person": "Employee",
    "fb_value": "BerAKHLAK value",
    "fb_text": "Note (at most {max} characters)",
    "fb_choose": "— choose —",
    "fb_save": "Save note",
    "fb_save_edit": "Save changes",
    "fb_cancel_edit": "Cancel editing",
    "fb_edit": "Edit note for {name}",
    "fb_saved": "Note saved.",
    "fb_edited": "Changes saved (version {version}).",
    "fb_need_person": "Choose the employee the note is about; the note was not saved.",
    "fb_need_value": "Choose a BerAKHLAK value; the note was not saved.",
    "fb_not_saved": "The note was not saved: {reason}",
    "fb_given": "Notes you wrote",
    "fb_received": "Feedback for you",
    "fb_none_given": "You have not written any notes yet.",
    "fb_none_received": "No feedback for you in this period yet.",
    "fb_peer": "Peer",
    "fb_version": "version {version}, {time}",
    "fb_for_rating": "Feedback notes about {name} during the period",
    "fb_for_rating_none": "No feedback notes about {name} in this period.",
    "fb_unavailable": "Feedback notes could not be loaded: {reason}",
})

# the admin app's "Periode & pengembangan" tab (apps.periods_tab)
STRINGS["id"].update({
    "tab_periods": "Periode & pengembangan",
    "per_yes": "ya",
    "per_no": "tidak",
    "per_failed": "Gagal: {reason}",
    "per_no_cycle": "pilih periode terlebih dahulu.",
    "per_next_title": "Periode berikutnya",
    "per_next_hint": ("Buat periode baru dari periode terpilih: instrumen sama, penugasan diundi ulang untuk roster "
                      "sekarang (pegawai yang keluar tidak ikut, pegawai baru ikut), tautan pribadi baru. Tanggal "
                      "kosong = periode sesudahnya dengan panjang yang sama (semester atau tahun)."),
    "per_next_name": "Nama periode baru",
    "per_next_name_hint": "kosong = nama lama dengan tanggal baru",
    "per_next_start": "Awal (opsional)",
    "per_next_end": "Akhir (opsional)",
    "per_seed": "Benih undian",
    "per_next_make": "Buat periode berikutnya",
    "per_next_done": "Periode {id} dibuat: {name} ({start} s.d. {end}); {n} tautan pribadi baru. Unduh tautan sekarang: tautan hanya ditampilkan sekali.",
    "per_sh_title": "Penilai pemangku kepentingan",
    "per_sh_hint": ("Berkas CSV/XLSX dengan kolom nip (pegawai yang dinilai), nama, kontak (e-mail atau telepon) "
                    "dan instansi (opsional). Setiap pemangku kepentingan mendapat tautan sendiri yang dibuka di "
                    "aplikasi penilai. Bila ada baris salah, semua baris salah disebutkan dan tidak ada yang ditambahkan."),
    "per_sh_upload": "Unggah daftar",
    "per_sh_add": "Tambahkan pemangku kepentingan",
    "per_sh_choose": "pilih berkas daftar pemangku kepentingan terlebih dahulu.",
    "per_sh_done": "{n} pemangku kepentingan ditambahkan. Unduh tautan sekarang: tautan hanya ditampilkan sekali.",
    "per_sh_none": "Belum ada pemangku kepentingan pada periode ini.",
    "per_dlg_title": "Dialog kinerja dan rencana pengembangan",
    "per_dlg_hint": ("Setelah hasil diumumkan: tautan untuk setiap atasan (mencatat dialog dan 1-3 tindakan "
                     "pengembangan) dan untuk setiap pegawai (membaca dan menyatakan telah menerima)."),
    "per_dlg_make": "Buat tautan dialog",
    "per_dlg_done": "{n} dialog dibuat. Unduh tautan sekarang: tautan hanya ditampilkan sekali.",
    "per_dlg_nothing": "Tidak ada dialog baru: setiap pegawai yang dinilai sudah memiliki dialog.",
    "per_dlg_count": "{n} dialog: {held} sudah dicatat atasan, {ack} sudah diterima pegawai.",
    "per_dlg_none": "Belum ada dialog kinerja pada periode ini.",
    "per_lib_title": "Pustaka saran pengembangan",
    "per_lib_hint": ("Saran yang ditawarkan kepada atasan untuk kompetensi terlemah pegawai. Unduh pustaka yang "
                     "berlaku, ubah, lalu unggah kembali (YAML: kode kompetensi -> daftar saran); diperiksa dulu, "
                     "tidak berubah bila ada kesalahan."),
    "per_lib_upload": "Unggah YAML",
    "per_lib_import": "Ganti pustaka saran",
    "per_lib_download": "Unduh pustaka saran yang berlaku (YAML)",
    "per_lib_choose": "pilih berkas YAML terlebih dahulu.",
    "per_lib_done": "Pustaka saran diganti: {n} kompetensi, {tips} saran.",
    "per_fb_title": "Catatan umpan balik selama periode",
    "per_fb_hint": "Jumlah catatan per unit dan nilai BerAKHLAK; isi catatan tidak pernah ditampilkan kepada kepegawaian.",
    "per_fb_peers": "Rekan kerja boleh menulis catatan umpan balik",
    "per_fb_on": "Rekan kerja sekarang boleh menulis catatan umpan balik.",
    "per_fb_off": "Rekan kerja tidak lagi boleh menulis catatan umpan balik.",
    "per_fb_none": "Belum ada catatan umpan balik pada periode ini.",
    "per_dl_title": "Unduhan antarperiode",
    "per_dl_meeting": "Mode rapat (NIP disamarkan, nama dihapus, unit kecil disembunyikan)",
    "per_dl_meeting_short": "mode rapat",
    "per_dl_runs": "Periode berturut-turut",
    "per_dl_trends": "Tren antarperiode",
    "per_dl_talent": "Kumpulan talenta",
    "per_dl_training": "Kebutuhan pelatihan",
})
STRINGS["en"].update({
    "tab_periods": "Periods & development",
    "per_yes": "yes",
    "per_no": "no",
    "per_failed": "Failed: {reason}",
    "per_no_cycle": "choose a period first.",
    "per_next_title": "Next period",
    "per_next_hint": ("Make a new period from the selected one: the same instrument, assignments drawn again for the "
                      "current roster (leavers out, newcomers in), new personal links. Empty dates = the following "
                      "period of the same length (semester or year)."),
    "per_next_name": "Name of the new period",
    "per_next_name_hint": "empty = the old name with the new dates",
    "per_next_start": "Start (optional)",
    "per_next_end": "End (optional)",
    "per_seed": "Draw seed",
    "per_next_make": "Make the next period",
    "per_next_done": "Period {id} made: {name} ({start} to {end}); {n} new personal links. Download the links now: they are shown only once.",
    "per_sh_title": "Stakeholder raters",
    "per_sh_hint": ("A CSV/XLSX file with columns nip (the employee rated), nama, kontak (e-mail or phone) and "
                    "instansi (optional). Each stakeholder gets a link of their own, opened in the rater app. If any "
                    "row is wrong, every wrong row is named and nothing is added."),
    "per_sh_upload": "Upload list",
    "per_sh_add": "Add stakeholders",
    "per_sh_choose": "choose the stakeholder list file first.",
    "per_sh_done": "{n} stakeholders added. Download the links now: they are shown only once.",
    "per_sh_none": "No stakeholders in this period yet.",
    "per_dlg_title": "Performance dialogue and development plans",
    "per_dlg_hint": ("After the results are published: a link for each supervisor (records the dialogue and 1-3 "
                     "development actions) and for each employee (reads and acknowledges it)."),
    "per_dlg_make": "Make dialogue links",
    "per_dlg_done": "{n} dialogues made. Download the links now: they are shown only once.",
    "per_dlg_nothing": "No new dialogues: every rated employee already has one.",
    "per_dlg_count": "{n} dialogues: {held} recorded by the supervisor, {ack} acknowledged by the employee.",
    "per_dlg_none": "No performance dialogues in this period yet.",
    "per_lib_title": "Development suggestion library",
    "per_lib_hint": ("Suggestions offered to supervisors for an employee's weakest competencies. Download the library "
                     "in force, edit it and upload it back (YAML: competency code -> list of suggestions); checked "
                     "first, unchanged on any error."),
    "per_lib_upload": "Upload YAML",
    "per_lib_import": "Replace the library",
    "per_lib_download": "Download the library in force (YAML)",
    "per_lib_choose": "choose a YAML file first.",
    "per_lib_done": "Suggestion library replaced: {n} competencies, {tips} suggestions.",
    "per_fb_title": "Feedback notes during the period",
    "per_fb_hint": "Number of notes per unit and BerAKHLAK value; HR never sees what a note says.",
    "per_fb_peers": "Peers may write feedback notes",
    "per_fb_on": "Peers may now write feedback notes.",
    "per_fb_off": "Peers may no longer write feedback notes.",
    "per_fb_none": "No feedback notes in this period yet.",
    "per_dl_title": "Downloads across periods",
    "per_dl_meeting": "Meeting mode (NIPs pseudonymised, names removed, small units hidden)",
    "per_dl_meeting_short": "meeting mode",
    "per_dl_runs": "Consecutive periods",
    "per_dl_trends": "Trends across periods",
    "per_dl_talent": "Talent pool",
    "per_dl_training": "Training needs",
})
