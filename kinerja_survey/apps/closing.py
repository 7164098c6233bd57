"""The admin app's "Penutupan" tab: hasil kerja import, organisation predikat, publication and
keberatan (HR's status table, acting on an official's behalf).

``ClosingTab(admin)`` draws ``kinerja_survey.cycle`` use cases for the period selected in the
admin app; every action reports its outcome in the tab's message line and is audited with
``admin.actor``.  The widgets are attributes so tests can drive the tab from code.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .. import cycle as uc
from ..collect.hasil_kerja import HasilKerjaError
from ..store import StoreError
from ..vocab import PREDIKAT_LABELS

ORG_CHOICES = ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
_HEADERS = {"baris": "Baris", "nip": "NIP", "nama": "Nama", "lama": "Rating lama", "baru": "Rating baru",
            "perubahan": "Perubahan", "row": "Baris", "field": "Kolom", "message": "Masalah", "unit_kerja": "Unit kerja",
            "id": "No.", "predikat_awal": "Predikat semula", "status": "Status", "tahap": "Tahap",
            "batas_keputusan": "Batas keputusan", "terlambat": "Terlambat", "penilai_nama": "Pejabat Penilai",
            "atasan_penilai_nama": "Atasan Pejabat Penilai", "keputusan": "Keputusan",
            "predikat_akhir": "Predikat akhir", "versi": "Versi"}


def _table(frame: pd.DataFrame) -> str:
    out = frame.rename(columns=_HEADERS)
    return ("<div class='ks-table-wrap'>" + out.to_html(index=False, escape=True, border=0, classes="ks-table")
            + "</div>")


class ClosingTab:
    """Closing a cycle from the admin app (see the module docstring)."""

    def __init__(self, admin):
        self.admin = admin
        L = widgets.Layout
        self.last_plan: uc.HasilKerjaImport | None = None
        # hasil kerja
        self.hk_upload = widgets.FileUpload(accept=".csv,.xlsx,.xls", multiple=False,
                                            description="Unggah hasil kerja", layout=L(width="auto"))
        self.hk_check = widgets.Button(description="Periksa", layout=L(width="auto"))
        self.hk_confirm = widgets.Checkbox(description="Saya setuju mengubah rating yang sudah tersimpan", indent=False,
                                           layout=L(width="auto"))
        self.hk_import = widgets.Button(description="Simpan hasil kerja", button_style="primary", layout=L(width="auto"))
        self.hk_message, self.hk_report, self.hk_missing = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.hk_check.on_click(lambda _b: self.check_hasil_kerja())
        self.hk_import.on_click(lambda _b: self.import_hasil_kerja())
        # organisation predikat
        self.org_select = widgets.Dropdown(options=ORG_CHOICES, value="Baik", description="Predikat organisasi",
                                           style={"description_width": "150px"}, layout=L(width="360px"))
        self.org_unit = widgets.Text(description="Unit (opsional)", placeholder="kosong = seluruh organisasi",
                                     style={"description_width": "150px"}, layout=L(width="520px"))
        self.org_save = widgets.Button(description="Simpan predikat organisasi", layout=L(width="auto"))
        self.org_message = widgets.HTML()
        self.org_save.on_click(lambda _b: self.save_org_predikat())
        # publication
        self.pub_days = widgets.BoundedIntText(14, min=1, max=90, description="Keberatan (hari kerja)",
                                               style={"description_width": "180px"})
        self.pub_decision_days = widgets.BoundedIntText(7, min=1, max=90, description="Keputusan (hari kerja)",
                                                        style={"description_width": "180px"})
        self.pub_confirm = widgets.Checkbox(description="Hasil dibekukan; perubahan sesudahnya hanya melalui keberatan",
                                            indent=False, layout=L(width="auto"))
        self.pub_button = widgets.Button(description="Umumkan hasil", button_style="danger", layout=L(width="auto"))
        self.pub_message = widgets.HTML()
        self.pub_button.on_click(lambda _b: self.publish())
        # keberatan
        self.keb_table = widgets.HTML()
        self.keb_id = widgets.BoundedIntText(1, min=1, max=10**9, description="No. keberatan")
        self.keb_text = widgets.Textarea(placeholder="Tanggapan atau alasan keputusan", layout=L(width="520px"))
        self.keb_decision = widgets.Dropdown(options=[("Predikat tetap", "tetap")]
                                             + [(f"Ubah menjadi {p}", p) for p in PREDIKAT_LABELS],
                                             description="Keputusan")
        self.keb_explain = widgets.Button(description="Catat tanggapan (atas nama Pejabat Penilai)",
                                          layout=L(width="auto"))
        self.keb_decide = widgets.Button(description="Catat keputusan (atas nama atasan Pejabat Penilai)",
                                         layout=L(width="auto"))
        self.keb_message = widgets.HTML()
        self.keb_explain.on_click(lambda _b: self.explain_on_behalf())
        self.keb_decide.on_click(lambda _b: self.decide_on_behalf())
        self.widget = widgets.VBox([
            widgets.HTML("<h3>1. Rating hasil kerja (ekspor e-Kinerja/SIASN)</h3>"), self.hk_missing,
            widgets.HBox([self.hk_upload, self.hk_check, self.hk_import]), self.hk_confirm, self.hk_message,
            self.hk_report,
            widgets.HTML("<hr><h3>2. Predikat kinerja organisasi</h3>"), self.org_select, self.org_unit,
            self.org_save, self.org_message,
            widgets.HTML("<hr><h3>3. Pengumuman hasil</h3>"), self.pub_days, self.pub_decision_days,
            self.pub_confirm, self.pub_button, self.pub_message,
            widgets.HTML("<hr><h3>4. Keberatan</h3>"), self.keb_table, self.keb_id, self.keb_text,
            widgets.HBox([self.keb_explain]), widgets.HBox([self.keb_decision, self.keb_decide]), self.keb_message])

    # -- helpers ------------------------------------------------------------------------------------
    @property
    def cycle_id(self):
        return self.admin.cycle_id

    @property
    def actor(self) -> str:
        return self.admin.actor

    def _ok(self, target, text):
        target.value = f"<div class='ks-msg-ok'>{html.escape(text)}</div>"

    def _fail(self, target, text):
        target.value = f"<div class='ks-msg-error'>Gagal: {html.escape(text)}</div>"

    def refresh(self) -> None:
        cid = self.cycle_id
        if cid is None:
            self.hk_missing.value = self.keb_table.value = ""
            return
        missing = uc.hasil_kerja_missing(self.admin.store, cid)
        status = uc.result_status(self.admin.store, cid)
        org = uc.org_predikat(self.admin.store, cid) or "belum ditetapkan"
        self.hk_missing.value = (f"<p class='ks-closing-status'>Status hasil: <b>{html.escape(status)}</b> · "
                                 f"predikat organisasi: <b>{html.escape(org)}</b> · belum memiliki rating hasil kerja: "
                                 f"<b>{len(missing)}</b> pegawai</p>")
        table = uc.keberatan_status(self.admin.store, cid)
        self.keb_table.value = (_table(table.drop(columns=["nip"])) if len(table)
                                else "<p>Belum ada keberatan.</p>")

    def _upload(self):
        from .admin import uploaded_file

        return uploaded_file(self.hk_upload)

    # -- hasil kerja --------------------------------------------------------------------------------
    def _run_import(self, confirm: bool):
        up = self._upload()
        if self.cycle_id is None or up is None:
            self._fail(self.hk_message, "pilih periode dan unggah berkas dulu.")
            return None
        try:
            plan = uc.import_hasil_kerja(self.admin.store, self.cycle_id, up, actor=self.actor, confirm=confirm)
        except HasilKerjaError as exc:
            self._fail(self.hk_message, f"{len(exc.errors)} kesalahan, tidak ada yang disimpan.")
            self.hk_report.value = _table(exc.to_frame())
            return None
        except (StoreError, ValueError) as exc:
            self._fail(self.hk_message, str(exc))
            return None
        self.last_plan = plan
        return plan

    def check_hasil_kerja(self):
        """Validate the uploaded file and show what an import would change (writes nothing)."""
        up = self._upload()
        if self.cycle_id is None or up is None:
            self._fail(self.hk_message, "pilih periode dan unggah berkas dulu.")
            return None
        from ..collect.hasil_kerja import read_hasil_kerja
        from ..cycle.calibration import cycle_ratees

        store = self.admin.store
        try:
            frame = read_hasil_kerja(up, store.employees_frame(active_only=False)["nip"].astype(str),
                                     cycle_ratees(store, self.cycle_id))
        except HasilKerjaError as exc:
            self._fail(self.hk_message, f"{len(exc.errors)} kesalahan, tidak ada yang disimpan.")
            self.hk_report.value = _table(exc.to_frame())
            return None
        old = dict(zip(store.hasil_kerja_frame(self.cycle_id)["nip"], store.hasil_kerja_frame(self.cycle_id)["rating"]))
        changed = frame[[n in old and old[n] != r for n, r in zip(frame["nip"], frame["rating"])]]
        self._ok(self.hk_message, f"Berkas baik: {len(frame)} baris; {len(changed)} rating tersimpan akan berubah.")
        self.hk_report.value = _table(changed.assign(lama=changed["nip"].map(old))[["row", "nip", "lama", "rating"]]
                                      .rename(columns={"rating": "baru"})) if len(changed) else ""
        return frame

    def import_hasil_kerja(self):
        plan = self._run_import(confirm=self.hk_confirm.value)
        if plan is None:
            return None
        if not plan.written:
            self._fail(self.hk_message, f"{len(plan.changed)} rating yang sudah tersimpan akan berubah: periksa daftar "
                                        "di bawah, centang persetujuan, lalu simpan lagi. Belum ada yang disimpan.")
            self.hk_report.value = _table(plan.changed[["baris", "nip", "nama", "lama", "baru"]])
            return plan
        counts = plan.changes["perubahan"].value_counts()
        self._ok(self.hk_message, f"Hasil kerja disimpan: {int(counts.get('baru', 0))} baru, "
                                  f"{int(counts.get('berubah', 0))} berubah, {int(counts.get('tetap', 0))} tetap.")
        self.hk_report.value = ""
        self.hk_confirm.value = False
        self.refresh()
        return plan

    # -- organisation predikat ----------------------------------------------------------------------
    def save_org_predikat(self):
        if self.cycle_id is None:
            self._fail(self.org_message, "pilih periode dulu.")
            return None
        try:
            label = uc.set_org_predikat(self.admin.store, self.cycle_id, self.org_select.value,
                                        unit=self.org_unit.value.strip(), actor=self.actor)
        except (StoreError, ValueError) as exc:
            self._fail(self.org_message, str(exc))
            return None
        where = f"unit {self.org_unit.value.strip()}" if self.org_unit.value.strip() else "seluruh organisasi"
        self._ok(self.org_message, f"Predikat organisasi ({where}) disimpan: {label}.")
        self.refresh()
        return label

    # -- publication --------------------------------------------------------------------------------
    def publish(self):
        if self.cycle_id is None:
            self._fail(self.pub_message, "pilih periode dulu.")
            return None
        if not self.pub_confirm.value:
            self._fail(self.pub_message, "centang persetujuan dulu: hasil yang diumumkan dibekukan.")
            return None
        try:
            version = uc.publish(self.admin.store, self.cycle_id, actor=self.actor,
                                 keberatan_days=self.pub_days.value, decision_days=self.pub_decision_days.value)
        except (StoreError, ValueError) as exc:
            self._fail(self.pub_message, str(exc))
            return None
        self.pub_confirm.value = False
        deadline = uc.keberatan_deadline(self.admin.store, self.cycle_id)
        self._ok(self.pub_message, f"Hasil diumumkan (versi {version}); batas keberatan {deadline:%d-%m-%Y}. "
                                   "Pegawai membuka hasilnya dengan tautan pribadinya.")
        self.refresh()
        return version

    # -- keberatan on an official's behalf ----------------------------------------------------------
    def explain_on_behalf(self) -> bool:
        try:
            uc.explain_keberatan(self.admin.store, self.keb_id.value, self.keb_text.value,
                                 actor=f"{self.actor} (atas nama Pejabat Penilai)")
        except (StoreError, ValueError) as exc:
            self._fail(self.keb_message, str(exc))
            return False
        self._ok(self.keb_message, f"Tanggapan atas keberatan {self.keb_id.value} dicatat.")
        self.keb_text.value = ""
        self.refresh()
        return True

    def decide_on_behalf(self):
        choice = self.keb_decision.value
        try:
            version = uc.decide_keberatan(self.admin.store, self.keb_id.value, "tetap" if choice == "tetap" else "ubah",
                                          self.keb_text.value, predikat=None if choice == "tetap" else choice,
                                          actor=f"{self.actor} (atas nama atasan Pejabat Penilai)")
        except (StoreError, ValueError) as exc:
            self._fail(self.keb_message, str(exc))
            return None
        self._ok(self.keb_message, f"Keputusan atas keberatan {self.keb_id.value} dicatat: hasil versi {version}.")
        self.keb_text.value = ""
        self.refresh()
        return version
