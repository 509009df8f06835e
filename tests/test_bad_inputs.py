"""A folder of every kind of bad input beside two good policies: two results, one named error per bad file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import build_pdf, image_only_pdf
from typer.testing import CliRunner

from policy_audit.cli import app

runner = CliRunner()
GOOD = "Warning shots are prohibited. Chokeholds and carotid restraints are prohibited.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "policies"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    build_pdf(root / "good.pdf", [["Warning shots are prohibited."], ["Hog-tying is prohibited."]])
    (root / "latin1.txt").write_bytes(
        "Les tirs de semonce sont interdits. Warning shots are prohibited. \xe9\xe8".encode("latin-1")
    )
    build_pdf(root / "encrypted.pdf", [["Warning shots are prohibited."]], encrypt_password="secret")
    whole = (root / "good.pdf").read_bytes()
    (root / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    (root / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    (root / "empty.txt").write_bytes(b"")
    image_only_pdf(root / "scanned.pdf")
    (root / "scanned.png").unlink()
    (root / "cid.txt").write_text(" ".join(f"(cid:{n % 90})" for n in range(500)), encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (root / "loop").mkdir()
    os.symlink(root / "loop", root / "loop" / "again")
    return root


EXPECTED_ERRORS = {
    "encrypted.pdf": "--password",
    "truncated.pdf": "corrupt or truncated PDF",
    "corrupt.pdf": "corrupt or truncated PDF",
    "empty.txt": "empty file",
    "scanned.pdf": "ocrmypdf",
    "cid.txt": "(cid:NN)",
    "binary.txt": "binary data",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_bad_file_named_once_and_good_ones_audited(folder: Path, jobs: str) -> None:
    result = runner.invoke(app, ["scan", str(folder), "-f", "json", "--jobs", jobs, "--no-cache"])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 1  # gaps and errors, but documents were read: never 0, never 2
    data = json.loads(result.stdout)
    by_name = {Path(document["path"]).name: document for document in data["documents"]}
    for name in ("good.txt", "good.pdf", "latin1.txt"):
        assert by_name[name]["error"] is None, by_name[name]["error"]
        statuses = {entry["item"]: entry["status"] for entry in by_name[name]["results"]}
        assert statuses["warning-shots-banned"] == "met"
    for name, message in EXPECTED_ERRORS.items():
        error = by_name[name]["error"]
        assert error and message in error and name in error and " — " in error, (name, error)
        assert {entry["status"] for entry in by_name[name]["results"]} == {"unreadable"}
    assert not any("loop" in path for path in by_name)  # a symlink loop is no document: it is skipped, and said
    assert result.stderr.count("skipped 1: 1 folder reached again through a symlink") == 1


def test_password_opens_the_encrypted_pdf(folder: Path) -> None:
    result = runner.invoke(app, ["scan", str(folder / "encrypted.pdf"), "--password", "secret", "-f", "json"])
    document = json.loads(result.stdout)["documents"][0]
    assert document["error"] is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_permissions(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 2 and "permission denied" in result.stderr


def test_a_document_over_its_time_limit_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 40000, encoding="utf-8")
    (tmp_path / "small.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["scan", str(tmp_path), "--timeout", "0.05", "-f", "json", "-j", "1", "--no-cache"])
    by_name = {Path(d["path"]).name: d for d in json.loads(result.stdout)["documents"]}
    assert "timed out after 0.05 s" in by_name["big.txt"]["error"]
    assert by_name["small.txt"]["error"] is None


def test_standards_file_that_is_not_yaml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\n  items: [\n", encoding="utf-8")
    (tmp_path / "p.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["scan", str(tmp_path / "p.txt"), "--standard", str(broken)])
    assert result.exit_code == 2 and "not valid YAML" in result.stderr and "broken.yaml:" in result.stderr


def test_partly_scanned_pdf_is_read_with_a_note(tmp_path: Path) -> None:
    from fpdf import FPDF

    image = image_only_pdf(tmp_path / "scan.pdf").with_suffix(".png")
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 8, "Warning shots are prohibited.")
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=80)
    pdf.output(str(tmp_path / "mixed.pdf"))
    result = runner.invoke(app, ["scan", str(tmp_path / "mixed.pdf"), "-f", "json"])
    document = json.loads(result.stdout)["documents"][0]
    assert document["error"] is None and "page(s) 2 have no text layer" in document["notes"][0]


@pytest.mark.parametrize("to_file", [True, False])
def test_when_no_file_can_be_read_each_is_named_once(folder: Path, tmp_path: Path, to_file: bool) -> None:
    bad = [folder / "empty.txt", folder / "cid.txt"]
    output = ["-o", str(tmp_path / "report.json")] if to_file else []
    result = runner.invoke(app, ["scan", *map(str, bad), "-f", "json", "--no-cache", *output])
    assert result.exit_code == 2
    assert [result.stderr.count(f"{path}:") for path in bad] == [1, 1]
    assert result.stderr.rstrip().endswith("no document could be read")
