"""Rendering of `policy-audit eval`: agreement, confusion, precision/recall of met, every disagreement."""

from __future__ import annotations

import json
from typing import Any

from policy_audit.evaluate import Evaluation
from policy_audit.formats.common import terminal


def render_text(evaluation: Evaluation, limit: int = 220) -> str:
    lines = [
        f"Agreement with the coders on standard '{evaluation.standard}': {evaluation.agreement:.1%} "
        f"of {evaluation.pairs} document×item pairs (answering no/missing everywhere: {evaluation.baseline_no:.1%})",
        "",
        f"{'item':28} {'pairs':>5} {'agree':>7} {'P(met)':>7} {'R(met)':>7}   confusion (coder→tool ×n)",
    ]
    for score in evaluation.items:
        confusion = ", ".join(f"{label}→{tool}×{count}" for label, tool, count in score.confusion)
        lines.append(
            f"{score.item:28} {score.pairs:>5} {score.agreement:>7.1%} {_ratio(score.precision):>7} "
            f"{_ratio(score.recall):>7}   {confusion}"
        )
    disagreements = [comparison for comparison in evaluation.comparisons if not comparison.agrees]
    lines += ["", f"Disagreements ({len(disagreements)}):"]
    for comparison in sorted(disagreements, key=lambda c: (c.label.document, c.label.item)):
        label = comparison.label
        lines.append(
            f"- {label.document} · {label.item}: coder {label.value}, tool {comparison.tool_value} ({comparison.status.value}: {comparison.reason})"
        )
        if comparison.tool_quote:
            lines.append(f"    tool:  “{_trim(comparison.tool_quote, limit)}”")
        if label.quote:
            lines.append(f"    coder: “{_trim(label.quote, limit)}”")
    if evaluation.skipped_cells or evaluation.skipped_rows:
        lines += [
            "",
            f"Skipped: {evaluation.skipped_cells} blank or unrecognised cells, {len(evaluation.skipped_rows)} rows",
        ]
        lines += [f"  {row}" for row in evaluation.skipped_rows]
    if evaluation.document_errors:
        lines += ["", f"Documents not scored ({len(evaluation.document_errors)}):"]
        lines += [f"  {error}" for error in evaluation.document_errors]
    return terminal("\n".join(lines)) + "\n"  # labels and quotes come from files: no escape sequence gets through


def render_json(evaluation: Evaluation) -> str:
    data: dict[str, Any] = {
        "standard": evaluation.standard,
        "pairs": evaluation.pairs,
        "agreement": round(evaluation.agreement, 4),
        "baseline_no": round(evaluation.baseline_no, 4),
        "items": [
            {
                "item": score.item,
                "pairs": score.pairs,
                "agreement": round(score.agreement, 4),
                "precision_met": None if score.precision is None else round(score.precision, 4),
                "recall_met": None if score.recall is None else round(score.recall, 4),
                "confusion": [{"label": label, "tool": tool, "count": count} for label, tool, count in score.confusion],
            }
            for score in evaluation.items
        ],
        "disagreements": [
            {
                "document": comparison.label.document,
                "item": comparison.label.item,
                "label": comparison.label.value,
                "tool": comparison.tool_value,
                "status": comparison.status.value,
                "reason": comparison.reason,
                "tool_quote": comparison.tool_quote,
                "coder_quote": comparison.label.quote,
            }
            for comparison in evaluation.comparisons
            if not comparison.agrees
        ],
        "skipped_cells": evaluation.skipped_cells,
        "skipped_rows": list(evaluation.skipped_rows),
        "document_errors": list(evaluation.document_errors),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _trim(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
