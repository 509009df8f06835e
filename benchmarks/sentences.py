"""Agreement on the blind sentences (tests/assets/sentences): written from LABELING.md and the 8 Can't Wait rubric
alone, by writers who saw neither the reader nor the corpus. They stand in for policies nobody tuned for.

Run:  .venv/bin/python benchmarks/sentences.py [--verbose]
Each file is one round of writing; a round written after the reader was last changed is its honest measure. A case
names its `text`, or a whole policy in tests/assets/sentences/policies (`document`), read as one document.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from policy_audit import standards
from policy_audit.audit import audit_text

SENTENCES = Path(__file__).resolve().parent.parent / "tests" / "assets" / "sentences"
STANDARDS = {"core": "core", "8cw": "8-cant-wait"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="print every disagreement")
    arguments = parser.parse_args()
    for path in sorted(SENTENCES.glob("*.jsonl")):
        standard = standards.load(STANDARDS[path.stem.split("-")[0]])
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        wrong = []
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if "text" not in case:
                case["text"] = (SENTENCES / "policies" / f"{case['document']}.txt").read_text(encoding="utf-8")
            result = next(r for r in audit_text(case["text"], [standard]).results if r.item == case["item"])
            got = result.status.value
            if standard.id == "8-cant-wait":
                got = "yes" if got == "met" else "no"
            total[case["item"]] += 1
            if got == case["expected"]:
                right[case["item"]] += 1
            else:
                wrong.append((case, got, result.reason))
        print(
            f"{path.name} ({standard.id}): {sum(right.values())}/{sum(total.values())} "
            f"= {100 * sum(right.values()) / max(1, sum(total.values())):.1f}%"
        )
        for item in total:
            print(f"  {item:28} {right[item]:3}/{total[item]:<3}")
        if arguments.verbose:
            for case, got, reason in wrong:
                print(f"  ✗ {case['item']}: label {case['expected']}, tool {got} ({reason}) :: {case['text'][:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
