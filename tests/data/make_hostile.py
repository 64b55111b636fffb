"""Write the hostile-input corpus of the second trust round (issue 11) into tests/data.

Run from the repository root: ``python tests/data/make_hostile.py``; then regenerate the
pinned outputs (``pytest tests/test_error_corpus.py --regen-golden``) and review the diff.
Each file exercises one class of failure: overflowing codes, unchecked overlay bases,
overlays that leave nothing, unknown CSV columns, stray quotes, bad standard tags, huge
numbers, non-finite numbers, YAML 1.1 numbers, non-ASCII digits, paths, forged output,
invisible characters in ids, odd line ends and hostile sizes. Entries that cannot be
committed as files (FIFOs, devices, links, deep stacks) are made by the tests themselves.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent
FW = DATA / "frameworks" / "broken"
OV = DATA / "overlays" / "broken"
AU = DATA / "audits" / "broken"
PL = DATA / "plans" / "broken"
CSV = DATA / "csv" / "broken"

HEAD = """schema: primary-benchmarks/framework/v1
id: hostile
version: "1.0.0"
title: Hostile
publisher: Tests
status: {state: draft}
provenance: Tests.
"""
SCALE = """scale:
  - {id: not, label: Not, value: 0}
  - {id: fully, label: Fully, value: 1, achieved: true}
"""


def framework(weight: str = "1", value: str = "1", rule: str = "all", *, scale: str = SCALE,
              head: str = HEAD) -> str:
    return (head + scale.replace("value: 1,", f"value: {value},") + "benchmarks:\n"
            "  - id: B1\n    title: One\n" + f"    rule: {rule}\n    characteristics:\n"
            f"      - {{id: B1.1, text: First, weight: {weight}}}\n"
            "      - {id: B1.2, text: Second}\n")


def scale_of(n: int) -> str:
    rows = [f"  - {{id: L{i}, label: Level {i}, value: {i}"
            + (", achieved: true}" if i == n - 1 else "}") for i in range(n)]
    return "scale:\n" + "\n".join(rows) + "\n"


def many_characteristics(n: int) -> str:
    rows = [f"      - {{id: C{i}, text: c}}" for i in range(n)]
    return (HEAD + SCALE + "benchmarks:\n  - id: B1\n    title: One\n    characteristics:\n"
            + "\n".join(rows) + "\n")


AUDIT_HEAD = "schema: primary-benchmarks/audit/v1\nframework: ne-primary@1.0.0\n"


def audit(school: str = '"100001"', date: str = "2019-07-15", round_: str = "baseline",
          ratings: str = "  P1.1: fully\n") -> str:
    return (AUDIT_HEAD + f"school: {{id: {school}}}\ndate: {date}\nround: {round_}\n"
            "ratings:\n" + ratings)


OVERLAY = """schema: primary-benchmarks/framework/v1
id: hostile-overlay
version: "1.0.0"
title: Hostile overlay
publisher: Tests
status: {state: draft}
provenance: Tests.
"""


def overlay(extends: str, changes: str = " []") -> str:
    return OVERLAY + f"extends: {extends}\nchanges:{changes}\n"


WIDE = "school,date,round,framework,P1.1,P1.2,P1.3\n"
ROW = "{s},2019-07-15,baseline,ne-primary@1.0.0,fully,partially,not\n"


def files() -> dict[Path, str | bytes]:
    out: dict[Path, str | bytes] = {}
    # 1. codes that would overflow: limits at and past them
    out[FW / "limit-levels-101.yaml"] = framework(scale=scale_of(101)).replace(
        "value: 1,", "value: 1,")
    out[FW / "limit-levels-129.yaml"] = framework(scale=scale_of(129))
    out[FW / "limit-characteristics-10001.yaml"] = many_characteristics(10_001)
    # 7. standard tags with content they cannot read
    for name, text in (("tag-bool-maybe", "!!bool maybe"), ("tag-int-empty", '!!int ""'),
                       ("tag-int-dash", '!!int "-"'), ("tag-float-empty", '!!float ""'),
                       ("tag-timestamp-soon", "!!timestamp soon")):
        out[FW / f"{name}.yaml"] = framework(weight=text)
    out[AU / "tag-bool-maybe.yaml"] = audit(ratings="  P1.1: !!bool maybe\n")
    out[AU / "tag-timestamp-soon.yaml"] = audit(date="!!timestamp soon")
    out[AU / "tag-int-dash.yaml"] = audit(school='!!int "-"')
    # 8. integers of hundreds of digits
    huge = "9" * 400
    out[FW / "huge-int-weight.yaml"] = framework(weight=huge)
    out[FW / "huge-int-value.yaml"] = framework(value=huge)
    out[FW / "huge-int-threshold.yaml"] = framework(rule=f"{{at_least: {huge}}}")
    out[FW / "huge-int-score.yaml"] = framework(rule="{min_score: 1" + "0" * 300 + "}")
    # 9. NaN and infinity
    out[FW / "nan-weight.yaml"] = framework(weight=".nan")
    out[FW / "inf-value.yaml"] = framework(value=".inf")
    out[FW / "nan-min-score.yaml"] = framework(rule="{min_score: .NaN}")
    # 10. YAML 1.1 numbers, and true hints
    out[FW / "yaml11-octal-weight.yaml"] = framework(weight="010")
    out[FW / "yaml11-sexagesimal-threshold.yaml"] = framework(rule="{at_least: 1:30}")
    out[FW / "yaml11-hex-value.yaml"] = framework(value="0x1f")
    out[FW / "yaml11-underscore-weight.yaml"] = framework(weight="1_000")
    out[FW / "yaml11-octal-id.yaml"] = framework().replace("id: B1\n", "id: 010\n")
    out[FW / "hint-unquoted-exponent.yaml"] = framework(weight="5e-1")
    out[FW / "hint-quoted-number.yaml"] = framework(weight='"0.5"')
    out[AU / "yaml11-octal-school.yaml"] = audit(school="0100")
    out[AU / "yaml11-sexagesimal-round.yaml"] = audit(round_="1:30")
    # 11. non-ASCII digits in versions
    out[FW / "version-arabic-indic-digit.yaml"] = HEAD.replace(
        '"1.0.0"', '"1.0.1\u0660"') + SCALE + framework().split(SCALE, 1)[1]
    out[FW / "version-fullwidth-digit.yaml"] = HEAD.replace(
        '"1.0.0"', '"\uff11.0.0"') + SCALE + framework().split(SCALE, 1)[1]
    out[AU / "reference-arabic-indic-digit.yaml"] = audit().replace(
        "ne-primary@1.0.0", "ne-primary@1.0.\u0660")
    # 16. output that could be forged: keys with line breaks and escape codes
    out[FW / "forged-key.yaml"] = framework() + '"ok\\nforged.yaml: ok\\e[2J": 1\n'
    out[AU / "forged-level.yaml"] = audit(ratings='  P1.1: "fully\\n\\e[31mok"\n')
    out[AU / "forged-characteristic.yaml"] = audit(ratings='  "P1.1\\r\\nfake: ok": fully\n')
    # 17. invisible characters in ids
    out[AU / "school-zero-width-space.yaml"] = audit(school='"100001\\u200b"')
    out[AU / "school-bidi-override.yaml"] = audit(school='"\\u202e100001"')
    out[AU / "school-control-character.yaml"] = audit(school='"1000\\x0701"')
    out[AU / "round-line-break.yaml"] = audit(round_='"baseline\\nend of Y1"')
    out[AU / "round-zero-width-joiner.yaml"] = audit(round_='"base\\u200dline"')
    out[AU / "round-soft-hyphen.yaml"] = audit(round_='"base\\u00adline"')
    out[PL / "school-zero-width-space.yaml"] = (
        "schema: primary-benchmarks/action-plan/v1\nframework: ne-primary@1.0.0\n"
        'school: {id: "100001\\u200b"}\ncreated: 2019-09-01\ntargets:\n'
        "  - {id: T1, characteristic: P1.1, level: fully, due: 2020-07-01}\n")
    out[PL / "tag-timestamp-due.yaml"] = (
        "schema: primary-benchmarks/action-plan/v1\nframework: ne-primary@1.0.0\n"
        'school: {id: "100001"}\ncreated: 2019-09-01\ntargets:\n'
        "  - {id: T1, characteristic: P1.1, level: fully, due: !!timestamp soon}\n")
    # 15 (of sorts) and 20: a misspelt level and many misspelt ids (suggestions bounded)
    out[AU / "level-capitalised.yaml"] = audit(ratings="  P1.1: Fully\n  P1.2: ' fully'\n")
    out[AU / "many-misspelt-ids.yaml"] = audit(ratings="".join(
        f"  Q{i}.{j}: fully\n" for i in range(1, 16) for j in range(1, 10)))
    # 19. line ends: CR only, NEL, LINE SEPARATOR, CR LF, and an encoding error after them
    body = framework().replace("title: One", "title: One\u00e9")
    out[FW / "line-ends-cr-encoding.yaml"] = (
        body.replace("\n", "\r").encode("utf-8").replace("One\u00e9".encode(), b"One\xe9"))
    out[FW / "line-ends-crlf-encoding.yaml"] = (
        body.replace("\n", "\r\n").encode("utf-8").replace("One\u00e9".encode(), b"One\xe9"))
    out[FW / "line-ends-nel.yaml"] = framework().replace(
        "provenance: Tests.\n", "provenance: Tests.\u0085\n").replace("weight: 1", "weight: x")
    out[FW / "line-ends-line-separator.yaml"] = framework().replace(
        "provenance: Tests.\n", "provenance: Tests.\u2028\n").replace("weight: 1", "weight: x")
    out[FW / "line-ends-cr-duplicate-key.yaml"] = (HEAD + "title: Again\n").replace("\n", "\r")
    # 21. a file of many problems: kept to 1,000 plus one "and N more"
    out[AU / "many-problems.yaml"] = AUDIT_HEAD + "".join(
        f"k{i}: 1\n" for i in range(3_000))
    out[FW / "many-duplicate-keys.yaml"] = HEAD + "title: x\n" * 2_500
    # 2. overlay bases that are not valid frameworks
    bases = OV / "bases"
    valid_base = framework(head=HEAD.replace("hostile", "hostile-base"))
    base_cases = {
        "base-unknown-key": valid_base + "bogus: 1\n",
        "base-wrong-schema": valid_base.replace("framework/v1", "framework/v2"),
        "base-alias": valid_base.replace("title: One", "title: &t One").replace(
            "text: Second", "text: *t"),
        "base-bad-id": valid_base.replace("id: hostile-base", "id: no"),
        "base-bad-version": valid_base.replace('"1.0.0"', "1.10"),
        "base-bad-weight": valid_base.replace("weight: 1", "weight: -1"),
        "base-bad-rule": valid_base.replace("rule: all", "rule: {at_least: 0.5}"),
        "base-not-a-framework": audit(),
        "base-empty": "",
        "base-tag": valid_base.replace("weight: 1", "weight: !!int maybe"),
    }
    for name, text in base_cases.items():
        out[bases / f"{name}.yaml"] = text
        out[OV / f"{name}.yaml"] = overlay(f"bases/{name}.yaml")
    out[OV / "base-registered-bad-extends.yaml"] = overlay(
        "bases/base-bad-weight.yaml", "\n  - change_characteristic: B1.2\n    text: Changed.")
    # 3. overlays that leave nothing (or break the framework)
    out[OV / "leaves-benchmark-empty.yaml"] = overlay("ne-primary@1.0.0", "".join(
        f"\n  - remove_characteristic: P8.{i}" for i in range(1, 5)))
    out[OV / "removes-every-benchmark.yaml"] = overlay("ne-primary@1.0.0", "".join(
        f"\n  - remove_benchmark: P{i}" for i in range(1, 9)))
    out[OV / "rule-broken-by-removal.yaml"] = overlay(
        "ne-primary@1.0.0", "\n  - change_benchmark: P2\n    rule: {at_least: 5}"
        "\n  - remove_characteristic: P2.5")
    out[OV / "set-scale-no-achieved.yaml"] = overlay(
        "ne-primary@1.0.0", "\n  - set_scale:\n      - {id: none, label: None yet, value: 0}"
        "\n      - {id: some, label: Some, value: 1}")
    # 13. paths an overlay cannot use
    out[OV / "extends-nul.yaml"] = overlay('"bases/a\\0b.yaml"')
    out[OV / "extends-long-name.yaml"] = overlay("x" * 300 + ".yaml")
    out[OV / "extends-through-file.yaml"] = overlay("bases/base-empty.yaml/inner.yaml")
    out[OV / "extends-parent.yaml"] = overlay("../broken/bases/base-empty.yaml")
    # 4. CSV columns that are not characteristics
    out[CSV / "wide-suffixed-column.csv"] = (WIDE.replace("P1.3", "P1.3a")
                                              + ROW.format(s="100001"))
    out[CSV / "wide-underscore-column.csv"] = (WIDE.replace("P1.3", "P1_3")
                                                + ROW.format(s="100001"))
    out[CSV / "wide-zero-width-column.csv"] = (WIDE.replace("P1.3", "P1.3\u200b")
                                                + ROW.format(s="100001"))
    out[CSV / "wide-control-in-header.csv"] = (WIDE.replace("P1.3", "P1.3\x1b[2J")
                                                + ROW.format(s="100001"))
    out[CSV / "wide-undeclared-attribute.csv"] = (
        WIDE.replace("\n", ",hub\n") + ROW.format(s="100001").replace("\n", ",North\n"))
    out[CSV / "wide-decomposed-header.csv"] = (
        "school,date,framework,P1.1,Cafe\u0301\n100001,2019-07-15,ne-primary@1.0.0,fully,x\n")
    out[CSV / "long-characteristic-column.csv"] = (
        "school,date,framework,characteristic,level,P1.1\n"
        "100001,2019-07-15,ne-primary@1.0.0,P1.2,fully,partially\n")
    # 5. a stray quote, line breaks in ids, a cell past the size limit
    out[CSV / "stray-quote.csv"] = WIDE + "".join(
        ROW.format(s=f"1000{i:02d}") for i in range(3)) + ROW.format(s='"100099') + "".join(
        ROW.format(s=f"2000{i:02d}") for i in range(19))
    out[CSV / "newline-in-school.csv"] = WIDE + ROW.format(s='"100\n001"') + ROW.format(
        s="100002")
    out[CSV / "newline-in-round.csv"] = (
        WIDE + '100001,2019-07-15,"base\nline",ne-primary@1.0.0,fully,not,not\n'
        + ROW.format(s="100002"))
    out[CSV / "newline-in-attribute.csv"] = (
        "school,date,name,framework,P1.1\n"
        '100001,2019-07-15,"Two\nLines",ne-primary@1.0.0,fully\n'
        "100002,2019-07-15,One Line,ne-primary@1.0.0,fully\n")
    out[CSV / "cell-too-long.csv"] = (WIDE + ROW.format(s="100001")
                                      + ROW.format(s="x" * 140_000) + ROW.format(s="100003"))
    # 17. invisible characters in CSV ids
    out[CSV / "school-zero-width-space.csv"] = (WIDE + ROW.format(s="100001")
                                                 + ROW.format(s="100001\u200b"))
    out[CSV / "round-bidi-control.csv"] = WIDE + ROW.format(s="100001").replace(
        "baseline", "base\u202eline")
    out[CSV / "school-escape-codes.csv"] = WIDE + ROW.format(s="1000\x1b[2J01")
    out[CSV / "school-decomposed.csv"] = (
        WIDE + ROW.format(s="Cafe\u0301") + ROW.format(s="Caf\u00e9"))
    # 19. CSV line ends and positions
    out[CSV / "cr-only-lines.csv"] = (WIDE + ROW.format(s="100001") + ROW.format(
        s="100002").replace("fully", "bogus")).replace("\n", "\r")
    out[CSV / "quoted-newline-position.csv"] = (
        "school,date,name,framework,P1.1\n"
        '100001,2019-07-15,"A\nB\nC",ne-primary@1.0.0,fully\n'
        "100002,2019-07-15,D,ne-primary@1.0.0,bogus\n")
    out[CSV / "long-encoding-error.csv"] = (
        b"school,date,framework,characteristic,level\r\n"
        b"100001,2019-07-15,ne-primary@1.0.0,P1.1,fully\r\n"
        b"100001,2019-07-15,ne-primary@1.0.0,P1.2,fully\r\n") + b"10\xff\r\n"
    # 21. a CSV of many bad rows: problems capped
    out[CSV / "many-bad-rows.csv"] = WIDE + "".join(
        f"{i},2019-07-15,baseline,ne-primary@1.0.0,bogus,not,not\n" for i in range(1_500))
    return out


def main() -> None:
    made = files()
    for path, text in made.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
    print(f"wrote {len(made)} files")


if __name__ == "__main__":
    main()
