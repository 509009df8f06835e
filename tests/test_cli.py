"""The command line as a user runs it: exit codes, JSON contract, outputs, errors as one line on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from policy_audit.cli import app

runner = CliRunner()
GOOD = "Warning shots are prohibited. Chokeholds and carotid restraints are prohibited.\n"


def _policy(tmp_path: Path, text: str, name: str = "policy.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_scan_table_shows_items_statuses_and_summary() -> None:
    result = runner.invoke(app, ["scan", str(SAMPLES / "cedar-falls-pd-general-order-1-01.txt")])
    assert result.exit_code == 1
    assert "✘ contradicted" in result.stdout and "✔ met" in result.stdout
    assert "Under no circumstances shall" in result.stdout and "p1:70" in result.stdout
    assert "Summary: 1 document; 3 met, 3 contradicted" in result.stdout
    assert "Suggested wording" in result.stdout


def test_json_contract(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(SAMPLES / "westmoor-constabulary-use-of-force.md"), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1 and data["tool"]["name"] == "policy-audit"
    (document,) = data["documents"]
    assert document["error"] is None and len(document["sha256"]) == 64
    statuses = {entry["item"]: entry["status"] for entry in document["results"]}
    assert statuses["hog-tie-ban"] == "met" and statuses["chokehold-ban"] == "partial"
    evidence = next(entry for entry in document["results"] if entry["item"] == "hog-tie-ban")["evidence"][0]
    assert set(evidence) >= {"quote", "page", "line", "section", "reading"}
    assert evidence["reading"] == "prohibits"
    assert data["summary"]["documents"] == 1 and data["summary"]["met"] == 4


def test_fail_on_thresholds(tmp_path: Path) -> None:
    path = _policy(tmp_path, "Warning shots are discouraged.\n")
    arguments = ["scan", str(path), "--standard", "core"]
    assert runner.invoke(app, [*arguments, "--fail-on", "partial"]).exit_code == 1
    assert runner.invoke(app, [*arguments, "--fail-on", "contradicted"]).exit_code == 0
    assert runner.invoke(app, [*arguments, "--fail-on", "missing"]).exit_code == 1


def test_output_file_and_explain(tmp_path: Path) -> None:
    path = _policy(tmp_path, GOOD)
    out = tmp_path / "out" / "report.json"
    result = runner.invoke(app, ["scan", str(path), "-f", "json", "-o", str(out), "--explain"])
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    hits = next(entry for entry in data["documents"][0]["results"] if entry["item"] == "warning-shots-banned")["hits"]
    assert hits[0]["reading"] == "prohibits" and hits[0]["cues"] == ["prohibited"]


def test_explain_in_table_lists_cues(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(_policy(tmp_path, GOOD)), "--explain"])
    assert "prohibits ('prohibited') → met" in result.stdout


def test_unreadable_document_never_hides_the_others(tmp_path: Path) -> None:
    good = _policy(tmp_path, GOOD)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["scan", str(tmp_path), "-f", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    by_path = {document["path"]: document for document in data["documents"]}
    assert by_path[str(good)]["error"] is None
    broken = by_path[str(tmp_path / "empty.txt")]
    assert "empty file" in broken["error"] and {entry["status"] for entry in broken["results"]} == {"unreadable"}


def test_exit_2_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["scan", str(tmp_path / "empty.txt")])
    assert result.exit_code == 2
    assert "empty file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["scan", "nowhere.txt"], "no such file"),
        (["scan", ".", "--standard", "nope"], "unknown standard id"),
        (["scan", ".", "-f", "json", "-f", "table"], "only one format can go to stdout"),
    ],
)
def test_usage_errors_exit_2_with_one_line(arguments: list[str], message: str) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_standards_list_show_validate(tmp_path: Path) -> None:
    listing = runner.invoke(app, ["standards", "list"])
    assert listing.exit_code == 0 and "core" in listing.stdout
    shown = runner.invoke(app, ["standards", "show", "core"])
    assert "hog-tie-ban" in shown.stdout and "ban" in shown.stdout
    assert "a profile of cti-6.1" in shown.stdout and "CTI resource note 6.1 —" in shown.stdout
    core_path = Path(__file__).parents[1] / "standards" / "core.yaml"
    valid = runner.invoke(app, ["standards", "validate", str(core_path)])
    assert valid.exit_code == 0 and "all" in valid.stdout
    broken = tmp_path / "broken.yaml"
    cti_path = core_path.with_name("cti-6.1.yaml")
    broken.write_text(cti_path.read_text(encoding="utf-8").replace("    topic: [", "    topics: [", 1))
    invalid = runner.invoke(app, ["standards", "validate", str(broken)])
    assert invalid.exit_code == 2 and "unknown key 'topics'" in invalid.stderr and "other_senses" in invalid.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("policy-audit ")


def test_standards_schema_prints_the_shipped_schema_a_checklist_validates_against() -> None:
    import json

    result = runner.invoke(app, ["standards", "schema"])
    assert result.exit_code == 0
    schema = json.loads(Path(result.stdout.strip()).read_text(encoding="utf-8"))
    assert schema["title"] == "policy-audit checklist" and "items" in schema["required"]
