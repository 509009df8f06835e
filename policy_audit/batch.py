"""Run many documents: in parallel processes, each under a time limit, with a content-hash cache.

A document that hangs, crashes or cannot be read becomes an error entry in the report; the others go on.
Results come back in input order whatever order the workers finish in, so output is deterministic.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

from policy_audit import __version__
from policy_audit.audit import audit_path
from policy_audit.decide import failed_report
from policy_audit.errors import PolicyAuditError
from policy_audit.models import DocumentReport, Standard

DEFAULT_TIMEOUT = 600.0


@dataclass(frozen=True)
class RunOptions:
    """How to run a batch: nothing here changes a verdict, only how it is reached."""

    jobs: int = 1
    timeout: float = DEFAULT_TIMEOUT
    password: str = ""
    cache_dir: Path | None = None
    """None disables the cache."""
    engine: str = "pdfminer"
    """PDF text engine: pdfminer (default) or pdfium (the [fast] extra)."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-audit"


def run(
    paths: Sequence[Path],
    standards: Sequence[Standard],
    options: RunOptions,
    progress: Callable[[Path], None] = lambda path: None,
) -> list[DocumentReport]:
    """Audit every path; the report for paths[i] is at index i."""
    reports: list[DocumentReport | None] = [None] * len(paths)
    pending: list[int] = []
    keys: dict[int, str] = {}
    for index, path in enumerate(paths):
        key = _cache_key(path, standards, options)
        if key is not None:
            keys[index] = key
            cached = _cache_get(options.cache_dir, key)
            if cached is not None:
                reports[index] = replace(cached, path=str(path))
                progress(path)
                continue
        pending.append(index)
    if options.jobs > 1 and len(pending) > 1:
        with ProcessPoolExecutor(max_workers=min(options.jobs, len(pending))) as pool:
            futures: dict[Future[DocumentReport], int] = {
                pool.submit(
                    audit_one, paths[index], tuple(standards), options.password, options.timeout, options.engine
                ): index
                for index in pending
            }
            for future in as_completed(futures):
                index = futures[future]
                reports[index] = _outcome(future, paths[index], standards)
                progress(paths[index])
    else:
        for index in pending:
            reports[index] = audit_one(
                paths[index], tuple(standards), options.password, options.timeout, options.engine
            )
            progress(paths[index])
    for index in pending:
        report = reports[index]
        if report is not None and index in keys and not _transient(report):
            _cache_put(options.cache_dir, keys[index], report)
    return [report for report in reports if report is not None]


def audit_one(
    path: Path, standards: tuple[Standard, ...], password: str, timeout: float, engine: str = "pdfminer"
) -> DocumentReport:
    """One document under a time limit (SIGALRM in the process that runs it)."""
    try:
        with _time_limit(timeout):
            return audit_path(path, standards, password, engine)
    except _Timeout:
        return _failed(path, standards, f"timed out after {timeout:g} s", "raise --timeout, or split the document")
    except MemoryError:
        return _failed(path, standards, "ran out of memory", "split the document or scan it alone")
    except RecursionError:
        return _failed(path, standards, "structure too deeply nested", "re-save the file (e.g. qpdf for PDFs)")


def _outcome(future: Future[DocumentReport], path: Path, standards: Sequence[Standard]) -> DocumentReport:
    try:
        return future.result()
    except Exception as error:  # a worker that died (killed, broken pool): keep the run going
        return _failed(path, standards, f"worker failed ({type(error).__name__})", "rerun with --jobs 1 to see more")


def _failed(path: Path, standards: Sequence[Standard], what: str, remedy: str) -> DocumentReport:
    return failed_report(PolicyAuditError(str(path), what, remedy), standards)


def _transient(report: DocumentReport) -> bool:
    """Errors that may not recur (time-outs, dead workers) are never cached."""
    error = report.error or ""
    return any(word in error for word in ("timed out", "worker failed", "out of memory"))


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _raise(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    try:
        previous = signal.signal(signal.SIGALRM, _raise)
    except ValueError:  # not the main thread: run without a limit rather than fail
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _cache_key(path: Path, standards: Sequence[Standard], options: RunOptions) -> str | None:
    if options.cache_dir is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(path.suffix.lower().encode() + b"\0" + options.engine.encode())
    digest.update(hashlib.sha256(options.password.encode()).digest())
    for standard in standards:
        digest.update(standard.id.encode() + b"\0" + standard.digest.encode())
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _cache_get(folder: Path | None, key: str) -> DocumentReport | None:
    if folder is None:
        return None
    try:
        with (folder / f"{key}.pickle").open("rb") as handle:
            report = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return report if isinstance(report, DocumentReport) else None


def _cache_put(folder: Path | None, key: str, report: DocumentReport) -> None:
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as handle:
            pickle.dump(report, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, folder / f"{key}.pickle")
    except OSError:
        return  # a read-only cache never fails a scan
