"""policy-audit: read a police use-of-force policy and report which human-rights safeguards it provides."""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"


def __getattr__(name: str) -> Any:
    """`policy_audit.reader()` loads spaCy only when asked for (the CLI's --help must not pay for it)."""
    if name == "reader":
        from policy_audit.read.pipeline import reader

        return reader
    raise AttributeError(name)
