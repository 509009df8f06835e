"""Agreement with the human labels of ../shared/corpus, with an honest held-out split.

Two label sets are measured:
- the six core items, hand-labelled by LABELING.md (labels/core_labels.json), status for status;
- Campaign Zero's 8 Can't Wait coding (labels/campaign_zero_2016.csv), every row coded 0/1.

The honest split is a fixed rule, written here before any tuning of Reader 2 and never changed: sort the
labelled file names and hold out every third one (index % 3 == 2). Held-out documents are reported as an
aggregate only; their disagreements are printed only with --show-held-out, so that tuning cannot look at them.

Run:  .venv/bin/python benchmarks/accuracy.py [--verbose] [--source txt|pdf] [--engine pdfium|pdfminer]
--source pdf scans the PDF of the same name (where the corpus has one) instead of the stored text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_audit import standards
from policy_audit.audit import audit_path
from policy_audit.evaluate import evaluate, read_labels
from policy_audit.models import DocumentReport, Standard, Status

STATUSES = ("met", "partial", "contradicted", "missing")
MANUAL_WORDS = 50_000
"""A document at least this long is a whole manual (many chapters), not a single policy."""
KEYWORDS = {
    "warning-shots-banned": r"warning shots?",
    "duty-to-intervene": r"interven|interced",
    "chokehold-ban": r"choke|carotid|neck restraint|vascular neck|lvnr",
    "hog-tie-ban": r"hog[- ]?ti|four[- ]point|hobble",
    "public-guidance": r"public|website|internet",
    "training-pass-fail": r"qualif|proficien|certif|pass|fail",
}


def held_out(names: Sequence[str]) -> frozenset[str]:
    """The fixed split: every third labelled document in name order (index % 3 == 2)."""
    return frozenset(name for index, name in enumerate(sorted(set(names))) if index % 3 == 2)


@dataclass(frozen=True)
class Pair:
    document: str
    item: str
    label: str
    tool: str
    keyword: str
    manual: bool
    held_out: bool
    note: str = ""

    @property
    def agrees(self) -> bool:
        return self.label == self.tool


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--verbose", action="store_true", help="list every development-split disagreement")
    parser.add_argument("--show-held-out", action="store_true", help="also list held-out disagreements")
    parser.add_argument("--source", choices=("txt", "pdf"), default="txt")
    parser.add_argument("--engine", default=None, help="PDF engine for --source pdf (default: the tool's default)")
    parser.add_argument("--skip-8cw", action="store_true", help="only the core hand labels")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    scan = _scanner(corpus, args.source, args.engine)
    pairs = _core_pairs(corpus, standards.load("core"), scan)
    _print_core(pairs, args.verbose, args.show_held_out)
    if not args.skip_8cw:
        _print_8cw(corpus, standards.load("8-cant-wait"), scan, args.verbose, args.show_held_out)
    return 0


def _scanner(
    corpus: Path, source: str, engine: str | None
) -> Callable[[str, Sequence[Standard]], DocumentReport | None]:
    def scan(name: str, wanted: Sequence[Standard]) -> DocumentReport | None:
        path = corpus / "policies" / name
        if source == "pdf":
            path = corpus / "pdf" / (Path(name).stem + ".pdf")
            if not path.is_file():
                return None
        if engine:
            return audit_path(path, wanted, engine=engine)
        return audit_path(path, wanted)

    return scan


def _core_pairs(
    corpus: Path, core: Standard, scan: Callable[[str, Sequence[Standard]], DocumentReport | None]
) -> list[Pair]:
    labels = json.loads((corpus / "labels" / "core_labels.json").read_text(encoding="utf-8"))
    names = [name for name in labels if not name.startswith("_")]
    hidden = held_out(names)
    pairs: list[Pair] = []
    for name in sorted(names):
        report = scan(name, [core])
        if report is None:
            continue
        if report.error:
            print(f"{name}: {report.error}", file=sys.stderr)
        text = (corpus / "policies" / name).read_text(encoding="utf-8", errors="replace")
        manual = len(text.split()) >= MANUAL_WORDS
        lowered = text.lower()
        by_item = {result.item: result for result in report.results}
        for item_id, label in labels[name].items():
            result = by_item[item_id]
            keyword = "met" if re.search(KEYWORDS[item_id], lowered) else "missing"
            quote = result.evidence[0].quote[:160] if result.evidence else "-"
            note = f"{result.reason} :: {quote}"
            pairs.append(
                Pair(name, item_id, label["status"], result.status.value, keyword, manual, name in hidden, note)
            )
    return pairs


def _rate(pairs: Sequence[Pair]) -> str:
    if not pairs:
        return "   —  "
    return f"{sum(pair.agrees for pair in pairs) / len(pairs):6.1%}"


def _print_core(pairs: list[Pair], verbose: bool, show_held_out: bool) -> None:
    print("core items × hand labels (LABELING.md), status for status")
    for pair in pairs:
        if not pair.agrees and ((verbose and not pair.held_out) or (show_held_out and pair.held_out)):
            split = "held-out" if pair.held_out else "dev"
            print(f"  ✗ [{split}] {pair.document} {pair.item}: label {pair.label}, tool {pair.tool} ({pair.note})")
    dev = [pair for pair in pairs if not pair.held_out]
    hidden = [pair for pair in pairs if pair.held_out]
    print(f"\n{'item':22} {'all':>7} {'dev':>7} {'held-out':>9} {'keyword':>8}   confusion on dev (label → tool)")
    for item_id in sorted({pair.item for pair in pairs}):
        rows = [pair for pair in pairs if pair.item == item_id]
        dev_rows = [pair for pair in rows if not pair.held_out]
        keyword = sum(pair.label == pair.keyword for pair in rows) / len(rows)
        confusion = Counter((pair.label, pair.tool) for pair in dev_rows if not pair.agrees)
        wrong = ", ".join(f"{label}→{got}×{count}" for (label, got), count in sorted(confusion.items())) or "—"
        print(
            f"{item_id:22} {_rate(rows):>7} {_rate(dev_rows):>7} {_rate([p for p in rows if p.held_out]):>9}"
            f" {keyword:8.0%}   {wrong}"
        )
    keyword_all = sum(pair.label == pair.keyword for pair in pairs) / len(pairs)
    print(
        f"{'ALL':22} {_rate(pairs):>7} {_rate(dev):>7} {_rate(hidden):>9} {keyword_all:8.0%}"
        f"   ({len(pairs)} pairs: {len(dev)} dev, {len(hidden)} held-out)"
    )
    single = [pair for pair in pairs if not pair.manual]
    manuals = [pair for pair in pairs if pair.manual]
    print(
        f"by size: single policies {_rate(single)} ({len(single)} pairs), "
        f"whole manuals (≥{MANUAL_WORDS:,} words) {_rate(manuals)} ({len(manuals)} pairs)"
    )
    swaps = [pair for pair in pairs if {pair.label, pair.tool} == {Status.MET.value, Status.CONTRADICTED.value}]
    print(f"met↔contradicted inversions: {len(swaps)}")
    print("\nper document (agreement on the six items)")
    for document in sorted({pair.document for pair in pairs}):
        rows = [pair for pair in pairs if pair.document == document]
        tag = " (held-out)" if rows[0].held_out else ""
        size = " [manual]" if rows[0].manual else ""
        print(f"  {document:58} {sum(p.agrees for p in rows)}/{len(rows)}{size}{tag}")
    print("\nconfusion, all items (rows: hand label, columns: tool)")
    print(" " * 14 + "".join(f"{status:>14}" for status in STATUSES))
    for label in STATUSES:
        counts = Counter(pair.tool for pair in pairs if pair.label == label)
        print(f"{label:14}" + "".join(f"{counts.get(status, 0):>14}" for status in STATUSES))


def _print_8cw(
    corpus: Path,
    standard: Standard,
    scan: Callable[[str, Sequence[Standard]], DocumentReport | None],
    verbose: bool,
    show_held_out: bool,
) -> None:
    path = corpus / "labels" / "campaign_zero_2016.csv"
    item_ids = [item.id for item in standard.items]
    labels = read_labels(path, item_ids)
    hidden = held_out([label.document for label in labels.labels])
    reports: dict[str, DocumentReport | None] = {}

    def audit(path: Path) -> DocumentReport:
        report = scan(path.name, [standard])
        reports[path.name] = report
        if report is None:
            return DocumentReport(str(path), "", 0, (), error=f"{path.name}: no PDF in the corpus")
        return report

    evaluation = evaluate(labels, standard, corpus / "policies", audit)
    comparisons = evaluation.comparisons
    dev = [c for c in comparisons if c.label.document not in hidden]
    out = [c for c in comparisons if c.label.document in hidden]

    def rate(rows: Sequence[object]) -> str:
        chosen = [row for row in rows if hasattr(row, "agrees")]
        return f"{sum(row.agrees for row in chosen) / len(chosen):6.1%}" if chosen else "   —  "  # type: ignore[attr-defined]

    print(f"\n8 Can't Wait × Campaign Zero coding (all rows coded 0/1): {len(comparisons)} pairs")
    if verbose or show_held_out:
        for c in comparisons:
            is_hidden = c.label.document in hidden
            if not c.agrees and ((verbose and not is_hidden) or (show_held_out and is_hidden)):
                split = "held-out" if is_hidden else "dev"
                print(
                    f"  ✗ [{split}] {c.label.document} {c.label.item}: coder {c.label.value}, tool {c.tool_value}"
                    f" ({c.status.value}: {c.reason}) :: {c.tool_quote[:140]}"
                )
    print(f"{'item':26} {'all':>7} {'dev':>7} {'held-out':>9}")
    for item in evaluation.items:
        rows = [c for c in comparisons if c.label.item == item.item]
        print(
            f"{item.item:26} {rate(rows):>7} {rate([c for c in rows if c in dev]):>7}"
            f" {rate([c for c in rows if c in out]):>9}"
        )
    print(
        f"{'ALL':26} {rate(comparisons):>7} {rate(dev):>7} {rate(out):>9}   (answering 'no': {evaluation.baseline_no:.1%})"
    )
    firm_documents = {label.document for label in read_labels(path, item_ids, [("version_match", "likely_same_version")]).labels}
    firm = [c for c in comparisons if c.label.document in firm_documents]
    print(f"firm rows (likely_same_version, the stored text is the version coded): {rate(firm)} of {len(firm)} pairs")
    if evaluation.document_errors:
        print(f"({len(evaluation.document_errors)} labelled documents not scanned)")


if __name__ == "__main__":
    sys.exit(main())
