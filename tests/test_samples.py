"""The sample policies reach the statuses written in sample_policies/expected.yaml (every status of every item)."""

from __future__ import annotations

import pytest
import yaml
from conftest import SAMPLES

from policy_audit.audit import audit_path
from policy_audit.models import Standard

EXPECTED = yaml.safe_load((SAMPLES / "expected.yaml").read_text(encoding="utf-8"))


def test_samples_cover_every_status_of_every_core_item() -> None:
    covered = {(item, status) for statuses in EXPECTED.values() for item, status in statuses.items()}
    items = {item for statuses in EXPECTED.values() for item in statuses}
    assert len(items) == 6
    assert covered == {(item, status) for item in items for status in ("met", "partial", "contradicted", "missing")}
    assert sum(name.endswith(".pdf") for name in EXPECTED) >= 2


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_statuses(core: Standard, name: str) -> None:
    report = audit_path(SAMPLES / name, [core])
    assert report.error is None
    got = {result.item: result.status.value for result in report.results}
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_quote_is_in_the_document_at_its_line(core: Standard, name: str) -> None:
    from policy_audit.ingest import load

    document = load(SAMPLES / name)
    report = audit_path(SAMPLES / name, [core])
    for result in report.results:
        for evidence in result.evidence:
            following = [
                line.text for line in document.lines if line.page == evidence.page and line.number >= evidence.line
            ]
            window = " ".join(" ".join(following[:40]).split())
            assert " ".join(evidence.quote.split()) in window, (result.item, evidence.quote)
