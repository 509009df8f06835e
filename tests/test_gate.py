"""The CI gate: config found upwards, waivers with reasons and expiry, diff of a revision, batch and cache."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit.batch import RunOptions, run
from policy_audit.cli import app
from policy_audit.models import Standard

runner = CliRunner()
POLICY = (
    "300.1 PROHIBITED TECHNIQUES\n"
    "Warning shots are prohibited.\n"
    "Chokeholds and carotid restraints are prohibited.\n"
    "Officers may hog-tie a violent prisoner with the hobble.\n"
    "300.2 DUTY TO INTERVENE\n"
    "Any officer who observes another officer using excessive force shall intervene.\n"
    "300.3 TRAINING AND PUBLICATION\n"
    "Officers who fail the annual qualification shall not carry a firearm until they pass.\n"
    "This policy is published on the Department's public website.\n"
)
CONFIG = """\
standards = ["core"]
fail-on = "contradicted"

[[waiver]]
item = "hog-tie-ban"
document = "sops/restraint.txt"
reason = "Hobble use is under review by the oversight board; revision due mid-2027."
expires = 2027-06-30
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A policy repository (a real git repo) holding one policy in sops/."""
    (tmp_path / "sops").mkdir()
    (tmp_path / "sops" / "restraint.txt").write_text(POLICY, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def _scan(repo: Path, monkeypatch: pytest.MonkeyPatch, *extra: str, today: str = "2026-01-01") -> tuple[int, str, str]:
    monkeypatch.chdir(repo / "sops")  # the config is found upwards from here
    monkeypatch.setenv("POLICY_AUDIT_TODAY", today)
    result = runner.invoke(app, ["scan", "restraint.txt", "--jobs", "1", *extra])
    return result.exit_code, result.stdout, result.stderr


def test_contradicted_item_fails_until_waived_then_fails_after_expiry(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _scan(repo, monkeypatch)
    assert code == 1 and "✘ contradicted" in out  # no config yet: default gate fails on the hog-tie authorization
    (repo / "policy-audit.toml").write_text(CONFIG, encoding="utf-8")
    code, out, _ = _scan(repo, monkeypatch)
    assert code == 0
    assert "(waived)" in out and "Waivers used:" in out and "oversight board" in out and "policy-audit.toml:4" in out
    code, out, err = _scan(repo, monkeypatch, today="2027-07-01")
    assert code == 1
    assert "expired on 2027-06-30" in err and "(waived)" not in out
    code, _, _ = _scan(repo, monkeypatch, "--no-waivers")
    assert code == 1


def test_waiver_without_reason_is_an_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "policy-audit.toml").write_text(
        CONFIG.replace('reason = "Hobble use', 'note = "Hobble use'), encoding="utf-8"
    )
    code, _, err = _scan(repo, monkeypatch)
    assert code == 2 and "unknown key [waiver] 'note'" in err and "reason" in err


def test_broken_config_names_the_key(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "policy-audit.toml").write_text('standards = ["core"]\nfail_on = "partial"\n', encoding="utf-8")
    code, _, err = _scan(repo, monkeypatch)
    assert code == 2
    assert "policy-audit.toml:2: unknown key 'fail_on'" in err and "fail-on" in err and "Traceback" not in err


def test_config_in_pyproject_and_require(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "pyproject.toml").write_text('[tool.policy-audit]\nrequire = ["warning-shots-banned"]\n', encoding="utf-8")
    code, _, _ = _scan(repo, monkeypatch)
    assert code == 0  # only the required item decides the exit code, and it is met


def test_diff_of_a_revision_that_drops_the_duty_to_intervene(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(POLICY, encoding="utf-8")
    new.write_text(
        POLICY.replace("Any officer who observes another officer using excessive force shall intervene.\n", "")
    )
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 1
    assert (
        "duty-to-intervene" in result.stdout and "▼ worse" in result.stdout and "1 item(s) got worse" in result.stdout
    )
    same = runner.invoke(app, ["diff", str(old), str(old), "-f", "json"])
    assert same.exit_code == 0 and json.loads(same.stdout)["worse"] is False
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"])
    # the safeguard is gone: nothing in the "after" column, the old quote under "before"
    assert "| duty-to-intervene | ✔ met | ○ missing | ▼ worse |  | Any officer who observes" in markdown.stdout


def test_diff_of_folders_matches_by_name(tmp_path: Path) -> None:
    for side, text in (
        ("v1", POLICY),
        ("v2", POLICY.replace("are prohibited.\nChokeholds", "are discouraged.\nChokeholds")),
    ):
        (tmp_path / side).mkdir()
        (tmp_path / side / "policy.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(tmp_path / "v1"), str(tmp_path / "v2"), "-f", "json"])
    assert result.exit_code == 1
    items = json.loads(result.stdout)["documents"][0]["items"]
    warning = next(item for item in items if item["item"] == "warning-shots-banned")
    assert (warning["before"], warning["after"], warning["worse"]) == ("met", "partial", True)


def test_parallel_run_equals_serial_and_cache_is_used(tmp_path: Path, core: Standard) -> None:
    paths = []
    for index in range(3):
        path = tmp_path / f"p{index}.txt"
        path.write_text(
            POLICY.replace("Warning shots are prohibited.", "Warning shots are discouraged." * index), encoding="utf-8"
        )
        paths.append(path)
    (tmp_path / "empty.txt").write_bytes(b"")
    paths.append(tmp_path / "empty.txt")
    serial = run(paths, [core], RunOptions(jobs=1))
    parallel = run(paths, [core], RunOptions(jobs=2))
    assert [[r.status for r in d.results] for d in serial] == [[r.status for r in d.results] for d in parallel]
    assert serial[-1].error and "empty file" in serial[-1].error
    cache = tmp_path / "cache"
    first = run(paths, [core], RunOptions(jobs=1, cache_dir=cache))
    assert len(list(cache.glob("r-*.json"))) == len(paths)
    second = run(paths, [core], RunOptions(jobs=1, cache_dir=cache))
    assert [d.results for d in first] == [d.results for d in second]


def test_include_exclude_and_ignore_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(POLICY, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(POLICY, encoding="utf-8")
    (tmp_path / "notes.md").write_text(POLICY, encoding="utf-8")
    (tmp_path / ".policyauditignore").write_text("# drafts are not policy\nnotes.md\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(tmp_path), "--exclude", "draft*", "-f", "json", "-j", "1"])
    paths = [document["path"] for document in json.loads(result.stdout)["documents"]]
    assert paths == [str(tmp_path / "a.txt")]
    only = runner.invoke(app, ["scan", str(tmp_path), "--include", "draft*", "-f", "json", "-j", "1"])
    assert [d["path"] for d in json.loads(only.stdout)["documents"]] == [str(tmp_path / "draft.txt")]


def test_pdf_engine_defaults_to_pdfium_and_the_config_or_flag_can_choose(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policy_audit.batch

    chosen: list[str] = []

    def spy(paths: object, standards: object, options: RunOptions, *rest: object) -> list[object]:
        chosen.append(options.engine)
        return []

    monkeypatch.setattr(policy_audit.batch, "run", spy)
    _scan(repo, monkeypatch)
    (repo / "policy-audit.toml").write_text('pdf-engine = "pdfminer"\n', encoding="utf-8")
    _scan(repo, monkeypatch)
    _scan(repo, monkeypatch, "--pdf-engine", "pdfium")
    assert chosen == ["pdfium", "pdfminer", "pdfium"]
    (repo / "policy-audit.toml").write_text('pdf-engine = "fast"\n', encoding="utf-8")
    code, _, err = _scan(repo, monkeypatch)
    assert code == 2 and "policy-audit.toml:1" in err and "pdfium, pdfminer" in err


@pytest.mark.parametrize("engine", ["pdfium", "pdfminer"])
def test_diff_reads_pdfs_with_either_engine(tmp_path: Path, engine: str) -> None:
    from conftest import build_pdf

    old = build_pdf(tmp_path / "old.pdf", [["Warning shots are prohibited."], ["Officers shall intervene."]])
    new = build_pdf(tmp_path / "new.pdf", [["Warning shots are discouraged."], ["Officers shall intervene."]])
    result = runner.invoke(app, ["diff", str(old), str(new), "-f", "json", "--pdf-engine", engine])
    assert result.exit_code == 1, result.stderr
    items = json.loads(result.stdout)["documents"][0]["items"]
    warning = next(item for item in items if item["item"] == "warning-shots-banned")
    assert (warning["before"], warning["after"]) == ("met", "partial")
