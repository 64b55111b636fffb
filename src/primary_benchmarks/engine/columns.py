"""Cohorts built from columns: a long table (one row per rating) in any row order, from
plain strings, categoricals or codes, and from level codes already in the matrix's layout."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .._text import did_you_mean
from ..errors import Issue
from ..model.audit import School
from ..model.framework import Framework
from ..model.school_table import SchoolTable
from .building import _assemble
from .cohort import Cohort, order_rounds
from .evaluator import compiled_for
from .factorize import factorize, raw_column, stamps_of, to_days

__all__ = ["cohort_from_codes", "cohort_from_columns"]


def _all_different(keys: npt.NDArray[np.int64]) -> bool:
    ordered = np.sort(keys)
    return bool((ordered[1:] != ordered[:-1]).all())


def cohort_from_columns(framework: Framework, *, school: Any, date: Any, characteristic: Any,
                        level: Any, round: Any = None,
                        attributes: dict[str, Any] | None = None,
                        source: str = "<table>", first_line: int = 1,
                        lines: Sequence[int] | None = None,
                        columns: Mapping[str, int] | None = None,
                        ) -> tuple[Cohort, tuple[Issue, ...]]:
    """A cohort from a long table: one row per school, date, round, characteristic, level.

    Columns are array-likes of equal length (numpy arrays, lists, pandas
    Series; categorical columns are used without re-encoding). ``attributes``
    maps attribute names (``name``, ``local_authority``, ``type`` or any other)
    to columns; a school takes its first row's values. An audit is one
    (school, round, date); rows with unknown ids or levels, a characteristic
    rated twice in one audit, and a second audit of one school in one round are
    refused and reported, each with its row's line: ``lines[row]`` when given,
    else ``first_line + row``, and the column (1-based) of the cell at fault when
    ``columns`` maps ``characteristic`` and ``level`` to their places in the source.

    >>> from primary_benchmarks import load_framework
    >>> cohort, problems = cohort_from_columns(
    ...     load_framework("ne-primary"), school=["S1", "S1"], date=["2020-07-01"] * 2,
    ...     round=["summer", "summer"], characteristic=["P1.1", "P1.2"], level=["fully", "not"])
    >>> cohort.audit(0).ratings["P1.1"].level, problems
    ('fully', ())
    """

    def line_of(row: int) -> int:
        return lines[row] if lines is not None else row + first_line

    compiled = compiled_for(framework)
    problems: list[Issue] = []
    if len(characteristic) == 0:
        return _assemble([], framework), ()
    # Schools are compared as they are; only each audit's school is factorised later.
    sc, school_cats = raw_column(school)
    cc, char_cats = factorize(characteristic)
    lc, level_cats = factorize(level)
    stamps, unit = stamps_of(date)  # compared as they are; converted to days per audit only
    n = sc.shape[0]
    if round is not None:
        rc, round_cats = factorize(round)
    else:
        rc, round_cats = np.zeros(n, dtype=np.intp), [""]
    if not (cc.shape[0] == lc.shape[0] == stamps.shape[0] == rc.shape[0] == n):
        raise ValueError("every column of a long table must have the same length")

    def row_problem(rows: npt.NDArray[np.intp], code: str, message: str,
                    column: str | None = None) -> None:
        first = int(rows[0])
        more = f" ({rows.size:,} rows, the first shown)" if rows.size > 1 else ""
        where = "$" if lines is not None else f"$[{first}]"
        problems.append(Issue(file=source, line=line_of(first),
                              col=(columns or {}).get(column or ""),
                              path=f"{where}.{column}" if column else where, code=code,
                              message=message + more))

    col_of = np.array([compiled.index.get(str(c), -1) for c in char_cats] or [-1],
                      dtype=np.int16)
    lvl_of = np.array([compiled.level_code.get(str(c), -1) for c in level_cats] or [-1],
                      dtype=np.int8)
    col = col_of[cc]
    lvl = lvl_of[lc]
    all_known = int(col_of.min()) >= 0 and int(lvl_of.min()) >= 0
    valid = np.ones(0, dtype=bool) if all_known else (col >= 0) & (lvl >= 0)
    if not all_known:
        for k, cat in enumerate(char_cats):
            if col_of[k] < 0:
                rows = np.flatnonzero(cc == k)
                if rows.size and not str(cat).strip():
                    row_problem(rows, "missing-key", "the characteristic is empty",
                                "characteristic")
                elif rows.size:
                    row_problem(rows, "unknown-characteristic",
                                f"{cat!r} is not a characteristic of {framework.ref}"
                                f"{did_you_mean(str(cat), compiled.char_ids)}",
                                "characteristic")
        for k, cat in enumerate(level_cats):
            if lvl_of[k] < 0:
                rows = np.flatnonzero((lc == k) & (col >= 0))
                if rows.size:
                    row_problem(rows, "unknown-level",
                                f"{cat!r} is not a level of {framework.ref} (levels: "
                                f"{', '.join(compiled.level_ids)})"
                                f"{did_you_mean(str(cat), compiled.level_ids)}", "level")

    # Audits are runs of rows sharing school, round and date; sort only if runs repeat.
    order: npt.NDArray[np.intp] | None = None
    starts = _runs(sc, rc, stamps)
    # Runs averaging under two rows mean a shuffled or melt-ordered table: sort at once
    # rather than first proving that runs repeat (the sort is right for any order).
    grouped = starts.size * 2 <= n or len(compiled.char_ids) == 1
    if grouped:
        if school_cats is None:  # factorise the schools of the runs only
            run_sc, school_cats = factorize(sc[starts])
        else:
            run_sc = sc[starts]
        run_keys = np.stack([run_sc, rc[starts], to_days(stamps[starts], unit)],
                            axis=1).astype(np.int64)
    if not grouped or not _all_different(_key(run_keys)):
        # Rows of one audit are not together: factorise every school, then sort.
        sc, school_cats = factorize(school)
        order = _stable_order(sc, rc, stamps, unit)
        sc, rc, stamps, col, lvl = sc[order], rc[order], stamps[order], col[order], lvl[order]
        if not all_known:
            valid = valid[order]
        starts = _runs(sc, rc, stamps)
        run_keys = np.stack([sc[starts], rc[starts], to_days(stamps[starts], unit)],
                            axis=1).astype(np.int64)
    assert school_cats is not None  # factorised on either path
    n_runs = starts.size
    run_lengths = np.diff(np.append(starts, n))
    run_school, run_round, run_day = run_keys[:, 0], run_keys[:, 1], run_keys[:, 2]

    # A second audit of one school in one round (another date) is a conflict.
    keep_run = np.ones(n_runs, dtype=bool)
    pair = run_school.astype(np.int64) * (len(round_cats) + 1) + run_round
    _, first_of_pair = np.unique(pair, return_index=True)
    if first_of_pair.size != n_runs:
        keep_run[:] = False
        keep_run[first_of_pair] = True
        for r in np.flatnonzero(~keep_run).tolist():
            row = int(starts[r]) if order is None else int(order[starts[r]])
            label = _label(round_cats[run_round[r]], int(run_day[r]))
            problems.append(Issue(
                file=source, line=line_of(row), col=None,
                path="$" if lines is not None else f"$[{row}]",
                code="conflict",
                message=f"a second audit of school {school_cats[run_school[r]]!r} in round "
                        f"{label!r} (dated {_iso(int(run_day[r]))}); it was not used"))

    # Scatter ratings into the matrix; the first row wins when a characteristic repeats.
    n_kept = int(keep_run.sum())
    n_chars = len(compiled.char_ids)
    simple = n_kept == n_runs and (all_known or bool(valid.all()))
    if simple and bool((run_lengths == n_chars).all()):
        # The usual shape: every audit a block of one row per characteristic.
        col2, lvl2 = col.reshape(n_runs, n_chars), lvl.reshape(n_runs, n_chars)
        if np.unique(col2[0]).size == n_chars and bool((col2 == col2[0]).all()):
            codes = np.empty((n_kept, n_chars), dtype=np.int8)  # every cell written next
            codes[:, col2[0]] = lvl2
        else:
            codes = np.full((n_kept, n_chars), compiled.unrated_code, dtype=np.int8)
            np.put_along_axis(codes, col2.astype(np.intp), lvl2, axis=1)
        target_run: npt.NDArray[np.int32] | None = None
        used_rows: npt.NDArray[np.intp] | None = None
        use_col, use_lvl = col, lvl
    else:
        codes = np.full((n_kept, n_chars), compiled.unrated_code, dtype=np.int8)
        run_of_row = np.repeat(np.arange(n_runs, dtype=np.int32), run_lengths)
        if simple:
            used_rows, target_run, use_col, use_lvl = None, run_of_row, col, lvl
        else:
            new_index = (np.cumsum(keep_run) - 1).astype(np.int32)
            known = keep_run[run_of_row] if all_known else valid & keep_run[run_of_row]
            used_rows = np.flatnonzero(known)
            target_run = new_index[run_of_row[used_rows]]
            use_col, use_lvl = col[used_rows], lvl[used_rows]
        codes[target_run, use_col] = use_lvl
    filled = (codes != compiled.unrated_code).sum(axis=1)
    if target_run is None:
        short = np.flatnonzero(filled < n_chars)
    else:
        short = np.flatnonzero(np.bincount(target_run, minlength=n_kept) > filled)
    if short.size:
        # Some audits rate a characteristic twice: the first rating wins, and each such
        # audit is one problem naming all its repeated rows (one pass, not one per audit).
        if target_run is None:
            target_run = np.repeat(np.arange(n_runs, dtype=np.int32), run_lengths)
        key = target_run.astype(np.int64) * n_chars + use_col
        _, first = np.unique(key, return_index=True)
        codes[target_run[first], use_col[first]] = use_lvl[first]
        repeated = np.ones(key.size, dtype=bool)
        repeated[first] = False
        dups = np.flatnonzero(repeated)
        dups = dups[np.argsort(target_run[dups], kind="stable")]
        for group in np.split(dups, np.flatnonzero(np.diff(target_run[dups])) + 1):
            rows_in = group if used_rows is None else used_rows[group]
            original = rows_in if order is None else order[rows_in]
            row_problem(np.sort(original), "conflict",
                        f"characteristic {compiled.char_ids[int(use_col[group[0]])]!r} is "
                        "rated twice in one audit; the first rating was used")

    kept_runs = np.flatnonzero(keep_run)
    schools_used, school_of_audit = np.unique(run_school[kept_runs], return_inverse=True)
    first_rows = starts[kept_runs]
    if order is not None:
        first_rows = order[first_rows]
    _, first_audit_of_school = np.unique(school_of_audit, return_index=True)
    attrs_cols = {k: factorize(v) for k, v in (attributes or {}).items()}
    schools = []
    for s_pos, s_code in enumerate(schools_used.tolist()):
        row = int(first_rows[first_audit_of_school[s_pos]])
        values = {}
        for name, (codes_k, cats_k) in attrs_cols.items():
            value = cats_k[int(codes_k[row])] if int(codes_k[row]) >= 0 else None
            if value is not None and value == value and str(value) != "":
                values[name] = str(value)
        schools.append(School(id=str(school_cats[s_code]), name=values.pop("name", None),
                              local_authority=values.pop("local_authority", None),
                              type=values.pop("type", None), attributes=values))

    audit_round = run_round[kept_runs]
    audit_day = run_day[kept_runs]
    # An audit's round is its round label, or its date when the label is missing.
    missing = np.array([_label(c, 0) == _iso(0) for c in round_cats] or [True], dtype=bool)
    labels: list[str] = [str(c) for c in round_cats]
    label_of = audit_round.astype(np.int64)
    lacking = missing[audit_round]
    if lacking.any():
        days_missing, day_pos = np.unique(audit_day[lacking], return_inverse=True)
        label_of[lacking] = len(labels) + day_pos
        labels += [_iso(int(d)) for d in days_missing.tolist()]
    canon: dict[str, int] = {}  # one round per label text (a date label may also be given)
    same = np.array([canon.setdefault(x, len(canon)) for x in labels], dtype=np.int64)
    used, label_idx = np.unique(same[label_of], return_inverse=True)
    names = list(canon)
    uniq = [names[i] for i in used.tolist()]
    firsts = np.full(len(uniq), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(firsts, label_idx, audit_day)
    epoch = _dt.date(1970, 1, 1)
    ordered, order_pos = order_rounds(uniq, [epoch + _dt.timedelta(days=int(d))
                                             for d in firsts.tolist()])
    remap = np.array([order_pos[label] for label in uniq], dtype=np.int32)
    return Cohort(framework=framework, schools=tuple(schools),
                  school_index=school_of_audit.astype(np.int32),
                  dates=audit_day.astype("datetime64[D]"), round_labels=ordered,
                  round_index=remap[label_idx], codes=codes), tuple(problems)


def cohort_from_codes(framework: Framework, *, schools: Sequence[School] | SchoolTable,
                      school_index: npt.NDArray[np.int32], round_names: Sequence[str],
                      round_index: npt.NDArray[np.int32], days: npt.NDArray[np.int64],
                      codes: npt.NDArray[np.int8], lines: npt.NDArray[np.int64],
                      source: str) -> tuple[Cohort, tuple[Issue, ...]]:
    """A cohort from rows already coded, one audit per row (the wide-table shape).

    ``round_names[round_index[i]]`` is row ``i``'s round label (``""`` when it has none:
    its date becomes its round); ``days`` are days since 1970-01-01. A second audit of
    one school in one round is refused (the first row is kept), reported at its line.
    """
    n = int(codes.shape[0])
    table = schools if isinstance(schools, SchoolTable) else SchoolTable.from_schools(schools)
    names = list(round_names)
    label_idx = round_index.astype(np.int64)
    lacking = np.array([name == "" for name in names] or [False], dtype=bool)[label_idx] \
        if n else np.zeros(0, dtype=bool)
    if lacking.any():
        missing_days, day_pos = np.unique(days[lacking], return_inverse=True)
        label_idx = label_idx.copy()
        label_idx[lacking] = len(names) + day_pos
        names += [_iso(int(d)) for d in missing_days.tolist()]
    canon: dict[str, int] = {}  # one round per label text (a date may also be given as one)
    same = np.array([canon.setdefault(x, len(canon)) for x in names] or [0], dtype=np.int64)
    label_idx = same[label_idx] if n else label_idx
    pair = school_index.astype(np.int64) * (len(canon) + 1) + label_idx
    _, first = np.unique(pair, return_index=True)
    problems: list[Issue] = []
    keep = np.ones(n, dtype=bool)
    if first.size != n:
        keep[:] = False
        keep[first] = True
        labels = list(canon)
        for row in np.flatnonzero(~keep).tolist():
            problems.append(Issue(
                file=source, line=int(lines[row]), col=None, path="$", code="conflict",
                message=f"a second audit of school {table.ids[school_index[row]]!r} in round "
                        f"{labels[label_idx[row]]!r} (dated {_iso(int(days[row]))}); it was "
                        "not used"))
        school_index, label_idx, days, codes = (school_index[keep], label_idx[keep],
                                                days[keep], codes[keep])
    used_schools, school_pos = np.unique(school_index, return_inverse=True)
    used, label_pos = np.unique(label_idx, return_inverse=True)
    names_used = [list(canon)[i] for i in used.tolist()]
    firsts = np.full(len(names_used), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(firsts, label_pos, days)
    epoch = _dt.date(1970, 1, 1)
    ordered, order_pos = order_rounds(names_used, [epoch + _dt.timedelta(days=int(d))
                                                   for d in firsts.tolist()])
    remap = np.array([order_pos[x] for x in names_used] or [0], dtype=np.int32)
    return Cohort(framework=framework, schools=table.take(used_schools.tolist()),
                  school_index=school_pos.astype(np.int32),
                  dates=days.astype("datetime64[D]"), round_labels=ordered,
                  round_index=remap[label_pos].astype(np.int32),
                  codes=np.ascontiguousarray(codes, dtype=np.int8)), tuple(problems)


def _runs(sc: npt.NDArray[Any], rc: npt.NDArray[Any], days: npt.NDArray[Any]
          ) -> npt.NDArray[np.intp]:
    if sc.size == 0:
        return np.zeros(0, dtype=np.intp)
    change = (sc[1:] != sc[:-1]) | (rc[1:] != rc[:-1]) | (days[1:] != days[:-1])
    return np.concatenate(([0], np.flatnonzero(change) + 1)).astype(np.intp)


def _stable_order(sc: npt.NDArray[Any], rc: npt.NDArray[Any], stamps: npt.NDArray[np.int64],
                  unit: str) -> npt.NDArray[np.intp]:
    """The row order grouping rows by (school, round, date), ties kept in row order.

    The three codes and the row number are packed into one integer when they fit, so a
    single (unstable, fast) sort is stable; otherwise a three-key stable sort.
    """
    n = sc.shape[0]
    days = to_days(stamps, unit)
    if unit != "D" and not bool((days.astype("datetime64[D]").astype(f"datetime64[{unit}]")
                                 .view(np.int64) == stamps).all()):
        days = stamps  # times of day: keep them apart (the span decides the sort used)
    parts = [np.asarray(a, dtype=np.int64) for a in (sc, rc, days)]
    parts = [a - a.min() for a in parts]  # missing values may be coded -1
    spans = [int(a.max()) + 1 for a in parts]
    if float(spans[0]) * spans[1] * spans[2] * max(n, 1) < 2.0 ** 62:
        key = (parts[0] * spans[1] + parts[1]) * spans[2] + parts[2]
        key *= n
        key += np.arange(n, dtype=np.int64)
        return np.argsort(key).astype(np.intp)
    return np.lexsort((stamps, rc, sc)).astype(np.intp)


def _key(run_keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """One integer per (school, round, day) row of ``run_keys``, for fast uniqueness."""
    if run_keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    lo = run_keys.min(axis=0)
    span = run_keys.max(axis=0) - lo + 1
    shifted = run_keys - lo
    if float(span[0]) * float(span[1]) * float(span[2]) < 2.0 ** 62:
        combined: npt.NDArray[np.int64] = ((shifted[:, 0] * span[1] + shifted[:, 1]) * span[2]
                                           + shifted[:, 2])
        return combined
    inverse: npt.NDArray[np.int64] = np.unique(run_keys, axis=0, return_inverse=True)[1]
    return inverse.astype(np.int64).ravel()


def _iso(day: int) -> str:
    return str(np.datetime64(day, "D"))


def _label(round_value: Any, day: int) -> str:
    if round_value is None or round_value != round_value or str(round_value) == "":
        return _iso(day)
    return str(round_value)
