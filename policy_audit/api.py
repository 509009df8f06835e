"""The Python API, for notebooks and scripts: `scan(paths, standards=…) -> Report`, and `Report.records()`.

The command line calls these same functions, so a notebook gets exactly what `policy-audit scan` reports:

    import pandas as pd
    import policy_audit

    report = policy_audit.scan(["policies/"], standards=["core", "8-cant-wait"])
    frame = pd.DataFrame(report.records())        # one row per document × item

Nothing here prints or exits: a problem the caller can fix is a `PolicyAuditError` (one line: where, what, and
how to fix it); a document that cannot be read is in the report with its error and `unreadable` results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policy_audit.errors import InputError, PolicyAuditError
from policy_audit.models import Report, Standard

if TYPE_CHECKING:
    from policy_audit.batch import RunOptions

PathLike = str | os.PathLike[str]


def scan(
    paths: PathLike | Iterable[PathLike],
    standards: str | Iterable[str] = ("core",),
    *,
    jobs: int = 0,
    timeout: float = 600.0,
    password: str = "",
    pdf_engine: str = "pdfium",
    cache: bool = True,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Report:
    """Audit policy files and folders (scanned recursively) against standards (bundled ids or YAML paths).

    `jobs` documents are read in parallel (0: all cores); `cache` reuses results of unchanged files. Raises a
    PolicyAuditError for an unknown standard, or when the paths hold no policy file at all.
    """
    from policy_audit.batch import RunOptions, default_cache_dir
    from policy_audit.discover import discover

    given = [Path(paths)] if isinstance(paths, (str, os.PathLike)) else [Path(path) for path in paths]
    loaded = load_standards([standards] if isinstance(standards, str) else list(standards))
    found = discover(given, include, exclude)
    if not found.files and not found.problems:
        where = ", ".join(str(path) for path in given) or "(no paths)"
        raise InputError(where, "no .pdf, .docx, .html, .txt or .md files found", "give policy files or folders")
    options = RunOptions(
        jobs=jobs if jobs > 0 else (os.cpu_count() or 1),
        timeout=timeout,
        password=password,
        cache_dir=default_cache_dir() if cache else None,
        engine=pdf_engine,
    )
    return audit_files(found.files, found.problems, loaded, options)


def load_standards(references: Sequence[str]) -> list[Standard]:
    """The standards named (ids or YAML paths; none: core), each once, in the order given."""
    from policy_audit import standards

    loaded = []
    seen = set()
    for reference in references or ["core"]:
        standard = standards.load(reference)
        if standard.id in seen:
            continue
        seen.add(standard.id)
        loaded.append(standard)
    return loaded


def audit_files(
    files: Sequence[Path],
    problems: Sequence[tuple[str, str]],
    standards: Sequence[Standard],
    options: RunOptions,
    progress: Callable[[Path], None] | None = None,
) -> Report:
    """The report on discovered files, in their order after the paths that could not be used (`problems`)."""
    from policy_audit.batch import run
    from policy_audit.decide import failed_report

    documents = [failed_report(PolicyAuditError(where, what), standards) for where, what in problems]
    if progress is None:
        documents.extend(run(files, standards, options))
    else:
        documents.extend(run(files, standards, options, progress))
    return Report(tuple(documents), tuple(standards))
