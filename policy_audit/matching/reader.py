"""The deontic reader: what a clause does to a topic it mentions (prohibits, requires, permits, restricts …).

Cues are read only inside the topic's scope: scope ends at ';', 'however', 'but' (not 'but not limited to')
and sentence ends. A list item with no cue of its own takes the cues of its lead-in ("The following are
prohibited: (b) warning shots"). Exceptions tied to deadly force are told apart from other exceptions,
because LABELING.md treats "banned except where deadly force is authorized" differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_audit.models import Reading

# Masked before any cue is read: phrases whose words look like cues but are not ("including but not limited to").
_NOISE = re.compile(
    r"\b(?:including,? but not limited to|but (?:are|is) not limited to|not limited to|not only|department[- ]approved"
    r"|approved by|if not|whether or not|may not (?:have|be able|know|cover|apply|always|be possible|be feasible|be practical|address|"
    r"include|be effective|be appropriate|be available|succeed|work)|(?:can|may|could|might) (?:also )?(?:include|involve|consist)|not necessarily|nothing (?:herein|in this \w+) (?:shall )?(?:limits?|restricts?)"
    r"|no (?:less|more) than|not (?:less|more) than|not to exceed|unless otherwise (?:directed|instructed|ordered|authorized))\b"
    r"|-approved\b",
    re.IGNORECASE,
)
_DEADLY = re.compile(
    r"\b(?:(?:deadly|lethal) (?:physical )?force (?:(?:is|are|be|would be|would otherwise be|has been|becomes|was|would|"
    r"is otherwise|is legally|is objectively)\s+)?(?:legally |objectively |reasonably )?(?:authorized|justified|permitted|"
    r"warranted|necessary|allowed|appropriate|reasonable|permissible|lawful)"
    r"|(?:justify|justifies|justifying|authorize|authorizes) (?:the use of )?(?:deadly|lethal) force"
    r"|(?:need|necessity) (?:to use|for|of) (?:deadly|lethal) force"
    r"|(?:deadly|lethal) force (?:situation|encounter|incident|confrontation)s?"
    r"|(?:imminent|immediate) (?:threat|danger|risk) of (?:death|serious (?:bodily|physical)|great bodily)"
    r"|(?:threatened )?infliction of (?:death|serious (?:physical|bodily) (?:harm|injury)|great bodily (?:harm|injury))"
    r"|life[- ]threatening|(?:deadly|lethal) force (?:standard|criteria)|same (?:criteria|standard) as (?:deadly|lethal) force"
    r"|considered (?:deadly|lethal) force|(?:a |as )(?:deadly|lethal) force (?:option|technique))",
    re.IGNORECASE,
)
_REFUSES_DISCLOSURE = re.compile(
    r"\b(?:for (?:official|internal|departmental|department|law enforcement|police) use only|not for (?:public )?"
    r"(?:release|distribution|dissemination|disclosure|publication)|law enforcement sensitive|official use only|"
    r"(?:shall|must|will|may) not be (?:disclosed|released|distributed|disseminated|published|made public|made available)"
    r"|not (?:be )?(?:made )?(?:publicly available|available to the public|public)|exempt from (?:public )?disclosure"
    r"|restricted (?:document|distribution|access)|(?:distribution|access|disclosure) (?:is )?restricted"
    r"|not (?:a )?public (?:document|record)s?)\b",
    re.IGNORECASE,
)
_REFUSES_DUTY = re.compile(
    r"\b(?:(?:is|are) (?:not required|under no obligation|not obligated|not obliged) to"
    r"|(?:is|are) not (?:graded|assessed|scored)|no (?:assessment|test|evaluation) is (?:made|given|required|conducted)"
    r"|does not affect (?:the |an |their |his or her |the officer's |the member's )?(?:duty status|authority|eligibility)"
    r"|who (?:fail|fails|failed|do not pass|does not pass)\b[^.;]{0,80}\b(?:may|can|will) (?:continue to|still)"
    r"|(?:does|do) not (?:use|follow|employ) (?:a|any) |(?:do|does) not (?:need|have) to (?:follow|use|apply)"
    r"|(?:does|do|shall|will) not require)\b",
    re.IGNORECASE,
)
_CARVE_OUT = re.compile(r"\b(?:who|whose|when|if|unless|except|where|while)\b", re.IGNORECASE)
_PERMIT_BY_NEGATION = re.compile(
    r"\b(?:nothing (?:herein|in this \w+|in this section) (?:shall )?(?:prohibits?|precludes?|prevents?|bars?|be construed)"
    r"|(?:is|are|be) not (?:prohibited|forbidden|banned|barred|precluded)|does not (?:prohibit|preclude|forbid|bar)"
    r"|not (?:be )?(?:considered )?prohibited)\b",
    re.IGNORECASE,
)
_ADVISORY_PROHIBIT = re.compile(
    r"\b(?:should (?:not|never)|ought not|cautioned (?:not|against)|discouraged|avoid(?:ed|s|ing)?|(?:is|are) not (?:recommended|advised)"
    r"|not recommended|should refrain|try not)\b",
    re.IGNORECASE,
)
_PROHIBIT = re.compile(
    r"\b(?:(?:shall|must|may|will|can) (?:not|never)(?! only)|(?:are|is) never|cannot|never|no (?:officer|member|employee|deputy|personnel|person|"
    r"one|department member|sworn member|agent|trooper|constable)s? (?:shall|will|may|is|are|should)|no (?:[a-z-]+ ){0,3}[a-z-]+ "
    r"(?:shall|will|may|should) (?:ever |at any time )?(?:be|use|carry|apply|fire|discharge|accept|receive)|at no time|"
    r"under no (?:circumstances?|condition|conditions)|in no (?:case|event|circumstances?)|(?:prohibited|forbidden|"
    r"banned|barred|outlawed|disallowed|proscribed|precluded)|prohibits?|forbids?|not (?:be )?(?:authorized|permitted|"
    r"allowed|approved|sanctioned|acceptable|to be used|be used|used)|unauthorized|impermissible|refrain from|"
    r"(?:is|are) not to|nor)\b",
    re.IGNORECASE,
)
_ADVISE = re.compile(
    r"\b(?:should|ought to|(?:are|is) encouraged|encourages?|recommended|recommends?|advisable|preferably|"
    r"(?:when|where|whenever|wherever|if|as soon as) (?:reasonably )?possible|to the extent possible|consider|"
    r"(?:are|is) expected to|expects?)\b",
    re.IGNORECASE,
)
_PERMIT = re.compile(
    r"\b(?:may|can|could|(?:is|are|be|been|being) (?:an? )?(?:authorized|permitted|allowed|approved|acceptable|permissible)"
    r"|authorized|permitted|allowed|approved|permissible|(?:is|are) (?:an? )?(?:option|alternative|technique|tool)"
    r"|(?:(?:should|shall|must|will|may|can) )?(?:only be|be) (?:used|utilized|applied|employed|fired|discharged|deployed|administered))\b",
    re.IGNORECASE,
)
_REQUIRE = re.compile(
    r"\b(?:shall|must|will|always|(?:is|are|be) required|requires?|(?:has|have) (?:a|the) (?:duty|obligation|responsibility)"
    r"|duty to|(?:is|are) (?:obligated|obliged|mandated|responsible)|mandatory|are to|is to|need to|needs to)\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"(?:^\W*|[,;:]\s*|\band\s+|\bfirst\s+|\balways\s+)(?:give|identify|precede|issue|warn|report|notify|document|intervene|"
    r"intercede|render|provide|request|summon|ensure|attempt|complete|submit|call|inform|de-escalate|stop|use|employ|"
    r"exhaust)\b(?! of\b)",
    re.IGNORECASE,
)
_EXCEPTION = re.compile(
    r"\b(?:unless|except|exception|only (?:when|if|where|in|after|under|as|to|for|with|by|on|upon|against|during|until)"
    r"|(?:may|shall|should|can|will|to) only|only be|only (?:those|officers|members|personnel|deputies|employees|a|an|one)"
    r"|other than|provided that|providing that|save (?:where|when)|exceptional (?:circumstances?|situations?|cases?)"
    r"|generally|normally|ordinarily|in (?:extreme|exigent|limited|rare|emergency) (?:circumstances|situations|cases)"
    r"|with(?:out)? (?:the )?(?:prior )?(?:approval|authorization|permission) of|as a last resort|last resort"
    r"|(?:upon|on) (?:formal |written |a )?(?:written )?request)\b",
    re.IGNORECASE,
)
_SCOPE_BREAK = re.compile(
    r";|(?<!e\.g)(?<!i\.e)(?<!etc)(?<!\bno)\.\s|\bhowever\b|\bbut\b(?! (?:are |is )?not limited)|\bwhereas\b|\balthough\b|\bnevertheless\b|\bexcept that\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ClauseReading:
    """The reading of one topic mention, and the cue words behind it."""

    reading: Reading
    base: Reading
    """For `restricts`: what the restricted rule is (prohibits, permits or requires); else equal to reading."""
    cues: tuple[str, ...]
    deadly_only: bool = False
    refusal: str = ""
    """For `refuses`: 'duty' (not required to …) or 'disclosure' (not for public release …)."""


def read(text: str, topic_start: int, topic_end: int, lead: str = "") -> ClauseReading:
    """Read the scope of `text` holding the topic span [topic_start, topic_end), falling back on `lead`."""
    masked = _mask(text)
    scope_start, scope_end = _scope(masked, topic_start, topic_end)
    scope = masked[scope_start:scope_end]
    anchor = ((topic_start + topic_end) // 2) - scope_start
    # A refusal of a duty is read in the topic's scope; a restriction on disclosure covers the whole clause.
    for pattern, kind, where in ((_REFUSES_DUTY, "duty", scope), (_REFUSES_DISCLOSURE, "disclosure", masked)):
        refused = pattern.search(where)
        if refused:
            if kind == "duty" and _CARVE_OUT.search(where[: refused.start()]):
                # "Officers who keep the firearm at low ready are not required to report": an exemption, not a refusal.
                return ClauseReading(Reading.RESTRICTS, Reading.REQUIRES, (refused.group(0),))
            return ClauseReading(Reading.REFUSES, Reading.REFUSES, (refused.group(0),), refusal=kind)
    base, cue = _modal(scope, anchor)
    context = f"{_mask(lead)} {masked}" if lead else masked
    if base is Reading.MENTIONS and lead:
        lead_masked = _mask(lead)
        base, cue = _modal(lead_masked, len(lead_masked))
    exception = _EXCEPTION.search(_DEADLY.sub(" ", scope)) or (_EXCEPTION.search(_mask(lead)) if lead else None)
    deadly = _DEADLY.search(context)
    cues = tuple(
        word for word in (cue, exception.group(0) if exception else "", deadly.group(0) if deadly else "") if word
    )
    if exception and base in (Reading.PROHIBITS, Reading.PERMITS, Reading.REQUIRES, Reading.MENTIONS):
        return ClauseReading(Reading.RESTRICTS, base, cues, deadly_only=bool(deadly))
    return ClauseReading(base, base, cues, deadly_only=bool(deadly))


def _mask(text: str) -> str:
    """Blank out phrases that look like cues but are not, keeping every offset in place."""
    return _NOISE.sub(lambda match: " " * len(match.group(0)), text)


def _scope(text: str, start: int, end: int) -> tuple[int, int]:
    scope_start, scope_end = 0, len(text)
    for match in _SCOPE_BREAK.finditer(text):
        if match.end() <= start:
            scope_start = match.end()
        elif match.start() >= end:
            scope_end = match.start()
            break
    return scope_start, scope_end


def _modal(scope: str, anchor: int) -> tuple[Reading, str]:
    """The modal force of a scope: prohibitions decide; otherwise the cue nearest the topic."""
    without_deadly = _DEADLY.sub(lambda match: " " * len(match.group(0)), scope)
    permitted = _PERMIT_BY_NEGATION.search(without_deadly)
    if permitted:
        return Reading.PERMITS, permitted.group(0)
    advisory = _ADVISORY_PROHIBIT.search(without_deadly)
    prohibit = _PROHIBIT.search(without_deadly)
    if prohibit and not (advisory and advisory.start() <= prohibit.start() <= advisory.end()):
        if advisory and abs(advisory.start() - anchor) < abs(prohibit.start() - anchor):
            return Reading.ADVISES, advisory.group(0)
        return Reading.PROHIBITS, prohibit.group(0)
    if advisory:
        return Reading.ADVISES, advisory.group(0)
    remaining = _PROHIBIT.sub(lambda match: " " * len(match.group(0)), without_deadly)
    candidates: list[tuple[int, int, Reading, str]] = []
    for rank, (pattern, reading) in enumerate(
        ((_PERMIT, Reading.PERMITS), (_REQUIRE, Reading.REQUIRES), (_ADVISE, Reading.ADVISES))
    ):
        for match in pattern.finditer(remaining):
            candidates.append((abs(match.start() - anchor), rank, reading, match.group(0)))
    if not candidates:
        imperative = _IMPERATIVE.search(remaining)
        if imperative:  # "Identify yourself and give a warning": the imperative mood binds
            return Reading.REQUIRES, imperative.group(0).strip(" ,;:")
        return Reading.MENTIONS, ""
    _, _, reading, cue = min(candidates)
    return reading, cue
