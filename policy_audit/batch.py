"""Run many documents: in parallel processes, each under a time limit, with a content-hash cache.

A document that hangs, crashes or cannot be read becomes an error entry in the report; the others go on.
Results come back in input order whatever order the workers finish in, so output is deterministic.

With several workers, a long PDF is read in page ranges by several of them at once (PDF text extraction is
page by page), then its pages are joined in order and the whole document is segmented once, by one worker (or
by this process, when nothing else waits): segmentation needs the whole document (lists, sections and running
headers cross pages). Its clauses are then read in runs split at headings, twice as many as workers (discourse
never crosses a heading), and the runs' hits are decided together here. The work is fed to the pool largest
first and a split document's next stage goes ahead of anything still waiting, so that one manual does not leave
the other workers idle at the end. This process compiles the matcher before any worker is forked, so that they
inherit it instead of each compiling it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NamedTuple

from policy_audit import __version__
from policy_audit.audit import audit_path, clause_hits, decide_hits, document_report
from policy_audit.decide import failed_report
from policy_audit.errors import PolicyAuditError
from policy_audit.ingest import DEFAULT_ENGINE, PDF_SUFFIXES
from policy_audit.ingest.pdf import PdfText
from policy_audit.matching import split_at_headings
from policy_audit.models import Clause, Document, DocumentReport, Hit, Standard, from_rows
from policy_audit.segment import segment

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

DEFAULT_TIMEOUT = 600.0
SPLIT_PAGES = 64
"""With --jobs > 1, a PDF of at least this many pages is read in page ranges by several workers."""
TEXT_PAGE_BYTES = 3000
"""About a page of policy text, to weigh text files against PDFs when ordering the work."""
PDF_PAGE_BYTES = 50_000
"""About a PDF page, for a PDF whose pages could not be counted."""


@dataclass(frozen=True)
class RunOptions:
    """How to run a batch: nothing here changes a verdict, only how it is reached."""

    jobs: int = 1
    timeout: float = DEFAULT_TIMEOUT
    password: str = ""
    cache_dir: Path | None = None
    """None disables the cache."""
    engine: str = DEFAULT_ENGINE
    """PDF text engine: pdfium (default, fast) or pdfminer (layout analysis)."""
    split_pages: int = SPLIT_PAGES
    """With jobs > 1, PDFs of at least this many pages are extracted in page ranges in parallel (0: never)."""


def default_cache_dir() -> Path:
    from policy_audit.cachefiles import cache_folder

    return cache_folder()


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
    if options.jobs > 1 and pending:
        for index, done in _Scheduler(paths, tuple(standards), options, progress).run(pending).items():
            reports[index] = done
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
    path: Path, standards: tuple[Standard, ...], password: str, timeout: float, engine: str = DEFAULT_ENGINE
) -> DocumentReport:
    """One document under a time limit (SIGALRM in the process that runs it)."""
    try:
        with _time_limit(timeout):
            return audit_path(path, standards, password, engine)
    except (_Timeout, MemoryError, RecursionError) as error:
        return _failed(path, standards, *_problem(error, timeout))


@dataclass(frozen=True)
class PartOutcome:
    """One page range of a long PDF, read by a worker: its pages, or why they could not be read."""

    text: PdfText | None
    failure: tuple[str, str] | None
    """(what, remedy) when the range could not be read (errors travel as text: exceptions do not pickle)."""
    seconds: float


def read_part(path: Path, password: str, engine: str, first: int, last: int, timeout: float) -> PartOutcome:
    """Pages first..last of a PDF, under the document's time limit; never raises for a bad file."""
    from policy_audit.ingest import read_pdf_pages

    started = time.perf_counter()
    try:
        with _time_limit(timeout):
            text = read_pdf_pages(path, password, engine, first, last)
    except (PolicyAuditError, _Timeout, MemoryError, RecursionError) as error:
        return PartOutcome(None, _problem(error, timeout), time.perf_counter() - started)
    return PartOutcome(text, None, time.perf_counter() - started)


class _Clauses(tuple[Clause, ...]):
    """Clauses crossing to another process, pickled as plain tuples and made clauses again there
    (`models.from_rows`: a tenth of a second less on a manual's 12,700 clauses)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return from_rows, (Clause, tuple(map(tuple, self)))


@dataclass(frozen=True)
class Segmented:
    """A long PDF's ranges joined and segmented (by a worker, or here): its clauses, or why it could not be."""

    document: Document | None
    """The document without its lines (its clauses carry the text): path, hash, pages, notes."""
    clauses: tuple[Clause, ...]
    failure: tuple[str, str] | None
    seconds: float


def segment_parts(path: Path, parts: tuple[PdfText, ...], engine: str, limit: float, timeout: float) -> Segmented:
    """Join a PDF's page ranges in order and segment the whole document once (within `limit` s)."""
    from policy_audit.ingest import pdf_document, read_file

    started = time.perf_counter()
    try:
        with _time_limit(limit):
            document = pdf_document(path, read_file(path), parts, engine)
            clauses = segment(document)
    except (PolicyAuditError, _Timeout, MemoryError, RecursionError) as error:
        return Segmented(None, (), _problem(error, timeout), time.perf_counter() - started)
    return Segmented(replace(document, lines=()), _Clauses(clauses), None, time.perf_counter() - started)


@dataclass(frozen=True)
class SectionsOutcome:
    """One run of a long document's clauses, read by a worker: each standard's hits, or why it failed."""

    hits: tuple[tuple[Hit, ...], ...] | None
    failure: tuple[str, str] | None


def read_sections(
    clauses: tuple[Clause, ...],
    standards: tuple[Standard, ...],
    limit: float,
    timeout: float,
    definitions: tuple[Clause, ...] = (),
) -> SectionsOutcome:
    """The hits of a run of clauses that opens on a heading (see split_at_headings), within `limit` s, read with
    the whole document's `definitions`."""
    try:
        with _time_limit(limit):
            return SectionsOutcome(clause_hits(clauses, standards, definitions=definitions), None)
    except (PolicyAuditError, _Timeout, MemoryError, RecursionError) as error:
        return SectionsOutcome(None, _problem(error, timeout))


def _problem(error: BaseException, timeout: float) -> tuple[str, str]:
    """(what, remedy) for a document that could not be done, the same whichever worker met the problem."""
    if isinstance(error, PolicyAuditError):
        return error.what, error.remedy
    if isinstance(error, _Timeout):
        return _timed_out(timeout), _TIMEOUT_REMEDY
    if isinstance(error, MemoryError):
        return "ran out of memory", "split the document or scan it alone"
    return "structure too deeply nested", "re-save the file (e.g. qpdf for PDFs)"


_TIMEOUT_REMEDY = "raise --timeout, or split the document"


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def page_ranges(pages: int, parts: int) -> list[tuple[int, int]]:
    """`parts` consecutive, nearly equal 1-based inclusive page ranges covering 1..pages."""
    parts = max(1, min(parts, pages))
    bounds = [round(pages * share / parts) for share in range(parts + 1)]
    return [(bounds[i] + 1, bounds[i + 1]) for i in range(parts) if bounds[i + 1] > bounds[i]]


class _Task(NamedTuple):
    """A unit of work for the pool: a whole document, or one stage of a long PDF split across workers."""

    document: int
    """The document's position in the run."""
    stage: str
    """'whole' (read and audited by one worker), 'range' (pages), 'segment' (join and segment), 'sections'."""
    number: int = 0
    """Which page range, or which run of sections."""


@dataclass(frozen=True)
class _Job:
    """A split document's next stage, waiting for a worker: it goes ahead of whole documents."""

    task: _Task
    function: Callable[..., Any]
    args: tuple[Any, ...]


_Ready = deque[_Job]


@dataclass
class _Split:
    """A long PDF shared out between workers: its ranges and what came back of each stage."""

    ranges: list[tuple[int, int]]
    outcomes: dict[int, PartOutcome] = field(default_factory=dict)
    limit: float = 0.0
    """Seconds left of the document's time limit for its next stage (0: no limit)."""
    document: Document | None = None
    runs: int = 0
    """Into how many runs of sections its clauses were split."""
    sections: dict[int, SectionsOutcome] = field(default_factory=dict)


@dataclass
class _Scheduler:
    """Feeds a process pool one task per free worker, largest first, split documents' next stages ahead."""

    paths: Sequence[Path]
    standards: tuple[Standard, ...]
    options: RunOptions
    progress: Callable[[Path], None]
    results: dict[int, DocumentReport] = field(default_factory=dict)
    splits: dict[int, _Split] = field(default_factory=dict)
    read_again: set[_Task] = field(default_factory=set)

    def run(self, pending: Sequence[int]) -> dict[int, DocumentReport]:
        import gc

        try:
            return self._run(pending)
        finally:
            gc.unfreeze()  # what _warm froze for the workers is collectable here again

    def _run(self, pending: Sequence[int]) -> dict[int, DocumentReport]:
        queue: deque[_Task] = deque()  # whole documents, largest first
        reads: list[_Task] = []  # page ranges of long PDFs
        if self.options.split_pages > 0:
            counts = self._count_pages(pending, meanwhile=self._warm)
        else:
            counts = {}
            self._warm()
        planned = [(index, *self._plan(self.paths[index], counts.get(index))) for index in pending]
        for index, _, ranges in sorted(planned, key=lambda plan: plan[1], reverse=True):
            if ranges:
                self.splits[index] = _Split(ranges)
                reads.extend(_Task(index, "range", part) for part in range(len(ranges)))
            else:
                queue.append(_Task(index, "whole"))
        if not reads and len(queue) == 1:  # one short document: no pool to start
            index = queue[0].document
            options = self.options
            report = audit_one(self.paths[index], self.standards, options.password, options.timeout, options.engine)
            self._done(index, report)
            return self.results
        ready: _Ready = deque()  # split documents' next stages
        queue.extendleft(reversed(reads))  # the long PDFs' ranges first: their later stages are the longest path
        while queue or ready:
            self._drain(queue, ready)
        return self.results

    def _warm(self) -> None:
        """Compile the matcher (and load the tokenizer's rules) here before the workers are forked, so that they
        inherit it: a third of a second once, instead of in every worker. Only where workers are forked.

        Then everything this process holds is frozen out of the cycle collector's reach (`gc.freeze`, made for
        this): a worker's collector would otherwise walk the inherited heap (lookup tables, the matcher) at each
        full collection, and copy every page it touched. That was a tenth more CPU with two workers than with one.
        """
        import gc
        import multiprocessing

        if multiprocessing.get_start_method() != "fork":
            return
        from policy_audit.audit import audit_clauses

        try:
            audit_clauses((), self.standards)
        except PolicyAuditError:
            return  # a standard that cannot compile is reported by the worker that audits, as with one job
        gc.freeze()

    def _drain(self, queue: deque[_Task], ready: _Ready) -> None:
        """Run until everything queued is done, or the pool breaks (a worker killed): then a new pool goes on."""
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait  # only when running in parallel
        from concurrent.futures.process import BrokenProcessPool

        # A split document's clauses will be read by every worker: the pool starts workers only as needed.
        workers = self.options.jobs if ready else max(1, min(self.options.jobs, len(queue)))
        running: dict[Future[Any], _Task] = {}
        with ProcessPoolExecutor(max_workers=workers) as pool:
            try:
                while queue or ready or running:
                    while len(running) < workers and (queue or ready):
                        if ready and ready[0].task.document in self.results:  # another stage of it failed: moot
                            ready.popleft()
                            continue
                        if not ready and queue[0].document in self.results:  # another range of it failed: moot
                            queue.popleft()
                            continue
                        task, future = self._submit_next(pool, queue, ready)
                        running[future] = task
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        task = running.pop(future)
                        if not self._read_again(task, future, queue):
                            self._finished(task, future, ready, queue)
            except BrokenProcessPool:
                for future, task in running.items():  # the tasks in flight died with the pool
                    if not self._read_again(task, future, queue):
                        self._finished(task, future, ready, queue)
                running.clear()

    def _read_again(self, task: _Task, future: Future[Any], queue: deque[_Task]) -> bool:
        """A page range whose worker died goes back to the queue once: another range's crash may have taken it
        down. A range that kills its worker again is named as the document's error."""
        from concurrent.futures.process import BrokenProcessPool

        if task.stage != "range" or task in self.read_again or not isinstance(future.exception(), BrokenProcessPool):
            return False
        self.read_again.add(task)
        queue.appendleft(task)
        return True

    def _submit_next(self, pool: ProcessPoolExecutor, queue: deque[_Task], ready: _Ready) -> tuple[_Task, Future[Any]]:
        """Submit a split document's next stage if one is ready, else the next queued task.

        A task leaves its queue only once submitted: a broken pool refuses it, and a new pool runs it.
        """
        if ready:
            job = ready[0]
            future = pool.submit(job.function, *job.args)
            ready.popleft()
            return job.task, future
        task = queue[0]
        future = self._submit(pool, task)
        queue.popleft()
        return task, future

    def _submit(self, pool: ProcessPoolExecutor, task: _Task) -> Future[Any]:
        path, options = self.paths[task.document], self.options
        if task.stage == "whole":
            return pool.submit(audit_one, path, self.standards, options.password, options.timeout, options.engine)
        first, last = self.splits[task.document].ranges[task.number]
        return pool.submit(read_part, path, options.password, options.engine, first, last, options.timeout)

    def _finished(self, task: _Task, future: Future[Any], ready: _Ready, queue: deque[_Task] | None = None) -> None:
        index = task.document
        path = self.paths[index]
        try:
            outcome = future.result()
        except Exception as error:  # a worker that died (killed, broken pool): keep the run going
            self._done(index, _failed(path, self.standards, f"worker failed ({type(error).__name__})", _WORKER_REMEDY))
            return
        if index in self.results:
            return
        if isinstance(outcome, PartOutcome):
            split = self.splits[index]
            split.outcomes[task.number] = outcome
            if len(split.outcomes) == len(split.ranges):
                self._joined(index, split, ready, here=queue is not None and not queue)
        elif isinstance(outcome, Segmented):
            self._segmented(index, outcome, ready)
        elif isinstance(outcome, SectionsOutcome):
            self._read(index, task.number, outcome)
        else:
            self._done(index, outcome)

    def _joined(self, index: int, split: _Split, ready: _Ready, here: bool = False) -> None:
        """All ranges are back: the first failure in page order is the document's error, else it is segmented.

        `here`: nothing else is queued, so the workers would only wait for the clauses. This process then
        segments the document itself, which saves sending the pages out and the clauses back (joining and
        segmenting are plain Python under the time limit: no PDF engine that could crash this process).
        """
        path = self.paths[index]
        outcomes = [split.outcomes[part] for part in range(len(split.ranges))]
        for outcome in outcomes:
            if outcome.failure is not None:
                what, remedy = outcome.failure
                self._done(index, _failed(path, self.standards, what, remedy))
                return
        timeout = self.options.timeout
        split.limit = 0.0 if timeout <= 0 else timeout - max(outcome.seconds for outcome in outcomes)
        if timeout > 0 and split.limit <= 0:
            self._done(index, _failed(path, self.standards, _timed_out(timeout), _TIMEOUT_REMEDY))
            return
        parts = tuple(outcome.text for outcome in outcomes if outcome.text is not None)
        args = (path, parts, self.options.engine, split.limit, timeout)
        if here:
            self._segmented(index, segment_parts(*args), ready)
        else:
            ready.append(_Job(_Task(index, "segment"), segment_parts, args))

    def _segmented(self, index: int, outcome: Segmented, ready: _Ready) -> None:
        """The clauses are back: read them in runs split at headings (twice as many as workers), ahead of the rest."""
        path, split, timeout = self.paths[index], self.splits[index], self.options.timeout
        if outcome.failure is not None or outcome.document is None:
            what, remedy = outcome.failure or ("could not be segmented", _WORKER_REMEDY)
            self._done(index, _failed(path, self.standards, what, remedy))
            return
        split.document = outcome.document
        split.limit = 0.0 if timeout <= 0 else split.limit - outcome.seconds
        if timeout > 0 and split.limit <= 0:
            self._done(index, _failed(path, self.standards, _timed_out(timeout), _TIMEOUT_REMEDY))
            return
        runs = split_at_headings(outcome.clauses, 2 * self.options.jobs)
        split.runs = len(runs)
        definitions = _Clauses(clause for clause in outcome.clauses if clause.role == "definition")
        for number, clauses in enumerate(runs):
            args = (_Clauses(clauses), self.standards, split.limit, timeout, definitions)
            ready.append(_Job(_Task(index, "sections", number), read_sections, args))

    def _read(self, index: int, number: int, outcome: SectionsOutcome) -> None:
        """A run of sections is back; with the last, the runs' hits in order are decided as the whole's would be."""
        split = self.splits[index]
        split.sections[number] = outcome
        if len(split.sections) < split.runs or split.document is None:
            return
        runs = [split.sections[run] for run in range(split.runs)]
        for done in runs:
            if done.failure is not None:
                self._done(index, _failed(self.paths[index], self.standards, *done.failure))
                return
        hits = [
            tuple(hit for done in runs if done.hits is not None for hit in done.hits[position])
            for position in range(len(self.standards))
        ]
        self._done(index, document_report(split.document, decide_hits(self.standards, hits)))

    def _done(self, index: int, report: DocumentReport) -> None:
        if index not in self.results:
            self.results[index] = report
            self.progress(self.paths[index])

    def _plan(self, path: Path, pages: int | None) -> tuple[float, list[tuple[int, int]]]:
        """The document's expected cost (in pages) and, for a PDF long enough to share out, its page ranges.

        A PDF's cost is its page count (its size in bytes says more about its images than its text); a text
        file's is its size over a page's worth of text. A PDF whose pages could not be counted is read whole:
        the worker names the problem exactly as a one-job run would.
        """
        try:
            size = path.stat().st_size
        except OSError:
            return 0.0, []
        if path.suffix.lower() not in PDF_SUFFIXES:
            return size / TEXT_PAGE_BYTES, []
        if pages is None:
            return size / PDF_PAGE_BYTES, []
        split = self.options.split_pages
        if split <= 0 or pages < split:
            return float(pages), []
        return float(pages), page_ranges(pages, min(self.options.jobs, max(2, pages // max(1, split // 2))))

    def _count_pages(
        self, indexes: Sequence[int], meanwhile: Callable[[], None] = lambda: None
    ) -> dict[int, int | None]:
        """Page counts of the PDFs among `indexes`, taken in a worker: a PDF that crashes the engine must not
        take this process, and every other document's result, with it. `meanwhile` runs here as they are taken."""
        pdfs = [index for index in indexes if self.paths[index].suffix.lower() in PDF_SUFFIXES]
        if not pdfs:
            meanwhile()
            return {}
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=1)
        try:
            try:
                counts: Future[Any] | None = pool.submit(
                    page_counts, tuple(self.paths[index] for index in pdfs), self.options.password
                )
            except Exception:
                counts = None
            meanwhile()
            try:
                return dict(zip(pdfs, counts.result(), strict=True)) if counts is not None else {}
            except Exception:  # the counting worker died: no PDF is split, each is read whole by its own worker
                return {}
        finally:
            pool.shutdown()


def page_counts(paths: tuple[Path, ...], password: str) -> tuple[int | None, ...]:
    """Each PDF's page count, or None where it cannot be opened (runs in a worker)."""
    from policy_audit.ingest import pdf_page_count

    counts: list[int | None] = []
    for path in paths:
        try:
            counts.append(pdf_page_count(path, password))
        except (PolicyAuditError, OSError):
            counts.append(None)
    return tuple(counts)


_WORKER_REMEDY = "rerun with --jobs 1 to see more"


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


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A hash of the tool's own code and data (the reader's cue file included): an edited checkout or a new
    release never serves results cached by another reader."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for source in sorted([*package.rglob("*.py"), *package.rglob("*.yaml")]):
        try:
            digest.update(str(source.relative_to(package)).encode() + b"\0" + source.read_bytes())
        except OSError:
            continue
    return digest.hexdigest()


def _cache_key(path: Path, standards: Sequence[Standard], options: RunOptions) -> str | None:
    if options.cache_dir is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256()
    digest.update(__version__.encode() + b"\0" + _code_digest().encode())
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
