"""The store's refusals and database faults (store/errors.py, core.py, hr.py, calibration.py).

The link refusals (``AccessDenied``) use the rater app's ``denied_*`` texts.
"""

ID = {
    # database faults (store/errors.py)
    "store.stale": ("Formulir ini sudah diubah di tab atau perangkat lain sejak halaman ini dibuka. "
                    "Perubahan terakhir Anda di halaman ini BELUM tersimpan. Muat ulang formulir untuk melihat "
                    "jawaban terbaru, lalu lanjutkan dari sana."),
    "store.unavailable": ("Basis data sedang sibuk/terkunci oleh proses lain atau server basis data tidak dapat "
                          "dihubungi. Data Anda BELUM tersimpan; coba simpan lagi sebentar lagi. Jika terus "
                          "berulang, hubungi admin kepegawaian."),
    "store.read_only": ("Basis data hanya dapat dibaca (read-only), sehingga perubahan tidak dapat disimpan. Data "
                        "Anda BELUM tersimpan. Hubungi admin kepegawaian untuk memeriksa izin berkas atau server "
                        "basis data."),
    "store.full": ("Penyimpanan basis data penuh. Data Anda BELUM tersimpan. Hubungi admin kepegawaian untuk "
                   "mengosongkan ruang disk, lalu simpan lagi."),
    "store.file_gone": ("Berkas basis data telah dihapus atau diganti sejak aplikasi dibuka. Data Anda BELUM "
                        "tersimpan. Hubungi admin kepegawaian; setelah basis data dipulihkan, muat ulang halaman "
                        "dan simpan lagi."),
    "store.cantopen": ("Berkas basis data tidak dapat dibuka: periksa bahwa folder dan berkasnya ada dan boleh "
                       "ditulisi (SQLite perlu membuat berkas -wal/-shm di folder yang sama). Data Anda BELUM "
                       "tersimpan. Hubungi admin kepegawaian."),
    # opening, schema
    "store.db_missing": "Basis data {path} tidak ada. Jalankan 'kinerja-survey siapkan' dulu.",
    "store.not_a_database": ("Berkas itu bukan basis data kinerja-survey, atau rusak: periksa --db / "
                             "KINERJA_SURVEY_DB, atau pulihkan dari cadangan (kinerja-survey pulihkan)."),
    "store.schema_newer": "Basis data berskema versi {current}, lebih baru dari program ini ({version}).",
    # cycles
    "store.period_order": "Akhir periode ({end}) sebelum awal periode ({start}).",
    "store.cycle_name_required": "Nama periode penilaian wajib diisi.",
    "store.status_unknown": "Status '{status}' tidak dikenal ({choices}).",
    "store.status_change": "Periode berstatus '{current}' tidak dapat diubah menjadi '{status}'.",
    "store.cycle_missing": "Periode penilaian {id} tidak ada.",
    "store.hr_contact_too_long": "Kontak kepegawaian terlalu panjang ({n} karakter; maksimum {max}).",
    # assignments and links
    "store.plan_columns": "Rencana penugasan tidak memiliki kolom: {cols}",
    "store.closed_no_assign": "Periode sudah ditutup; penugasan tidak dapat ditambah.",
    "store.plan_rel_unknown": "Penugasan baris {row}: hubungan '{rel}' tidak dikenal.",
    "store.plan_not_in_roster": "Penugasan baris {row}: pegawai {nip} tidak ada (atau tidak aktif) di roster.",
    "store.plan_self": "Penugasan baris {row}: penilaian diri harus rater = ratee, dan sebaliknya.",
    "store.plan_duplicate": "Rencana penugasan memuat pasangan penilai-dinilai yang ganda.",
    "store.not_in_roster": "Pegawai {nip} tidak ada di roster.",
    "store.not_active": "Pegawai {nip} tidak aktif di roster.",
    "store.employee_missing": "Pegawai tersebut tidak ada di roster.",
    "store.assignment_missing": "Penugasan tidak ditemukan.",
    # answers
    "store.incomplete": "Masih ada {n} isian yang belum dijawab: {items}",
    "store.locked": "Formulir ini sudah dikirim dan tidak dapat diubah.",
    "store.item_unknown": "Butir '{code}' tidak ada dalam instrumen periode ini.",
    "store.na_not_allowed": "Butir '{code}': jawaban 'Tidak dapat menilai' tidak tersedia untuk hubungan penilai ini.",
    "store.item_not_integer": "Butir '{code}': nilai {value} harus bilangan bulat {low}-{high}.",
    "store.item_out_of_scale": "Butir '{code}': nilai {value} di luar skala {low}-{high}.",
    "store.competency_unknown": "Kompetensi '{code}' tidak ada dalam instrumen periode ini.",
    "store.comment_too_long": "Komentar '{code}' terlalu panjang ({n} karakter; maksimum {max}).",
    "store.overall_too_long": "Komentar umum terlalu panjang ({n} karakter; maksimum {max}).",
    "store.self_no_decline": "Penilaian diri tidak dapat ditolak.",
    # hasil kerja, overrides
    "store.hk_not_in_roster": "Hasil kerja baris {row}: pegawai {nip} tidak ada di roster.",
    "store.hk_row": "Hasil kerja baris {row}: {error}",
    "store.hk_empty": "Hasil kerja baris {row}: rating kosong untuk pegawai {nip}.",
    "store.predikat_required": "Predikat wajib diisi.",
    # HR operations (store/hr.py)
    "store.deadline_at": "{date} pukul {hh}.{mm} {zone}",
    "store.deadline_passed": ("Batas waktu pengisian ({deadline}) sudah lewat; jawaban ini tidak tersimpan. "
                              "Hubungi bagian kepegawaian jika perlu perpanjangan."),
    "store.status_no_deadline": "Periode berstatus '{status}': batas waktu tidak dapat diubah.",
    "store.deadline_not_later": "Batas waktu baru ({new}) harus sesudah batas waktu sekarang ({old}).",
    "store.reopen_only_closed": ("Hanya periode yang ditutup dan belum diumumkan yang dapat dibuka kembali "
                                 "(status sekarang: '{status}')."),
    "store.reopen_deadline_passed": ("Batas waktu ({deadline}) sudah lewat: tentukan batas waktu baru untuk "
                                     "membuka kembali periode."),
    "store.status_no_assign": "Periode berstatus '{status}': penugasan tidak dapat diubah.",
    "store.rel_unknown": "Hubungan '{rel}' tidak dikenal ({choices}).",
    "store.self_pair": "Penilaian diri harus penilai = yang dinilai, dan sebaliknya.",
    "store.already_rates": "Penilai ini sudah menilai pegawai tersebut pada periode ini.",
    "store.no_form": "Tidak ada formulir penilai {rater} untuk pegawai {ratee} pada periode ini.",
    "store.self_no_move": "Penilaian diri tidak dapat dialihkan ke penilai lain.",
    # calibration, publication, keberatan (store/calibration.py)
    "store.actor_required": "Nama orang yang bertindak (actor) wajib diisi, maksimum 100 karakter.",
    # accounts (store/accounts.py)
    "store.account_username": ("Nama akun '{username}' tidak sah: 3-64 karakter huruf kecil, angka, titik, garis bawah "
                               "atau tanda hubung, diawali huruf atau angka."),
    "store.account_exists": "Akun '{username}' sudah ada (aktif atau nonaktif); pilih nama lain.",
    "store.account_missing": "Akun '{username}' tidak ada.",
    "store.account_not_first": ("Sudah ada akun: rahasia admin tidak lagi dapat membuat akun. Masuk dengan akun "
                                "operator, atau buat akun dengan 'kinerja-survey akun buat'."),
    "store.account_role_unknown": "Peran '{role}' tidak dikenal (pilihan: {choices}).",
    "store.account_roles_required": "Akun harus memiliki sedikitnya satu peran (pilihan: {choices}).",
    "store.account_display_name_too_long": "Nama tampilan terlalu panjang ({n} karakter; maksimum {max}).",
    "store.password_weak": ("Kata sandi terlalu lemah: sedikitnya {min} karakter dengan sedikitnya 5 karakter "
                            "berbeda."),
    "store.text_required": "{what} wajib diisi (minimal {min} karakter).",
    "store.text_too_long": "{what} terlalu panjang ({n} karakter; maksimum {max}).",
    "store.what_keberatan_reason": "Alasan keberatan",
    "store.what_override_reason": "Alasan perubahan predikat",
    "store.what_decline_reason": "Isian alasan menolak menilai",
    "store.what_deadline_reason": "Alasan perubahan batas waktu",
    "store.what_reopen_reason": "Alasan membuka kembali periode",
    "store.what_change_reason": "Alasan perubahan penilai",
    "store.roster_not_parsed": ("Roster harus sudah dibaca dan diperiksa (collect.roster.load_roster) sebelum "
                                "disimpan; yang diberikan: {what}."),
    "store.what_explanation": "Tanggapan Pejabat Penilai",
    "store.what_decision_reason": "Alasan keputusan",
    "store.what_hasil_kerja": "rating hasil kerja",
    "store.what_predikat": "predikat",
    "store.what_org_predikat": "predikat organisasi",
    "store.published_frozen": ("Periode {id} sudah diumumkan: {what} tidak dapat diubah lagi (perubahan hanya "
                               "melalui keputusan keberatan)."),
    "store.days_range": "{name} harus berupa jumlah hari kerja 1-90, diterima {value}.",
    "store.publish_not_closed": "Periode {id} berstatus '{status}': tutup periode dulu sebelum diumumkan.",
    "store.already_published": "Periode {id} sudah diumumkan.",
    "store.keberatan_after_publish": "Keberatan hanya dapat diajukan setelah hasil periode diumumkan.",
    "store.keberatan_twice": "Keberatan untuk periode ini sudah pernah diajukan.",
    "store.keberatan_missing": "Keberatan {id} tidak ada.",
    "store.keberatan_decided": "Keberatan ini sudah diputuskan.",
    "store.decision_value": "Keputusan harus 'tetap' atau 'ubah', diterima {value}.",
    "store.explanation_missing": "Pejabat Penilai belum memberi tanggapan atas keberatan ini.",
    "store.new_predikat_required": "Predikat baru wajib diisi untuk keputusan 'ubah'.",
    "store.new_predikat_same": "Predikat baru sama dengan predikat semula; pilih keputusan 'tetap'.",
    # written into the record (always Bahasa Indonesia: the published versions are documents of record)
    "store.what_publish_reason": "Alasan pengumuman meskipun pemeriksaan tidak lolos",
    "store.keberatan_future": "Tanggal keberatan diterima ({date}) belum tiba; tanggal terima tidak boleh di masa depan.",
    "store.keberatan_late": ("Batas waktu pengajuan keberatan sudah lewat: paling lambat {date} ({days} hari kerja "
                             "setelah hasil diumumkan)."),
    "store.keberatan_no_predikat": ("Pegawai ini tidak memiliki predikat pada hasil yang diumumkan, sehingga tidak ada "
                                    "predikat yang dapat diajukan keberatan."),
    "store.decision_late": ("Batas waktu keputusan keberatan sudah lewat: paling lambat {date}; "
                            "keputusan tidak dapat dicatat lagi."),
    "store.keep_with_change": ("Keputusan 'tetap' tidak mengubah apa pun; untuk mengubah rating atau predikat pilih "
                               "keputusan 'ubah'."),
    "store.keberatan_no_matrix": ("Predikat akhir tidak dapat ditentukan dari kuadran: rating hasil kerja dan rating "
                                  "perilaku akhir harus keduanya ada, atau tetapkan predikat dengan alasannya."),
    "store.dialog_not_published": ("Tautan dialog kinerja hanya dibuat untuk periode yang hasilnya sudah diumumkan; "
                                   "periode {id} belum diumumkan (umumkan dulu: kinerja-survey umumkan {id})."),
    "store.record_keberatan_reason": "Keputusan keberatan: {reason}",
    "store.record_keberatan_note": "Keputusan keberatan #{id}",
    "store.dialog_not_supervisor": "Hanya atasan yang dapat mencatat dialog dan rencana pengembangan.",
    "store.dialog_not_employee": "Hanya pegawai yang bersangkutan yang dapat mengonfirmasi dialog ini.",
    "store.date_required": "{what}: tanggal wajib diisi.",
    "store.date_unreadable": "{what}: tanggal '{value}' tidak dapat dibaca (YYYY-MM-DD).",
    "store.what_dialog_date": "Tanggal dialog",
    "store.what_action": "Tindakan {n}",
    "store.what_action_due": "Tindakan {n}: batas waktu",
    "store.dialog_notes_long": "Catatan dialog terlalu panjang (maksimum {max} karakter).",
    "store.plan_size": "Rencana pengembangan berisi 1 sampai {max} tindakan.",
    "store.action_unknown_entry": "{what}: isian tidak dikenal.",
    "store.action_competency": "{what}: kompetensi '{code}' tidak ada dalam instrumen periode ini.",
    "store.action_kind": "{what}: jenis '{kind}' tidak dikenal ({choices}).",
    "store.action_status": "{what}: status '{status}' tidak dikenal ({choices}).",
    "store.action_description": "{what}: uraian wajib diisi (maksimum 1000 karakter).",
    "store.action_due_early": "{what}: batas waktu ({due}) sebelum tanggal dialog ({held}).",
    "store.status_unknown_choices": "Status '{status}' tidak dikenal ({choices}).",
    "store.action_missing": "Tindakan {n} tidak ada dalam rencana ini.",
    "store.ack_note_long": "Tanggapan terlalu panjang (maksimum {max} karakter).",
    "store.dialog_not_held": "Dialog kinerja belum dicatat oleh atasan; belum ada yang dapat dikonfirmasi.",
    "store.fb_stakeholder": "Tautan pemangku kepentingan tidak dapat memberi atau membaca catatan umpan balik.",
    "store.fb_not_allowed": "Anda tidak dapat memberi umpan balik kepada pegawai ini.",
    "store.fb_value_unknown": "Nilai BerAKHLAK '{code}' tidak dikenal ({choices}).",
    "store.fb_required": "Isi umpan balik wajib diisi.",
    "store.fb_too_long": "Umpan balik terlalu panjang ({n} karakter; maksimum {max}).",
    "store.fb_missing": "Umpan balik tidak ditemukan.",
    "store.sh_name": "Nama pemangku kepentingan wajib diisi (maksimum 200 karakter).",
    "store.sh_org_long": "Nama instansi/organisasi terlalu panjang (maksimum 300 karakter).",
    "store.sh_contact": "Kontak '{contact}' bukan alamat surel atau nomor telepon yang valid.",
    "store.sh_closed": "Periode sudah ditutup; pemangku kepentingan tidak dapat ditambah.",
    "store.sh_ratee": "Pegawai {nip} tidak ada (atau tidak aktif) di roster.",
    "store.sh_missing": "Pemangku kepentingan tersebut tidak ada.",
}

EN = {
    "store.stale": ("This form was changed in another tab or device since this page was opened. Your last "
                    "change on this page is NOT saved. Reload the form to see the newest answers, then continue "
                    "from there."),
    "store.unavailable": ("The database is busy/locked by another process, or the database server cannot be "
                          "reached. Your data is NOT saved; try saving again in a moment. If it keeps happening, "
                          "contact the HR administrator."),
    "store.read_only": ("The database is read-only, so changes cannot be saved. Your data is NOT saved. Ask the "
                        "HR administrator to check the file permissions or the database server."),
    "store.full": ("The database storage is full. Your data is NOT saved. Ask the HR administrator to free "
                   "disk space, then save again."),
    "store.file_gone": ("The database file was deleted or replaced since the application was opened. Your data "
                        "is NOT saved. Contact the HR administrator; once the database is restored, reload the "
                        "page and save again."),
    "store.cantopen": ("The database file cannot be opened: check that the folder and the file exist and are "
                       "writable (SQLite needs to create -wal/-shm files in the same folder). Your data is NOT "
                       "saved. Contact the HR administrator."),
    "store.db_missing": "The database {path} does not exist. Run 'kinerja-survey siapkan' first.",
    "store.not_a_database": ("That file is not a kinerja-survey database, or it is damaged: check --db / "
                             "KINERJA_SURVEY_DB, or restore it from a backup (kinerja-survey pulihkan)."),
    "store.schema_newer": "The database has schema version {current}, newer than this program ({version}).",
    "store.period_order": "The period ends ({end}) before it starts ({start}).",
    "store.cycle_name_required": "The name of the rating period is required.",
    "store.status_unknown": "Unknown status '{status}' ({choices}).",
    "store.status_change": "A period with status '{current}' cannot be changed to '{status}'.",
    "store.cycle_missing": "Rating period {id} does not exist.",
    "store.hr_contact_too_long": "The HR contact is too long ({n} characters; at most {max}).",
    "store.plan_columns": "The assignment plan lacks the columns: {cols}",
    "store.closed_no_assign": "The period is closed; no assignment can be added.",
    "store.plan_rel_unknown": "Assignment row {row}: unknown relationship '{rel}'.",
    "store.plan_not_in_roster": "Assignment row {row}: employee {nip} is not in the roster (or not active).",
    "store.plan_self": "Assignment row {row}: a self-rating must have rater = ratee, and the other way round.",
    "store.plan_duplicate": "The assignment plan holds a rater-ratee pair twice.",
    "store.not_in_roster": "Employee {nip} is not in the roster.",
    "store.not_active": "Employee {nip} is not active in the roster.",
    "store.employee_missing": "That employee is not in the roster.",
    "store.assignment_missing": "Assignment not found.",
    "store.incomplete": "{n} answers are still missing: {items}",
    "store.locked": "This form was submitted and can no longer be changed.",
    "store.item_unknown": "Item '{code}' is not in this period's instrument.",
    "store.na_not_allowed": "Item '{code}': the answer 'Cannot assess' is not available for this rater relationship.",
    "store.item_not_integer": "Item '{code}': value {value} must be a whole number {low}-{high}.",
    "store.item_out_of_scale": "Item '{code}': value {value} is outside the scale {low}-{high}.",
    "store.competency_unknown": "Competency '{code}' is not in this period's instrument.",
    "store.comment_too_long": "Comment '{code}' is too long ({n} characters; at most {max}).",
    "store.overall_too_long": "The overall comment is too long ({n} characters; at most {max}).",
    "store.self_no_decline": "A self-rating cannot be declined.",
    "store.hk_not_in_roster": "Hasil kerja row {row}: employee {nip} is not in the roster.",
    "store.hk_row": "Hasil kerja row {row}: {error}",
    "store.hk_empty": "Hasil kerja row {row}: the rating of employee {nip} is empty.",
    "store.predikat_required": "The predikat is required.",
    "store.deadline_at": "{date} at {hh}:{mm} {zone}",
    "store.deadline_passed": ("The deadline ({deadline}) has passed; this answer was not saved. Contact HR if "
                              "you need an extension."),
    "store.status_no_deadline": "A period with status '{status}': the deadline cannot be changed.",
    "store.deadline_not_later": "The new deadline ({new}) must be after the current deadline ({old}).",
    "store.reopen_only_closed": ("Only a period that is closed and not published can be reopened "
                                 "(status now: '{status}')."),
    "store.reopen_deadline_passed": "The deadline ({deadline}) has passed: set a new deadline to reopen the period.",
    "store.status_no_assign": "A period with status '{status}': assignments cannot be changed.",
    "store.rel_unknown": "Unknown relationship '{rel}' ({choices}).",
    "store.self_pair": "A self-rating must have rater = ratee, and the other way round.",
    "store.already_rates": "This rater already rates that employee in this period.",
    "store.no_form": "There is no form of rater {rater} for employee {ratee} in this period.",
    "store.self_no_move": "A self-rating cannot be moved to another rater.",
    "store.actor_required": "The name of the person acting (actor) is required, at most 100 characters.",
    # accounts (store/accounts.py)
    "store.account_username": ("Account name '{username}' is not valid: 3-64 lower-case letters, digits, dots, "
                               "underscores or hyphens, starting with a letter or digit."),
    "store.account_exists": "Account '{username}' already exists (active or disabled); choose another name.",
    "store.account_missing": "There is no account '{username}'.",
    "store.account_not_first": ("An account already exists: the admin secret can no longer create one. Log in "
                                "with an operator account, or create one with 'kinerja-survey akun buat'."),
    "store.account_role_unknown": "Unknown role '{role}' (choices: {choices}).",
    "store.account_roles_required": "An account needs at least one role (choices: {choices}).",
    "store.account_display_name_too_long": "Display name too long ({n} characters; at most {max}).",
    "store.password_weak": "Password too weak: at least {min} characters, at least 5 of them different.",
    "store.text_required": "{what} is required (at least {min} characters).",
    "store.text_too_long": "{what} is too long ({n} characters; at most {max}).",
    "store.what_keberatan_reason": "The reason of the keberatan",
    "store.what_override_reason": "The reason for changing the predikat",
    "store.what_decline_reason": "The reason for declining",
    "store.what_deadline_reason": "The reason for changing the deadline",
    "store.what_reopen_reason": "The reason for reopening the cycle",
    "store.what_change_reason": "The reason for changing the rater",
    "store.roster_not_parsed": ("The roster must be read and checked (collect.roster.load_roster) before it is "
                                "stored; given: {what}."),
    "store.what_explanation": "The Pejabat Penilai's response",
    "store.what_decision_reason": "The reason of the decision",
    "store.what_hasil_kerja": "the hasil kerja rating",
    "store.what_predikat": "the predikat",
    "store.what_org_predikat": "the organisation predikat",
    "store.published_frozen": ("Period {id} is published: {what} can no longer be changed (changes only "
                               "through a keberatan decision)."),
    "store.days_range": "{name} must be a number of working days 1-90, got {value}.",
    "store.publish_not_closed": "Period {id} has status '{status}': close the period before publishing it.",
    "store.already_published": "Period {id} is published already.",
    "store.keberatan_after_publish": "A keberatan can only be filed after the period's results are published.",
    "store.keberatan_twice": "A keberatan for this period was filed already.",
    "store.keberatan_missing": "Keberatan {id} does not exist.",
    "store.keberatan_decided": "This keberatan is decided already.",
    "store.decision_value": "The decision must be 'tetap' or 'ubah', got {value}.",
    "store.explanation_missing": "The Pejabat Penilai has not responded to this keberatan yet.",
    "store.new_predikat_required": "A new predikat is required for the decision 'ubah'.",
    "store.new_predikat_same": "The new predikat is the same as the original one; choose the decision 'tetap'.",
    "store.what_publish_reason": "The reason for publishing although the check failed",
    "store.keberatan_future": "The day the keberatan was received ({date}) has not come yet; it cannot be in the future.",
    "store.keberatan_late": ("The time to file a keberatan has passed: the last day was {date} ({days} working days "
                             "after the results were published)."),
    "store.keberatan_no_predikat": ("This employee has no predikat in the published results, so there is no predikat "
                                    "to object to."),
    "store.decision_late": ("The time to decide this keberatan has passed: the last day was {date}; "
                            "the decision can no longer be recorded."),
    "store.keep_with_change": ("The decision 'tetap' changes nothing; to change a rating or the predikat choose the "
                               "decision 'ubah'."),
    "store.keberatan_no_matrix": ("The final predikat cannot be read from the kuadran: both the final rating hasil "
                                  "kerja and the final rating perilaku are needed, or set the predikat with its reason."),
    "store.dialog_not_published": ("Performance dialogue links are made only for a period whose results are "
                                   "published; period {id} is not published yet (publish it first: kinerja-survey "
                                   "umumkan {id})."),
    "store.record_keberatan_reason": "Keberatan decision: {reason}",
    "store.record_keberatan_note": "Keberatan decision #{id}",
    "store.dialog_not_supervisor": "Only the supervisor can record the dialogue and the development plan.",
    "store.dialog_not_employee": "Only the employee concerned can acknowledge this dialogue.",
    "store.date_required": "{what}: the date is required.",
    "store.date_unreadable": "{what}: the date '{value}' cannot be read (YYYY-MM-DD).",
    "store.what_dialog_date": "Dialogue date",
    "store.what_action": "Action {n}",
    "store.what_action_due": "Action {n}: due date",
    "store.dialog_notes_long": "The dialogue notes are too long (at most {max} characters).",
    "store.plan_size": "A development plan has 1 to {max} actions.",
    "store.action_unknown_entry": "{what}: unknown entry.",
    "store.action_competency": "{what}: competency '{code}' is not in this period's instrument.",
    "store.action_kind": "{what}: unknown kind '{kind}' ({choices}).",
    "store.action_status": "{what}: unknown status '{status}' ({choices}).",
    "store.action_description": "{what}: a description is required (at most 1000 characters).",
    "store.action_due_early": "{what}: the due date ({due}) is before the dialogue date ({held}).",
    "store.status_unknown_choices": "Unknown status '{status}' ({choices}).",
    "store.action_missing": "Action {n} is not in this plan.",
    "store.ack_note_long": "The response is too long (at most {max} characters).",
    "store.dialog_not_held": "The supervisor has not recorded the dialogue yet; there is nothing to acknowledge.",
    "store.fb_stakeholder": "A stakeholder link can neither give nor read feedback notes.",
    "store.fb_not_allowed": "You cannot give feedback to this employee.",
    "store.fb_value_unknown": "Unknown BerAKHLAK value '{code}' ({choices}).",
    "store.fb_required": "The feedback text is required.",
    "store.fb_too_long": "The feedback is too long ({n} characters; at most {max}).",
    "store.fb_missing": "Feedback not found.",
    "store.sh_name": "The stakeholder's name is required (at most 200 characters).",
    "store.sh_org_long": "The organisation name is too long (at most 300 characters).",
    "store.sh_contact": "Contact '{contact}' is not a valid e-mail address or phone number.",
    "store.sh_closed": "The period is closed; no stakeholder can be added.",
    "store.sh_ratee": "Employee {nip} is not in the roster (or not active).",
    "store.sh_missing": "That stakeholder does not exist.",
}
