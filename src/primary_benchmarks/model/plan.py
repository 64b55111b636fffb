"""Action plans: a school's targets (a characteristic or benchmark, the level to reach, a
due date) and the actions, owners and statuses that should get there.

Evaluating a plan against audits is in :mod:`primary_benchmarks.analysis.plans`.

>>> import datetime as dt
>>> t = Target(id="T1", characteristic="P1.2", level="fully", due=dt.date(2020, 7, 1))
>>> ActionPlan(framework="ne-primary@1.0.0", school=School(id="1"),
...            created=dt.date(2019, 9, 1), targets=(t,)).targets[0].id
'T1'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Final

import attrs

from ..errors import ModelError
from .audit import School
from .checks import check_date, check_id, check_text
from .version import FrameworkRef

__all__ = ["ACTION_STATUSES", "TARGET_STATUSES", "Action", "ActionPlan", "Target"]

#: Statuses of an action; planned and in_progress are "open".
ACTION_STATUSES: Final = ("planned", "in_progress", "done", "dropped")
#: Statuses of a target against an audit.
TARGET_STATUSES: Final = ("met", "not_applicable", "overdue", "at_risk", "not_yet")
_OPEN: Final = ("planned", "in_progress")


@attrs.frozen(kw_only=True)
class Action:
    """One thing to do towards a target: who, by when, and where it stands.

    >>> Action(description="Book a visit", owner="Head", status="in_progress").open
    True
    """

    description: str
    owner: str
    due: _dt.date | None = None
    status: str = "planned"
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        check_text("Action", "description", self.description)
        check_text("Action", "owner", self.owner)
        check_date("Action.due", self.due, optional=True)
        if self.status not in ACTION_STATUSES:
            raise ModelError.of("Action.status", "invalid-value", f"{self.status!r} is not "
                                f"an action status ({', '.join(ACTION_STATUSES)})")

    @property
    def open(self) -> bool:
        """Whether the action is still to be finished (planned or in progress)."""
        return self.status in _OPEN


def _actions(value: Iterable[Action]) -> tuple[Action, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Target:
    """A characteristic (or a whole benchmark) to bring to ``level`` by ``due``.

    Exactly one of ``characteristic`` and ``benchmark`` is set. A benchmark target
    without a level means "the benchmark achieved by its rule".

    >>> import datetime as dt
    >>> Target(id="T1", benchmark="P4", due=dt.date(2021, 7, 1)).subject
    'P4'
    """

    id: str
    due: _dt.date
    characteristic: str | None = None
    benchmark: str | None = None
    level: str | None = None
    success_measure: str | None = None
    actions: tuple[Action, ...] = attrs.field(default=(), converter=_actions)
    closed: _dt.date | None = None

    def __attrs_post_init__(self) -> None:
        check_id("Target", "id", self.id)
        check_date("Target.due", self.due)
        check_date("Target.closed", self.closed, optional=True)
        if (self.characteristic is None) == (self.benchmark is None):
            raise ModelError.of("Target.characteristic", "invalid-value",
                                "give exactly one of characteristic and benchmark")
        for name in ("characteristic", "benchmark", "level"):
            if getattr(self, name) is not None:
                check_id("Target", name, getattr(self, name))

    @property
    def subject(self) -> str:
        """The characteristic or benchmark id the target is about."""
        return self.characteristic or self.benchmark or ""


def _targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return tuple(value)


def _ref(value: FrameworkRef | str) -> FrameworkRef:
    return FrameworkRef.parse(value) if isinstance(value, str) else value


def _dates(value: Iterable[_dt.date]) -> tuple[_dt.date, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ActionPlan:
    """A school's plan against one framework version; ``version`` counts its reviews.

    ``starts_from`` is the date of the audit the plan was written from, if any;
    ``closed_targets`` holds targets met and closed at a review.

    >>> load_plan = __import__("primary_benchmarks").load_plan
    >>> from primary_benchmarks.formats import sample
    >>> load_plan(sample("pilot-plan-SYN001.yaml")).target("T9").benchmark
    'P4'
    """

    framework: FrameworkRef = attrs.field(converter=_ref)
    school: School
    created: _dt.date
    targets: tuple[Target, ...] = attrs.field(converter=_targets)
    version: int = 1
    starts_from: _dt.date | None = None
    reviews: tuple[_dt.date, ...] = attrs.field(default=(), converter=_dates)
    closed_targets: tuple[Target, ...] = attrs.field(default=(), converter=_targets)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.school, School):
            raise ModelError.of("ActionPlan.school", "wrong-type", f"expected a School, such "
                                f"as School(id={self.school!r}), got "
                                f"{type(self.school).__name__}")
        check_date("ActionPlan.created", self.created)
        check_date("ActionPlan.starts_from", self.starts_from, optional=True)
        seen: set[str] = set()
        for target in (*self.targets, *self.closed_targets):
            if not isinstance(target, Target):
                raise ModelError.of("ActionPlan.targets", "wrong-type",
                                    f"expected a Target, got {type(target).__name__}")
            if target.id in seen:
                raise ModelError.of("ActionPlan.targets", "duplicate-id",
                                    f"target {target.id!r} is defined twice")
            seen.add(target.id)

    def target(self, target_id: str) -> Target:
        """The open target with this id; ``KeyError`` if there is none."""
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)


