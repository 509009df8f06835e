"""Paraphrases of the 8 Can't Wait items as policies word them (written here): coded as Campaign Zero's coders code."""

from __future__ import annotations

import pytest

from policy_audit import standards
from policy_audit.audit import audit_text
from policy_audit.models import Status

EIGHT = standards.load("8-cant-wait")
MET, PARTIAL, CONTRADICTED, MISSING = Status.MET, Status.PARTIAL, Status.CONTRADICTED, Status.MISSING

CASES = [
    (
        "de-escalation",
        "Officers shall attempt to de-escalate a situation before using force, when it is safe to do so.",
        MET,
    ),
    ("de-escalation", "When time and circumstances permit, members must use de-escalation tactics.", MET),
    ("de-escalation", "De-escalation techniques should be considered whenever possible.", PARTIAL),
    ("de-escalation", "The Department values de-escalation.", MISSING),
    ("chokehold-ban", "Neck restraints and chokeholds are prohibited unless deadly force is authorized.", MET),
    ("chokehold-ban", "Officers may apply a carotid restraint to a combative subject.", CONTRADICTED),
    (
        "duty-to-intervene",
        "Officers have an affirmative duty to intervene when another officer uses excessive force.",
        MET,
    ),
    ("duty-to-intervene", "Officers shall report any excessive force used by another officer.", PARTIAL),
    ("warn-before-shooting", "When feasible, an officer shall give a verbal warning before using deadly force.", MET),
    ("warn-before-shooting", "Where practical, officers should warn a suspect before firing.", MET),
    ("warn-before-shooting", "Officers should give a verbal warning before deploying a Taser.", MISSING),
    ("moving-vehicles", "Officers shall not discharge their firearms at or from a moving vehicle.", MET),
    ("moving-vehicles", "Shooting at moving vehicles is prohibited.", MET),
    (
        "moving-vehicles",
        "Officers shall not shoot at a moving vehicle unless the occupants are using deadly force by means other "
        "than the vehicle.",
        MET,
    ),
    ("moving-vehicles", "Officers may shoot at a moving vehicle when the driver tries to run them down.", CONTRADICTED),
    ("moving-vehicles", "Officers should move out of the path of an approaching vehicle.", MISSING),
    (
        "exhaust-alternatives",
        "Deadly force may be used only after all other reasonable alternatives have been exhausted.",
        MET,
    ),
    ("exhaust-alternatives", "A firearm may be discharged only when no less drastic means are available.", MET),
    ("force-continuum", "The Department's force continuum sets out the response to each level of resistance.", MET),
    ("force-continuum", "Officers shall use the use of force matrix when deciding how to respond.", MET),
    (
        "comprehensive-reporting",
        "Officers shall complete a use of force report whenever they point a firearm at a person.",
        MET,
    ),
    ("comprehensive-reporting", "Every use of force shall be reported to a supervisor.", PARTIAL),
]


@pytest.mark.parametrize(("item", "text", "expected"), CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_paraphrase(item: str, text: str, expected: Status) -> None:
    result = next(r for r in audit_text(text, [EIGHT]).results if r.item == item)
    assert result.status is expected, f"{text!r} read as {result.status.value}: {result.reason}"
