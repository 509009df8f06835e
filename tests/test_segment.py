"""Segment: numbering starts clauses, headings set sections, lists carry their lead-in, non-normative parts flagged."""

from __future__ import annotations

from policy_audit.models import Clause, Document, Line
from policy_audit.segment import segment


def _clauses(text: str) -> tuple[Clause, ...]:
    lines = tuple(Line(raw, 1, number) for number, raw in enumerate(text.split("\n"), start=1))
    return segment(Document("t.txt", "", 1, lines))


def _find(clauses: tuple[Clause, ...], fragment: str) -> Clause:
    return next(clause for clause in clauses if fragment in clause.text and not clause.heading)


def test_numbering_styles_start_clauses_and_headings_set_sections() -> None:
    clauses = _clauses(
        "300.4 PROHIBITED TECHNIQUES\n"
        "(a) Warning shots are prohibited.\n"
        "(b) Chokeholds are prohibited.\n"
        "4.01 Officers shall report force.\n"
        "IV. PROCEDURES\n"
        "1. Supervisors shall review reports.\n"
        "2. Reports are kept for five years."
    )
    warning = _find(clauses, "Warning shots")
    assert (warning.line, warning.section) == (2, "300.4 PROHIBITED TECHNIQUES")
    assert _find(clauses, "Chokeholds").line == 3
    assert _find(clauses, "Supervisors").section == "IV. PROCEDURES"
    assert _find(clauses, "five years").line == 7


def test_sentences_keep_the_line_they_start_on() -> None:
    clauses = _clauses("Officers shall act lawfully. Warning shots\nare prohibited. Chokeholds are banned.")
    assert _find(clauses, "Warning shots").line == 1
    assert _find(clauses, "Chokeholds").line == 2


def test_list_items_carry_their_lead_in() -> None:
    clauses = _clauses(
        "The following practices are strictly forbidden:\na. Firing into crowds.\nb. Firing warning shots."
    )
    item = _find(clauses, "warning shots")
    assert item.lead == "The following practices are strictly forbidden:"


def test_orphaned_list_above_its_heading_is_reattached() -> None:
    clauses = _clauses(
        "a. Firing into crowds.\nb. Firing warning shots.\n\n5.4.1 PROHIBITIONS\nThe following practices are strictly forbidden:\n"
    )
    assert _find(clauses, "warning shots").lead == "The following practices are strictly forbidden:"


def test_table_of_contents_and_definitions_are_non_normative() -> None:
    clauses = _clauses(
        "TABLE OF CONTENTS\n"
        "5. Chokeholds ............ 4\n"
        "1. DEFINITIONS\n"
        "Chokehold - a hold that restricts the airway.\n"
        "2. PROCEDURES\n"
        "Officers shall not use chokeholds."
    )
    assert not _find(clauses, "............").normative
    assert not _find(clauses, "restricts the airway").normative
    assert _find(clauses, "shall not use").normative


def test_markdown_headings_are_sections() -> None:
    clauses = _clauses("## 5. Restraints\n\nHog-tying is prohibited.")
    assert _find(clauses, "Hog-tying").section == "5. Restraints"


def test_a_sibling_of_a_lead_in_does_not_hang_from_it() -> None:
    """'5. … for the following reasons:' opens a sub-list; '6.' and '7.' are its siblings, not its items."""
    text = (
        "5. Officers may fire for the following reasons:\n"
        "a. At a range.\n"
        "b. To stop a threat ONLY when:\n"
        "1) Other means failed; and\n"
        "2) A warning was given.\n"
        "6. The firearm shall be fired for effect.\n"
        "7. The firearm shall not be fired to warn.\n"
    )
    clauses = segment(Document("x", "", 1, tuple(Line(raw, 1, n) for n, raw in enumerate(text.split("\n"), 1))))
    leads = {clause.text[:2]: clause.lead for clause in clauses}
    assert leads["a."].startswith("5. Officers may fire") and leads["1)"].endswith("ONLY when:")
    assert leads["6."] == "" and leads["7."] == ""


def test_sentence_ends_are_found_where_the_lookbehind_definition_finds_them() -> None:
    """The sentence-end pattern matches the stop itself (faster to search for); the gap it reports must be the
    one a stop-lookbehind pattern finds, on random text of stops, quotes, brackets, spaces and capitals."""
    import random
    import re

    from policy_audit.segment.sentences import _SENTENCE_END

    definition = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice('a.!? "”’)(“A1\n') for _ in range(rng.randint(0, 25)))
        expected = [(match.start(), match.end()) for match in definition.finditer(text)]
        assert [(match.start(1), match.end()) for match in _SENTENCE_END.finditer(text)] == expected, text


def test_a_quotation_keeps_its_stops_inside_the_sentence() -> None:
    clauses = _clauses('Officers shall shout "Stop! Police!" and then wait. Officers shall report it.')
    texts = [clause.text for clause in clauses if not clause.heading]
    assert texts == ['Officers shall shout "Stop! Police!" and then wait.', "Officers shall report it."]
    unclosed = _clauses('He said "Stop. Officers shall report it.')
    assert len([clause for clause in unclosed if not clause.heading]) == 2, "a quotation never closed splits as usual"


def test_a_year_ends_a_sentence() -> None:
    clauses = [clause.text for clause in _clauses("The hold was withdrawn in 2021. It is prohibited.")]
    assert clauses == ["The hold was withdrawn in 2021.", "It is prohibited."]
