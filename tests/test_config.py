"""Config and waivers: every bad value is a `file:line` message; a config speaks only for its own tree, and the
reports it writes stay in its folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit import config
from policy_audit.cli import app
from policy_audit.config import ConfigError

runner = CliRunner()
POLICY = "Warning shots are prohibited.\nOfficers may hog-tie a violent prisoner.\n"


def _error(tmp_path: Path, text: str | bytes, name: str = "policy-audit.toml") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        config.load(path)
    return raised.value.line()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[[waiver]]\nitem = "hog-tie-ban"\nreason = "r"\nexpires = 2027-06-30T10:00:00\n', 4, "is a date-time"),
        ('[[waiver]]\nitem = "hog-tie-ban"\nreason = "r"\nexpires = 10:00:00\n', 4, "is a time, not a date"),
        ('[[waiver]]\nitem = "hog-tie-ban"\nreason = "r"\nexpires = 2027\n', 4, "is not a date"),
        ('[[waiver]]\nitem = "hog-tie-ban"\nreason = ["a", "list"]\n', 3, "reason = ['a', 'list'] is not a string"),
        ('[[waiver]]\nitem = 7\nreason = "r"\n', 2, "item = 7 is not a string"),
        ('fail-on = 3\n', 1, "fail-on = 3 is not a status"),
        ('pdf-engine = ["pdfium"]\n', 1, "is not an engine"),
        ('standards = ["core", 2]\n', 1, "every entry of 'standards' must be a string"),
        ('formats = [{format = "sarif", output = 5}]\n', 1, "format and output must be strings"),
        ('formats = [{format = "sarif", output = "/etc/out.sarif"}]\n', 1, "is not inside the config's folder"),
        ('formats = [{format = "sarif", output = "../out.sarif"}]\n', 1, "is not inside the config's folder"),
        ('formats = ["table",\n  {format = "json", output = "reports/../../x.json"}]\n', 2, "not inside"),
    ],
)
def test_every_bad_value_is_a_file_line_message(tmp_path: Path, text: str, line: int, message: str) -> None:
    error = _error(tmp_path, text)
    assert error.startswith(f"{tmp_path / 'policy-audit.toml'}:{line}: "), error
    assert message in error and " — " in error and "\n" not in error


def test_a_config_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    error = _error(tmp_path, b'standards = ["core"]\n# caf\xe9\n')
    assert error.startswith(f"{tmp_path / 'policy-audit.toml'}:2: not UTF-8 text") and "save the config" in error


@pytest.mark.parametrize(
    ("text", "message"),
    [("tool = 5\n", "'tool' is not a table"), ('[tool]\npolicy-audit = "core"\n', "[tool.policy-audit] is not a table")],
)
def test_a_pyproject_whose_tool_is_not_a_table(tmp_path: Path, text: str, message: str) -> None:
    error = _error(tmp_path, text, "pyproject.toml")
    assert f"pyproject.toml:{text.count(chr(10))}: {message}" in error or f"pyproject.toml:1: {message}" in error
    if text.startswith("tool"):
        assert config.find_for([tmp_path]) == tmp_path / "pyproject.toml"  # found: the error is shown, not skipped


def test_an_output_through_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    os.symlink(outside, project / "reports")
    error = _error(project, 'formats = [{format = "sarif", output = "reports/out.sarif"}]\n')
    assert "leads out of the config's folder through a symlink" in error


def test_outputs_are_relative_to_the_configs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / "sops").mkdir(parents=True)
    (project / "sops" / "p.txt").write_text(POLICY, encoding="utf-8")
    (project / "policy-audit.toml").write_text(
        'formats = [{format = "json", output = "reports/audit.json"}]\n', encoding="utf-8"
    )
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(app, ["scan", str(project / "sops"), "--no-cache"])
    assert result.exit_code == 1, result.stderr
    assert (project / "reports" / "audit.json").is_file() and not (elsewhere / "reports").exists()


def test_a_config_is_the_scanned_trees_own(tmp_path: Path) -> None:
    """A config in a parent folder outside the scanned tree's repository is never read (it could write reports
    anywhere the scanning user can, or waive every gap); within a repository, the nearest one up to its root."""
    (tmp_path / "policy-audit.toml").write_text('fail-on = "contradicted"\n', encoding="utf-8")
    scanned = tmp_path / "downloads" / "policies"
    scanned.mkdir(parents=True)
    (scanned / "p.txt").write_text(POLICY, encoding="utf-8")
    assert config.find_for([scanned]) is None
    assert config.find_for([scanned / "p.txt"]) is None
    (scanned / ".policy-audit.toml").write_text('fail-on = "missing"\n', encoding="utf-8")
    assert config.find_for([scanned]) == scanned / ".policy-audit.toml"
    (scanned / ".policy-audit.toml").unlink()
    subprocess.run(["git", "init", "-q", str(tmp_path / "downloads")], check=True)
    (tmp_path / "downloads" / "pyproject.toml").write_text('[tool.policy-audit]\nfail-on = "missing"\n', encoding="utf-8")
    assert config.find_for([scanned / "p.txt"]) == tmp_path / "downloads" / "pyproject.toml"
    assert config.load(config.find_for([scanned])).fail_on == "missing"


def test_a_bad_waiver_in_the_scanned_tree_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(POLICY, encoding="utf-8")
    (tmp_path / "policy-audit.toml").write_text(
        '[[waiver]]\nitem = "hog-tie-ban"\nreason = "under review"\nexpires = 2027-06-30 10:00:00\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["scan", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"policy-audit: {tmp_path / 'policy-audit.toml'}:4: waiver for 'hog-tie-ban'")
    assert result.stderr.count("\n") == 1
