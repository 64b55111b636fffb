"""Charts for reports (matplotlib, an optional extra: ``pip install 'primary-benchmarks[plot]'``).

Every function takes ``ax=None`` (a new figure when not given) and returns the Axes.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import primary_benchmarks as pb
>>> from primary_benchmarks.output.plot import plot_levels
>>> from primary_benchmarks.formats import sample
>>> result = pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort)
>>> ax = plot_levels(result)
>>> [t.get_text() for t in ax.get_xticklabels()][:3]
['P1', 'P2', 'P3']
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

import attrs

from .._extras import need
from ..analysis.report import CohortReport, RoundReport
from ..analysis.scoring import AuditScore
from ..model.checks import check_argument
from ..model.framework import Framework

__all__ = ["GRID_COLOURS", "LEVEL_COLOURS", "OKABE_ITO", "plain", "plot_change", "plot_grid",
           "plot_histogram", "plot_levels", "plot_rounds", "plot_wheel", "save_report_plots"]



#: Every chart draws in the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"),
#: told apart by readers with any common form of colour blindness, plus greys.
OKABE_ITO: Final = {"orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
                    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
                    "reddish purple": "#CC79A7", "black": "#000000"}
#: The levels of a scale, highest first, then the not-applicable level in grey.
LEVEL_COLOURS: Final = (OKABE_ITO["blue"], OKABE_ITO["sky blue"], OKABE_ITO["orange"],
                        OKABE_ITO["vermillion"], OKABE_ITO["reddish purple"], "#BBBBBB")

def plain(text: object) -> str:
    r"""User text as matplotlib shows it literally: ``$`` would start mathematics (and a
    label such as ``$x`` crashes the drawing), so it is escaped.

    >>> plain("Summer $2020$")
    'Summer \\$2020\\$'
    """
    return str(text).replace("$", r"\$")


def _plt() -> Any:
    return need("matplotlib.pyplot", "plot")


def _axes(ax: Any, polar: bool = False) -> Any:
    if ax is not None:
        return ax
    plt = _plt()
    fig = plt.figure(figsize=(7, 4.5) if not polar else (5.5, 5.5))
    return fig.add_subplot(111, projection="polar" if polar else None)


def _round(result: CohortReport, label: str | None, group: str | None) -> RoundReport:
    rows = [r for r in result.rounds if r.group == group]
    if not rows:
        raise ValueError(f"the report has no rows for group {group!r}")
    if label is None:
        return rows[0]
    return result.round(label, group)


def plot_levels(result: CohortReport, round: str | None = None, *, group: str | None = None,
                framework: Framework | None = None, ax: Any = None) -> Any:
    """The pilot table as stacked bars: the share of ratings at each level per benchmark,
    highest level at the bottom (the first round unless ``round`` is given)."""
    check_argument("plot_levels", "result", result, CohortReport)
    ax = _axes(ax)
    r = _round(result, round, group)
    fw = framework or result.framework
    levels = list(reversed(fw.scale.applicable))
    if fw.scale.not_applicable is not None:
        levels.append(fw.scale.not_applicable)
    ids = [plain(b.id) for b in r.benchmarks]
    bottom = [0.0] * len(ids)
    for i, level in enumerate(levels):
        values = [b.levels.get(level.id, 0.0) * 100 for b in r.benchmarks]
        colour = (LEVEL_COLOURS[-1] if level is fw.scale.not_applicable
                  else LEVEL_COLOURS[i % (len(LEVEL_COLOURS) - 1)])
        ax.bar(ids, values, bottom=bottom, label=plain(level.label), color=colour,
               edgecolor="white")
        bottom = [a + b for a, b in zip(bottom, values, strict=True)]
    ax.set_ylabel("Share of ratings (%)")
    ax.set_ylim(0, 100)
    ax.set_title(plain(f"{r.round} ({r.date.isoformat()}), {fw.institution_count(r.audits)}"))
    ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_wheel(score: AuditScore, result: CohortReport, round: str | None = None, *,
               group: str | None = None, ax: Any = None) -> Any:
    """A wheel (radar) of one school's share of characteristics achieved per benchmark,
    against the cohort's pooled share at the achieved levels in ``round``."""
    ax = _axes(ax, polar=True)
    r = _round(result, round, group)
    fw = result.framework
    achieved = fw.scale.achieved_ids
    ids = [b.id for b in score.benchmarks]
    angles = [2 * math.pi * i / len(ids) for i in range(len(ids))]
    school = [(b.characteristics_achieved or 0.0) * 100 for b in score.benchmarks]
    cohort = [sum(b.levels.get(a, 0.0) for a in achieved) * 100 for b in r.benchmarks]
    for values, label, style in ((school, f"School {score.school}", "-"),
                                 (cohort, f"Cohort, {r.round}", "--")):
        ax.plot([*angles, angles[0]], [*values, values[0]], style, label=plain(label),
                color=OKABE_ITO["blue"] if style == "-" else OKABE_ITO["orange"])
    ax.fill([*angles, angles[0]], [*school, school[0]], alpha=0.15, color=OKABE_ITO["blue"])
    ax.set_xticks(angles)
    ax.set_xticklabels([plain(i) for i in ids])
    ax.set_ylim(0, 100)
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_rounds(result: CohortReport, *, group: str | None = None, ax: Any = None) -> Any:
    """Averages across rounds as lines: characteristics achieved (%, left axis) and the mean
    number of benchmarks achieved (right axis). For a cohort carried across framework
    versions, a dashed line marks each series break (where rounds of carried, estimated
    figures meet rounds audited against the version itself)."""
    ax = _axes(ax)
    rows = [r for r in result.rounds if r.group == group]
    labels = [plain(r.round) for r in rows]
    shares = [(r.characteristics_achieved or 0.0) * 100 for r in rows]
    means = [r.benchmarks_achieved or 0.0 for r in rows]
    ax.plot(labels, shares, marker="o", label="Characteristics achieved (%)",
            color=OKABE_ITO["blue"])
    ax.set_ylabel("Characteristics achieved (%)")
    ax.set_ylim(0, 100)
    right = ax.twinx()
    right.plot(labels, means, marker="s", color=OKABE_ITO["vermillion"],
               label="Benchmarks achieved (mean)")
    right.set_ylabel(f"Benchmarks achieved (mean per {result.framework.institution})")
    right.set_ylim(0, max(len(rows[0].benchmarks) if rows else 1, 1))
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper left", fontsize="small")
    estimated = [r.round in result.estimates for r in rows]
    for i in range(1, len(rows)):
        if estimated[i] != estimated[i - 1]:
            ax.axvline(i - 0.5, color="#666666", linestyle="--", linewidth=1)
            ax.annotate("series break: framework version", (i - 0.5, 98), ha="center",
                        va="top", fontsize="x-small", color="#444444")
    ax.set_title("Averages across rounds" + (" (estimated rounds carried from another "
                                             "framework version)" if any(estimated) else ""))
    return ax


def plot_histogram(result: CohortReport, round: str | None = None, *,
                   group: str | None = None, ax: Any = None) -> Any:
    """How many institutions achieved 0, 1, 2, ... benchmarks in ``round`` (the last by
    default)."""
    ax = _axes(ax)
    rows = [r for r in result.rounds if r.group == group]
    r = result.round(round, group) if round is not None else rows[-1]
    counts = list(r.benchmarks_achieved_histogram)
    ax.bar([str(k) for k in range(len(counts))], counts, color=OKABE_ITO["bluish green"])
    ax.set_xlabel("Benchmarks achieved")
    many = result.framework.institutions
    ax.set_ylabel(plain(many.capitalize()))
    ax.set_title(plain(f"{r.round} ({r.date.isoformat()}), "
                       f"{result.framework.institution_count(r.audits)}"))
    return ax


def plot_change(result: CohortReport, before: str | None = None, *,
                group: str | None = None, ax: Any = None) -> Any:
    """Per benchmark, the share of the paired schools (audited in both rounds) achieving it
    in one round and the next, as pairs of bars, each pair labelled with how many ratings
    moved up and down (the first change unless ``before`` names its earlier round)."""
    ax = _axes(ax)
    changes = [p for p in result.progress if p.group == group]
    if before is not None:
        changes = [p for p in changes if p.before == before]
    if not changes:
        raise ValueError(f"the report has no change from round {before!r} for group "
                         f"{group!r}")
    change = changes[0]
    ids = [plain(b.id) for b in change.benchmarks]
    at = list(range(len(ids)))
    width = 0.4
    for shift, label, values, colour in (
            (-width / 2, change.before, [b.achieved_before for b in change.benchmarks],
             OKABE_ITO["sky blue"]),
            (width / 2, change.after, [b.achieved_after for b in change.benchmarks],
             OKABE_ITO["blue"])):
        ax.bar([x + shift for x in at], [(v or 0.0) * 100 for v in values], width,
               label=plain(label), color=colour)
    for x, b in zip(at, change.benchmarks, strict=True):
        ax.annotate(f"+{b.moved_up}/-{b.moved_down}", (x, 100), ha="center", va="top",
                    fontsize="x-small", color="#555555")
    ax.set_xticks(at)
    ax.set_xticklabels(ids)
    ax.set_ylim(0, 105)
    many = result.framework.institutions
    ax.set_ylabel(plain(f"Benchmark achieved (% of paired {many})"))
    ax.set_title(plain(f"{change.before} to {change.after}: "
                       f"{result.framework.institution_count(change.paired_schools)} "
                       "in both (ratings up/down)"))
    ax.legend(loc="upper left", fontsize="small")
    return ax


#: The grid's colours, from the Okabe-Ito palette: achieved blue, partially orange, not grey,
#: n/a white.
GRID_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"], "#BBBBBB", "#FFFFFF")


def plot_grid(grid: Any, ax: Any = None) -> Any:
    """A heatmap of a hub's grid (:func:`primary_benchmarks.analysis.grid.school_grid`):
    a row per school, a column per benchmark, coloured by state (Okabe-Ito colours)."""
    from ..analysis.grid import GRID_STATES

    colors = need("matplotlib.colors", "plot")
    ax = _axes(ax)
    rank = {state: k for k, state in enumerate(GRID_STATES)}
    values = [[rank[s] for s in row.states] for row in grid.rows] or [[3] * len(
        grid.benchmark_ids)]
    ax.imshow(values, aspect="auto", interpolation="nearest", vmin=0, vmax=3,
              cmap=colors.ListedColormap(GRID_COLOURS))
    ax.set_xticks(range(len(grid.benchmark_ids)))
    ax.set_xticklabels([plain(b) for b in grid.benchmark_ids])
    if len(grid.rows) <= 60:
        ax.set_yticks(range(len(grid.rows)))
        ax.set_yticklabels([plain(r.school) for r in grid.rows], fontsize="x-small")
    else:
        ax.set_yticks([])
    patches = need("matplotlib.patches", "plot")
    ax.legend(handles=[patches.Patch(facecolor=c, edgecolor="#777777", label=state)
                       for c, state in zip(GRID_COLOURS, GRID_STATES, strict=True)],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    ax.set_title(f"{len(grid.rows)} {grid.framework.institutions} x benchmarks")
    return ax


def save_report_plots(result: CohortReport, folder: Any) -> list[str]:
    """Write the level bars and the histogram of benchmarks achieved of every round, the
    averages across rounds and each paired change between rounds, as PNG and SVG into
    ``folder``, each named after what it shows (``levels-baseline.png``,
    ``change-baseline-to-end-of-y1.svg``); return the file names written."""
    import io
    from pathlib import Path

    from ..errors import SaveError
    from ..formats.files import atomic_write, file_problem

    plt = _plt()
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:
        problem = file_problem(out, exc, writing=True)
        if isinstance(exc, FileExistsError):
            problem = attrs.evolve(problem, code="not-a-file",
                                   message="is a file, not a folder to write charts into")
        raise SaveError([problem]) from None
    written: list[str] = []
    charts: list[tuple[str, Any]] = []
    names: dict[str, int] = {}

    def name(*parts: str) -> str:
        """A file name saying what the chart shows (``levels-end-of-y1``), unique."""
        slug = "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") or "x"
                        for p in parts)[:80]
        names[slug] = names.get(slug, 0) + 1
        return slug if names[slug] == 1 else f"{slug}-{names[slug]}"

    for r in (x for x in result.rounds if x.group is None or result.by is None):
        charts.append((name("levels", r.round), lambda ax, r=r: plot_levels(
            result, r.round, group=r.group, ax=ax)))
    if result.by is None:
        charts.append((name("rounds"), lambda ax: plot_rounds(result, ax=ax)))
        for r in result.rounds:
            charts.append((name("histogram", r.round), lambda ax, r=r: plot_histogram(
                result, r.round, ax=ax)))
        for p in result.progress:
            charts.append((name("change", p.before, "to", p.after),
                           lambda ax, p=p: plot_change(result, p.before, ax=ax)))
    for stem, draw in charts:
        fig = plt.figure(figsize=(7, 4.5))
        draw(fig.add_subplot(111))
        fig.tight_layout()
        try:
            for ext in ("png", "svg"):
                buffer = io.BytesIO()
                fig.savefig(buffer, format=ext)
                atomic_write(out / f"{stem}.{ext}", buffer.getvalue())
                written.append(f"{stem}.{ext}")
        finally:
            plt.close(fig)
    return written
