"""The conventions users bring from ruff, bandit and checkov, through typer's CliRunner as they type them:
--exit-zero, -V, -v, shell completion, FORCE_COLOR / NO_COLOR, the github and gitlab formats, the stderr summary
and "wrote FILE", the narrow terminal layout, the diff's Markdown and --explain's topic phrase."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from policy_audit import __version__
from policy_audit.audit import audit_text
from policy_audit.cli import app
from policy_audit.formats import Format, RenderOptions, render
from policy_audit.models import Report, Standard

runner = CliRunner()
POLICY = """USE OF FORCE
1. FIREARMS
Warning shots are discouraged.
2. RESTRAINTS
The carotid restraint is an authorized control technique for trained officers when a subject resists arrest.
"""
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "policy.txt"
    path.write_text(POLICY, encoding="utf-8")
    return path


def test_short_version() -> None:
    result = runner.invoke(app, ["-V"])
    assert result.exit_code == 0 and result.stdout == f"policy-audit {__version__}\n"


def test_exit_zero_keeps_gaps_from_failing_but_not_errors(policy: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["scan", "policy.txt"]).exit_code == 1
    assert runner.invoke(app, ["scan", "policy.txt", "--exit-zero"]).exit_code == 0
    (tmp_path / "empty.txt").write_bytes(b"")
    mixed = runner.invoke(app, ["scan", "policy.txt", "empty.txt", "--exit-zero"])
    assert mixed.exit_code == 1 and "empty file" in mixed.stdout  # an unreadable document still fails
    assert runner.invoke(app, ["scan", "empty.txt", "--exit-zero"]).exit_code == 2
    assert runner.invoke(app, ["scan", "nowhere.txt", "--exit-zero"]).exit_code == 2


def test_verbose_names_config_standards_and_documents(policy: Path, tmp_path: Path) -> None:
    (tmp_path / "policy-audit.toml").write_text('fail-on = "contradicted"\n', encoding="utf-8")
    result = runner.invoke(app, ["scan", "policy.txt", "-v", "--jobs", "1"])
    lines = result.stderr.splitlines()
    assert lines[0] == f"policy-audit: config: {tmp_path / 'policy-audit.toml'}"
    assert lines[1].startswith("policy-audit: standards: core (6 items, ")
    assert lines[2] == "policy-audit: read policy.txt (1 page): 1 partial, 4 missing, 1 contradicted"
    assert runner.invoke(app, ["scan", "policy.txt", "-v", "-q"]).stderr == ""


def test_completion_installs_for_bash(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["--show-completion", "bash"], prog_name="policy-audit")
    assert shown.exit_code == 0 and "_POLICY_AUDIT_COMPLETE=complete_bash" in shown.stdout
    installed = runner.invoke(
        app, ["--install-completion", "bash"], prog_name="policy-audit", env={"HOME": str(tmp_path)}
    )
    assert installed.exit_code == 0, installed.output
    script = tmp_path / ".bash_completions" / "policy-audit.sh"
    assert "_POLICY_AUDIT_COMPLETE" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({}, False), ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False)],
)
def test_force_color_when_piped(policy: Path, env: dict[str, str], coloured: bool) -> None:
    result = runner.invoke(app, ["scan", "policy.txt"], env={"NO_COLOR": "", "FORCE_COLOR": "", **env})
    assert bool(ANSI.search(result.stdout)) is coloured
    errors = runner.invoke(app, ["scan", "nowhere.txt"], env={"NO_COLOR": "", "FORCE_COLOR": "", **env})
    assert bool(ANSI.search(errors.stderr)) is coloured and "no such file" in errors.stderr


def test_report_files_get_a_summary_and_wrote_lines_on_stderr(policy: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", "policy.txt", "-f", "html", "-o", "out/report.html", "-f", "table"])
    assert "policy.txt" in result.stdout  # the table went to stdout
    assert result.stderr.splitlines() == [
        "policy-audit: wrote out/report.html (html)",
        "policy-audit: 1 document; 1 partial, 1 contradicted, 4 missing",
    ]
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    quiet = runner.invoke(app, ["scan", "policy.txt", "-o", "out/report.json", "-q"])
    assert quiet.stderr == "" and quiet.exit_code == 1


def test_github_annotations(policy: Path, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = runner.invoke(app, ["scan", str(policy), "-f", "github"])
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), lines
    assert "::warning file=policy.txt,line=3,title=core%3Awarning-shots-banned partial::" in result.stdout
    assert "::error file=policy.txt,line=5,title=core%3Achokehold-ban contradicted::" in result.stdout
    assert lines[-1].startswith("::notice title=policy-audit::Summary: 1 document;")


def test_github_annotations_cannot_be_ended_by_policy_text(core: Standard) -> None:
    document = audit_text("Warning shots are discouraged.\n::error::forged%0A\n", [core], name="a\nb.txt")
    text = render(Report((document,), (core,)), Format.GITHUB)
    assert len(text.splitlines()) == sum(1 for r in document.results if r.status.value != "met") + 1
    assert "file=a%0Ab.txt" in text


def test_gitlab_code_quality(policy: Path, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = runner.invoke(app, ["scan", "policy.txt", "-f", "gitlab"])
    issues: list[dict[str, Any]] = json.loads(result.stdout)
    assert len(issues) == 6  # six gaps, one issue each
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"] == "policy.txt" and issue["location"]["lines"]["begin"] >= 1
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert len({issue["fingerprint"] for issue in issues}) == 6
    severities = {issue["check_name"]: issue["severity"] for issue in issues}
    assert severities["core/chokehold-ban"] == "critical" and severities["core/warning-shots-banned"] == "minor"


def test_stderr_never_carries_escape_sequences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "evil\x1b]8;;http:evil.example\x07x\x1b]8;;\x07\x1b[2J.txt"  # an OSC-8 link and a screen wipe
    (tmp_path / name).write_bytes(b"")
    result = runner.invoke(app, ["scan", name])
    assert result.exit_code == 2 and "empty file" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "evilx.txt: empty file" in result.stderr  # the name, with the sequences taken out


def test_narrow_terminal_stacks_each_item(core: Standard) -> None:
    document = audit_text(POLICY, [core], name="policies/policy.txt")
    text = render(Report((document,), (core,)), Format.TABLE, RenderOptions(width=80))
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert not any(mark in text for mark in "┃│┏")  # no table
    chokehold = lines.index("chokehold-ban  ✘ contradicted")
    assert lines[chokehold + 1].startswith("  “The carotid restraint is an authorized control technique for trained")
    assert "p1:5 · 2. RESTRAINTS" in "\n".join(lines[chokehold : chokehold + 6])
    wide = render(Report((document,), (core,)), Format.TABLE, RenderOptions(width=100))
    assert "┃ item" in wide


def test_explain_names_the_topic_phrase(core: Standard) -> None:
    document = audit_text("Warning shots are prohibited.\n", [core], name="p.txt")
    report = Report((document,), (core,))
    table = render(report, Format.TABLE, RenderOptions(explain=True))
    assert "p1:1 topic 'Warning shots', prohibits ('prohibited') → met" in table
    data = json.loads(render(report, Format.JSON, RenderOptions(explain=True)))
    assert data["documents"][0]["results"][0]["hits"][0]["topic"] == "Warning shots"


def test_diff_markdown_after_column_holds_only_the_after_quote(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("Warning shots are prohibited.\nChokeholds and carotid restraints are prohibited.\n")
    new.write_text("Warning shots are discouraged ([x](javascript:alert(1))).\n")
    result = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"])
    assert result.exit_code == 1
    rows = {line.split(" | ")[0].strip("| "): line for line in result.stdout.splitlines() if line.startswith("| ")}
    cells = [cell.strip() for cell in rows["warning-shots-banned"].strip("|").split(" | ")]
    assert cells[4] == "Warning shots are discouraged (\\[x\\](javascript:alert(1)))."  # no link can form
    assert "prohibited" in cells[5] and "prohibited" not in cells[4]
    chokehold = [cell.strip() for cell in rows["chokehold-ban"].strip("|").split(" | ")]
    assert chokehold[2] == "○ missing" and chokehold[4] == ""  # nothing decides it after: no quote, not the old one
    assert "Chokeholds and carotid restraints are prohibited." in chokehold[5]
