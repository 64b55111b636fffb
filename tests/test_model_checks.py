"""Models check themselves on construction: one exact message per check, each a
:class:`ModelError` (a ``ValueError``, not a file's ``LoadError``) naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

import primary_benchmarks as pb
from primary_benchmarks.errors import LoadError, ModelError
from primary_benchmarks.model import (
    Action,
    ActionPlan,
    AllOf,
    AtLeast,
    Benchmark,
    Characteristic,
    Evidence,
    Level,
    MinScore,
    Rating,
    Scale,
    School,
    SchoolTable,
    Status,
    Target,
    Version,
)

FW = pb.load_framework("ne-primary")
DAY = dt.date(2020, 7, 1)
C = Characteristic(id="C1", text="c")
LEVELS = (Level(id="no", label="No", value=0), Level(id="yes", label="Yes", value=1,
                                                      achieved=True))

CASES: list[tuple[str, Callable[[], Any], str]] = [
    ("level id", lambda: Level(id="a b", label="A"),
     "Level.id: 'a b' is not an id: use letters, digits, '.', '_' and '-', starting with a "
     "letter or digit [invalid-value]"),
    ("long id", lambda: Level(id="x" * 65, label="A"),
     "Level.id: the id is 65 characters long; the limit is 64 [invalid-value]"),
    ("level value", lambda: Level(id="a", label="A", value=float("nan")),
     "Level.value: nan is not a finite number [invalid-value]"),
    ("level flags", lambda: Level(id="a", label="A", achieved=True, not_applicable=True),
     "Level.achieved: a not-applicable level cannot also count as achieved [bad-scale]"),
    ("no achieved level", lambda: Scale(levels=(LEVELS[0], attrs.evolve(LEVELS[1],
                                                                       achieved=False))),
     "Scale.levels: no level has achieved=True; mark the first level that counts as "
     "achieved [bad-scale]"),
    ("one level", lambda: Scale(levels=LEVELS[1:]),
     "Scale.levels: the scale needs at least two applicable levels [bad-scale]"),
    ("duplicate level", lambda: Scale(levels=(*LEVELS, LEVELS[1])),
     "Scale.levels[2].id: level 'yes' is defined twice [duplicate-id]"),
    ("values out of order", lambda: Scale(levels=(LEVELS[1], attrs.evolve(
        LEVELS[0], achieved=True))),
     "Scale.levels: level 'no' (value 0) must be higher than the level below it (1) "
     "[bad-scale]"),
    ("weight", lambda: Characteristic(id="C", text="c", weight=-1),
     "Characteristic.weight: must be 0 or more, got -1 [invalid-value]"),
    ("empty benchmark", lambda: Benchmark(id="B", title="b", characteristics=()),
     "Benchmark.characteristics: benchmark 'B' needs at least one characteristic "
     "[invalid-value]"),
    ("duplicate characteristic", lambda: Benchmark(id="B", title="b", characteristics=(C, C)),
     "Benchmark.characteristics: 'C1' is defined twice in benchmark 'B' [duplicate-id]"),
    ("rule scope", lambda: Benchmark(id="B", title="b", characteristics=(C,),
                                     rule=AtLeast(count=1, of=("C9",))),
     "Benchmark.rule: 'C9' is not a characteristic of benchmark 'B' "
     "[unknown-characteristic]"),
    ("duplicate benchmark", lambda: attrs.evolve(FW, benchmarks=(*FW.benchmarks,
                                                                FW.benchmarks[0])),
     "Framework.benchmarks: benchmark 'P1' is defined twice [duplicate-id]"),
    ("rule level", lambda: attrs.evolve(FW, benchmarks=(attrs.evolve(
        FW.benchmarks[0], rule=AtLeast(count=1, level="great")), *FW.benchmarks[1:])),
     "Framework.benchmarks: the rule of 'P1' counts at 'great', which is not an applicable "
     "level of the scale [unknown-level]"),
    ("framework id", lambda: attrs.evolve(FW, id="NE primary"),
     "Framework.id: 'NE primary' is not a framework id such as 'ne-primary' "
     "[invalid-value]"),
    ("version", lambda: Version("banana"),
     "Version.text: 'banana' is not a semantic version such as '1.0.0' [bad-version]"),
    ("framework version", lambda: attrs.evolve(FW, version="1.0"),
     "Version.text: '1.0' is not a semantic version such as '1.0.0' [bad-version]"),
    ("status", lambda: Status(state="weird"),
     "Status.state: 'weird' is not a state (states: draft, interim, accepted, deprecated) "
     "[invalid-value]"),
    ("count rule", lambda: AtLeast(count=0),
     "AtLeast.count: must be a whole number of 1 or more, got 0 [bad-rule]"),
    ("count or share", lambda: AtLeast(count=1, percent=Decimal(50)),
     "AtLeast.count: give exactly one of count and percent [bad-rule]"),
    ("score rule", lambda: MinScore(score=float("inf")),
     "MinScore.score: inf is not a finite number [invalid-value]"),
    ("empty composition", lambda: AllOf(rules=()),
     "AllOf.rules: needs at least one rule [bad-rule]"),
    ("school", lambda: pb.Audit(framework=FW.ref, school="123", date=DAY),  # type: ignore[arg-type]
     "Audit.school: expected a School, such as School(id='123'), got str [wrong-type]"),
    ("audit date", lambda: pb.Audit(framework=FW.ref, school=School(id="1"),
                                    date="2020-07-01"),  # type: ignore[arg-type]
     "Audit.date: expected a date such as datetime.date(2020, 7, 1), got str "
     "'2020-07-01' [wrong-type]"),
    ("rating", lambda: pb.Audit(framework=FW.ref, school=School(id="1"), date=DAY,
                                ratings={"P1.1": 3}),  # type: ignore[dict-item]
     "Audit.ratings[\"P1.1\"]: expected a Rating or a level id, got int 3 [wrong-type]"),
    ("rating level", lambda: Rating(level="not at all"),
     "Rating.level: 'not at all' is not an id: use letters, digits, '.', '_' and '-', "
     "starting with a letter or digit [invalid-value]"),
    ("evidence date", lambda: Evidence(description="d", date=dt.datetime(2020, 1, 1)),
     "Evidence.date: expected a date such as datetime.date(2020, 7, 1), got datetime "
     "datetime.datetime(2020, 1, 1, 0, 0) [wrong-type]"),
    ("action status", lambda: Action(description="d", owner="o", status="later"),
     "Action.status: 'later' is not an action status (planned, in_progress, done, "
     "dropped) [invalid-value]"),
    ("target subject", lambda: Target(id="T1", due=DAY),
     "Target.characteristic: give exactly one of characteristic and benchmark "
     "[invalid-value]"),
    ("school table ids", lambda: SchoolTable(ids=("1", "2", "1")),
     "SchoolTable.ids: school '1' is listed twice [duplicate-id]"),
    ("school table column", lambda: SchoolTable(ids=("1",), columns={"type": ("a", "b")}),
     "SchoolTable.columns['type']: has 2 values for 1 schools [invalid-value]"),
    ("plan targets", lambda: ActionPlan(framework=FW.ref, school=School(id="1"), created=DAY,
                                        targets=(Target(id="T", benchmark="P1", due=DAY),) * 2),
     "ActionPlan.targets: target 'T' is defined twice [duplicate-id]"),
]


@pytest.mark.parametrize(("make", "message"), [(m, msg) for _, m, msg in CASES],
                         ids=[name for name, _, _ in CASES])
def test_an_invalid_model_names_its_field(make: Callable[[], Any], message: str) -> None:
    with pytest.raises(ModelError) as info:
        make()
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, LoadError)


def test_valid_models_construct() -> None:
    assert Scale(levels=LEVELS).achieved_ids == ("yes",)
    assert attrs.evolve(FW) == FW


def test_a_model_refusal_of_a_file_is_placed_in_the_file() -> None:
    from primary_benchmarks.formats.document import build_model

    def refuse(_: dict[str, Any]) -> None:
        raise ModelError.of("Level.id", "invalid-value", "no")

    assert [str(i) for i in build_model(refuse, {}, "f.yaml")[1]] == [
        "f.yaml: Level.id: no [invalid-value]"]
