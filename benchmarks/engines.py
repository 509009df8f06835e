"""pdfium (the default engine) vs pdfminer.six (layout analysis) on ../shared/corpus/pdf: same statuses? speed?

Run:  .venv/bin/python benchmarks/engines.py [FOLDER]
Printed, not asserted. Which engine agrees better with the hand labels: benchmarks/accuracy.py --source pdf --engine E.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from policy_audit import standards
from policy_audit.audit import audit_document
from policy_audit.errors import PolicyAuditError
from policy_audit.ingest import load

FOLDER = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=FOLDER)
    parser.add_argument("--standard", action="append", default=None)
    args = parser.parse_args()
    loaded = [standards.load(reference) for reference in (args.standard or ["core", "8-cant-wait"])]
    seconds = {"pdfminer": 0.0, "pdfium": 0.0}
    same = total = 0
    differences: list[str] = []
    for pdf in sorted(args.folder.glob("*.pdf")):
        statuses = {}
        for engine in ("pdfminer", "pdfium"):
            started = time.perf_counter()
            try:
                document = load(pdf, engine=engine)
            except PolicyAuditError as error:
                statuses[engine] = {"error": error.what}
                seconds[engine] += time.perf_counter() - started
                continue
            seconds[engine] += time.perf_counter() - started
            report = audit_document(document, loaded)
            statuses[engine] = {f"{r.standard}:{r.item}": r.status.value for r in report.results}
        for key in statuses["pdfminer"]:
            total += 1
            if statuses["pdfminer"].get(key) == statuses["pdfium"].get(key):
                same += 1
            else:
                differences.append(
                    f"  {pdf.name} {key}: pdfminer {statuses['pdfminer'].get(key)}, pdfium {statuses['pdfium'].get(key)}"
                )
    print(f"{len(list(args.folder.glob('*.pdf')))} PDFs, {total} document×item pairs")
    print(f"same status: {same}/{total} = {same / total:.1%}")
    print(
        f"text extraction (ingest): pdfminer {seconds['pdfminer']:.1f} s, pdfium {seconds['pdfium']:.1f} s, "
        f"pdfium {seconds['pdfminer'] / seconds['pdfium']:.0f}× faster"
    )
    if differences:
        print("differences:")
        print("\n".join(differences))
    return 0


if __name__ == "__main__":
    sys.exit(main())
