"""PNG/SVG plots of a cycle's results (matplotlib, Agg canvas, no pyplot state).

Each function takes an already aggregated table (see ``kinerja_survey.apps.dashboard`` for the
aggregations that respect the anonymity threshold), returns a ``matplotlib.figure.Figure`` and,
when ``path`` is given, saves it as PNG or SVG (by suffix)::

    fig = competency_heatmap(dashboard.competency_by_unit(people, instrument), path="heatmap.svg")
    fig = predikat_distribution(people["predikat"], "Baik", path="predikat.png")
    fig = self_vs_others(people, path="diri-vs-lain.png")

Figures are built with ``Figure()`` and ``FigureCanvasAgg`` directly, so they work in a
headless server and in threads, and never touch pyplot's global figure list.  Texts are in
Bahasa Indonesia, numbers with a decimal comma.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..analysis.predikat import PREDIKAT_LABELS, check_distribution, normalise_predikat
from ..errors import KinerjaError
from ..i18n import Msg, fmt_number, t

FORMATS = (".png", ".svg")
NAVY = "#1f3b73"
#: Predikat colours: a blue-orange diverging scheme (ColorBrewer PuOr/RdBu family), readable
#: with the common colour-vision deficiencies; order is carried by lightness as well as hue.
PREDIKAT_COLOURS = {"Sangat Baik": "#08519c", "Baik": "#6baed6", "Butuh Perbaikan": "#fdae6b",
                    "Kurang/Misconduct": "#e6550d", "Sangat Kurang": "#7f2704"}
#: Score colour map: cividis (Nuñez, Anderton & Renslow 2018, PLoS ONE 13(7): e0199239), designed
#: to read the same with and without colour-vision deficiency; always over the whole 1-5 scale.
SCORE_CMAP = "cividis"
#: Self-vs-others point colours (Okabe & Ito 2008 palette): over-rating, under-rating, in agreement.
AGREE_COLOURS = ("#D55E00", "#0072B2", "#6b7785")


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _comma(value: float, digits: int = 2, lang: str | None = None) -> str:
    return fmt_number(value, digits, lang)


class PlotError(KinerjaError, ValueError):
    """A plot cannot be drawn from what was given."""


def save_figure(fig: Figure, path, *, dpi: int = 150) -> Path:
    """Save ``fig`` as PNG or SVG, chosen by the suffix of ``path``.

    Raises
    ------
    ValueError
        Suffix other than ``.png`` / ``.svg``.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise PlotError("plot.format", value=path.suffix or Msg("plot.no_suffix"))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi, format=path.suffix[1:].lower())
    return path


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: int = 110) -> bytes:
    """The figure encoded as PNG or SVG bytes (for widgets and web pages)."""
    if fmt not in ("png", "svg"):
        raise PlotError("plot.format_bytes", value=repr(fmt))
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi)
    return buf.getvalue()


def _finish(fig: Figure, path) -> Figure:
    if path is not None:
        save_figure(fig, path)
    return fig


def competency_heatmap(
    table: pd.DataFrame,
    *,
    title: str | None = None,
    scale: tuple[float, float] = (1, 5),
    path=None,
    lang: str | None = None,
) -> Figure:
    """Heatmap of mean scores, rows = units, columns = competencies.

    Parameters
    ----------
    table : DataFrame
        Units (index) x competencies (columns) of mean scores; a NaN cell (unit under the
        anonymity threshold) is drawn grey with "–".  Extra non-numeric columns are ignored;
        a column ``n`` (people per unit) is appended to the row labels.
    title : str
    scale : (low, high)
        The instrument scale; the colour range is always the whole scale (a fixed 1-5), so
        that a small spread between units is not drawn as a red-to-green contrast.
    path : str or Path, optional
        Save as PNG/SVG.

    Raises
    ------
    ValueError
        Empty table or no numeric column.
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise PlotError("plot.heatmap_empty")
    n = table["n"] if "n" in table.columns else None
    values = table.drop(columns=["n"], errors="ignore").select_dtypes("number")
    if values.shape[1] == 0:
        raise PlotError("plot.heatmap_no_scores")
    data = values.to_numpy(dtype=float)
    lo, hi = scale
    rows = [str(u) if n is None else f"{u} (n={int(k)})" for u, k in zip(values.index, n if n is not None else values.index)]
    fig = _new_figure(1.6 + 0.95 * values.shape[1] + 0.055 * max(map(len, rows)), 1.2 + 0.38 * len(rows))
    ax = fig.add_subplot()
    masked = np.ma.masked_invalid(data)
    cmap = matplotlib.colormaps[SCORE_CMAP].with_extremes(bad="#e3e6ea")
    im = ax.imshow(masked, cmap=cmap, vmin=lo, vmax=hi, aspect="auto")
    ax.set_xticks(range(values.shape[1]), [str(c) for c in values.columns], rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    mid = (lo + hi) / 2
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            v = data[i, j]
            text = "–" if not math.isfinite(v) else _comma(v, 2, lang)
            colour = "#333333" if not math.isfinite(v) or v >= mid else "white"
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
    ax.set_title(title if title is not None else t("plot.heatmap_title", lang), fontsize=11, color=NAVY, loc="left")
    ax.tick_params(length=0, labelsize=8)
    for side in ax.spines.values():
        side.set_visible(False)
    fig.colorbar(im, ax=ax, shrink=0.8, label=t("plot.score_axis", lang, low=f"{lo:g}", high=f"{hi:g}"),
                 ticks=np.arange(math.ceil(lo), math.floor(hi) + 1))
    return _finish(fig, path)


def predikat_distribution(
    predikat,
    org_predikat: str = "Baik",
    *,
    title: str | None = None,
    path=None,
    lang: str | None = None,
) -> Figure:
    """Bar chart of the employee predikat shares with the kurva distribusi limits of ``org_predikat``.

    Limits on one predikat (SE MenPANRB 3/2023, via ``predikat.check_distribution``) are drawn
    on its bar: "maks." red dashed, "min." green; limits on several predikat together and the
    "most frequent" rules are listed under the chart with their status (memenuhi / tidak).

    Parameters
    ----------
    predikat : Series or array-like
        Employee predikat labels (missing ones are left out).
    org_predikat : str
        Organisation predikat (Istimewa / Baik / Butuh Perbaikan / Kurang / Sangat Kurang).
    path : str or Path, optional

    Raises
    ------
    ValueError
        Unknown labels or no employee with a predikat (from ``check_distribution``).
    """
    rules = check_distribution(predikat, org_predikat, all_rules=True)
    labels = pd.Series(normalise_predikat(pd.Series(list(predikat), dtype=object))).dropna()
    total = len(labels)
    counts = labels.value_counts().reindex(PREDIKAT_LABELS, fill_value=0)
    shares = counts / total
    fig = _new_figure(7.2, 4.4)
    ax = fig.add_subplot()
    x = np.arange(len(PREDIKAT_LABELS))
    ax.bar(x, shares.to_numpy() * 100, color=[PREDIKAT_COLOURS[p] for p in PREDIKAT_LABELS], width=0.62)
    for i, (c, s) in enumerate(zip(counts, shares)):
        ax.text(i, s * 100 + 1.2, f"{_comma(100 * s, 0, lang)}% ({c})", ha="center", fontsize=8)
    other = []
    for rule in rules.itertuples(index=False):
        ok = bool(rule.satisfied)
        if rule.rule in ("max", "min") and rule.predikat in PREDIKAT_LABELS:
            i = PREDIKAT_LABELS.index(rule.predikat)
            y = rule.limit * 100
            colour = "#c62828" if rule.rule == "max" else "#2e7d32"
            ax.hlines(y, i - 0.42, i + 0.42, colors=colour, linestyles="--", linewidth=1.6)
            word = t("plot.max" if rule.rule == "max" else "plot.min", lang)
            ax.text(i + 0.44, y, f"{word} {int(round(y))}%", color=colour, fontsize=7, va="center")
        else:
            if rule.rule in ("plurality", "some", "none"):
                text = t(f"plot.{rule.rule}", lang, predikat=rule.predikat)
            else:
                word = t("plot.max" if rule.rule == "max" else "plot.min", lang)
                text = f"{rule.predikat} {word} {int(round(rule.limit * 100))}%"
            other.append(f"{'✓' if ok else '✗'} {text}")
    ax.set_xticks(x, [p.replace("/", "/\n") for p in PREDIKAT_LABELS], fontsize=8)
    ax.set_ylabel(t("plot.share_axis", lang))
    ax.set_ylim(0, max(100 * shares.max() + 12, 80))
    ax.spines[["top", "right"]].set_visible(False)
    n_bad = int((~rules["satisfied"]).sum())
    status = t("plot.curve_ok", lang) if n_bad == 0 else t("plot.curve_bad", lang, n=n_bad)
    ax.set_title(title or t("plot.dist_title", lang, n=total, org=org_predikat, status=status),
                 fontsize=10, color=NAVY, loc="left")
    if other:
        ax.text(0.0, -0.22, "   ".join(other), transform=ax.transAxes, fontsize=8, va="top", color="#333333")
    return _finish(fig, path)


def self_vs_others(
    scores: pd.DataFrame,
    *,
    self_col: str = "mean_self",
    others_col: str = "mean_others",
    band: float = 0.5,
    scale: tuple[float, float] = (1, 5),
    title: str | None = None,
    path=None,
    lang: str | None = None,
) -> Figure:
    """Scatter of each ratee's self score against the others' score, with the line of agreement.

    Points above the band (``self - others > band``) menilai diri lebih tinggi, below
    lebih rendah; only ratees with both scores (others displayable) are drawn, unlabelled.

    Raises
    ------
    ValueError
        Missing columns or no ratee with both scores.
    """
    for col in (self_col, others_col):
        if col not in scores.columns:
            raise PlotError("plot.no_column", col=repr(col))
    both = scores[[self_col, others_col]].apply(pd.to_numeric, errors="coerce").dropna()
    if both.empty:
        raise PlotError("plot.no_pairs")
    s, o = both[self_col].to_numpy(), both[others_col].to_numpy()
    d = s - o
    fig = _new_figure(4.8, 4.4)
    ax = fig.add_subplot()
    lo, hi = scale
    ax.fill_between([lo, hi], [lo - band, hi - band], [lo + band, hi + band], color="#dfe8f5", label=t("plot.band", lang, band=_comma(band, 1, lang)))
    ax.plot([lo, hi], [lo, hi], color=NAVY, linewidth=1)
    colour = np.where(d > band, AGREE_COLOURS[0], np.where(d < -band, AGREE_COLOURS[1], AGREE_COLOURS[2]))
    ax.scatter(o, s, c=colour, s=18, alpha=0.8, edgecolors="none")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel(t("plot.others_axis", lang))
    ax.set_ylabel(t("plot.self_axis", lang))
    ax.set_aspect("equal")
    ax.spines[["top", "right"]].set_visible(False)
    n_hi, n_lo = int((d > band).sum()), int((d < -band).sum())
    ax.set_title(title if title is not None else t("plot.self_title", lang), fontsize=10, color=NAVY, loc="left")
    ax.text(0.02, 0.98, t("plot.self_counts", lang, n=len(d), hi=n_hi, lo=n_lo),
            transform=ax.transAxes, va="top", fontsize=8)
    return _finish(fig, path)
