"""Speed and memory figures (printed, not asserted). Run:  .venv/bin/python benchmarks/speed.py [PDF]

Targets (issue 6), on the 632-page manual in ../shared/corpus/pdf/: full scan ≤ 1.2× bare pdfminer.six text
extraction; peak memory ≤ 400 MB; `policy-audit --help` ≤ 0.3 s. Also prints per-stage throughput, the cold start
of a one-page scan, --jobs scaling and the cache speed-up on the whole PDF folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_PDF = CORPUS / "pdf" / "lisle-il_full-policy-manual-2020.pdf"
CLI = [sys.executable, "-m", "policy_audit"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--skip-batch", action="store_true", help="skip the --jobs and cache figures on the PDF folder")
    args = parser.parse_args()
    stages(args.pdf)
    print()
    whole_scan(args.pdf)
    print()
    cold_start()
    if not args.skip_batch:
        print()
        batch(CORPUS / "pdf")
    return 0


def stages(pdf: Path) -> None:
    from pdfminer.high_level import extract_text

    from policy_audit import standards
    from policy_audit.audit import audit_clauses
    from policy_audit.ingest import load
    from policy_audit.segment import segment

    core = standards.load("core")
    audit_clauses((), [core])  # compile the matcher outside the timings
    started = time.perf_counter()
    extract_text(str(pdf))
    bare = time.perf_counter() - started
    started = time.perf_counter()
    document = load(pdf)
    ingest = time.perf_counter() - started
    started = time.perf_counter()
    clauses = segment(document)
    seg = time.perf_counter() - started
    started = time.perf_counter()
    audit_clauses(clauses, [core])
    match = time.perf_counter() - started
    words = sum(len(line.text.split()) for line in document.lines)
    pages = document.pages
    print(f"{pdf.name}: {pages} pages, {words:,} words, {len(clauses):,} clauses")
    print(f"{'stage':28} {'seconds':>8} {'pages/s':>9} {'words/s':>11}")
    for name, seconds in (
        ("bare pdfminer extract_text", bare),
        ("ingest (extract_pages+clean)", ingest),
        ("segment", seg),
        ("match + decide (core)", match),
    ):
        print(f"{name:28} {seconds:8.2f} {pages / seconds:9.1f} {words / seconds:11,.0f}")
    total = ingest + seg + match
    print(f"full scan in-process / bare extraction: {total / bare:.2f}× (target ≤ 1.20×)")


def whole_scan(pdf: Path) -> None:
    """The CLI end to end in a child process: wall time and peak memory (max RSS)."""
    started = time.perf_counter()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([*CLI, "scan", str(pdf), "-q", "--no-cache", "-f", "json", "-o", os.devnull], check=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"policy-audit scan {pdf.name}: {seconds:.1f} s wall, peak memory {max(peak, usage_before) / 1024:.0f} MB "
        "(target ≤ 400 MB)"
    )


def cold_start() -> None:
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([*CLI, "--help"], check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    print(f"policy-audit --help: best {min(runs):.3f} s, median {sorted(runs)[2]:.3f} s (target ≤ 0.3 s)")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "one-page.txt"
        page.write_text("Warning shots are prohibited. Officers shall intervene to stop excessive force.\n")
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([*CLI, "scan", str(page), "-q", "--no-cache"], check=False, capture_output=True)
            runs.append(time.perf_counter() - started)
        print(f"policy-audit scan (one page, cold): best {min(runs):.2f} s")


def batch(folder: Path) -> None:
    files = sorted(folder.glob("*.pdf"))
    print(f"batch over {folder} ({len(files)} PDFs):")
    timings = {}
    outputs = {}
    work = Path(tempfile.mkdtemp())
    for jobs in (1, 2):
        csv_path = work / f"jobs{jobs}.csv"
        html_path = work / f"jobs{jobs}.html"
        started = time.perf_counter()
        command = [*CLI, "scan", str(folder), "-q", "--no-cache", "--jobs", str(jobs)]
        subprocess.run([*command, "-f", "csv", "-o", str(csv_path), "-f", "html", "-o", str(html_path)], check=False)
        timings[jobs] = time.perf_counter() - started
        outputs[jobs] = csv_path.read_text(encoding="utf-8")
        sizes = f"CSV {csv_path.stat().st_size:,} B, HTML {html_path.stat().st_size:,} B"
        print(f"  --jobs {jobs}: {timings[jobs]:.1f} s ({sizes})")
    print(
        f"  scaling 1→2 jobs: {timings[1] / timings[2]:.2f}× (2 cores); statuses identical: {outputs[1] == outputs[2]}"
    )
    shutil.rmtree(work, ignore_errors=True)
    cache = Path(tempfile.mkdtemp())
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    try:
        runs = []
        for _ in range(2):
            started = time.perf_counter()
            subprocess.run(
                [*CLI, "scan", str(folder), "-q", "--jobs", "2", "-f", "csv", "-o", os.devnull], check=False, env=env
            )
            runs.append(time.perf_counter() - started)
        print(
            f"  cold cache {runs[0]:.1f} s, warm cache {runs[1]:.2f} s: {runs[0] / runs[1]:.0f}× faster (target ≥ 10×)"
        )
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
