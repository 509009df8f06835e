"""The clause frame: what one clause does to one topic mention, read from its words and the cue lexicon.

For a mention the frame finds the cues that act on it inside its scope (scope.py: scope ends at a `terminate` cue
or a sentence end; a cue's own direction and maximum scope apply, as in ConText), reads an express refusal of a duty
first (refusals.py), then lets modality decide which cue rules (modality.py). Exceptions, deadly-force conditions and settings in the scope or the list lead-in turn the
rule into a restricted one (restrictions.py says which belong to the rule). A list item with no cue of its own takes its lead-in's. The frame says what the clause
does; what that means for an item's status is decided in decide.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from policy_audit.models import Frame, Item, Kind, Reading
from policy_audit.read.clause import Analysed, CueHit, Mention
from policy_audit.read.cues import READING_CUES, CompiledCues, Cue
from policy_audit.read.lexicon import Lexicon, Token
from policy_audit.read.modality import governed, main_cues, modal_reading
from policy_audit.read.refusals import (
    OBJECT_REACH,
    after_preposition,
    choice_among_means,
    express_refusal,
    governs_mention,
    of_another_noun,
    refused_consequence,
    refuses_another_act,
    requires_not_of_it,
)
from policy_audit.read.restrictions import (
    another_route,
    condition_on_ban,
    ends_in_or,
    fronted_condition,
    ground_beyond_deadly,
    in_condition,
    in_later_ground,
    limited_to_setting,
    narrowed_duty,
    of_earlier_predicate,
    of_later_predicate,
    one_ground_of_several,
    proviso_start,
    relative_insertion,
)
from policy_audit.read.scope import acting_cues
from policy_audit.read.syntax import (
    MODAL_WORDS,
    after_marker,
    clause_joint,
    marker_of,
    referred_item,
    skip,
    subject_span,
    without_insertions,
)

_BEFORE_OBJECT = frozenset(
    {"at", "in", "to", "for", "of", "on", "with", "by", "from", "within", "under", "only", "after", "following", "once"}
)
"""Words that put a noun after a verb out of its object ('may use at each level of the continuum', 'may use deadly
force after a verbal warning has been given')."""


_HEADLINE_REACH = 4
_DENIED_REACH = 3
"""How many words 'no' and its adjectives may take before the thing it denies ("No tactical option is …")."""
_ABSENT = frozenset({"available", "exist", "remain", "feasible", "possible", "practicable", "effective", "ineffective"})
"""Predicates by which "no …" states a circumstance ("no other reasonable option is available"), not a denial."""


_HEADLINE_MARKS = frozenset({":", "-", "--", "–", "—"})


_SENTENCE_VERBS = frozenset(
    {"be", "have", "do", "shall", "will", "may", "can", "must", "should", "would", "could", "might", "need", "use"}
)
"""Words that make a clause opening with 'no' a sentence about something ('No chokehold was used')."""


_SEEING_TO = frozenset({"ensure", "see", "require", "direct", "order", "instruct", "train", "teach", "remind"})
"""Verbs by which a rank has others act ('Supervisors shall ensure that officers intervene')."""


_BINDING_OPENERS = frozenset({"shall", "must", "may", "will", "no", "never"})
"""First words of a ban that binds ("shall not", "No officer shall"), unlike "could not" reporting what was possible."""
_JOINING = frozenset({"and", "or", "/", "&"})


_RULES = (Reading.PROHIBITS, Reading.PERMITS, Reading.REQUIRES, Reading.MENTIONS)


def read_frame(
    clause: Analysed,
    mention: Mention,
    kind: Kind,
    verbs: CompiledCues,
    lexicon: Lexicon,
    lead: Analysed | None = None,
    setting_elsewhere: bool = False,
    deadly_elsewhere: bool = False,
    records: bool = True,
    bearer_elsewhere: str = "",
) -> Frame:
    """Read what `clause` does to the topic at token span `mention` for an item of `kind`. `setting_elsewhere` and
    `deadly_elsewhere`: the heading names a setting, or the conditions listed after the clause include deadly force.
    `records`: the item is itself a duty to record ("report the discharge"), so a duty to record the practice is
    its duty. `bearer_elsewhere`: the rank the heading names as the one whose duties its items are ("Sergeants and
    Supervisors —"), which a rule with no subject of its own is laid on."""
    if kind is Kind.BAN and _names_a_persons_state(clause.tokens, mention):
        return Frame(Reading.MENTIONS, Reading.MENTIONS, ())  # "A hog-tied subject shall never be left face down"
    if kind is Kind.BAN and mention.end < len(clause.tokens) and clause.tokens[mention.end].lemma in _EXCEPTION_NOUNS:
        # "approve any hog-tie exception under 4.2": the rule is on the exception the ban makes, read where it is made
        return Frame(Reading.MENTIONS, Reading.MENTIONS, ())
    cues = [  # a cue inside the topic's own words is part of the topic, but for publication a route is both
        hit
        for hit in clause.cues
        if hit.cue is Cue.REFUSE_DISCLOSURE
        or (kind is Kind.PUBLICATION and hit.cue is Cue.EXCEPTION)  # "the public may request a copy"
        or not set(range(hit.start, hit.end)) <= mention.words
    ]
    cues, (low, high), scoped = acting_cues(clause, cues, mention, lexicon)
    # A deadly-force condition beyond a ';' or 'however' is another rule's ("… prohibited except where deadly force
    # is justified; the carotid restraint remains an authorized technique").
    conditions = [hit for hit in cues if hit.cue is Cue.DEADLY_FORCE and low <= hit.start < high]
    deadly = (bool(conditions) and not ground_beyond_deadly(clause.tokens, conditions, cues)) or (
        bool(lead and lead.has(Cue.DEADLY_FORCE)) or deadly_elsewhere
    )
    limited = limited_to_setting(clause, cues, lead, setting_elsewhere, mention)
    refusing = [  # a ban asks for no duty: refusing one ("… may be fired at the member's discretion") says nothing
        hit
        for hit in scoped
        if kind is not Kind.BAN
        and not choice_among_means(clause.tokens, hit, mention, high, lexicon)
        and not of_another_noun(clause.tokens, hit, mention)  # "assigned to duties that do not require it"
        and not requires_not_of_it(clause.tokens, hit, mention)
        and not refuses_another_act(clause.tokens, hit, mention, lexicon)
        and not any(token.lemma in MODAL_WORDS for token in clause.tokens[hit.end : mention.start])
        and (kind is not Kind.DESCRIBES or governs_mention(clause, hit, mention, verbs, lexicon))
    ]
    refusal = express_refusal(clause.tokens, refusing, mention, low, high, limited, kind)
    if refusal is None and kind is Kind.PUBLICATION:
        refusal = next(
            (
                Frame(Reading.REFUSES, Reading.REFUSES, (hit.text,), refusal="disclosure", limited=limited)
                for hit in cues
                if hit.cue is Cue.REFUSE_DISCLOSURE
            ),
            None,
        )
    if refusal is not None:
        return refusal
    frame = _rule(clause, mention, kind, verbs, lexicon, lead, scoped, conditions, deadly, limited, records)
    if frame.base is Reading.REQUIRES and not frame.bearer and not _has_subject(clause, scoped):
        # "8.2 Sergeants and Supervisors — b. When present, intervene …", "Supervisors shall: (b) intervene …"
        frame = replace(frame, bearer=(_lead_bearer(lead, verbs, lexicon) if lead else "") or bearer_elsewhere)
    if kind is Kind.DESCRIBES:
        frame = _denied_itself(clause, _narrowed_to_itself(clause, frame, scoped, mention), mention)
        return _left_optional(clause, _forbidden_itself(clause, frame, scoped, mention, verbs), scoped, mention, verbs, lexicon)
    if kind is Kind.BAN:
        return _excepted_from_a_ban(clause, frame)
    return refused_consequence(clause, frame) if kind is Kind.DUTY else frame


def _excepted_from_a_ban(clause: Analysed, frame: Frame) -> Frame:
    """ "However, a member may fire a warning shot where deadly force would be justified", "Notwithstanding the
    foregoing, a member … may discharge a warning shot … where lethal force would be justified": a permission that
    opens by turning against a ban is that ban's deadly-force exception, not a grant of its own. A wider one
    ("However, … may fire one to disperse a riot") still authorizes."""
    tokens = clause.tokens
    # where the rule's words open: after a list marker, or in an amendment's quote ('… adding the following:
    # "Notwithstanding the foregoing, …"')
    quoted = [at + 2 for at in range(len(tokens) - 2) if tokens[at].text == ":" and tokens[at + 1].text in _QUOTES]
    turned = any(at < len(tokens) and tokens[at].lemma in _TURNS for at in [after_marker(tokens), *quoted])
    if frame.reading is Reading.PERMITS and frame.deadly_only and turned:
        return replace(frame, reading=Reading.RESTRICTS, base=Reading.PROHIBITS)
    return frame


_TURNS = frozenset({"however", "but", "nevertheless", "nonetheless", "notwithstanding"})
_QUOTES = frozenset({'"', "“", "'", "‘"})
"""Words that open a sentence turning against what came before ("However, …", "Notwithstanding the foregoing, …")."""


def _denied_itself(clause: Analysed, frame: Frame, mention: Mention) -> Frame:
    """ "No tactical option is tied to a particular level of resistance": for a thing a policy sets out, a subject
    opened by 'no' says there is none (a rule on it is read by its cue: "No matrix shall be used")."""
    tokens = clause.tokens
    if frame.reading is not Reading.MENTIONS or mention.start == 0:
        return frame
    opening = after_marker(tokens)
    for at in range(opening, mention.start):  # or where a later clause opens (", and no tactical option is …")
        if clause_joint(tokens, at) or tokens[at].text == ":":
            opening = at + (2 if tokens[at].text == "," else 1)
    before = tokens[opening : mention.start]
    said = any(token.lemma in _SENTENCE_VERBS for token in tokens[mention.start :])
    if any(token.lemma in _ABSENT for token in tokens[mention.start :]):
        return frame  # "no other reasonable option is available" states a circumstance, not that there is none
    if said and before and before[0].lemma == "no" and len(before) <= _DENIED_REACH and all(t.is_word for t in before):
        return Frame(Reading.REFUSES, Reading.REFUSES, ("no",), refusal="duty", limited=frame.limited)
    return frame


def _forbidden_itself(
    clause: Analysed, frame: Frame, scoped: list[CueHit], mention: Mention, verbs: CompiledCues
) -> Frame:
    """ "No continuum or matrix shall be used …", "The matrix shall not be used …", "The continuum is no longer
    used": for a thing a policy sets out, forbidding the thing itself disowns it (forbidding deadly force unless
    alternatives fail does not)."""
    if frame.reading is not Reading.PROHIBITS:
        return frame
    tokens = clause.tokens
    itself = any(
        hit.cue is Cue.PROHIBIT
        and (
            (hit.start <= mention.start < mention.end <= hit.end and not after_preposition(tokens, mention))
            or (hit.start == mention.end and frame.verb in verbs.use_verbs and not after_preposition(tokens, mention))
            or (
                # "The matrix is not used", "The continuum chart shall no longer be displayed": the subject, perhaps
                # with one noun more, then its verb
                mention.end < hit.start <= mention.end + 2
                and tokens[hit.start - 1].lemma in ("be", *MODAL_WORDS)
                and tokens[hit.end - 1].lemma in verbs.use_verbs
                and not after_preposition(tokens, mention)
            )
        )
        for hit in scoped
    )
    return (
        Frame(Reading.REFUSES, Reading.REFUSES, frame.cues, refusal="duty", limited=frame.limited) if itself else frame
    )


def _narrowed_to_itself(clause: Analysed, frame: Frame, scoped: list[CueHit], mention: Mention) -> Frame:
    """ "may use deadly force only when all reasonable alternatives have been exhausted": for a thing a policy sets
    out, a narrowing 'only' before the thing makes the thing the condition, which sets it out."""
    if frame.narrowed and not one_ground_of_several(clause.tokens, mention) and any(
        hit.cue is Cue.EXCEPTION and hit.start < mention.start and clause.tokens[hit.start].lemma == "only"
        for hit in scoped
    ):
        return replace(frame, narrowed=False)
    return frame


def _left_optional(
    clause: Analysed, frame: Frame, scoped: list[CueHit], mention: Mention, verbs: CompiledCues, lexicon: Lexicon
) -> Frame:
    """ "Officers may, at their discretion, give a warning before firing", "A warning … may be considered": a
    permission whose act is the thing itself leaves it optional; the levels of force "officers may use", or deadly
    force that may be used after a warning, are still set out."""
    if frame.reading is not Reading.PERMITS or frame.base is not Reading.PERMITS:
        return frame
    for hit in scoped:
        if not hit.modal or hit.cue is not Cue.PERMIT:
            continue
        if hit.start >= mention.end:  # the thing is the subject of a passive: "A warning may be given"
            subject_end = without_insertions(clause.tokens[mention.end : hit.start])
            passive = hit.end < len(clause.tokens) and clause.tokens[hit.end].lemma == "be"
            if passive and not [token for token in subject_end if token.is_word]:
                return replace(frame, optional=True)
            continue
        verb_at = governed(clause.tokens, hit, lexicon, verbs)
        between = [token.lemma for token in clause.tokens[verb_at + 1 : mention.start] if token.is_word]
        first = clause.tokens[mention.start].lemma
        if 0 <= verb_at < mention.start and len(between) <= OBJECT_REACH and not _BEFORE_OBJECT & {*between, first}:
            return replace(frame, optional=True)
    return frame


_RECORDING = frozenset({"document", "report", "record", "note", "describe", "photograph", "log"})
"""Verbs that record a practice after the fact: a duty to record it is not a duty to do it."""


_CONDITION_OPENERS = frozenset({"who", "whom", "whose", "where", "when", "whenever", "if", "once", "after"})
_LISTED_OBJECT_REACH = 8


@cache
def records_itself(item: Item) -> bool:
    """Do an item's topic or context phrases name a recording verb ("report", "notify|inform")? Then recording is
    its duty. Worked out once an item."""
    phrases = (*item.topic.phrases, *item.topic.context)
    return any(word in _RECORDING for phrase in phrases for word in re.findall(r"[a-z]+", phrase.lower()))


def _recorded_only(tokens: Sequence[Token], verb: int, mention: Mention, lexicon: Lexicon) -> bool:
    """Is the rule only that the practice be recorded: "… shall document the intervention", or in the passive,
    '"de-escalation" means … and shall be recorded with the time …'?"""
    if verb < 0:
        return False
    if tokens[verb].lemma == "be":
        verb = skip(tokens, verb + 1, lexicon)
        if verb >= len(tokens):
            return False
    if tokens[verb].lemma not in _RECORDING:
        return False
    passive = mention.start < verb and any(token.lemma == "be" for token in tokens[max(0, verb - 3) : verb])
    return passive or _done_before_recorded(tokens, verb, mention)


def _lead_records(lead: Analysed, cue: str, verbs: CompiledCues, lexicon: Lexicon) -> bool:
    """Is the lead-in's rule a duty to record its items ("The report shall describe:", "Officers shall document:")?"""
    deciding = next((hit for hit in lead.cues if hit.text == cue), None)
    verb = governed(lead.tokens, deciding, lexicon, verbs) if deciding is not None else -1
    return verb >= 0 and lead.tokens[verb].lemma in _RECORDING


def _done_before_recorded(tokens: Sequence[Token], verb: int, mention: Mention) -> bool:
    """Is the practice what the recording verb records: its object ("shall document the intervention"), or named in
    a relative or conditional clause before it ("A member who intervenes … shall document …")? Not when the
    recording verb is what the item names ("who witnesses such force shall report it")."""
    if verb in mention.words:
        return False
    if mention.start > verb:
        # its object, or one of a list of them ("shall describe the circumstances, any de-escalation attempted, …")
        between = tokens[verb + 1 : mention.start]
        listed = any(token.text == "," for token in between)
        return mention.start - verb <= (_LISTED_OBJECT_REACH if listed else 3) and all(
            (token.is_word or token.text == ",") and token.lemma not in ("and", "or") for token in between
        )
    return any(token.lemma in _CONDITION_OPENERS for token in tokens[: mention.start])


def _rule(
    clause: Analysed,
    mention: Mention,
    kind: Kind,
    verbs: CompiledCues,
    lexicon: Lexicon,
    lead: Analysed | None,
    scoped: list[CueHit],
    conditions: list[CueHit],
    deadly: bool,
    limited: bool,
    records: bool = True,
) -> Frame:
    """The rule the cues in scope (or the lead-in's) lay on the topic, restricted by any exception."""
    readable, exceptions = _ruling_cues(clause, mention, verbs, lexicon, scoped, conditions)
    if kind is Kind.PUBLICATION:
        exceptions = [hit for hit in exceptions if not another_route(clause.tokens, hit, mention, lexicon)]
    base, cue = modal_reading(clause.tokens, readable + exceptions, mention, kind, verbs, lexicon)
    if lead is not None:
        base, cue, exceptions = _with_lead(clause, lead, base, cue, bool(readable), exceptions, kind, verbs, lexicon)
    if base is Reading.MENTIONS and kind is Kind.BAN and _headline_ban(clause.tokens, mention):
        base, cue = Reading.PROHIBITS, clause.tokens[after_marker(clause.tokens)].text
    elif base is Reading.MENTIONS and kind is Kind.BAN and headline_only(clause, mention):
        base, cue = Reading.PERMITS, "only"
    deadly_words = next((hit.text for hit in clause.cues if hit.cue is Cue.DEADLY_FORCE), "")
    words = tuple(word for word in (cue, exceptions[0].text if exceptions else "", deadly_words) if word)
    # the deciding cue's words may stand twice ("the supervisor shall allow …, and staff shall attempt …"): the last
    # one before the topic decides
    same = [hit for hit in readable if hit.text == cue]
    before = [hit for hit in same if hit.start < mention.start]
    deciding = max(before, key=lambda hit: hit.start) if before else next(iter(same), None)
    verb_at = governed(clause.tokens, deciding, lexicon, verbs) if deciding is not None else -1
    verb = clause.tokens[verb_at].lemma if verb_at >= 0 else ""
    if base is Reading.REQUIRES and not records and _recorded_only(clause.tokens, verb_at, mention, lexicon):
        # "A member who intervenes … shall document the intervention", "Where a member elects to use de-escalation
        # tactics, the member shall document those tactics": the duty is to record the practice if it was done.
        base, cue = Reading.MENTIONS, ""
    elif base is Reading.REQUIRES and not records and not readable and lead is not None and _lead_records(lead, cue, verbs, lexicon):
        # "The report shall describe: … (c) any de-escalation attempts …": the item is what the report records
        base, cue = Reading.MENTIONS, ""
    reading = Reading.RESTRICTS if exceptions and base in _RULES else base
    narrowed = (base is Reading.REQUIRES and narrowed_duty(clause.tokens, exceptions, scoped, mention, deciding)) or (
        one_ground_of_several(clause.tokens, mention) or (lead is not None and ends_in_or(clause))
    )
    return Frame(
        reading,
        base,
        words,
        deadly,
        limited=limited,
        verb=verb,
        acts=verb in verbs.act_verbs,
        narrowed=narrowed,
        bearer=_bearer(clause, deciding, verb),
        forbids_itself=kind is Kind.DUTY
        and base is Reading.PROHIBITS
        and deciding is not None
        and clause.tokens[deciding.start].lemma in _BINDING_OPENERS
        and verb_at in mention.words,
        feasible=base is Reading.ADVISES
        and (
            (deciding is not None and _feasible_duty(deciding, readable))
            or _binding_lead(lead, readable, kind, verbs, lexicon)
        ),
        conditional=reading is Reading.PROHIBITS and kind is Kind.BAN and condition_on_ban(clause.tokens, mention, readable),
    )


def _feasible_duty(deciding: CueHit, readable: Sequence[CueHit]) -> bool:
    """ "Officers shall, whenever possible, use de-escalation": the advice is a condition of feasibility on a
    binding modal, not a "should"."""
    cues = {hit.cue for hit in readable}
    return deciding.cue is Cue.FEASIBILITY and Cue.REQUIRE in cues and Cue.ADVISE not in cues


def _bearer(clause: Analysed, deciding: CueHit | None, verb: str) -> str:
    """The rank or unit a rule is laid on when that is its whole subject ("A sergeant who … shall intervene", "SWAT
    operators shall …"), else ''. Every conjunct must name one ("Supervisors and officers shall …" binds every
    officer), and a rule that has them see to it that others act ("Supervisors shall ensure that officers …")
    binds the others."""
    if deciding is None or verb in _SEEING_TO:
        return ""
    tokens = clause.tokens
    start, end = subject_span(tokens, deciding.start)
    # "…, the supervisor shall allow a cooling-off period, and staff shall attempt …": a rule coordinated after
    # another has its own subject
    joined = [at + 2 for at in range(end, deciding.start - 1) if tokens[at].text == "," and tokens[at + 1].lemma == "and"]
    if joined and any(hit.cue in READING_CUES and end <= hit.start < joined[-1] for hit in clause.cues):
        start, end = joined[-1], deciding.start
    ranks = [hit for hit in clause.cues if hit.cue is Cue.RANK and start <= hit.start and hit.end <= end]
    if not ranks:
        return ""
    joints = [at for at in range(start, end) if clause.tokens[at].lemma in _JOINING]
    conjuncts = zip([start, *(at + 1 for at in joints)], [*joints, end], strict=True)
    named = all(any(low <= hit.start < high for hit in ranks) for low, high in conjuncts)
    return ranks[0].text if named else ""


def _has_subject(clause: Analysed, scoped: Sequence[CueHit]) -> bool:
    """Does the rule name who it is laid on before its modal, or is it an item with no subject ("b. intervene …")?"""
    ruling = next((hit for hit in scoped if hit.cue in READING_CUES), None)
    if ruling is None:
        return False
    start, end = subject_span(clause.tokens, ruling.start)
    return any(token.is_word for token in clause.tokens[start:end])


def _lead_bearer(lead: Analysed, verbs: CompiledCues, lexicon: Lexicon) -> str:
    """The rank a list's lead-in lays its items on ("Supervisors shall: …"), else ''."""
    deciding = next((hit for hit in lead.cues if hit.cue is Cue.REQUIRE and hit.modal), None)
    if deciding is None:
        return ""
    verb_at = governed(lead.tokens, deciding, lexicon, verbs)
    return _bearer(lead, deciding, lead.tokens[verb_at].lemma if verb_at >= 0 else "")


def _ruling_cues(
    clause: Analysed,
    mention: Mention,
    verbs: CompiledCues,
    lexicon: Lexicon,
    scoped: list[CueHit],
    conditions: list[CueHit],
) -> tuple[list[CueHit], list[CueHit]]:
    """(the cues that may say what the clause does to the topic, the exceptions that restrict it)."""
    readable = [
        hit
        for hit in scoped
        if hit.cue in READING_CUES
        and hit.cue is not Cue.REFUSE_DISCLOSURE
        and (hit.cue is Cue.CLASSIFY or not in_condition(hit, conditions))  # "Deadly force includes …" classes
    ]
    exceptions = [
        hit
        for hit in scoped
        if hit.cue is Cue.EXCEPTION
        and not in_condition(hit, conditions)
        and not in_later_ground(clause.tokens, mention, hit)
    ]
    readable = main_cues(clause.tokens, readable, lexicon, verbs)
    joint = _next_subject_clause(clause.tokens, mention)
    if any(hit.start < joint for hit in readable):
        # "… officers should avoid connecting them behind the back, and the subject must not be left prone": the
        # later clause rules on its own subject.
        readable = [hit for hit in readable if hit.start < joint]
    proviso = proviso_start(clause.tokens, mention)
    if any(hit.start < proviso for hit in readable):
        # "the hobble may be connected to the handcuffs, provided the prisoner … is never placed face-down": the
        # proviso's own cues rule on what the proviso says, not on the practice the rule before it allows.
        readable = [hit for hit in readable if hit.start < proviso]
    fronted = fronted_condition(clause.tokens, mention)
    if any(hit.start >= fronted for hit in readable):
        # "When … transport cannot safely be accomplished, members may use the TARP": the condition's own cue
        # says nothing of the practice the main clause rules on.
        readable = [hit for hit in readable if hit.start >= fronted or hit.cue is Cue.FEASIBILITY]
    # "It replaces the former section (c), which permitted warning shots in limited circumstances, with a
    # prohibition": an exception inside an insertion on another noun restricts nothing the rule outside it says.
    exceptions = [
        hit
        for hit in exceptions
        if not (
            (insertion := relative_insertion(clause.tokens, hit))
            and any(not insertion[0] <= cue.start < insertion[1] for cue in readable)
        )
    ]
    exceptions = [
        hit
        for hit in exceptions
        if not of_earlier_predicate(clause.tokens, hit, mention, readable)
        and not of_later_predicate(clause.tokens, hit, mention, readable)
    ]
    described = [hit for hit in readable if of_another_noun(clause.tokens, hit, mention)]
    if len(described) < len(readable):
        # "encouraged to intervene … to stop force that is prohibited by this Directive": the relative clause says
        # what the force is; the clause's own cue rules the topic.
        readable = [hit for hit in readable if hit not in described]
    return readable, exceptions


def _next_subject_clause(tokens: Sequence[Token], mention: Mention) -> int:
    """Where a coordinated clause with a subject of its own (", and the subject …") starts after the mention."""
    for at in range(mention.end, len(tokens) - 2):
        if clause_joint(tokens, at) and tokens[at].text == "," and tokens[at + 2].lemma in _NEW_SUBJECT:
            return at
    return len(tokens)


_NEW_SUBJECT = frozenset({"the", "a", "an"})


def headline_only(clause: Analysed, mention: Mention) -> bool:
    """ "Warning shots: only if deadly force is justified", or under a slide's heading "Only if: DF is justified AND
    …": the practice, named in a headline with no verb, allowed only on the condition that follows."""
    tokens = clause.tokens
    opening = after_marker(tokens)
    if mention.end:  # the practice's name, perhaps with a word more ("Carotid restraint:"), then a colon or dash
        marks = [at for at in range(mention.end, min(mention.end + 3, len(tokens))) if tokens[at].text in _HEADLINE_MARKS]
        if not marks:
            return False
        opening = marks[0] + 1
    while opening < len(tokens) and tokens[opening].text in _HEADLINE_MARKS:
        opening += 1
    return opening < len(tokens) and any(
        hit.cue is Cue.EXCEPTION and hit.start == opening and tokens[opening].lemma == "only" for hit in clause.cues
    ) and not any(token.lemma in _SENTENCE_VERBS for token in tokens[: opening])


def _headline_ban(tokens: Sequence[Token], mention: Mention) -> bool:
    """ "NO chokeholds.", "No warning shots — ever.": a clause that opens with 'no' before the practice and has no
    verb to say anything else of it (not "No chokehold was used") forbids it, as a pocket card or a slide does."""
    opening = after_marker(tokens)
    return (
        opening < len(tokens)
        and tokens[opening].lemma == "no"
        and 0 < mention.start - opening <= _HEADLINE_REACH
        and not any(token.lemma in _SENTENCE_VERBS for token in tokens)
    )


def _with_lead(
    clause: Analysed,
    lead: Analysed,
    base: Reading,
    cue: str,
    has_cues: bool,
    exceptions: list[CueHit],
    kind: Kind,
    verbs: CompiledCues,
    lexicon: Lexicon,
) -> tuple[Reading, str, list[CueHit]]:
    """A list item with no cue of its own takes its lead-in's, also when it opens with a verb: "Officers shall not:
    (a) use a chokehold" forbids what the item's imperative alone would require; and the lead-in's exceptions that
    refer to no other item."""
    own_rule = base is not Reading.MENTIONS and (has_cues or bool(exceptions) or base is not Reading.REQUIRES)
    if not own_rule:
        base, cue = _lead_rule(lead, base, cue, kind, verbs, lexicon)
    if not exceptions:
        own = marker_of(clause.tokens)
        exceptions = [
            hit for hit in lead.cues if hit.cue is Cue.EXCEPTION and referred_item(lead.tokens, hit.end) in (None, own)
        ]
    return base, cue, exceptions


def _binding_lead(
    lead: Analysed | None, readable: list[CueHit], kind: Kind, verbs: CompiledCues, lexicon: Lexicon
) -> bool:
    """Is the item's advice only a condition of feasibility under a binding lead-in ("Officers shall: 1. When
    possible, exhaust available de-escalation tactics …"), like "shall, whenever possible, …"?"""
    if lead is None or not readable or any(hit.cue is not Cue.FEASIBILITY for hit in readable):
        return False
    return _lead_rule(lead, Reading.MENTIONS, "", kind, verbs, lexicon)[0] is Reading.REQUIRES


def _lead_rule(
    lead: Analysed, base: Reading, cue: str, kind: Kind, verbs: CompiledCues, lexicon: Lexicon
) -> tuple[Reading, str]:
    """The rule a list item takes from its lead-in ("The following are prohibited:")."""
    lead_cues = [hit for hit in lead.cues if hit.cue in READING_CUES and not in_condition(hit, lead.cues)]
    lead_cues = main_cues(lead.tokens, lead_cues, lexicon, verbs)
    end = len(lead.tokens)
    lead_base, lead_cue = modal_reading(lead.tokens, lead_cues, Mention.at(end, end), kind, verbs, lexicon)
    if lead_base is not Reading.MENTIONS or base is Reading.MENTIONS:
        return lead_base, lead_cue
    return base, cue


_EXCEPTION_NOUNS = frozenset({"exception", "exemption", "waiver"})
"""Nouns a ban's topic may modify ("a hog-tie exception"), naming the exception to the ban rather than the practice."""
_TENDING = frozenset({"leave", "keep", "monitor", "check", "observe", "watch", "transport"})
"""Verbs of care for a person already in a restraint ("Do not leave a subject in maximum restraint face-down")."""
_PERSONS = frozenset(
    {"subject", "person", "prisoner", "individual", "suspect", "arrestee", "inmate", "detainee", "offender", "people"}
)
"""Nouns a practice's participle may describe ("a hog-tied subject", "a restrained person")."""


def _names_a_persons_state(tokens: Sequence[Token], mention: Mention) -> bool:
    """Is the topic a participle describing the person the rule is on ("A hog-tied subject shall never be left face
    down"), so that the rule rules on that person's care, not on the practice?"""
    last = tokens[mention.end - 1] if mention.end else None
    following = tokens[mention.end] if mention.end < len(tokens) else None
    # "Do not leave a subject in maximum restraint face-down": the person in the restraint, as in "a hog-tied subject"
    before = [token.lemma for token in tokens[max(0, mention.start - 5) : mention.start]]
    held = (
        "in" in before
        and any(lemma in _PERSONS for lemma in before[: before.index("in")])
        and any(lemma in _TENDING for lemma in before)  # not "place a person in a hog-tie", which does it
    )
    return held or (
        last is not None
        and following is not None
        and last.text.lower().endswith("ed")
        and following.lemma in _PERSONS
    )
