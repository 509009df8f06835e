"""Long PDFs read in page ranges by several workers: same reports as one job, and every guarantee kept."""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES, build_pdf, image_only_pdf

from policy_audit import batch
from policy_audit.batch import PartOutcome, RunOptions, _Scheduler, page_ranges, read_part, run
from policy_audit.ingest import PDF_ENGINES, load
from policy_audit.models import Standard

forked = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="workers see the test's patches only when forked"
)

PAGES = [
    ["1. PURPOSE", "Officers shall use force only when necessary."],
    ["2. PROHIBITED TECHNIQUES", "The following practices are prohibited:"],
    ["(a) Warning shots.", "(b) Chokeholds and carotid restraints."],
    ["(c) Hog-tying a restrained person.", "3. DUTY TO INTERVENE"],
    ["An officer who observes excessive force shall intervene", "to stop it and shall report it."],
    ["4. PUBLIC INFORMATION", "This policy is published on the department website."],
]


@pytest.fixture
def manual(tmp_path: Path) -> Path:
    return build_pdf(tmp_path / "manual.pdf", PAGES, header="Harbour City Police Manual", footer="Use of Force")


def test_page_ranges_cover_every_page_once_in_order() -> None:
    assert page_ranges(632, 2) == [(1, 316), (317, 632)]
    assert page_ranges(7, 3) == [(1, 2), (3, 5), (6, 7)]
    assert page_ranges(2, 5) == [(1, 1), (2, 2)]
    for pages, parts in ((1, 1), (10, 4), (65, 8)):
        ranges = page_ranges(pages, parts)
        covered = [page for first, last in ranges for page in range(first, last + 1)]
        assert covered == list(range(1, pages + 1))


def test_a_long_pdf_is_planned_in_ranges_and_a_short_one_is_not(manual: Path, tmp_path: Path, core: Standard) -> None:
    short = build_pdf(tmp_path / "short.pdf", PAGES[:1])
    scheduler = _Scheduler([manual, short], (core,), RunOptions(jobs=2, split_pages=4), lambda path: None)
    counts = scheduler._count_pages([0, 1])
    assert counts == {0: 6, 1: 1}
    assert scheduler._plan(manual, counts[0]) == (6.0, [(1, 3), (4, 6)])
    assert scheduler._plan(short, counts[1]) == (1.0, [])
    assert scheduler._plan(manual, None)[1] == []  # pages unknown: read whole


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_split_reports_equal_one_job_reports(manual: Path, tmp_path: Path, core: Standard, engine: str) -> None:
    text = tmp_path / "policy.txt"
    text.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    paths = [text, manual, empty]
    serial = run(paths, [core], RunOptions(jobs=1, engine=engine))
    split = run(paths, [core], RunOptions(jobs=2, engine=engine, split_pages=2))
    assert split == serial
    assert serial[1].error is None and serial[1].pages == 6
    chokehold = next(result for result in serial[1].results if result.item == "chokehold-ban")
    assert chokehold.evidence and chokehold.evidence[0].page == 3  # the list item, with its lead-in from page 2


def _logged(target: Callable[..., Any], log: Path, note: Callable[[tuple[Any, ...]], str]) -> Callable[..., Any]:
    """`target`, writing a line about each call to `log` first (from whichever process runs it)."""

    @functools.wraps(target)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{note(args)}\n")
        return target(*args, **kwargs)

    return wrapper


def _recording(target: Callable[..., Any], log: Path) -> Callable[..., Any]:
    return _logged(target, log, lambda args: f"{os.getpid()} {args[3]}-{args[4]}")


@forked
def test_the_ranges_are_read_by_the_workers(
    manual: Path, tmp_path: Path, core: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "parts.log"
    monkeypatch.setattr(batch, "read_part", _recording(batch.read_part, log))
    run([manual], [core], RunOptions(jobs=2, split_pages=2))
    parts = sorted(line.split()[1] for line in log.read_text(encoding="utf-8").splitlines())
    assert parts == ["1-3", "4-6"]
    assert all(int(line.split()[0]) != os.getpid() for line in log.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("kind", ["scanned", "encrypted"])
def test_unreadable_long_pdfs_give_the_one_job_error(tmp_path: Path, core: Standard, kind: str) -> None:
    if kind == "scanned":
        single = image_only_pdf(tmp_path / "single.pdf")
        from pypdfium2 import PdfDocument

        document = PdfDocument(str(single))
        document.import_pages(PdfDocument(str(single)), [0, 0, 0])
        path = tmp_path / "scanned.pdf"
        document.save(str(path))
        document.close()
    else:
        path = build_pdf(tmp_path / "encrypted.pdf", PAGES, encrypt_password="secret")
    good = tmp_path / "good.txt"
    good.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    serial = run([path, good], [core], RunOptions(jobs=1))
    split = run([path, good], [core], RunOptions(jobs=2, split_pages=2))
    assert split == serial
    error = split[0].error or ""
    assert error.startswith(str(path)) and " — " in error and "\n" not in error
    assert ("ocrmypdf" if kind == "scanned" else "--password") in error
    assert split[1].error is None


def test_a_range_that_cannot_be_read_is_an_outcome_not_an_exception(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"<html>not found</html>")
    outcome = read_part(fake, "", "pdfium", 1, 10, 5.0)
    assert outcome.text is None and outcome.failure is not None
    assert "not a PDF" in outcome.failure[0] and outcome.failure[1]


def _scheduler(path: Path, core: Standard, timeout: float) -> _Scheduler:
    scheduler = _Scheduler([path], (core,), RunOptions(jobs=2, timeout=timeout), lambda path: None)
    scheduler.splits[0] = batch._Split([(1, 3), (4, 6)])
    return scheduler


def test_the_first_failed_range_in_page_order_is_the_documents_error(manual: Path, core: Standard) -> None:
    scheduler = _scheduler(manual, core, 600)
    split = scheduler.splits[0]
    split.outcomes = {
        1: PartOutcome(None, ("corrupt or truncated PDF (page 5)", "re-download the file"), 0.1),
        0: PartOutcome(None, ("corrupt or truncated PDF (page 2)", "re-download the file"), 0.1),
    }
    ready: Any = []
    scheduler._joined(0, split, ready)
    assert not ready
    assert scheduler.results[0].error == f"{manual}: corrupt or truncated PDF (page 2) — re-download the file"


def test_ranges_that_used_up_the_time_limit_time_the_document_out(manual: Path, core: Standard) -> None:
    scheduler = _scheduler(manual, core, 2.0)
    split = scheduler.splits[0]
    text = batch.PdfText((), ())
    split.outcomes = {0: PartOutcome(text, None, 0.5), 1: PartOutcome(text, None, 2.5)}
    ready: Any = []
    scheduler._joined(0, split, ready)
    assert "timed out after 2 s" in (scheduler.results[0].error or "")
    fresh = _scheduler(manual, core, 2.0)
    fresh.splits[0].outcomes = {0: PartOutcome(text, None, 0.5), 1: PartOutcome(text, None, 1.5)}
    fresh._joined(0, fresh.splits[0], ready)
    assert ready and ready[0].task.stage == "segment"
    assert fresh.splits[0].limit == pytest.approx(0.5)  # the next stages get what the slowest range left


def test_with_nothing_else_queued_this_process_segments_the_joined_document(manual: Path, core: Standard) -> None:
    parts = tuple(read_part(manual, "", "pdfium", first, last, 60).text for first, last in ((1, 3), (4, 6)))
    elsewhere, here = _scheduler(manual, core, 600), _scheduler(manual, core, 600)
    for scheduler in (elsewhere, here):
        scheduler.splits[0].outcomes = {number: PartOutcome(text, None, 0.1) for number, text in enumerate(parts)}
    sent: Any = deque()
    elsewhere._joined(0, elsewhere.splits[0], sent)
    assert [job.task.stage for job in sent] == ["segment"]
    kept: Any = deque()
    here._joined(0, here.splits[0], kept, here=True)
    assert {job.task.stage for job in kept} == {"sections"} and len(kept) == here.splits[0].runs > 1
    segmented = sent[0].function(*sent[0].args)
    assert [job.args[0] for job in kept] == list(batch.split_at_headings(segmented.clauses, 4))


def test_segmenting_that_used_up_the_time_limit_times_the_document_out(manual: Path, core: Standard) -> None:
    scheduler = _scheduler(manual, core, 2.0)
    split = scheduler.splits[0]
    split.limit = 1.0
    document = batch.Document(str(manual), "", 6, ())
    ready: Any = deque()
    scheduler._segmented(0, batch.Segmented(document, (), None, 1.5), ready)
    assert not ready and "timed out after 2 s" in (scheduler.results[0].error or "")


def test_a_run_of_sections_that_failed_is_the_documents_error(manual: Path, core: Standard) -> None:
    from policy_audit.segment import segment

    scheduler = _scheduler(manual, core, 600)
    split = scheduler.splits[0]
    split.limit = 500.0
    document = load(manual)
    ready: Any = deque()
    scheduler._segmented(0, batch.Segmented(document, segment(document), None, 0.1), ready)
    assert len(ready) == split.runs > 1 and {job.task.stage for job in ready} == {"sections"}
    assert all(job.args[2] == pytest.approx(499.9) for job in ready)  # the runs get what segmenting left
    scheduler._read(0, 1, batch.SectionsOutcome(None, ("timed out after 600 s", "raise --timeout")))
    assert 0 not in scheduler.results  # the other runs are not back yet
    for number in range(split.runs):
        if number != 1:
            scheduler._read(0, number, batch.read_sections(ready[number].args[0], (core,), 0, 600))
    assert scheduler.results[0].error == f"{manual}: timed out after 600 s — raise --timeout"


def _dies_on(target: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(target)
    def wrapper(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == name:
            os._exit(1)  # a worker killed (segfault, out-of-memory killer)
        return target(path, *args, **kwargs)

    return wrapper


@forked
def test_a_killed_worker_loses_only_the_documents_in_flight(
    tmp_path: Path, core: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    killer = tmp_path / "killer.txt"
    killer.write_text("Warning shots are prohibited.\n" * 400, encoding="utf-8")  # the largest: started first
    others = []
    for index in range(4):
        path = tmp_path / f"p{index}.txt"
        path.write_text("Warning shots are prohibited.\n" * (4 - index), encoding="utf-8")
        others.append(path)
    monkeypatch.setattr(batch, "audit_one", _dies_on(batch.audit_one, "killer.txt"))
    reports = run([killer, *others], [core], RunOptions(jobs=2))
    assert [report.path for report in reports] == [str(path) for path in (killer, *others)]
    assert "worker failed" in (reports[0].error or "")
    assert reports[-1].error is None  # queued behind the crash: audited by a fresh pool
    assert all(report.error is None or "worker failed" in report.error for report in reports)


def _dies_once(target: Callable[..., Any], marker: Path) -> Callable[..., Any]:
    @functools.wraps(target)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not marker.exists():
            marker.touch()
            os._exit(1)
        return target(*args, **kwargs)

    return wrapper


@forked
def test_a_reader_killed_mid_range_has_its_ranges_read_again(
    manual: Path, tmp_path: Path, core: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = run([manual], [core], RunOptions(jobs=1))
    monkeypatch.setattr(batch, "read_part", _dies_once(batch.read_part, tmp_path / "died"))
    assert run([manual], [core], RunOptions(jobs=2, split_pages=2)) == serial
    assert (tmp_path / "died").exists()


@forked
def test_a_pdf_that_kills_the_page_counter_is_read_whole(
    manual: Path, tmp_path: Path, core: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = run([manual, manual], [core], RunOptions(jobs=1))
    monkeypatch.setattr(batch, "page_counts", _dies_once(batch.page_counts, tmp_path / "died"))
    assert run([manual, manual], [core], RunOptions(jobs=2, split_pages=2)) == serial
    assert (tmp_path / "died").exists()


def test_progress_once_per_document_and_the_cache_serves_split_documents(
    manual: Path, tmp_path: Path, core: Standard
) -> None:
    text = tmp_path / "policy.txt"
    text.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    options = RunOptions(jobs=2, split_pages=2, cache_dir=tmp_path / "cache")
    seen: list[Path] = []
    first = run([manual, text], [core], options, seen.append)
    assert sorted(seen) == sorted([manual, text])
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2
    seen.clear()
    second = run([manual, text], [core], options, seen.append)
    assert second == first and sorted(seen) == sorted([manual, text])


DISCOURSE = """\
1. WARNING SHOTS
These are prohibited.
Exception: when deadly force is authorized.

2. NECK RESTRAINTS
The lateral vascular neck restraint compresses the carotid arteries. This technique is prohibited.

3. RESTRAINED PERSONS
Prohibited.
Such restraints shall never be applied to a person who is handcuffed.

4. INTERVENTION
An officer who observes another officer using excessive force shall intervene. They shall report it.

5. DEFINITIONS
Chokehold - any hold that applies pressure to the neck, including a carotid restraint.

6. HOLDS
Officers shall not use a chokehold.
"""


@pytest.mark.parametrize("parts", [2, 3, 8])
def test_runs_split_at_headings_read_as_the_whole_does(parts: int) -> None:
    from policy_audit.audit import clause_hits
    from policy_audit.ingest import load
    from policy_audit.ingest.clean import rejoin_hyphenated
    from policy_audit.matching import split_at_headings
    from policy_audit.models import Document, Line
    from policy_audit.segment import segment
    from policy_audit.standards import load as load_standard

    chosen = (load_standard("core"), load_standard("8-cant-wait"))
    samples = sorted(
        path for path in SAMPLES.iterdir() if path.suffix in (".txt", ".md", ".pdf") and path.stem != "README"
    )
    documents = [load(path) for path in samples]
    lines = tuple(Line(raw, 1, number) for number, raw in enumerate(DISCOURSE.split("\n"), start=1))
    documents.append(Document("discourse", "", 1, rejoin_hyphenated(lines)))
    for document in documents:
        clauses = segment(document)
        runs = split_at_headings(clauses, parts)
        assert [clause for run in runs for clause in run] == list(clauses)
        assert 1 < len(runs) <= parts
        assert all(run and run[0].heading for run in runs[1:])
        whole = clause_hits(clauses, chosen)
        # Each run gets the whole document's definitions, as the batch sends them ("6. HOLDS" uses a term that
        # "5. DEFINITIONS" defines, in another run).
        definitions = tuple(clause for clause in clauses if clause.role == "definition")
        shared = [clause_hits(run, chosen, definitions=definitions) for run in runs]
        for position, hits in enumerate(whole):
            assert tuple(hit for run in shared for hit in run[position]) == hits, document.path
        assert any(whole), document.path


def test_a_defined_term_carries_its_parts_across_runs() -> None:
    from policy_audit.audit import clause_hits, decide_hits
    from policy_audit.ingest.clean import rejoin_hyphenated
    from policy_audit.matching import split_at_headings
    from policy_audit.models import Document, Line, Status
    from policy_audit.segment import segment
    from policy_audit.standards import load as load_standard

    core = (load_standard("core"),)
    text = "1. DEFINITIONS\nChokehold - any hold on the neck, including a carotid restraint.\n\n2. HOLDS\nOfficers shall not use a chokehold.\n"
    lines = tuple(Line(raw, 1, number) for number, raw in enumerate(text.split("\n"), start=1))
    clauses = segment(Document("glossary", "", 1, rejoin_hyphenated(lines)))
    runs = split_at_headings(clauses, 2)
    assert len(runs) == 2
    definitions = tuple(clause for clause in clauses if clause.role == "definition")

    def chokehold(per_run: list[tuple[tuple[Any, ...], ...]]) -> Status:
        hits = [tuple(hit for run in per_run for hit in run[0])]
        return next(result.status for result in decide_hits(core, hits) if result.item == "chokehold-ban")

    assert chokehold([clause_hits(run, core, definitions=definitions) for run in runs]) is Status.MET
    assert chokehold([clause_hits(run, core) for run in runs]) is Status.PARTIAL, "runs without the definitions"


def test_pages_and_clauses_cross_processes_as_they_were() -> None:
    """Pickled as plain tuples for speed, they come back equal and as the same types (Line, Clause, PdfText)."""
    import pickle

    from policy_audit.ingest.pdf import PdfText
    from policy_audit.models import Clause, Line

    text = PdfText(((Line("WARNING SHOTS", 1, 1), Line("p. 1", 1, 2, True)), (Line("Prohibited.", 2, 3),)), (3,))
    again = pickle.loads(pickle.dumps(text))
    assert again == text and type(again.pages[0][1]) is Line and again.pages[0][1].furniture
    clauses = (Clause("Warning shots are prohibited.", 2, 3, "WARNING SHOTS", lead="x", role="rule"),)
    rows = pickle.loads(pickle.dumps(batch._Clauses(clauses)))
    assert rows == clauses and type(rows[0]) is Clause and rows[0].lead == "x"


@forked
def test_workers_inherit_a_frozen_heap_and_this_process_gets_it_back(
    tmp_path: Path, core: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers' cycle collector never walks what they inherit (gc.freeze before forking); afterwards this
    process's collector reaches all of it again (nothing left frozen, nothing leaked in a long-lived process)."""
    import gc

    log = tmp_path / "frozen.log"
    monkeypatch.setattr(batch, "audit_one", _logged(batch.audit_one, log, lambda args: str(gc.get_freeze_count())))
    paths = []
    for name in ("a", "b", "c"):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text("Warning shots are prohibited.\n", encoding="utf-8")
    assert gc.get_freeze_count() == 0
    reports = run(paths, [core], RunOptions(jobs=2))
    assert len(reports) == 3 and all(report.error is None for report in reports)
    counts = [int(line) for line in log.read_text(encoding="utf-8").split()]
    assert len(counts) == 3 and all(count > 10_000 for count in counts)  # the matcher and lookup tables, frozen
    assert gc.get_freeze_count() == 0
