"""policy-audit: read a police use-of-force policy and report which human-rights safeguards it provides.

`policy_audit.scan(paths, standards=…)` is the Python API (see `policy_audit.api`); `policy_audit.reader()` is the
reader as a spaCy pipeline, to read sentences in a notebook. Both are imported on first use, so that
`policy-audit --help`, which imports this package, stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"
HOMEPAGE = "https://github.com/OWNER/policy-audit"
"""Where the tool's documentation lives (SARIF `informationUri` and rules' `helpUri`); OWNER as in the README."""

if TYPE_CHECKING:
    from policy_audit.api import scan
    from policy_audit.models import Report
    from policy_audit.read.pipeline import reader

__all__ = ["HOMEPAGE", "Report", "__version__", "reader", "scan"]


def __getattr__(name: str) -> Any:
    if name == "scan":
        from policy_audit.api import scan

        return scan
    if name == "Report":
        from policy_audit.models import Report

        return Report
    if name == "reader":
        from policy_audit.read.pipeline import reader

        return reader
    raise AttributeError(f"module 'policy_audit' has no attribute {name!r}")
