"""The Python API as a notebook uses it: `policy_audit.scan(...)` and `Report.records()` (rows for pandas)."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from conftest import SAMPLES

import policy_audit
from policy_audit.errors import PolicyAuditError
from policy_audit.models import Waiver

FIELDS = ["document", "standard", "item", "status", "quote", "page", "line", "section", "waiver"]


def test_scan_a_file_and_a_folder_into_rows(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "a.txt").write_text("Warning shots are prohibited.\nOfficers should avoid chokeholds.\n")
    (folder / "notes.py").write_text("print('not a policy')\n")
    report = policy_audit.scan([folder, str(SAMPLES / "cedar-falls-pd-general-order-1-01.txt")], cache=False)
    assert isinstance(report, policy_audit.Report)
    rows = report.records()
    assert len(rows) == 2 * 6  # documents × core items
    assert all(list(row) == FIELDS for row in rows)
    first = {row["item"]: row for row in rows if row["document"] == str(folder / "a.txt")}
    assert first["warning-shots-banned"] == {
        "document": str(folder / "a.txt"),
        "standard": "core",
        "item": "warning-shots-banned",
        "status": "met",
        "quote": "Warning shots are prohibited.",
        "page": 1,
        "line": 1,
        "section": "",
        "waiver": None,
    }
    assert first["chokehold-ban"]["status"] == "partial" and first["chokehold-ban"]["line"] == 2
    assert first["hog-tie-ban"] | {"document": ""} == {
        **dict.fromkeys(FIELDS),
        "document": "",
        "standard": "core",
        "item": "hog-tie-ban",
        "status": "missing",
    }


def test_scan_takes_several_standards_and_one_path(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("Warning shots are prohibited.\n")
    report = policy_audit.scan(path, standards=["core", "8-cant-wait"], jobs=1, cache=False)
    assert {row["standard"] for row in report.records()} == {"core", "8-cant-wait"}
    assert len(report.records()) == 6 + 8


def test_rows_carry_the_waiver_reason(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("Warning shots are prohibited.\n")
    report = policy_audit.scan(path, cache=False, jobs=1)
    waiver = Waiver("hog-tie-ban", "*", "board review", datetime.date(2030, 1, 1))
    document = report.documents[0]
    results = tuple(dataclasses.replace(r, waiver=waiver) if r.item == "hog-tie-ban" else r for r in document.results)
    waived = dataclasses.replace(report, documents=(dataclasses.replace(document, results=results),))
    assert {row["item"]: row["waiver"] for row in waived.records()}["hog-tie-ban"] == "board review"


def test_unreadable_and_missing_paths_are_rows_not_exceptions(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    report = policy_audit.scan([tmp_path / "empty.txt", tmp_path / "nowhere.pdf"], cache=False, jobs=1)
    assert {row["status"] for row in report.records()} == {"unreadable"}
    assert [document.error for document in report.documents][1].startswith(str(tmp_path / "empty.txt"))


@pytest.mark.parametrize(
    ("paths", "standards", "message"),
    [("{tmp}", ["nope"], "unknown standard id"), ("{tmp}", ["core"], "no .pdf, .docx, .html, .txt or .md files")],
)
def test_errors_are_one_line_policy_audit_errors(
    tmp_path: Path, paths: str, standards: list[str], message: str
) -> None:
    with pytest.raises(PolicyAuditError, match=message):
        policy_audit.scan(paths.format(tmp=tmp_path), standards=standards, cache=False)
