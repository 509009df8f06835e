"""Integrations: the pre-commit hook (run for real with `pre-commit run`) and the composite GitHub Action.

pre-commit installs a hook from a commit of its repository, so an untracked file (a new module, or
.pre-commit-hooks.yaml itself before its first commit) would be missing. The hook test first copies the working
tree as git would see it (tracked and untracked-but-not-ignored files) into a fresh repository with one commit, and
names that commit in a policy repository's `.pre-commit-config.yaml`, as a user does: it tests what is on disk, and a
file the package needs but .gitignore hides still fails it, as it would for users. In a clean CI checkout the copy
equals HEAD.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from policy_audit.cli import FailOn
from policy_audit.formats import Format
from policy_audit.ingest import SUPPORTED_SUFFIXES

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Read at import, before conftest points XDG_CACHE_HOME at a private folder: pip's download cache is safe to
# share, and reusing it keeps the hook's pip install fast where wheels come from PyPI.
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip"
)
HOOK_TIMEOUT = 600


def _manifest() -> list[dict[str, Any]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def _action() -> dict[str, Any]:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert isinstance(action, dict)
    return action


def _step(action: dict[str, Any], name: str) -> dict[str, Any]:
    (step,) = [step for step in action["runs"]["steps"] if step.get("name") == name]
    return step


# --- the pre-commit hook -------------------------------------------------------------------------------------


def test_hook_manifest() -> None:
    (hook,) = _manifest()
    assert hook["id"] == "policy-audit"
    assert hook["name"] == "policy-audit"
    assert hook["entry"] == "policy-audit scan"
    assert hook["language"] == "python"
    assert hook["types"] == ["file"]
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True
    assert hook["args"] == ["--quiet", "--jobs", "1"]


def test_hook_files_pattern_is_what_the_scanner_reads() -> None:
    (hook,) = _manifest()
    pattern = re.compile(hook["files"])  # pre-commit uses re.search
    for suffix in SUPPORTED_SUFFIXES:
        assert pattern.search(f"policies/use-of-force{suffix}"), suffix
        assert pattern.search(f"policies/USE-OF-FORCE{suffix.upper()}"), suffix
    for name in ("policy.py", "policy.pdf.bak", "policy-audit.toml", "notes.mdx", "pdf"):
        assert not pattern.search(name), name
    # a project's own documents are never policies
    for name in ("README.md", "readme.txt", "docs/README.md", "CHANGELOG.md", "LICENSE.txt", "LICENCE.md",
                 "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "SECURITY.md", "AUTHORS.txt", "changes/CHANGELOG.rst.md",
                 "README-fr.md", "History.markdown", "NOTICE.txt"):  # fmt: skip
        assert not pattern.search(name), name
    for name in ("policies/readiness.pdf", "policies/licensing-of-firearms.txt", "use-of-force.html",
                 "policies/news/force.docx", "Use Of Force.HTM"):  # fmt: skip
        assert pattern.search(name), name


def _pre_commit() -> Path | None:
    for name in ("pre-commit", "pre-commit.exe"):
        if (BIN / name).is_file():
            return BIN / name
    found = shutil.which("pre-commit")
    return Path(found) if found else None


def _git_env(tmp_path: Path) -> dict[str, str]:
    """The environment without the caller's git state (GIT_DIR when run from a hook) or git config."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        PIP_CACHE_DIR=PIP_CACHE,
        NO_COLOR="1",
    )
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def _new_repo(path: Path, env: dict[str, str]) -> Path:
    path.mkdir()
    _git(path, env, "init", "--quiet")
    _git(path, env, "config", "user.email", "tests@policy-audit.invalid")
    _git(path, env, "config", "user.name", "policy-audit tests")
    _git(path, env, "config", "commit.gpgsign", "false")
    return path


def _snapshot(destination: Path, env: dict[str, str]) -> Path:
    """The project's working tree as git sees it, committed once in a fresh repository."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout, which the pre-commit test needs: {listing.stderr.strip()}")
    _new_repo(destination, env)
    for name in filter(None, listing.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out, as a commit would
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(destination, env, "add", "--all")
    _git(destination, env, "commit", "--quiet", "--no-verify", "-m", "working tree snapshot")
    return destination


def _run_hook(pre_commit: Path, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    _git(repo, env, "add", "--all")  # pre-commit --all-files runs on the files git tracks (staged is enough)
    try:
        return subprocess.run(
            [str(pre_commit), "run", "--all-files", "--verbose", "--color=never"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=HOOK_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"pre-commit run took over {HOOK_TIMEOUT}s:\n{error.stdout}\n{error.stderr}")


@pytest.mark.slow
def test_pre_commit_hook_for_real(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]' installs it)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed, and pre-commit cannot run without it")
    # The package is pure Python: pre-commit's environment installs from wheels only, nothing is compiled.
    env = _git_env(tmp_path)
    project = _snapshot(tmp_path / "project", env)
    repo = _new_repo(tmp_path / "policies-repo", env)
    # Only this item counts, so the policy's wording alone decides the hook (the other five are missing).
    (repo / "policy-audit.toml").write_text('require = ["warning-shots-banned"]\n', encoding="utf-8")
    (repo / "tool.py").write_text("print('not a policy: the hook must not pass it')\n", encoding="utf-8")
    (repo / "README.md").write_text("# Our policies\n\nWarning shots are discouraged.\n", encoding="utf-8")
    policy = repo / "use-of-force.txt"
    policy.write_text("USE OF FORCE\n\nWarning shots are discouraged.\n", encoding="utf-8")

    # As a user's configuration names the hook: this project's repository at a revision. pre-commit builds the
    # hook's environment once, on the first run, and the second run reuses it.
    revision = _git(project, env, "rev-parse", "HEAD").strip()
    hooks = {"repos": [{"repo": str(project), "rev": revision, "hooks": [{"id": "policy-audit"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(hooks), encoding="utf-8")

    failed = _run_hook(pre_commit, repo, env)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert re.search(r"policy-audit\.+Failed", output), output
    assert "- exit code: 1" in output, output  # gaps, not a usage error (2) from being handed tool.py
    assert "use-of-force.txt" in output, output
    assert re.search(r"warning-shots-banned\s*│\s*◐ partial", output), output

    policy.write_text("USE OF FORCE\n\nWarning shots are prohibited.\n", encoding="utf-8")
    passed = _run_hook(pre_commit, repo, env)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert re.search(r"policy-audit\.+Passed", output), output  # not "Skipped": the file was scanned
    assert "use-of-force.txt" in output, output
    assert re.search(r"warning-shots-banned\s*│\s*✔ met", output), output


# --- the GitHub Action ---------------------------------------------------------------------------------------


def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    action = _action()
    assert action["name"] == "policy-audit"
    assert action["runs"]["using"] == "composite"
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {
        "paths": ".",
        "standards": "core",
        "fail-on": "partial",
        "sarif-file": "policy-audit.sarif",
        "upload-sarif": "true",
        "python-version": "3.11",
    }
    assert FailOn(defaults["fail-on"])
    assert {"exit-code", "sarif-file"} <= set(action["outputs"])
    uses = [step["uses"] for step in action["runs"]["steps"] if "uses" in step]
    assert uses == ["actions/setup-python@v5", "github/codeql-action/upload-sarif@v3"]


def test_action_scripts_are_bash_and_take_inputs_only_from_env() -> None:
    for step in _action()["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash", step["name"]
            assert "${{" not in step["run"], f"{step['name']}: pass inputs via env, not ${{{{ }}}} in the script"
    install = _step(_action(), "Install policy-audit")
    assert '"$GITHUB_ACTION_PATH"' in install["run"]


def test_action_uploads_even_when_gaps_fail_the_scan() -> None:
    action = _action()
    steps = action["runs"]["steps"]
    scan, upload, final = _step(action, "Scan"), steps[-2], steps[-1]
    assert scan["id"] == "scan"
    assert "|| status=$?" in scan["run"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"].startswith("always() && inputs.upload-sarif == 'true'")
    assert "always()" in final["if"]
    assert "steps.scan.outputs.exit-code" in final["env"]["PA_EXIT"]
    assert 'exit "$PA_EXIT"' in final["run"]


def _run_step(step: dict[str, Any], env: dict[str, str], cwd: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """Run a `run:` step the way the runner does (bash --noprofile --norc -eo pipefail), with policy-audit on PATH."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = cwd / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    full = {**os.environ, **env, "GITHUB_OUTPUT": str(output), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines)


def test_action_scan_step_runs(tmp_path: Path) -> None:
    """The Scan step's script, run for real: inputs split into arguments, exit code captured, SARIF written."""
    assert Format("sarif")
    action = _action()
    scan, final = _step(action, "Scan"), _step(action, "Exit with the scan's code")
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "use-of-force.txt").write_text("Warning shots are discouraged.\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("Warning shots are prohibited.\n", encoding="utf-8")
    inputs = {"PA_STANDARDS": "core", "PA_FAIL_ON": "partial", "PA_SARIF": "out/policy-audit.sarif"}

    github_output = tmp_path / "gaps.out"
    # a YAML block scalar gives one path a line; spaces separate them too
    done = _run_step(scan, {**inputs, "PA_PATHS": "policies  other.md\n"}, tmp_path, github_output)
    assert done.returncode == 0, done.stderr  # the step itself never fails: the final step raises the scan's code
    assert "use-of-force.txt" in done.stdout and "other.md" in done.stdout  # the table went to the log
    outputs = _outputs(github_output)
    assert outputs["exit-code"] == "1"
    assert outputs["sarif-file"] == "out/policy-audit.sarif"
    sarif = json.loads((tmp_path / "out" / "policy-audit.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    located = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for location in result.get("locations", [])
    }
    assert any(uri.endswith("use-of-force.txt") for uri in located), located
    done = _run_step(final, {"PA_EXIT": outputs["exit-code"], "PA_FAIL_ON": "partial"}, tmp_path, github_output)
    assert done.returncode == 1
    assert done.stdout.startswith("::error::policy-audit found gaps at or beyond partial"), done.stdout

    github_output = tmp_path / "contradicted.out"
    gate = {**inputs, "PA_PATHS": "policies", "PA_FAIL_ON": "contradicted"}
    assert _run_step(scan, gate, tmp_path, github_output).returncode == 0
    assert _outputs(github_output)["exit-code"] == "0"
    assert _run_step(final, {"PA_EXIT": "0", "PA_FAIL_ON": "contradicted"}, tmp_path, github_output).returncode == 0

    github_output = tmp_path / "usage.out"
    (tmp_path / "out" / "policy-audit.sarif").write_text("stale", encoding="utf-8")
    usage = {**inputs, "PA_PATHS": "policies", "PA_STANDARDS": "core no-such-standard"}
    done = _run_step(scan, usage, tmp_path, github_output)
    assert done.returncode == 0, done.stderr
    assert "no-such-standard" in done.stderr
    outputs = _outputs(github_output)
    assert outputs["exit-code"] == "2"
    # no report, and the stale one is gone: the upload step is skipped, the final step fails the job
    assert "sarif-file" not in outputs
    assert not (tmp_path / "out" / "policy-audit.sarif").exists()
    assert "::warning::policy-audit wrote no SARIF report (exit code 2)" in done.stdout
