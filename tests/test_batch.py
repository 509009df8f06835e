"""Batches that survive anything: each document in an isolated worker process, under memory and time limits.

The hostile documents are real (generated in milliseconds, see hostile.py): a PDF whose content stream inflates
to 4 GiB and a form XObject that draws itself both abort PDFium. Each must cost its own document only, with
one line naming it, whatever --jobs says, and leave the other documents' results exactly as without it.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT
from hostile import good_folder, inflating_pdf, self_drawing_pdf, varied_text, without_positions
from typer.testing import CliRunner

from policy_audit import batch
from policy_audit.audit import audit_path
from policy_audit.batch import RunOptions, run
from policy_audit.cli import app
from policy_audit.formats import Format, RenderOptions, render
from policy_audit.models import DocumentReport, Report, Standard

runner = CliRunner()


def _without_hits(report: DocumentReport) -> DocumentReport:
    return replace(report, results=tuple(replace(result, hits=()) for result in report.results))


def _statuses(reports: list[DocumentReport]) -> dict[str, list[str]]:
    return {Path(report.path).name: [result.status.value for result in report.results] for report in reports}


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], list[Path]]:
    """Nine good policies, the 4 GiB-inflating PDF and the self-drawing XObject, in one folder."""
    folder = tmp_path_factory.mktemp("hostile")
    good = good_folder(folder)
    bad = [inflating_pdf(folder / "inflates-to-4gib.pdf"), self_drawing_pdf(folder / "draws-itself.pdf")]
    return folder, good, bad


@pytest.fixture(scope="module")
def clean_reports(hostile_folder: tuple[Path, list[Path], list[Path]], core: Standard) -> list[DocumentReport]:
    _, good, _ = hostile_folder
    return run(good, [core], RunOptions(jobs=2))


def test_nine_good_policies_are_audited_in_workers_as_in_process(
    hostile_folder: tuple[Path, list[Path], list[Path]], clean_reports: list[DocumentReport], core: Standard
) -> None:
    _, good, _ = hostile_folder
    assert len(good) == 9
    assert clean_reports == [_without_hits(audit_path(path, [core])) for path in good]
    assert all(report.error is None for report in clean_reports)


@pytest.mark.parametrize("jobs", [1, 2])
def test_hostile_pdfs_cost_their_own_document_only(
    hostile_folder: tuple[Path, list[Path], list[Path]], clean_reports: list[DocumentReport], core: Standard, jobs: int
) -> None:
    _, good, bad = hostile_folder
    paths = sorted([*good, *bad])
    started = time.monotonic()
    reports = run(paths, [core], RunOptions(jobs=jobs))
    assert time.monotonic() - started < 60
    by_path = {report.path: report for report in reports}
    assert [report.path for report in reports] == [str(path) for path in paths]
    assert [by_path[str(path)] for path in good] == clean_reports  # the same nine results, in full
    for path in bad:
        error = by_path[str(path)].error or ""
        assert error.startswith(f"{path}: the PDF engine crashed (SIGABRT)") and "\n" not in error, error
        assert "raise --memory-limit" in error and "re-export" in error
        assert {result.status.value for result in by_path[str(path)].results} == {"unreadable"}
    with_failures = Report(tuple(reports), (core,))
    clean = Report(tuple(clean_reports), (core,))
    for fmt in Format:  # in every format, what the nine results show is shown unchanged beside the two failures
        options = RenderOptions(width=200)
        text, expected = (without_positions(render(report, fmt, options)) for report in (with_failures, clean))
        shown = text.splitlines()
        for line in expected.splitlines():
            if any(path.name in line for path in good):
                assert line in shown, (fmt, line)
        if fmt in (Format.SARIF, Format.GITHUB, Format.GITLAB):  # findings only: a file appears with a gap or error
            assert all(path.name in text for path in bad), fmt
        else:
            assert all(path.name in text for path in paths), fmt


def test_the_parent_stays_under_300_mb_and_names_each_failure_once(
    hostile_folder: tuple[Path, list[Path], list[Path]], tmp_path: Path
) -> None:
    folder, _, _ = hostile_folder
    # The peak of this process image: VmHWM. ru_maxrss would also count the pytest worker it was forked from, whose
    # size Linux carries across exec (a worker that has read the case policies is near 300 MB itself).
    probe = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from policy_audit.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "status = Path('/proc/self/status')\n"
        "lines = status.read_text().splitlines() if status.exists() else []\n"
        "hwm = [int(line.split()[1]) for line in lines if line.startswith('VmHWM:')]\n"
        "peak = (hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024\n"
        "print(f'PEAK {peak}', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    for jobs in ("1", "2"):
        command = [sys.executable, "-c", probe, "scan", str(folder), "--jobs", jobs, "-f", "json", "--no-cache"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        peak = int(done.stderr.split("PEAK ")[1].split()[0])
        assert peak < 300, f"parent peak {peak} MB with --jobs {jobs}"
        documents = json.loads(done.stdout)["documents"]
        assert sum(1 for document in documents if document["error"]) == 2
        assert len(documents) == 11


def _workers_of(parent: int) -> list[int]:
    """The pids of the worker processes started by `parent` (their command line names it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"policy_audit.worker" in command and str(parent).encode() in command:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().split(") ")[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers through /proc")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_no_worker_outlives_its_scan(tmp_path: Path, stop: signal.Signals) -> None:
    for name in ("a.txt", "b.txt"):  # random policy words: half a minute's reading each
        varied_text(tmp_path / name, 3000)
    command = [sys.executable, "-m", "policy_audit", "scan", str(tmp_path), "--jobs", "2", "--no-cache", "-q"]
    parent = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.05)
            workers = _workers_of(parent.pid)
        assert len(workers) == 2, "the scan never started its two workers"
        time.sleep(3)  # past their start: each is half a minute into its document, deaf to its pipes
        assert all(_alive(pid) for pid in workers)
        parent.send_signal(stop)
        assert parent.wait(timeout=10) == (130 if stop == signal.SIGINT else -signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        parent.kill()


def test_a_worker_whose_parent_is_already_gone_exits_at_once() -> None:
    from policy_audit.worker import EXIT_ORPHANED

    gone = subprocess.run(
        [sys.executable, "-m", "policy_audit.worker", "1", "0"], stdin=subprocess.DEVNULL, timeout=30, cwd=ROOT
    )
    assert gone.returncode == EXIT_ORPHANED


def test_jobs_1_is_a_worker_not_this_process(tmp_path: Path) -> None:
    policy = tmp_path / "p.pdf"
    from conftest import build_pdf

    build_pdf(policy, [["Warning shots are prohibited."]])
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from policy_audit.batch import RunOptions, run\n"
        "from policy_audit.standards import load\n"
        f"(report,) = run([Path({str(policy)!r})], [load('core')], RunOptions(jobs=1))\n"
        "print(report.error, report.results[0].status.value, 'pypdfium2' in sys.modules, "
        "'policy_audit.matching' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["None", "met", "False", "False"]  # read elsewhere: no PDF engine, no reader here


def test_a_document_over_its_time_limit_is_killed_named_and_not_cached(tmp_path: Path, core: Standard) -> None:
    big = tmp_path / "big.txt"  # 100,000 different sentences: about a second's reading
    big.write_text(
        "".join(f"{n}. The officer of district {n} shall file report {n * 7} with the records unit.\n" for n in range(100_000)),
        encoding="utf-8",
    )
    small = tmp_path / "small.txt"
    small.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    options = RunOptions(jobs=1, timeout=0.1, cache_dir=tmp_path / "cache")
    first = run([big, small], [core], options)
    assert first[0].error == f"{big}: timed out after 0.1 s — raise --timeout (seconds per document), or split the document"
    assert first[1].error is None  # the worker that was killed was replaced
    again = run([big, small], [core], replace(options, timeout=120))
    assert again[0].error is None  # the time-out was not cached


def test_a_document_that_exhausts_the_memory_limit_is_named_and_not_cached(tmp_path: Path, core: Standard) -> None:
    huge = varied_text(tmp_path / "huge.txt", 200_000)  # 20 MB of varied sentences
    small = tmp_path / "small.txt"
    small.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    options = RunOptions(jobs=2, memory_limit=512, cache_dir=tmp_path / "cache")
    reports = run([huge, small], [core], options)
    error = reports[0].error or ""
    assert error.startswith(f"{huge}: ran out of memory (over the 512 MB limit per document)"), error
    assert "raise --memory-limit" in error
    assert reports[1].error is None and reports[1].results[0].status.value == "met"
    from policy_audit.resultcache import ResultCache

    cache = ResultCache.open(tmp_path / "cache", [core], "pdfium", "")
    assert cache is not None
    key = cache.key(huge)
    assert key is not None and cache.get(key, huge) is None  # memory kills are never cached


@pytest.mark.parametrize("value", ["inf", "nan", "1e308", "-1"])
def test_unusable_timeouts_are_one_line_errors(tmp_path: Path, value: str) -> None:
    policy = tmp_path / "p.txt"
    policy.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(policy), "--timeout", value])
    assert result.exit_code == 2
    assert "not a usable number of seconds" in result.stderr and "--timeout 600" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_an_unusable_memory_limit_is_a_one_line_error(tmp_path: Path) -> None:
    policy = tmp_path / "p.txt"
    policy.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(policy), "--memory-limit", "10"])
    assert result.exit_code == 2 and "at least 512" in result.stderr


def test_a_second_run_reads_no_document_again(
    hostile_folder: tuple[Path, list[Path], list[Path]], tmp_path: Path, core: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, good, _ = hostile_folder
    options = RunOptions(jobs=2, cache_dir=tmp_path / "cache")
    seen: list[Path] = []
    first = run(good, [core], options, seen.append)
    assert sorted(seen) == sorted(good)

    def no_worker(*args: object, **kwargs: object) -> None:
        raise AssertionError("a document was read again")

    monkeypatch.setattr(batch.WorkerProcess, "__post_init__", no_worker)
    seen.clear()
    second = run(good, [core], options, seen.append)
    assert second == first and sorted(seen) == sorted(good)


def test_explain_keeps_the_hits_and_does_not_read_the_cache(tmp_path: Path, core: Standard) -> None:
    policy = tmp_path / "p.txt"
    policy.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    options = RunOptions(cache_dir=tmp_path / "cache")
    (plain,) = run([policy], [core], options)
    assert not any(result.hits for result in plain.results)
    (explained,) = run([policy], [core], replace(options, explain=True))
    assert explained == audit_path(policy, [core])  # read again, with every hit
    assert any(result.hits for result in explained.results)


def test_a_worker_that_cannot_answer_is_named_with_the_document(tmp_path: Path, core: Standard) -> None:
    """A worker that ends without answering (here: its interpreter cannot start the module) costs the
    documents it was given, each named on one line; the run itself ends normally."""
    policy = tmp_path / "p.txt"
    policy.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\nexit 7\n", encoding="utf-8")
    broken.chmod(0o755)
    original = sys.executable
    try:
        sys.executable = str(broken)
        (report,) = run([policy], [core], RunOptions())
    finally:
        sys.executable = original
    assert report.error == (
        f"{policy}: the worker process could not start (exit status 7) — rerun with POLICY_AUDIT_DEBUG=1 to see its "
        "error, and report it"
    )


def test_the_dask_scheduler_gives_the_same_results_as_a_local_run(
    hostile_folder: tuple[Path, list[Path], list[Path]], clean_reports: list[DocumentReport], core: Standard
) -> None:
    from distributed import LocalCluster

    _, good, bad = hostile_folder
    paths = [*good[:4], bad[1]]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        seen: list[Path] = []
        reports = run(paths, [core], RunOptions(scheduler=cluster.scheduler_address, timeout=60), seen.append)
    assert reports[:4] == clean_reports[:4]
    assert sorted(seen) == sorted(paths)  # progress fed by the futures, once each
    assert (reports[4].error or "").startswith(f"{bad[1]}: the PDF engine crashed")


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path: Path) -> None:
    policy = tmp_path / "p.txt"
    policy.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(policy), "--scheduler", "tcp://127.0.0.1:9", "--no-cache"])
    assert result.exit_code == 2 and "cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr
