"""Write the example notebooks and execute them, so they are committed with their outputs
(tables and charts) for readers who only open them. Executing is deterministic: the same
data, no clock, no random numbers; execution timestamps are left out. The test suite
executes them again. Run: python examples/notebooks/make_notebooks.py"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent

PILOT = [
    new_markdown_cell(
        "# The pilot analysis\n\nThe North East primary pilot's tables and charts from the "
        "**synthetic** example cohort in `examples/pilot/` (invented schools and ratings, built "
        "to reproduce the published figures)."),
    new_code_cell("import primary_benchmarks as pb\n"
                  "loaded = pb.load_cohort('../pilot/audits.csv')\nloaded.notes, loaded.cohort"),
    new_markdown_cell("## The pilot's tables"),
    new_code_cell("result = pb.report(loaded.cohort)\nprint(result)"),
    new_code_cell("result"),
    new_code_cell("print(pb.pilot_tables(result, markdown=True))"),
    new_markdown_cell("## The same data in pandas\n\nOne row per rating; levels are an ordered "
                      "categorical."),
    new_code_cell("df = pb.to_pandas(loaded.cohort)\n"
                  "is_fully = df['level'] == 'fully'\n"
                  "fully = is_fully.groupby([df['round'], df['benchmark']], observed=True)"
                  ".mean().unstack()\n(fully * 100).round()"),
    new_code_cell("assert round(fully.loc['baseline', 'P4'] * 100) == 33"),
    new_markdown_cell("## Charts"),
    new_code_cell("ax = pb.plot_levels(result, 'baseline')"),
    new_code_cell("ax = pb.output.plot_rounds(result)"),
    new_code_cell("ax = pb.output.plot_histogram(result, 'end of Y2')"),
    new_markdown_cell("## What changed for the schools audited in both rounds"),
    new_code_cell("ax = pb.output.plot_change(result, 'end of Y1')"),
    new_code_cell("pb.to_pandas(result.progress[1])"),
    new_markdown_cell("## By local authority"),
    new_code_cell("by_la = pb.report(loaded.cohort, by='local_authority')\n"
                  "pb.to_pandas(by_la)[['round', 'local_authority', 'audits', "
                  "'characteristics_achieved']].drop_duplicates()"),
]

ADAPTING = [
    new_markdown_cell(
        "# Adapting a framework\n\nA region adapts the North East primary benchmarks with an "
        "overlay, a hub adapts the region's adaptation, and a Gatsby audit is carried from "
        "the 2014 benchmarks to the 2024 refresh. Every school here is fictional."),
    new_code_cell("import primary_benchmarks as pb\n"
                  "region = pb.load_framework('../adapted/frameworks/tees-valley.yaml')\nregion"),
    new_code_cell("d = pb.diff_frameworks(pb.load_framework('ne-primary'), region)\n"
                  "print('\\n'.join(d.lines()))"),
    new_code_cell("hub = pb.load_framework('../adapted/frameworks/stockton-hub.yaml')\n"
                  "[(c.id, c.origin) for c in hub.benchmark('P2').characteristics]"),
    new_code_cell("loaded = pb.load_cohort('../adapted/tees-valley/audits', framework=region)\n"
                  "pb.report(loaded.cohort)"),
    new_markdown_cell("## Carrying an audit to a new version"),
    new_code_cell("old, new = pb.load_framework('gatsby@1.0.0'), "
                  "pb.load_framework('gatsby@2.0.0')\n"
                  "audit = pb.load_audit('../adapted/gatsby-2014-audit.yaml')\n"
                  "result = pb.migrate(audit, new, [old])\n"
                  "[(n.kind, n.message) for n in result.report.notes]"),
    new_code_cell("pb.score(result.audit, new)"),
]


EVALUATION = [
    new_markdown_cell(
        "# Evaluating the pilot\n\nAn evaluation of the **synthetic** pilot example cohort "
        "(invented schools and ratings built to reproduce the published figures) as an "
        "evaluator would report it: intervals that resample whole schools, the paired "
        "change with its effect size, exact McNemar tests per benchmark, level transitions, "
        "attrition, and disclosure control before publishing. docs/research.md gives each "
        "method."),
    new_code_cell("import primary_benchmarks as pb\n"
                  "cohort = pb.load_cohort('../pilot/audits.csv').cohort\n"
                  "result = pb.report(cohort, ci=0.95, seed=2026)\nprint(result)"),
    new_markdown_cell("## Intervals per round (cluster bootstrap, schools resampled)"),
    new_code_cell("import pandas as pd\n"
                  "pd.DataFrame([{'round': r['round'], 'characteristics achieved': "
                  "r['characteristics_achieved'], 'interval': r['characteristics_achieved_ci'],"
                  " 'benchmarks achieved': r['benchmarks_achieved'], 'benchmarks interval': "
                  "r['benchmarks_achieved_ci']} for r in result.to_dict()['rounds']])"),
    new_markdown_cell("## The change for the schools audited in both rounds"),
    new_code_cell("step = result.to_dict()['progress'][1]\n"
                  "{k: step[k] for k in ('before', 'after', 'paired_schools', "
                  "'paired_characteristics_achieved', 'paired_characteristics_achieved_ci', "
                  "'effect_size')}"),
    new_code_cell("pd.DataFrame({'McNemar p': step['mcnemar_p']}).T"),
    new_code_cell("pd.DataFrame(step['transitions']['all']).T"),
    new_markdown_cell("## Attrition: were the schools that left different?"),
    new_code_cell("step['attrition']"),
    new_markdown_cell("## Before publishing: disclosure control by school type"),
    new_code_cell("safe = pb.report(cohort, by='type', min_schools=15)\n"
                  "[(r.round, r.group, r.audits, r.suppressed) for r in safe.rounds]"),
    new_code_cell("safe.to_dict()['disclosure']['rule']"),
    new_code_cell("ax = pb.output.plot_change(result, 'end of Y1')"),
]


def main() -> None:
    for name, cells in (("pilot-analysis", PILOT), ("adapting-a-framework", ADAPTING),
                        ("evaluating-the-pilot", EVALUATION)):
        nb = new_notebook(cells=cells, metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"}})
        NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(HERE)}}).execute()
        nb.metadata["language_info"] = {"name": "python"}  # no interpreter version
        for k, cell in enumerate(nb.cells):
            cell.id = f"{name}-{k}"  # stable cell ids, so a re-run changes nothing else
        nbformat.write(nb, HERE / f"{name}.ipynb")


if __name__ == "__main__":
    main()
