"""Agreement with the hand labels of the six core items (../shared/corpus/labels/core_labels.json).

Prints, per item, the confusion of hand label × tool status, the agreement, and beside it the keyword
baseline (topic word present → met, else missing). Run:  .venv/bin/python benchmarks/accuracy.py [CORPUS]
Add --verbose to list every disagreement with the tool's deciding quote.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from policy_audit import standards
from policy_audit.audit import audit_path
from policy_audit.models import Status

STATUSES = ("met", "partial", "contradicted", "missing")
KEYWORDS = {
    "warning-shots-banned": r"warning shots?",
    "duty-to-intervene": r"interven|interced",
    "chokehold-ban": r"choke|carotid|neck restraint|vascular neck|lvnr",
    "hog-tie-ban": r"hog[- ]?ti|four[- ]point|hobble",
    "public-guidance": r"public|website|internet",
    "training-pass-fail": r"qualif|proficien|certif|pass|fail",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    labels = json.loads((corpus / "labels" / "core_labels.json").read_text(encoding="utf-8"))
    core = standards.load("core")
    pairs: list[tuple[str, str, str, str, str]] = []  # doc, item, label, tool, keyword
    for name, items in labels.items():
        if name.startswith("_"):
            continue
        path = corpus / "policies" / name
        report = audit_path(path, [core])
        if report.error:
            print(f"{name}: {report.error}", file=sys.stderr)
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        by_item = {result.item: result for result in report.results}
        for item_id, label in items.items():
            result = by_item[item_id]
            keyword = "met" if re.search(KEYWORDS[item_id], text) else "missing"
            pairs.append((name, item_id, label["status"], result.status.value, keyword))
            if args.verbose and result.status.value != label["status"]:
                quote = result.evidence[0].quote[:160] if result.evidence else "-"
                print(
                    f"  ✗ {name} {item_id}: label {label['status']}, tool {result.status.value} ({result.reason}) :: {quote}"
                )
    _print_tables(pairs)
    return 0


def _print_tables(pairs: list[tuple[str, str, str, str, str]]) -> None:
    items = sorted({pair[1] for pair in pairs})
    print(f"\n{'item':22} {'tool':>7} {'keyword':>8}   confusion (label → tool)")
    for item_id in items:
        rows = [pair for pair in pairs if pair[1] == item_id]
        tool = sum(row[2] == row[3] for row in rows) / len(rows)
        keyword = sum(row[2] == row[4] for row in rows) / len(rows)
        confusion = Counter((row[2], row[3]) for row in rows if row[2] != row[3])
        wrong = ", ".join(f"{label}→{got}×{count}" for (label, got), count in sorted(confusion.items())) or "—"
        print(f"{item_id:22} {tool:7.0%} {keyword:8.0%}   {wrong}")
    tool_all = sum(row[2] == row[3] for row in pairs) / len(pairs)
    keyword_all = sum(row[2] == row[4] for row in pairs) / len(pairs)
    print(f"{'ALL (' + str(len(pairs)) + ' pairs)':22} {tool_all:7.0%} {keyword_all:8.0%}")
    swaps = [row for row in pairs if {row[2], row[3]} == {Status.MET.value, Status.CONTRADICTED.value}]
    print(f"met↔contradicted swaps: {len(swaps)}")
    print("\nconfusion, all items (rows: hand label, columns: tool)")
    print(" " * 14 + "".join(f"{status:>14}" for status in STATUSES))
    for label in STATUSES:
        counts = Counter(row[3] for row in pairs if row[2] == label)
        print(f"{label:14}" + "".join(f"{counts.get(status, 0):>14}" for status in STATUSES))


if __name__ == "__main__":
    sys.exit(main())
