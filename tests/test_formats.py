"""Every format renders one small, real report byte for byte as its golden file, and each is read back by the
client its users feed it to: SARIF by jsonschema and the OASIS schema, JUnit by junitparser, CSV by the csv
module, Markdown by a CommonMark parser.

The report comes from scanning two tiny policies (written to tmp files, scanned with `audit_text` under fixed
names), one unreadable document, and one waived gap whose config sits in the scanned folder. What each item's
status must be was written down by hand from reading the two policies (EXPECTED, below, with the LABELING.md
rule that decides it); `test_the_report_is_what_a_reader_expects` holds the scan to it, so the golden files
cannot silently hold a wrong status in place. Each golden file was then read by hand against EXPECTED.

After an intended change to a format, rewrite the golden files, and read the diff by hand against EXPECTED:

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
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite
from typer.testing import CliRunner

from policy_audit import standards
from policy_audit.audit import audit_text
from policy_audit.cli import _format_for, app
from policy_audit.decide import unreadable
from policy_audit.formats import Format, RenderOptions, render
from policy_audit.formats.sarif import artifact_location
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
WAIVER_REASON = "new academy | curriculum under review"
GOLDEN_NAMES = {
    Format.TABLE: "report.txt",
    Format.JSON: "report.json",
    Format.MARKDOWN: "report.md",
    Format.SARIF: "report.sarif",
    Format.JUNIT: "report.junit.xml",
    Format.CSV: "report.csv",
    Format.HTML: "report.html",
    Format.GITHUB: "report.github.txt",
    Format.GITLAB: "report.gitlab.json",
}
# Written by hand from POLICY_A and POLICY_B (LABELING.md): (status, line of the deciding quote, its section).
EXPECTED: dict[str, dict[str, tuple[str, int | None, str | None]]] = {
    "policies/a.txt": {
        "warning-shots-banned": ("met", 3, "1. FIREARMS"),  # binding ban: "are prohibited"
        "duty-to-intervene": ("met", 11, "3. INTERVENTION"),  # binding duty: "shall intervene to stop it"
        "chokehold-ban": ("contradicted", 5, "2. RESTRAINTS & HOLDS"),  # "carotid restraint is an authorized …"
        "hog-tie-ban": ("met", 8, "2. RESTRAINTS & HOLDS"),  # lead-in "are forbidden:" + "(a) hog-tying"
        "public-guidance": ("missing", None, None),  # nothing on publication
        "training-pass-fail": ("missing", None, None),  # nothing on training (this gap is waived)
    },
    "policies/b.txt": {
        "warning-shots-banned": ("partial", 2, "General Order 7 <Conduct>"),  # advisory: "should avoid"
        "duty-to-intervene": ("missing", None, None),
        "chokehold-ban": ("missing", None, None),
        "hog-tie-ban": ("missing", None, None),
        "public-guidance": ("contradicted", 3, "General Order 7 <Conduct>"),  # "not for public release"
        "training-pass-fail": ("missing", None, None),
    },
    "policies/scan.pdf": dict.fromkeys(
        ("warning-shots-banned", "duty-to-intervene", "chokehold-ban", "hog-tie-ban", "public-guidance",
         "training-pass-fail"),
        ("unreadable", None, None),
    ),
}  # fmt: skip
TOTALS = {"met": 3, "partial": 1, "contradicted": 2, "missing": 6, "unreadable": 6, "waived": 1}
ITEMS = [
    "warning-shots-banned",
    "duty-to-intervene",
    "chokehold-ban",
    "hog-tie-ban",
    "public-guidance",
    "training-pass-fail",
]


def waiver(folder: Path) -> Waiver:
    """As config.py makes it for a policy-audit.toml found in `folder` (its origin is an absolute path:line)."""
    return Waiver(
        item="training-pass-fail",
        document="policies/a.txt",
        reason=WAIVER_REASON,
        expires=datetime.date(2027, 6, 30),
        origin=f"{folder / 'policy-audit.toml'}:9",
    )


def build_report(folder: Path) -> Report:
    core = standards.load("core")
    accepted = waiver(folder)
    scanned = []
    for name, text in (("a.txt", POLICY_A), ("b.txt", POLICY_B)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        scanned.append(audit_text(path.read_text(encoding="utf-8"), [core], name=f"policies/{name}"))
    first, second = scanned
    results = tuple(
        dataclasses.replace(result, waiver=accepted) if result.item == accepted.item else result
        for result in first.results
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
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the report's paths are relative to, outside any git repository: it is the root."""
    return tmp_path_factory.mktemp("workspace")


@pytest.fixture(scope="module")
def report(workspace: Path) -> Report:
    return build_report(workspace)


@pytest.fixture(autouse=True)
def _in_workspace(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)


def test_the_report_is_what_a_reader_expects(report: Report) -> None:
    found = {
        document.path: {
            result.item: (
                result.status.value,
                result.evidence[0].line if result.evidence else None,
                result.evidence[0].section if result.evidence else None,
            )
            for result in document.results
        }
        for document in report.documents
    }
    assert found == EXPECTED
    counts = report.counts()
    waived = sum(1 for document in report.documents for result in document.results if result.waiver)
    assert {**{key: counts[key] for key in TOTALS if key != "waived"}, "waived": waived} == TOTALS
    assert any("|" in e.quote for d in report.documents for r in d.results for e in r.evidence)


@pytest.mark.parametrize("fmt", list(GOLDEN_NAMES), ids=[fmt.value for fmt in GOLDEN_NAMES])
def test_golden(report: Report, fmt: Format, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = render(report, fmt)
    # A checklist's digest changes with every phrase added to it: the golden file holds a placeholder, and the
    # rendered digest must be the loaded checklist's own.
    text = _without_digests(rendered, report)
    if fmt is Format.JSON:
        assert all(standard.digest in rendered for standard in report.standards)
    golden = GOLDEN / GOLDEN_NAMES[fmt]
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden} missing: run UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_formats.py"
    assert text == golden.read_bytes().decode("utf-8"), f"{fmt.value} differs from {golden.name} (see module docstring)"
    monkeypatch.chdir(tmp_path)
    assert render(build_report(tmp_path), fmt) == rendered, "a second scan, elsewhere, must render the same bytes"


def _without_digests(text: str, report: Report) -> str:
    for standard in report.standards:
        text = text.replace(standard.digest, "<the checklist's sha256>")
    return text


@pytest.mark.parametrize("fmt", list(GOLDEN_NAMES), ids=[fmt.value for fmt in GOLDEN_NAMES])
def test_every_format_counts_or_marks_the_waiver(report: Report, fmt: Format, workspace: Path) -> None:
    """The waived gap shows in every format, with its reason, and where it was declared relative to the root."""
    text = render(report, fmt)
    assert str(workspace) not in text  # no absolute path, the waiver's origin included
    if fmt in (Format.TABLE, Format.MARKDOWN, Format.HTML, Format.GITHUB):
        assert "; 1 waived" in text  # the summary line
    if fmt not in (Format.GITLAB, Format.JUNIT, Format.HTML):
        assert "policy-audit.toml:9" in text, fmt
    reason = WAIVER_REASON.replace("|", "\\|") if fmt is Format.MARKDOWN else WAIVER_REASON
    assert reason in text


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
    assert driver["informationUri"].startswith("https://")
    assert all(rule["helpUri"].startswith("https://") for rule in rules)
    assert rules[0]["helpUri"].endswith("/standards/cti-6.1.yaml")  # core's items are defined in cti-6.1
    assert set(run["originalUriBaseIds"]) == {"%SRCROOT%"}
    assert run["properties"]["summary"]["waived"] == 1
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("policies/")
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
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
    assert suppression["justification"] == f"{WAIVER_REASON} (expires 2027-06-30) [policy-audit.toml:9]"

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


def test_artifact_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = {"uriBaseId": "%SRCROOT%"}
    assert artifact_location("./policies/a b.txt", tmp_path) == {"uri": "policies/a%20b.txt", **root}
    assert artifact_location(str(tmp_path / "sub" / "c.pdf"), tmp_path) == {"uri": "sub/c.pdf", **root}
    assert artifact_location("policies\\d.txt", tmp_path) == {"uri": "policies/d.txt", **root}
    outside = tmp_path.parent / "elsewhere.txt"
    assert artifact_location(str(outside), tmp_path) == {"uri": outside.resolve().as_uri()}


# JUnit ---------------------------------------------------------------------------------------------------------


def test_junit_as_junitparser_reads_it(report: Report) -> None:
    text = render(report, Format.JUNIT)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    xml = JUnitXml.fromstring(text.encode("utf-8"))
    assert isinstance(xml, JUnitXml)
    suites = list(xml)
    assert [suite.name for suite in suites] == [document.path for document in report.documents]
    expected = {
        "policies/a.txt": {"tests": 6, "failures": 2, "errors": 0, "skipped": 1},
        "policies/b.txt": {"tests": 6, "failures": 6, "errors": 0, "skipped": 0},
        "policies/scan.pdf": {"tests": 6, "failures": 0, "errors": 6, "skipped": 0},
    }
    for suite in suites:
        assert isinstance(suite, TestSuite)
        cases = list(suite)
        kinds = [type(outcome) for case in cases for outcome in case.result]
        counted = {
            "tests": len(cases),
            "failures": kinds.count(Failure),
            "errors": kinds.count(Error),
            "skipped": kinds.count(Skipped),
        }
        assert counted == expected[suite.name]
        assert (suite.tests, suite.failures, suite.errors, suite.skipped) == tuple(counted.values())
        assert [(case.classname, case.name) for case in cases] == [("core", item) for item in ITEMS]
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (18, 8, 6, 1)
    b_cases = {case.name: case for case in suites[1]}
    (failure,) = b_cases["public-guidance"].result
    assert isinstance(failure, Failure) and failure.type == "contradicted"
    assert "This policy is not for public release." in (failure.text or "")
    assert "published on the force's public website" in (failure.text or "")  # the model language
    (skipped,) = {case.name: case for case in suites[0]}["training-pass-fail"].result
    assert isinstance(skipped, Skipped)
    assert skipped.message == f"waived: {WAIVER_REASON} (expires 2027-06-30) [policy-audit.toml:9]"


def test_junit_drops_xml_illegal_characters(report: Report) -> None:
    document = report.documents[1]
    results = tuple(
        dataclasses.replace(r, evidence=tuple(dataclasses.replace(e, quote=e.quote + "\x0c\x01") for e in r.evidence))
        for r in document.results
    )
    text = render(Report((dataclasses.replace(document, results=results),), report.standards), Format.JUNIT)
    JUnitXml.fromstring(text.encode("utf-8"))


# CSV -----------------------------------------------------------------------------------------------------------


def test_csv_matrix(report: Report) -> None:
    text = render(report, Format.CSV)
    assert text.count("\r\n") == text.count("\n") == 4  # RFC 4180 rows
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == ["document", "error", "waived", *(f"core:{item}" for item in ITEMS)]
    rows = list(reader)
    assert [row["document"] for row in rows] == [document.path for document in report.documents]
    for row in rows:
        assert {item: row[f"core:{item}"] for item in ITEMS} == {
            item: status for item, (status, _line, _section) in EXPECTED[row["document"]].items()
        }
    assert rows[0]["error"] == "" and rows[2]["error"] == UNREADABLE_ERROR
    assert rows[0]["waived"] == f"core:training-pass-fail: {WAIVER_REASON} (expires 2027-06-30) [policy-audit.toml:9]"
    assert rows[1]["waived"] == rows[2]["waived"] == ""


def hostile_report(report: Report) -> Report:
    """The first document again, under a name and with text an attacker chose."""
    document = report.documents[0]
    evidence = dataclasses.replace(
        document.results[0].evidence[0],
        quote="\x1b]8;;https://evil.example\x07Click\x1b]8;;\x07 \x1b[2J\x1b[31mWarning shots are prohibited.\x1b[0m "
        "[details](javascript:alert(1)) ![](http://evil.example/pixel.png) <img src=x>",
        section='=HYPERLINK("http://evil.example")',
    )
    first = dataclasses.replace(document.results[0], evidence=(evidence,))
    return dataclasses.replace(
        report,
        documents=(
            dataclasses.replace(document, path="=cmd|' /C calc'!A0\rnext.txt", results=(first, *document.results[1:])),
            dataclasses.replace(report.documents[1], path="+policy.txt"),
            dataclasses.replace(report.documents[2], path="@scan.pdf", error="-2+3 \t cannot read"),
        ),
    )


def test_csv_cells_cannot_run_as_formulas_and_rows_stay_whole(report: Report) -> None:
    text = render(hostile_report(report), Format.CSV)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 4  # the CR inside a name did not split its row
    assert [row[0] for row in rows[1:]] == ["'=cmd|' /C calc'!A0\rnext.txt", "'+policy.txt", "'@scan.pdf"]
    assert rows[3][1].startswith("'-2+3")
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


def test_terminal_table_strips_escape_sequences(report: Report) -> None:
    for color in (False, True):
        text = render(hostile_report(report), Format.TABLE, RenderOptions(color=color, width=160))
        assert "\x1b]" not in text and "\x07" not in text and "\x1b[2J" not in text
        assert "\r" not in text
        assert "Click" in text and "Warning shots are prohibited." in text
        if color:  # only the table's own colours remain: SGR sequences
            assert set(re.findall(r"\x1b\[[0-9;]*([A-Za-z])", text)) == {"m"}
        else:
            assert "\x1b" not in text


def test_markdown_quotes_cannot_form_links_images_or_html(report: Report) -> None:
    from markdown_it import MarkdownIt

    text = render(hostile_report(report), Format.MARKDOWN)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    inline = [child for token in tokens for child in token.children or []]
    kinds = {token.type for token in inline}
    assert not kinds & {"link_open", "image"}, kinds
    assert {token.content for token in inline if token.type == "html_inline"} == {"<br>"}  # ours, in table cells
    assert not {token.type for token in tokens} & {"html_block"}
    assert "Warning shots are prohibited." in text
    assert "javascript:alert(1)" in text  # shown as text, not followed


# HTML ----------------------------------------------------------------------------------------------------------


def test_html_is_self_contained_and_reads_without_colour(report: Report) -> None:
    text = render(report, Format.HTML)
    assert text.startswith("<!DOCTYPE html>")
    assert "http://" not in text and "https://" not in text
    for reference in ("<link", "src=", "url(", "@import", "<iframe", "<img", "fetch(", "XMLHttpRequest"):
        assert reference not in text.lower()
    assert text.count("<script>") == 1  # the inline sorting and filtering
    for status in Status:
        assert f">{status.symbol}</a>" in text  # a cell's symbol: the status reads without colour
    assert "Warning shots are prohibited." in text
    assert "General Order 7 &lt;Conduct&gt;" in text and "<Conduct>" not in text
    assert 'Form UF-1 | "Intervention")' in text  # in its evidence panel
    assert 'title="policies/a.txt (1 page)"' in text  # the full path on hover
    assert f"waived: {WAIVER_REASON} (expires 2027-06-30)" in text
    assert UNREADABLE_ERROR in text
    assert text.count('<td class="cell') == 3 * 6 and text.count('<article class="ev"') == 3 * 6
    for anchor in re.findall(r'href="#(e\d+-\d+)"', text):
        assert f'id="{anchor}"' in text


def test_html_quiet_drops_the_suggested_wording(report: Report) -> None:
    assert "Suggested wording" in render(report, Format.HTML)
    assert "Suggested wording" not in render(report, Format.HTML, RenderOptions(quiet=True))


def test_html_short_names_tell_documents_apart() -> None:
    from policy_audit.formats.html import short_names

    paths = ["/srv/a/force/policy.pdf", "/srv/b/force/policy.pdf", "/srv/c/other.pdf", "x.txt"]
    assert short_names(paths) == ["a/force/policy.pdf", "b/force/policy.pdf", "other.pdf", "x.txt"]


# Markdown ------------------------------------------------------------------------------------------------------


def test_markdown_tables_escape_pipes_and_keep_their_shape(report: Report) -> None:
    text = render(report, Format.MARKDOWN)
    assert text.splitlines()[2].startswith("**Summary: 3 documents (1 unreadable);")
    assert 'Form UF-1 \\| "Intervention"' in text
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert len(rows) == 2 * (2 + 6)  # two readable documents: header, rule, six items
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 6, row
    escaped = WAIVER_REASON.replace("|", "\\|")
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
    assert JUnitXml.fromfile(str(tmp_path / "out.xml")).tests == 6
    assert result.stderr.splitlines() == [
        "policy-audit: wrote out.sarif (sarif)",
        "policy-audit: wrote out.json (json)",
        "policy-audit: wrote out.xml (junit)",
        "policy-audit: 1 document; 3 met, 1 contradicted, 2 missing",
    ]


def test_cli_markdown_and_csv_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _scan_folder(tmp_path, monkeypatch)
    result = runner.invoke(app, ["scan", "policies/a.txt", "-f", "markdown"])
    assert "| item | status |" in result.stdout
    result = runner.invoke(app, ["scan", "policies/a.txt", "-f", "csv"])
    assert result.stdout.splitlines()[1].startswith("policies/a.txt,,,met,met,contradicted,met,missing,missing")


def test_cli_infers_the_format_from_a_single_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _scan_folder(tmp_path, monkeypatch)
    runner.invoke(app, ["scan", "policies/a.txt", "--output", "report.sarif"])
    assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_cli_infers_formats_from_several_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _scan_folder(tmp_path, monkeypatch)
    runner.invoke(app, ["scan", "policies/a.txt", "-o", "report.sarif", "-o", "report.md", "-o", "report.csv"])
    assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("## policy-audit")
    assert (tmp_path / "report.csv").read_text(encoding="utf-8").startswith("document,error,waived,")


def test_cli_waiver_from_a_config_shows_in_json_csv_and_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a user meets it: a policy-audit.toml in the repository, found from a sub-folder, waives one gap."""
    (tmp_path / ".git").mkdir()  # the repository root
    _scan_folder(tmp_path, monkeypatch)
    config = 'standards = ["core"]\n\n[[waiver]]\nitem = "public-guidance"\ndocument = "policies/a.txt"\n'
    config += 'reason = "publication scheme due"\nexpires = 2099-01-31\n'
    (tmp_path / "policy-audit.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "policies")
    arguments = ["scan", "a.txt", "-o", "out.json", "-o", "out.csv", "-o", "out.sarif", "--fail-on", "contradicted"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1, result.output  # the chokehold item is still contradicted
    assert result.stderr.splitlines()[-1] == "policy-audit: 1 document; 3 met, 1 contradicted, 2 missing; 1 waived"
    data = json.loads((tmp_path / "policies" / "out.json").read_text(encoding="utf-8"))
    (waived,) = [entry for entry in data["documents"][0]["results"] if "waiver" in entry]
    assert waived["item"] == "public-guidance"
    assert waived["waiver"] == {
        "reason": "publication scheme due",
        "expires": "2099-01-31",
        "declared_at": "policy-audit.toml:3",
    }
    assert data["summary"]["waived"] == 1
    with (tmp_path / "policies" / "out.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert (
        rows[0]["waived"] == "core:public-guidance: publication scheme due (expires 2099-01-31) [policy-audit.toml:3]"
    )
    sarif = json.loads((tmp_path / "policies" / "out.sarif").read_text(encoding="utf-8"))
    Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    locations = {
        json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"], sort_keys=True)
        for r in sarif["runs"][0]["results"]
    }
    assert locations == {json.dumps({"uri": "policies/a.txt", "uriBaseId": "%SRCROOT%"}, sort_keys=True)}
    (suppressed,) = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert suppressed["suppressions"][0]["justification"].endswith("[policy-audit.toml:3]")


def test_cli_sarif_from_an_absolute_path_is_relative_to_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    _scan_folder(tmp_path, monkeypatch)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    runner.invoke(app, ["scan", str(tmp_path / "policies" / "a.txt"), "-o", "out.sarif"])
    text = (tmp_path / "sub" / "out.sarif").read_text(encoding="utf-8")
    assert "file://" not in text and str(tmp_path) not in text
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(text)["runs"][0]["results"]
    }
    assert uris == {"policies/a.txt"}
