"""Sentences and short passages written blind, from LABELING.md and the 8 Can't Wait rubric alone, by writers who
saw neither the reader nor the corpus (tests/assets/sentences/*.jsonl; `why` gives each label's reason).

They stand in for the policies the reader was never tuned on. Each is read alone and must reach its label. A case
the reader still gets wrong carries `known_gap`, what it misses: it runs as a strict xfail, so a fix that makes it
pass fails here until its `known_gap` is removed. `benchmarks/sentences.py` prints the agreement per item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policy_audit import standards
from policy_audit.audit import audit_text
from policy_audit.models import Status

SENTENCES = Path(__file__).parent / "assets" / "sentences"
STANDARDS = {"core": "core", "8cw": "8-cant-wait"}
"""Files are named by standard and round of writing: core.jsonl, core-2.jsonl, 8cw.jsonl, 8cw-2.jsonl …"""
FILES = sorted(SENTENCES.glob("*.jsonl"))


def _standard(path: Path) -> str:
    return STANDARDS[path.stem.split("-")[0]]


def _cases() -> list[Any]:
    cases = []
    for path in FILES:
        standard, name = _standard(path), path.stem
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            case = json.loads(line)
            marks = [pytest.mark.xfail(strict=True, reason=case["known_gap"])] if "known_gap" in case else []
            cases.append(pytest.param(standard, case, id=f"{name}:{number}:{case['item']}", marks=marks))
    return cases


def _expected(standard: str, label: str) -> str:
    """8 Can't Wait is coded yes/no: yes is `met`, no is any other status."""
    return {"yes": "met"}.get(label, label) if standard == "8-cant-wait" else label


def _text(case: dict[str, str]) -> str:
    """The case's own text, or the whole policy it names (tests/assets/sentences/policies)."""
    if "text" in case:
        return case["text"]
    return (SENTENCES / "policies" / f"{case['document']}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("standard", "case"), _cases())
def test_blind_sentence_reaches_its_label(standard: str, case: dict[str, str]) -> None:
    text = _text(case)
    result = next(r for r in audit_text(text, [standards.load(standard)]).results if r.item == case["item"])
    expected = _expected(standard, case["expected"])
    if expected == "no":
        assert result.status is not Status.MET, f"{text[:200]!r}: met ({result.reason}); {case['why']}"
    else:
        assert result.status.value == expected, (
            f"{text[:200]!r}: {result.status.value} ({result.reason}); {case['why']}"
        )


def test_every_case_is_well_formed() -> None:
    assert {_standard(path) for path in FILES} == set(STANDARDS.values())
    for path in FILES:
        standard = standards.load(_standard(path))
        items = {item.id for item in standard.items}
        labels = {"yes", "no"} if standard.id == "8-cant-wait" else {"met", "partial", "contradicted", "missing"}
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            assert case["item"] in items and case["expected"] in labels and case["why"], case
            assert set(case) <= {"item", "text", "document", "expected", "why", "known_gap"}, case
            assert ("text" in case) != ("document" in case) and _text(case), case
