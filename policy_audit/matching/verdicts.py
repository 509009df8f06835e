"""How one clause's reading becomes a status for an item, by the item's kind (LABELING.md, table by table).

`ban`: the safeguard forbids a practice (warning shots, neck restraints, hog-tying).
`duty`: the safeguard requires something (intervene; training with a pass condition).
`publication`: the safeguard is a statement that the policy is public; refusal is its contradiction.
`describes`: the safeguard is met when the policy lays the thing out (a force continuum); the same rules.
"""

from __future__ import annotations

from policy_audit.matching.frames import Frame
from policy_audit.models import Item, Kind, Reading, Status

BINDING = frozenset({Reading.REQUIRES, Reading.PROHIBITS, Reading.RESTRICTS})


def clause_verdict(
    item: Item, reading: Frame, weaker: bool, narrow_exception: bool = False, acts: frozenset[str] = frozenset()
) -> tuple[Status | None, str]:
    """The status one clause alone gives `item`, with a one-line reason (None: it only mentions the topic)."""
    if weaker:
        return _weaker(reading)
    if item.kind is Kind.BAN:
        if narrow_exception and reading.reading is Reading.RESTRICTS and reading.base is Reading.PROHIBITS:
            return Status.MET, "prohibited, with only a narrow exception the standard accepts"
        status, why = _ban(item, reading)
    elif item.kind is Kind.DUTY:
        status, why = _duty(item, reading, acts)
    elif item.kind is Kind.DESCRIBES:
        status, why = _describes(reading)
    else:
        status, why = _publication(reading)
    if reading.reading is Reading.ADVISES and status is Status.PARTIAL and item.met_also.advisory_wording:
        return Status.MET, "advisory wording, which this standard counts as provided"
    return status, why


def _ban(item: Item, reading: Frame) -> tuple[Status | None, str]:
    if reading.base is Reading.MENTIONS:
        return None, "mentions the practice without ruling on it"
    match reading.reading:
        case Reading.PROHIBITS:
            return Status.MET, "binding prohibition"
        case Reading.RESTRICTS if reading.base is Reading.PROHIBITS:
            if reading.deadly_only:
                return _deadly(item), "prohibited except where deadly force is authorized"
            return Status.PARTIAL, "prohibited, but with an exception that still allows it"
        case Reading.RESTRICTS if reading.base is Reading.PERMITS:
            if reading.deadly_only:
                return _deadly(item), "allowed only where deadly force is authorized"
            return Status.CONTRADICTED, "expressly allowed under conditions that go beyond deadly force"
        case Reading.RESTRICTS:
            return None, "a duty on something else around the practice, not a ruling on it"
        case Reading.PERMITS:
            if reading.deadly_only:
                return _deadly(item), "allowed where deadly force is authorized"
            return Status.CONTRADICTED, "expressly authorized"
        case Reading.ADVISES:
            return Status.PARTIAL, "advisory wording only (should / avoid / discouraged)"
        case _:
            return None, "mentions the practice without ruling on it"


def _deadly(item: Item) -> Status:
    return Status.MET if item.met_also.deadly_force_exception else Status.PARTIAL


def _duty(item: Item, reading: Frame, acts: frozenset[str]) -> tuple[Status | None, str]:
    if reading.base is Reading.MENTIONS:
        return None, "mentions the topic without a rule"
    match reading.reading:
        case Reading.REFUSES if reading.refusal != "duty":
            return None, "a disclosure restriction, not about this duty"
        case Reading.REFUSES:
            return Status.CONTRADICTED, "expressly not required"
        case Reading.RESTRICTS if reading.refusal == "exemption":
            # "Officers who keep the firearm low are not required to report it": some cases are exempted from a
            # duty this clause presupposes but does not state.
            return Status.PARTIAL, "exempts some cases from the duty"
        case Reading.RESTRICTS if reading.base is Reading.PERMITS:
            # "Only officers who passed may carry a TASER": a force option allowed only on the stated condition.
            if item.parts and reading.verb in acts:
                return Status.MET, "a force option allowed only on the stated condition"
            return Status.PARTIAL, "permitted on a condition, not required"
        case kind if kind in BINDING:
            return Status.MET, "binding duty"
        case Reading.ADVISES:
            return Status.PARTIAL, "advisory wording only (should / encouraged / where possible)"
        case Reading.PERMITS if item.parts and reading.verb in acts:
            # "Officers who have passed the course are authorized to carry a TASER": allowed on the condition.
            return Status.MET, "a force option allowed only on the stated condition"
        case Reading.PERMITS:
            return Status.PARTIAL, "permitted, not required"
        case _:
            return None, "mentions the topic without a rule"


def _publication(reading: Frame) -> tuple[Status | None, str]:
    match reading.reading:
        case Reading.REFUSES | Reading.PROHIBITS:
            return Status.CONTRADICTED, "publication or disclosure expressly restricted"
        case Reading.RESTRICTS:
            return Status.PARTIAL, "available only in part or only on request"
        case Reading.ADVISES:
            return Status.PARTIAL, "publication only advised"
        case _:
            return Status.MET, "states that the policy is public"


def _describes(reading: Frame) -> tuple[Status | None, str]:
    match reading.reading:
        case Reading.RESTRICTS if reading.refusal == "exemption":
            return Status.PARTIAL, "exempts some cases"
        case Reading.REFUSES if reading.refusal == "duty":
            return Status.CONTRADICTED, "expressly disowned"
        case Reading.ADVISES:
            return Status.PARTIAL, "only advised"
        case _:
            return Status.MET, "set out in the policy"


def _weaker(reading: Frame) -> tuple[Status | None, str]:
    if (reading.base is not Reading.MENTIONS and reading.reading in BINDING) or reading.reading in (
        Reading.ADVISES,
        Reading.PERMITS,
    ):
        return Status.PARTIAL, "covers only a weaker form of the safeguard"
    return None, "mentions a weaker form of the safeguard"
