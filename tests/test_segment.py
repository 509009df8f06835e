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


def test_checkbox_items_are_items_each() -> None:
    """A checklist's boxes ("[ ]", "[x]", "☐") mark items as bullets do: each box is a clause of its own."""
    clauses = _clauses(
        "RESTRAINT CHECKLIST\n"
        "  [ ] Double-lock the handcuffs.\n"
        "  [x] Leg restraints connected to handcuffs? -> Not permitted.\n"
        "  ☐ Never leave a restrained person prone."
    )
    assert [clause.line for clause in clauses if not clause.heading] == [2, 3, 4]
    assert _find(clauses, "Leg restraints").text.startswith("[x] Leg restraints")


def test_a_forms_question_with_boxes_to_tick_asks_and_lays_down_no_rule() -> None:
    clauses = _clauses(
        "SECTION 5 - FIREARMS\n"
        "5.2 Warning given prior to discharge? [ ]Yes [ ]No [ ]N/A (Record only.)\n"
        "5.3 Officers shall give a verbal warning before firing, where feasible."
    )
    assert _find(clauses, "prior to discharge").role == "question"
    assert _find(clauses, "shall give a verbal warning").role == "rule"


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


def test_a_repealed_provision_is_out_of_force_and_its_replacement_in_force() -> None:
    clauses = _clauses(
        "7. EMPTY-HAND CONTROL\n"
        "7.2 Strikes may be used to overcome active aggression.\n"
        "7.3 Neck restraint. Employees may apply the carotid restraint to control an aggressive person.\n"
        "7.4 Escort holds may be used on passive resisters.\n\n"
        "MEMORANDUM\n"
        "Section 7.3 (Neck Restraint) is rescinded in its entirety. Section 7.3 shall now read:\n"
        "7.3 No employee shall apply any neck restraint."
    )
    assert not _find(clauses, "may apply the carotid").normative
    assert _find(clauses, "may apply the carotid").role == "citation"
    assert _find(clauses, "No employee shall").normative
    assert _find(clauses, "Strikes may").normative and _find(clauses, "Escort holds").normative


def test_an_amendment_that_rescinds_a_named_division_takes_its_lettered_items_out_and_brings_the_substitute_in() -> None:
    clauses = _clauses(
        "SECTION IV - RESPONSE TO RESISTANCE CONTINUUM\n\n"
        "A. Deputies shall select a response from the following continuum.\n\n"
        "SECTION V - LESS-LETHAL FORCE\n\n"
        "C. Taser. The Taser may be used at Level 4.\n\n"
        "D. Carotid Restraint. The carotid restraint may be applied at Level 4.\n\n"
        "AMENDMENT NO. 1\n\n"
        "1. Section IV (Response to Resistance Continuum) is RESCINDED in its entirety.\n\n"
        '3. Section V.D (Carotid Restraint) is RESCINDED. The following is substituted: "D. Neck Restraints. '
        'Deputies shall not use the carotid restraint."\n'
    )
    assert _find(clauses, "select a response").role == "citation"
    assert _find(clauses, "may be applied at Level 4").role == "citation"
    assert _find(clauses, "Taser may be used").normative, "V.C is not rescinded"
    assert _find(clauses, "shall not use the carotid").normative


def test_a_provision_marked_rescinded_is_out_of_force_up_to_its_mark() -> None:
    clauses = _clauses(
        "5.3 Carotid restraint. Officers may use the carotid restraint. Officers shall release it promptly. "
        "[Rescinded - see Memorandum 4.]\n"
        "5.4 Officers shall not hog-tie any person."
    )
    assert not _find(clauses, "may use the carotid").normative
    assert _find(clauses, "hog-tie").normative


def test_the_items_of_a_list_of_repealed_provisions_are_citations() -> None:
    clauses = _clauses(
        "1.1 The following provisions of General Order 6 are repealed in their entirety:\n\n"
        "(a) Subsection 5.3(f), which listed the carotid technique among approved control techniques; and\n\n"
        "(b) Subsection 6.4(c), which permitted warning shots.\n\n"
        "1.2 The following are prohibited:\n\n"
        "(a) neck restraints."
    )
    assert not _find(clauses, "carotid").normative
    assert not _find(clauses, "permitted warning shots").normative
    assert _find(clauses, "neck restraints").normative


def test_a_sentence_repealing_what_its_subject_describes_is_a_citation() -> None:
    clauses = _clauses(
        "* Section 7(c) of the 2017 order, which listed the carotid restraint as an approved control technique, "
        "is repealed.\n"
        "* The carotid restraint is no longer an approved technique, and officers shall not use it."
    )
    assert not _find(clauses, "listed the carotid").normative
    assert _find(clauses, "no longer an approved").normative


def test_a_repeal_in_another_document_leaves_this_ones_provision_in_force() -> None:
    clauses = _clauses(
        "4.2 Officers may use the carotid restraint only where deadly force is authorized.\n"
        "4.3 Section 4.2 of General Order 12 is repealed."
    )
    assert _find(clauses, "carotid").normative


def test_old_text_quoted_in_a_historical_note_is_a_citation() -> None:
    clauses = _clauses(
        "5.3 A member must not fire a warning shot.\n\n"
        '[Historical note - former 5.3 read: "A member may fire a warning shot into a safe backstop."]\n\n'
        '5.4 Officers shall report every discharge. [Note - former 5.4 read: "Officers may report."]\n\n'
        '[Note - former 1.4 (repealed by Amendment No. 2): "This Instruction is classified PROTECTED. It must not '
        'be released."]'
    )
    assert _find(clauses, "must not fire").normative
    assert _find(clauses, "may fire a warning shot").role == "citation"
    assert _find(clauses, "report every discharge").normative  # a rule with a note after it in its paragraph
    assert all(not clause.normative for clause in clauses if "PROTECTED" in clause.text or "released" in clause.text)


def test_the_items_of_a_definition_of_authorized_techniques_authorize_them() -> None:
    clauses = _clauses(
        "3. DEFINITIONS\n"
        '"Authorized control technique" means a technique listed below, namely:\n'
        "(a) joint locks;\n"
        "(b) the vascular neck restraint.\n\n"
        '"Chokehold" means a hold that applies pressure to the throat.\n'
        "4. PROCEDURES\n"
        "Officers shall report force."
    )
    assert _find(clauses, "vascular neck restraint").normative
    assert not _find(clauses, "pressure to the throat").normative


def test_a_permission_given_to_officers_under_a_definition_rules_but_a_descriptive_may_does_not() -> None:
    clauses = _clauses(
        "3. DEFINITIONS\n"
        "Warning shot - a discharge away from any person. A deputy may fire a warning shot to stop a fleeing felon.\n"
        "Chokehold - a hold that may restrict the airway.\n"
        "4. PROCEDURES\n"
        "Officers shall report force."
    )
    assert _find(clauses, "A deputy may fire").normative
    assert not _find(clauses, "may restrict the airway").normative


def test_a_list_run_on_in_one_sentence_is_split_under_its_lead_in() -> None:
    clauses = _clauses(
        "The following are prohibited: (a) warning shots; (b) shooting at a moving vehicle; and (c) shooting to "
        "disable a vehicle's tires."
    )
    items = [clause for clause in clauses if clause.lead == "The following are prohibited:"]
    assert [item.text for item in items] == [
        "(a) warning shots",
        "(b) shooting at a moving vehicle",
        "(c) shooting to disable a vehicle's tires.",
    ]


def test_alternatives_and_colons_that_open_no_list_stay_one_sentence() -> None:
    for text in (
        "Deadly force is authorized: (a) in self-defense; (b) in defense of another; or (c) to arrest a fleeing "
        "felon, where all other means have been exhausted.",
        "Note: a. this is not a list.",
        "Briefing starts at 5:30 p.m. daily.",
    ):
        assert [clause.text for clause in _clauses(text)] == [text]


def test_an_editors_note_after_a_heading_and_a_code_section_titled_in_sentence_case_are_headings() -> None:
    clauses = _clauses(
        "300.4.2 NECK RESTRAINTS [LOCAL - substituted for model section 300.4.2]\n"
        "Deputies shall not use a chokehold.\n"
        "\n"
        "Sec. 2-120. Publication of department policy.\n"
        "\n"
        "(a) The chief shall publish the policy.\n"
        "\n"
        "Section 4. Warning shots are prohibited.\n"
    )
    assert _find(clauses, "chokehold").section.startswith("300.4.2 NECK RESTRAINTS")
    assert _find(clauses, "The chief shall publish").section == "Sec. 2-120. Publication of department policy."
    assert _find(clauses, "Warning shots are prohibited").role == "rule", "a sentence is no code section's title"


def test_a_tables_caption_hands_the_lead_in_on_to_its_rows() -> None:
    clauses = _clauses(
        "5.4 The following restraint configurations are approved for use:\n"
        "\n"
        "Table 1 -- Approved restraint configurations\n"
        "\n"
        "| Config. | Description |\n"
        "\n"
        "| R4 | Leg strap tethered to the handcuff chain |\n"
    )
    assert _find(clauses, "| Config.").lead == "5.4 The following restraint configurations are approved for use:"


def test_a_lead_in_closed_by_a_full_stop_hands_on_to_the_list_after_its_paragraph() -> None:
    clauses = _clauses(
        "PART C - PROHIBITED PRACTICES\n"
        "\n"
        "The following are prohibited. No supervisor may authorize them.\n"
        "\n"
        "  C-1  Neck restraints of any kind (see A-2).\n"
        "  C-2  Hog-tying (see A-3).\n"
    )
    assert _find(clauses, "Neck restraints").lead == "The following are prohibited."
    assert _find(clauses, "Hog-tying").lead == "The following are prohibited."


def test_a_lead_in_cut_off_without_its_colon_hands_on_to_its_list() -> None:
    clauses = _clauses(
        "(2) A written report shall always be made, before the end of the shift, when\n"
        "    a) handcuffs have been used on a person who was not arrested;\n"
        "    c) a firearm has been drawn and pointed at a person.\n"
    )
    lead = "(2) A written report shall always be made, before the end of the shift, when"
    assert _find(clauses, "pointed at a person").lead == lead


def test_a_policy_quoted_at_length_is_read_sentence_by_sentence() -> None:
    clauses = _clauses(
        'Read aloud - Policy 4.02.10: "Officers shall not shoot at or into a moving vehicle unless an occupant '
        'is using deadly force by other means. Officers shall move out of the path of a vehicle."'
    )
    texts = [clause.text for clause in clauses if not clause.heading]
    assert len(texts) == 2 and texts[1] == 'Officers shall move out of the path of a vehicle."'


def test_a_paragraph_after_a_marked_list_is_no_item_of_its_lead_in() -> None:
    clauses = _clauses(
        "An offender must not be shot:\n"
        " - without first being called on to surrender; and\n"
        " - until it is clear that there is no other way.\n"
        "\n"
        "Firing warning shots is strongly discouraged.\n"
    )
    assert _find(clauses, "surrender").lead == "An offender must not be shot:"
    assert _find(clauses, "Firing warning shots").lead == ""


def test_an_faq_question_is_a_question_and_its_bare_answer_hangs_from_it() -> None:
    clauses = _clauses('Q: Does the Department use a "use-of-force continuum" or "ladder"?\n\nA: No.\n')
    assert _find(clauses, "Does the Department").role == "question"
    assert _find(clauses, "A: No.").lead.startswith("Q: Does the Department")


def test_a_myth_is_quoted_to_be_refuted_and_its_fact_is_a_rule() -> None:
    clauses = _clauses('MYTH:  "Warning shots are allowed in rural areas."\nFACT:  No. Section 8.3 has no exception.\n')
    assert _find(clauses, "MYTH").role == "myth"
    assert _find(clauses, "Section 8.3").role == "rule"


def test_a_repeal_note_in_brackets_is_history_until_its_bracket_closes() -> None:
    clauses = _clauses(
        "§ 5-112. [Repealed by Amendment 2020-1. Former § 5-112, \"Warning shots - authorized\n"
        "circumstances,\" is of no effect.]\n\n§ 5-113. Duty to intervene.\nA member shall intervene.\n"
    )
    assert _find(clauses, "is of no effect").role == "citation"
    assert _find(clauses, "A member shall intervene").role == "rule"


def test_a_repeal_of_a_hyphenated_number_or_of_an_older_edition_takes_out_no_provision_of_this_one() -> None:
    clauses = _clauses(
        "6.08 WARNING SHOTS\nAn officer may fire a warning shot to halt a fleeing felon.\n\n"
        "6.15 REPEALED RULES\nFormer Rule 6-12 of the 1994 Rules (Blackjacks) is repealed.\n"
        "Section 6 of the 1994 Rules is repealed.\n"
    )
    assert _find(clauses, "may fire a warning shot").role == "rule"


def test_each_row_set_with_dot_leaders_is_a_clause_of_its_own() -> None:
    clauses = _clauses(
        "2020-01  Prohibit warning shots ............ Declined\n"
        "2020-02  Remove the exception for the carotid hold .. Implemented 2023\n"
    )
    assert "carotid" not in _find(clauses, "Prohibit warning shots").text
    assert _find(clauses, "carotid").text.startswith("2020-02")


def test_a_numbered_section_whose_short_title_ends_with_a_stop_is_a_heading() -> None:
    clauses = _clauses(
        "PART C\n\nC.2 Authorized configurations.\n\n| Configuration | Description |\n\nC.3 Officers shall log it.\n"
    )
    assert _find(clauses, "| Configuration").section == "C.2 Authorized configurations."


def test_a_repeal_mark_takes_out_only_its_own_lettered_item_under_a_roman_heading() -> None:
    clauses = _clauses(
        "IV. FORCE OPTIONS\n\n"
        "1. Officers shall use only reasonable force.\n\n"
        "V. DEADLY FORCE\n\n"
        "A. Deadly force is a last resort. Members may use deadly force only when all alternatives are exhausted.\n\n"
        "E. [Rescinded.] Former Item V.E was rescinded. Warning shots are prohibited.\n"
    )
    assert _find(clauses, "Members may use deadly force").normative, "no stale number from the division above"
    assert _find(clauses, "Warning shots are prohibited").normative


def test_a_header_field_naming_other_documents_is_a_citation() -> None:
    clauses = _clauses(
        "NUMBER:        5.01\n"
        'RESCINDS:      GO 5.01 (2020); GO 5.02, "Force Continuum" (2009)\n'
        "SUPERSEDES:    Directive 12, Warning Shots\n"
        "Related Policies: 306 Restraints, 310 Firearms\n"
        "AUTHORITY:     Chief of Police\n\n"
        "I. POLICY\n"
        "Officers shall report every use of force."
    )
    roles = {_find(clauses, word).role for word in ("Force Continuum", "Warning Shots", "306 Restraints")}
    assert roles == {"citation"}
    assert not _find(clauses, "Force Continuum").normative
    assert _find(clauses, "report every use").normative


def test_the_ninth_lettered_item_continues_its_list() -> None:
    clauses = _clauses(
        "Supervisors shall be notified in any of the following circumstances:\n"
        "(g) The person was rendered unconscious.\n"
        "(h) A person was struck or kicked.\n"
        "(i) An officer pointed a firearm at a person.\n"
    )
    assert _find(clauses, "pointed a firearm").lead == _find(clauses, "struck or kicked").lead != ""


def test_a_numbered_caption_is_not_a_definition() -> None:
    clauses = _clauses("Table 1 - Force Options by Resistance Level: Level 1 - presence; Level 2 - soft control.")
    assert _find(clauses, "Force Options").role == "rule"


def test_the_rows_of_a_table_of_rescinded_provisions_are_citations() -> None:
    clauses = _clauses(
        "The following provisions of the 2011 order are rescinded and no longer have any effect:\n\n"
        "| Former Section | Former provision | Status |\n\n"  # rows a drawn table became (ingest/clean.py)
        "| IV.C | Neck restraint permitted for certified officers | RESCINDED |\n\n"
        "| VI.F | Warning shot permitted to summon assistance | RESCINDED |\n\n"
        "Officers shall not fire warning shots."
    )
    assert {_find(clauses, text).role for text in ("Neck restraint", "Warning shot permitted")} == {"citation"}
    assert _find(clauses, "shall not fire").normative


def test_every_row_of_a_table_under_a_lead_in_carries_it_except_a_row_answered_no() -> None:
    clauses = _clauses(
        "B. The following table governs what is reportable:\n\n"
        "| Action | Reportable? |\n\n"
        "| Handcuffing a compliant person | No |\n\n"
        "| Pointing a firearm at a person | Yes |\n\n"
        "| OC spray or CEW application | Yes |"
    )
    lead = "B. The following table governs what is reportable:"
    assert _find(clauses, "Pointing a firearm").lead == lead
    assert _find(clauses, "OC spray").lead == lead
    assert _find(clauses, "Handcuffing").lead == ""


def test_a_caption_that_rules_is_the_lead_in_of_its_rows_but_not_of_a_row_answered_no() -> None:
    clauses = _clauses(
        "TABLE B - APPROVED RESTRAINT CONFIGURATIONS\n\n"
        "| Row | Configuration | Use |\n\n"
        "| 3 | Hobble strap connected to the handcuff chain | Continued kicking |\n\n"
        "| 4 | Neck restraint (any) | NO |\n\n"
        "Table 1. Strikes to the head are authorized only at Level 4.\n\n"
        "B. Neck holds are prohibited."
    )
    assert _find(clauses, "Hobble strap").lead == "TABLE B - APPROVED RESTRAINT CONFIGURATIONS"
    assert _find(clauses, "Neck restraint (any)").lead == ""
    assert _find(clauses, "Neck holds").lead == ""  # a sentence opening "Table 1." is no caption


def test_a_run_in_title_is_a_title_and_a_sentence_after_a_marker_is_not() -> None:
    clauses = _clauses(
        "C. Continuum. The linear continuum of the 2009 order is discontinued.\n\n"
        "D. The Department discourages hog-tying. Officers shall use the transport procedure.\n\n"
        "E. Warning shots prohibited. No member shall fire one."
    )
    assert _find(clauses, "C. Continuum").role == "title"
    assert _find(clauses, "The linear continuum").role == "rule"
    assert _find(clauses, "discourages hog-tying").role == "rule"
    assert _find(clauses, "Warning shots prohibited").role == "rule"


def test_a_signature_field_after_the_footnotes_leads_no_list() -> None:
    clauses = _clauses(
        "A summary of this order is available on request.\n\n"
        "(1) See Lesson Plan DT-07, Neck Restraint Risks.\n"
        "(2) See Graham v. Connor, 490 U.S. 386.\n\n"
        "Approved:\n"
        "Chief of Police"
    )
    assert _find(clauses, "Lesson Plan").lead == ""


def test_a_banner_in_capitals_is_not_continued_by_the_sentence_under_it() -> None:
    clauses = _clauses(
        "LAW ENFORCEMENT SENSITIVE -- FOR INTERNAL TRAINING USE ONLY -- NOT FOR PUBLIC RELEASE\n"
        "Do not post or copy this bulletin outside the agency.\n"
        "OFFICERS SHALL NOT USE CHOKEHOLDS OR NECK RESTRAINTS OF ANY KIND EXCEPT WHERE DEADLY FORCE IS\n"
        "authorized by law."
    )
    assert _find(clauses, "NOT FOR PUBLIC RELEASE").text.endswith("PUBLIC RELEASE")
    assert _find(clauses, "Do not post").line == 2
    assert _find(clauses, "CHOKEHOLDS").text.endswith("IS authorized by law.")  # a sentence going on in lower case


def test_bullets_of_another_shape_are_a_nested_list_under_their_lead_in() -> None:
    clauses = _clauses(
        "- Officers will complete a report for any use of force, including:\n"
        "    * any use of a weapon;\n"
        "    * pointing a firearm at a person.\n"
        "- Officers will notify a supervisor.\n"
        ">> Callouts set off with arrows are items of their own."
    )
    assert _find(clauses, "pointing a firearm").lead.endswith("including:")
    assert not _find(clauses, "notify a supervisor").lead
    assert _find(clauses, "Callouts").line == 5


def test_numbered_entries_right_under_a_contents_title_are_contents() -> None:
    clauses = _clauses(
        "CONTENTS\n"
        "29-01  Interpretation\n"
        "29-02  Warning shots\n"
        "29-03  Principles governing the use of force\n"
        "\n"
        "29-01  Interpretation\n"
        "In this Chapter, officer means a police officer.\n"
        "\n"
        "29-02  Warning shots\n"
        "Officers should not fire warning shots."
    )
    entries = [clause for clause in clauses if clause.role == "contents"]
    assert [clause.line for clause in entries] == [1, 2, 3, 4]
    assert _find(clauses, "officer means").section == "29-01 Interpretation"
    assert _find(clauses, "should not fire").role == "rule"


def test_new_text_an_amendment_substitutes_is_in_force_and_takes_no_rule_from_the_old_text_it_follows() -> None:
    clauses = _clauses(
        "Delete paragraph 4(c), which currently reads:\n"
        "\n"
        '   "(c) Warning shots may be fired when the officer believes a suspect will stop."\n'
        "\n"
        "and substitute the following:\n"
        "\n"
        '   "(c) Warning shots. Officers shall not discharge a firearm as a warning.\n'
        '   This applies on and off duty."\n'
        "\n"
        '"Officers shall intervene to stop excessive force." is RESCINDED in its entirety, effective immediately.'
    )
    assert _find(clauses, "may be fired").role == "citation"
    new = _find(clauses, "shall not discharge")
    assert (new.role, new.lead) == ("rule", "")
    assert _find(clauses, "on and off duty").role == "rule"
    assert _find(clauses, "RESCINDED").role == "citation"


def test_a_number_ends_a_sentence_after_running_words_but_numbers_one_that_opens_it() -> None:
    clauses = _clauses(
        "Copies are kept at the Records Office, Annex Building, Floor 2. Parts of the security plan are restricted.\n"
        "Section 4. Officers shall report force.\n"
        "Chokeholds ....... PROHIBITED -- except where deadly force is authorized"
    )
    assert _find(clauses, "Records Office").text.endswith("Floor 2.")
    assert _find(clauses, "security plan").text == "Parts of the security plan are restricted."
    assert _find(clauses, "Officers shall report").text == "Section 4. Officers shall report force."
    assert "PROHIBITED" in _find(clauses, "Chokeholds").text


def test_a_roman_sub_list_under_a_lettered_item_keeps_its_lead_in_on_every_item() -> None:
    clauses = _clauses(
        "A. A member shall report every use of force, including:\n"
        "   i.   any physical force beyond unresisted handcuffing;\n"
        "   ii.  pointing a firearm at a person;\n"
        "   iii. any discharge of a firearm.\n"
        "B. The supervisor shall review the report.\n"
        "(g) Item seven.\n"
        "(h) Item eight.\n"
        "(i) Item nine."
    )
    lead = "A. A member shall report every use of force, including:"
    assert [_find(clauses, text).lead for text in ("physical force", "pointing", "discharge")] == [lead] * 3
    assert _find(clauses, "pointing").text == "ii. pointing a firearm at a person;"
    assert _find(clauses, "supervisor shall review").lead == ""


def test_a_list_after_a_dash_is_no_definition() -> None:
    clauses = _clauses(
        "Use of firearms - (i) imminent threat to life; (ii) other means exhausted or unavailable.\n"
        "\n"
        "Deadly force - preconditions: (1) an imminent threat; (2) a verbal warning given, where practicable.\n"
        "\n"
        "Carotid restraint - a hold that compresses the sides of the neck."
    )
    assert _find(clauses, "other means exhausted").role == "rule"
    assert _find(clauses, "verbal warning").role == "rule"
    assert _find(clauses, "compresses").role == "definition"


def test_a_redline_keeps_the_added_wording_and_drops_the_deleted() -> None:
    clauses = _clauses(
        "C. Warning shots. [deleted: Warning shots may be fired when\n"
        "deadly force is justified.] [added: Warning shots are prohibited.]\n"
        "D. Officers ~~should~~ ++shall++ intervene. [-Hobbles may be tied to handcuffs.-] {+No hog-tie.+}\n"
        "E. <<STRUCK: The carotid hold is authorized.>> <del>LVNR allowed.</del> <ins>Neck holds banned.</ins>\n"
        "[-] 9. DUTY TO REPORT [- Collapse all]"
    )
    texts = " ".join(clause.text for clause in clauses)
    for gone in ("may be fired", "should", "Hobbles", "carotid", "LVNR", "deleted", "added", "~", "+", "<"):
        assert gone not in texts
    assert _find(clauses, "Warning shots are prohibited").line == 2
    assert "Officers shall intervene." in texts and "No hog-tie." in texts and "Neck holds banned." in texts
    assert "[-] 9. DUTY TO REPORT [- Collapse all]" in texts  # a web page's accordion marks are no deletion


def test_rule_lines_of_tildes_or_pluses_mark_nothing_struck() -> None:
    clauses = _clauses(
        "V. RESTRAINTS\n"
        "Prisoners shall be handcuffed behind the back.\n"
        "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "VI. DEADLY FORCE\n"
        "C. Warning shots may be fired when a warning shot will cause a fleeing felon to stop.\n"
        "++++++++++++++++++++++++++++++++++++++++\n"
        "VII. DUTY TO INTERVENE\n"
        "Officers are encouraged to step in.\n"
        "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "VIII. REPORTING\n"
        "All force shall be reported."
    )
    texts = " ".join(clause.text for clause in clauses)
    assert "Warning shots may be fired" in texts and "encouraged to step in" in texts


def test_commentary_and_a_revision_history_state_no_rule() -> None:
    clauses = _clauses(
        "5.1 Warning shots are prohibited.\n"
        "\n"
        "Drafter's comment (PU-4): The 2019 edition allowed warning shots. It is kept for reference.\n"
        "\n"
        "[Comment TR5: a scored assessment is proposed.]\n"
        "\n"
        "REVISION HISTORY\n"
        "v3.2  2019  Warning shots not authorized; hog-tie prohibited."
    )
    assert _find(clauses, "prohibited.").normative
    assert [_find(clauses, text).role for text in ("2019 edition", "kept for reference", "scored")] == ["citation"] * 3
    assert not _find(clauses, "v3.2").normative


def test_a_word_processors_markup_balloons_and_letters_struck_through_are_read_as_the_text_in_force() -> None:
    clauses = _clauses(
        "4.2 RESTRAINTS\n"
        "Leg restraints shall not be connected to handcuffs behind the back.\n"
        "\n"
        "  Inserted: Leg restraints shall not be connected to handcuffs\n"
        "  behind the back.\n"
        "  Deleted: A leg restraint may be connected to handcuffs where a\n"
        "  supervisor approves.\n"
        "  Formatted: Font: Arial, 10 pt\n"
        "  Comment [JD2]: Legal asked for this change; warning shots were also discussed.\n"
        "\n"
        "4.3 Officers s\u0336h\u0336o\u0336u\u0336l\u0336d\u0336 shall intervene to stop excessive force.\n"
        "Deleted: Officers may use a carotid hold. Inserted: Officers shall not use a carotid hold."
    )
    texts = " ".join(clause.text for clause in clauses)
    for gone in ("supervisor approves", "Arial", "Legal asked", "warning shots", "should", "\u0336", "may use a carotid"):
        assert gone not in texts
    assert "Officers shall intervene to stop excessive force." in texts
    assert _find(clauses, "shall not use a carotid hold").line == 12
    assert _find(clauses, "handcuffs behind the back").line == 2


def test_old_text_quoted_under_a_prior_rule_label_or_after_rescinded_text_is_no_rule() -> None:
    clauses = _clauses(
        "7.4 NECK HOLDS\n"
        "\n"
        'Prior Rule (through March 31, 2021): "The carotid hold may be used to control an actively resisting person.\n'
        'A chokehold may be used only where deadly force is authorized."\n'
        "\n"
        "Current Rule (on and after April 1, 2021): Officers shall not use any neck hold.\n"
        "\n"
        "7.5 Rescinded text (kept for reference only; no longer in effect):\n"
        '"Warning shots may be fired to stop a fleeing felon."\n'
        "\n"
        'The text is marked "Deleted:" in the draft. Hobbles shall not be connected to handcuffs.'
    )
    assert [_find(clauses, text).role for text in ("carotid hold may", "chokehold may", "Warning shots")] == ["citation"] * 3
    assert _find(clauses, "shall not use any neck hold").normative
    assert _find(clauses, "Hobbles shall not").normative  # a quote mark closing '"Deleted:"' opens no old text


def test_a_version_history_an_earlier_versions_rule_and_proposed_amendments_state_no_rule() -> None:
    clauses = _clauses(
        "DOCUMENT CONTROL - VERSION HISTORY\n"
        "\n"
        "Version  Date     Author     Summary of changes\n"
        "2.0      05/2018  Training   Neck holds permitted where lethal force is justified.\n"
        "\n"
        "1. POLICY\n"
        "Officers shall not use neck holds (version 2.0 permitted them where lethal force was justified).\n"
        "Rev. 6 permitted warning shots in rural areas.\n"
        'The old General Order 3.01 used a five-step "force continuum" chart.\n'
        "The previous use of force policy allowed the carotid hold.\n"
        "\n"
        "PROPOSED AMENDMENTS TO ORDER 9 (NOT ADOPTED)\n"
        'Proposed Amendment 2 (4.5). Replace with: "This order shall be posted on the city website."\n'
        "\n"
        "2. SUMMARY OF CHANGES\n"
        "| 5.9 | Warning shots | Warning shots are prohibited in all areas. |\n"
        "\n"
        "3. TRAINING\n"
        "Officers shall attend annual training."
    )
    for text in (
        "lethal force is justified",
        "version 2.0 permitted",
        "warning shots in rural",
        "five-step",
        "allowed the carotid hold",
        "posted on the city",
    ):
        assert not _find(clauses, text).normative, text
    # an amending order's summary of changes states the rules it brings into force
    assert _find(clauses, "prohibited in all areas").normative and _find(clauses, "annual training").normative


def test_an_inline_list_numbered_in_romans_or_after_a_colon_is_split_into_items() -> None:
    clauses = _clauses(
        "Officers shall not: i. use force to punish; ii. use a chokehold under any circumstances; iii. fire warning shots.\n"
        "\n"
        "A report shall be completed for: 1. any force beyond handcuffing; 2. pointing a firearm at a person."
    )
    assert _find(clauses, "chokehold").lead == "Officers shall not:"
    assert _find(clauses, "warning shots").text == "iii. fire warning shots."
    assert _find(clauses, "pointing a firearm").lead == "A report shall be completed for:"


def test_a_capital_article_opens_a_definition_only_before_a_relative() -> None:
    clauses = _clauses(
        "Neck and Carotid Restraint: Any technique that applies pressure to the sides of the neck.\n"
        "\n"
        "Hobble: A strap which binds the ankles together.\n"
        "\n"
        "Note on publication: A summary of this order is posted on the website."
    )
    assert _find(clauses, "applies pressure").role == "definition"
    assert _find(clauses, "binds the ankles").role == "definition"
    assert _find(clauses, "summary of this order").role == "rule"


def test_a_quoted_meaning_defines_and_an_only_after_a_dash_rules() -> None:
    clauses = _clauses(
        'De-escalation tactics: "Proactive actions used by an officer to stabilize the situation." (Reg. 6.03)\n'
        "\n"
        "USE OF DEADLY FORCE - ONLY WHEN ALL ARE PRESENT: (1) an imminent threat; (2) no alternative exists."
    )
    assert _find(clauses, "Proactive actions").role == "definition"
    assert _find(clauses, "ONLY WHEN").role == "rule"
