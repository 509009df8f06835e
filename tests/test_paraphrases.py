"""Paraphrases of the six core safeguards in the many ways policies word them (written here, none from the corpus).

Each sentence is read alone with the `core` standard and must reach the status LABELING.md gives it. These are the
reader's generalisation tests: a phrase list tuned to a few documents fails them.
"""

from __future__ import annotations

import pytest

from policy_audit import standards
from policy_audit.audit import audit_text
from policy_audit.models import Status

CORE = standards.load("core")

MET, PARTIAL, CONTRADICTED, MISSING = Status.MET, Status.PARTIAL, Status.CONTRADICTED, Status.MISSING

CASES = [
    # warning shots
    ("warning-shots-banned", "Officers are prohibited from firing warning shots.", MET),
    ("warning-shots-banned", "The discharge of warning shots is not permitted.", MET),
    ("warning-shots-banned", "Officers will not fire warning shots.", MET),
    ("warning-shots-banned", "Shots fired as a warning are prohibited.", MET),
    ("warning-shots-banned", "Officers shall never discharge their weapons to warn a suspect.", MET),
    ("warning-shots-banned", "Members may fire a warning shot only when deadly force would be justified.", PARTIAL),
    ("warning-shots-banned", "The use of warning shots is discouraged.", PARTIAL),
    ("warning-shots-banned", "Warning shots are permissible when no other option exists.", CONTRADICTED),
    ("warning-shots-banned", "A warning shot may be fired into the ground when a supervisor approves.", CONTRADICTED),
    ("warning-shots-banned", "Officers should identify themselves and give a warning before firing.", MISSING),
    # duty to intervene
    ("duty-to-intervene", "Officers must intervene when they observe another officer using excessive force.", MET),
    (
        "duty-to-intervene",
        "An officer who witnesses a colleague using unreasonable force has an obligation to intervene.",
        MET,
    ),
    ("duty-to-intervene", "Members are expected to intervene when a fellow member uses excessive force.", PARTIAL),
    ("duty-to-intervene", "Officers shall step in to stop any officer from using excessive force.", MET),
    ("duty-to-intervene", "Officers shall refer the family to a crisis intervention counsellor.", MISSING),
    # chokehold
    ("chokehold-ban", "Neck restraints of any kind are prohibited.", MET),
    ("chokehold-ban", "Chokeholds, strangleholds and the LVNR are banned.", MET),
    ("chokehold-ban", "Officers shall not use the carotid restraint.", PARTIAL),
    ("chokehold-ban", "Use of the lateral vascular neck restraint is authorized for certified officers.", CONTRADICTED),
    ("chokehold-ban", "The use of chokeholds is limited to situations where deadly force is justified.", PARTIAL),
    ("chokehold-ban", "Officers should avoid any hold that applies pressure to the throat.", PARTIAL),
    ("chokehold-ban", "Baton strikes to the throat should be avoided.", MISSING),
    # hog-tie
    ("hog-tie-ban", "Prisoners shall not be transported with their hands and feet tied together.", MET),
    ("hog-tie-ban", "Four-point restraints are not used by this department.", MET),
    ("hog-tie-ban", "The hobble restraint may be connected to the handcuffs in extreme circumstances.", CONTRADICTED),
    ("hog-tie-ban", "Leg restraints may be applied to a prisoner who is kicking.", MISSING),
    # public guidance
    ("public-guidance", "This policy will be posted on the department's website.", MET),
    ("public-guidance", "A copy of this policy is available to the public at the front desk.", MET),
    ("public-guidance", "This document is confidential and shall not be released outside the agency.", CONTRADICTED),
    ("public-guidance", "Arrest records shall not be released to the media.", MISSING),
    # training pass/fail
    ("training-pass-fail", "All officers must qualify with their duty weapon twice a year.", MET),
    ("training-pass-fail", "Officers who do not pass the qualification course shall surrender their firearm.", MET),
    ("training-pass-fail", "Officers shall attend annual training on this policy.", PARTIAL),
    ("training-pass-fail", "The range shall be closed during training.", MISSING),
    # manual-style wording: several sentences, lists, headings
    (
        "chokehold-ban",
        "The carotid control hold can be effective in restraining a violent person. Because of the risk of injury, "
        "its use is subject to the following:\n(a) The officer shall have completed approved training.\n"
        "(b) The hold may only be applied when the officer believes it is needed to control the person.",
        CONTRADICTED,
    ),
    (
        "chokehold-ban",
        "CHOKEHOLDS AND CAROTID HOLDS\nShall not be used except when deadly force is justified.",
        PARTIAL,
    ),
    (
        "chokehold-ban",
        "Chokehold - Applying direct pressure to the throat or windpipe of a person to reduce the intake of air.",
        MISSING,
    ),
    (
        "warning-shots-banned",
        "Officers shall give a verbal warning, when feasible, before discharging a firearm.",
        MISSING,
    ),
    (
        "warning-shots-banned",
        "Members shall not discharge a firearm at a moving vehicle. Warning shots are discouraged and may not be "
        "fired unless the member believes they are necessary and safe.",
        PARTIAL,
    ),
    ("public-guidance", "Personnel records are confidential and shall not be disclosed.", MISSING),
    ("public-guidance", "The Chief shall make this Policy Manual available to all members.", MISSING),
    (
        "training-pass-fail",
        "An officer who fails to qualify shall not carry the weapon until completing remedial training.",
        MET,
    ),
    (
        "training-pass-fail",
        "Members who fail to meet the minimum firearms qualification standard will receive remedial training.",
        MET,
    ),
    (
        "duty-to-intervene",
        "Any member who observes another member using force that exceeds the degree permitted by law should promptly "
        "report these observations to a supervisor.",
        PARTIAL,
    ),
    (
        "duty-to-intervene",
        "Members should, when reasonable, intervene to prevent bias-based actions by another member.",
        MISSING,
    ),
    ("hog-tie-ban", "Leg restraints should not be used on a person who is pregnant.", MISSING),
    ("hog-tie-ban", "Once secured, the person shall be placed in a seated or upright position.", MISSING),
    # the many syntaxes of a ban
    ("chokehold-ban", "It is prohibited to apply any neck restraint.", MET),
    ("chokehold-ban", "The Department prohibits the use of chokeholds and carotid restraints.", MET),
    ("chokehold-ban", "The Department does not authorize neck restraints of any kind.", MET),
    ("chokehold-ban", "Officers are not authorised to use neck holds.", MET),
    ("chokehold-ban", "No member shall employ a chokehold or a vascular neck restraint.", MET),
    ("chokehold-ban", "The carotid restraint is not an approved technique.", PARTIAL),
    ("chokehold-ban", "Neck restraints may only be used in exceptional circumstances.", CONTRADICTED),
    ("chokehold-ban", "Neck restraints should not be used unless the officer's life is in danger.", PARTIAL),
    ("hog-tie-ban", "Personnel are forbidden to hog-tie any person.", MET),
    ("hog-tie-ban", "Under no circumstances will a prisoner be hog-tied.", MET),
    ("hog-tie-ban", "Officers must not link a prisoner's leg restraints to their handcuffs.", MET),
    ("warning-shots-banned", "Warning shots are not authorised.", MET),
    ("warning-shots-banned", "The firing of warning shots is strictly prohibited.", MET),
    ("warning-shots-banned", "Under no circumstances shall warning shots be fired.", MET),
    ("warning-shots-banned", "Warning shots may be used only in exceptional circumstances.", CONTRADICTED),
    ("duty-to-intervene", "An officer has a duty to intervene if a colleague uses excessive force.", MET),
    ("duty-to-intervene", "It is the responsibility of every officer to intercede when excessive force is used.", MET),
    (
        "duty-to-intervene",
        "Officers are encouraged to intervene when another officer uses unreasonable force.",
        PARTIAL,
    ),
    ("duty-to-intervene", "Officers have no duty to intervene in another officer's use of force.", CONTRADICTED),
    ("public-guidance", "This policy shall be made available to the public.", MET),
    ("public-guidance", "Copies of this directive may be obtained by the public upon written request.", PARTIAL),
    (
        "public-guidance",
        "This General Order is restricted and shall not be distributed outside the agency.",
        CONTRADICTED,
    ),
    ("training-pass-fail", "Only officers who are certified may carry a conducted energy weapon.", MET),
    ("training-pass-fail", "Officers shall not use the baton until they have passed the baton course.", MET),
    # other chapters of a manual: the topic's words in another sense decide nothing
    ("duty-to-intervene", "The Department provides crisis intervention training to all patrol officers.", MISSING),
    ("duty-to-intervene", "Officers may intervene in a domestic dispute to keep the peace.", MISSING),
    ("warning-shots-banned", "Supervisors shall document all written warnings issued to employees.", MISSING),
    ("chokehold-ban", "Officers shall check the prisoner's airway and breathing after any struggle.", MISSING),
    ("chokehold-ban", "A neck brace may be applied by paramedics.", MISSING),
    ("public-guidance", "Firearms training records are confidential.", MISSING),
    ("public-guidance", "Press releases shall not be issued without the Chief's approval.", MISSING),
    ("public-guidance", "The public information officer shall publish crime statistics monthly.", MISSING),
    ("public-guidance", "This manual is for internal use and does not enlarge an officer's civil liability.", MISSING),
    ("training-pass-fail", "Officers must pass a background check before they are hired.", MISSING),
    ("training-pass-fail", "Employees who fail to report for duty will be disciplined.", MISSING),
    ("training-pass-fail", "The training officer shall complete an evaluation of the recruit.", MISSING),
    ("hog-tie-ban", "Handcuffs shall be double-locked and checked for tightness.", MISSING),
    ("hog-tie-ban", "Officers may use leg restraints to prevent a prisoner from kicking.", MISSING),
    ("warning-shots-banned", "[1.3.3] Do not fire warning shots under any circumstances.", MET),
    (
        "public-guidance",
        "This policy is for departmental use only and does not apply in any criminal or civil proceedings.",
        MISSING,
    ),
]


@pytest.mark.parametrize(("item", "text", "expected"), CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_paraphrase(item: str, text: str, expected: Status) -> None:
    result = next(r for r in audit_text(text, [CORE]).results if r.item == item)
    assert result.status is expected, f"{text!r} read as {result.status.value}: {result.reason}"
