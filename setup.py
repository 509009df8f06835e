"""Build: the reader's per-line and per-word modules compiled to C with mypyc; pure Python where that fails.

Everything else (metadata, dependencies, entry points) is in pyproject.toml. mypyc turns the type-checked
modules below into C extensions, which read a policy about 1.4× faster (benchmarks/speed.py); the same
sources run unchanged as pure Python when no C compiler is at hand, or with POLICY_AUDIT_PURE=1 set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import BaseError, CCompilerError

NATIVE_MODULES = [
    "policy_audit/ingest/clean.py",
    "policy_audit/ingest/pdfium.py",
    "policy_audit/ingest/text.py",
    "policy_audit/matching/cues.py",
    "policy_audit/matching/frames.py",
    "policy_audit/matching/lexicon.py",
    "policy_audit/matching/patterns.py",
    "policy_audit/matching/reading.py",
    "policy_audit/matching/tokenizer.py",
    "policy_audit/matching/verdicts.py",
    "policy_audit/segment.py",
]
"""The hot path of ingest → segment → match. The CLI, reports and formats stay Python: they run once a file."""


class _OptionalBuildExt(build_ext):
    """Where a wheel's C build fails (no compiler, say), the wheel is pure Python rather than no wheel at all.

    A build in place (`make`, for development) fails loudly instead: stale compiled modules must not stay.
    """

    def run(self) -> None:
        if self.inplace:
            super().run()
            return
        try:
            super().run()
        except (CCompilerError, BaseError, OSError) as error:
            for extension in self.extensions:  # nothing half-built ships: a module is compiled or pure
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            print(f"policy-audit: the C build failed ({error}); installing pure Python", file=sys.stderr)


def _extensions() -> list[object]:
    if os.environ.get("POLICY_AUDIT_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("policy-audit: mypy is not installed; installing pure Python", file=sys.stderr)
        return []
    return list(mypycify(NATIVE_MODULES, opt_level="3", group_name="policy_audit.native"))


setup(ext_modules=_extensions(), cmdclass={"build_ext": _OptionalBuildExt})
