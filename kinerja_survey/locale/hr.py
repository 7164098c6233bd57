"""HR operations (issue 13): deadlines, mid-cycle changes, rater review, invitations and reminders
(cycle/hr.py and the admin app's HR tabs)."""

ID = {
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
    "upload_too_big": ("Berkas {name} berukuran {size} MB, melebihi batas {mb} MB; tidak ada yang disimpan. "
                       "Simpan roster sebagai CSV atau hapus lembar/kolom yang tidak perlu."),
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
    "reason_needed": "Isi alasan perubahan (minimal 5 karakter).",
    "deadline_label": "Batas baru",
    "extend": "Perpanjang batas waktu",
    "reopen": "Buka kembali periode",
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
    "admin.rel_peer": "Rekan",
    "admin.rel_subordinate": "Bawahan",
    "admin.rel_supervisor": "Atasan",
    "admin.rel_self": "Diri",
    "kind_undangan": "undangan",
    "kind_pengingat_belum": "pengingat (belum mulai)",
    "kind_pengingat_draf": "pengingat (draf)",
    "outbox_title": "Kotak keluar",
    "col_address": "Alamat / No HP",
    "download_whatsapp": "WhatsApp (CSV)",
    # coverage review (issue 23): every person below a rater group's minimum, the cause and the fix
    "hr.cause_no_peers_at_level": "tidak ada rekan setingkat",
    "hr.cause_unit_too_small": "unit terlalu kecil",
    "hr.cause_supervisor_outside": "atasan di luar daftar pegawai",
    "hr.cause_cap_reached": "batas beban tercapai",
    "hr.cause_not_assigned": "penilai belum ditetapkan",
    "hr.fix_stakeholders": ("tambahkan pemangku kepentingan (kinerja-survey tambah-pemangku {id} BERKAS.csv, "
                            "baris nip={nip})"),
    "hr.fix_stakeholders_atasan": ("tambahkan atasannya (NIP {atasan}) sebagai pemangku kepentingan: "
                                   "kinerja-survey tambah-pemangku {id} BERKAS.csv dengan baris nip={nip}, nama, "
                                   "kontak, instansi"),
    "hr.fix_cross_units": "izinkan rekan lintas unit (kinerja-survey tetapkan-penilai {id} --rekan-lintas-unit)",
    "hr.fix_raise_cap": "naikkan batas beban (--maks-beban {n})",
    "hr.fix_assign_again": "jalankan lagi kinerja-survey tetapkan-penilai {id} atau tambah-penilai",
    "hr.fix_stakeholders_sekda": ("tambahkan atasannya (mis. Sekda) sebagai pemangku kepentingan: kinerja-survey "
                                  "tambah-pemangku {id} BERKAS.csv dengan baris nip={nip}, nama, kontak, instansi"),
    "hr.level_unknown": "(jenis jabatan kosong)",
    "hr.cov_line": "{nama} ({nip}): {group} {got} dari {want}; sebab: {cause}; saran: {fix}.",
    "hr.over_line": "Batas beban terlampaui untuk {nama} ({nip}): {n} formulir, batas {max}, karena {why}.",
    "hr.over_supervisor": ("{sup} formulir atasan wajib (untuk bawahan langsung) dan formulir diri sudah mencapai "
                           "batas {max}; {rest} formulir lain diperlukan agar pegawai lain mencapai minimum penilai"),
    "hr.over_coverage": ("{n} formulir diperlukan agar pegawai lain mencapai minimum penilai dan tidak ada "
                         "susunan di bawah batas {max} yang mencukupi"),
    "hr.cov_head": "{n} kekurangan penilai pada {people} pegawai (di bawah minimum kelompok):",
    "hr.cov_none": "Setiap pegawai mencapai minimum penilai pada setiap kelompok.",
    "hr.cov_levels": "Cakupan per tingkat jabatan:",
    "hr.cov_over_head": "{n} penilai melebihi batas beban:",
    "hr.c_kelompok": "Kelompok",
    "hr.c_diminta": "Minimum",
    "hr.c_didapat": "Didapat",
    "hr.c_sebab": "Sebab",
    "hr.c_saran": "Saran",
    "hr.c_tingkat": "Tingkat jabatan",
    "hr.c_lengkap": "Lengkap",
    "hr.c_kurang_atasan": "Kurang atasan",
    "hr.c_kurang_rekan": "Kurang rekan",
    "hr.c_kurang_bawahan": "Kurang bawahan",
    "hr.c_beban": "Beban",
    "hr.c_batas": "Batas",
    # the admin app's coverage tab (apps/review_tab.py)
    "hr.tab_coverage": "Cakupan penilai",
    "hr.cov_intro": ("Minimum penilai per kelompok: atasan 1, rekan {peer}, bawahan {sub} (ambang anonimitas; "
                     "bawahan hanya bagi yang punya bawahan langsung). Dinilai dari formulir periode ini dan opsi "
                     "penugasan terakhir: batas beban {cap} formulir, rekan lintas unit: {cross}."),
    "hr.cov_short_title": "Pegawai di bawah minimum penilai",
    "hr.cov_over_title": "Penilai di atas batas beban",
    "hr.cov_over_none": "Tidak ada penilai di atas batas beban.",
    "hr.assign_short": ("Perhatian: {n} kekurangan penilai yang tidak dapat dipenuhi organisasi; {over} penilai "
                        "melebihi batas beban demi cakupan (lihat 'kinerja-survey daftar-penilai {id}')."),
    # people left out of the kuadran grid (issue 23)
    "hr.left_out_head": "{n} pegawai yang dinilai tidak masuk kuadran:",
    "hr.left_out_line": "{pegawai}: {why}",
    "hr.left_out_no_answers": "belum ada jawaban terkirim untuknya",
    "hr.left_out_perilaku": "tidak ada rating perilaku: tidak ada kelompok penilai yang mencapai ambang anonimitas",
    "hr.left_out_hasil_kerja": "rating hasil kerja belum diimpor",
}

EN = {
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
    "upload_too_big": ("File {name} is {size} MB, over the {mb} MB limit; nothing was saved. "
                       "Save the roster as CSV or remove unneeded sheets/columns."),
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
    "reason_needed": "Enter the reason for the change (at least 5 characters).",
    "deadline_label": "New deadline",
    "extend": "Extend the deadline",
    "reopen": "Reopen the period",
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
    "admin.rel_peer": "Peer",
    "admin.rel_subordinate": "Direct report",
    "admin.rel_supervisor": "Supervisor",
    "admin.rel_self": "Self",
    "kind_undangan": "invitation",
    "kind_pengingat_belum": "reminder (not started)",
    "kind_pengingat_draf": "reminder (draft)",
    "outbox_title": "Outbox",
    "col_address": "Address / mobile",
    "download_whatsapp": "WhatsApp (CSV)",
    # coverage review (issue 23)
    "hr.cause_no_peers_at_level": "no peers at that level",
    "hr.cause_unit_too_small": "unit too small",
    "hr.cause_supervisor_outside": "supervisor not in the roster",
    "hr.cause_cap_reached": "load cap reached",
    "hr.cause_not_assigned": "raters not assigned yet",
    "hr.fix_stakeholders": "add stakeholders (kinerja-survey tambah-pemangku {id} FILE.csv, row nip={nip})",
    "hr.fix_stakeholders_atasan": ("add their supervisor (NIP {atasan}) as a stakeholder: "
                                   "kinerja-survey tambah-pemangku {id} FILE.csv with a row nip={nip}, nama, kontak, "
                                   "instansi"),
    "hr.fix_cross_units": "allow peers across units (kinerja-survey tetapkan-penilai {id} --rekan-lintas-unit)",
    "hr.fix_raise_cap": "raise the load cap (--maks-beban {n})",
    "hr.fix_assign_again": "run kinerja-survey tetapkan-penilai {id} again or tambah-penilai",
    "hr.fix_stakeholders_sekda": ("add their supervisor (e.g. the Sekda) as a stakeholder: kinerja-survey "
                                  "tambah-pemangku {id} FILE.csv with a row nip={nip}, nama, kontak, instansi"),
    "hr.level_unknown": "(jenis jabatan empty)",
    "hr.cov_line": "{nama} ({nip}): {group} {got} of {want}; cause: {cause}; fix: {fix}.",
    "hr.over_line": "Load cap exceeded for {nama} ({nip}): {n} forms, cap {max}, because {why}.",
    "hr.over_supervisor": ("{sup} mandatory supervisor forms (for direct reports) and the self form already reach "
                           "the cap {max}; {rest} more forms are needed for others to reach their minimum raters"),
    "hr.over_coverage": ("{n} forms are needed for others to reach their minimum raters and no plan under the cap "
                         "{max} does it"),
    "hr.cov_head": "{n} rater shortfalls for {people} employees (below a group's minimum):",
    "hr.cov_none": "Every employee reaches the minimum raters in every group.",
    "hr.cov_levels": "Coverage by level:",
    "hr.cov_over_head": "{n} raters over the load cap:",
    "hr.c_kelompok": "Group",
    "hr.c_diminta": "Minimum",
    "hr.c_didapat": "Got",
    "hr.c_sebab": "Cause",
    "hr.c_saran": "Fix",
    "hr.c_tingkat": "Level",
    "hr.c_lengkap": "Fully covered",
    "hr.c_kurang_atasan": "Short of supervisor",
    "hr.c_kurang_rekan": "Short of peers",
    "hr.c_kurang_bawahan": "Short of direct reports",
    "hr.c_beban": "Load",
    "hr.c_batas": "Cap",
    "hr.tab_coverage": "Rater coverage",
    "hr.cov_intro": ("Minimum raters per group: supervisor 1, peers {peer}, direct reports {sub} (the anonymity "
                     "thresholds; direct reports only for those who have them). Judged by this period's forms and "
                     "the last assignment run's options: load cap {cap} forms, peers across units: {cross}."),
    "hr.cov_short_title": "Employees below the minimum raters",
    "hr.cov_over_title": "Raters over the load cap",
    "hr.cov_over_none": "No rater is over the load cap.",
    "hr.assign_short": ("Note: {n} rater shortfalls the organisation cannot fill; {over} raters over the load cap "
                        "for coverage (see 'kinerja-survey daftar-penilai {id}')."),
    # people left out of the kuadran grid (issue 23)
    "hr.left_out_head": "{n} rated employees are not in the quadrant:",
    "hr.left_out_line": "{pegawai}: {why}",
    "hr.left_out_no_answers": "no submitted answers about them yet",
    "hr.left_out_perilaku": "no behaviour rating: no rater group reached its anonymity threshold",
    "hr.left_out_hasil_kerja": "hasil kerja rating not imported yet",
}
