"""Issue 11 figures, each beside its floor measured in the same run (printed, never asserted).

Run:  .venv/bin/python benchmarks/speed.py [--repeat N] [--skip-batch] [--skip-text]

The package's bytecode is compiled first (`compileall`, as pip does when it installs a package): an editable
install under PYTHONDONTWRITEBYTECODE would otherwise compile every module at every start.

Whole-process figures are medians of --repeat runs (other work on the machine shows as spread: min is printed
too). Floors: bare pypdfium2 text extraction in its own process (the engine alone, no policy-audit), and
`pdftotext` when poppler-utils is installed (skipped otherwise).

Targets (issue 11): 632-page manual, default scan ≤ 3× bare pypdfium2; 56 corpus PDFs with --jobs 2 ≤ 2× the
bare-pypdfium2 floor and ≥ 1.8× faster than --jobs 1 (same statuses); text ≥ 150 k words/s on one core;
one-page text scan ≤ 0.6 s cold; peak memory on the manual ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
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
CLI = [sys.executable, "-m", "policy_audit"]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manual", type=Path, default=MANUAL)
    parser.add_argument("--repeat", type=int, default=3, help="whole-process runs per figure (median)")
    parser.add_argument("--skip-batch", action="store_true", help="skip the 56-PDF --jobs figures and the cache")
    parser.add_argument("--skip-text", action="store_true", help="skip text throughput over the corpus texts")
    args = parser.parse_args()
    import compileall

    compileall.compile_dir(ROOT / "policy_audit", quiet=1)
    import policy_audit.segment

    compiled = str(policy_audit.segment.__file__).endswith(".so")
    reader = "compiled (mypyc, setup.py)" if compiled else "pure Python (`make` compiles it)"
    print(f"{os.cpu_count()} cores; the reader {reader}; medians of {args.repeat} process runs (min in brackets)\n")
    manual(args.manual, args.repeat)
    print()
    cold_start(max(5, args.repeat))
    if not args.skip_text:
        print()
        text_throughput(sorted((CORPUS / "policies").glob("*.txt")))
        print()
        tokenizer_agreement(sorted((CORPUS / "policies").glob("*.txt")))
    if not args.skip_batch:
        print()
        batch(CORPUS / "pdf", args.repeat)
    return 0


def _timed(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, max RSS) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def _median(command: Sequence[str], repeat: int, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(median wall s, min wall s, max peak MB) over `repeat` runs."""
    runs = [_timed(command, env) for _ in range(repeat)]
    walls = [wall for wall, _ in runs]
    return statistics.median(walls), min(walls), max(peak for _, peak in runs)


def _floors(pdfs: Sequence[Path], repeat: int) -> dict[str, float]:
    floors = {"bare pypdfium2": _median([sys.executable, "-c", BARE_PDFIUM, *map(str, pdfs)], repeat)[0]}
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        started = time.perf_counter()
        for _ in range(repeat):
            for pdf in pdfs:
                subprocess.run([pdftotext, "-q", str(pdf), os.devnull], check=False)
        floors["pdftotext"] = (time.perf_counter() - started) / repeat
    return floors


def _against(label: str, seconds: float, floors: dict[str, float], target: str) -> None:
    ratios = ", ".join(f"{seconds / floor:.1f}× {name} ({floor:.2f} s)" for name, floor in floors.items())
    print(f"  {label}: {ratios}   (target {target})")
    if "pdftotext" not in floors:
        print("  (pdftotext not installed: `apt-get install poppler-utils` adds that floor)")


def manual(pdf: Path, repeat: int) -> None:
    """The 632-page manual: default scan vs the engines alone, stage by stage, and peak memory."""
    print(f"{pdf.name}:")
    floors = _floors([pdf], repeat)
    peaks = []
    for jobs in ("1", str(os.cpu_count() or 1)):
        command = [*CLI, "scan", str(pdf), "-q", "--no-cache", "--jobs", jobs, "-f", "json", "-o", os.devnull]
        wall, best, peak = _median(command, repeat)
        peaks.append(peak)
        label = "one job" if jobs == "1" else f"--jobs {jobs}, the default here"
        print(f"  policy-audit scan (default engine, {label}): {wall:.2f} s [{best:.2f}], peak memory {peak:.0f} MB")
        _against("scan / floor", wall, floors, "≤ 3×")
    print(f"  peak memory (largest process): {max(peaks):.0f} MB (target ≤ 200 MB)")
    stages(pdf)


def stages(pdf: Path) -> None:
    """In-process stage times (the matcher compiled first), to show where a scan's time goes."""
    from policy_audit import standards
    from policy_audit.audit import audit_clauses
    from policy_audit.ingest import load
    from policy_audit.segment import segment

    core = standards.load("core")
    audit_clauses((), [core])
    timings = []
    started = time.perf_counter()
    document = load(pdf)
    timings.append(("ingest (pdfium + clean)", time.perf_counter() - started))
    started = time.perf_counter()
    clauses = segment(document)
    timings.append(("segment", time.perf_counter() - started))
    started = time.perf_counter()
    audit_clauses(clauses, [core])
    timings.append(("match + decide (core)", time.perf_counter() - started))
    pages = document.pages
    print(f"  {pages} pages, {len(clauses):,} clauses; in-process stages:")
    for name, seconds in timings:
        print(f"    {name:26} {seconds:6.2f} s {pages / seconds:8.0f} pages/s")


def cold_start(repeat: int) -> None:
    """`--help` and a one-page text scan in fresh processes, beside a bare interpreter."""
    bare = _median([sys.executable, "-c", "pass"], repeat)[0]
    help_wall = _median([*CLI, "--help"], repeat)[0]
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "one-page.txt"
        page.write_text("Warning shots are prohibited. Officers shall intervene to stop excessive force.\n")
        scan, best, _ = _median([*CLI, "scan", str(page), "-q", "--no-cache"], repeat)
    print(f"python -c pass: {bare:.3f} s (floor)")
    print(f"policy-audit --help: {help_wall:.3f} s, {help_wall / bare:.1f}× the bare interpreter")
    print(
        f"one-page text scan, cold: {scan:.2f} s [{best:.2f}] (target ≤ 0.6 s), {scan / bare:.0f}× the bare "
        "interpreter; most of it is importing the tool and compiling the matcher and its regular expressions"
    )


def text_throughput(texts: Sequence[Path]) -> None:
    """Words per second on one core over the corpus texts, file by file as `scan --jobs 1` reads them: ingest
    alone (the floor), and `audit_path` (read, clean, segment, match, decide)."""
    from policy_audit import standards
    from policy_audit.audit import audit_path
    from policy_audit.ingest import load

    core = standards.load("core")
    audit_path(texts[0], [core])  # matcher compiled outside the timing
    words = 0
    ingest = audit = 0.0
    for path in texts:
        started = time.perf_counter()
        document = load(path)
        ingest += time.perf_counter() - started
        words += sum(len(line.text.split()) for line in document.lines)
        del document  # one document in memory at a time, as in a scan
        started = time.perf_counter()
        audit_path(path, [core])
        audit += time.perf_counter() - started
    print(f"text throughput over {len(texts)} texts ({words:,} words), one core, file by file:")
    print(f"  ingest alone (floor): {words / ingest:,.0f} words/s")
    print(f"  ingest + segment + match + decide: {words / audit:,.0f} words/s (target ≥ 150,000)")


def tokenizer_agreement(texts: Sequence[Path]) -> None:
    """spaCy's rules run without spaCy (matching/tokenizer.py) against spaCy itself, on every text the reader
    tokenizes (clauses, lead-ins, sections, running headers) of the corpus texts: identical tokens, and how fast."""
    from policy_audit.ingest import load
    from policy_audit.matching.lexicon import _spacy_tokenize
    from policy_audit.matching.tokenizer import RulesTokenizer, rules_tokenizer
    from policy_audit.segment import segment

    rules = rules_tokenizer()
    if rules is None:
        print("tokenizer: the installed spaCy's rules cannot run without spaCy; spaCy tokenizes everything")
        return
    wanted = {
        text
        for path in texts
        for clause in segment(load(path))
        for text in (clause.text, clause.lead, clause.section, clause.running_header)
        if text
    }
    ordered = sorted(wanted)
    words = sum(len(text.split()) for text in ordered)
    fresh = RulesTokenizer(rules.rules)  # an empty chunk cache: every chunk split once, in the timing
    started = time.perf_counter()
    ours = [fresh.tokenize(text) for text in ordered]
    own = time.perf_counter() - started
    started = time.perf_counter()
    reference = _spacy_tokenize(ordered)
    spacy_seconds = time.perf_counter() - started
    same = sum(mine == theirs for mine, theirs in zip(ours, reference, strict=True))
    left = sum(mine is None for mine in ours)
    print(f"tokenizer over {len(ordered):,} distinct texts ({words:,} words) of the corpus texts:")
    print(f"  identical to spaCy's tokens: {same:,} of {len(ordered):,} ({left} left to spaCy itself)")
    print(f"  spaCy's rules run here: {words / own:,.0f} words/s; spaCy itself: {words / spacy_seconds:,.0f} words/s")


def batch(folder: Path, repeat: int) -> None:
    """The corpus PDFs with --jobs 1 and 2 (statuses compared), the bare-engine floor, and a warm cache."""
    files = sorted(folder.glob("*.pdf"))
    print(f"{len(files)} corpus PDFs ({folder}):")
    floors = _floors(files, repeat)
    work = Path(tempfile.mkdtemp())
    runs: dict[int, list[float]] = {1: [], 2: []}
    outputs: dict[int, str] = {}
    walls: dict[int, float] = {}
    try:
        for _ in range(repeat):  # alternated, so that other load on the machine falls on both alike
            for jobs in (1, 2):
                csv_path = work / f"jobs{jobs}.csv"
                command = [*CLI, "scan", str(folder), "-q", "--no-cache", "--jobs", str(jobs), "-f", "csv", "-o"]
                runs[jobs].append(_timed([*command, str(csv_path)])[0])
                outputs[jobs] = csv_path.read_text(encoding="utf-8")
        for jobs in (1, 2):
            walls[jobs] = statistics.median(runs[jobs])
            print(f"  --jobs {jobs}: {walls[jobs]:.2f} s [{min(runs[jobs]):.2f}]")
        _against("--jobs 2 / floor (one process)", walls[2], floors, "≤ 2×")
        same = outputs[1] == outputs[2]
        best = min(runs[1]) / min(runs[2])
        print(
            f"  --jobs 2 vs --jobs 1: {walls[1] / walls[2]:.2f}× faster [best runs {best:.2f}×] (target ≥ 1.8×); "
            f"statuses identical: {same}"
        )
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        command = [*CLI, "scan", str(folder), "-q", "--jobs", "2", "-f", "csv", "-o", os.devnull]
        cold, _ = _timed(command, env)
        warm = _median(command, repeat, env)[0]
        print(f"  cache: cold {cold:.2f} s, warm {warm:.2f} s ({cold / warm:.0f}× faster)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
