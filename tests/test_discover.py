"""What a folder scan reads: regular files only, never through a symlink out of the folder unless asked, each file
once; what it skipped said in one line, by kind, with what to do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.discover import discover, skipped_line

runner = CliRunner()
GOOD = "Warning shots are prohibited.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "policies"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    return root


def _scan(*arguments: str) -> tuple[int, dict[str, dict[str, object]], str]:
    """The CLI in a process of its own, so that a scan that blocks fails the test instead of hanging it."""
    done = subprocess.run(
        [sys.executable, "-m", "policy_audit", "scan", *arguments, "-f", "json", "--no-cache", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    documents = json.loads(done.stdout)["documents"] if done.stdout else []
    return done.returncode, {Path(str(document["path"])).name: document for document in documents}, done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_fifo_never_blocks_the_scan(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    code, documents, stderr = _scan(str(folder))
    assert code == 1  # gaps in good.txt: the scan finished
    assert list(documents) == ["good.txt"]
    assert "1 special file (FIFO (named pipe) 1)" in stderr and "copy a policy into a regular file" in stderr
    code, documents, stderr = _scan(str(folder / "pipe.txt"), str(folder / "good.txt"))  # named: an error line
    assert code == 1 and "pipe.txt: not a regular file (a FIFO (named pipe))" in str(documents["pipe.txt"]["error"])


def test_a_symlink_out_of_the_folder_is_skipped_with_a_note_unless_followed(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Chokeholds are an approved technique.\n", encoding="utf-8")
    os.symlink(secret, folder / "linked.txt")
    code, documents, stderr = _scan(str(folder))
    assert code == 1 and list(documents) == ["good.txt"]
    assert f"1 symlink leaving the scanned folder ({folder / 'linked.txt'}) — pass --follow-symlinks" in stderr
    code, documents, _ = _scan(str(folder), "--follow-symlinks")
    assert code == 1 and sorted(documents) == ["good.txt", "linked.txt"]


def test_dev_zero_through_a_symlink_is_never_read(folder: Path) -> None:
    os.symlink("/dev/zero", folder / "zero.txt")
    code, documents, stderr = _scan(str(folder))
    assert code == 1 and list(documents) == ["good.txt"] and "symlink leaving the scanned folder" in stderr
    code, documents, stderr = _scan(str(folder), "--follow-symlinks")
    assert code == 1 and list(documents) == ["good.txt"] and "1 special file (device 1)" in stderr
    code, documents, _ = _scan(str(folder / "zero.txt"), str(folder / "good.txt"))
    assert code == 1 and "not a regular file (a device)" in str(documents["zero.txt"]["error"])


def test_one_file_reached_by_two_paths_is_audited_once(folder: Path) -> None:
    os.symlink(folder / "good.txt", folder / "alias.txt")  # inside the folder: followed, but the same file
    os.link(folder / "good.txt", folder / "hard.txt")
    found = discover([folder, folder / "good.txt"])
    assert found.files == (folder / "good.txt",)  # the file's own path, not the symlink's
    assert skipped_line(found.skipped) == (
        "skipped 3: 3 files reached by a second path — nothing to do: each file was read once"
    )


def test_a_symlink_loop_is_walked_once(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.md").write_text("# Rule\n\nWarning shots are prohibited.\n", encoding="utf-8")
    os.symlink(folder, folder / "sub" / "back")
    found = discover([folder])
    assert found.files == (folder / "good.txt", folder / "sub" / "inner.md")
    assert "1 folder reached again through a symlink" in skipped_line(found.skipped)


def test_the_skipped_line_names_each_kind_with_a_remedy(folder: Path, tmp_path: Path) -> None:
    for name in ("a.rtf", "b.rtf", "scan.png", "notes"):
        (folder / name).write_bytes(b"x")
    (folder / ".hidden.txt").write_text(GOOD, encoding="utf-8")  # hidden files are not policies: not counted
    os.symlink(tmp_path / "missing.txt", folder / "broken.txt")
    found = discover([folder])
    line = skipped_line(found.skipped)
    assert found.files == (folder / "good.txt",)
    assert line == (
        "skipped 5: 4 unsupported files ((no suffix) 1, .png 1, .rtf 2) — convert them to PDF, Word, HTML, text or Markdown to "
        f"have them read; 1 broken symlink ({folder / 'broken.txt'}) — fix or remove the links"
    )
    assert "\n" not in line
    result = runner.invoke(app, ["scan", str(folder), "-f", "json", "--no-cache"])
    assert result.stderr.strip().splitlines()[-1] == f"policy-audit: {line}"  # the scan ends with it


def test_nothing_to_read_says_what_was_skipped(folder: Path) -> None:
    (folder / "good.txt").rename(folder / "good.rtf")
    result = runner.invoke(app, ["scan", str(folder)])
    assert result.exit_code == 2
    assert (
        "no .pdf, .docx, .html, .txt or .md files found in the given paths; skipped 1: 1 unsupported file (.rtf 1)"
        in result.stderr
    )
