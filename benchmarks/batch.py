"""Batch figures (issue 24): the parent's peak memory on a hostile folder, --jobs 1 against --jobs 2, a warm-cache
re-scan and a one-page cold start. Prints figures; asserts nothing (the tests do).

    .venv/bin/python benchmarks/batch.py [--repeat 3] [--folder sample_policies]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

PROBE = (
    "import resource, sys\n"
    "from pathlib import Path\n"
    "from policy_audit.cli import app\n"
    "try:\n"
    "    app(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "status = Path('/proc/self/status')\n"
    "lines = status.read_text().splitlines() if status.exists() else []\n"
    "hwm = [int(line.split()[1]) for line in lines if line.startswith('VmHWM:')]\n"
    "print((hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024, file=sys.stderr)\n"
)
"""Prints the scan's peak as VmHWM, this process image's own: ru_maxrss would add the process it was forked from."""


def scan(arguments: list[str], cache: Path, probe: bool = False) -> tuple[float, int]:
    """(seconds, the parent's peak RSS in MB when `probe`) of one `policy-audit scan` in a new process."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, "-c", PROBE] if probe else [sys.executable, "-m", "policy_audit"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "scan", *arguments, "-q", "-f", "json"], capture_output=True, text=True, env=environment, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    peak = int(done.stderr.strip().splitlines()[-1]) if probe else 0
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=ROOT / "sample_policies")
    options = parser.parse_args()
    from hostile import good_folder, inflating_pdf, self_drawing_pdf

    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        cache = work / "cache"
        scan(["--no-cache", str(ROOT / "sample_policies" / "README.md")], cache)  # derived files built once
        hostile = work / "hostile"
        good_folder(hostile)
        inflating_pdf(hostile / "inflates-to-4gib.pdf")
        self_drawing_pdf(hostile / "draws-itself.pdf")
        for jobs in ("1", "2"):
            seconds, peak = scan(["--no-cache", "--jobs", jobs, str(hostile)], cache, probe=True)
            print(f"hostile folder (9 good + 2 bombs), --jobs {jobs}: parent peak {peak} MB, {seconds:.2f} s")
        for jobs in ("1", "2"):
            times = [scan(["--no-cache", "--jobs", jobs, str(options.folder)], cache)[0] for _ in range(options.repeat)]
            print(f"{options.folder.name}, --jobs {jobs}, no cache: median {statistics.median(times):.2f} s {times}")
        scan(["--jobs", "2", str(options.folder)], cache)  # fills the cache
        times = [scan([str(options.folder)], cache)[0] for _ in range(options.repeat)]
        print(f"{options.folder.name}, warm-cache re-scan: median {statistics.median(times):.2f} s")
        one = work / "one.txt"
        one.write_text("1. WARNING SHOTS\nWarning shots are prohibited.\n", encoding="utf-8")
        times = [scan(["--no-cache", str(one)], cache)[0] for _ in range(options.repeat)]
        print(f"one-page text, cold (no result cache): median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
