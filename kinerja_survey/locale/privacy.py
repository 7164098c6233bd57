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
}
