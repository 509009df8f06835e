"""policy-audit: read a police use-of-force policy and report which human-rights safeguards it provides.

`policy_audit.scan(paths, standards=…)` is the Python API (see `policy_audit.api`). It is imported on first use,
so that `policy-audit --help`, which imports this package, stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"
HOMEPAGE = "https://github.com/OWNER/policy-audit"
"""Where the tool's documentation lives (SARIF `informationUri` and rules' `helpUri`); OWNER as in the README."""

if TYPE_CHECKING:
    from policy_audit.api import scan
    from policy_audit.models import Report

__all__ = ["HOMEPAGE", "Report", "__version__", "scan"]


def __getattr__(name: str) -> Any:
    if name == "scan":
        from policy_audit.api import scan

        return scan
    if name == "Report":
        from policy_audit.models import Report

        return Report
    raise AttributeError(f"module 'policy_audit' has no attribute {name!r}")
