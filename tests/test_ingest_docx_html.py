"""Word and web policies as a user meets them: files made in the test (python-docx, HTML text), scanned by the CLI.

The expected statuses are the ones LABELING.md gives the sentences written here; the line numbers are counted by
hand from the fixtures (a .docx line is its paragraph, table paragraphs counted; an .html line is the file's).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.ingest import SUPPORTED_SUFFIXES, load
from policy_audit.ingest.docx import roman_numeral

runner = CliRunner()


def _scan(*paths: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["scan", *map(str, paths), "-f", "json", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _results(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {result["item"]: result for result in document["results"]}


def word_policy(path: Path) -> Path:
    """A Word policy as a force writes one: heading styles, an automatically numbered list, a table."""
    document = docx.Document()
    document.add_heading("Use of Force Policy", level=0)  # paragraph 1 ('Title' style)
    document.add_heading("Prohibited techniques", level=1)  # 2
    document.add_paragraph("Officers shall not:")  # 3
    document.add_paragraph("use a chokehold or a carotid restraint;", style="List Number")  # 4
    document.add_paragraph("fire warning shots.", style="List Number")  # 5
    document.add_heading("Restraints", level=2)  # 6
    table = document.add_table(rows=2, cols=2)  # paragraphs 7-10, one per cell
    table.cell(0, 0).text, table.cell(0, 1).text = "Technique", "Status"
    table.cell(1, 0).text, table.cell(1, 1).text = "Hog-tying", "Prohibited"
    document.add_heading("Duty to intervene", level=1)  # 11
    document.add_paragraph("Officers should intervene when another officer uses excessive force.")  # 12
    document.add_paragraph("Precautions:", style="List Bullet")  # 13
    document.save(str(path))
    return path


def test_docx_headings_numbered_items_and_tables(tmp_path: Path) -> None:
    path = word_policy(tmp_path / "force.docx")
    lines = [(line.number, line.text) for line in load(path).lines if line.text]
    assert lines == [
        (1, "# Use of Force Policy"),
        (2, "# Prohibited techniques"),
        (3, "Officers shall not:"),
        (4, "1. use a chokehold or a carotid restraint;"),
        (5, "2. fire warning shots."),
        (6, "## Restraints"),
        (7, "Technique | Status."),
        (9, "Hog-tying | Prohibited."),
        (11, "# Duty to intervene"),
        (12, "Officers should intervene when another officer uses excessive force."),
        (13, "• Precautions:"),
    ]
    (document,) = _scan(path)["documents"]
    results = _results(document)
    assert results["warning-shots-banned"]["status"] == "met"
    evidence = results["warning-shots-banned"]["evidence"][0]
    assert (evidence["page"], evidence["line"], evidence["section"]) == (1, 5, "Prohibited techniques")
    assert evidence["lead"] == "Officers shall not:"  # the numbered item kept its lead-in
    assert results["chokehold-ban"]["status"] == "met"  # airway and vascular both named
    assert results["hog-tie-ban"]["status"] == "met"
    assert results["hog-tie-ban"]["evidence"][0]["section"] == "Restraints"
    assert results["duty-to-intervene"]["status"] == "partial"  # advisory wording
    assert results["duty-to-intervene"]["evidence"][0]["line"] == 12


def test_docx_that_is_not_a_word_file_is_unreadable_with_a_remedy(tmp_path: Path) -> None:
    fake = tmp_path / "policy.docx"
    fake.write_text("Warning shots are prohibited.\n", encoding="utf-8")  # a text file renamed
    good = word_policy(tmp_path / "good.docx")
    result = runner.invoke(app, ["scan", str(fake), str(good), "-f", "json", "--jobs", "1"])
    assert result.exit_code == 1
    documents = {document["path"]: document for document in json.loads(result.stdout)["documents"]}
    error = documents[str(fake)]["error"]
    assert "not a readable Word .docx file" in error and "save it as a Word document (.docx)" in error
    assert {entry["status"] for entry in documents[str(fake)]["results"]} == {"unreadable"}
    assert documents[str(good)]["error"] is None


PAGE = """<!DOCTYPE html>
<html><head><title>Policy</title>
<style>p { color: red }</style>
<script>var note = "Warning shots are authorized.";</script>
</head>
<body>
<nav><a href="/">Home</a> Chokeholds are an approved technique.</nav>
<h1>Use of Force</h1>
<h2>Prohibited techniques</h2>
<p>Officers shall not:</p>
<ol type="a">
<li>use a chokehold or a carotid restraint;</li>
<li>fire <b>warning</b>
shots.</li>
</ol>
<!-- Hog-tying is authorized. -->
<div hidden>Hog-tying is an approved restraint.</div>
<table>
<tr><th>Technique</th><th>Status</th></tr>
<tr><td>Hog-tying</td><td><p>Prohibited</p></td></tr>
</table>
<h2>Publication</h2>
<p>Questions? Call us.<br>This policy is published on the public website.</p>
</body></html>
"""


def test_html_blocks_lines_and_what_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "force.html"
    path.write_text(PAGE, encoding="utf-8")
    lines = [(line.number, line.text) for line in load(path).lines if line.text]
    assert lines == [
        (8, "# Use of Force"),
        (9, "## Prohibited techniques"),
        (10, "Officers shall not:"),
        (12, "a. use a chokehold or a carotid restraint;"),
        (13, "b. fire warning shots."),
        (19, "Technique | Status."),
        (20, "Hog-tying | Prohibited."),
        (22, "## Publication"),
        (23, "Questions? Call us."),
        (23, "This policy is published on the public website."),
    ]
    (document,) = _scan(path)["documents"]
    results = _results(document)
    # The script, the navigation, the comment and the hidden block would each contradict an item: none counts.
    assert {item: results[item]["status"] for item in ("warning-shots-banned", "chokehold-ban", "hog-tie-ban")} == {
        "warning-shots-banned": "met",
        "chokehold-ban": "met",
        "hog-tie-ban": "met",
    }
    assert results["warning-shots-banned"]["evidence"][0]["line"] == 13
    assert results["public-guidance"]["status"] == "met"
    assert results["public-guidance"]["evidence"][0]["section"] == "Publication"


def test_html_honours_a_declared_charset_and_list_attributes(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head><body>'
        '<ol start="3" type="i"><li>Officers shall not use \x93neck holds\x94.</li><li value="7">Second</li></ol>'
        "<ul><li>Bullet</li></ul></body></html>"
    )
    path = tmp_path / "legacy.htm"
    path.write_bytes(page.encode("latin-1"))
    texts = [line.text for line in load(path).lines if line.text]
    assert texts == ["iii. Officers shall not use “neck holds”.", "vii. Second", "• Bullet"]


def test_folder_scan_reads_word_and_web_policies(tmp_path: Path) -> None:
    word_policy(tmp_path / "a.docx")
    (tmp_path / "b.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.HTML").write_text(PAGE, encoding="utf-8")
    paths = [Path(document["path"]).name for document in _scan(tmp_path)["documents"]]
    assert paths == ["a.docx", "b.htm", "c.HTML"]
    assert {".docx", ".html", ".htm"} <= SUPPORTED_SUFFIXES


@pytest.mark.parametrize(("number", "numeral"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (1994, "MCMXCIV")])
def test_roman_numerals(number: int, numeral: str) -> None:
    assert roman_numeral(number) == numeral
