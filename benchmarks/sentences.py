"""Agreement on the case files (tests/assets/cases): the blind rounds, written from LABELING.md and the 8 Can't
Wait rubric alone by writers who saw neither the reader nor the corpus, and the paraphrases. They stand in for
policies nobody tuned for.

Run:  .venv/bin/python benchmarks/sentences.py [--verbose]
Each blind file is one round of writing; a round written after the reader was last changed is its honest measure.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from policy_audit import cases, standards

CASES = Path(__file__).resolve().parent.parent / "tests" / "assets" / "cases"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="print every disagreement")
    arguments = parser.parse_args()
    loaded = {}
    for path in sorted(CASES.glob("*.jsonl")):
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        wrong = []
        found = cases.file_cases(path)
        for case in found:
            standard = loaded.setdefault(case.standard, standards.load(case.standard))
            passed, got = cases.outcome(case, standard)
            total[case.item] += 1
            right[case.item] += passed
            if not passed:
                wrong.append((case, got))
        share = 100 * sum(right.values()) / max(1, sum(total.values()))
        print(f"{path.name} ({found[0].standard}): {sum(right.values())}/{sum(total.values())} = {share:.1f}%")
        for item in total:
            print(f"  {item:28} {right[item]:3}/{total[item]:<3}")
        if arguments.verbose:
            for case, got in wrong:
                print(f"  ✗ {case.id}: label {case.expected}, tool {got} :: {case.text[:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
