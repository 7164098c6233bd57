"""Backups, restores, upgrades and personal data (store/backup.py, cycle/privacy.py, their CLI commands)."""

ID = {
    # store/backup.py
    "backup.dialect_unsupported": ("Basis data jenis '{dialect}' tidak dapat dicadangkan (hanya berkas SQLite dan "
                                   "PostgreSQL)."),
    "backup.pg_tool_missing": ("Program '{tool}' (PostgreSQL client) tidak ditemukan. Pasang paket postgresql-client "
                               "(mis. 'apt install postgresql-client') atau tunjukkan foldernya dengan variabel "
                               "lingkungan {env}."),
    "backup.tool_failed": "{tool} gagal: {error}",
    "backup.exists": "Berkas {path} sudah ada; cadangan tidak menimpa berkas. Pilih nama lain.",
    "backup.copy_damaged": "Salinan basis data tidak lolos pemeriksaan integritas ({error}); tidak ada yang ditulis.",
    "backup.missing": "Berkas cadangan {path} tidak ada.",
    "backup.foreign": ("Berkas {path} bukan cadangan kinerja-survey (tidak ada manifest yang dikenal). "
                       "Tidak ada yang ditulis."),
    "backup.partial": "Berkas cadangan {path} tidak lengkap (isi basis data tidak ada). Tidak ada yang ditulis.",
    "backup.damaged": ("Berkas cadangan {path} rusak atau terpotong ({member}); berkas ini tidak dapat dipulihkan. "
                       "Tidak ada yang ditulis."),
    "backup.checksum": ("Isi berkas cadangan {path} tidak cocok dengan checksum di manifest-nya (rusak atau diubah). "
                        "Tidak ada yang ditulis."),
    "backup.newer": ("Cadangan ini berskema versi {version}, lebih baru dari program ini ({program}). "
                     "Perbarui kinerja-survey dulu."),
    "backup.dialect_mismatch": ("Cadangan ini dari basis data {backup}; tujuan pemulihan adalah {target}. "
                                "Pulihkan ke basis data jenis yang sama."),
    "backup.target_live": ("Basis data tujuan {target} sudah berisi data. Pemulihan tidak menimpanya kecuali dengan "
                           "--ganti (dan konfirmasi); hentikan dulu aplikasi yang memakainya."),
    "backup.counts": "Jumlah baris hasil pemulihan tidak cocok dengan manifest ({detail}).",
    "backup.migration_failed": ("Pembaruan skema dari versi {old} ke {new} gagal: {error}. Basis data tidak diubah "
                                "(tetap versi {now}). Cadangan sebelum pembaruan: {path}. Untuk kembali: pakai lagi "
                                "versi program sebelumnya, atau pulihkan cadangan itu dengan "
                                "'kinerja-survey pulihkan {path} --ganti'."),
    # cycle/privacy.py
    "privacy.nip_unknown": "Pegawai dengan NIP {nip} tidak ada di basis data.",
    "privacy.field_unknown": "Kolom '{field}' tidak dapat dikoreksi (pilihan: {choices}).",
    "privacy.reason_required": "Alasan koreksi wajib diisi (minimal 5 karakter).",
    "privacy.retention_years_bad": "Masa retensi '{value}' tidak sah: tulis jumlah tahun, 1 sampai 100.",
    "privacy.retention_too_recent": ("Tanggal {until} masih dalam masa retensi instansi ({years} tahun): data periode "
                                     "yang berakhir setelah {limit} belum boleh dihapus."),
    "privacy.retention_preview": ("Retensi: {n} periode tertutup yang berakhir sebelum {until} ({names}). Data pribadi "
                                  "{people} orang di periode itu dipseudonimkan (NIP, nama, jabatan), {texts} komentar "
                                  "dan catatan dihapus, {links} tautan dan {outbox} kiriman dihapus. Jawaban dan "
                                  "statistik organisasi tetap."),
    "privacy.retention_nothing": "Retensi: tidak ada periode tertutup yang berakhir sebelum {until}.",
    # the CLI
    # correction values (cycle/privacy.py: check_correction, preview_correction)
    "privacy.value_required": "{field} wajib diisi.",
    "privacy.value_bad": "Nilai '{value}' untuk {field} tidak dapat dipakai: {why}",
    "privacy.why_long": "lebih dari 200 karakter.",
    "privacy.why_gender": "tulis L (laki-laki) atau P (perempuan).",
    "privacy.why_golongan": "tulis golongan/ruang PNS seperti III/b, atau golongan PPPK I sampai XVII.",
    "privacy.why_email": "bukan alamat e-mail yang sah.",
    "privacy.nothing_changed": ("Tidak ada yang berubah untuk NIP {nip}: setiap nilai yang diketik sama dengan yang "
                                "tersimpan."),
    "privacy.actor_required": "Koreksi memerlukan nama petugas: koreksi dicatat di log audit atas namanya.",
    # the admin app's personal-data tab (apps/correction.py) and every app download (apps/downloads.py)
    "privacy.tab": "Data pribadi",
    "privacy.app_intro": ("Akses dan koreksi data pribadi pegawai (UU 27/2022 Pelindungan Data Pribadi). Setiap "
                          "koreksi dicatat di log audit atas nama petugas; setiap berkas yang diunduh dicatat di log "
                          "ekspor (siapa, apa, kapan, berapa orang)."),
    "privacy.app_search": "NIP atau nama",
    "privacy.app_search_hint": "mis. 19850312 201001 1 005 atau Siti",
    "privacy.app_find": "Cari pegawai",
    "privacy.app_query_needed": "Ketik NIP (boleh dengan titik, spasi atau tanda hubung) atau sebagian nama.",
    "privacy.app_none_found": "Tidak ada pegawai dengan NIP atau nama \u201c{query}\u201d.",
    "privacy.app_found": "{n} pegawai ditemukan; pilih satu dari daftar.",
    "privacy.app_current": "Data tersimpan untuk {nama} (NIP {nip}):",
    "privacy.app_correction_title": "Koreksi data",
    "privacy.app_correction_hint": ("Ubah kolom yang perlu dikoreksi, isi alasannya, tekan Pratinjau, periksa "
                                    "perubahannya, lalu Simpan koreksi."),
    "privacy.app_confirm": "Simpan koreksi",
    "privacy.app_preview": "Koreksi untuk {nama} (NIP {nip}) mengubah {n} kolom berikut. Periksa, lalu tekan "
                           "\u201cSimpan koreksi\u201d.",
    "privacy.app_done": "Koreksi disimpan: {n} kolom untuk NIP {nip}, tercatat di log audit atas nama {actor}.",
    "privacy.app_access_title": "Akses data pribadi",
    "privacy.app_access_hint": ("Semua yang tersimpan tentang pegawai ini dalam satu berkas XLSX, tanpa identitas "
                                "penilai lain dan tanpa jawaban kelompok penilai di bawah ambang anonimitas."),
    "privacy.app_access_button": "Siapkan berkas data pribadi",
    "privacy.app_access_ready": "Berkas data pribadi NIP {nip} siap ({sheets} lembar); unduhan dicatat di log ekspor.",
    "privacy.c_kolom": "Data",
    "privacy.c_tersimpan": "Nilai tersimpan",
    "privacy.c_baru": "Nilai baru",
    "privacy.dl_ready": "Simpan berkas {file}",
    "privacy.dl_actor_needed": ("Berkas \u201c{label}\u201d diunduh atas nama petugas: isi nama petugas dulu "
                                "(setiap unduhan dicatat di log ekspor)."),
}

EN = {
    "backup.dialect_unsupported": "A '{dialect}' database cannot be backed up (only SQLite files and PostgreSQL).",
    "backup.pg_tool_missing": ("The program '{tool}' (PostgreSQL client) was not found. Install the "
                               "postgresql-client package (e.g. 'apt install postgresql-client') or name its folder "
                               "in the environment variable {env}."),
    "backup.tool_failed": "{tool} failed: {error}",
    "backup.exists": "The file {path} exists already; a backup never overwrites a file. Choose another name.",
    "backup.copy_damaged": "The copy of the database failed its integrity check ({error}); nothing was written.",
    "backup.missing": "The backup file {path} does not exist.",
    "backup.foreign": "The file {path} is not a kinerja-survey backup (no known manifest). Nothing was written.",
    "backup.partial": "The backup file {path} is incomplete (the database is missing). Nothing was written.",
    "backup.damaged": ("The backup file {path} is damaged or cut short ({member}); it cannot be restored. "
                       "Nothing was written."),
    "backup.checksum": ("The content of the backup file {path} does not match the checksum in its manifest "
                        "(damaged or altered). Nothing was written."),
    "backup.newer": ("This backup has schema version {version}, newer than this program ({program}). Update "
                     "kinerja-survey first."),
    "backup.dialect_mismatch": ("This backup comes from a {backup} database; the restore target is {target}. "
                                "Restore into a database of the same kind."),
    "backup.target_live": ("The target database {target} holds data already. A restore replaces it only with "
                           "--ganti (and a confirmation); stop the apps using it first."),
    "backup.counts": "The restored row counts do not match the manifest ({detail}).",
    "backup.migration_failed": ("The schema upgrade from version {old} to {new} failed: {error}. The database was "
                                "not changed (still version {now}). Backup taken before the upgrade: {path}. To go "
                                "back: use the previous version of the program again, or restore that backup with "
                                "'kinerja-survey pulihkan {path} --ganti'."),
    "privacy.nip_unknown": "No employee with NIP {nip} in the database.",
    "privacy.field_unknown": "The field '{field}' cannot be corrected (choices: {choices}).",
    "privacy.reason_required": "A reason for the correction is required (at least 5 characters).",
    "privacy.retention_years_bad": "Retention period '{value}' is not valid: give a number of years, 1 to 100.",
    "privacy.retention_too_recent": ("The date {until} is within the agency's retention period ({years} years): data "
                                     "of periods ending after {limit} may not be removed yet."),
    "privacy.retention_preview": ("Retention: {n} closed periods ending before {until} ({names}). The personal data "
                                  "of {people} people in those periods is pseudonymised (NIP, name, jabatan), {texts} "
                                  "comments and notes deleted, {links} links and {outbox} messages deleted. Answers "
                                  "and organisation statistics stay."),
    "privacy.retention_nothing": "Retention: no closed period ends before {until}.",
    "privacy.value_required": "{field} is required.",
    "privacy.value_bad": "The value '{value}' for {field} cannot be used: {why}",
    "privacy.why_long": "longer than 200 characters.",
    "privacy.why_gender": "write L (male) or P (female).",
    "privacy.why_golongan": "write a PNS golongan/ruang such as III/b, or a PPPK golongan I to XVII.",
    "privacy.why_email": "not a valid e-mail address.",
    "privacy.nothing_changed": "Nothing changes for NIP {nip}: every value typed equals the stored one.",
    "privacy.actor_required": "A correction needs the staff member's name: it is recorded in the audit log under it.",
    "privacy.tab": "Personal data",
    "privacy.app_intro": ("Access to and correction of an employee's personal data (UU 27/2022 on Personal Data "
                          "Protection). Every correction is recorded in the audit log under the staff member; every "
                          "file downloaded is recorded in the export log (who, what, when, how many people)."),
    "privacy.app_search": "NIP or name",
    "privacy.app_search_hint": "e.g. 19850312 201001 1 005 or Siti",
    "privacy.app_find": "Find employee",
    "privacy.app_query_needed": "Type a NIP (dots, spaces or dashes allowed) or part of a name.",
    "privacy.app_none_found": "No employee with the NIP or name \u201c{query}\u201d.",
    "privacy.app_found": "{n} employees found; choose one from the list.",
    "privacy.app_current": "Stored data of {nama} (NIP {nip}):",
    "privacy.app_correction_title": "Correct data",
    "privacy.app_correction_hint": ("Change the fields to correct, give the reason, press Preview, check the changes, "
                                    "then Save the correction."),
    "privacy.app_confirm": "Save the correction",
    "privacy.app_preview": "The correction for {nama} (NIP {nip}) changes these {n} fields. Check them, then press "
                           "\u201cSave the correction\u201d.",
    "privacy.app_done": "Correction saved: {n} fields for NIP {nip}, recorded in the audit log under {actor}.",
    "privacy.app_access_title": "Access to personal data",
    "privacy.app_access_hint": ("Everything held about this employee in one XLSX file, without other raters' "
                                "identities and without answers of rater groups below the anonymity threshold."),
    "privacy.app_access_button": "Prepare the personal-data file",
    "privacy.app_access_ready": "The personal-data file of NIP {nip} is ready ({sheets} sheets); the download is "
                                "recorded in the export log.",
    "privacy.c_kolom": "Field",
    "privacy.c_tersimpan": "Stored value",
    "privacy.c_baru": "New value",
    "privacy.dl_ready": "Save the file {file}",
    "privacy.dl_actor_needed": ("The file \u201c{label}\u201d is downloaded under a staff member's name: fill in the "
                                "name first (every download is recorded in the export log)."),
}
