"""Sample files shipped with the package, so that examples run from an installed wheel.

Every school, rating and plan in them is invented (see ``samples/README.md``).

>>> from primary_benchmarks import load_audit
>>> load_audit(sample("audits/baseline.yaml")).school.id
'100001'
>>> sorted(p.name for p in sample("audits").iterdir())
['baseline.yaml', 'end-of-y1.yaml', 'incomplete.yaml']
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import Issue, LoadError

__all__ = ["sample"]


def sample(name: str) -> Path:
    """The path of a sample file or folder shipped with the package (``audits/baseline.yaml``,
    ``audits``, ``plan.yaml``, ``pilot-audits.csv``, ``pilot-plan-SYN001.yaml``,
    ``gatsby-2014-audit.yaml``).

    >>> sample("pilot-audits.csv").suffix
    '.csv'
    """
    path = Path(str(resources.files("primary_benchmarks").joinpath("samples", name)))
    if ".." in Path(name).parts or not path.exists():
        raise LoadError([Issue(file=name, line=None, col=None, path="$", code="not-found",
                               message="no such sample file")])
    return path
