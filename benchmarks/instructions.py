"""Instructions the reader executes on corpus texts, counted by valgrind: a figure the machine's noise cannot move.

Run:  .venv/bin/python benchmarks/instructions.py [--every N] [--checkout DIR ...]

Wall time on this machine moves by 1.5× from run to run, so a change of a few percent cannot be seen with a
clock. valgrind's cachegrind counts the instructions of a child process that audits every Nth corpus text against
`core`; a second child that only starts up and reads one text is subtracted. Hash randomisation is fixed so that
set and dict layouts repeat. Give several `--checkout` folders (e.g. a `git worktree` of an older commit) to
compare them side by side. Printed, never asserted; skipped when valgrind is not installed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT.parent / "shared" / "corpus" / "policies"
CHILD = """
import sys
from pathlib import Path
import policy_audit
from policy_audit import standards
from policy_audit.audit import audit_document
from policy_audit.ingest import load
texts = sorted(Path(sys.argv[1]).glob("*.txt"))
core = standards.load("core")
audit_document(load(texts[0]), [core])
for path in texts[:: int(sys.argv[2])] if sys.argv[2] != "0" else ():
    audit_document(load(path), [core])
print(policy_audit.__file__)
"""


def instructions(checkout: Path, every: int) -> int:
    """Instructions of one child run (valgrind's 'I refs')."""
    environment = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONHASHSEED": "0"}
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    done = subprocess.run(
        [*command, sys.executable, "-c", CHILD, str(TEXTS), str(every)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=checkout,  # `python -c` puts the working folder first on sys.path
        check=True,
    )
    imported = Path(done.stdout.strip().splitlines()[-1]).resolve()
    if checkout not in imported.parents:
        raise RuntimeError(f"the child imported {imported}, not the checkout {checkout}")
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind printed no instruction count:\n{done.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=4, help="audit every Nth corpus text (default 4)")
    parser.add_argument("--checkout", type=Path, action="append", help="a checkout to measure (default: this one)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind): nothing measured")
        return 0
    count = len(sorted(TEXTS.glob("*.txt"))[:: args.every])
    print(f"instructions to audit {count} of the corpus texts (every {args.every}th, core), start-up subtracted:")
    for checkout in args.checkout or [ROOT]:
        checkout = checkout.resolve()
        reading = instructions(checkout, args.every) - instructions(checkout, 0)
        print(f"  {checkout}: {reading / 1e6:,.0f} M")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
