"""Ratings and predikat of PermenPANRB 6/2022, and the older PP 46/2011 / PP 30/2019 figures.

PermenPANRB 6/2022 gives every employee two ratings, *Rating Hasil Kerja* and *Rating Perilaku
Kerja*, each one of ``Dibawah Ekspektasi`` / ``Sesuai Ekspektasi`` / ``Diatas Ekspektasi``, and
combines them into a *Predikat Kinerja Pegawai* through the kuadran matrix (Lampiran)::

    Hasil \\ Perilaku   Dibawah             Sesuai             Diatas
    Diatas             Kurang/Misconduct   Baik               Sangat Baik
    Sesuai             Kurang/Misconduct   Baik               Baik
    Dibawah            Sangat Kurang       Butuh Perbaikan    Butuh Perbaikan

The regulation prescribes **no numeric cut points** for the behaviour rating: the Pejabat Penilai
Kinerja decides.  ``rating_perilaku`` turns a 1-5 survey score into a *proposed* rating with cut
points that are a local, configurable choice (default ``score < 3.0`` below, ``score >= 4.25``
above; see ``DEFAULT_PERILAKU_CUTS``).

``check_distribution`` tests employee predikat against the kurva distribusi that the organisation
predikat imposes (SE MenPANRB 3/2023).  ``nilai_prestasi_kerja`` / ``predikat_pp46`` reproduce the
historical PP 46/2011 figures found in old data, and ``scale_to_100`` converts a 1-5 score to 0-100.

Labels are accepted in case and spacing variants (``"di atas ekspektasi"``, ``"DIATAS"``,
``"kurang / misconduct"``); an unknown label raises ``ValueError`` naming it.  Every function is
vectorised: scalars give scalars, Series give Series on the same index, and a missing input
(NaN/None) gives a missing output.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from ..frames import analysis_error
from ..i18n import Join, Localized, Msg, fmt_number
from ..vocab import (  # noqa: F401 - re-exported: the labels are part of this module's API
    BAIK,
    BUTUH_PERBAIKAN,
    DIATAS,
    DIBAWAH,
    KURANG,
    ORG_ALIASES,
    ORG_PREDIKAT_LABELS,
    PREDIKAT_ALIASES,
    PREDIKAT_LABELS,
    RATING_LABELS,
    SANGAT_BAIK,
    SANGAT_KURANG,
    SESUAI,
    canonical_labels,
    is_missing,
    normalise_org_predikat,
    normalise_predikat,
    normalise_rating,
)

#: (rating hasil kerja, rating perilaku kerja) -> predikat kinerja pegawai, PermenPANRB 6/2022 Lampiran.
KUADRAN = {
    (DIATAS, DIBAWAH): KURANG, (DIATAS, SESUAI): BAIK, (DIATAS, DIATAS): SANGAT_BAIK,
    (SESUAI, DIBAWAH): KURANG, (SESUAI, SESUAI): BAIK, (SESUAI, DIATAS): BAIK,
    (DIBAWAH, DIBAWAH): SANGAT_KURANG, (DIBAWAH, SESUAI): BUTUH_PERBAIKAN, (DIBAWAH, DIATAS): BUTUH_PERBAIKAN,
}

ORG_PREDIKAT = ORG_PREDIKAT_LABELS

#: Local default cut points on the 1-5 scale: below 3.0 ("Cukup", the scale midpoint) is Dibawah
#: Ekspektasi; 4.25 and above (most answers "Sangat Baik") is Diatas Ekspektasi.  Not regulation.
DEFAULT_PERILAKU_CUTS = (3.0, 4.25)

#: Weights (SKP, perilaku) in percent per regime.
REGIMES = {
    "pp46": (60, 40),  # PP 46/2011: SKP 60% + perilaku kerja 40%
    "pp30_360": (60, 40),  # PP 30/2019: perilaku with peer and subordinate input
    "pp30": (70, 30),  # PP 30/2019: perilaku without peer/subordinate input
}


def check_cuts(cuts) -> tuple[float, float]:
    """The rating-perilaku cut points ``(low, high)`` as two finite floats with low < high, else AnalysisError."""
    try:
        lo, hi = (float(c) for c in cuts)
    except (TypeError, ValueError):
        raise analysis_error("an_cuts_pair", value=repr(cuts)) from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
        raise analysis_error("an_cuts_order", value=repr(cuts))
    return lo, hi


def _numeric(values, name: str):
    """Float ndarray (or float scalar) from a number, Series or array-like; ValueError otherwise."""
    if isinstance(values, pd.Series):
        arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = np.isnan(arr) & values.notna().to_numpy()
    elif np.ndim(values) == 0:
        if is_missing(values):
            return np.nan
        if isinstance(values, bool) or not isinstance(values, numbers.Real):
            raise analysis_error("an_number", name=name, value=repr(values))
        return float(values)
    else:
        raw = pd.Series(list(values), dtype=object)
        arr = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = np.isnan(arr) & raw.notna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        value = values.iloc[i] if isinstance(values, pd.Series) else list(values)[i]
        raise analysis_error("an_number", name=name, value=repr(value))
    return arr


def _wrap(arr, template, name: str):
    if isinstance(template, pd.Series):
        return pd.Series(arr, index=template.index, name=name)
    return arr


#: A score this close below a perilaku cut point is taken to lie on it (:func:`rating_perilaku`).
CUT_TOLERANCE = 1e-9


def rating_perilaku(score, cuts=DEFAULT_PERILAKU_CUTS):
    """Proposed Rating Perilaku Kerja from a behaviour score (e.g. the combined 360 score, 1-5).

    .. math::

        \\text{rating} = \\begin{cases}
            \\text{Dibawah Ekspektasi} & s < c_{lo} \\\\
            \\text{Sesuai Ekspektasi} & c_{lo} \\le s < c_{hi} \\\\
            \\text{Diatas Ekspektasi} & s \\ge c_{hi}
        \\end{cases}

    PermenPANRB 6/2022 prescribes no numbers: the cut points are a **local choice** of the
    instansi (default ``(3.0, 4.25)``, see ``DEFAULT_PERILAKU_CUTS``), and the result is a
    proposal for the Pejabat Penilai Kinerja, who decides.

    Parameters
    ----------
    score : float, Series or array-like
        Scores; NaN gives NaN.
    cuts : (lo, hi)
        ``lo < hi``; a score equal to a cut point goes to the higher rating.  A score within
        :data:`CUT_TOLERANCE` (1e-9) below a cut counts as on it: a combined score whose true
        value is 3.0 may be computed as 2.9999999999999996 by one order of additions and as
        3.0000000000000004 by another (pandas and DuckDB add in different orders), and both must
        give the same rating.  Scores are means of answers on a 1-5 scale, so two true scores of
        one cycle never lie within 1e-9 of each other across a cut.

    Returns
    -------
    str, Series (same index) or ndarray of labels.

    Examples
    --------
    >>> rating_perilaku(4.25)
    'Diatas Ekspektasi'
    >>> rating_perilaku(pd.Series([2.99, 3.0, 4.2]), cuts=(3, 4.25)).tolist()
    ['Dibawah Ekspektasi', 'Sesuai Ekspektasi', 'Sesuai Ekspektasi']
    >>> rating_perilaku(2.9999999999999996)
    'Sesuai Ekspektasi'
    """
    lo, hi = check_cuts(cuts)
    lo, hi = lo - CUT_TOLERANCE, hi - CUT_TOLERANCE
    values = _numeric(score, Msg("analysis.what_perilaku_score"))
    labels = np.array(RATING_LABELS, dtype=object)
    if np.ndim(values) == 0:
        if math.isnan(values):
            return np.nan
        return labels[int(values >= lo) + int(values >= hi)]
    idx = (values >= lo).astype(int) + (values >= hi).astype(int)
    out = labels[idx]
    out[np.isnan(values)] = np.nan
    return _wrap(out, score, "rating_perilaku")


def _codes(labels: np.ndarray, order) -> np.ndarray:
    pos = {lab: i for i, lab in enumerate(order)}
    return np.array([-1 if is_missing(v) else pos[v] for v in labels], dtype=int)


def predikat_kinerja(hasil_kerja, perilaku):
    """Predikat Kinerja Pegawai from the two ratings, by the kuadran of PermenPANRB 6/2022.

    ``KUADRAN[(hasil_kerja, perilaku)]``, e.g. Hasil *Diatas* x Perilaku *Dibawah* =
    ``"Kurang/Misconduct"``; Hasil *Dibawah* x Perilaku *Diatas* = ``"Butuh Perbaikan"``.

    Parameters
    ----------
    hasil_kerja, perilaku : str, Series or array-like
        Rating labels; case and spacing variants and the short forms ``Diatas``/``Sesuai``/
        ``Dibawah`` are accepted.  Two Series must carry the same index labels (they are aligned
        on it); a scalar is broadcast.  A missing rating gives a missing predikat.

    Returns
    -------
    str, Series or ndarray.

    Raises
    ------
    ValueError
        Unknown label (named in the message), or Series with different index labels.

    References
    ----------
    PermenPANRB No. 6 Tahun 2022 tentang Pengelolaan Kinerja Pegawai ASN, Lampiran (kuadran
    predikat kinerja pegawai).

    Examples
    --------
    >>> predikat_kinerja("Diatas Ekspektasi", "di bawah ekspektasi")
    'Kurang/Misconduct'
    """
    scalar_h = np.ndim(hasil_kerja) == 0 and not isinstance(hasil_kerja, pd.Series)
    scalar_p = np.ndim(perilaku) == 0 and not isinstance(perilaku, pd.Series)
    if scalar_h and scalar_p:
        h, p = normalise_rating(hasil_kerja), normalise_rating(perilaku)
        if is_missing(h) or is_missing(p):
            return np.nan
        return KUADRAN[(h, p)]
    template = None
    if isinstance(hasil_kerja, pd.Series) and isinstance(perilaku, pd.Series):
        if not hasil_kerja.index.equals(perilaku.index):
            if (not hasil_kerja.index.is_unique or not perilaku.index.is_unique
                    or set(hasil_kerja.index) != set(perilaku.index)):
                raise analysis_error("an_index_differs", a="hasil_kerja", b="perilaku")
            hasil_kerja = hasil_kerja.reindex(perilaku.index)
        template = perilaku
    elif isinstance(perilaku, pd.Series):
        template = perilaku
    elif isinstance(hasil_kerja, pd.Series):
        template = hasil_kerja
    h = np.asarray(normalise_rating(hasil_kerja) if not scalar_h else None, dtype=object)
    p = np.asarray(normalise_rating(perilaku) if not scalar_p else None, dtype=object)
    n = len(p) if not scalar_p else len(h)
    if scalar_h:
        h = np.full(n, normalise_rating(hasil_kerja), dtype=object)
    if scalar_p:
        p = np.full(n, normalise_rating(perilaku), dtype=object)
    if len(h) != len(p):
        raise analysis_error("an_length_differs_id", a="hasil_kerja", n_a=len(h), b="perilaku", n_b=len(p))
    hc, pc = _codes(h, RATING_LABELS), _codes(p, RATING_LABELS)
    table = np.array([[KUADRAN[(a, b)] for b in RATING_LABELS] for a in RATING_LABELS], dtype=object)
    out = table[np.maximum(hc, 0), np.maximum(pc, 0)]
    out[(hc < 0) | (pc < 0)] = np.nan
    if template is not None:
        return pd.Series(out, index=template.index, name="predikat")
    return out


# --- kurva distribusi (SE MenPANRB 3/2023) ------------------------------------------------------

# (kind, predikat labels, percent).  kind: "plurality" (the most frequent predikat; ties allowed),
# "max"/"min" (share of the labels together, percent inclusive), "some" (at least one), "none".
_BANDS = {
    "Istimewa": [("plurality", (SANGAT_BAIK,), None), ("max", (SANGAT_BAIK,), 70)],
    "Baik": [("plurality", (BAIK,), None), ("max", (BAIK,), 70), ("some", (BUTUH_PERBAIKAN, KURANG), None)],
    "Butuh Perbaikan": [("min", (BUTUH_PERBAIKAN,), 60), ("max", (SANGAT_BAIK,), 10)],
    "Kurang": [("min", (KURANG,), 60), ("min", (BUTUH_PERBAIKAN,), 10), ("max", (SANGAT_BAIK,), 10)],
    "Sangat Kurang": [("min", (SANGAT_KURANG,), 60), ("min", (KURANG, BUTUH_PERBAIKAN), 10),
                      ("none", (SANGAT_BAIK,), None)],
}


def _fmt_pct(share: float, limit: float | None = None, lang: str | None = None) -> str:
    """Percent with a decimal comma; enough decimals that a value beside a limit never prints as it."""
    value = 100 * share
    if abs(value - round(value)) < 1e-9:
        return f"{round(value)}%"
    for d in (1, 2, 3, 4):
        text = f"{value:.{d}f}"
        if limit is None or float(text) != limit:
            break
    return fmt_number(float(text), d, lang) + "%"


class _Pct(Localized):
    """``_fmt_pct`` in a message, rendered in the reader's language."""

    __slots__ = ("share", "limit")

    def __init__(self, share: float, limit: float | None = None):
        self.share, self.limit = share, limit

    def render(self, lang: str | None = None) -> str:
        return _fmt_pct(self.share, self.limit, lang)


def check_distribution(predikat, org_predikat: str, *, all_rules: bool = False) -> pd.DataFrame:
    """Check employee predikat against the kurva distribusi of the organisation predikat.

    Rules (SE MenPANRB 3/2023, pola distribusi predikat kinerja pegawai), shares over employees
    with a predikat (missing ones are left out), limits inclusive:

    ================  ============================================================================
    Istimewa          Sangat Baik the most frequent predikat ("sebagian besar"), at most 70%
    Baik              Baik the most frequent, at most 70%; at least one Butuh Perbaikan and/or
                      Kurang/Misconduct ("harus ada")
    Butuh Perbaikan   Butuh Perbaikan at least 60%; Sangat Baik at most 10%
    Kurang            Kurang/Misconduct at least 60%; Butuh Perbaikan at least 10%; Sangat Baik
                      at most 10%
    Sangat Kurang     Sangat Kurang at least 60%; Kurang/Misconduct + Butuh Perbaikan at least
                      10%; no Sangat Baik
    ================  ============================================================================

    "Sebagian besar" is read as *no other predikat is more frequent* (ties pass); this reading
    is ours, the circular gives no number for it.  Shares are compared exactly on counts
    (``100 * count <= 70 * total``), so 7 of 10 passes "at most 70%".

    Parameters
    ----------
    predikat : Series or array-like
        Employee predikat labels (variants accepted, e.g. ``"kurang"`` for Kurang/Misconduct).
    org_predikat : str
        Istimewa / Baik / Butuh Perbaikan (or Cukup) / Kurang / Sangat Kurang.
    all_rules : bool
        False (default): only violations.  True: every rule, with a ``satisfied`` column.

    Returns
    -------
    DataFrame
        ``rule`` (plurality/max/min/some/none), ``predikat``, ``count``, ``total``, ``share``,
        ``limit`` (fraction; NaN for plurality/some/none), ``message`` (Bahasa Indonesia, e.g.
        ``"Sangat Baik 82% melebihi batas 70% (41 dari 50 pegawai)"``) [, ``satisfied``].

    Raises
    ------
    ValueError
        Unknown employee or organisation predikat, or no employee with a predikat.

    Examples
    --------
    >>> check_distribution(["Sangat Baik"] * 8 + ["Baik"] * 2, "Istimewa")["message"].tolist()
    ['Sangat Baik 80% melebihi batas 70% (8 dari 10 pegawai)']
    """
    if not isinstance(org_predikat, str):
        raise analysis_error("an_org_predikat_unknown", value=repr(org_predikat), choices=", ".join(ORG_PREDIKAT))
    org = normalise_org_predikat(org_predikat)
    labels = canonical_labels(predikat, PREDIKAT_ALIASES, "vocab.what_predikat", PREDIKAT_LABELS, "predikat").dropna()
    total = len(labels)
    if total == 0:
        raise analysis_error("an_no_predikat")
    counts = {lab: 0 for lab in PREDIKAT_LABELS}
    for lab, c in labels.value_counts().items():
        counts[lab] = int(c)
    rows = []
    for kind, labs, pct in _BANDS[org]:
        name = " + ".join(labs)
        count = sum(counts[lab] for lab in labs)
        share = count / total
        of = Msg("analysis.dist_of", count=count, total=total)
        if kind == "plurality":
            rival = max((lab for lab in PREDIKAT_LABELS if lab not in labs), key=lambda lab: counts[lab])
            ok = count >= counts[rival]
            msg = Msg("analysis.dist_plurality", name=name, share=_Pct(share), of=of, rival=rival,
                      rival_share=_Pct(counts[rival] / total), org=org)
        elif kind == "max":
            ok = 100 * count <= pct * total
            msg = Msg("analysis.dist_max", name=name, share=_Pct(share, pct), pct=pct, of=of)
        elif kind == "min":
            ok = 100 * count >= pct * total
            msg = Msg("analysis.dist_min", name=name, share=_Pct(share, pct), pct=pct, of=of)
        elif kind == "some":
            ok = count > 0
            msg = Msg("analysis.dist_some", labels=Join(labs, Msg("analysis.dist_and_or")), of=of)
        else:  # none
            ok = count == 0
            msg = Msg("analysis.dist_none", name=name, share=_Pct(share), of=of)
        if all_rules or not ok:
            # ``message`` is an ``i18n.Msg``: the Indonesian text as a str, ``render("en")`` in English
            rows.append({"rule": kind, "predikat": name, "count": count, "total": total, "share": share,
                         "limit": pct / 100 if pct is not None else np.nan,
                         "message": Msg("analysis.dist_ok") if ok else msg, **({"satisfied": ok} if all_rules else {})})
    columns = ["rule", "predikat", "count", "total", "share", "limit", "message"] + (["satisfied"] if all_rules else [])
    return pd.DataFrame(rows, columns=columns)


# --- PP 46/2011 and PP 30/2019 ------------------------------------------------------------------

def nilai_prestasi_kerja(skp, perilaku, regime: str = "pp46"):
    """Nilai Prestasi Kerja (0-100) of the historical regimes.

    .. math::  NPK = w_{skp} \\cdot SKP + w_{p} \\cdot Perilaku

    ``regime="pp46"``: PP 46/2011, 60% SKP + 40% perilaku kerja; ``"pp30_360"``: PP 30/2019 when
    perilaku was assessed with peer and subordinate input, 60/40; ``"pp30"``: PP 30/2019 without
    that input, 70/30.  Computed as ``(60*skp + 40*perilaku) / 100`` so that integer inputs give
    exact results (90 and 90 give exactly 90, never 90.00000000000001).

    Parameters
    ----------
    skp, perilaku : float, Series or array-like
        Nilai capaian SKP (>= 0) and nilai perilaku kerja (0-100); NaN gives NaN.

    Examples
    --------
    >>> nilai_prestasi_kerja(85, 80)
    83.0
    >>> round(nilai_prestasi_kerja(84.07, 80.5), 2)
    82.64
    >>> nilai_prestasi_kerja(80, 90, regime="pp30")
    83.0
    """
    if regime not in REGIMES:
        raise analysis_error("an_regime_unknown", value=repr(regime), choices=", ".join(REGIMES))
    w_skp, w_per = REGIMES[regime]
    if isinstance(skp, pd.Series) and isinstance(perilaku, pd.Series) and not skp.index.equals(perilaku.index):
        raise analysis_error("an_index_differs", a="skp", b="perilaku")
    s = _numeric(skp, Msg("analysis.what_skp"))
    p = _numeric(perilaku, Msg("analysis.what_perilaku"))
    if np.ndim(s) and np.ndim(p) and len(s) != len(p):
        raise analysis_error("an_length_differs_id", a="skp", n_a=len(s), b="perilaku", n_b=len(p))
    sv, pv = np.atleast_1d(s), np.atleast_1d(p)
    if (sv < 0).any():
        raise analysis_error("an_skp_negative", value=f"{sv[sv < 0][0]:g}")
    if ((pv < 0) | (pv > 100)).any():
        raise analysis_error("an_perilaku_range", value=f"{pv[(pv < 0) | (pv > 100)][0]:g}")
    out = (w_skp * np.asarray(s) + w_per * np.asarray(p)) / 100
    if np.ndim(out) == 0:
        return float(out)
    template = skp if isinstance(skp, pd.Series) else perilaku if isinstance(perilaku, pd.Series) else None
    return _wrap(out, template, "nilai_prestasi_kerja")


_PP46_BANDS = ((90, "Sangat Baik"), (75, "Baik"), (60, "Cukup"), (50, "Kurang"))


def predikat_pp46(score):
    """Sebutan of a PP 46/2011 score: 91-100 Sangat Baik, 76-90 Baik, 61-75 Cukup, 51-60 Kurang,
    50 and below Buruk.

    The regulation tabulates integer bands with "91 ke atas" and "50 ke bawah" at the ends.  We
    read every band as closed above: ``(90, inf)`` Sangat Baik, ``(75, 90]`` Baik, ``(60, 75]``
    Cukup, ``(50, 60]`` Kurang, ``[0, 50]`` Buruk, so integers fall exactly as tabulated and a
    non-integer in a gap goes up (90.5 is Sangat Baik, 50.01 is Kurang, 90 is Baik).  No
    rounding is applied first; differences below 1e-9 are treated as floating-point noise.

    References
    ----------
    PP No. 46 Tahun 2011 tentang Penilaian Prestasi Kerja PNS (sebutan nilai prestasi kerja);
    Peraturan Kepala BKN No. 1 Tahun 2013.

    Examples
    --------
    >>> predikat_pp46(90.5), predikat_pp46(90), predikat_pp46(50)
    ('Sangat Baik', 'Baik', 'Buruk')
    """
    values = _numeric(score, Msg("analysis.what_npk"))
    arr = np.atleast_1d(values)
    if (arr < 0).any():
        raise analysis_error("an_npk_negative", value=f"{arr[arr < 0][0]:g}")
    out = np.full(arr.shape, "Buruk", dtype=object)
    for bound, label in reversed(_PP46_BANDS):
        out[arr > bound + 1e-9] = label
    out[np.isnan(arr)] = np.nan
    if np.ndim(values) == 0:
        return out[0]
    return _wrap(out, score, "predikat_pp46")


def scale_to_100(score, scale=(1, 5), method: str = "ratio"):
    """Convert a survey score (e.g. 1-5) to 0-100 for use as PP 46/2011 ``nilai perilaku``.

    ``method="ratio"`` (default): ``100 * score / high`` -- percentage of the maximum score, the
    conversion Indonesian government surveys use (IKM: unit index on the 1-4 scale x 25,
    PermenPANRB 14/2017), so 1-5 maps to 20-100 and 4 ("Baik") to 80 ("Baik" under PP 46).
    ``method="linear"``: ``100 * (score - low) / (high - low)``, 1-5 onto 0-100.

    Neither is prescribed by any regulation and scale labels do not line up with PP 46 bands
    (3 "Cukup" maps to 60, "Kurang" under PP 46): use the result for historical comparison only.

    Examples
    --------
    >>> scale_to_100(4.5), scale_to_100(4.5, method="linear")
    (90.0, 87.5)
    """
    try:
        low, high = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise analysis_error("an_scale_low_high", value=repr(scale)) from None
    if not low < high or (method == "ratio" and low <= 0):
        raise analysis_error("an_scale_invalid", value=repr(scale))
    if method not in ("ratio", "linear"):
        raise analysis_error("an_method_unknown", value=repr(method))
    values = _numeric(score, Msg("analysis.what_score"))
    arr = np.atleast_1d(values)
    bad = (arr < low) | (arr > high)
    if bad.any():
        raise analysis_error("an_score_outside", value=f"{arr[bad][0]:g}", low=f"{low:g}", high=f"{high:g}")
    out = 100 * values / high if method == "ratio" else 100 * (values - low) / (high - low)
    if np.ndim(out) == 0:
        return float(out)
    return _wrap(out, score, "skor_100")
