"""A cohort report as one self-contained HTML page: each table with its chart beside it.

Per round (and group): a heading, the share of ratings at each level per benchmark with its
stacked bars, and the histogram of benchmarks achieved; then the averages across rounds
with their chart, and each paired change between rounds with its chart. Charts are SVG
drawn on figures of their own (the user's matplotlib backend is never switched), each in a
``<figure>`` with a caption and alt text; without matplotlib the page says how to add them.
Every user-supplied string is escaped.
"""

from __future__ import annotations

import functools
import html as _html
import io
from collections.abc import Callable, Sequence
from typing import Any

from .._html import html_table, pct
from .._version import VERSION
from ..analysis.disclosure import SUPPRESSED
from ..analysis.report import CohortReport
from ..model.framework import Framework
from .render import (
    _change_caption,
    _mean,
    change_rows,
    default_at_least,
    headline_rows,
    hide_suppressed,
    model_rows,
)

__all__ = ["MAX_CHARTED_GROUPS", "produced_by", "report_html", "table_page"]


def produced_by(framework: Framework) -> str:
    """The note that says what made a report, so a figure can be traced to it.

    >>> import primary_benchmarks as pb
    >>> produced_by(pb.load_framework("ne-primary")).startswith("Produced by primary-benchmarks ")
    True
    """
    from ..formats.framework_format import framework_hash

    return (f"Produced by primary-benchmarks {VERSION} from the framework {framework.ref} "
            f"(content sha256 {framework_hash(framework)[:12]}); cite both (see CITATION.cff).")

#: A report broken down into more groups than this gets tables only (charts for every one
#: of hundreds of groups would make a page no one can open).
MAX_CHARTED_GROUPS = 12

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:62em;margin:2em auto;color:#222}"
          "table{border-collapse:collapse;margin:1em 0}"
          "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
          "td:first-child,th:first-child{text-align:left}caption{text-align:left;"
          "font-weight:bold;padding:.3em 0}.pair{display:flex;flex-wrap:wrap;gap:1.5em;"
          "align-items:flex-start}figure{margin:0;max-width:34em}figure svg{max-width:100%;"
          "height:auto}figcaption{font-size:.9em;color:#555}"
          ".wide{max-width:100%;overflow-x:auto}p,caption{overflow-wrap:anywhere}"
          "@media print{body{max-width:none;margin:0;font-size:10pt;color:#000}"
          "figure,table{break-inside:avoid}h2,h3{break-after:avoid}"
          ".wide{overflow:visible}figcaption{color:#000}td,th{border-color:#888}}")


def _figure(draw: Callable[..., Any] | None, caption: str, alt: str) -> str:
    if draw is None:
        return ""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4.5))
    draw(ax=fig.add_subplot(111))
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = svg.replace("<svg", f"<svg role='img' aria-label='{_html.escape(alt, quote=True)}'",
                      1)
    return f"<figure>{svg}<figcaption>{_html.escape(caption)}</figcaption></figure>"


def report_html(result: CohortReport, *, notes: Sequence[str] = (),
                framework: Framework | None = None, at_least: int | None = None) -> str:
    """The whole report as one HTML page (see the module docs).

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> page = report_html(pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort))
    >>> page.count("<h2>"), page.count("<figure>")
    (6, 9)
    """
    from ..output import plot

    fw = framework or result.framework
    many = fw.institutions
    scale = fw.scale
    shown = [*reversed(scale.applicable)]
    if scale.not_applicable is not None:
        shown.append(scale.not_applicable)
    k = at_least if at_least is not None else default_at_least(len(fw.benchmarks))
    title = f"Cohort report: {fw.title} ({fw.ref})"
    groups = list(dict.fromkeys(r.group for r in result.rounds))
    try:
        import matplotlib  # noqa: F401

        charts = len(groups) <= MAX_CHARTED_GROUPS
    except ImportError:
        charts = False
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>{_html.escape(title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{_html.escape(title)}</h1>"]
    parts += [f"<p><em>{_html.escape(n)}</em></p>" for n in notes]
    if not charts:
        parts.append("<p>Charts need matplotlib: pip install 'primary-benchmarks[plot]'.</p>"
                     if len(groups) <= MAX_CHARTED_GROUPS else
                     f"<p>{len(groups)} groups: tables only (charts are drawn for up to "
                     f"{MAX_CHARTED_GROUPS}).</p>")

    def chart(draw: Callable[..., Any]) -> Callable[..., Any] | None:
        return draw if charts else None

    achieved = scale.level(scale.achieved_ids[0]).label.lower()
    for group in groups:
        where = f", {result.by}: {group}" if group is not None else ""
        if group is not None:
            parts.append(f"<h2>{_html.escape(f'{result.by}: {group}')}</h2>")
        rounds = [r for r in result.rounds if r.group == group]
        for r in rounds:
            head = f"{r.round} ({r.date.isoformat()}), {fw.institution_count(r.audits)}{where}"
            parts.append(f"<{'h3' if group is not None else 'h2'}>{_html.escape(head)}"
                         f"</{'h3' if group is not None else 'h2'}>")
            rows = [[b.id, *(SUPPRESSED if b.suppressed else pct(b.levels[lv.id])
                             for lv in shown)] for b in r.benchmarks]
            parts.append("<div class='pair'>" + html_table(
                ["Benchmark", *(lv.label for lv in shown)], rows,
                caption="Share of ratings at each level")
                + _figure(chart(functools.partial(
                    plot.plot_levels, result, r.round, group=r.group, framework=fw)),
                    f"Share of ratings at each level per benchmark, {r.round}",
                    f"Stacked bars, one per benchmark, of the share of ratings at each level "
                    f"in {r.round}")
                + _figure(chart(functools.partial(
                    plot.plot_histogram, result, r.round, group=r.group)),
                    f"{many.capitalize()} by the number of benchmarks achieved, {r.round}",
                    f"Bars of how many {many} achieved each number of benchmarks in "
                    f"{r.round}") + "</div>")
        parts.append(f"<h2>{_html.escape('Averages over ' + many + where)}</h2>")
        parts.append("<div class='pair'>" + html_table(
            ["", *(f"{r.round} ({r.date.strftime('%b %Y')})" for r in rounds)],
            hide_suppressed([
             [f"Characteristics {achieved}", *(pct(r.characteristics_achieved) for r in rounds)],
             [f"Benchmarks achieved (mean count per {fw.institution})",
              *(_mean(r.benchmarks_achieved) for r in rounds)],
             *headline_rows(rounds, len(fw.benchmarks), k, fw.institution, many),
             *model_rows(rounds),
             [f"{many.capitalize()} audited", *(str(r.audits) for r in rounds)]], rounds),
            caption=f"Averages over {many}")
            + _figure(chart(functools.partial(plot.plot_rounds, result, group=group)),
                      "Averages across rounds",
                      f"Lines across rounds of the share of characteristics {achieved} and "
                      "the mean number of benchmarks achieved") + "</div>")
        for change in (p for p in result.progress if p.group == group and p.benchmarks):
            columns, *body = change_rows(change)
            caption = _change_caption(change, fw) + where
            parts.append(f"<h2>{_html.escape(f'From {change.before} to {change.after}')}</h2>")
            parts.append("<div class='pair'>" + html_table(columns, body, caption=caption)
                         + _figure(chart(functools.partial(
                             plot.plot_change, result, change.before, group=change.group)),
                             caption,
                             f"Pairs of bars per benchmark: the share of the paired {many} "
                             f"achieving it in {change.before} and in {change.after}")
                         + "</div>")
    if result.reference is not None:
        from .reference_text import comparison_rows, comparison_sources

        columns, *body = comparison_rows(result)
        parts.append("<h2>Compared with published figures</h2>")
        parts.append(html_table(columns, body, caption=f"{result.reference.title} "
                                f"({result.reference.ref}, {result.reference.publisher})"))
        parts += [f"<p>{_html.escape(s)}</p>" for s in comparison_sources(result)]
    if result.disclosure:
        parts.append(f"<p><em>{SUPPRESSED}: {_html.escape(result.disclosure['rule'])}.</em></p>")
    parts.append(f"<footer><p>{_html.escape(produced_by(fw))}</p></footer></body></html>")
    return "\n".join(parts)


def table_page(title: str, paragraphs: Sequence[str],
               tables: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]],
               footer: str = "") -> str:
    """A self-contained page of captioned tables, styled as the report is (the hub pages:
    ``grid`` and ``plans`` as HTML). Every text is escaped.

    >>> page = table_page("Grid", ["One school."], [("Benchmarks", ["School", "P1"],
    ...                                            [["100001", "yes"]])])
    >>> page.count("<caption>"), "<h1>Grid</h1>" in page
    (1, True)
    """
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>{_html.escape(title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{_html.escape(title)}</h1>"]
    parts += [f"<p>{_html.escape(p)}</p>" for p in paragraphs]
    for caption, columns, rows in tables:
        parts.append(f"<div class='wide'>{html_table(columns, rows, caption=caption)}</div>")
    if footer:
        parts.append(f"<footer><p>{_html.escape(footer)}</p></footer>")
    parts.append("</body></html>")
    return "\n".join(parts)
