"""The employee's own page (apps/employee.py): published results (``emp_*``) and keberatan against the predikat (``keb_*``, issue 12)."""

ID = {
    "emp_title": "Hasil penilaian saya",
    "emp_version": "Hasil yang diumumkan, versi {n}.",
    "emp_pdf": "Unduh laporan (PDF)",
    "emp_no_results": "Anda tidak memiliki hasil penilaian pada periode ini.",
    "keb_title": "Keberatan atas predikat kinerja",
    "keb_intro": ("Bila Anda tidak setuju dengan predikat kinerja Anda, ajukan keberatan dengan alasannya paling "
                  "lambat {time}. Keberatan diputuskan oleh atasan Pejabat Penilai Kinerja Anda."),
    "keb_reason_placeholder": "Alasan keberatan (minimal 10 karakter)",
    "keb_file": "Ajukan keberatan",
    "keb_filed": "Keberatan Anda sudah tercatat.",
    "keb_status_diajukan": ("Keberatan Anda sudah diajukan dan menunggu tanggapan Pejabat Penilai; keputusan paling "
                            "lambat {time}."),
    "keb_status_dijelaskan": ("Pejabat Penilai sudah memberi tanggapan; keberatan Anda menunggu keputusan atasan "
                              "Pejabat Penilai (paling lambat {time})."),
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
    "keb_no_predikat": ("Predikat kinerja Anda belum tersedia pada hasil yang diumumkan: {why}. Karena itu tidak ada "
                        "predikat yang dapat diajukan keberatan; hubungi pengelola kepegawaian (HR)."),
}

EN = {
    "emp_title": "My results",
    "emp_version": "Published results, version {n}.",
    "emp_pdf": "Download report (PDF)",
    "emp_no_results": "You have no results in this period.",
    "keb_title": "Objection to the performance predikat",
    "keb_intro": ("If you disagree with your performance predikat, file an objection with your reasons by "
                  "{time}. It is decided by the superior of your Pejabat Penilai Kinerja."),
    "keb_reason_placeholder": "Reason for the objection (at least 10 characters)",
    "keb_file": "File objection",
    "keb_filed": "Your objection has been recorded.",
    "keb_status_diajukan": ("Your objection was filed and awaits the Pejabat Penilai's explanation; decision by "
                            "{time}."),
    "keb_status_dijelaskan": ("The Pejabat Penilai has explained; your objection awaits the decision of their "
                              "superior (by {time})."),
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
    "keb_no_predikat": ("Your performance predikat is not available in the published results: {why}. There is "
                        "therefore no predikat to object to; contact HR."),
}
