"""Speed and memory figures, each beside its floor measured in the same run (printed, never asserted).

Run:  .venv/bin/python benchmarks/speed.py [--repeat N] [--baseline DIR]

`--baseline DIR` is a checkout of another commit with its own `.venv` (e.g. `git worktree add ../baseline 677ee89`
then `make -C ../baseline test`): its text throughput, manual and cold start are measured in the same run,
alternating with this checkout's, so that the machine's load falls on both alike. Figures are medians of
--repeat process runs (min in brackets). The envelope (issue 23): text throughput ≥ 0.6× the baseline's; the
632-page manual ≤ 4× bare pypdfium2 with one job; a one-page text scan cold ≤ 1.5 s; peak memory on the manual
≤ 200 MB. It is an envelope, not a target: once inside, stop optimising.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
MANUAL = CORPUS / "pdf" / "lisle-il_full-policy-manual-2020.pdf"
BARE_PDFIUM = """
import sys
import pypdfium2 as pdfium
for name in sys.argv[1:]:
    document = pdfium.PdfDocument(name)
    for page in document:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    document.close()
"""
THROUGHPUT = """
import sys, time
from pathlib import Path
from policy_audit import standards
from policy_audit.audit import audit_path
from policy_audit.ingest import load
texts = sorted(Path(sys.argv[1]).glob("*.txt"))
core = standards.load("core")
audit_path(texts[0], [core])  # the reader built outside the timing
words = 0
seconds = 0.0
for path in texts:
    words += sum(len(line.text.split()) for line in load(path).lines)
    started = time.perf_counter()
    audit_path(path, [core])
    seconds += time.perf_counter() - started
print(words / seconds)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manual", type=Path, default=MANUAL)
    parser.add_argument("--repeat", type=int, default=3, help="process runs per figure (median)")
    parser.add_argument("--baseline", type=Path, help="a checkout of another commit, with its own .venv")
    args = parser.parse_args()
    checkouts = {"this checkout": ROOT}
    if args.baseline:
        checkouts["baseline"] = args.baseline.resolve()
    print(f"{os.cpu_count()} cores; medians of {args.repeat} process runs (min in brackets)\n")
    throughput(checkouts, args.repeat)
    print()
    cold_start(checkouts, max(5, args.repeat))
    print()
    manual(checkouts, args.manual, args.repeat)
    return 0


def _python(checkout: Path) -> str:
    return str(checkout / ".venv" / "bin" / "python")


def _timed(command: Sequence[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MB, the largest process of the run, workers included) and stdout of a run."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd, text=True)
    output = child.stdout.read() if child.stdout else ""
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, output


def _runs(commands: dict[str, tuple[list[str], Path]], repeat: int) -> dict[str, list[tuple[float, float, str]]]:
    """Each command `repeat` times, alternated."""
    runs: dict[str, list[tuple[float, float, str]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (command, cwd) in commands.items():
            runs[name].append(_timed(command, cwd))
    return runs


def throughput(checkouts: dict[str, Path], repeat: int) -> None:
    """Words per second on one core over the corpus texts, file by file as a scan reads them (core standard)."""
    commands = {
        name: ([_python(checkout), "-c", THROUGHPUT, str(CORPUS / "policies")], checkout)
        for name, checkout in checkouts.items()
    }
    runs = _runs(commands, repeat)
    rates = {name: [float(output) for _, _, output in found] for name, found in runs.items()}
    print("text throughput over the corpus texts, one core, file by file (ingest + segment + read + decide):")
    for name, found in rates.items():
        print(f"  {name}: {statistics.median(found):,.0f} words/s [{min(found):,.0f}–{max(found):,.0f}]")
    if "baseline" in rates:
        ratio = statistics.median(rates["this checkout"]) / statistics.median(rates["baseline"])
        print(f"  this checkout / baseline: {ratio:.2f}× (envelope ≥ 0.6×)")


def cold_start(checkouts: dict[str, Path], repeat: int) -> None:
    """A one-page text scan in a fresh process (no cache), beside a bare interpreter."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "one-page.txt"
        page.write_text("Warning shots are prohibited. Officers shall intervene to stop excessive force.\n")
        commands = {"python -c pass": ([sys.executable, "-c", "pass"], ROOT)}
        for name, checkout in checkouts.items():
            commands[name] = ([_python(checkout), "-m", "policy_audit", "scan", str(page), "-q", "--no-cache"], checkout)
        runs = _runs(commands, repeat)
    print("one-page text scan, cold (envelope ≤ 1.5 s):")
    for name, found in runs.items():
        walls = [wall for wall, _, _ in found]
        print(f"  {name}: {statistics.median(walls):.2f} s [{min(walls):.2f}]")


def manual(checkouts: dict[str, Path], pdf: Path, repeat: int) -> None:
    """The 632-page manual with one job, beside bare pypdfium2 text extraction, and the peak memory of the run."""
    commands = {"bare pypdfium2": ([sys.executable, "-c", BARE_PDFIUM, str(pdf)], ROOT)}
    for name, checkout in checkouts.items():
        scan = [_python(checkout), "-m", "policy_audit", "scan", str(pdf), "-q", "--no-cache", "--jobs", "1"]
        commands[name] = ([*scan, "-f", "json", "-o", os.devnull], checkout)
    runs = _runs(commands, repeat)
    floor = statistics.median(wall for wall, _, _ in runs["bare pypdfium2"])
    print(f"{pdf.name}, one job (envelope ≤ 4× bare pypdfium2, peak memory ≤ 200 MB):")
    for name, found in runs.items():
        walls = [wall for wall, _, _ in found]
        wall = statistics.median(walls)
        peak = max(memory for _, memory, _ in found)
        print(f"  {name}: {wall:.2f} s [{min(walls):.2f}], {wall / floor:.1f}× the floor, peak memory {peak:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
