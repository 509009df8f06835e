"""JUnit XML for CI dashboards: a test suite per document, a test case per checklist item.

A gap is a <failure> (type = its status), an unreadable document's items are <error>s, a waived gap is
<skipped>. No timestamps or durations, so the same report gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from policy_audit.formats import RenderOptions
from policy_audit.formats.common import clean, is_gap, one_line, place, quote, repository_root, waiver_text
from policy_audit.models import DocumentReport, Report, Result, Status


def render(report: Report, options: RenderOptions) -> str:
    root = ET.Element("testsuites", {"name": "policy-audit"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    base = options.root or repository_root()
    for document in report.documents:
        suite = _suite(document, options, base)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(document: DocumentReport, options: RenderOptions, root: Path) -> ET.Element:
    suite = ET.Element("testsuite", {"name": clean(document.path)})
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if document.sha256 or document.pages:
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", {"name": "pages", "value": str(document.pages)})
        if document.sha256:
            ET.SubElement(properties, "property", {"name": "sha256", "value": document.sha256})
    for result in document.results:
        counts["tests"] += 1
        case = ET.SubElement(suite, "testcase", {"classname": clean(result.standard), "name": clean(result.item)})
        if not is_gap(result):
            continue
        if result.waiver is not None:
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", {"message": waiver_text(result.waiver, root)})
        elif result.status is Status.UNREADABLE:
            counts["errors"] += 1
            element = ET.SubElement(case, "error", {"message": _message(document, result), "type": "unreadable"})
            element.text = clean(document.error or result.reason)
        else:
            counts["failures"] += 1
            element = ET.SubElement(
                case, "failure", {"message": _message(document, result), "type": result.status.value}
            )
            element.text = _details(result, options)
    if document.error:
        ET.SubElement(suite, "system-err").text = clean(document.error)
    attributes = {key: str(value) for key, value in counts.items()}
    suite.attrib.update(attributes)
    return suite


def _message(document: DocumentReport, result: Result) -> str:
    reason = document.error if result.status is Status.UNREADABLE and document.error else result.reason
    return f"{result.status.value}: {one_line(reason)}"


def _details(result: Result, options: RenderOptions) -> str:
    lines = [f"{result.title}: {result.status.value} — {one_line(result.reason)}"]
    for evidence in result.evidence:
        where = f"{place(evidence)}, {one_line(evidence.section)}" if evidence.section else place(evidence)
        lines.append(f"“{quote(evidence, None)}” ({where})")
    if result.model_language and not options.quiet:
        lines.append(f"Suggested wording: {one_line(result.model_language)}")
    return "\n".join(lines)
