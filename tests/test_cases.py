"""Every sentence case, in one format (policy_audit/cases.py): the checklists' examples, the cue file's examples,
paraphrases, and the blind rounds written from LABELING.md and the 8 Can't Wait rubric by writers who saw neither
the reader nor the corpus (tests/assets/cases). `pytest -k chokehold` runs one item's cases.

A case the reader still gets wrong carries `known_gap`, what it misses: it runs as a strict xfail, so a fix that
makes it pass fails here until its `known_gap` is removed. `benchmarks/sentences.py` prints agreement per round.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from policy_audit import cases, standards
from policy_audit.cases import Case
from policy_audit.models import Reading, Standard
from policy_audit.read import cues

CASE_FILES = sorted((Path(__file__).parent / "assets" / "cases").glob("*.jsonl"))


def _all() -> list[Case]:
    found = [case for reference in standards.bundled_ids() for case in cases.checklist_cases(standards.load(reference))]
    found += cases.cue_cases(cues.load())
    for path in CASE_FILES:
        found += cases.file_cases(path)
    return found


ALL = _all()


@cache
def _standard(reference: str) -> Standard:
    return standards.load(reference) if reference else cases.cue_standard(ALL)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True, reason=case.known_gap)] * bool(case.known_gap))
        for case in ALL
    ],
)
def test_case(case: Case) -> None:
    passed, got = cases.outcome(case, _standard(case.standard))
    assert passed, f"{case.where}: {case.text[:200]!r} should be {case.expected}, reads {got}. {case.why}"


def test_every_case_is_well_formed() -> None:
    ids = [case.id for case in ALL]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in ALL:
        if case.item:
            standard = _standard(case.standard)
            labels = cases.STATUSES | ({"yes", "no"} if standard.id == "8-cant-wait" else set())
            assert case.item in {item.id for item in standard.items} and case.expected in labels, case.where
        else:
            assert case.text.count("[") == 1 and case.expected in {reading.value for reading in Reading}, case.where


def test_every_bundled_item_and_modifier_has_cases() -> None:
    for reference in standards.bundled_ids():
        standard = standards.load(reference)
        covered = {case.item for case in cases.checklist_cases(standard)}
        assert covered == {item.id for item in standard.items}, reference
    lexicon = cues.load()
    assert all(modifier.examples for modifier in lexicon.modifiers)
    assert {modifier.category for modifier in lexicon.modifiers} == set(cues.Cue)


def test_a_wrong_expectation_fails() -> None:
    """The runner can fail: a case filed under the wrong status is caught."""
    core = standards.load("core")
    wrong = Case("x", "Chokeholds and carotid restraints are prohibited.", "contradicted", "core", "chokehold-ban")
    assert cases.outcome(wrong, core)[0] is False
    wrong_cue = Case("y", "Officers shall not use [chokeholds].", "permits")
    assert cases.outcome(wrong_cue, cases.cue_standard([wrong_cue]))[0] is False
