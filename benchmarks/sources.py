"""Each standard read against its own source document: a faithful checklist is met by the text it comes from.

Scans ../shared/sources/<source> with the standard built from it and prints, per standard, how many items the
source meets, with every item that it does not meet and why. Run:  .venv/bin/python benchmarks/sources.py [-v]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from policy_audit import standards
from policy_audit.audit import audit_path

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
PAIRS = {
    "cti-6.1": "cti-resource-note-6.1.txt",
    "un-ccleo-1979": "un-ccleo-1979.txt",
    "college-of-policing-2024": "college-of-policing-ethics-guidance-2024.txt",
    "interpol-meetings-2023": "interpol-meetings-code-2023.txt",
}
TARGET = 0.90


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="also show the deciding quote of met items")
    args = parser.parse_args()
    print(f"{'standard':26} {'met':>9} {'share':>7}   other statuses")
    below = 0
    for standard_id, source in PAIRS.items():
        standard = standards.load(standard_id)
        # A source recommends: its "should" is what it asks of a policy (see audit_clauses).
        report = audit_path(SOURCES / source, [standard], guidance=True)
        if report.error:
            print(f"{standard_id:26} {report.error}")
            below += 1
            continue
        counts = Counter(result.status.value for result in report.results)
        share = counts["met"] / len(report.results)
        below += share < TARGET
        others = ", ".join(f"{status} {count}" for status, count in sorted(counts.items()) if status != "met") or "—"
        print(f"{standard_id:26} {counts['met']:>4}/{len(report.results):<4} {share:7.0%}   {others}")
        for result in report.results:
            if result.status.value != "met" or args.verbose:
                quote = result.evidence[0].quote[:110] if result.evidence else ""
                print(
                    f"    {result.status.value:12} {result.item}: {result.reason}" + (f" :: {quote}" if quote else "")
                )
    print(f"\ntarget: each source meets ≥ {TARGET:.0%} of its own standard's items; {below} standard(s) below it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
