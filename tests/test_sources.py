"""Each standard read against its own source document (../shared/sources, read here, never copied in)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policy_audit import standards
from policy_audit.audit import audit_path
from policy_audit.models import Status


def _sources() -> Path:
    """The source documents: $POLICY_AUDIT_SOURCES, or `shared/sources` beside any folder above this checkout."""
    if os.environ.get("POLICY_AUDIT_SOURCES"):
        return Path(os.environ["POLICY_AUDIT_SOURCES"])
    here = Path(__file__).resolve()
    found = (parent / "shared" / "sources" for parent in here.parents)
    return next((folder for folder in found if folder.is_dir()), here.parents[2] / "shared" / "sources")


SOURCES = _sources()
PAIRS = {
    "cti-6.1": "cti-resource-note-6.1.txt",
    "un-ccleo-1979": "un-ccleo-1979.txt",
    "college-of-policing-2024": "college-of-policing-ethics-guidance-2024.txt",
    "interpol-meetings-2023": "interpol-meetings-code-2023.txt",
}


@pytest.mark.parametrize(("standard_id", "source"), sorted(PAIRS.items()))
def test_a_source_meets_its_own_standard(standard_id: str, source: str) -> None:
    path = SOURCES / source
    if not path.is_file():
        pytest.skip(f"{path} is not on this machine")
    standard = standards.load(standard_id)
    # A source recommends: its "should" is what it asks a policy to require (see audit_clauses).
    report = audit_path(path, [standard], guidance=True)
    assert report.error is None
    unmet = [f"{r.item} ({r.status.value}: {r.reason})" for r in report.results if r.status is not Status.MET]
    share = 1 - len(unmet) / len(report.results)
    assert share >= 0.9, f"{standard_id}: {share:.0%} met; not met: {unmet}"


def test_guidance_voice_is_only_for_sources() -> None:
    """The same 'should' in a policy stays advice (LABELING.md): partial, not met."""
    from policy_audit.audit import audit_text

    core = standards.load("core")
    text = "Warning shots should never be used."
    policy = next(r for r in audit_text(text, [core]).results if r.item == "warning-shots-banned")
    assert policy.status is Status.PARTIAL
