"""Run many documents: each in an isolated worker process, under a memory and a time limit, with a cache.

Every document is audited in a worker process (`policy_audit.worker`), never in this one, also with --jobs 1:
a native crash in PDFium, memory exhausted or a document that never finishes costs that document only. This
process enforces the time limit (it kills the worker and starts another), the worker its memory limit
(RLIMIT_AS), and workers die with this process. The same per-document function runs on a Dask cluster with
--scheduler, where each cluster worker keeps isolated workers of its own. Parallelism is per document: a
document is never split. Results come back in input order whatever order they finish in.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from policy_audit.decide import failed_report
from policy_audit.errors import PolicyAuditError
from policy_audit.ingest import DEFAULT_ENGINE, PDF_SUFFIXES
from policy_audit.models import DocumentReport, Standard
from policy_audit.worker import EXIT_MEMORY, HEADER_BYTES, MAX_FRAME_BYTES, frame

DEFAULT_TIMEOUT = 600.0
MAX_TIMEOUT = 86_400.0
"""A day per document: any larger value (1e308, inf) is refused rather than overflowing a timer."""
DEFAULT_MEMORY_MB = 1024
"""Address space per worker. Reading the 632-page Lisle manual peaks near 200 MB of it; a PDF whose streams
inflate to gigabytes fails at this limit instead of taking the machine's memory."""
MIN_MEMORY_MB = 512
"""Below this a worker may not even load the reader (importing spaCy maps some 350 MB of address space)."""
STARTUP_SECONDS = 120.0
"""A worker has this long to start and compile the reader (not charged to any document's time)."""
TEXT_PAGE_BYTES = 3000
PDF_PAGE_BYTES = 50_000
"""About a page of text and of PDF, to start the largest documents first."""


@dataclass(frozen=True)
class RunOptions:
    """How to run a batch: nothing here changes a verdict, only how it is reached."""

    jobs: int = 1
    timeout: float = DEFAULT_TIMEOUT
    """Seconds per document (0: no limit)."""
    password: str = ""
    cache_dir: Path | None = None
    """None disables the cache."""
    engine: str = DEFAULT_ENGINE
    """PDF text engine: pdfium (default, fast) or pdfminer (layout analysis)."""
    memory_limit: int = DEFAULT_MEMORY_MB
    """Megabytes of address space per worker (0: no limit)."""
    scheduler: str = ""
    """A Dask scheduler's address: run the documents on that cluster ('' runs them here)."""
    explain: bool = False
    """Keep every result's hits (for --explain); such a run does not read the cache."""


def check_timeout(value: float) -> float:
    """--timeout as a number of seconds, or a PolicyAuditError saying which values are allowed."""
    if not math.isfinite(value) or not 0 <= value <= MAX_TIMEOUT:
        raise PolicyAuditError(
            f"--timeout {value}",
            "not a usable number of seconds per document",
            f"give seconds from 0 (no limit) to {MAX_TIMEOUT:g}, e.g. --timeout 600",
        )
    return float(value)


def check_memory_limit(value: int) -> int:
    """--memory-limit in megabytes, or a PolicyAuditError saying which values are allowed."""
    if value != 0 and not MIN_MEMORY_MB <= value <= 1 << 30:
        raise PolicyAuditError(
            f"--memory-limit {value}",
            "not a usable memory limit",
            f"give megabytes per worker, at least {MIN_MEMORY_MB} (default {DEFAULT_MEMORY_MB}; 0: no limit)",
        )
    return value


def default_cache_dir() -> Path:
    """The user's cache folder, checked (cachefiles.CacheRefused says why it cannot be used)."""
    from policy_audit.cachefiles import check_default_folder

    return check_default_folder()


@dataclass(frozen=True)
class Setup:
    """What every document of a run is audited with (sent to each worker once)."""

    standards: tuple[Standard, ...]
    password: str
    engine: str
    explain: bool
    timeout: float
    memory_limit: int

    @cached_property
    def message(self) -> bytes:
        from policy_audit import datajson

        standards = [datajson.encode(standard) for standard in self.standards]
        setup = {"standards": standards, "password": self.password, "engine": self.engine}
        return json.dumps({"setup": setup}, ensure_ascii=False).encode("utf-8")

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.message).hexdigest()


@dataclass(frozen=True)
class Answer:
    """What came back for one document: its report (JSON, as the worker sent it) or why there is none."""

    report: bytes = b""
    sha256: str = ""
    """The content the report was made from, as the worker read it."""
    failure: tuple[str, str] | None = None
    """(what, remedy) when the document was not finished: a time-out, memory, a crash. Never cached."""


def run(
    paths: Sequence[Path],
    standards: Sequence[Standard],
    options: RunOptions,
    progress: Callable[[Path], None] = lambda path: None,
) -> list[DocumentReport]:
    """Audit every path; the report for paths[i] is at index i."""
    from policy_audit.resultcache import ResultCache

    setup = Setup(
        tuple(standards), options.password, options.engine, options.explain, options.timeout, options.memory_limit
    )
    cache = ResultCache.open(options.cache_dir, standards, options.engine, options.password)
    reports: list[DocumentReport | None] = [None] * len(paths)
    keys: dict[int, Any] = {}
    pending: list[int] = []
    for index, path in enumerate(paths):
        key = cache.key(path) if cache is not None else None
        if key is not None and cache is not None:
            keys[index] = key
            cached = None if options.explain else cache.get(key, path)
            if cached is not None:
                reports[index] = cached
                progress(path)
                continue
        pending.append(index)
    pending.sort(key=lambda index: _cost(paths[index]), reverse=True)  # the longest first: no idle end
    answers: Generator[tuple[int, Answer], None, None]
    if options.scheduler:
        from policy_audit.cluster import run_on_cluster

        answers = run_on_cluster(options.scheduler, paths, pending, setup)
    else:
        answers = _run_here(paths, pending, setup, max(1, options.jobs))
    try:
        for index, answer in answers:
            report = _report(paths[index], answer, setup)
            reports[index] = report
            progress(paths[index])
            key = keys.get(index)
            if cache is not None and key is not None and answer.failure is None and answer.sha256 == key.content:
                cache.put(key, report)
    finally:
        answers.close()  # stops the workers if we leave early (Ctrl-C)
        if cache is not None:
            cache.close()
    return [report for report in reports if report is not None]


def _report(path: Path, answer: Answer, setup: Setup) -> DocumentReport:
    from policy_audit import datajson

    if answer.failure is None:
        try:
            return datajson.loads(DocumentReport, answer.report)
        except ValueError:
            answer = Answer(failure=_unexpected("its answer could not be read"))
    assert answer.failure is not None
    what, remedy = answer.failure
    return failed_report(PolicyAuditError(str(path), what, remedy), setup.standards)


def _cost(path: Path) -> float:
    try:
        size = path.stat().st_size
    except OSError:
        return 0.0
    return size / (PDF_PAGE_BYTES if path.suffix.lower() in PDF_SUFFIXES else TEXT_PAGE_BYTES)


def _run_here(
    paths: Sequence[Path], pending: Sequence[int], setup: Setup, jobs: int
) -> Generator[tuple[int, Answer], None, None]:
    """Answers as they finish, from `jobs` threads here, each driving one worker process."""
    if not pending:
        return
    from concurrent.futures import Future, ThreadPoolExecutor, as_completed

    workers = Workers()
    pool = ThreadPoolExecutor(max_workers=min(jobs, len(pending)), thread_name_prefix="policy-audit")
    try:
        futures: dict[Future[Answer], int] = {
            pool.submit(workers.audit, paths[index], paths[index], setup): index for index in pending
        }
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        workers.stop()
        pool.shutdown(wait=True)
        workers.close()


class Workers:
    """One worker process per thread, started when first needed and replaced when it fails."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[WorkerProcess] = []
        self._stopped = False

    def audit(self, path: Path, shown: Path, setup: Setup) -> Answer:
        """One document in this thread's worker; never raises."""
        try:
            worker: WorkerProcess | None = getattr(self._local, "worker", None)
            if worker is not None and (worker.memory_limit != setup.memory_limit or not worker.alive()):
                worker.close()
                worker = None
            if worker is None:
                worker = self._start(setup.memory_limit)
            answer, healthy = worker.audit(path, shown, setup)
            if not healthy:
                self._local.worker = None
                worker.close()
            return answer
        except Exception as error:  # a bug of ours: this document is named with it, the others go on
            return Answer(failure=_unexpected(f"{type(error).__name__}: {error}"))

    def stop(self) -> None:
        """Kill every worker (at the end of a run, or when it is interrupted); a thread waiting on one reads the
        end of its pipe and returns."""
        with self._lock:
            self._stopped = True
            workers = list(self._all)
        for worker in workers:
            worker.kill()

    def close(self) -> None:
        """Close every worker's pipes, once no thread talks to them (after `stop` and the threads' end)."""
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.close()

    def _start(self, memory_limit: int) -> WorkerProcess:
        with self._lock:
            if self._stopped:
                raise RuntimeError("the run was stopped")
            worker = WorkerProcess(memory_limit)
            self._all.append(worker)
        self._local.worker = worker
        return worker


class _Died(Exception):
    """The worker process ended (or its pipe broke) before it answered."""


class _TimedOut(Exception):
    pass


@dataclass
class WorkerProcess:
    """A worker process and the pipes to it (see `policy_audit.worker`)."""

    memory_limit: int
    process: subprocess.Popen[bytes] = field(init=False)
    setup_digest: str = ""

    def __post_init__(self) -> None:
        debug = bool(os.environ.get("POLICY_AUDIT_DEBUG"))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "policy_audit.worker", str(os.getpid()), str(self.memory_limit)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
            close_fds=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """Kill the process (from any thread: the thread talking to it then reads the end of its pipe)."""
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)

    def close(self) -> None:
        """Kill the process and close its pipes (only from the thread that talks to it)."""
        self.kill()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()

    def audit(self, path: Path, shown: Path, setup: Setup) -> tuple[Answer, bool]:
        """(the answer for one document, whether this worker can take another)."""
        try:
            if self.setup_digest != setup.digest:
                started = time.monotonic() + STARTUP_SECONDS
                self._send(setup.message, started)
                ready = json.loads(self._receive(started))
                if "failure" in ready:
                    return Answer(failure=self._failed_start(str(ready["failure"]))), False
                self.setup_digest = setup.digest
        except (_Died, _TimedOut, ValueError):
            return Answer(failure=self._failed_start()), False
        request = {"audit": {"path": str(path), "shown": str(shown), "explain": setup.explain}}
        deadline = time.monotonic() + setup.timeout if setup.timeout > 0 else math.inf
        try:
            self._send(json.dumps(request).encode("utf-8"), deadline)
            reply = json.loads(self._receive(deadline))
        except _TimedOut:
            return Answer(failure=_timed_out(setup.timeout)), False
        except _Died:
            return Answer(failure=self._died(path, setup)), False
        except ValueError:
            return Answer(failure=_unexpected("its answer could not be read")), False
        if "failure" in reply:
            return Answer(failure=_failure(str(reply["failure"]), setup)), False
        report = json.dumps(reply["report"], ensure_ascii=False).encode("utf-8")
        return Answer(report=report, sha256=str(reply.get("sha256", ""))), True

    def _send(self, body: bytes, deadline: float) -> None:
        pipe = self.process.stdin
        if pipe is None:
            raise _Died
        data = memoryview(frame(body))
        descriptor = pipe.fileno()
        while data:
            if not _ready(descriptor, deadline, write=True):
                raise _TimedOut
            try:
                written = os.write(descriptor, data[: 1 << 16])
            except OSError as error:  # BrokenPipeError: it died
                raise _Died from error
            data = data[written:]

    def _receive(self, deadline: float) -> bytes:
        pipe = self.process.stdout
        if pipe is None:
            raise _Died
        header = _read_exactly(pipe, HEADER_BYTES, deadline)
        size = int.from_bytes(header, "big")
        if size > MAX_FRAME_BYTES:
            raise ValueError("answer too large")
        return _read_exactly(pipe, size, deadline)

    def _failed_start(self, error: str = "") -> tuple[str, str]:
        """Why a worker could not be set up: it ran out of memory (or could not map a library in it), or else."""
        try:
            status: int | None = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            status = None
        memory = status == EXIT_MEMORY or any(sign in error for sign in _OUT_OF_MEMORY)
        if memory and self.memory_limit:
            return (
                f"the worker process could not start within the {self.memory_limit} MB memory limit",
                f"raise --memory-limit (at least {MIN_MEMORY_MB}; default {DEFAULT_MEMORY_MB})",
            )
        cause = error or (f"exit status {status}" if status is not None else "it did not answer")
        return (
            f"the worker process could not start ({cause})"[:300],
            "rerun with POLICY_AUDIT_DEBUG=1 to see its error, and report it",
        )

    def _died(self, path: Path, setup: Setup) -> tuple[str, str]:
        """Why the worker ended while reading `path`, from its exit status, and what to do about it."""
        import signal

        status = self._status()
        if status == EXIT_MEMORY:
            return _memory(setup.memory_limit)
        if status is not None and status < 0:
            try:
                name = signal.Signals(-status).name
            except ValueError:
                name = f"signal {-status}"
            if -status == signal.SIGKILL:
                return (
                    "the worker reading it was killed (SIGKILL), most likely by the system for lack of memory",
                    "lower --jobs, or set --memory-limit so that the workers fit in memory together",
                )
            engine = (
                "the PDF engine" if path.suffix.lower() in PDF_SUFFIXES and setup.engine == "pdfium" else "the reader"
            )
            limit = f"the {setup.memory_limit} MB limit" if setup.memory_limit else "there is"
            return (
                f"{engine} crashed ({name}) on this file: it is malformed or hostile, or needs more memory than {limit}",
                "get a clean copy of the policy (re-download or re-export it); if it is a genuine large document, "
                "raise --memory-limit",
            )
        return _unexpected(f"the worker process stopped (exit status {status})")

    def _status(self) -> int | None:
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return None


_OUT_OF_MEMORY = ("MemoryError", "failed to map segment", "Cannot allocate memory", "cannot allocate memory")


def _read_exactly(pipe: IO[bytes], size: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    missing = size
    descriptor = pipe.fileno()
    while missing:
        if not _ready(descriptor, deadline):
            raise _TimedOut
        chunk = os.read(descriptor, min(missing, 1 << 20))
        if not chunk:
            raise _Died
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _ready(descriptor: int, deadline: float, write: bool = False) -> bool:
    """Wait until the pipe can be read (or written) or the deadline passes (a selector: any descriptor number)."""
    with selectors.DefaultSelector() as selector:
        selector.register(descriptor, selectors.EVENT_WRITE if write else selectors.EVENT_READ)
        while True:
            remaining = None if deadline == math.inf else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            if selector.select(1.0 if remaining is None else min(remaining, 1.0)):
                return True


def _timed_out(timeout: float) -> tuple[str, str]:
    return f"timed out after {timeout:g} s", "raise --timeout (seconds per document), or split the document"


def _memory(limit: int) -> tuple[str, str]:
    if limit:
        return (
            f"ran out of memory (over the {limit} MB limit per document)",
            "raise --memory-limit (MB) if it is a genuine large document, or split it",
        )
    return "ran out of memory", "split the document, or scan it on a machine with more memory"


def _failure(kind: str, setup: Setup) -> tuple[str, str]:
    if kind == "memory":
        return _memory(setup.memory_limit)
    if kind == "recursion":
        return "structure too deeply nested", "re-save the file (e.g. `qpdf in.pdf out.pdf` for a PDF) and scan that"
    return _unexpected(kind)


def _unexpected(what: str) -> tuple[str, str]:
    return (
        f"internal error ({what})",
        "please report it; rerun with POLICY_AUDIT_DEBUG=1 to see the worker's error",
    )


def audit_copy(name: str, shown: str, data: bytes, setup: Setup) -> Answer:
    """The per-document function of a cluster: a document sent as bytes, written to a private temporary folder
    under its own name and audited in an isolated worker of this process, as a local run does."""
    with tempfile.TemporaryDirectory(prefix="policy-audit-") as folder:
        path = Path(folder) / Path(name).name
        with open(path, "wb") as handle:
            handle.write(data)
        return _CLUSTER_WORKERS.audit(path, Path(shown), setup)


_CLUSTER_WORKERS = Workers()
"""The isolated workers of a cluster worker process (one per thread; they die with it)."""
