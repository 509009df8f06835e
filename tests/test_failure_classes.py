"""The failure classes of issue 9, each a named test on sentences written here (none from the corpus).

A keyword is not a verdict: definitions, risks, consequences, other records and other chapters mention a topic
without ruling on it; a rule can name its topic through a heading or 'this technique'; an exception can sit in
the next sentence; and every inflection or paraphrase of a concept must still be read.
"""

from __future__ import annotations

import pytest

from policy_audit import standards
from policy_audit.audit import audit_text
from policy_audit.models import Reading, Result, Standard, Status

CORE = standards.load("core")
EIGHT = standards.load("8-cant-wait")
CTI = standards.load("cti-6.1")
INTERPOL = standards.load("interpol-meetings-2023")


def _result(standard: Standard, text: str, item: str) -> Result:
    return next(result for result in audit_text(text, [standard]).results if result.item == item)


def _status(standard: Standard, text: str, item: str) -> Status:
    return _result(standard, text, item).status


class TestDefinitionIsNotARule:
    @pytest.mark.parametrize(
        "text",
        [
            "Warning Shot: the discharge of a firearm to warn that more force may follow.",
            "Warning shot means a round fired into the air that may be authorized by some agencies.",
            "DEFINITIONS:\nWarning shot - a shot that may be fired to warn a person.\nPURPOSE:\nThis order sets out firearm rules.",
        ],
    )
    def test_warning_shot_definitions(self, text: str) -> None:
        assert _status(CORE, text, "warning-shots-banned") is Status.MISSING

    def test_glossary_lines_under_definitions(self) -> None:
        text = "DEFINITIONS:\nCarotid restraint - a hold that may be applied to the side of the neck.\nChokehold - pressure to the front of the throat."
        assert _status(CORE, text, "chokehold-ban") is Status.MISSING


class TestRiskOrConsequenceIsNotPermission:
    @pytest.mark.parametrize(
        ("text", "item"),
        [
            ("Warning shots may endanger bystanders.", "warning-shots-banned"),
            ("A warning shot can ricochet and may strike an innocent person.", "warning-shots-banned"),
            ("Hog-tying can lead to positional asphyxia.", "hog-tie-ban"),
            ("Officers who use a chokehold may be investigated.", "chokehold-ban"),
            ("Supervisors may review any use of a carotid restraint.", "chokehold-ban"),
            ("Officers must not drive any prisoner who is hog-tied in a patrol car.", "hog-tie-ban"),
            ("The decision should take into account the officer's training and experience.", "training-pass-fail"),
        ],
    )
    def test_not_contradicted(self, text: str, item: str) -> None:
        assert _status(CORE, text, item) is Status.MISSING

    def test_a_sanction_for_the_practice_forbids_it(self) -> None:
        # A consequence is not a permission, and a disciplinary sanction for doing it is a ban (issue 26, round 20).
        assert _status(CORE, "Officers who use a chokehold may be disciplined.", "chokehold-ban") is Status.PARTIAL
        text = "A member who applies a chokehold or a carotid restraint will be subject to dismissal."
        assert _status(CORE, text, "chokehold-ban") is Status.MET

    def test_permission_still_read(self) -> None:
        assert _status(CORE, "Officers may fire a warning shot to stop a fleeing car.", "warning-shots-banned") is (
            Status.CONTRADICTED
        )


class TestWholeManuals:
    def test_other_records_withheld_do_not_contradict_public_guidance(self) -> None:
        text = (
            "Radio transmissions shall not be disclosed to the media.\n\n"
            "Medical files are for official use only.\n\n"
            "Badge numbers of undercover officers shall not be released."
        )
        assert _status(CORE, text, "public-guidance") is Status.MISSING

    def test_this_manual_withheld_contradicts(self) -> None:
        assert _status(CORE, "This manual is for official use only.", "public-guidance") is Status.CONTRADICTED

    def test_ban_limited_to_the_holding_facility_is_partial(self) -> None:
        text = (
            "600.1 FIELD ARRESTS\n"
            "Officers may use handcuffs and leg restraints on violent arrestees.\n\n"
            "900.4 TEMPORARY CUSTODY\n"
            "In the holding facility, prisoners shall not be hog-tied."
        )
        result = _result(CORE, text, "hog-tie-ban")
        assert result.status is Status.PARTIAL, result.reason
        assert "setting" in result.reason

    def test_unlimited_ban_elsewhere_is_met(self) -> None:
        text = (
            "600.1 FIELD ARRESTS\nHog-tying is prohibited.\n\n"
            "900.4 TEMPORARY CUSTODY\nIn the holding facility, prisoners shall not be hog-tied."
        )
        assert _status(CORE, text, "hog-tie-ban") is Status.MET


class TestCrossSentenceAndHeadingReference:
    def test_pass_fail_across_sentences(self) -> None:
        text = (
            "All firearms training is assessed. Assessment is pass or fail. "
            "Only officers who pass are certified to carry a firearm."
        )
        assert _status(CORE, text, "training-pass-fail") is Status.MET

    def test_heading_is_the_subject(self) -> None:
        result = _result(CORE, "WARNING SHOTS\nThese are prohibited.", "warning-shots-banned")
        assert result.status is Status.MET, result.reason

    def test_subjectless_rule_under_heading(self) -> None:
        assert _status(CORE, "Warning Shots\nProhibited in all circumstances.", "warning-shots-banned") is Status.MET

    def test_this_technique_points_back(self) -> None:
        result = _result(
            CORE, "The LVNR compresses the carotid arteries. This technique is prohibited.", "chokehold-ban"
        )
        # The ban reaches the vascular hold only, so the core item (airway and vascular) is partial, not missing.
        assert result.status is Status.PARTIAL and "airway" in result.reason
        assert any(hit.reading is Reading.PROHIBITS for hit in result.hits)

    def test_exception_in_the_next_sentence(self) -> None:
        text = "Chokeholds and carotid restraints are prohibited. Exception: when deadly force is authorized."
        assert _status(CORE, text, "chokehold-ban") is Status.PARTIAL
        assert _status(EIGHT, text, "chokehold-ban") is Status.MET

    def test_exception_without_deadly_force(self) -> None:
        text = (
            "3. Warning shots are prohibited.\na. The exception would be when a shot into the ground may calm a crowd."
        )
        assert _status(CORE, text, "warning-shots-banned") is Status.PARTIAL


class TestWordFormsAndParaphrase:
    def test_must_pass_practical_assessment(self) -> None:
        text = (
            "Every officer must pass the practical use-of-force assessment; an officer who does not pass is not "
            "permitted to undertake operational duties."
        )
        assert _status(CORE, text, "training-pass-fail") is Status.MET

    def test_suspect_will_be_warned(self) -> None:
        text = "Where feasible, a suspect will be warned before deadly force is used."
        assert _status(EIGHT, text, "warn-before-shooting") is Status.MET

    def test_intervening(self) -> None:
        text = "Officers are responsible for intervening when another officer uses excessive force."
        assert _status(CORE, text, "duty-to-intervene") is Status.MET

    def test_witnessing_employees_intercede(self) -> None:
        text = "Employees witnessing unreasonable force shall intercede."
        assert _status(CORE, text, "duty-to-intervene") is Status.MET

    def test_record_sound_or_images(self) -> None:
        text = "Participants shall not record any sound or images of the meetings, unless otherwise authorized."
        assert _status(INTERPOL, text, "no-unauthorized-recording") is Status.MET

    def test_fleeing_vehicle(self) -> None:
        # Read, not missed: a ban on shooting at fleeing vehicles covers only part of moving vehicles.
        result = _result(EIGHT, "Officers shall not shoot at any fleeing vehicle.", "moving-vehicles")
        assert result.status is Status.PARTIAL and result.evidence
        assert _status(EIGHT, "Officers shall not shoot at any moving vehicle.", "moving-vehicles") is Status.MET

    @pytest.mark.parametrize(
        "text",
        [
            "Warning shots are prohibited.",
            "A warning shot is prohibited.",
            "Firing warning-shots is prohibited.",
            "Warning shooting is prohibited.",
        ],
    )
    def test_inflections(self, text: str) -> None:
        assert _status(CORE, text, "warning-shots-banned") is Status.MET

    def test_british_spelling(self) -> None:
        assert _status(CORE, "Neck restraints are not authorised; hog-tying is forbidden.", "hog-tie-ban") is Status.MET


class TestSections:
    def test_form_header_is_not_a_section(self) -> None:
        text = "Distribution\nAll Personnel\n\nPURPOSE:\nThis order sets out the use of force.\n\nWarning shots are prohibited."
        result = _result(CORE, text, "warning-shots-banned")
        assert result.evidence and result.evidence[0].section != "Distribution"

    def test_colon_headings(self) -> None:
        text = "PURPOSE:\nThis order sets out rules.\nDEFINITIONS:\nWarning shot - a shot that may be fired as a warning.\nPOLICY:\nWarning shots are prohibited."
        result = _result(CORE, text, "warning-shots-banned")
        assert result.status is Status.MET
        assert result.evidence[0].section == "POLICY:"


class TestBlindRoundOne:
    """Classes found by the blind sentences (tests/test_sentences.py), each with sentences written here."""

    def test_publication_said_of_the_document_anywhere_in_its_clause(self) -> None:
        text = "This directive is posted on the City of Example Police Department's website and is open to the public."
        assert _status(CORE, text, "public-guidance") is Status.MET
        other = "This directive applies to all members. Complaint forms are available to the public at every station."
        assert _status(CORE, other, "public-guidance") is Status.MISSING

    def test_the_document_as_the_object_of_a_refusal(self) -> None:
        text = "Employees shall not provide copies of this manual to anyone outside the agency."
        assert _status(CORE, text, "public-guidance") is Status.CONTRADICTED
        elsewhere = "Use of the badge shall be restricted as set forth in this policy."
        assert _status(CORE, elsewhere, "public-guidance") is Status.MISSING

    def test_a_marking_line_of_its_own(self) -> None:
        assert _status(CORE, "CONFIDENTIAL – NOT FOR PUBLIC DISTRIBUTION", "public-guidance") is Status.CONTRADICTED

    def test_only_a_summary_or_on_request_is_partial(self) -> None:
        assert (
            _status(CORE, "A summary of this policy is published on our website.", "public-guidance") is Status.PARTIAL
        )

    def test_exemption_of_some_cases_is_not_a_binding_duty(self) -> None:
        text = "An officer who sees another officer use force is not required to intervene."
        assert _status(CORE, text, "duty-to-intervene") is not Status.MET

    def test_failing_without_consequence_contradicts(self) -> None:
        text = "A member who does not reach a passing score remains authorised to carry the weapon."
        assert _status(CORE, text, "training-pass-fail") is Status.CONTRADICTED

    def test_should_know_is_not_advice(self) -> None:
        text = "Members shall intervene whenever they know or should know that another member is using excessive force."
        assert _status(CORE, text, "duty-to-intervene") is Status.MET

    def test_narrow_exception_in_the_next_sentence(self) -> None:
        text = (
            "Officers shall not fire at a moving vehicle.\n"
            "Exception: an occupant threatens deadly force by means other than the vehicle."
        )
        assert _status(EIGHT, text, "moving-vehicles") is Status.MET

    def test_what_a_rule_covers_in_the_clause_after_it(self) -> None:
        rule = "Every use of force shall be reported to a supervisor. "
        assert (
            _status(EIGHT, rule + "This includes aiming a firearm at a person.", "comprehensive-reporting")
            is Status.MET
        )
        denied = rule + "This does not include aiming a firearm at a person."
        assert _status(EIGHT, denied, "comprehensive-reporting") is Status.PARTIAL
        unrelated = rule + "Officers shall not aim a firearm at a person without cause."
        assert _status(EIGHT, unrelated, "comprehensive-reporting") is Status.PARTIAL

    def test_a_quoted_warning_stays_in_its_sentence(self) -> None:
        text = 'Where feasible, officers shall warn the person ("Police! Drop it!") before they fire at a person.'
        assert _status(EIGHT, text, "warn-before-shooting") is Status.MET

    def test_possessives_and_hyphenated_alternatives(self) -> None:
        neck = "Officers must not put pressure on a prisoner's neck."
        assert _status(CORE, neck, "chokehold-ban") is not Status.MISSING
        training = "All officers will receive training on de-escalation."
        assert _status(EIGHT, training, "de-escalation") is not Status.MET


class TestBlindRoundsTwoToFour:
    """Classes found by the later blind rounds, each with sentences written here."""

    def test_list_items_opening_with_a_verb_take_their_lead_in(self) -> None:
        text = "Members must not:\n(a) apply a chokehold or a carotid restraint;\n(b) kneel on a person's back."
        assert _status(CORE, text, "chokehold-ban") is Status.MET

    def test_a_lead_in_exception_naming_one_item_is_that_items_only(self) -> None:
        text = "The following are forbidden, except as provided in item (b):\n(a) warning shots;\n(b) deadly force."
        assert _status(CORE, text, "warning-shots-banned") is Status.MET

    def test_a_parenthetical_however_does_not_end_the_scope(self) -> None:
        text = "Deputies may, however, apply a vascular neck restraint to a resisting person."
        assert _status(CORE, text, "chokehold-ban") is Status.CONTRADICTED

    def test_shall_use_the_hold_permits_it(self) -> None:
        text = "Only officers trained in the technique shall use the carotid hold on a violent person."
        assert _status(CORE, text, "chokehold-ban") is Status.CONTRADICTED

    def test_a_specific_name_is_one_kind_only(self) -> None:
        text = "The lateral vascular neck restraint is no longer an approved technique and shall not be used."
        result = _result(CORE, text, "chokehold-ban")
        assert result.status is Status.PARTIAL and "airway" in result.reason

    def test_a_defined_term_carries_its_definition(self) -> None:
        text = "DEFINITIONS\nStrangle hold – any hold on the throat or neck, including vascular holds.\n\nRULES\nStrangle holds are banned."
        assert _status(CORE, text, "chokehold-ban") is Status.MET

    def test_either_technique_points_back(self) -> None:
        text = "The chokehold and the carotid hold are deadly force. Officers shall not use either technique."
        assert _status(EIGHT, text, "chokehold-ban") is Status.MET

    def test_shall_not_intervene_refuses_the_duty(self) -> None:
        text = "Officers shall not intervene in another officer's use of force during an arrest."
        assert _status(CORE, text, "duty-to-intervene") is Status.CONTRADICTED

    def test_this_policy_does_not_require_refuses(self) -> None:
        text = "This directive does not require a member to intervene when another member uses excessive force."
        assert _status(CORE, text, "duty-to-intervene") is Status.CONTRADICTED

    def test_as_used_in_this_section_opens_a_definition(self) -> None:
        text = 'As used in this section, "warning shot" means a round fired to warn, and may be fired upward.'
        assert _status(CORE, text, "warning-shots-banned") is Status.MISSING
