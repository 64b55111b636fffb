"""The engine layer: the one evaluator of achievement rules, over a matrix of level codes.

A framework compiles once (:func:`compiled_for`, cached privately here); audits become a
matrix of small integer level codes (audits x characteristics), and every count, share,
score and rule verdict is computed over it with numpy, so one audit is a cohort of one.
A :class:`Cohort` is that matrix with its schools, dates and rounds; the readers of the
formats layer build it, which is why this layer sits below them.

>>> from primary_benchmarks import load_framework
>>> from primary_benchmarks.engine import compiled_for
>>> compiled_for(load_framework("ne-primary")) is compiled_for(load_framework("ne-primary"))
True
"""

from .building import AuditEntry, build_cohort
from .cohort import Cohort, Round
from .columns import cohort_from_codes, cohort_from_columns
from .evaluator import SCORE_TOLERANCE, Compiled, MatrixScores, clear_cache, compiled_for

__all__ = ["SCORE_TOLERANCE", "AuditEntry", "Cohort", "Compiled", "MatrixScores", "Round",
           "build_cohort", "clear_cache", "cohort_from_codes", "cohort_from_columns",
           "compiled_for"]
