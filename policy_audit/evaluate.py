"""Agreement with human coders: labels (CSV or JSON) × the tool's statuses → per-item agreement and confusion.

Binary labels (1/0, yes/no) are compared as "tool says met ⇔ coder says 1", the way Campaign Zero coded;
status labels (met/partial/contradicted/missing) are compared status for status. Cells that are blank or
neither are skipped and counted, never guessed.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_audit.errors import PolicyAuditError
from policy_audit.models import DocumentReport, Standard, Status

BINARY = {"1": True, "0": False, "yes": True, "no": False, "true": True, "false": False, "y": True, "n": False}
STATUS_WORDS = {status.value for status in (Status.MET, Status.PARTIAL, Status.CONTRADICTED, Status.MISSING)}


class LabelError(PolicyAuditError):
    """A label file that cannot be used (wrong shape, no file column, no item columns)."""


@dataclass(frozen=True)
class Label:
    """One coder judgement: a document × item cell, with the coder's quote when the file has one."""

    document: str
    item: str
    value: str
    """'1'/'0' for binary labels, else a status word."""
    quote: str = ""

    @property
    def binary(self) -> bool:
        return self.value in ("1", "0")


@dataclass(frozen=True)
class LabelSet:
    """Usable labels, and how many cells or rows were skipped (with why)."""

    labels: tuple[Label, ...]
    skipped_cells: int
    skipped_rows: tuple[str, ...]
    items: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """One label beside the tool's verdict on the same document and item."""

    label: Label
    status: Status
    tool_quote: str
    reason: str

    @property
    def agrees(self) -> bool:
        if self.label.binary:
            return (self.status is Status.MET) == (self.label.value == "1")
        return self.status.value == self.label.value

    @property
    def tool_value(self) -> str:
        if self.label.binary:
            return "1" if self.status is Status.MET else "0"
        return self.status.value


@dataclass(frozen=True)
class ItemScore:
    """Agreement on one item, and precision/recall of the tool's `met` against the coder's yes/met."""

    item: str
    pairs: int
    agreed: int
    confusion: tuple[tuple[str, str, int], ...]
    """(label, tool, count) for every combination seen."""
    precision: float | None
    recall: float | None

    @property
    def agreement(self) -> float:
        return self.agreed / self.pairs if self.pairs else 0.0


@dataclass(frozen=True)
class Evaluation:
    """Everything `policy-audit eval` reports."""

    standard: str
    comparisons: tuple[Comparison, ...]
    items: tuple[ItemScore, ...]
    skipped_cells: int
    skipped_rows: tuple[str, ...]
    document_errors: tuple[str, ...]

    @property
    def pairs(self) -> int:
        return len(self.comparisons)

    @property
    def agreement(self) -> float:
        return sum(comparison.agrees for comparison in self.comparisons) / self.pairs if self.pairs else 0.0

    @property
    def baseline_no(self) -> float:
        """What answering "no"/"missing" everywhere would score."""
        if not self.pairs:
            return 0.0
        hits = sum(c.label.value in ("0", Status.MISSING.value) for c in self.comparisons)
        return hits / self.pairs


def read_labels(path: Path, item_ids: Sequence[str], only: Sequence[tuple[str, str]] = ()) -> LabelSet:
    """Read a CSV (a `file` column, one column per item) or the JSON shape of core_labels.json."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise LabelError(str(path), f"cannot read labels ({error.strerror or error})", "check the path") from error
    except UnicodeDecodeError as error:
        raise LabelError(str(path), "labels are not UTF-8", "save the label file as UTF-8") from error
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        if only:
            raise LabelError(str(path), "--only filters apply to CSV columns", "remove --only for a JSON label file")
        return _read_json(text, str(path), item_ids)
    return _read_csv(text, str(path), item_ids, only)


def _read_csv(text: str, where: str, item_ids: Sequence[str], only: Sequence[tuple[str, str]]) -> LabelSet:
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    if "file" not in columns:
        raise LabelError(
            where, "no 'file' column", "the first row must name the columns: file, then one column per item id"
        )
    for column, _ in only:
        if column not in columns:
            raise LabelError(where, f"--only names an unknown column '{column}'", f"columns: {', '.join(columns)}")
    items = tuple(column for column in columns if column in item_ids)
    if not items:
        raise LabelError(
            where,
            "no column matches an item of the standard",
            f"item ids: {', '.join(item_ids)}; columns: {', '.join(columns)}",
        )
    labels: list[Label] = []
    skipped_cells = 0
    skipped_rows: list[str] = []
    try:
        rows = list(reader)
    except csv.Error as error:
        raise LabelError(where, f"not a valid CSV ({error})", "check quoting") from error
    for number, row in enumerate(rows, start=2):
        document = (row.get("file") or "").strip()
        if not document:
            skipped_rows.append(f"{where}:{number}: no file name")
            continue
        if any((row.get(column) or "").strip() != value for column, value in only):
            continue
        for item in items:
            value = _normalise((row.get(item) or "").strip())
            if value is None:
                skipped_cells += 1
                continue
            labels.append(Label(document, item, value, (row.get(f"language:{item}") or "").strip()))
    return LabelSet(tuple(labels), skipped_cells, tuple(skipped_rows), items)


def _read_json(text: str, where: str, item_ids: Sequence[str]) -> LabelSet:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LabelError(f"{where}:{error.lineno}", f"not valid JSON ({error.msg})", "fix the JSON syntax") from error
    if not isinstance(data, dict):
        raise LabelError(
            where, "expected an object of documents", 'shape: {"file.txt": {"item-id": {"status": "met"}}}'
        )
    labels: list[Label] = []
    skipped_cells = 0
    skipped_rows: list[str] = []
    seen_items: set[str] = set()
    for document, entries in data.items():
        if document.startswith("_"):
            continue
        if not isinstance(entries, dict):
            skipped_rows.append(f"{where}: {document}: not an object of items")
            continue
        for item, entry in entries.items():
            if item not in item_ids:
                skipped_cells += 1
                continue
            raw = entry.get("status") if isinstance(entry, dict) else entry
            value = _normalise(str(raw).strip()) if raw is not None else None
            if value is None:
                skipped_cells += 1
                continue
            evidence = entry.get("evidence", []) if isinstance(entry, dict) else []
            quote = " / ".join(str(part) for part in evidence) if isinstance(evidence, list) else str(evidence)
            labels.append(Label(document, item, value, quote))
            seen_items.add(item)
    if not seen_items:
        raise LabelError(where, "no label matches an item of the standard", f"item ids: {', '.join(item_ids)}")
    return LabelSet(
        tuple(labels), skipped_cells, tuple(skipped_rows), tuple(item for item in item_ids if item in seen_items)
    )


def _normalise(value: str) -> str | None:
    lowered = value.lower()
    if lowered in BINARY:
        return "1" if BINARY[lowered] else "0"
    if lowered in STATUS_WORDS:
        return lowered
    return None


def evaluate(
    label_set: LabelSet,
    standard: Standard,
    docs: Path,
    audit: Callable[[Path], DocumentReport],
) -> Evaluation:
    """Scan every labelled document found under `docs` once and compare."""
    comparisons: list[Comparison] = []
    errors: list[str] = []
    documents = sorted({label.document for label in label_set.labels})
    reports: dict[str, DocumentReport | None] = {}
    for document in documents:
        path = docs / document
        if not path.is_file():
            errors.append(f"{path}: labelled document not found")
            reports[document] = None
            continue
        scanned = audit(path)
        if scanned.error:
            errors.append(scanned.error)
            reports[document] = None
            continue
        reports[document] = scanned
    for label in label_set.labels:
        report = reports.get(label.document)
        if report is None:
            continue
        result = next((r for r in report.results if r.item == label.item and r.standard == standard.id), None)
        if result is None:
            continue
        quote = result.evidence[0].quote if result.evidence else ""
        comparisons.append(Comparison(label, result.status, quote, result.reason))
    return Evaluation(
        standard=standard.id,
        comparisons=tuple(comparisons),
        items=tuple(_score(item, comparisons) for item in label_set.items),
        skipped_cells=label_set.skipped_cells,
        skipped_rows=label_set.skipped_rows,
        document_errors=tuple(errors),
    )


def _score(item: str, comparisons: Iterable[Comparison]) -> ItemScore:
    mine = [comparison for comparison in comparisons if comparison.label.item == item]
    confusion = Counter((comparison.label.value, comparison.tool_value) for comparison in mine)
    positive = {"1", Status.MET.value}
    tool_met = [comparison for comparison in mine if comparison.status is Status.MET]
    coder_met = [comparison for comparison in mine if comparison.label.value in positive]
    true_met = [comparison for comparison in tool_met if comparison.label.value in positive]
    return ItemScore(
        item=item,
        pairs=len(mine),
        agreed=sum(comparison.agrees for comparison in mine),
        confusion=tuple((label, tool, count) for (label, tool), count in sorted(confusion.items())),
        precision=len(true_met) / len(tool_met) if tool_met else None,
        recall=len(true_met) / len(coder_met) if coder_met else None,
    )


def best_standard(columns: Iterable[str], candidates: Sequence[Standard]) -> Standard:
    """The standard whose item ids overlap the label columns most (ties: the first)."""
    wanted = set(columns)
    return max(candidates, key=lambda standard: len(wanted & {item.id for item in standard.items}))


def label_columns(path: Path) -> tuple[str, ...]:
    """The item-like columns or keys of a label file, to pick a standard when none is given."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ()
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return ()
        keys: set[str] = set()
        for entries in data.values() if isinstance(data, dict) else ():
            if isinstance(entries, dict):
                keys.update(entries)
        return tuple(sorted(keys))
    first = text.splitlines()[0] if text else ""
    return tuple(next(csv.reader([first]), []))
