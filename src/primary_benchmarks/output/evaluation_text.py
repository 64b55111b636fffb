"""The evaluation figures of a report as text: attrition for every step, and, when the
report has intervals, each round's intervals and each step's paired change with its interval,
effect size and McNemar tests."""

from __future__ import annotations

from ..analysis.report_types import CohortReport

__all__ = ["evaluation_text", "snapshot_text"]


def snapshot_text(result: CohortReport) -> str:
    """For a report ``as_of`` dates: how old each date's audits are, and who had none.

    >>> import datetime as dt, primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> cohort = pb.load_cohort(sample("pilot-audits.csv")).cohort
    >>> print(snapshot_text(pb.report(cohort, as_of=dt.date(2021, 12, 31))))
    As of 2021-12-31: 70 schools with an audit (median age 172 days, oldest 536); none without.
    """
    fw = result.framework
    lines = []
    for label, facts in result.snapshots.items():
        missing = facts.schools_without_audit
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more"
                                            if len(missing) > 10 else "")
        age = ("" if facts.median_age_days is None else
               f" (median age {facts.median_age_days:.0f} days, oldest "
               f"{facts.oldest_age_days})")
        lines.append(f"As of {label}: {fw.institution_count(facts.schools)} with an audit{age}; "
                     + (f"{len(missing)} without: {shown}." if missing else "none without."))
    return "\n".join(lines)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}"


def _interval(pair: list[float] | None, percent: bool) -> str:
    if pair is None:
        return "(no interval)"
    show = _pct if percent else _num
    return f"({show(pair[0])} to {show(pair[1])})"


def evaluation_text(result: CohortReport) -> str:
    """The lines to print after the report's tables (empty when there is nothing to add).

    >>> import primary_benchmarks as pb
    >>> from primary_benchmarks.formats import sample
    >>> text = evaluation_text(pb.report(pb.load_cohort(sample("pilot-audits.csv")).cohort))
    >>> text.splitlines()[0]
    'From end of Y1 to end of Y2: 58 schools stayed, 12 left, 0 joined.'
    """
    fw = result.framework
    lines: list[str] = []
    for p in result.progress:
        step = result.steps.get((p.before, p.after, p.group))
        if step is None:
            continue
        a = step.attrition
        where = f" ({result.by}: {p.group})" if p.group is not None else ""
        if not a["left"] and not a["joined"] and not result.method:
            continue
        lines.append(f"From {p.before} to {p.after}{where}: "
                     f"{fw.institution_count(a['stayed'])} stayed, {a['left']} left, "
                     f"{a['joined']} joined.")
        if a["left"]:
            lines.append(f"  at {p.before}, those who stayed: "
                         f"{_pct(a['stayed_characteristics_achieved_before'])} characteristics "
                         f"achieved, {_num(a['stayed_benchmarks_achieved_before'])} benchmarks; "
                         f"those who left: {_pct(a['left_characteristics_achieved_before'])}, "
                         f"{_num(a['left_benchmarks_achieved_before'])}")
        if result.method:
            change = p.paired_characteristics_achieved
            lines.append("  paired change: characteristics achieved "
                         + (f"{change:+.0%} " if change is not None else "- "))
            lines[-1] += (f"{_interval(step.paired_characteristics_achieved_ci, True)}, "
                          f"benchmarks {_num(p.paired_benchmarks_achieved)} "
                          f"{_interval(step.paired_benchmarks_achieved_ci, False)}; effect size "
                          f"d_z {_num(step.effect_size)}")
            tests = ", ".join(f"{bid} {_p(v)}" for bid, v in step.mcnemar_p.items())
            lines.append(f"  McNemar p (achieved, paired): {tests}")
            lines += [f"  note: {w}" for w in step.warnings]
    if result.method:
        m = result.method
        lines.insert(0, f"Intervals: {m['ci']:.0%} {m['method']}, {m['replicates']:,} "
                        f"replicates resampling {m['resampled']}, seed {m['seed']}.")
        for r in result.rounds:
            u = result.uncertainty.get((r.round, r.group))
            if u is None:
                continue
            where = f" ({result.by}: {r.group})" if r.group is not None else ""
            lines.append(f"{r.round}{where}: characteristics achieved "
                         f"{_pct(r.characteristics_achieved)} "
                         f"{_interval(u.characteristics_achieved_ci, True)}, benchmarks "
                         f"achieved {_num(r.benchmarks_achieved)} "
                         f"{_interval(u.benchmarks_achieved_ci, False)}")
            lines += [f"  note: {w}" for w in u.warnings]
    return "\n".join(lines)


def _p(value: float | None) -> str:
    if value is None:
        return "-"
    return "<0.001" if value < 0.001 else f"{value:.3f}"
