"""NIP (Nomor Induk Pegawai) validation, generation and pseudonymisation.

NIP PNS, 18 digits: birth date YYYYMMDD (1-8), TMT CPNS YYYYMM (9-14), gender 1 male / 2 female
(15), sequence (16-18).  NI PPPK, 18 digits: birth date (8) + year of appointment (4) + "21" +
gender (1) + sequence (3).  Real HR data holds invalid NIPs, so ``check_nip`` reports what is wrong
instead of assuming.  A NIP encodes birth date and gender: it is personal data (UU 27/2022), so
screens meant for meetings show ``pseudonymise(nip)`` instead.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from ..i18n import Msg, t

_DIGITS = re.compile(r"^\d{18}$")


@dataclass(frozen=True)
class NipInfo:
    nip: str
    kind: str  # "PNS" or "PPPK"
    birth_date: _dt.date
    appointed: str  # "YYYY-MM" (PNS TMT CPNS) or "YYYY" (PPPK)
    gender: str  # "L" (laki-laki) or "P" (perempuan)


def normalise_nip(raw) -> str:
    """Strip the spaces, dots and dashes HR exports put inside a NIP; keep leading zeros.

    Excel sometimes turns a NIP into a float (1.98e17) or an int; such a value has lost digits or
    leading zeros and is returned as its plain digits so that ``check_nip`` can report it.
    """
    if raw is None:
        return ""
    if isinstance(raw, float):
        if raw != raw:  # NaN
            return ""
        raw = format(raw, ".0f")
    s = str(raw).strip()
    if s.startswith("'"):  # Excel text marker
        s = s[1:]
    return re.sub(r"[\s.\-]", "", s)


def _date(yyyymmdd: str) -> _dt.date | None:
    try:
        return _dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def check_nip(raw) -> tuple[NipInfo | None, str | None]:
    """Validate a NIP.  Returns ``(info, None)`` when valid, ``(None, reason)`` when not.

    The reason is an ``i18n.Msg``: Bahasa Indonesia as a ``str``, ready to show in an import report,
    and ``reason.render("en")`` in English.
    """
    nip = normalise_nip(raw)
    if not nip:
        return None, Msg("collect.nip_empty")
    if not nip.isdigit():
        return None, Msg("collect.nip_not_digits", nip=nip)
    if not _DIGITS.match(nip):
        return None, Msg("collect.nip_length", nip=nip, n=len(nip))
    birth = _date(nip[:8])
    if birth is None or not (1940 <= birth.year <= 2015):
        return None, Msg("collect.nip_birth", nip=nip, value=nip[:8])
    gender_digit = nip[14]
    if gender_digit not in "12":
        return None, Msg("collect.nip_gender", nip=nip, digit=gender_digit)
    gender = "L" if gender_digit == "1" else "P"
    year = int(nip[8:12])
    if not (birth.year + 15 <= year <= 2100):
        return None, Msg("collect.nip_year", nip=nip, value=nip[8:12])
    if nip[12:14] == "21":  # NI PPPK: year of appointment, then the constant "21" (no month 21 exists)
        return NipInfo(nip, "PPPK", birth, f"{year:04d}", gender), None
    month = int(nip[12:14])
    if not 1 <= month <= 12:
        return None, Msg("collect.nip_tmt", nip=nip, value=nip[8:14])
    return NipInfo(nip, "PNS", birth, f"{year:04d}-{month:02d}", gender), None


def make_nip(birth: _dt.date, appointed_year: int, appointed_month: int, gender: str, sequence: int) -> str:
    """Compose a valid NIP PNS (used by the demo organisation generator)."""
    if gender not in ("L", "P"):
        raise ValueError("gender must be 'L' or 'P'")
    if not 1 <= sequence <= 999:
        raise ValueError("sequence must be 1..999")
    return (
        f"{birth:%Y%m%d}{appointed_year:04d}{appointed_month:02d}"
        f"{'1' if gender == 'L' else '2'}{sequence:03d}"
    )


def pseudonymise(nip: str, secret: str = "", length: int = 16) -> str:
    """A stable, non-reversible code for a NIP, for screens shown in meetings.

    With a per-installation ``secret`` the code cannot be recomputed from a list of NIPs.  The
    code is ``P-`` plus ``length`` base32 characters of an HMAC-SHA256 (5 bits each: 80 bits by
    default), so that a national roster of millions of people has no collision in practice
    (birthday bound: about 4 * 10**-12 for 2 million NIPs at 80 bits).

    Raises
    ------
    ValueError
        ``length`` under 13 (64 bits) or over 52.
    """
    if not 13 <= int(length) <= 52:
        raise ValueError(t("collect.pseudonym_length", value=repr(length)))
    digest = hmac.new(secret.encode(), str(nip).encode(), hashlib.sha256).digest()
    return "P-" + base64.b32encode(digest).decode("ascii")[:length]
