"""Survey instruments: the built-in BerAKHLAK instrument and custom ones from YAML or CSV.

An instrument is a list of competencies, each with behaviour items, rated on one scale.  The
default is BerAKHLAK (SE MenPANRB 20/2021; PermenPANRB 6/2022 Lampiran): seven core values with
their three official behaviour indicators, rated 1-5.  Texts are kept in Bahasa Indonesia (``id``)
and English (``en``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KinerjaError
from ..i18n import Msg
from ..roles import RELATIONSHIPS

#: relationships whose raters may answer "Tidak dapat menilai" (cannot assess) unless the
#: instrument says otherwise: peers and subordinates may not see every behaviour; a supervisor
#: and the person themself should.
DEFAULT_NOT_APPLICABLE = ("peer", "subordinate")


class InstrumentError(KinerjaError, ValueError):
    """A custom instrument file is malformed; the message names the row or field."""


@dataclass(frozen=True)
class Item:
    code: str
    competency: str
    text: dict  # language -> text


@dataclass(frozen=True)
class Competency:
    code: str
    name: dict  # language -> name
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Scale:
    low: int = 1
    high: int = 5
    labels: dict = field(default_factory=dict)  # language -> tuple of labels, low..high

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(range(self.low, self.high + 1))

    def label(self, value: int, lang: str = "id") -> str:
        labels = self.labels.get(lang) or self.labels.get("id") or ()
        i = value - self.low
        return labels[i] if 0 <= i < len(labels) else str(value)


@dataclass(frozen=True)
class Instrument:
    code: str
    name: dict
    competencies: tuple[Competency, ...]
    scale: Scale
    require_overall_comment: bool = False
    not_applicable_for: tuple[str, ...] = DEFAULT_NOT_APPLICABLE

    def allows_not_applicable(self, relationship: str) -> bool:
        """Whether a rater in ``relationship`` may answer an item "cannot assess"."""
        return relationship in self.not_applicable_for

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for c in self.competencies for i in c.items)

    def competency(self, code: str) -> Competency:
        for c in self.competencies:
            if c.code == code:
                return c
        raise KeyError(code)

    def to_dict(self) -> dict:
        """Plain-data form (the YAML layout ``from_yaml`` reads); stored with each cycle."""
        return {
            "code": self.code,
            "name": dict(self.name),
            "require_overall_comment": self.require_overall_comment,
            "not_applicable": list(self.not_applicable_for),
            "scale": {"low": self.scale.low, "high": self.scale.high,
                      "labels": {k: list(v) for k, v in self.scale.labels.items()}},
            "competencies": [
                {"code": c.code, "name": dict(c.name),
                 "items": [{"code": i.code, "text": dict(i.text)} for i in c.items]}
                for c in self.competencies
            ],
        }


DEFAULT_SCALE = Scale(
    1,
    5,
    {
        "id": ("Sangat Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"),
        "en": ("Very poor", "Poor", "Fair", "Good", "Very good"),
    },
)

# (code, Bahasa Indonesia name, English name, [(indicator id, indicator en), ...])
_BERAKHLAK = [
    ("BER", "Berorientasi Pelayanan", "Service oriented", [
        ("Memahami dan memenuhi kebutuhan masyarakat",
         "Understands and meets the needs of the public"),
        ("Ramah, cekatan, solutif, dan dapat diandalkan",
         "Friendly, quick, solution-minded and reliable"),
        ("Melakukan perbaikan tiada henti", "Improves continuously"),
    ]),
    ("AKU", "Akuntabel", "Accountable", [
        ("Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
         "Carries out duties honestly, responsibly, carefully, with discipline and high integrity"),
        ("Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
         "Uses state assets responsibly, effectively and efficiently"),
        ("Tidak menyalahgunakan kewenangan jabatan", "Does not abuse the authority of office"),
    ]),
    ("KOM", "Kompeten", "Competent", [
        ("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
         "Develops own competence to meet ever-changing challenges"),
        ("Membantu orang lain belajar", "Helps others learn"),
        ("Melaksanakan tugas dengan kualitas terbaik", "Carries out duties to the best quality"),
    ]),
    ("HAR", "Harmonis", "Harmonious", [
        ("Menghargai setiap orang apapun latar belakangnya", "Respects everyone whatever their background"),
        ("Suka menolong orang lain", "Likes to help others"),
        ("Membangun lingkungan kerja yang kondusif", "Builds a conducive working environment"),
    ]),
    ("LOY", "Loyal", "Loyal", [
        ("Memegang teguh ideologi Pancasila, UUD NRI 1945, setia kepada NKRI serta pemerintahan yang sah",
         "Holds to Pancasila and the 1945 Constitution, loyal to the Unitary State and the lawful government"),
        ("Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
         "Protects the good name of fellow civil servants, leaders, the agency and the State"),
        ("Menjaga rahasia jabatan dan negara", "Keeps official and state secrets"),
    ]),
    ("ADA", "Adaptif", "Adaptive", [
        ("Cepat menyesuaikan diri menghadapi perubahan", "Adapts quickly to change"),
        ("Terus berinovasi dan mengembangkan kreativitas", "Keeps innovating and developing creativity"),
        ("Bertindak proaktif", "Acts proactively"),
    ]),
    ("KOL", "Kolaboratif", "Collaborative", [
        ("Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
         "Gives various parties the opportunity to contribute"),
        ("Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
         "Open to working together to create added value"),
        ("Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
         "Mobilises the use of resources for shared goals"),
    ]),
]


def berakhlak() -> Instrument:
    """The built-in BerAKHLAK instrument: 7 core values x 3 official indicators, scale 1-5."""
    comps = []
    for code, name_id, name_en, indicators in _BERAKHLAK:
        items = tuple(
            Item(f"{code}{n}", code, {"id": t_id, "en": t_en})
            for n, (t_id, t_en) in enumerate(indicators, start=1)
        )
        comps.append(Competency(code, {"id": name_id, "en": name_en}, items))
    return Instrument(
        "BERAKHLAK",
        {"id": "Nilai Dasar BerAKHLAK", "en": "BerAKHLAK core values"},
        tuple(comps),
        DEFAULT_SCALE,
        require_overall_comment=False,
    )


MAX_CODE_CHARS = 50  # the store's column width for instrument, competency and item codes
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _is_text(v) -> bool:
    return isinstance(v, (str, int, float)) and not isinstance(v, bool) and bool(str(v).strip())


def _texts(value, where: str) -> dict:
    if isinstance(value, str) and value.strip():
        return {"id": value.strip()}
    if isinstance(value, dict) and _is_text(value.get("id")):
        return {str(k): str(v).strip() for k, v in value.items() if _is_text(v)}
    raise InstrumentError("collect.text_required", where=where)


def _code(value, where: str) -> str:
    """A code as stored: non-empty, at most ``MAX_CODE_CHARS`` characters, no control characters."""
    code = "" if value is None else str(value).strip()
    if not code:
        raise InstrumentError("collect.code_required", where=where)
    if len(code) > MAX_CODE_CHARS:
        raise InstrumentError("collect.code_too_long", where=where, code=code[:20], n=len(code), max=MAX_CODE_CHARS)
    if _CONTROL.search(code):
        raise InstrumentError("collect.code_control", where=where, code=repr(code))
    return code


def from_dict(data: dict, source: str | None = None) -> Instrument:
    """Build an instrument from the plain-data layout (see ``Instrument.to_dict``); ``source`` names
    it in messages (default "instrumen")."""
    if source is None:
        source = Msg("collect.source_instrument")
    if not isinstance(data, dict):
        raise InstrumentError("collect.inst_not_map", source=source)
    code = _code(data.get("code"), source)
    name = _texts(data.get("name", code), Msg("collect.where_field", where=source, field="name"))
    sc = data.get("scale") or {}
    if not isinstance(sc, dict):
        raise InstrumentError("collect.scale_not_map", source=source)
    low, high = sc.get("low", 1), sc.get("high", 5)
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v != int(v)
           for v in (low, high)):
        raise InstrumentError("collect.scale_not_int", source=source)
    low, high = int(low), int(high)
    if not 2 <= high - low + 1 <= 11:
        raise InstrumentError("collect.scale_points", source=source, low=low, high=high)
    labels = {}
    labels_raw = sc.get("labels") or {}
    if not isinstance(labels_raw, dict):
        raise InstrumentError("collect.labels_not_map", source=source)
    for lang, labs in labels_raw.items():
        if not isinstance(labs, (list, tuple)) or len(labs) != high - low + 1:
            raise InstrumentError("collect.labels_count", source=source, lang=lang, n=high - low + 1)
        labels[str(lang)] = tuple(str(x) for x in labs)
    if not labels and (low, high) == (1, 5):
        labels = dict(DEFAULT_SCALE.labels)
    comps_raw = data.get("competencies")
    if not isinstance(comps_raw, list) or not comps_raw:
        raise InstrumentError("collect.competencies_empty", source=source)
    comps, seen_items, seen_comps = [], set(), set()
    for ci, c in enumerate(comps_raw, start=1):
        where = Msg("collect.where_competency", source=source, n=ci)
        if not isinstance(c, dict):
            raise InstrumentError("collect.comp_not_map", where=where)
        ccode = _code(c.get("code"), where)
        if ccode in seen_comps:
            raise InstrumentError("collect.comp_twice", where=where, code=ccode)
        seen_comps.add(ccode)
        items_raw = c.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            raise InstrumentError("collect.items_empty", where=where, code=ccode)
        items = []
        for ii, it in enumerate(items_raw, start=1):
            iwhere = Msg("collect.where_item", where=where, code=ccode, n=ii)
            if isinstance(it, str):
                it = {"text": it}
            if not isinstance(it, dict):
                raise InstrumentError("collect.item_not_map", where=iwhere)
            icode = _code(it.get("code") or f"{ccode}{ii}", iwhere)
            if icode in seen_items:
                raise InstrumentError("collect.item_twice", where=iwhere, code=icode)
            seen_items.add(icode)
            items.append(Item(icode, ccode, _texts(it.get("text"), Msg("collect.where_field", where=iwhere,
                                                                          field="text"))))
        comps.append(Competency(ccode, _texts(c.get("name", ccode), Msg("collect.where_field", where=where,
                                                                        field="name")), tuple(items)))
    na = data.get("not_applicable", list(DEFAULT_NOT_APPLICABLE))
    if na is None:
        na = []
    if isinstance(na, str) or not isinstance(na, (list, tuple)) or any(r not in RELATIONSHIPS for r in na):
        raise InstrumentError("collect.na_list", source=source, choices=", ".join(RELATIONSHIPS), value=repr(na))
    return Instrument(code, name, tuple(comps), Scale(low, high, labels),
                      bool(data.get("require_overall_comment", False)),
                      tuple(r for r in RELATIONSHIPS if r in na))


def from_yaml(path_or_text) -> Instrument:
    """Read a custom instrument from a YAML file (or YAML text)."""
    source, text = _read(path_or_text)
    try:
        import yaml  # only here: the rater kernel never reads YAML

        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InstrumentError("collect.yaml_invalid", source=source, error=exc) from None
    return from_dict(data, source)


CSV_COLUMNS = ("competency_code", "competency_name", "item_code", "item_text")


def from_csv(path_or_text, *, code: str | None = None, name: str | None = None) -> Instrument:
    """Read a custom instrument from CSV, one item a row.

    Columns: ``competency_code, competency_name, item_code, item_text`` and optionally
    ``competency_name_en, item_text_en``.  The scale is the default 1-5.
    """
    source, text = _read(path_or_text)
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip() for f in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in fields]
    if missing:
        raise InstrumentError("collect.csv_columns", source=source, cols=", ".join(missing))
    comps: dict[str, dict] = {}
    for rowno, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for col in CSV_COLUMNS:
            if not row.get(col):
                raise InstrumentError("collect.csv_cell_empty", source=source, row=rowno, col=col)
        comp = comps.setdefault(row["competency_code"], {
            "code": row["competency_code"],
            "name": {"id": row["competency_name"], **({"en": row["competency_name_en"]} if row.get("competency_name_en") else {})},
            "items": [],
        })
        comp["items"].append({
            "code": row["item_code"],
            "text": {"id": row["item_text"], **({"en": row["item_text_en"]} if row.get("item_text_en") else {})},
        })
    stem = Path(source).stem if isinstance(path_or_text, Path) else "CUSTOM"
    return from_dict({"code": code or stem.upper(), "name": name or stem, "competencies": list(comps.values())}, source)


def load(path) -> Instrument:
    """Load an instrument file by extension (.yaml/.yml or .csv); ``"berakhlak"`` gives the default."""
    if str(path).lower() == "berakhlak":
        return berakhlak()
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return from_yaml(Path(path))
    if suffix == ".csv":
        return from_csv(Path(path))
    raise InstrumentError("collect.inst_kind", path=path)


def _read(path_or_text) -> tuple[str, str]:
    if isinstance(path_or_text, Path):
        try:
            raw = path_or_text.read_bytes()
        except OSError as exc:
            raise InstrumentError("collect.inst_unreadable", path=path_or_text, reason=exc.strerror) from None
        try:
            return str(path_or_text), raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return str(path_or_text), raw.decode("cp1252", errors="replace")
    return Msg("collect.source_instrument"), str(path_or_text)
