"""Property-based tests: no exception, stable output, and every quote found at its stated page and line."""

from __future__ import annotations

import random
from pathlib import Path

from conftest import build_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_audit import standards
from policy_audit.errors import PolicyAuditError
from policy_audit.ingest import load
from policy_audit.ingest.clean import rejoin_hyphenated
from policy_audit.models import Document, Line
from policy_audit.read.pipeline import read
from policy_audit.segment import segment
from policy_audit.segment.redline import without_struck_text

CORE = standards.load("core")
FRAGMENTS = [
    "Warning shots are prohibited.",
    "Officers shall intervene",
    "except where deadly force is authorized",
    "The carotid restraint may be used",
    "(a)",
    "1.",
    "4.01",
    "IV.",
    "300.4 PROHIBITED TECHNIQUES",
    ":",
    ";",
    "however",
    "should",
    "hog-tie",
    "Hog-",
    "tying",
    "chokeho1ds",
    "....... 12",
    "DEFINITIONS",
    "Chokehold - a hold",
    "not for public release",
    "including but not limited to",
    "\n",
    "\n\n",
    "  ",
    "Officers who fail the qualification",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=40).map(" ".join)


def _document(text: str) -> Document:
    lines = tuple(Line(raw, 1, number) for number, raw in enumerate(text.split("\n"), start=1))
    return Document("fuzz.txt", "", 1, rejoin_hyphenated(lines))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_segment_and_audit_never_fail_and_are_stable(text: str) -> None:
    from policy_audit.audit import audit_document

    document = _document(text)
    first = audit_document(document, [CORE])
    second = audit_document(document, [CORE])
    assert [(r.item, r.status, r.evidence) for r in first.results] == [
        (r.item, r.status, r.evidence) for r in second.results
    ]
    assert segment(document) == segment(document)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_evidence_is_a_substring_of_the_document_at_its_line(text: str) -> None:
    from policy_audit.audit import audit_document

    document = _document(text)
    # A redline is quoted as it reads ("Officers ~~should~~ ++shall++ intervene" as "Officers shall intervene"): the
    # quote is looked for in the lines with their redline marks resolved, which leaves any other text as it is.
    read_lines = without_struck_text(document.lines)
    for result in audit_document(document, [CORE]).results:
        for evidence in result.evidence:
            following = [line.text for line in read_lines if line.page == evidence.page and line.number >= evidence.line]
            window = " ".join(" ".join(following).split())
            assert " ".join(evidence.quote.split()) in window


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=20))
def test_reader_never_fails(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    reading = read(text, start, min(len(text), start + length), lead=text[:20])
    assert reading.reading is not None


def test_mutated_pdfs_never_raise_anything_but_a_clear_error(tmp_path: Path) -> None:
    original = build_pdf(
        tmp_path / "seed.pdf", [["1. PROHIBITED", "Warning shots are prohibited."], ["Officers shall intervene."]]
    ).read_bytes()
    generator = random.Random(20261121)
    for attempt in range(40):
        data = bytearray(original)
        for _ in range(generator.randint(1, 12)):
            position = generator.randrange(len(data))
            action = generator.random()
            if action < 0.6:
                data[position] = generator.randrange(256)
            elif action < 0.8:
                del data[position : position + generator.randint(1, 64)]
            else:
                data[position:position] = bytes(generator.randrange(256) for _ in range(generator.randint(1, 32)))
        path = tmp_path / f"mutant{attempt}.pdf"
        path.write_bytes(bytes(data))
        try:
            load(path)
        except PolicyAuditError as error:
            assert str(path) in error.line() and "\n" not in error.line()
