"""The file formats (markdown, SARIF, JUnit, CSV, HTML) render one small, real report byte for byte the same.

The report comes from scanning two tiny policies (written to tmp files, scanned with `audit_text` under fixed
names), one unreadable document, and one waived gap. Each format is compared with its golden file in
tests/golden/ and then checked for structure (SARIF against the OASIS schema in tests/assets/).

After an intended change to a format (or to what the scan finds), rewrite the golden files and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_formats.py
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from typer.testing import CliRunner

from policy_audit import standards
from policy_audit.audit import audit_text
from policy_audit.cli import _format_for, app
from policy_audit.decide import unreadable
from policy_audit.formats import Format, RenderOptions, render
from policy_audit.formats.sarif import artifact_uri
from policy_audit.models import DocumentReport, Report, Status, Waiver

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SARIF_SCHEMA = HERE / "assets" / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

POLICY_A = """USE OF FORCE POLICY
1. FIREARMS
Warning shots are prohibited.
2. RESTRAINTS & HOLDS
The carotid restraint is an authorized control technique.

The following practices are forbidden:
(a) hog-tying a prisoner;
(b) transporting a prisoner face down.
3. INTERVENTION
An officer who observes another officer use excessive force shall intervene to stop it (see Form UF-1 | "Intervention").
"""
POLICY_B = """General Order 7 <Conduct>
Officers should avoid firing warning shots.
This policy is not for public release.
"""
UNREADABLE_ERROR = (
    "policies/scan.pdf: no text layer (a scanned image PDF) — run OCR first (e.g. `ocrmypdf in.pdf out.pdf`)"
)
WAIVER = Waiver(
    item="training-pass-fail",
    document="policies/a.txt",
    reason="new academy | curriculum under review",
    expires=datetime.date(2027, 6, 30),
)
GOLDEN_NAMES = {
    Format.TABLE: "report.txt",
    Format.JSON: "report.json",
    Format.MARKDOWN: "report.md",
    Format.SARIF: "report.sarif",
    Format.JUNIT: "report.junit.xml",
    Format.CSV: "report.csv",
    Format.HTML: "report.html",
}
ITEMS = [
    "warning-shots-banned",
    "duty-to-intervene",
    "chokehold-ban",
    "hog-tie-ban",
    "public-guidance",
    "training-pass-fail",
]


def build_report(folder: Path) -> Report:
    core = standards.load("core")
    scanned = []
    for name, text in (("a.txt", POLICY_A), ("b.txt", POLICY_B)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        scanned.append(audit_text(path.read_text(encoding="utf-8"), [core], name=f"policies/{name}"))
    first, second = scanned
    results = tuple(
        dataclasses.replace(result, waiver=WAIVER) if result.item == WAIVER.item else result for result in first.results
    )
    first = dataclasses.replace(first, results=results)
    scan = DocumentReport(
        path="policies/scan.pdf",
        sha256="",
        pages=0,
        results=unreadable(core, "no text layer (a scanned image PDF)"),
        error=UNREADABLE_ERROR,
    )
    return Report((first, second, scan), (core,))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return build_report(tmp_path_factory.mktemp("policies"))


def test_the_report_holds_every_case(report: Report) -> None:
    """The golden files are only worth something if the report has every status, a quote with `|`, a waiver."""
    statuses = {result.status for document in report.documents for result in document.results}
    assert statuses == set(Status)
    assert sum(1 for document in report.documents for result in document.results if result.waiver) == 1
    assert any("|" in e.quote for d in report.documents for r in d.results for e in r.evidence)


@pytest.mark.parametrize("fmt", list(GOLDEN_NAMES), ids=[fmt.value for fmt in GOLDEN_NAMES])
def test_golden(report: Report, fmt: Format, tmp_path: Path) -> None:
    text = render(report, fmt)
    golden = GOLDEN / GOLDEN_NAMES[fmt]
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden} missing: run UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_formats.py"
    assert text == golden.read_text(encoding="utf-8"), f"{fmt.value} differs from {golden.name} (see module docstring)"
    assert render(build_report(tmp_path), fmt) == text, "a second scan must render the same bytes"


# SARIF ---------------------------------------------------------------------------------------------------------


def _sarif(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(report, Format.SARIF))
    return data


def test_sarif_is_valid_against_the_oasis_schema(report: Report) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    errors = sorted(Draft7Validator(schema).iter_errors(_sarif(report)), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(error.path)}: {error.message}" for error in errors)


def test_sarif_rules_results_and_suppressions(report: Report) -> None:
    data = _sarif(report)
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and data["version"] == "2.1.0"
    (run,) = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "policy-audit" and driver["version"]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == [f"core/{item}" for item in ITEMS] + ["policy-audit/unreadable"]
    chokehold = rules[ITEMS.index("chokehold-ban")]
    assert chokehold["name"] == "ChokeholdBan"
    assert chokehold["shortDescription"]["text"] == "Chokeholds and all neck restraints banned"
    assert "carotid or vascular neck restraints" in chokehold["help"]["text"]
    assert "carotid or vascular neck restraints" in chokehold["help"]["markdown"]
    assert chokehold["properties"] == {"tags": ["core", "ban"], "precision": "high"}
    assert all(rule["defaultConfiguration"]["level"] == "error" for rule in rules)

    results = run["results"]
    gaps = sum(1 for d in report.documents if not d.error for r in d.results if r.status is not Status.MET)
    assert len(results) == gaps + 1  # + one for the unreadable document
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("policies/")
        assert physical["region"]["startLine"] >= 1
        assert "\\" not in physical["artifactLocation"]["uri"]
    levels = {
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r["level"] for r in results
    }
    assert levels[("policies/a.txt", "core/chokehold-ban")] == "error"
    assert levels[("policies/b.txt", "core/warning-shots-banned")] == "warning"
    assert levels[("policies/b.txt", "core/duty-to-intervene")] == "error"
    assert levels[("policies/scan.pdf", "policy-audit/unreadable")] == "error"
    assert ("policies/a.txt", "core/warning-shots-banned") not in levels  # met: no result

    contradicted = next(r for r in results if r["ruleId"] == "core/chokehold-ban")
    assert contradicted["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert "The carotid restraint is an authorized control technique." in contradicted["message"]["text"]
    assert "contradicted" in contradicted["message"]["text"]

    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["core/training-pass-fail"]
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert WAIVER.reason in suppression["justification"] and "2027-06-30" in suppression["justification"]

    fingerprints = [r["partialFingerprints"]["policyAudit/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_fingerprint_ignores_line_moves_and_pdf_pages_go_in_properties(report: Report) -> None:
    document = report.documents[1]
    moved = tuple(
        dataclasses.replace(r, evidence=tuple(dataclasses.replace(e, line=e.line + 7, page=2) for e in r.evidence))
        for r in document.results
    )
    pdf = dataclasses.replace(document, path="policies/b.pdf", results=moved)
    before = {r["ruleId"]: r for r in _sarif(Report((document,), report.standards))["runs"][0]["results"]}
    after = {r["ruleId"]: r for r in _sarif(Report((pdf,), report.standards))["runs"][0]["results"]}
    rule = "core/public-guidance"
    region = after[rule]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3 + 7, "properties": {"page": 2}}
    assert after[rule]["properties"]["page"] == 2
    renamed = dataclasses.replace(document, results=moved)
    again = {r["ruleId"]: r for r in _sarif(Report((renamed,), report.standards))["runs"][0]["results"]}
    assert again[rule]["partialFingerprints"] == before[rule]["partialFingerprints"]
    assert after[rule]["partialFingerprints"] != before[rule]["partialFingerprints"]  # another path


def test_artifact_uri(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert artifact_uri("./policies/a b.txt") == "policies/a%20b.txt"
    assert artifact_uri(str(tmp_path / "sub" / "c.pdf")) == "sub/c.pdf"
    assert artifact_uri("policies\\d.txt") == "policies/d.txt"
    outside = tmp_path.parent / "elsewhere.txt"
    assert artifact_uri(str(outside)) == outside.resolve().as_uri()


# JUnit ---------------------------------------------------------------------------------------------------------


def test_junit_counts(report: Report) -> None:
    text = render(report, Format.JUNIT)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [document.path for document in report.documents]
    expected = {
        "policies/a.txt": {"tests": 6, "failures": 2, "errors": 0, "skipped": 1},
        "policies/b.txt": {"tests": 6, "failures": 6, "errors": 0, "skipped": 0},
        "policies/scan.pdf": {"tests": 6, "failures": 0, "errors": 6, "skipped": 0},
    }
    for suite in suites:
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(1 for case in cases if case.find("failure") is not None),
            "errors": sum(1 for case in cases if case.find("error") is not None),
            "skipped": sum(1 for case in cases if case.find("skipped") is not None),
        }
        assert counted == expected[suite.get("name", "")]
        assert {key: int(suite.get(key, "-1")) for key in counted} == counted
        assert [(case.get("classname"), case.get("name")) for case in cases] == [("core", item) for item in ITEMS]
    for key in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(key, "-1")) == sum(int(suite.get(key, "0")) for suite in suites)
    failure = root.find("./testsuite[@name='policies/b.txt']/testcase[@name='public-guidance']/failure")
    assert failure is not None and failure.get("type") == "contradicted"
    assert "This policy is not for public release." in (failure.text or "")
    assert "published on the force's public website" in (failure.text or "")  # the model language
    skipped = root.find("./testsuite[@name='policies/a.txt']/testcase[@name='training-pass-fail']/skipped")
    assert skipped is not None
    assert skipped.get("message") == f"waived: {WAIVER.reason} (expires 2027-06-30)"


def test_junit_drops_xml_illegal_characters(report: Report) -> None:
    document = report.documents[1]
    results = tuple(
        dataclasses.replace(r, evidence=tuple(dataclasses.replace(e, quote=e.quote + "\x0c\x01") for e in r.evidence))
        for r in document.results
    )
    text = render(Report((dataclasses.replace(document, results=results),), report.standards), Format.JUNIT)
    ET.fromstring(text.encode("utf-8"))


# CSV -----------------------------------------------------------------------------------------------------------


def test_csv_matrix(report: Report) -> None:
    text = render(report, Format.CSV)
    assert "\r" not in text
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == ["document", "error", *(f"core:{item}" for item in ITEMS)]
    rows = list(reader)
    assert [row["document"] for row in rows] == [document.path for document in report.documents]
    assert rows[0]["error"] == "" and rows[0]["core:chokehold-ban"] == "contradicted"
    assert rows[0]["core:warning-shots-banned"] == "met" and rows[1]["core:warning-shots-banned"] == "partial"
    assert rows[2]["error"] == UNREADABLE_ERROR
    assert {rows[2][f"core:{item}"] for item in ITEMS} == {"unreadable"}
    assert all(value in {status.value for status in Status} for row in rows for key, value in row.items() if ":" in key)


# HTML ----------------------------------------------------------------------------------------------------------


def test_html_is_self_contained_and_reads_without_colour(report: Report) -> None:
    text = render(report, Format.HTML)
    assert text.startswith("<!DOCTYPE html>")
    assert "http://" not in text and "https://" not in text
    for reference in ("<link", "<script", "src=", "url(", "@import", "<iframe", "<img"):
        assert reference not in text.lower()
    for status in Status:
        assert f"{status.symbol} {status.value}" in text
    assert "Warning shots are prohibited." in text
    assert "General Order 7 &lt;Conduct&gt;" in text and "<Conduct>" not in text
    assert "&quot;Intervention&quot;" in text  # inside a title attribute
    assert f"waived: {WAIVER.reason} (expires 2027-06-30)" in text
    assert "<details>" in text and 'title="' in text
    assert UNREADABLE_ERROR in text
    assert text.count("<tr>") == 2 + len(report.documents)  # two header rows, one per document


def test_html_quiet_drops_the_suggested_wording(report: Report) -> None:
    assert "Suggested wording" in render(report, Format.HTML)
    assert "Suggested wording" not in render(report, Format.HTML, RenderOptions(quiet=True))


# Markdown ------------------------------------------------------------------------------------------------------


def test_markdown_tables_escape_pipes_and_keep_their_shape(report: Report) -> None:
    text = render(report, Format.MARKDOWN)
    assert text.splitlines()[2].startswith("**Summary: 3 documents (1 unreadable);")
    assert 'Form UF-1 \\| "Intervention"' in text
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert len(rows) == 2 * (2 + 6)  # two readable documents: header, rule, six items
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 6, row
    escaped = WAIVER.reason.replace("|", "\\|")
    assert f"waived: {escaped} (expires 2027-06-30)" in text
    assert "### Errors\n\n- policies/scan.pdf: no text layer" in text
    assert "General Order 7 &lt;Conduct>" in text
    assert "- **chokehold-ban**: Officers shall not use chokeholds" in text


def test_markdown_quiet_drops_the_model_language(report: Report) -> None:
    text = render(report, Format.MARKDOWN, RenderOptions(quiet=True))
    assert "Suggested wording" not in text and "Officers shall not use chokeholds" not in text


# CLI -----------------------------------------------------------------------------------------------------------

runner = CliRunner()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("out.sarif", Format.SARIF),
        ("out.json", Format.JSON),
        ("out.xml", Format.JUNIT),
        ("out.csv", Format.CSV),
        ("out.html", Format.HTML),
        ("out.htm", Format.HTML),
        ("out.md", Format.MARKDOWN),
        ("OUT.MD", Format.MARKDOWN),
        ("out.txt", Format.TABLE),
        ("out", Format.TABLE),
    ],
)
def test_format_for_suffix(name: str, fmt: Format) -> None:
    assert _format_for(Path(name)) is fmt


def _scan_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "a.txt").write_text(POLICY_A, encoding="utf-8")


def test_cli_writes_several_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _scan_folder(tmp_path, monkeypatch)
    arguments = ["scan", "policies/a.txt", "--format", "sarif", "--output", "out.sarif"]
    arguments += ["--format", "json", "--output", "out.json", "-f", "junit", "-o", "out.xml"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1, result.output  # gaps
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator(schema).validate(sarif)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"policies/a.txt"}
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["schema_version"] == 1
    assert ET.fromstring((tmp_path / "out.xml").read_bytes()).tag == "testsuites"


def test_cli_markdown_and_csv_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _scan_folder(tmp_path, monkeypatch)
    result = runner.invoke(app, ["scan", "policies/a.txt", "-f", "markdown"])
    assert "| item | status |" in result.stdout
    result = runner.invoke(app, ["scan", "policies/a.txt", "-f", "csv"])
    assert result.stdout.splitlines()[1].startswith("policies/a.txt,,met,met,contradicted,met,missing,missing")


def test_cli_infers_the_format_from_a_single_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _scan_folder(tmp_path, monkeypatch)
    runner.invoke(app, ["scan", "policies/a.txt", "--output", "report.sarif"])
    assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_cli_infers_formats_from_several_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _scan_folder(tmp_path, monkeypatch)
    runner.invoke(app, ["scan", "policies/a.txt", "-o", "report.sarif", "-o", "report.md", "-o", "report.csv"])
    assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("## policy-audit")
    assert (tmp_path / "report.csv").read_text(encoding="utf-8").startswith("document,error,")
