"""The standards library end to end: each code's plain statements, in our own words, read as met."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit import standards
from policy_audit.audit import audit_path
from policy_audit.cli import app

ASSETS = Path(__file__).parent / "assets"


@pytest.mark.parametrize(
    ("standard_id", "asset"),
    [
        ("un-ccleo-1979", "un_ccleo_paraphrase.txt"),
        ("college-of-policing-2024", "cop_guidance_paraphrase.txt"),
        ("interpol-meetings-2023", "interpol_paraphrase.txt"),
    ],
)
def test_a_code_paraphrased_meets_its_own_standard(standard_id: str, asset: str) -> None:
    report = audit_path(ASSETS / asset, [standards.load(standard_id)])
    assert report.error is None
    not_met = {
        result.item: (result.status.value, result.reason) for result in report.results if result.status.value != "met"
    }
    assert not_met == {}


def test_core_items_are_a_profile_of_cti() -> None:
    cti = standards.load("cti-6.1")
    core = standards.load("core")
    cti_ids = {item.id for item in cti.items}
    for item in core.items:
        assert item.id in cti_ids
        assert cti.item(item.id).kind is item.kind


def test_standards_list_shows_every_bundled_standard() -> None:
    result = runner_invoke(["standards", "list"])
    for standard_id in (
        "core",
        "8-cant-wait",
        "cti-6.1",
        "un-ccleo-1979",
        "college-of-policing-2024",
        "interpol-meetings-2023",
    ):
        assert standard_id in result


def runner_invoke(arguments: list[str]) -> str:
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_scan_with_a_user_standard_file_and_model_language(tmp_path: Path) -> None:
    policy = tmp_path / "p.txt"
    policy.write_text("Officers may use the carotid restraint on resisting subjects.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", str(policy), "--standard", "core", "--standard", "8-cant-wait"])
    assert result.exit_code == 1, result.stderr
    assert "8-cant-wait:chokehold-ban" in result.stdout and "Suggested wording" in result.stdout
    quiet = CliRunner().invoke(app, ["scan", str(policy), "--quiet"])
    assert "Suggested wording" not in quiet.stdout
