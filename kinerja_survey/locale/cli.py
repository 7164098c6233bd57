"""The kinerja-survey command (cli.py): its help (command and option texts, in the language of --bahasa or $KINERJA_SURVEY_LANG) and everything it prints."""

ID = {
    "cli.opt.main.version": "Tampilkan versi lalu keluar.",
    "cli.opt.main.db": "Berkas SQLite atau URL basis data (bawaan: data/kinerja.sqlite).",
    "cli.opt.main.actor": ("Nama petugas yang bertindak; log audit mencatatnya bersama login sistem operasi "
                           "(mis. \"Budi (os: kinerja)\")."),
    "cli.cmd.init": "Buat basis data (atau perbarui ke skema terbaru).",
    "cli.cmd.import-roster": ("Impor pegawai dari roster CSV/XLSX (NIP, nama, jabatan, jenis jabatan, golongan, unit "
                              "kerja,\nNIP atasan, jenis kelamin; opsional Email dan No HP).  Ada baris salah: semua "
                              "baris salah\nditampilkan dan tidak ada yang disimpan.  Pegawai yang tidak ada di "
                              "berkas akan dinonaktifkan:\ndaftarnya ditampilkan dulu dan impor menunggu konfirmasi."),
    "cli.opt.import-roster.sheet": "Nama atau nomor lembar (mulai 0) untuk berkas XLSX.",
    "cli.opt.import-roster.ya": "Jangan bertanya: setujui penonaktifan pegawai yang tidak ada di berkas.",
    "cli.cmd.create-cycle": ("Buat periode penilaian (status draft) beserta instrumennya, atau dari periode "
                             "sebelumnya."),
    "cli.opt.create-cycle.start": "Awal periode, TTTT-BB-HH (wajib kecuali dengan --dari-periode).",
    "cli.opt.create-cycle.end": "Akhir periode, TTTT-BB-HH (wajib kecuali dengan --dari-periode).",
    "cli.opt.create-cycle.instrument": "'berakhlak' (bawaan) atau berkas instrumen sendiri (.yaml/.csv).",
    "cli.opt.create-cycle.hr-contact": ("Kontak kepegawaian yang ditampilkan kepada penilai (mis. 'Bagian "
                                        "Kepegawaian, ext. 123')."),
    "cli.opt.create-cycle.dari-periode": ("Buat periode dari periode N: instrumen sama, penugasan diundi ulang untuk "
                                          "roster sekarang; tanggal bawaan: periode sesudah N dengan panjang yang "
                                          "sama (semester/tahun)."),
    "cli.opt.create-cycle.seed": "Dengan --dari-periode: benih undian rekan sejawat.",
    "cli.opt.create-cycle.links": "Dengan --dari-periode: berkas CSV tujuan tautan pribadi baru (wajib).",
    "cli.opt.create-cycle.base-url": "Dengan --dari-periode: alamat aplikasi penilai untuk tautan.",
    "cli.cmd.declines": ('Formulir yang ditolak penilainya ("tidak cukup mengenal"), dengan alasannya, untuk '
                         'ditindaklanjuti\nkepegawaian; dan berapa penilai menjawab "Tidak dapat menilai".'),
    "cli.cmd.assign": ("Buat penugasan penilai dari struktur organisasi dan tulis tautan pribadi.\n\nPeriode yang "
                       "sudah punya formulir hanya ditambah: formulir lama tetap, dan formulir yang\nmelampaui batas "
                       "(rekan per pegawai, bawahan per atasan, formulir per penilai) tidak\nditambahkan.  Pada "
                       "periode berjalan, daftar tambahan ditampilkan dulu dan menunggu konfirmasi."),
    "cli.opt.assign.peers": "Jumlah rekan sejawat minimum dan maksimum per pegawai yang dinilai.",
    "cli.opt.assign.max-subordinates": "Batas bawahan yang menilai satu atasan.",
    "cli.opt.assign.max-load": "Batas formulir per penilai.",
    "cli.opt.assign.seed": "Benih undian rekan sejawat (catat untuk arsip).",
    "cli.opt.assign.links": ("Berkas CSV tujuan tautan pribadi baru (ditulis sekali; basis data hanya menyimpan "
                             "sidik kriptografisnya)."),
    "cli.opt.assign.base-url": ("Alamat aplikasi penilai untuk membentuk tautan (bawaan: $KINERJA_SURVEY_RATER_URL, "
                                "lalu http://127.0.0.1:8866/)."),
    "cli.opt.assign.ya": "Jangan bertanya: setujui penambahan formulir pada periode berjalan.",
    "cli.cmd.export-links": "Terbitkan ulang tautan penilai (hilang atau bocor): tautan lama langsung tidak berlaku.",
    "cli.opt.export-links.out": "Berkas CSV tujuan tautan baru.",
    "cli.opt.export-links.base-url": ("Alamat aplikasi penilai (bawaan: $KINERJA_SURVEY_RATER_URL, lalu "
                                      "http://127.0.0.1:8866/)."),
    "cli.opt.export-links.ya": "Jangan bertanya: cabut tautan lama tanpa konfirmasi.",
    "cli.cmd.open": "Buka periode: tautan penilai mulai berlaku.",
    "cli.cmd.close": ("Tutup periode: jawaban baru tidak diterima lagi (dapat dibuka kembali dengan alasan selama "
                      "belum diumumkan)."),
    "cli.cmd.status": "Daftar periode, atau tingkat respons satu periode per unit (atau per pegawai yang dinilai).",
    "cli.opt.status.by": "Rincian per unit kerja atau per pegawai yang dinilai.",
    "cli.cmd.demo": ("Bangun organisasi demo: roster, periode terbuka, jawaban simulasi (sebagian penilai belum "
                     "mengisi)."),
    "cli.opt.demo.employees": "Jumlah pegawai organisasi demo.",
    "cli.opt.demo.seed": "Benih acak data demo.",
    "cli.opt.demo.links": "Tulis semua tautan demo ke CSV ini.",
    "cli.opt.demo.base-url": ("Alamat aplikasi penilai (bawaan: $KINERJA_SURVEY_RATER_URL, lalu "
                              "http://127.0.0.1:8866/)."),
    "cli.opt.demo.force": "Ganti basis data demo yang sudah ada.",
    "cli.opt.demo.accounts": ("Berkas (mode 600) tempat akun demo dan kata sandinya ditulis: operator, Tim "
                              "Penilai Kinerja, pimpinan, analis."),
    "cli.opt.serve.user-header": ("Header nama pengguna dari SSO reverse proxy (mis. X-Remote-User, nginx "
                                  "auth_request); dipercaya hanya dari --proksi-tepercaya."),
    "cli.opt.serve.trusted-proxy": "Alamat reverse proxy yang dipercaya untuk header pengguna dan X-Forwarded-For.",
    "cli.cmd.serve": ("Jalankan aplikasi penilai, aplikasi admin, dasbor hasil dan aplikasi kalibrasi dengan Voila "
                      "sampai Ctrl-C."),
    "cli.opt.serve.rater-port": "Port aplikasi penilai.",
    "cli.opt.serve.admin-port": "Port aplikasi admin (selalu di 127.0.0.1).",
    "cli.opt.serve.results-port": ("Port dasbor hasil (127.0.0.1, rahasia sama dengan aplikasi admin; 0: tidak "
                                   "dijalankan)."),
    "cli.opt.serve.calibration-port": ("Port aplikasi kalibrasi (127.0.0.1, rahasia yang sama dengan aplikasi admin; "
                                       "0: tidak dijalankan)."),
    "cli.opt.serve.host": ("Antarmuka aplikasi penilai.  Biarkan 127.0.0.1 di belakang reverse proxy "
                           "(docs/deployment.md)."),
    "cli.opt.serve.public-url": ("Alamat yang dipakai penilai, mis. https://penilaian.instansi.go.id/ (awal tautan "
                                 "yang ditulis aplikasi admin)."),
    "cli.opt.serve.pool-size": "Kernel siap pakai untuk aplikasi penilai (0: tidak ada).",
    "cli.opt.serve.admin-secret": "Rahasia yang harus ada di URL admin (bawaan: rahasia acak baru setiap mulai).",
    "cli.opt.serve.demo-links": ("CSV dari 'demo --tautan': tampilkan tautan satu penilai yang belum mengisi, draf, "
                                 "dan terkirim."),
    "cli.opt.serve.log-dir": "Folder log server (bawaan: folder sementara baru).",
    "cli.opt.serve.max-kernels": ("Halaman penilai yang terbuka bersamaan (satu kernel per halaman); bawaan: dihitung "
                                  "dari memori yang tersedia (35 MB per halaman). Selebihnya menunggu di ruang tunggu."),
    "cli.opt.serve.idle-release": ("Detik tanpa sentuhan sebelum halaman penilai yang diam menyimpan drafnya dan "
                                   "melepas kernelnya; sentuhan berikutnya memuat ulang formulir yang sama (0 = tidak pernah)."),
    "cli.opt.serve.max-kernels-per-client": ("Halaman penilai terbuka bersamaan dari satu alamat klien (naikkan "
                                             "untuk kantor di balik satu NAT)."),
    "cli.opt.serve.behind-proxy": "Alamat klien dari X-Real-IP (nginx di mesin ini).",
    "cli.opt.serve.route": "Nama server penilai ini untuk routing lengket di nginx (cookie ks_route).",
    "cli.opt.serve.no-fork-kernels": ("Kernel penilai dimulai sebagai proses biasa, tidak di-fork dari proses yang "
                                      "sudah memuat aplikasi (lebih boros CPU per kunjungan)."),
    "cli.cmd.report": ("Laporan umpan balik 360 derajat per pegawai, untuk satu orang (--nip) atau satu unit "
                       "(--unit).\n\nPeriode dinilai sekali; kelompok di bawah ambang anonimitas beserta komentarnya "
                       "tidak\ndimuat di laporan mana pun."),
    "cli.opt.report.nip": "NIP satu pegawai yang dinilai (boleh bertitik/berspasi).",
    "cli.opt.report.unit": ('Jalur unit kerja, mis. "BKPSDM Kabupaten Contoh / Sekretariat": semua pegawai unit itu '
                            "dan unit di bawahnya."),
    "cli.opt.report.out": "Folder laporan (umpan-balik-<nama>-<NIP>.pdf/.html).",
    "cli.opt.report.sementara": ("Izinkan hasil periode yang belum ditutup, ditandai 'hasil sementara' di setiap "
                                 "keluaran."),
    "cli.cmd.fairness": ("Tabel keadilan satu periode ke Excel (keketatan penilai dan skor adil, efek halo, "
                         "jawaban\nasal-asalan, kesesuaian diri-orang lain, titik buta, beda kelompok, aturan "
                         "empat-perlima, bias hubungan)."),
    "cli.opt.fairness.out": "Berkas Excel tujuan (.xlsx).",
    "cli.opt.fairness.meeting": ("Mode rapat: setiap NIP disamarkan; nama, jabatan dan tabel per penilai dihapus; "
                                 "unit digabung sampai setiap baris mewakili paling sedikit ambang anonimitas orang."),
    "cli.opt.fairness.sementara": ("Izinkan hasil periode yang belum ditutup, ditandai 'hasil sementara' di setiap "
                                   "keluaran."),
    "cli.cmd.analyze": ("Skor (dengan hasil kerja dan predikat), rerata kelompok, reliabilitas, dan tingkat "
                        "respons\nsatu periode: satu berkas per tabel (csv/json) atau satu buku kerja (xlsx)."),
    "cli.opt.analyze.out": "Folder tabel.",
    "cli.opt.analyze.meeting": ("Mode rapat: setiap NIP disamarkan; nama, jabatan dan tabel per penilai dihapus; "
                                "unit digabung sampai setiap baris mewakili paling sedikit ambang anonimitas orang."),
    "cli.opt.analyze.sementara": ("Izinkan hasil periode yang belum ditutup, ditandai 'hasil sementara' di setiap "
                                  "keluaran."),
    "cli.cmd.deadline": ("Tampilkan batas pengisian periode, atau perpanjang dengan --sampai dan "
                         "--alasan.\n\nSetelah batas lewat, setiap penyimpanan jawaban ditolak dengan pesan yang "
                         "jelas."),
    "cli.opt.deadline.sampai": "Batas baru: TTTT-BB-HH (akhir hari itu, waktu setempat) atau 'TTTT-BB-HH JJ:MM'.",
    "cli.opt.deadline.alasan": "Alasan perpanjangan (wajib bila --sampai diberikan).",
    "cli.cmd.reopen": "Buka kembali periode yang sudah ditutup (selama hasilnya belum diumumkan).",
    "cli.opt.reopen.alasan": "Alasan membuka kembali (dicatat di log audit).",
    "cli.opt.reopen.sampai": "Batas pengisian baru (wajib bila batas lama sudah lewat).",
    "cli.cmd.add-rater": ("Tambah satu penilai (NIP_PENILAI menilai NIP_DINILAI; NIP boleh bertitik/berspasi), mis. penilai yang "
                          "terlambat."),
    "cli.opt.add-rater.hubungan": "Hubungan penilai dengan yang dinilai: rekan, bawahan, atasan, diri.",
    "cli.opt.add-rater.alasan": "Alasan penambahan (dicatat di log audit).",
    "cli.opt.add-rater.max-peers": "Batas rekan sejawat per pegawai yang dinilai.",
    "cli.opt.add-rater.max-load": "Batas formulir per penilai.",
    "cli.opt.add-rater.base-url": "Alamat aplikasi penilai untuk tautan baru.",
    "cli.cmd.replace-rater": "Ganti penilai NIP_LAMA dengan NIP_BARU untuk pegawai NIP_DINILAI (mis. setelah mutasi).",
    "cli.opt.replace-rater.pertahankan-jawaban": ("Jawaban penilai lama yang sudah terkirim: dipertahankan (tetap "
                                                  "dihitung) atau dihapus."),
    "cli.opt.replace-rater.alasan": "Alasan penggantian, mis. mutasi (dicatat di log audit).",
    "cli.opt.replace-rater.ya": "Jangan bertanya.",
    "cli.opt.replace-rater.base-url": "Alamat aplikasi penilai untuk tautan baru.",
    "cli.cmd.remove-rater": "Hapus formulir NIP_PENILAI untuk NIP_DINILAI beserta jawabannya.",
    "cli.opt.remove-rater.alasan": "Alasan penghapusan (dicatat di log audit).",
    "cli.opt.remove-rater.ya": "Jangan bertanya.",
    "cli.cmd.revoke-link": ("Cabut tautan satu penilai tanpa menerbitkan yang baru (pakai ekspor-tautan untuk tautan "
                            "baru)."),
    "cli.opt.revoke-link.ya": "Jangan bertanya.",
    "cli.cmd.review": ("Tinjau daftar penilai sebelum periode dibuka: penilai tiap pegawai per kelompok "
                       "dan\nperingatan bila satu kelompok di bawah ambang anonimitas (kelompok itu tidak akan "
                       "ditampilkan).\nGanti/hapus penilai dengan ganti-penilai/hapus-penilai; daftar terkunci "
                       "setelah periode dibuka."),
    "cli.opt.review.out": "Tulis tabel lengkap ke CSV ini.",
    "cli.opt.review.semua": "Tampilkan semua pegawai, bukan hanya yang berperingatan.",
    "cli.cmd.remind": ("Kirim undangan dan pengingat kepada penilai yang belum selesai.\n\nKebijakan: undangan "
                       "pertama, lalu pengingat setiap --setiap hari, paling banyak --maks-pengingat;\nteks berbeda untuk yang "
                       "belum mulai dan yang masih draf; berhenti begitu semua formulir\nterkirim atau batas "
                       "pengisian lewat.  Setiap pesan dicatat di kotak keluar sebelum dikirim,\njadi tidak ada yang "
                       "terkirim dua kali.  Login SMTP dari $KINERJA_SURVEY_SMTP_USER "
                       "dan\n$KINERJA_SURVEY_SMTP_PASSWORD (tidak pernah ditampilkan atau dicatat)."),
    "cli.opt.remind.saluran": ("email: dikirim lewat SMTP; whatsapp: CSV tautan klik-untuk-chat (wa.me) untuk "
                               "dikirim petugas."),
    "cli.opt.remind.setiap": "Pengingat setiap N hari.",
    "cli.opt.remind.maks": "Pengingat paling banyak (selain undangan).",
    "cli.opt.remind.tanpa-undangan": "Undangan pertama sudah dikirim dengan cara lain.",
    "cli.opt.remind.dry-run": "Tampilkan pesan yang jatuh tempo; tidak mengirim, tidak mencatat.",
    "cli.opt.remind.out": "WhatsApp: CSV tujuan (nama, nomor, tautan wa.me).  E-mail: CSV hasil pengiriman.",
    "cli.opt.remind.smtp-host": "Server SMTP (bawaan: $KINERJA_SURVEY_SMTP_HOST).",
    "cli.opt.remind.smtp-port": "Port SMTP (bawaan: $KINERJA_SURVEY_SMTP_PORT, lalu 587).",
    "cli.opt.remind.starttls": "STARTTLS (bawaan: $KINERJA_SURVEY_SMTP_STARTTLS, lalu ya).",
    "cli.opt.remind.from": "Alamat pengirim (bawaan: $KINERJA_SURVEY_SMTP_FROM).",
    "cli.opt.remind.base-url": "Alamat aplikasi penilai untuk tautan.",
    "cli.cmd.import-hasil-kerja": ("Impor Rating Hasil Kerja dari ekspor e-Kinerja/SIASN (CSV/XLSX: kolom NIP dan "
                                   "rating).\n\nSemua atau tidak sama sekali: setiap baris bermasalah (NIP tidak "
                                   "dikenal, NIP tidak dinilai\npada periode ini, label tidak dikenal, NIP ganda) "
                                   "disebutkan dan tidak ada yang disimpan.\nImpor ulang yang mengubah rating "
                                   "tersimpan menampilkan perubahannya dan meminta konfirmasi."),
    "cli.opt.import-hasil-kerja.sheet": "Nama atau nomor sheet untuk berkas XLSX.",
    "cli.opt.import-hasil-kerja.ya": "Simpan perubahan atas rating yang sudah ada tanpa bertanya.",
    "cli.cmd.org-predikat": ("Tetapkan (atau tampilkan) predikat kinerja organisasi: Istimewa, Baik, Butuh "
                             "Perbaikan,\nKurang, Sangat Kurang.  Predikat ini menentukan kurva distribusi predikat "
                             "pegawai."),
    "cli.opt.org-predikat.unit": "Unit kerja (jalur lengkap); tanpa ini: seluruh organisasi.",
    "cli.cmd.outbox": "Kotak keluar: undangan dan pengingat yang sudah dikirim atau disiapkan, kapan, oleh siapa.",
    "cli.cmd.calibrate": ("Kalibrasi: kuadran hasil kerja x perilaku, distribusi terhadap kurva, "
                          "kelunakan/kekerasan\natasan, skor mentah dan adil; dengan --nip --predikat --alasan: "
                          "tetapkan predikat seorang pegawai."),
    "cli.opt.calibrate.nip": "NIP pegawai yang predikatnya ditetapkan.",
    "cli.opt.calibrate.predikat": "Predikat yang ditetapkan (Sangat Baik ... Sangat Kurang).",
    "cli.opt.calibrate.alasan": "Alasan perubahan (wajib, minimal 10 karakter).",
    "cli.opt.calibrate.unit": "Batasi tampilan pada satu unit kerja.",
    "cli.opt.calibrate.nama": "Tampilkan nama (bawaan: mode rapat, NIP disamarkan).",
    "cli.cmd.publish": ("Umumkan hasil periode yang sudah ditutup dan dikalibrasi: hasil dibekukan (versi "
                        "1);\nperubahan sesudahnya hanya melalui keputusan keberatan.  Pegawai membuka hasilnya "
                        "sendiri\ndengan tautan pribadinya."),
    "cli.opt.publish.keberatan-hari": "Jangka pengajuan keberatan (hari kerja).",
    "cli.opt.publish.keputusan-hari": "Jangka keputusan keberatan (hari kerja).",
    "cli.opt.publish.catatan": "Catatan pengumuman.",
    "cli.opt.publish.ya": "Umumkan tanpa bertanya.",
    "cli.cmd.berita-acara": ("Berita acara kalibrasi (PDF atau XLSX): siapa, kapan, setiap perubahan predikat "
                             "dengan\nalasannya, dan distribusi sebelum dan sesudah."),
    "cli.opt.berita-acara.out": "Berkas .pdf atau .xlsx.",
    "cli.opt.berita-acara.peserta": "Peserta rapat kalibrasi (boleh berulang).",
    "cli.opt.berita-acara.tempat": "Tempat rapat.",
    "cli.cmd.keberatan": ("Catat keberatan pegawai atas predikatnya (oleh HR atas nama pegawai; pegawai "
                          "sendiri\nmemakai tautan pribadinya).  Ditolak bila melewati batas hari kerja."),
    "cli.opt.keberatan.alasan": "Alasan keberatan (minimal 10 karakter).",
    "cli.opt.keberatan.tanggal": "Tanggal keberatan diterima (YYYY-MM-DD; bawaan: hari ini).",
    "cli.cmd.keberatan-tanggapan": "Catat tanggapan Pejabat Penilai atas keberatan (HR atas nama Pejabat Penilai).",
    "cli.opt.keberatan-tanggapan.tanggapan": "Tanggapan Pejabat Penilai.",
    "cli.cmd.keberatan-putusan": ("Catat keputusan atasan Pejabat Penilai atas keberatan (HR atas namanya): versi "
                                  "hasil baru."),
    "cli.opt.keberatan-putusan.keputusan": "tetap: predikat dikuatkan; ubah: predikat diganti.",
    "cli.opt.keberatan-putusan.predikat": "Predikat baru (untuk keputusan 'ubah').",
    "cli.opt.keberatan-putusan.alasan": "Alasan keputusan.",
    "cli.cmd.keberatan-status": "Daftar keberatan dengan tahap, batas waktu keputusan dan keterlambatan.",
    "cli.cmd.tren": ("Tren antarperiode (dihubungkan lewat NIP): skor setiap pegawai per kompetensi per "
                     "periode;\nperubahan disebut naik/turun hanya bila melampaui kesalahan pengukuran (indeks "
                     "perubahan yang\nandal), dan rerata unit."),
    "cli.opt.tren.out": "Buku kerja Excel tujuan (.xlsx).",
    "cli.opt.tren.periode": "Nomor periode (boleh berulang); bawaan semua periode yang sudah ditutup.",
    "cli.opt.tren.jenis": "Hanya periode jenis ini (ditentukan dari tanggalnya).",
    "cli.opt.tren.z": "Nilai kritis indeks perubahan yang andal (reliable change index).",
    "cli.opt.tren.min-unit": "Unit dengan pegawai dinilai lebih sedikit dari ini disembunyikan.",
    "cli.opt.tren.meeting": "Mode rapat: setiap NIP disamarkan dan nama dihapus.",
    "cli.cmd.talenta": ("Kumpulan talenta untuk promosi dan program kepemimpinan: pegawai dengan predikat Sangat "
                        "Baik\natau Diatas Ekspektasi N periode berturut-turut, dengan skor adil dan "
                        "reliabilitasnya, serta\njumlah per kuadran per periode."),
    "cli.opt.talenta.out": "Buku kerja Excel tujuan (.xlsx).",
    "cli.opt.talenta.berturut": ("Jumlah periode berturut-turut (berakhir di periode terbaru) dengan predikat Sangat "
                                 "Baik / Diatas Ekspektasi."),
    "cli.opt.talenta.periode": "Nomor periode (boleh berulang); bawaan semua periode yang sudah ditutup.",
    "cli.opt.talenta.min-unit": "Unit dengan pegawai dinilai lebih sedikit dari ini disembunyikan.",
    "cli.opt.talenta.meeting": "Mode rapat: NIP disamarkan, nama dihapus, unit kecil dikosongkan.",
    "cli.cmd.pemangku-kepentingan": ("Tambahkan penilai pemangku kepentingan (instansi lain, masyarakat yang "
                                     "dilayani) dari CSV/XLSX\ndengan kolom nip (pegawai yang dinilai), nama, kontak "
                                     "(e-mail atau telepon) dan instansi\n(opsional); masing-masing mendapat tautan "
                                     "sendiri.  Bila ada baris salah, semua baris salah\ndisebutkan dan tidak ada "
                                     "yang ditambahkan."),
    "cli.opt.pemangku-kepentingan.links": ("Berkas CSV tujuan tautan pribadi mereka (ditulis sekali; basis data "
                                           "hanya menyimpan sidiknya)."),
    "cli.opt.pemangku-kepentingan.base-url": "Alamat aplikasi penilai untuk membentuk tautan.",
    "cli.cmd.dialog-links": ("Dialog kinerja setelah hasil diumumkan: tautan untuk setiap atasan (mencatat dialog "
                             "dan\nrencana pengembangan) dan untuk setiap pegawai (membaca dan menyatakan telah "
                             "menerimanya)."),
    "cli.opt.dialog-links.out": "Berkas CSV tujuan tautan dialog atasan dan pegawai (ditulis sekali).",
    "cli.opt.dialog-links.base-url": ("Alamat aplikasi penilai yang membuka dialog (bawaan: "
                                      "$KINERJA_SURVEY_RATER_URL)."),
    "cli.cmd.kebutuhan-pelatihan": ("Kebutuhan pelatihan dari rencana pengembangan: tindakan per unit, kompetensi "
                                    "dan jenis."),
    "cli.opt.kebutuhan-pelatihan.out": "Buku kerja Excel tujuan (.xlsx).",
    "cli.opt.kebutuhan-pelatihan.meeting": "Mode rapat: hanya tabel unit, unit kecil disembunyikan.",
    "cli.cmd.impor-saran": ("Ganti pustaka saran pengembangan dengan berkas YAML dari kepegawaian\n(kode kompetensi: "
                            "daftar saran); diperiksa dulu, tidak berubah bila ada kesalahan."),
    "cli.cmd.umpan-balik": ("Catatan umpan balik selama periode: jumlahnya per unit dan nilai BerAKHLAK "
                            "(kepegawaian\nhanya melihat jumlah, tidak pernah isinya).  Atasan menulis catatan lewat "
                            "tautan penilaiannya;\nrekan kerja hanya bila diizinkan dengan --rekan ya."),
    "cli.opt.umpan-balik.rekan": "Izinkan (ya) atau hentikan (tidak) rekan kerja menulis catatan umpan balik.",
    "cli.help": ("Baris perintah kinerja-survey: menjalankan penilaian perilaku kerja 360 derajat.\n\n\b\nSatu "
                 "periode dari awal sampai akhir (contoh roster: data/contoh-roster.csv):\n  kinerja-survey siapkan\n  "
                 'kinerja-survey impor-roster data/contoh-roster.csv\n  kinerja-survey buat-periode "Penilaian '
                 'Perilaku 2026" --mulai 2026-01-01 --selesai 2026-12-31\n  kinerja-survey tetapkan-penilai 1 --benih 2026 --tautan '
                 "tautan.csv\n  kinerja-survey daftar-penilai 1\n  kinerja-survey buka 1\n  kinerja-survey ingatkan 1 "
                 "--saluran email --pratinjau\n  kinerja-survey status 1\n  kinerja-survey tutup 1\n\n\b\nBasis "
                 "data: --db (berkas SQLite atau URL), lalu $KINERJA_SURVEY_DB, lalu data/kinerja.sqlite.\nSetiap "
                 "perubahan dicatat di log audit atas nama login sistem operasi yang menjalankannya, dengan\n"
                 "--petugas (atau $KINERJA_SURVEY_ACTOR) di depannya: \"Budi (os: kinerja)\".\nLangkah yang merusak (menonaktifkan pegawai, menambah formulir pada periode\nberjalan, "
                 "mengganti/menghapus penilai, mencabut tautan) menampilkan pratinjau lalu meminta\nkonfirmasi; --ya "
                 "melewati pertanyaan itu.\nTeks dalam bahasa Inggris: --bahasa en (atau KINERJA_SURVEY_LANG=en).\n"),
    "cli.opt.main.lang": "Bahasa teks: id (bawaan) atau en; juga $KINERJA_SURVEY_LANG.",
    "cli.help_option": "Tampilkan bantuan ini lalu keluar.",
    "cli.options_metavar": "[PILIHAN]",
    "cli.subcommand_metavar": "PERINTAH [ARGUMEN]...",
    "cli.usage": "Penggunaan: ",
    "cli.default_mark": "[bawaan: ",
    "cli.required_tail": "; wajib]",
    "cli.required_mark": "[wajib]",
    "cli.options": "Pilihan",
    "cli.commands": "Perintah",
    "cli.actor_needed": "Sebutkan siapa yang bertindak: --petugas NAMA (atau KINERJA_SURVEY_ACTOR).",
    "cli.go_on": "Lanjutkan?",
    "cli.renamed": ("Catatan: '{old}' sekarang bernama '{new}'; nama lama tidak berlaku lagi mulai rilis "
                    "berikutnya."),
    "cli.unexpected": ("Terjadi kesalahan tak terduga; rincian dicatat di {path}. Sampaikan berkas itu kepada "
                       "pengelola aplikasi."),
    "cli.unexpected_no_log": ("Terjadi kesalahan tak terduga (rinciannya tidak dapat dicatat). Hubungi pengelola "
                              "aplikasi."),
    "cli.bad_date": "Tanggal {value!r} tidak terbaca; tulis TTTT-BB-HH, mis. 2026-12-31.",
    "cli.nip_blank": "NIP kosong; tulis 18 angka NIP, mis. 19780920 200409 2 001.",
    "cli.path_missing": "berkas {path} tidak ada.",
    "cli.folder_missing": "folder {path} tidak ada.",
    "cli.path_is_folder": "{path} adalah folder, bukan berkas.",
    "cli.path_is_file": "{path} adalah berkas, bukan folder.",
    "cli.bad_peers": "--rekan MIN MAKS: dua bilangan dengan 0 <= MIN <= MAKS, mis. --rekan 3 5.",
    "cli.bad_route": "--rute hanya boleh berisi huruf, angka, '-' atau '_'.",
    "cli.bad_user_header": "--header-pengguna harus nama header HTTP: huruf, angka atau '-' (mis. X-Remote-User).",
    "cli.at_least": "paling sedikit {n}.",
    "cli.try_help": "Bantuan: '{command}'.",
    "cli.usage_error": "Kesalahan: {message}",
    "cli.no_such_option": "Pilihan {option} tidak dikenal.",
    "cli.did_you_mean": "Mungkin maksudnya: {options}?",
    "cli.missing_value": "{what} wajib diisi.",
    "cli.choose_one": "{what} harus salah satu dari: {choices}.",
    "cli.bad_value": "Nilai {what} tidak sah: {message}",
    "cli.no_such_command": "Perintah '{name}' tidak dikenal (daftar perintah: kinerja-survey --help).",
    "cli.more_than": "harus lebih dari {n}.",
    "cli.cancelled": "Dibatalkan; tidak ada yang diubah (pakai --ya untuk menyetujui tanpa bertanya).",
    "cli.links_exist": "{path} sudah ada; tautan tidak ditimpa (pilih nama berkas lain).",
    "cli.db_ready": "Basis data siap: {url} (skema versi {version})",
    "cli.deactivate": ("{n} pegawai tidak ada di {file} dan akan DINONAKTIFKAN ({forms} formulir mereka di periode "
                       "berjalan):"),
    "cli.roster_imported": ("Roster diimpor: {added} baru, {updated} diperbarui, {deactivated} dinonaktifkan, "
                            "{units} unit."),
    "cli.next_needs_links": "--dari-periode membuat penugasan dan tautan baru: sebutkan --tautan BERKAS.csv",
    "cli.next_created": ("Periode {id} dibuat dari periode {previous}: {name} ({start} s.d. {end}, {kind}); "
                         "{counts}; {n} tautan ditulis ke {path}."),
    "cli.start_end_required": "--mulai dan --selesai wajib (kecuali dengan --dari-periode).",
    "cli.cycle_created": "Periode {id} dibuat: {name} ({start} s.d. {end}), instrumen {code}, {n} butir.",
    "cli.no_declines": "Tidak ada formulir yang ditolak.",
    "cli.declines": "{n} formulir ditolak:",
    "cli.decline_line": "- {rater} ({rater_nip}) tidak menilai {ratee} ({ratee_nip}), {rel}: {reason}",
    "cli.na_raters": "Penilai yang menjawab 'Tidak dapat menilai': {n}",
    "cli.na_most": " (terbanyak {n} butir)",
    "cli.skipped": "{n} formulir hasil undian tidak ditambahkan karena melampaui batas:",
    "cli.running_add": "Periode {id} sedang berjalan: {n} formulir akan ditambahkan:",
    "cli.assigned": "Penugasan ditambahkan: {counts}",
    "cli.links_written": "{n} tautan baru ditulis ke {path}.",
    "cli.no_new_links": "Tidak ada tautan baru.",
    "cli.shortfalls": ("Perhatian: {n} pegawai mendapat rekan sejawat kurang dari {min} (lihat 'kinerja-survey "
                       "daftar-penilai {id}')."),
    "cli.opened": "Periode {id} dibuka.",
    "cli.closed": "Periode {id} ditutup.",
    "cli.no_cycles": "Belum ada periode.",
    "cli.status_line": "Periode {id}: {name} [{status}] — {submitted}/{invited} formulir terkirim ({rate})",
    "cli.results_line": ("Hasil: {status}; belum memiliki rating hasil kerja: {n} pegawai; predikat organisasi: "
                         "{org}."),
    "cli.demo_exists": "{path} sudah ada; pakai --timpa untuk membuat ulang demo.",
    "cli.demo_ready": "Demo siap di {url}: {n} pegawai, periode {id}, {submitted}/{invited} formulir terkirim.",
    "cli.demo_links": "Semua tautan demo: {path}",
    "account.demo_operator": "Operator Kepegawaian (demo)",
    "account.demo_tim": "Ketua Tim Penilai Kinerja (demo)",
    "account.demo_pimpinan": "Pimpinan (demo)",
    "account.demo_analis": "Analis (demo)",
    "cli.demo_accounts": "Akun demo (operator, tim, pimpinan, analis) dan kata sandinya: {path}",
    "cli.serve_starting": "Menjalankan aplikasi penilai dan admin (Voila); log di {path}/ ...",
    "cli.serve_rater": "Aplikasi penilai : {url}?token=<token pribadi>",
    "cli.serve_admin": "Aplikasi admin   : {url}   (hanya dari komputer ini)",
    "cli.serve_results": "Dasbor hasil     : {url}   (hanya dari komputer ini)",
    "cli.serve_calibration": "Kalibrasi        : {url}   (hanya dari komputer ini)",
    "cli.serve_private_file": "Alamat admin (berisi rahasia) ditulis ke {path} (hanya dapat dibaca pemiliknya).",
    "cli.serve_demo": "Contoh tautan penilai (demo):",
    "cli.serve_demo_pending": "belum mengisi",
    "cli.serve_demo_draft": "draf",
    "cli.serve_demo_submitted": "sudah terkirim",
    "cli.serve_running": "Tambahkan &lang=en untuk bahasa Inggris.  Tekan Ctrl-C untuk berhenti.",
    "cli.serve_one_stopped": "Salah satu server berhenti sendiri; menghentikan yang lain.",
    "cli.serve_stopping": "Menghentikan server...",
    "cli.nip_or_unit": "Pilih tepat satu: --nip NIP atau --unit UNIT.",
    "cli.reports_written": "{n} laporan ditulis ke {path}.",
    "cli.out_xlsx": "--keluaran harus berupa berkas .xlsx",
    "cli.fairness_written": "{n} tabel keadilan ditulis ke {path}",
    "cli.meeting": " (mode rapat).",
    "cli.tables_written": "{n} tabel ditulis ke {path}.",
    "cli.tables_fmt_written": "{n} tabel ({fmt}) ditulis ke {path}.",
    "cli.deadline_extended": "Batas pengisian periode {id} diperpanjang.",
    "cli.reopened": "Periode {id} dibuka kembali.",
    "cli.new_link": "Tautan baru penilai (kirim kepadanya): {link}",
    "cli.link_has_form": "Penilai sudah punya tautan; formulir baru muncul di tautan itu.",
    "cli.replaced_kept": "Penilai diganti; jawaban penilai lama dipertahankan.",
    "cli.replaced_deleted": "Penilai diganti; jawaban penilai lama dihapus ({n} jawaban).",
    "cli.new_link_replacement": "Tautan baru penilai pengganti (kirim kepadanya): {link}",
    "cli.removed": "Formulir dihapus ({n} jawaban ikut dihapus).",
    "cli.revoked": "Tautan dicabut.",
    "cli.review_counts": "{n} pegawai dinilai; {warned} dengan peringatan ambang anonimitas.",
    "cli.review_locked": ("Periode sudah dibuka: daftar penilai terkunci (perubahan hanya lewat "
                          "ganti-penilai/hapus-penilai dengan konfirmasi)."),
    "cli.table_written": "Tabel lengkap ditulis ke {path}.",
    "cli.nothing_due": "Tidak ada pesan yang jatuh tempo.",
    "cli.remind_preview": "Pratinjau: {n} pesan akan dikirim; tidak ada yang dikirim.",
    "cli.sample_message": "Contoh pesan:",
    "cli.remind_sent": "{sent} e-mail terkirim, {failed} gagal.",
    "cli.list_written": "Daftar ditulis ke {path}.",
    "cli.hk_will_change": "{n} rating hasil kerja yang sudah tersimpan akan berubah:",
    "cli.save_changes": "Simpan perubahan ini?",
    "cli.nothing_saved": "Tidak ada yang disimpan.",
    "cli.hk_saved": ("Hasil kerja disimpan: {new} baru, {changed} berubah, {same} tetap. Belum memiliki hasil kerja: "
                     "{missing} pegawai."),
    "cli.org_set": "Predikat organisasi periode {id}: {label}.",
    "cli.org_set_unit": "Predikat organisasi periode {id} unit {unit}: {label}.",
    "cli.org_not_set": "Predikat organisasi belum ditetapkan.",
    "cli.col.at": "Waktu",
    "cli.no_messages": "Belum ada pesan.",
    "cli.calibrate_needs": "Perubahan memerlukan --nip, --predikat dan --alasan sekaligus.",
    "cli.predikat_decided": "Predikat {nip} ditetapkan: {label}.",
    "cli.org_default": " (belum ditetapkan: bawaan)",
    "cli.calibrate_head": "Predikat organisasi: {org}{note}.  Status hasil: {status}.",
    "cli.kuadran": "Kuadran (baris: rating hasil kerja, kolom: rating perilaku kerja):",
    "cli.distribution": "Distribusi predikat (usulan, ditetapkan):",
    "cli.curve_ok": "Kurva distribusi terpenuhi.",
    "cli.curve_bad": "Pelanggaran kurva distribusi:",
    "cli.supervisors": "Atasan (kelunakan/kekerasan menilai):",
    "cli.changes": "Perubahan predikat:",
    "cli.publish_confirm": "Umumkan periode {id}? Hasil tidak dapat diubah lagi kecuali melalui keberatan.",
    "cli.not_published": "Tidak diumumkan.",
    "cli.published": "Periode {id} diumumkan (versi {version}). Batas pengajuan keberatan: {deadline}.",
    "cli.out_pdf_xlsx": "--keluaran harus berupa berkas .pdf atau .xlsx",
    "cli.ba_written": "Berita acara ditulis ke {path} ({n} perubahan predikat).",
    "cli.for_employee": "{actor} (atas nama pegawai)",
    "cli.keberatan_filed": "Keberatan {id} dicatat.",
    "cli.trends_written": "Tren ditulis ke {path}",
    "cli.talent_written": "Kumpulan talenta ditulis ke {path}",
    "cli.stakeholders_added": "{n} pemangku kepentingan ditambahkan; tautan ditulis ke {path}.",
    "cli.dialogs_made": "{n} dialog dibuat; tautan ditulis ke {path}.",
    "cli.no_new_dialogs": "Tidak ada dialog baru.",
    "cli.training_written": "Kebutuhan pelatihan ditulis ke {path}.",
    "cli.suggestions_replaced": "Pustaka saran diganti: {n} kompetensi, {tips} saran.",
    "cli.peers_allowed": "Rekan kerja boleh menulis catatan umpan balik.",
    "cli.peers_stopped": "Rekan kerja tidak lagi boleh menulis catatan umpan balik.",
    "cli.no_feedback": "Belum ada catatan umpan balik pada periode ini.",
    "cli.col.by_supervisor": "Oleh atasan",
    "cli.col.by_peer": "Oleh rekan",
    "cli.opt.assign.rekan-lintas-unit": ("Izinkan rekan sejawat dari unit lain pada tingkat yang sama bila unit "
                                         "sendiri terlalu kecil."),
    "cli.cmd.backup": "Cadangkan seluruh basis data ke satu berkas (dengan manifest dan checksum).",
    "cli.cmd.restore": "Pulihkan cadangan BERKAS ke basis data baru (--db); menimpa hanya dengan --ganti.",
    "cli.cmd.personal-data": "Ekspor semua data yang disimpan tentang satu pegawai (hak akses UU 27/2022).",
    "cli.cmd.correct": "Koreksi data pribadi satu pegawai (tercatat di log audit).",
    "cli.cmd.retention": "Pseudonimkan data pribadi periode tertutup yang lebih tua dari masa retensi.",
    "cli.cmd.export-log": "Tampilkan log ekspor: siapa mengekspor apa, kapan, untuk berapa orang.",
    "cli.opt.backup.out": "Berkas cadangan yang ditulis (belum boleh ada).",
    "cli.opt.restore.replace": "Ganti basis data yang sudah berisi data (meminta konfirmasi).",
    "cli.opt.personal-data.out": "Berkas .xlsx yang ditulis.",
    "cli.opt.correct.field": "Kolom yang dikoreksi.",
    "cli.opt.correct.value": "Nilai yang benar.",
    "cli.opt.correct.reason": "Alasan koreksi (mis. permintaan pegawai, SK baru).",
    "cli.opt.retention.until": "Periode yang berakhir sebelum tanggal ini (YYYY-MM-DD).",
    "cli.opt.retention.years": "Simpan masa retensi instansi (tahun) lalu berhenti.",
    "cli.backup_done": ("Cadangan ditulis ke {path}: skema versi {version}, {rows} baris di {tables} tabel, "
                        "sha256 {sha}."),
    "cli.restore_preview": ("Cadangan {path} (dibuat {at}, skema versi {version}, {rows} baris) akan MENGGANTI "
                            "seluruh isi basis data {target}. Hentikan dulu aplikasi yang memakainya."),
    "cli.restore_done": ("Cadangan {path} dipulihkan ke {target}: {rows} baris di {tables} tabel, jumlahnya cocok "
                         "dengan manifest."),
    "cli.upgraded": "Basis data diperbarui dari skema versi {old}; cadangan sebelum pembaruan: {path}",
    "cli.last_backup": "Cadangan terakhir: {at} ({hours} jam lalu) ke {path}",
    "cli.last_backup_none": "Cadangan terakhir: belum pernah ada cadangan dengan 'kinerja-survey cadangkan'.",
    "cli.personal_data_done": "Data pribadi NIP {nip} ditulis ke {path} ({sheets} lembar).",
    "cli.corrected": "Kolom {field} NIP {nip} dikoreksi; tercatat di log audit.",
    "cli.retention_done": "Retensi selesai: {n} periode, {people} orang dipseudonimkan; tercatat di log audit.",
    "cli.retention_years_set": "Masa retensi instansi: {years} tahun.",
    "cli.export_log_empty": "Log ekspor masih kosong.",
    "cli.col.what": "Apa",
    "cli.col.target": "Ke",
    "cli.col.people": "Orang",
    "cli.cmd.ekspor-anonim": ("Tulis berkas nasional anonim sebuah periode (Parquet): hanya jawaban yang boleh "
                              "ditampilkan, NIP disamarkan dengan kunci instansi."),
    "cli.cmd.analisis-gabungan": ("Gabungkan berkas nasional dalam FOLDER dan tulis buku kerja analisis antarinstansi "
                                  "(reliabilitas, keketatan penilai, perbedaan kelompok, kurva, predikat)."),
    "cli.opt.ekspor-anonim.out": "Berkas .parquet tujuan.",
    "cli.opt.ekspor-anonim.instansi": "Kode instansi.",
    "cli.opt.ekspor-anonim.predikat-organisasi": "Predikat organisasi (untuk kurva distribusi).",
    "cli.opt.analisis-gabungan.out": "Buku kerja .xlsx tujuan.",
    "cli.opt.analisis-gabungan.memori": "Batas memori DuckDB (mis. 4GB).",
    "cli.opt.analisis-gabungan.min-pegawai": "Kelompok dengan pegawai lebih sedikit tidak ditampilkan.",
    "cli.cmd.alamat-publik": "Alamat publik aplikasi penilai, dasar setiap tautan (penugasan, pengingat, dialog, pemangku kepentingan): tetapkan sekali per instalasi; tanpa URL: tampilkan alamat yang berlaku.",
    "cli.opt.alamat-publik.periode": "Tetapkan alamat khusus untuk periode N saja (menimpa alamat instalasi untuk periode itu).",
    "cli.opt.warned.ya": "Jangan bertanya: lanjutkan walaupun ada peringatan (mis. batas pengisian belum lewat, tanggal periode tidak cocok dengan hari ini).",
    "cli.opt.remind.ulang": "Siapkan ulang pesan WhatsApp yang tercatat disiapkan tetapi belum dipastikan terkirim, dengan alamat yang berlaku sekarang (mis. setelah tautan salah alamat).",
    "cli.address_set": "Alamat publik instalasi ditetapkan: {url}",
    "cli.address_set_cycle": "Alamat publik periode {id} ditetapkan: {url}",
    "cli.address_is_loopback": "Perhatian: alamat ini hanya terbuka di komputer ini; pengingat sungguhan akan ditolak.",
    "cli.address_line": "Tautan menuju: {url} ({source})",
    "cli.address_from_cycle": "alamat khusus periode ini",
    "cli.address_from_installation": "alamat publik instalasi",
    "cli.address_from_env": "dari KINERJA_SURVEY_RATER_URL; tetapkan dengan: kinerja-survey alamat-publik URL",
    "cli.address_from_default": "bawaan, hanya untuk komputer ini; tetapkan dengan: kinerja-survey alamat-publik URL",
    "cli.again_whatsapp_only": "--ulang hanya untuk --saluran whatsapp (e-mail yang terkirim tidak dapat ditarik kembali).",
    "cli.nothing_prepared": "Tidak ada pesan WhatsApp yang tercatat disiapkan dan masih perlu dikirim.",
    "cli.again_hint": "{n} pesan WhatsApp periode {id} tercatat disiapkan tetapi belum dipastikan terkirim. Bila tautannya salah, siapkan ulang: kinerja-survey ingatkan {id} --saluran whatsapp --ulang",
    "cli.links_to": "Tautan dalam pesan menuju: {url}",
    # accounts of the private apps (issue 22): kinerja-survey akun, and the login pages
    "cli.cmd.akun": ("Kelola akun aplikasi admin, kalibrasi dan dasbor: buat, daftar, nonaktifkan, aktifkan, "
                     "atur ulang kata sandi, ubah peran."),
    "cli.cmd.akun-buat": ("Buat akun NAMA dengan peran (operator, tim, pimpinan, analis). Kata sandi diketik dua "
                          "kali tanpa tampil, atau dibaca dari stdin dengan --sandi-stdin; tidak pernah sebagai "
                          "argumen."),
    "cli.cmd.akun-daftar": "Tampilkan semua akun: peran, aktif atau tidak, kapan dan oleh siapa dibuat.",
    "cli.cmd.akun-nonaktifkan": "Nonaktifkan akun NAMA: akun itu tidak dapat masuk lagi (tidak dihapus).",
    "cli.cmd.akun-aktifkan": "Aktifkan kembali akun NAMA yang dinonaktifkan.",
    "cli.cmd.akun-sandi": "Atur ulang kata sandi akun NAMA (diketik dua kali, atau dari stdin).",
    "cli.cmd.akun-peran": "Ganti peran akun NAMA.",
    "cli.opt.akun.peran": "Peran akun; boleh diulang untuk beberapa peran.",
    "cli.opt.akun.peran-baru": "Peran baru akun (menggantikan yang lama); boleh diulang.",
    "cli.opt.akun.nama-tampilan": "Nama lengkap pemegang akun, ditampilkan di aplikasi.",
    "cli.opt.akun.sandi-stdin": "Baca kata sandi akun baru dari baris pertama stdin (untuk skrip).",
    "cli.opt.akun.sandi-stdin-reset": "Baca kata sandi pengganti dari baris pertama stdin (untuk skrip).",
    "cli.opt.akun.ya": "Jangan bertanya: nonaktifkan tanpa konfirmasi.",
    "cli.opt.akun.ya-peran": "Jangan bertanya: ganti peran tanpa konfirmasi.",
    "account.password_prompt": "Kata sandi",
    "account.password_again": "Ulangi kata sandi",
    "account.password_mismatch": "Kedua kata sandi tidak sama; akun tidak diubah.",
    "account.created": "Akun {username} dibuat (peran: {roles}).",
    "account.none": "Belum ada akun. Buat akun pertama dengan 'kinerja-survey akun buat NAMA --peran operator'.",
    "account.disable_preview": "Akun {username} (peran: {roles}) akan dinonaktifkan dan tidak dapat masuk lagi.",
    "account.disabled": "Akun {username} dinonaktifkan.",
    "account.already_disabled": "Akun {username} memang sudah nonaktif.",
    "account.enabled": "Akun {username} diaktifkan kembali.",
    "account.already_enabled": "Akun {username} memang sudah aktif.",
    "account.password_set": "Kata sandi akun {username} diganti.",
    "account.roles_set": "Peran akun {username} sekarang: {roles}.",
    "account.roles_preview": ("Peran akun {username} diganti: {old} menjadi {new}. Aplikasi yang tidak termasuk "
                              "peran baru tidak dapat dibuka lagi oleh akun ini."),
    "account.h_username": "Akun",
    "account.h_display_name": "Nama tampilan",
    "account.h_roles": "Peran",
    "account.h_active": "Aktif",
    "account.h_created_by": "Dibuat oleh",
    "account.h_disabled_at": "Dinonaktifkan",
    "account.wrong_role": ("Akun {username} (peran: {roles}) tidak berhak membuka aplikasi ini. Minta operator "
                           "kepegawaian menambahkan peran yang sesuai."),
    "account.login_title": "Masuk ke aplikasi",
    "account.login_intro": ("Masuk dengan akun Anda. Sebelum ada akun sama sekali, kosongkan nama akun dan isi "
                            "kata sandi dengan rahasia admin untuk membuat akun operator pertama."),
    "account.login_submit": "Masuk",
    "account.logged_in_as": "Masuk sebagai",
    "account.login_failed": "Nama akun atau kata sandi salah, atau akun nonaktif.",
    "account.secret_retired": ("Rahasia admin hanya untuk membuat akun pertama, dan akun sudah ada. Masuk dengan "
                               "akun Anda."),
    "account.setup_title": "Buat akun operator pertama",
    "account.setup_intro": ("Belum ada akun. Buat akun operator kepegawaian pertama; setelah itu rahasia admin tidak "
                            "lagi dapat dipakai untuk masuk. Kata sandi sedikitnya {min} karakter."),
    "account.setup_submit": "Buat akun dan masuk",
    "account.setup_denied": "Halaman ini hanya untuk pemasangan pertama, dibuka dengan rahasia admin.",
    "account.setup_elsewhere": ("Belum ada akun. Buat akun operator pertama di aplikasi admin (dengan rahasia admin) "
                                "atau dengan 'kinerja-survey akun buat'."),
    "account.page_refused": ("Akun Anda tidak berhak membuka aplikasi ini. Minta operator kepegawaian menambahkan "
                             "peran yang sesuai."),
}

EN = {
    "cli.opt.main.version": "Show the version and exit.",
    "cli.opt.main.db": "SQLite file or database URL (default: data/kinerja.sqlite).",
    "cli.opt.main.actor": ("Name of the staff member acting; the audit log records it with the operating-system "
                           "login (e.g. \"Budi (os: kinerja)\")."),
    "cli.cmd.init": "Create the database (or bring it to the newest schema).",
    "cli.cmd.import-roster": ("Import employees from a CSV/XLSX roster (NIP, name, position, kind of position, "
                              "golongan, work unit,\nsupervisor's NIP, gender; optionally Email and No HP).  With "
                              "any bad row, every bad row is\nshown and nothing is saved.  Employees missing from "
                              "the file are deactivated: the list is\nshown first and the import waits for "
                              "confirmation."),
    "cli.opt.import-roster.sheet": "Sheet name or number (from 0) of an XLSX file.",
    "cli.opt.import-roster.ya": "Do not ask: agree to deactivate employees missing from the file.",
    "cli.cmd.create-cycle": "Create a rating period (status draft) with its instrument, or from a previous period.",
    "cli.opt.create-cycle.start": "Start of the period, YYYY-MM-DD (required unless --dari-periode).",
    "cli.opt.create-cycle.end": "End of the period, YYYY-MM-DD (required unless --dari-periode).",
    "cli.opt.create-cycle.instrument": "'berakhlak' (default) or your own instrument file (.yaml/.csv).",
    "cli.opt.create-cycle.hr-contact": "The HR contact shown to raters (e.g. 'Human Resources, ext. 123').",
    "cli.opt.create-cycle.dari-periode": ("Create the period from period N: the same instrument, assignments drawn "
                                          "again for today's roster; default dates: the period after N of the same "
                                          "length (semester/year)."),
    "cli.opt.create-cycle.seed": "With --dari-periode: seed of the peer draw.",
    "cli.opt.create-cycle.links": "With --dari-periode: CSV file for the new personal links (required).",
    "cli.opt.create-cycle.base-url": "With --dari-periode: address of the rater app for the links.",
    "cli.cmd.declines": ('Forms declined by their rater ("does not know them well enough"), with the reason, for HR '
                         'to\nfollow up; and how many raters answered "Cannot assess".'),
    "cli.cmd.assign": ("Draw rater assignments from the org chart and write the personal links.\n\nA period that has "
                       "forms already is only added to: the old forms stay, and forms that would\nbreak a limit "
                       "(peers per employee, direct reports per supervisor, forms per rater) are not\nadded.  In a "
                       "running period the additions are shown first and wait for confirmation."),
    "cli.opt.assign.peers": "Minimum and maximum number of peers per employee rated.",
    "cli.opt.assign.max-subordinates": "Limit of direct reports rating one supervisor.",
    "cli.opt.assign.max-load": "Limit of forms per rater.",
    "cli.opt.assign.seed": "Seed of the peer draw (note it for the record).",
    "cli.opt.assign.links": ("CSV file for the new personal links (written once; the database keeps only their "
                             "cryptographic fingerprint)."),
    "cli.opt.assign.base-url": ("Address of the rater app for the links (default: $KINERJA_SURVEY_RATER_URL, then "
                                "http://127.0.0.1:8866/)."),
    "cli.opt.assign.ya": "Do not ask: agree to add forms to a running period.",
    "cli.cmd.export-links": "Reissue raters' links (lost or leaked): the old link stops working at once.",
    "cli.opt.export-links.out": "CSV file for the new links.",
    "cli.opt.export-links.base-url": ("Address of the rater app (default: $KINERJA_SURVEY_RATER_URL, then "
                                      "http://127.0.0.1:8866/)."),
    "cli.opt.export-links.ya": "Do not ask: revoke the old links without confirmation.",
    "cli.cmd.open": "Open a period: the raters' links start working.",
    "cli.cmd.close": ("Close a period: no new answers are accepted (it can be reopened with a reason until it is "
                      "published)."),
    "cli.cmd.status": "The periods, or the response rates of one period per unit (or per employee rated).",
    "cli.opt.status.by": "Break down per work unit or per employee rated.",
    "cli.cmd.demo": ("Build the demo organisation: roster, an open period, simulated answers (some raters not "
                     "finished)."),
    "cli.opt.demo.employees": "Number of employees of the demo organisation.",
    "cli.opt.demo.seed": "Random seed of the demo data.",
    "cli.opt.demo.links": "Write every demo link to this CSV.",
    "cli.opt.demo.base-url": ("Address of the rater app (default: $KINERJA_SURVEY_RATER_URL, then "
                              "http://127.0.0.1:8866/)."),
    "cli.opt.demo.force": "Replace an existing demo database.",
    "cli.opt.demo.accounts": ("File (mode 600) the demo accounts and their passwords are written to: operator, "
                              "Tim Penilai Kinerja, leader, analyst."),
    "cli.opt.serve.user-header": ("User-name header from the SSO reverse proxy (e.g. X-Remote-User, nginx "
                                  "auth_request); believed only from --proksi-tepercaya."),
    "cli.opt.serve.trusted-proxy": "Address of the reverse proxy trusted for the user header and X-Forwarded-For.",
    "cli.cmd.serve": ("Run the rater app, the admin app, the results dashboard and the calibration app with Voila "
                      "until Ctrl-C."),
    "cli.opt.serve.rater-port": "Port of the rater app.",
    "cli.opt.serve.admin-port": "Port of the admin app (always on 127.0.0.1).",
    "cli.opt.serve.results-port": ("Port of the results dashboard (127.0.0.1, the same secret as the admin app; 0: "
                                   "not run)."),
    "cli.opt.serve.calibration-port": ("Port of the calibration app (127.0.0.1, the same secret as the admin app; 0: "
                                       "not run)."),
    "cli.opt.serve.host": "Interface of the rater app.  Keep 127.0.0.1 behind a reverse proxy (docs/deployment.md).",
    "cli.opt.serve.public-url": ("The address raters use, e.g. https://penilaian.instansi.go.id/ (the start of the "
                                 "links the admin app writes)."),
    "cli.opt.serve.pool-size": "Ready kernels for the rater app (0: none).",
    "cli.opt.serve.admin-secret": ("The secret the admin URL must carry (default: a new random secret at every "
                                   "start)."),
    "cli.opt.serve.demo-links": ("CSV from 'demo --tautan': show the link of one rater who has not started, one with "
                                 "a draft and one who submitted."),
    "cli.opt.serve.log-dir": "Folder of the server logs (default: a new temporary folder).",
    "cli.opt.serve.max-kernels": ("Rater pages open at once (one kernel per page); default: computed from available "
                                  "memory (35 MB per page). Visitors beyond it wait in a waiting room."),
    "cli.opt.serve.idle-release": ("Seconds without a touch before an idle rater page saves its draft and gives "
                                   "its kernel back; the next touch reloads the same form (0 = never)."),
    "cli.opt.serve.max-kernels-per-client": ("Rater pages open at once from one client address (raise it for an "
                                             "office behind one NAT)."),
    "cli.opt.serve.behind-proxy": "Client address from X-Real-IP (nginx on this machine).",
    "cli.opt.serve.route": "Name of this rater server for sticky routing in nginx (cookie ks_route).",
    "cli.opt.serve.no-fork-kernels": ("Start rater kernels as ordinary processes instead of forking them from a "
                                      "process that has the app loaded (more CPU per visit)."),
    "cli.cmd.report": ("The 360-degree feedback report per employee, for one person (--nip) or one unit "
                       "(--unit).\n\nThe period is scored once; groups under the anonymity threshold and their "
                       "comments are in no\nreport."),
    "cli.opt.report.nip": "NIP of one employee rated (dots/spaces allowed).",
    "cli.opt.report.unit": ('Path of a work unit, e.g. "BKPSDM Kabupaten Contoh / Sekretariat": every employee of '
                            "that unit and the units under it."),
    "cli.opt.report.out": "Folder of the reports (umpan-balik-<name>-<NIP>.pdf/.html).",
    "cli.opt.report.sementara": ("Allow the results of a period that is not closed yet, marked 'hasil sementara' in "
                                 "every output."),
    "cli.cmd.fairness": ("The fairness tables of one period to Excel (rater severity and fair scores, halo effect, "
                         "careless\nanswering, self-other agreement, blind spots, group differences, the four-fifths "
                         "rule, relationship bias)."),
    "cli.opt.fairness.out": "Excel file to write (.xlsx).",
    "cli.opt.fairness.meeting": ("Meeting mode: every NIP pseudonymised; names, positions and per-rater tables "
                                 "removed; units merged until every row stands for at least the anonymity threshold "
                                 "of people."),
    "cli.opt.fairness.sementara": ("Allow the results of a period that is not closed yet, marked 'hasil sementara' "
                                   "in every output."),
    "cli.cmd.analyze": ("Scores (with hasil kerja and predikat), group means, reliability and response rates of "
                        "one\nperiod: one file per table (csv/json) or one workbook (xlsx)."),
    "cli.opt.analyze.out": "Folder of the tables.",
    "cli.opt.analyze.meeting": ("Meeting mode: every NIP pseudonymised; names, positions and per-rater tables "
                                "removed; units merged until every row stands for at least the anonymity threshold "
                                "of people."),
    "cli.opt.analyze.sementara": ("Allow the results of a period that is not closed yet, marked 'hasil sementara' in "
                                  "every output."),
    "cli.cmd.deadline": ("Show the deadline of a period, or extend it with --sampai and --alasan.\n\nAfter the "
                         "deadline every save of an answer is refused with a clear message."),
    "cli.opt.deadline.sampai": "New deadline: YYYY-MM-DD (the end of that day, local time) or 'YYYY-MM-DD HH:MM'.",
    "cli.opt.deadline.alasan": "Reason of the extension (required with --sampai).",
    "cli.cmd.reopen": "Reopen a closed period (as long as its results are not published).",
    "cli.opt.reopen.alasan": "Reason for reopening (recorded in the audit log).",
    "cli.opt.reopen.sampai": "New deadline (required when the old one has passed).",
    "cli.cmd.add-rater": "Add one rater (NIP_PENILAI rates NIP_DINILAI; NIPs may carry dots/spaces), e.g. a late rater.",
    "cli.opt.add-rater.hubungan": ("Relationship of the rater to the person rated: rekan (peer), bawahan (direct "
                                   "report), atasan (supervisor), diri (self)."),
    "cli.opt.add-rater.alasan": "Reason of the addition (recorded in the audit log).",
    "cli.opt.add-rater.max-peers": "Limit of peers per employee rated.",
    "cli.opt.add-rater.max-load": "Limit of forms per rater.",
    "cli.opt.add-rater.base-url": "Address of the rater app for a new link.",
    "cli.cmd.replace-rater": "Replace rater NIP_LAMA with NIP_BARU for employee NIP_DINILAI (e.g. after a transfer).",
    "cli.opt.replace-rater.pertahankan-jawaban": ("The old rater's submitted answers: kept (still counted) or "
                                                  "deleted."),
    "cli.opt.replace-rater.alasan": "Reason of the replacement, e.g. a transfer (recorded in the audit log).",
    "cli.opt.replace-rater.ya": "Do not ask.",
    "cli.opt.replace-rater.base-url": "Address of the rater app for a new link.",
    "cli.cmd.remove-rater": "Remove the form of NIP_PENILAI for NIP_DINILAI with its answers.",
    "cli.opt.remove-rater.alasan": "Reason of the removal (recorded in the audit log).",
    "cli.opt.remove-rater.ya": "Do not ask.",
    "cli.cmd.revoke-link": "Revoke one rater's link without issuing a new one (ekspor-tautan issues new links).",
    "cli.opt.revoke-link.ya": "Do not ask.",
    "cli.cmd.review": ("Review the rater list before the period opens: each employee's raters per group, and a "
                       "warning\nwhen a group is under its anonymity threshold (that group will not be "
                       "shown).\nReplace/remove raters with ganti-penilai/hapus-penilai; the list is locked once the "
                       "period opens."),
    "cli.opt.review.out": "Write the whole table to this CSV.",
    "cli.opt.review.semua": "Show every employee, not only those with a warning.",
    "cli.cmd.remind": ("Send invitations and reminders to the raters who have not finished.\n\nPolicy: a first "
                       "invitation, then a reminder every --setiap days, at most --maks-pengingat; different\ntexts for those "
                       "not started and those with drafts; stops as soon as every form is submitted or\nthe deadline "
                       "passes.  Every message is recorded in the outbox before it is sent, so none is\nsent twice.  "
                       "SMTP login from $KINERJA_SURVEY_SMTP_USER and $KINERJA_SURVEY_SMTP_PASSWORD\n(never shown or "
                       "recorded)."),
    "cli.opt.remind.saluran": ("email: sent over SMTP; whatsapp: a CSV of click-to-chat links (wa.me) for staff to "
                               "send."),
    "cli.opt.remind.setiap": "A reminder every N days.",
    "cli.opt.remind.maks": "At most this many reminders (besides the invitation).",
    "cli.opt.remind.tanpa-undangan": "The first invitation was sent another way.",
    "cli.opt.remind.dry-run": "Show the messages that are due; send nothing, record nothing.",
    "cli.opt.remind.out": "WhatsApp: the CSV to write (name, number, wa.me link).  E-mail: a CSV of the results.",
    "cli.opt.remind.smtp-host": "SMTP server (default: $KINERJA_SURVEY_SMTP_HOST).",
    "cli.opt.remind.smtp-port": "SMTP port (default: $KINERJA_SURVEY_SMTP_PORT, then 587).",
    "cli.opt.remind.starttls": "STARTTLS (default: $KINERJA_SURVEY_SMTP_STARTTLS, then yes).",
    "cli.opt.remind.from": "Sender address (default: $KINERJA_SURVEY_SMTP_FROM).",
    "cli.opt.remind.base-url": "Address of the rater app for the links.",
    "cli.cmd.import-hasil-kerja": ("Import hasil kerja ratings from an e-Kinerja/SIASN export (CSV/XLSX: columns NIP "
                                   "and rating).\n\nAll or nothing: every bad row (unknown NIP, NIP not rated in "
                                   "this period, unknown label, NIP\ngiven twice) is named and nothing is saved.  A "
                                   "re-import that changes stored ratings shows\nthe changes and asks for "
                                   "confirmation."),
    "cli.opt.import-hasil-kerja.sheet": "Sheet name or number of an XLSX file.",
    "cli.opt.import-hasil-kerja.ya": "Save changes to existing ratings without asking.",
    "cli.cmd.org-predikat": ("Set (or show) the organisation's performance predikat: Istimewa, Baik, Butuh "
                             "Perbaikan,\nKurang, Sangat Kurang.  It sets the distribution curve of the employees' "
                             "predikat."),
    "cli.opt.org-predikat.unit": "Work unit (full path); without it: the whole organisation.",
    "cli.cmd.outbox": "The outbox: invitations and reminders sent or prepared, when, by whom.",
    "cli.cmd.calibrate": ("Calibration: the quadrant hasil kerja x behaviour, the distribution against the curve, "
                          "the\nsupervisors' leniency/severity, raw and fair scores; with --nip --predikat --alasan: "
                          "decide one employee's predikat."),
    "cli.opt.calibrate.nip": "NIP of the employee whose predikat is decided.",
    "cli.opt.calibrate.predikat": "The predikat decided (Sangat Baik ... Sangat Kurang).",
    "cli.opt.calibrate.alasan": "Reason of the change (required, at least 10 characters).",
    "cli.opt.calibrate.unit": "Limit the view to one work unit.",
    "cli.opt.calibrate.nama": "Show names (default: meeting mode, NIPs pseudonymised).",
    "cli.cmd.publish": ("Publish the results of a closed, calibrated period: the results are frozen (version "
                        "1);\nlater changes only through a keberatan decision.  Employees open their own results "
                        "with\ntheir personal link."),
    "cli.opt.publish.keberatan-hari": "Time to file a keberatan (working days).",
    "cli.opt.publish.keputusan-hari": "Time to decide a keberatan (working days).",
    "cli.opt.publish.catatan": "Note of the publication.",
    "cli.opt.publish.ya": "Publish without asking.",
    "cli.cmd.berita-acara": ("The record of the calibration (PDF or XLSX): who, when, every predikat change with "
                             "its\nreason, and the distribution before and after."),
    "cli.opt.berita-acara.out": "A .pdf or .xlsx file.",
    "cli.opt.berita-acara.peserta": "Participant of the calibration meeting (may repeat).",
    "cli.opt.berita-acara.tempat": "Place of the meeting.",
    "cli.cmd.keberatan": ("Record an employee's keberatan against their predikat (HR on the employee's behalf; "
                          "employees\nthemselves use their personal link).  Refused after the time in working days."),
    "cli.opt.keberatan.alasan": "Reason of the keberatan (at least 10 characters).",
    "cli.opt.keberatan.tanggal": "Date the keberatan was received (YYYY-MM-DD; default: today).",
    "cli.cmd.keberatan-tanggapan": ("Record the Pejabat Penilai's response to a keberatan (HR on the Pejabat "
                                    "Penilai's behalf)."),
    "cli.opt.keberatan-tanggapan.tanggapan": "The Pejabat Penilai's response.",
    "cli.cmd.keberatan-putusan": ("Record the decision of the Pejabat Penilai's superior on a keberatan (HR on their "
                                  "behalf): a new results version."),
    "cli.opt.keberatan-putusan.keputusan": "tetap: the predikat is confirmed; ubah: the predikat is changed.",
    "cli.opt.keberatan-putusan.predikat": "The new predikat (for the decision 'ubah').",
    "cli.opt.keberatan-putusan.alasan": "Reason of the decision.",
    "cli.cmd.keberatan-status": "The keberatan with their step, decision deadline and lateness.",
    "cli.cmd.tren": ("Trends across periods (linked by NIP): every employee's score per competency per period; "
                     "a\nchange is called naik/turun (up/down) only beyond measurement error (the reliable "
                     "change\nindex); and unit means."),
    "cli.opt.tren.out": "Excel workbook to write (.xlsx).",
    "cli.opt.tren.periode": "Period number (may repeat); default every closed period.",
    "cli.opt.tren.jenis": "Only periods of this kind (told from their dates).",
    "cli.opt.tren.z": "Critical value of the reliable change index.",
    "cli.opt.tren.min-unit": "Units with fewer employees rated than this are suppressed.",
    "cli.opt.tren.meeting": "Meeting mode: every NIP pseudonymised and names removed.",
    "cli.cmd.talenta": ("The talent pool for promotion and leadership programmes: employees with predikat Sangat "
                        "Baik\nor Diatas Ekspektasi N periods in a row, with their fair scores and reliability, and "
                        "the\ncounts per quadrant per period."),
    "cli.opt.talenta.out": "Excel workbook to write (.xlsx).",
    "cli.opt.talenta.berturut": ("Number of periods in a row (ending with the newest) with predikat Sangat Baik / "
                                 "Diatas Ekspektasi."),
    "cli.opt.talenta.periode": "Period number (may repeat); default every closed period.",
    "cli.opt.talenta.min-unit": "Units with fewer employees rated than this are suppressed.",
    "cli.opt.talenta.meeting": "Meeting mode: NIPs pseudonymised, names removed, small units emptied.",
    "cli.cmd.pemangku-kepentingan": ("Add stakeholder raters (other agencies, the public served) from a CSV/XLSX "
                                     "with the columns\nnip (the employee rated), nama, kontak (e-mail or phone) and "
                                     "instansi (optional); each gets\ntheir own link.  With any bad row, every bad "
                                     "row is named and nothing is added."),
    "cli.opt.pemangku-kepentingan.links": ("CSV file for their personal links (written once; the database keeps only "
                                           "their fingerprint)."),
    "cli.opt.pemangku-kepentingan.base-url": "Address of the rater app for the links.",
    "cli.cmd.dialog-links": ("Performance dialogue after the results are published: a link for every supervisor (to "
                             "record the\ndialogue and the development plan) and for every employee (to read it and "
                             "acknowledge it)."),
    "cli.opt.dialog-links.out": "CSV file for the supervisors' and employees' dialogue links (written once).",
    "cli.opt.dialog-links.base-url": ("Address of the rater app that opens the dialogue (default: "
                                      "$KINERJA_SURVEY_RATER_URL)."),
    "cli.cmd.kebutuhan-pelatihan": ("Training needs from the development plans: actions per unit, competency and "
                                    "kind."),
    "cli.opt.kebutuhan-pelatihan.out": "Excel workbook to write (.xlsx).",
    "cli.opt.kebutuhan-pelatihan.meeting": "Meeting mode: unit tables only, small units suppressed.",
    "cli.cmd.impor-saran": ("Replace the library of development suggestions with HR's YAML file\n(competency code: "
                            "list of suggestions); checked first, unchanged when anything is wrong."),
    "cli.cmd.umpan-balik": ("Feedback notes during the period: their counts per unit and BerAKHLAK value (HR sees "
                            "counts\nonly, never a text).  Supervisors write notes through their rating link; peers "
                            "only when\nallowed with --rekan ya."),
    "cli.opt.umpan-balik.rekan": "Allow (ya) or stop (tidak) peers writing feedback notes.",
    "cli.help": ("The kinerja-survey command line: running 360-degree work behaviour reviews.\n\n\b\nOne period "
                 "from start to end (sample roster: data/contoh-roster.csv):\n  kinerja-survey siapkan\n  "
                 'kinerja-survey impor-roster data/contoh-roster.csv\n  kinerja-survey buat-periode "Penilaian '
                 'Perilaku 2026" --mulai 2026-01-01 --selesai 2026-12-31\n  kinerja-survey tetapkan-penilai 1 --benih 2026 --tautan '
                 "tautan.csv\n  kinerja-survey daftar-penilai 1\n  kinerja-survey buka 1\n  kinerja-survey ingatkan 1 "
                 "--saluran email --pratinjau\n  kinerja-survey status 1\n  kinerja-survey tutup 1\n\n\b\nDatabase: "
                 "--db (a SQLite file or a URL), then $KINERJA_SURVEY_DB, then data/kinerja.sqlite.\nEvery change is "
                 "recorded in the audit log under the operating-system login that ran it, with\n--petugas (or "
                 "$KINERJA_SURVEY_ACTOR) in front: \"Budi (os: kinerja)\".\nDestructive steps (deactivating employees, adding\nforms to a running "
                 "period, replacing/removing raters, revoking links) show a preview and ask for\nconfirmation; --ya "
                 "skips the question.  Texts in English: --bahasa en (or KINERJA_SURVEY_LANG=en).\n"),
    "cli.opt.main.lang": "Language of the texts: id (default) or en; also $KINERJA_SURVEY_LANG.",
    "cli.help_option": "Show this help and exit.",
    "cli.options_metavar": "[OPTIONS]",
    "cli.subcommand_metavar": "COMMAND [ARGS]...",
    "cli.usage": "Usage: ",
    "cli.default_mark": "[default: ",
    "cli.required_tail": "; required]",
    "cli.required_mark": "[required]",
    "cli.options": "Options",
    "cli.commands": "Commands",
    "cli.actor_needed": "Say who is acting: --petugas NAME (or KINERJA_SURVEY_ACTOR).",
    "cli.go_on": "Go on?",
    "cli.renamed": "Note: '{old}' is now called '{new}'; the old name stops working in the next release.",
    "cli.unexpected": ("An unexpected error occurred; the details are logged in {path}. Send that file to the "
                       "application's administrator."),
    "cli.unexpected_no_log": ("An unexpected error occurred (its details could not be logged). Contact the "
                              "application's administrator."),
    "cli.bad_date": "Date {value!r} cannot be read; write YYYY-MM-DD, e.g. 2026-12-31.",
    "cli.nip_blank": "The NIP is blank; write the 18 digits of the NIP, e.g. 19780920 200409 2 001.",
    "cli.path_missing": "file {path} does not exist.",
    "cli.folder_missing": "folder {path} does not exist.",
    "cli.path_is_folder": "{path} is a folder, not a file.",
    "cli.path_is_file": "{path} is a file, not a folder.",
    "cli.bad_peers": "--rekan MIN MAX: two numbers with 0 <= MIN <= MAX, e.g. --rekan 3 5.",
    "cli.bad_route": "--rute may contain only letters, digits, '-' or '_'.",
    "cli.bad_user_header": "--header-pengguna must be an HTTP header name: letters, digits or '-' (e.g. X-Remote-User).",
    "cli.at_least": "must be at least {n}.",
    "cli.try_help": "Help: '{command}'.",
    "cli.usage_error": "Error: {message}",
    "cli.no_such_option": "No such option: {option}.",
    "cli.did_you_mean": "Did you mean: {options}?",
    "cli.missing_value": "{what} is required.",
    "cli.choose_one": "{what} must be one of: {choices}.",
    "cli.bad_value": "Invalid value for {what}: {message}",
    "cli.no_such_command": "No such command '{name}' (the list: kinerja-survey --help).",
    "cli.more_than": "must be more than {n}.",
    "cli.cancelled": "Cancelled; nothing was changed (use --ya to agree without being asked).",
    "cli.links_exist": "{path} exists; links are not overwritten (choose another file name).",
    "cli.db_ready": "Database ready: {url} (schema version {version})",
    "cli.deactivate": ("{n} employees are not in {file} and will be DEACTIVATED ({forms} of their forms in running "
                       "periods):"),
    "cli.roster_imported": ("Roster imported: {added} new, {updated} updated, {deactivated} deactivated, {units} "
                            "units."),
    "cli.next_needs_links": "--dari-periode makes new assignments and links: give --tautan FILE.csv",
    "cli.next_created": ("Period {id} created from period {previous}: {name} ({start} to {end}, {kind}); {counts}; "
                         "{n} links written to {path}."),
    "cli.start_end_required": "--mulai and --selesai are required (unless --dari-periode).",
    "cli.cycle_created": "Period {id} created: {name} ({start} to {end}), instrument {code}, {n} items.",
    "cli.no_declines": "No form was declined.",
    "cli.declines": "{n} forms declined:",
    "cli.decline_line": "- {rater} ({rater_nip}) does not rate {ratee} ({ratee_nip}), {rel}: {reason}",
    "cli.na_raters": "Raters who answered 'Cannot assess': {n}",
    "cli.na_most": " (at most {n} items)",
    "cli.skipped": "{n} drawn forms were not added because they exceed a limit:",
    "cli.running_add": "Period {id} is running: {n} forms will be added:",
    "cli.assigned": "Assignments added: {counts}",
    "cli.links_written": "{n} new links written to {path}.",
    "cli.no_new_links": "No new links.",
    "cli.shortfalls": "Note: {n} employees got fewer than {min} peers (see 'kinerja-survey daftar-penilai {id}').",
    "cli.opened": "Period {id} opened.",
    "cli.closed": "Period {id} closed.",
    "cli.no_cycles": "No period yet.",
    "cli.status_line": "Period {id}: {name} [{status}] — {submitted}/{invited} forms submitted ({rate})",
    "cli.results_line": ("Results: {status}; without a hasil kerja rating: {n} employees; organisation predikat: "
                         "{org}."),
    "cli.demo_exists": "{path} exists; use --timpa to make the demo again.",
    "cli.demo_ready": "Demo ready at {url}: {n} employees, period {id}, {submitted}/{invited} forms submitted.",
    "cli.demo_links": "All demo links: {path}",
    "account.demo_operator": "HR operator (demo)",
    "account.demo_tim": "Chair of the Tim Penilai Kinerja (demo)",
    "account.demo_pimpinan": "Leader (demo)",
    "account.demo_analis": "Analyst (demo)",
    "cli.demo_accounts": "Demo accounts (operator, tim, pimpinan, analis) and their passwords: {path}",
    "cli.serve_starting": "Starting the rater and admin apps (Voila); logs in {path}/ ...",
    "cli.serve_rater": "Rater app        : {url}?token=<personal token>",
    "cli.serve_admin": "Admin app        : {url}   (from this computer only)",
    "cli.serve_results": "Results dashboard: {url}   (from this computer only)",
    "cli.serve_calibration": "Calibration      : {url}   (from this computer only)",
    "cli.serve_private_file": ("The admin addresses (with the secret) are written to {path} (readable by its owner "
                               "only)."),
    "cli.serve_demo": "Sample rater links (demo):",
    "cli.serve_demo_pending": "not started",
    "cli.serve_demo_draft": "draft",
    "cli.serve_demo_submitted": "submitted",
    "cli.serve_running": "Add &lang=en for English.  Press Ctrl-C to stop.",
    "cli.serve_one_stopped": "One of the servers stopped by itself; stopping the others.",
    "cli.serve_stopping": "Stopping the servers...",
    "cli.nip_or_unit": "Choose exactly one: --nip NIP or --unit UNIT.",
    "cli.reports_written": "{n} reports written to {path}.",
    "cli.out_xlsx": "--keluaran must be an .xlsx file",
    "cli.fairness_written": "{n} fairness tables written to {path}",
    "cli.meeting": " (meeting mode).",
    "cli.tables_written": "{n} tables written to {path}.",
    "cli.tables_fmt_written": "{n} tables ({fmt}) written to {path}.",
    "cli.deadline_extended": "The deadline of period {id} is extended.",
    "cli.reopened": "Period {id} is reopened.",
    "cli.new_link": "The rater's new link (send it to them): {link}",
    "cli.link_has_form": "The rater has a link already; the new form shows on that link.",
    "cli.replaced_kept": "Rater replaced; the old rater's answers are kept.",
    "cli.replaced_deleted": "Rater replaced; the old rater's answers are deleted ({n} answers).",
    "cli.new_link_replacement": "The new rater's link (send it to them): {link}",
    "cli.removed": "Form removed ({n} answers removed with it).",
    "cli.revoked": "Link revoked.",
    "cli.review_counts": "{n} employees rated; {warned} with an anonymity-threshold warning.",
    "cli.review_locked": ("The period is open: the rater list is locked (changes only through "
                          "ganti-penilai/hapus-penilai with confirmation)."),
    "cli.table_written": "The whole table is written to {path}.",
    "cli.nothing_due": "No message is due.",
    "cli.remind_preview": "Preview: {n} messages would be sent; nothing was sent.",
    "cli.sample_message": "Sample message:",
    "cli.remind_sent": "{sent} e-mails sent, {failed} failed.",
    "cli.list_written": "The list is written to {path}.",
    "cli.hk_will_change": "{n} stored hasil kerja ratings will change:",
    "cli.save_changes": "Save these changes?",
    "cli.nothing_saved": "Nothing was saved.",
    "cli.hk_saved": ("Hasil kerja saved: {new} new, {changed} changed, {same} unchanged. Without hasil kerja: "
                     "{missing} employees."),
    "cli.org_set": "Organisation predikat of period {id}: {label}.",
    "cli.org_set_unit": "Organisation predikat of period {id}, unit {unit}: {label}.",
    "cli.org_not_set": "The organisation predikat is not set.",
    "cli.col.at": "Time",
    "cli.no_messages": "No messages yet.",
    "cli.calibrate_needs": "A change needs --nip, --predikat and --alasan together.",
    "cli.predikat_decided": "Predikat of {nip} decided: {label}.",
    "cli.org_default": " (not set: default)",
    "cli.calibrate_head": "Organisation predikat: {org}{note}.  Results status: {status}.",
    "cli.kuadran": "Quadrant (rows: hasil kerja rating, columns: work behaviour rating):",
    "cli.distribution": "Distribution of predikat (proposed, decided):",
    "cli.curve_ok": "The distribution curve is met.",
    "cli.curve_bad": "Breaches of the distribution curve:",
    "cli.supervisors": "Supervisors (leniency/severity of their ratings):",
    "cli.changes": "Predikat changes:",
    "cli.publish_confirm": "Publish period {id}? The results can then change only through a keberatan.",
    "cli.not_published": "Not published.",
    "cli.published": "Period {id} published (version {version}). Keberatan may be filed until {deadline}.",
    "cli.out_pdf_xlsx": "--keluaran must be a .pdf or .xlsx file",
    "cli.ba_written": "The record is written to {path} ({n} predikat changes).",
    "cli.for_employee": "{actor} (for the employee)",
    "cli.keberatan_filed": "Keberatan {id} is recorded.",
    "cli.trends_written": "Trends written to {path}",
    "cli.talent_written": "Talent pool written to {path}",
    "cli.stakeholders_added": "{n} stakeholders added; links written to {path}.",
    "cli.dialogs_made": "{n} dialogues made; links written to {path}.",
    "cli.no_new_dialogs": "No new dialogues.",
    "cli.training_written": "Training needs written to {path}.",
    "cli.suggestions_replaced": "Suggestions library replaced: {n} competencies, {tips} suggestions.",
    "cli.peers_allowed": "Peers may write feedback notes.",
    "cli.peers_stopped": "Peers may no longer write feedback notes.",
    "cli.no_feedback": "No feedback notes in this period yet.",
    "cli.col.by_supervisor": "By supervisors",
    "cli.col.by_peer": "By peers",
    "cli.opt.assign.rekan-lintas-unit": "Allow peers from other units at the same level when one's own unit is too small.",
    "cli.cmd.backup": "Back up the whole database into one file (with a manifest and a checksum).",
    "cli.cmd.restore": "Restore the backup BERKAS into a new database (--db); replaces one only with --ganti.",
    "cli.cmd.personal-data": "Export everything held about one employee (right of access, UU 27/2022).",
    "cli.cmd.correct": "Correct one employee's personal data (recorded in the audit log).",
    "cli.cmd.retention": "Pseudonymise the personal data of closed periods older than the retention period.",
    "cli.cmd.export-log": "Show the export log: who exported what, when, for how many people.",
    "cli.opt.backup.out": "The backup file written (must not exist yet).",
    "cli.opt.restore.replace": "Replace a database that holds data (asks for confirmation).",
    "cli.opt.personal-data.out": "The .xlsx file written.",
    "cli.opt.correct.field": "The field corrected.",
    "cli.opt.correct.value": "The correct value.",
    "cli.opt.correct.reason": "The reason for the correction (e.g. the employee's request, a new decree).",
    "cli.opt.retention.until": "Periods ending before this date (YYYY-MM-DD).",
    "cli.opt.retention.years": "Store the agency's retention period (years) and stop.",
    "cli.backup_done": ("Backup written to {path}: schema version {version}, {rows} rows in {tables} tables, sha256 "
                        "{sha}."),
    "cli.restore_preview": ("The backup {path} (made {at}, schema version {version}, {rows} rows) will REPLACE the "
                            "whole content of the database {target}. Stop the apps using it first."),
    "cli.restore_done": ("Backup {path} restored into {target}: {rows} rows in {tables} tables, counts match the "
                         "manifest."),
    "cli.upgraded": "Database upgraded from schema version {old}; backup taken before the upgrade: {path}",
    "cli.last_backup": "Last backup: {at} ({hours} hours ago) to {path}",
    "cli.last_backup_none": "Last backup: none made with 'kinerja-survey cadangkan' yet.",
    "cli.personal_data_done": "Personal data of NIP {nip} written to {path} ({sheets} sheets).",
    "cli.corrected": "Field {field} of NIP {nip} corrected; recorded in the audit log.",
    "cli.retention_done": "Retention done: {n} periods, {people} people pseudonymised; recorded in the audit log.",
    "cli.retention_years_set": "Agency retention period: {years} years.",
    "cli.export_log_empty": "The export log is empty.",
    "cli.col.what": "What",
    "cli.col.target": "To",
    "cli.col.people": "People",
    "cli.cmd.ekspor-anonim": ("Write a cycle's anonymised national file (Parquet): only displayable answers, NIPs "
                              "pseudonymised with the agency's key."),
    "cli.cmd.analisis-gabungan": ("Pool the national files in FOLDER and write the cross-agency workbook "
                                  "(reliability, rater severity, group differences, curve, predikat)."),
    "cli.opt.ekspor-anonim.out": "Target .parquet file.",
    "cli.opt.ekspor-anonim.instansi": "Agency code.",
    "cli.opt.ekspor-anonim.predikat-organisasi": "Organisation predikat (for the distribution curve).",
    "cli.opt.analisis-gabungan.out": "Target .xlsx workbook.",
    "cli.opt.analisis-gabungan.memori": "DuckDB memory limit (e.g. 4GB).",
    "cli.opt.analisis-gabungan.min-pegawai": "Groups with fewer ratees are not shown.",
    "cli.cmd.alamat-publik": "The rater app's public address, the base of every link (assignments, reminders, dialogs, stakeholders): set it once per installation; without URL: show the address in force.",
    "cli.opt.alamat-publik.periode": "Set an address for period N only (it overrides the installation's address for that period).",
    "cli.opt.warned.ya": "Do not ask: go on despite a warning (e.g. the deadline has not passed, the period's dates do not fit today).",
    "cli.opt.remind.ulang": "Prepare again the WhatsApp messages recorded as prepared but not confirmed sent, with the address in force now (e.g. after links with a wrong address).",
    "cli.address_set": "The installation's public address is set: {url}",
    "cli.address_set_cycle": "The public address of period {id} is set: {url}",
    "cli.address_is_loopback": "Note: this address opens on this computer only; real reminders will be refused.",
    "cli.address_line": "Links go to: {url} ({source})",
    "cli.address_from_cycle": "this period's own address",
    "cli.address_from_installation": "the installation's public address",
    "cli.address_from_env": "from KINERJA_SURVEY_RATER_URL; set it with: kinerja-survey alamat-publik URL",
    "cli.address_from_default": "the default, for this computer only; set it with: kinerja-survey alamat-publik URL",
    "cli.again_whatsapp_only": "--ulang is for --saluran whatsapp only (an e-mail sent cannot be taken back).",
    "cli.nothing_prepared": "No WhatsApp message is recorded as prepared and still to be sent.",
    "cli.again_hint": "{n} WhatsApp messages of period {id} are recorded as prepared but not confirmed sent. If their links are wrong, prepare them again: kinerja-survey ingatkan {id} --saluran whatsapp --ulang",
    "cli.links_to": "The links in the messages go to: {url}",
    # accounts of the private apps (issue 22): kinerja-survey akun, and the login pages
    "cli.cmd.akun": ("Manage the accounts of the admin app, calibration view and dashboard: create, list, disable, "
                     "enable, reset a password, change roles."),
    "cli.cmd.akun-buat": ("Create account NAMA with roles (operator, tim, pimpinan, analis). The password is typed "
                          "twice without being shown, or read from stdin with --sandi-stdin; never an argument."),
    "cli.cmd.akun-daftar": "List every account: roles, active or not, when and by whom it was created.",
    "cli.cmd.akun-nonaktifkan": "Disable account NAMA: it can no longer log in (it is not deleted).",
    "cli.cmd.akun-aktifkan": "Enable the disabled account NAMA again.",
    "cli.cmd.akun-sandi": "Reset the password of account NAMA (typed twice, or from stdin).",
    "cli.cmd.akun-peran": "Replace the roles of account NAMA.",
    "cli.opt.akun.peran": "The account's role; repeat for several roles.",
    "cli.opt.akun.peran-baru": "The account's new roles (replacing the old ones); may be repeated.",
    "cli.opt.akun.nama-tampilan": "Full name of the account holder, shown in the apps.",
    "cli.opt.akun.sandi-stdin": "Read the new account's password from the first line of stdin (for scripts).",
    "cli.opt.akun.sandi-stdin-reset": "Read the replacement password from the first line of stdin (for scripts).",
    "cli.opt.akun.ya": "Do not ask: disable without confirmation.",
    "cli.opt.akun.ya-peran": "Do not ask: replace the roles without confirmation.",
    "account.password_prompt": "Password",
    "account.password_again": "Repeat the password",
    "account.password_mismatch": "The two passwords differ; the account was not changed.",
    "account.created": "Account {username} created (roles: {roles}).",
    "account.none": "No account yet. Create the first with 'kinerja-survey akun buat NAMA --peran operator'.",
    "account.disable_preview": "Account {username} (roles: {roles}) will be disabled and can no longer log in.",
    "account.disabled": "Account {username} disabled.",
    "account.already_disabled": "Account {username} was already disabled.",
    "account.enabled": "Account {username} enabled again.",
    "account.already_enabled": "Account {username} was already active.",
    "account.password_set": "The password of account {username} was replaced.",
    "account.roles_set": "Roles of account {username} now: {roles}.",
    "account.roles_preview": ("Roles of account {username} replaced: {old} becomes {new}. Apps outside the new "
                              "roles can no longer be opened by this account."),
    "account.h_username": "Account",
    "account.h_display_name": "Display name",
    "account.h_roles": "Roles",
    "account.h_active": "Active",
    "account.h_created_by": "Created by",
    "account.h_disabled_at": "Disabled",
    "account.wrong_role": ("Account {username} (roles: {roles}) may not open this app. Ask the HR operator to add "
                           "the right role."),
    "account.login_title": "Log in to the app",
    "account.login_intro": ("Log in with your account. Before any account exists, leave the account name empty and "
                            "give the admin secret as the password to create the first operator account."),
    "account.login_submit": "Log in",
    "account.logged_in_as": "Logged in as",
    "account.login_failed": "Wrong account name or password, or the account is disabled.",
    "account.secret_retired": "The admin secret only creates the first account, and an account exists. Log in with your account.",
    "account.setup_title": "Create the first operator account",
    "account.setup_intro": ("There is no account yet. Create the first HR operator account; after that the admin "
                            "secret no longer logs in. Password at least {min} characters."),
    "account.setup_submit": "Create the account and log in",
    "account.setup_denied": "This page is for the first installation only, opened with the admin secret.",
    "account.setup_elsewhere": ("There is no account yet. Create the first operator account in the admin app (with the "
                                "admin secret) or with 'kinerja-survey akun buat'."),
    "account.page_refused": "Your account may not open this app. Ask the HR operator to add the right role.",
}
