"""The clause frame: what one clause does to one topic mention, read from its words and the cue lexicon.

For a mention the frame finds the cues that act on it inside its scope (scope ends at a `terminate` cue or a
sentence end; a cue's own direction and maximum scope apply, as in ConText), then lets modality decide which one
rules (modality.py). Exceptions, deadly-force conditions and settings in the scope or the list lead-in turn the
rule into a restricted one. A list item with no cue of its own takes its lead-in's. The frame says what the clause
does; what that means for an item's status is decided in decide.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS

from policy_audit.models import Frame, Item, Kind, Reading
from policy_audit.read.clause import Analysed, CueHit, Mention
from policy_audit.read.cues import READING_CUES, CompiledCues, Cue
from policy_audit.read.lexicon import Lexicon, Token
from policy_audit.read.modality import CONDITION_WORDS, POINTING_BACK, governed, main_cues, modal_reading
from policy_audit.read.syntax import (
    MODAL_WORDS,
    after_fronted,
    after_marker,
    clause_joint,
    marker_of,
    parentheses,
    questions,
    referred_item,
    run_in_label,
    skip,
    subject_span,
    without_insertions,
)

_DOCUMENT_NOUNS = frozenset(
    "policy directive order manual procedure section chapter document department agency office sop".split()
)
_ANY_MODAL = frozenset({"may", "can", "shall", "must", "will", "should", "would", "could", "might"})
"""Modals that also state possibility ('may endanger'), unlike shall and must."""
_DEMONSTRATIVES = frozenset({"this", "that", "such"})
_EXTENDING = frozenset({"include", "including", "also", "even"})
_EXTEND_REACH = 8
_CONSEQUENCES = frozenset({"remove", "relieve", "reassign", "suspend", "disarm", "disqualify"})
_CONSEQUENCE_NOUNS = frozenset({"removal", "reassignment", "suspension", "disqualification", "withdrawal", "revocation"})
_PASSING = frozenset({"pass", "achieve", "attain", "qualify", "meet", "reach", "complete"})
_TAKEN_AWAY = frozenset({"remove", "withdraw", "revoke", "suspend", "surrender", "confiscate", "relieve"})
"""Words of what failing costs, which a clause that lets those who fail go on may still impose."""
_MERELY = frozenset({"merely", "solely", "simply", "only", "just"})
"""Words before "because" by which a refusal refuses a reason as enough, not the duty ("… merely because …")."""
_STOPPING_SHORT = frozenset({"point", "aim", "target", "direct"})
"""Acts a case exempted from a duty stops short of ("drawing a firearm without pointing it"): the duty's act is not it."""
_NO_FORCE = frozenset({"verbal", "presence", "command", "communication", "conversation"})
"""What a case that consists only of it is no use of force ("only of verbal commands", "officer presence alone")."""
_NO_RESISTANCE = frozenset({"compliant", "cooperative", "unresisted", "unresisting", "escort"})
"""Cases with no resistance ("compliant handcuffing", "an escort"): exempting them from reporting exempts no force."""
_PERSISTING = frozenset({"continue", "persist", "prolong"})
"""Verbs by which a refusal limits how far a duty goes ("not expected to continue de-escalation …"), not the duty."""
_CARVE_OUT = frozenset({"who", "whose", "when", "if", "unless", "except", "where", "while"})
_DEFINITE = frozenset({"the", "this", "that", "such", "these", "those"})
_PREPOSITIONS = frozenset({"on", "in", "along", "within", "under", "at", "above", "below"})
"""Prepositions by which another noun names a thing as a place ("higher on the continuum"), unlike "use of it"."""
_AUXILIARIES = frozenset({"do", "does", "did", "shall", "will", "can", "could", "be", "have"})
_SENTENCE_MARKS = frozenset({".", "!", "?"})
_GROUND_OPENERS = frozenset({"to", "when", "if", "where", "whenever", "in", "for", "because"})
"""Words that open one ground of several ('to protect life, or to prevent escape'; 'when …, or when …')."""
_ALL_GROUNDS = frozenset({"and", "provide", "provided"})
"""After the last ground, ', and …' or ', provided …' adds a condition on all of them."""
_BACK_REFERENCES = frozenset({"such", "these", "those", "them", "they"})
"""A branch that refers back to the other ('… or when such options would be ineffective') restates one condition."""
_NARROWING = frozenset({"only", "solely", "exclusively", "limited", "rare"})
_PURPOSE = frozenset({"for", "as", "with", "by"})
_CHOICE_WORDS = frozenset({"every", "each", "all", "both", "order", "sequence", "sequentially", "consecutively"})
_REQUIRING = frozenset({"do", "shall", "will", "not", "require", "oblige", "obligate", "compel", "expect", "direct"})
"""A refusal whose object is a person and then the act ("does not require a member to attempt …")."""
_OBJECT_REACH = 4
"""How many words after a refused verb the thing refused may start ('follow a use-of-force continuum')."""
_BEFORE_OBJECT = frozenset(
    {"at", "in", "to", "for", "of", "on", "with", "by", "from", "within", "under", "only", "after", "following", "once"}
)
"""Words that put a noun after a verb out of its object ('may use at each level of the continuum', 'may use deadly
force after a verbal warning has been given')."""
_HEADLINE_REACH = 4
_RELATIVES = frozenset({"that", "which"})
_RELATIVE_ADVERBS = frozenset({"not", "also", "otherwise", "never", "often", "sometimes"})
_COORDINATED_REACH = 4
"""How many words the first of two coordinated predicates may take ('that is clearly unreasonable or …')."""
_HEADLINE_MARKS = frozenset({":", "-", "--", "–", "—"})
_SENTENCE_VERBS = frozenset(
    {"be", "have", "do", "shall", "will", "may", "can", "must", "should", "would", "could", "might", "need", "use"}
)
"""Words that make a clause opening with 'no' a sentence about something ('No chokehold was used')."""
_LABEL_RULES = frozenset({Cue.PROHIBIT, Cue.PERMIT, Cue.CLASSIFY, Cue.SCOPE_END, Cue.REFUSE_DISCLOSURE})
"""What a run-in title ("Warning Shots: Prohibited", "Intermediate force: baton, OC spray") can say of its topic."""
_SEEING_TO = frozenset({"ensure", "see", "require", "direct", "order", "instruct", "train", "teach", "remind"})
"""Verbs by which a rank has others act ('Supervisors shall ensure that officers intervene')."""
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
) -> Frame:
    """Read what `clause` does to the topic at token span `mention` for an item of `kind`. `setting_elsewhere` and
    `deadly_elsewhere`: the heading names a setting, or the conditions listed after the clause include deadly force.
    `records`: the item is itself a duty to record ("report the discharge"), so a duty to record the practice is
    its duty."""
    cues = [  # a cue inside the topic's own words is part of the topic, but for publication a route is both
        hit
        for hit in clause.cues
        if hit.cue is Cue.REFUSE_DISCLOSURE
        or (kind is Kind.PUBLICATION and hit.cue is Cue.EXCEPTION)  # "the public may request a copy"
        or not set(range(hit.start, hit.end)) <= mention.words
    ]
    cues, (low, high), scoped = _acting(clause, cues, mention, lexicon)
    # A deadly-force condition beyond a ';' or 'however' is another rule's ("… prohibited except where deadly force
    # is justified; the carotid restraint remains an authorized technique").
    conditions = [hit for hit in cues if hit.cue is Cue.DEADLY_FORCE and low <= hit.start < high]
    deadly = bool(conditions) or bool(lead and lead.has(Cue.DEADLY_FORCE)) or deadly_elsewhere
    limited = _limited(clause, cues, lead, setting_elsewhere, mention)
    refusing = [  # a ban asks for no duty: refusing one ("… may be fired at the member's discretion") says nothing
        hit
        for hit in scoped
        if kind is not Kind.BAN
        and not _choice_among_means(clause.tokens, hit, mention, high, lexicon)
        and not _of_another_noun(clause.tokens, hit, mention)  # "assigned to duties that do not require it"
        and not _requires_not_of_it(clause.tokens, hit, mention)
        and not any(token.lemma in MODAL_WORDS for token in clause.tokens[hit.end : mention.start])
        and (kind is not Kind.DESCRIBES or _governs_mention(clause, hit, mention, verbs, lexicon))
    ]
    refusal = _refusal(clause.tokens, refusing, mention, low, high, limited)
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
    if kind is Kind.DESCRIBES:
        frame = _narrowed_to_itself(clause, frame, scoped, mention)
        return _left_optional(clause, _forbidden_itself(clause, frame, scoped, mention, verbs), scoped, mention, verbs, lexicon)
    return _refused_consequence(clause, frame) if kind is Kind.DUTY else frame


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
            hit.start <= mention.start < mention.end <= hit.end
            or (hit.start == mention.end and frame.verb in verbs.use_verbs and not _after_preposition(tokens, mention))
            or (
                # "The matrix is not used", "The continuum chart shall no longer be displayed": the subject, perhaps
                # with one noun more, then its verb
                mention.end < hit.start <= mention.end + 2
                and tokens[hit.start - 1].lemma in ("be", *MODAL_WORDS)
                and tokens[hit.end - 1].lemma in verbs.use_verbs
                and not _after_preposition(tokens, mention)
            )
        )
        for hit in scoped
    )
    return (
        Frame(Reading.REFUSES, Reading.REFUSES, frame.cues, refusal="duty", limited=frame.limited) if itself else frame
    )


def _after_preposition(tokens: Sequence[Token], mention: Mention) -> bool:
    """ "Responses higher on the continuum are not to be used against …": the thing is named inside another noun's
    phrase, so a rule on the subject is not a rule on the thing."""
    at = mention.start - 1
    while at >= 0 and tokens[at].lemma in _DEFINITE | {"a", "an", "its", "their", "our"}:
        at -= 1
    return at >= 0 and tokens[at].lemma in _PREPOSITIONS


def _narrowed_to_itself(clause: Analysed, frame: Frame, scoped: list[CueHit], mention: Mention) -> Frame:
    """ "may use deadly force only when all reasonable alternatives have been exhausted": for a thing a policy sets
    out, a narrowing 'only' before the thing makes the thing the condition, which sets it out."""
    if frame.narrowed and not _one_ground_of_several(clause.tokens, mention) and any(
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
        if 0 <= verb_at < mention.start and len(between) <= _OBJECT_REACH and not _BEFORE_OBJECT & {*between, first}:
            return replace(frame, optional=True)
    return frame


def _refused_consequence(clause: Analysed, frame: Frame) -> Frame:
    """ "An officer who does not achieve a passing score shall not be removed from patrol or relieved of the weapon",
    "… removed from duty because of a qualification score", "failure … shall not result in removal from patrol":
    forbidding the consequence of failing refuses it."""
    words = {token.lemma for token in clause.tokens}
    # "failure to attain the qualifying score shall not result in removal of the firearm or reassignment"
    consequence = frame.verb in _CONSEQUENCES or (frame.verb in ("result", "lead") and bool(words & _CONSEQUENCE_NOUNS))
    if frame.reading is not Reading.PROHIBITS or not consequence:
        return frame
    if _names_failure(words) or (words & {"because", "basis"} and words & {"score", "result"}):
        return Frame(Reading.REFUSES, Reading.REFUSES, frame.cues, refusal="duty", limited=frame.limited)
    return frame


def _names_failure(lemmas: set[str]) -> bool:
    """ "who fails …", "who does not achieve a passing score …": the words name failing an assessment."""
    return "fail" in lemmas or "failure" in lemmas or ("not" in lemmas and bool(lemmas & _PASSING))


def _limited(
    clause: Analysed, cues: list[CueHit], lead: Analysed | None, setting_elsewhere: bool, mention: Mention
) -> bool:
    """Is the rule expressly limited to one setting (by the clause, its lead-in or the heading)? Not by a setting in
    a later predicate ("… shall not be hog-tied, and shall not be transported prone")."""
    own = any(
        hit.cue is Cue.SETTING and not _extends(clause.tokens, hit) and not _after_joint(clause.tokens, mention, hit)
        for hit in cues
    )
    led = lead is not None and any(hit.cue is Cue.SETTING and not _extends(lead.tokens, hit) for hit in lead.cues)
    return setting_elsewhere or own or led


def _after_joint(tokens: Sequence[Token], mention: Mention, hit: CueHit) -> bool:
    """Is the cue in a predicate joined after the mention's (", and shall …", "; …")?"""
    return any(clause_joint(tokens, at) for at in range(mention.end, min(hit.start, len(tokens) - 1)))


def _extends(tokens: Sequence[Token], setting: CueHit) -> bool:
    """ "… on any person, including inmates housed at the detention facility": a setting the rule reaches as well
    does not limit it to that setting."""
    return any(token.lemma in _EXTENDING for token in tokens[max(0, setting.start - _EXTEND_REACH) : setting.start])


_RECORDING = frozenset({"document", "report", "record", "note", "describe", "photograph", "log"})
"""Verbs that record a practice after the fact: a duty to record it is not a duty to do it."""
_CONDITION_OPENERS = frozenset({"who", "whom", "whose", "where", "when", "whenever", "if", "once", "after"})


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


def _done_before_recorded(tokens: Sequence[Token], verb: int, mention: Mention) -> bool:
    """Is the practice what the recording verb records: its object ("shall document the intervention"), or named in
    a relative or conditional clause before it ("A member who intervenes … shall document …")? Not when the
    recording verb is what the item names ("who witnesses such force shall report it")."""
    if verb in mention.words:
        return False
    if mention.start > verb:
        between = tokens[verb + 1 : mention.start]
        return mention.start - verb <= 3 and all(token.is_word and token.lemma not in ("and", "or") for token in between)
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
        exceptions = [hit for hit in exceptions if not _another_route(clause.tokens, hit, mention, lexicon)]
    base, cue = modal_reading(clause.tokens, readable + exceptions, mention, kind, verbs, lexicon)
    if lead is not None:
        base, cue, exceptions = _with_lead(clause, lead, base, cue, bool(readable), exceptions, kind, verbs, lexicon)
    if base is Reading.MENTIONS and kind is Kind.BAN and _headline_ban(clause.tokens, mention):
        base, cue = Reading.PROHIBITS, clause.tokens[after_marker(clause.tokens)].text
    elif base is Reading.MENTIONS and kind is Kind.BAN and headline_only(clause, mention):
        base, cue = Reading.PERMITS, "only"
    deadly_words = next((hit.text for hit in clause.cues if hit.cue is Cue.DEADLY_FORCE), "")
    words = tuple(word for word in (cue, exceptions[0].text if exceptions else "", deadly_words) if word)
    deciding = next((hit for hit in readable if hit.text == cue), None)
    verb_at = governed(clause.tokens, deciding, lexicon, verbs) if deciding is not None else -1
    verb = clause.tokens[verb_at].lemma if verb_at >= 0 else ""
    if base is Reading.REQUIRES and not records and _recorded_only(clause.tokens, verb_at, mention, lexicon):
        # "A member who intervenes … shall document the intervention", "Where a member elects to use de-escalation
        # tactics, the member shall document those tactics": the duty is to record the practice if it was done.
        base, cue = Reading.MENTIONS, ""
    reading = Reading.RESTRICTS if exceptions and base in _RULES else base
    narrowed = (base is Reading.REQUIRES and _narrowed(clause.tokens, exceptions, scoped, mention, deciding)) or (
        _one_ground_of_several(clause.tokens, mention) or (lead is not None and _ends_in_or(clause))
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
        feasible=base is Reading.ADVISES and deciding is not None and _feasible_duty(deciding, readable),
        conditional=reading is Reading.PROHIBITS and kind is Kind.BAN and _condition_on_ban(clause.tokens, mention, readable),
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
    start, end = subject_span(clause.tokens, deciding.start)
    ranks = [hit for hit in clause.cues if hit.cue is Cue.RANK and start <= hit.start and hit.end <= end]
    if not ranks:
        return ""
    joints = [at for at in range(start, end) if clause.tokens[at].lemma in _JOINING]
    conjuncts = zip([start, *(at + 1 for at in joints)], [*joints, end], strict=True)
    named = all(any(low <= hit.start < high for hit in ranks) for low, high in conjuncts)
    return ranks[0].text if named else ""


def _relative_pronoun(tokens: Sequence[Token], hit: CueHit) -> int:
    """Where the relative clause a cue is the predicate of opens ('force that is clearly prohibited', 'which are not
    authorized', 'duties that do not require it'); -1 when it is not in one."""
    at = hit.start - 1
    while at > 0 and (tokens[at].lemma in _RELATIVE_ADVERBS or tokens[at].lemma.endswith("ly")):
        at -= 1
    if at > 1 and tokens[at].lemma in ("or", "and"):  # 'force that is clearly unreasonable or not permitted'
        be = next((k for k in range(at - 1, max(0, at - _COORDINATED_REACH) - 1, -1) if tokens[k].lemma == "be"), -1)
        if be > 0 and all(token.is_word for token in tokens[be + 1 : at]):
            at = be
    if at > 0 and tokens[at].lemma == "be":
        at -= 1
    return at if not hit.modal and at >= 0 and tokens[at].lemma in _RELATIVES else -1


def _of_another_noun(tokens: Sequence[Token], hit: CueHit, mention: Mention) -> bool:
    """Is a cue said in a relative clause of another noun ('assigned to duties that do not require it'), not of the
    topic right before it ('Chokeholds, which are prohibited, …') nor of the topic it governs ('procedures that
    encourage members to intervene')?"""
    pronoun = _relative_pronoun(tokens, hit)
    comma = mention.end < len(tokens) and tokens[mention.end].text == ","
    governs = 0 <= mention.start - hit.end <= _OBJECT_REACH and not any(
        token.lemma in CONDITION_WORDS or token.lemma in ("until", "before", "after")
        for token in tokens[hit.end : mention.start]
    )  # not "duties that do not require it until the member qualifies"
    return pronoun >= 0 and pronoun not in (mention.end, mention.end + comma) and not governs


def _requires_not_of_it(tokens: Sequence[Token], hit: CueHit, mention: Mention) -> bool:
    """ "De-escalation does not require a member to retreat": the practice, as the subject of 'does not require',
    asks nothing of some other act; it is not refused ("De-escalation is not required" is)."""
    words = {token.lemma for token in tokens[hit.start : hit.end]}
    between = tokens[mention.end : hit.start]
    return (
        {"do", "require"} <= words
        and mention.end <= hit.start
        and len(between) <= 1
        and not any(token.text in (",", ";", ":") for token in between)
    )


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
        and not _in_later_ground(clause.tokens, mention, hit)
    ]
    readable = main_cues(clause.tokens, readable, lexicon, verbs)
    proviso = _proviso(clause.tokens, mention)
    if any(hit.start < proviso for hit in readable):
        # "the hobble may be connected to the handcuffs, provided the prisoner … is never placed face-down": the
        # proviso's own cues rule on what the proviso says, not on the practice the rule before it allows.
        readable = [hit for hit in readable if hit.start < proviso]
    fronted = _fronted_condition(clause.tokens, mention)
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
            (insertion := _relative_insertion(clause.tokens, hit))
            and any(not insertion[0] <= cue.start < insertion[1] for cue in readable)
        )
    ]
    exceptions = [
        hit
        for hit in exceptions
        if not _of_earlier_predicate(clause.tokens, hit, mention, readable)
        and not _of_later_predicate(clause.tokens, hit, mention, readable)
    ]
    described = [hit for hit in readable if _of_another_noun(clause.tokens, hit, mention)]
    if len(described) < len(readable):
        # "encouraged to intervene … to stop force that is prohibited by this Directive": the relative clause says
        # what the force is; the clause's own cue rules the topic.
        readable = [hit for hit in readable if hit not in described]
    return readable, exceptions


def _another_route(tokens: Sequence[Token], hit: CueHit, mention: Mention, lexicon: Lexicon) -> bool:
    """ "This policy shall be posted on the website and (shall be) made available to the public upon request", "…
    published in full on the website, and a copy is available on request": a route on request in a later coordinated predicate
    or clause restricts that route, not the one the mention names."""
    return mention.end <= hit.start and any(
        tokens[at].lemma == "and"
        and (lexicon.is_verb(tokens[at + 1].lemma) or tokens[at + 1].lemma in MODAL_WORDS or tokens[at - 1].text == ",")
        for at in range(max(mention.end, 1), min(hit.start, len(tokens) - 1))
    )


def _of_earlier_predicate(tokens: Sequence[Token], hit: CueHit, mention: Mention, readable: list[CueHit]) -> bool:
    """ "Leg restraints may be used only as set out in Policy 306 and shall not be connected to the handcuffs": the
    exception restricts the earlier coordinated predicate, not the later one's rule on the topic."""
    joints = [  # "and" opening another predicate: "… and, consistent with …, shall not …", "… and shall not …"
        at
        for at in range(hit.end, min(mention.start, len(tokens) - 1))
        if tokens[at].lemma == "and" and (tokens[at + 1].text == "," or tokens[at + 1].lemma in MODAL_WORDS)
    ]
    return bool(joints) and any(cue.start > joints[0] for cue in readable)


def _of_later_predicate(tokens: Sequence[Token], hit: CueHit, mention: Mention, readable: list[CueHit]) -> bool:
    """ "A hobble shall never be connected to handcuffs …, and the hobble strap shall be secured only to the door
    frame": the exception restricts a later clause with a modal of its own, not the rule on the topic."""
    joints = [
        at
        for at in range(mention.end, min(hit.start, len(tokens) - 1))
        if tokens[at].text in (",", ";") and tokens[at + 1].lemma in ("and", "but")
    ]
    if not joints or not any(cue.end <= mention.start or cue.start < joints[0] for cue in readable):
        return False
    later = tokens[joints[0] + 2 : hit.start]
    modal = next((at for at, token in enumerate(later) if token.lemma in MODAL_WORDS), None)
    # "…, and may be used only when …" shares the topic as its subject; "…, and officers may use them only …" is
    # still the topic: a later clause of its own has a subject of its own and no word pointing back.
    own_subject = modal is not None and any(token.is_word and not token.lemma.endswith("ly") for token in later[:modal])
    return own_subject and not any(token.lemma in POINTING_BACK for token in later)


def _proviso(tokens: Sequence[Token], mention: Mention) -> int:
    """Where a proviso after the mention opens (', provided (that) …', ', providing …'); the clause's end if none."""
    return next(
        (
            at
            for at in range(mention.end, len(tokens) - 1)
            if tokens[at].lemma == "provide" and tokens[at].text.lower() in ("provided", "providing")
            and tokens[at - 1].text == ","
        ),
        len(tokens),
    )


def _relative_insertion(tokens: Sequence[Token], hit: CueHit) -> tuple[int, int] | None:
    """The ", which …," insertion a cue sits in, closed by a comma before the sentence goes on; None when not in one."""
    opening = next((at for at in range(hit.start - 1, -1, -1) if tokens[at].text in (",", ";", "(")), None)
    if opening is None or tokens[opening].text != "," or opening + 1 >= len(tokens):
        return None
    if tokens[opening + 1].lemma not in ("which", "who", "whom", "whose"):
        return None
    closing = next((at for at in range(hit.end, len(tokens)) if tokens[at].text in (",", ";")), None)
    if closing is None or tokens[closing].text != "," or closing + 1 >= len(tokens) or not tokens[closing + 1].is_word:
        return None
    return opening, closing


def _fronted_condition(tokens: Sequence[Token], mention: Mention) -> int:
    """Where the main clause starts after a condition put before it ('When a prisoner …, members may use …') that
    the mention is not in; 0 when there is none."""
    opening = max(after_marker(tokens), run_in_label(tokens))
    main = after_fronted(tokens, mention.start, CONDITION_WORDS)
    return 0 if main is None or main == opening else main


def _condition_on_ban(tokens: Sequence[Token], mention: Mention, readable: Sequence[CueHit]) -> bool:
    """ "Deputies shall not fire a warning shot in any area where the round could strike an uninvolved person": a ban
    that holds only under a condition after it is no ban of the practice as such (it allows nothing either: an
    unconditional ban elsewhere still decides). A condition on doing the act
    ('when restraining a person') only describes it; 'even when', 'or when', 'including when' widen the ban; and a
    condition put before the ban ("When a vehicle is driven toward an officer, the officer shall not fire") sets the
    scene the ban is about."""
    start = max([mention.end, *(hit.end for hit in readable if hit.cue is Cue.PROHIBIT)])
    for at in range(start, len(tokens) - 1):
        token, following = tokens[at], tokens[at + 1]
        if token.text in _SENTENCE_MARKS or token.text in _CONDITION_STOPS or clause_joint(tokens, at):
            return False
        if (
            token.lemma in _BAN_CONDITIONS
            and tokens[at - 1].lemma not in _WIDENING
            and not following.text.lower().endswith("ing")
            and following.lemma not in _NOT_CONDITIONS
        ):
            return True
    return False


_BAN_CONDITIONS = frozenset({"when", "whenever", "where", "wherever", "if", "while"})
_CONDITION_STOPS = frozenset({";", ":", "(", "|", "--", "—", "–"})
"""Where the ban's own words end: a condition inside a bracket, a table's next cell or after a dash is another's."""
_WIDENING = frozenset({"except", "save", "unless", "even", "or", "only", "include", "including", "also", "and", "not"})
"""Words before a condition that make it an exception already read, or widen the ban ('even when', 'whether or not')."""
_NOT_CONDITIONS = frozenset({"possible", "feasible", "practicable", "practical", "necessary", "appropriate", "on"})
"""'where possible' is advice; 'while on duty' is when every rule applies."""


def _in_later_ground(tokens: Sequence[Token], mention: Mention, hit: CueHit) -> bool:
    """Is an exception part of a later ground, not the mention's ("shall not discharge a firearm as a warning shot,
    or to destroy an animal except in accordance with OPS-031")?"""
    return any(
        tokens[at].text == "," and tokens[at + 1].lemma in ("or", "and") and tokens[at + 2].lemma in _GROUND_OPENERS
        for at in range(mention.end, hit.start - 2)
    )


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


def _acting(
    clause: Analysed, cues: list[CueHit], mention: Mention, lexicon: Lexicon
) -> tuple[list[CueHit], tuple[int, int], list[CueHit]]:
    """(the cues that can still speak, the mention's scope, the cues in that scope that reach it)."""
    label = run_in_label(clause.tokens)
    if label:
        # "Duty to Intervene: Officers are reminded of Rule 113." — a run-in title names the paragraph's
        # subject; only a prohibition or permission in it ("Warning Shots: Prohibited") is a rule.
        cues = [hit for hit in cues if hit.start >= label or hit.cue in _LABEL_RULES]
    low, high = _scope(clause, cues, mention, lexicon)
    cues = _unasked(clause.tokens, cues, mention, questions(clause.tokens, low, high))
    brackets = parentheses(clause.tokens)
    question = high > 0 and clause.tokens[min(high, len(clause.tokens)) - 1].text == "?"
    question = question or (high < len(clause.tokens) and clause.tokens[high].text == "?")
    question = question and not any(_answered(clause.tokens, at) for at in range(low, high))
    scoped = [
        hit
        for hit in cues
        if low <= hit.start
        and hit.end <= high
        and hit.reaches(mention)
        and not (question and hit.cue in READING_CUES)  # "Mandatory before force?" asks; it does not lay down
        and not any(start < hit.start and hit.end <= end and not start < mention.start < end for start, end in brackets)
    ]
    return cues, (low, high), scoped


def _unasked(
    tokens: Sequence[Token], cues: list[CueHit], mention: Mention, asked: list[tuple[int, int]]
) -> list[CueHit]:
    """The cues that still speak beside indirect questions: "shall determine which technique will best de-escalate"
    requires no technique (a mention inside 'determine which …' is what is chosen, not what the outer modal requires),
    and "Whether or not the officer intervenes, the officer shall report …" rules nothing on intervening."""
    if not asked:
        return cues
    if any(start <= mention.start < end and _concessive(tokens, start) for start, end in asked):
        return []
    inside = next(
        ((start, end) for start, end in asked if start <= mention.start < end and tokens[start].lemma == "which"), None
    )
    return [
        hit
        for hit in cues
        if not any(start <= hit.start < end for start, end in asked) and (inside is None or hit.start >= inside[0])
    ]


def _refusal(
    tokens: Sequence[Token], scoped: Sequence[CueHit], mention: Mention, low: int, high: int, limited: bool
) -> Frame | None:
    """An express refusal of a duty ('not required to …'), or an exemption of some cases from it."""
    for hit in scoped:
        if hit.cue is not Cue.REFUSE_DUTY:
            continue
        if _names_failure({token.lemma for token in tokens[hit.start : hit.end]}) and any(
            token.lemma in _TAKEN_AWAY for token in tokens[hit.end :]
        ):
            continue  # "… who fail to qualify with the rifle may continue on patrol …, but the rifle shall be removed"
        # "who" directly before the refusal belongs to it ("officers who fail … may continue to carry"), with the
        # auxiliary of a negated one ("officers who do not pass … may continue").
        first = hit.start
        while first > low and tokens[first - 1].lemma in _AUXILIARIES and tokens[hit.start].lemma == "not":
            first -= 1
        if (
            tokens[first - 1 : first]
            and tokens[first - 1].lemma in ("who", *_RELATIVES)
            and any(later.cue is Cue.REFUSE_DUTY and later.start >= hit.end for later in scoped)
        ):
            continue  # "Members who are not required to use force are not required to attend …": the later one rules
        case_after = any(token.lemma in ("for", "when", "if", "where") for token in tokens[hit.end : hit.end + 2])
        if _short_of_the_act(tokens[low:first]) or (case_after and _short_of_the_act(tokens[hit.end : high])):
            continue  # "Drawing a firearm without pointing it at anyone does not require a report": not the act
        before = {token.lemma for token in tokens[low : max(low, first - 1)]}
        at = after_marker(tokens[low:]) + low
        opening = tokens[at].lemma if hit.start > low else ""
        # "This policy does not require …" refuses; "This spark check does not require a report" exempts.
        of_document = at + 1 < len(tokens) and tokens[at + 1].lemma in _DOCUMENT_NOUNS
        # "The warning need not be given if it would place others at risk", "A report is not required when no injury
        # occurs": the duty, named as the subject, is refused only on a condition.
        named_first = opening in _DEFINITE or (opening in ("a", "an") and mention.start <= at + 2)
        conditional = (
            named_first and not of_document and any(t.lemma in CONDITION_WORDS for t in tokens[hit.end : high])
        )
        # "An officer who does not achieve a passing score … shall not be removed from patrol": the cases carved out
        # are those that fail, so the consequence of failing is refused, not some cases exempted.
        failing = _names_failure(before | {token.lemma for token in tokens[hit.start : hit.end]})
        # "Nothing … requires an officer to intervene in a lawful tactic merely because they would have chosen
        # another": a reason is refused as enough, not the duty.
        reason_only = any(
            token.lemma in _MERELY and following.lemma == "because"
            for token, following in zip(tokens[hit.end : high], tokens[hit.end + 1 : high], strict=False)
        )
        # "Officers are not expected to continue de-escalation efforts when …": the duty's extent, not the duty
        persisting = any(token.lemma in _PERSISTING for token in tokens[hit.end : hit.end + 2])
        if (
            (before & _CARVE_OUT and not failing)
            or (opening in _DEMONSTRATIVES and not of_document)
            or conditional
            or reason_only
            or persisting
        ):
            # "Officers who keep the firearm at low ready are not required to report" or "This spark check does
            # not require a report": an exemption of some cases, not a refusal of the duty.
            return Frame(Reading.RESTRICTS, Reading.REQUIRES, (hit.text,), refusal="exemption", limited=limited)
        return Frame(Reading.REFUSES, Reading.REFUSES, (hit.text,), refusal="duty", limited=limited)
    return None


def _short_of_the_act(subject: Sequence[Token]) -> bool:
    """Does the subject of a refusal name a case that stops short of an act ("Unholstering a firearm without pointing
    it at a person does not require a report") or is no force at all ("… only of verbal commands")? The duty to
    report the act itself is not refused."""
    stops_short = any(
        token.lemma == "without" and following.lemma in _STOPPING_SHORT for token, following in pairwise(subject)
    )
    # "Constructive authority that consists only of verbal commands does not require a report", "… for compliant
    # handcuffing or an escort with no resistance": no force at all
    words_only = any(
        (token.lemma in _MERELY and any(word.lemma in _NO_FORCE for word in subject[at + 1 : at + 4]))
        or token.lemma in _NO_RESISTANCE
        for at, token in enumerate(subject)
    )
    return stops_short or words_only


def _narrowed(
    tokens: Sequence[Token],
    exceptions: Sequence[CueHit],
    scoped: Sequence[CueHit],
    mention: Mention,
    rule: CueHit | None,
) -> bool:
    """ "De-escalation is only required in limited circumstances", "shall intervene … only where …": a requirement
    narrowed to some cases by an 'only' that follows it in the same stretch of the sentence. Not "deadly force only
    as a last resort" (the condition names the topic itself), nor "…, and may use deadly force only to protect life"
    (a comma away, the 'only' narrows something else)."""
    start = max(mention.end, rule.end if rule is not None else 0)
    return any(
        hit.cue is Cue.EXCEPTION
        and hit in scoped
        and hit.start >= start
        and bool(_NARROWING & set(hit.text.lower().split()))
        and not _PURPOSE & set(hit.text.lower().split())  # "use it only for the meeting's purposes" is its content
        and not any(token.text == "," for token in tokens[start : hit.start])
        for hit in exceptions
    )


def _one_ground_of_several(tokens: Sequence[Token], mention: Mention) -> bool:
    """ "Deadly force may be used to protect life, or to prevent the escape of a felon when all other means have
    failed": grounds joined by ', or' / '; or' are alternatives, so a condition inside one of them holds on that
    ground only. A condition before the grounds ("Only when … may an officer shoot to: (a) …; or (b) …") or joined
    without a comma ("failed or would be futile") governs them all."""
    for at in range(2, len(tokens) - 1):
        if tokens[at].lemma != "or" or tokens[at - 1].text not in (",", ";"):
            continue
        opener, marked = _ground_opener(tokens, at + 1)
        if opener is None and not marked:
            continue
        start = at
        while start > 0 and tokens[start - 1].text not in _SENTENCE_MARKS:
            start -= 1
        firsts = [
            index
            for index in range(start, at)
            if (marked and _ground_opener(tokens, index) == (None, True))
            or (not marked and tokens[index].lemma in _GROUND_OPENERS)
        ]
        end = _ground_end(tokens, at + 1)
        after = at < mention.start < end
        if firsts and (after or firsts[0] < mention.start < at):
            if not after and any(
                tokens[index].lemma == "and" and tokens[index - 1].text == "," for index in range(mention.end, at)
            ):
                # "only when all alternatives are exhausted, and the officer believes it is in defense of life, or
                # in defense of …": the condition is joined by ', and' to the grounds after it, so it holds on all.
                return False
            # "… only after lesser options have failed, or when such options (or every lesser option) would be
            # ineffective": the other branch speaks of the same thing, so it is one condition said two ways.
            own = {tokens[index].lemma for index in mention.words if tokens[index].lemma not in STOP_WORDS}
            other = range(firsts[0], at) if after else range(at + 1, end)
            return not any(tokens[index].lemma in _BACK_REFERENCES | own for index in other)
    return False


def _ends_in_or(clause: Analysed) -> bool:
    """A list item that ends in 'or' ("…; or", "…, or") is one of the lead-in's alternative grounds."""
    words = [token for token in clause.tokens if token.is_word]
    return bool(words) and words[-1].lemma == "or"


def _ground_end(tokens: Sequence[Token], at: int) -> int:
    """Where the last ground ends: at a ';' or ', and' / ', provided' that adds a condition on all of them."""
    for index in range(at, len(tokens)):
        if tokens[index].text in _SENTENCE_MARKS or tokens[index].text == ";":
            return index
        if tokens[index].text == "," and index + 1 < len(tokens) and tokens[index + 1].lemma in _ALL_GROUNDS:
            return index
    return len(tokens)


def _ground_opener(tokens: Sequence[Token], at: int) -> tuple[str | None, bool]:
    """What opens a ground at `at`: (its opening word, whether a list marker '(b)' stands first)."""
    if at + 2 < len(tokens) and tokens[at].text == "(" and tokens[at + 2].text == ")" and len(tokens[at + 1].text) <= 3:
        return None, True
    if at < len(tokens) and tokens[at].lemma in _GROUND_OPENERS:
        return tokens[at].lemma, False
    return None, False


def _choice_among_means(tokens: Sequence[Token], hit: CueHit, mention: Mention, high: int, lexicon: Lexicon) -> bool:
    """ "You need not use every one of these techniques", "… in any particular order": a refusal of using them all,
    or in order, leaves the choice among them to the officer; it refuses nothing unless the topic is that whole
    ("not required to exhaust all alternatives")."""
    if hit.cue is not Cue.REFUSE_DUTY or any(tokens[at].lemma in ("every", "each", "all") for at in mention.words):
        # the topic is the whole ("not required to use every lesser option in sequence"), not when the word only
        # stands in its phrase's gap ("use each level of the matrix in sequence")
        return False
    end = next(  # its own clause only, not a predicate coordinated after the topic ("… or require officers to …")
        (
            at
            for at in range(hit.end, high)
            if tokens[at].text in (",", ";")
            or (
                at >= mention.end
                and tokens[at].lemma in ("or", "and", "nor")
                and at + 1 < high
                and lexicon.is_verb(tokens[at + 1].lemma)
            )
        ),
        high,
    )

    def coordinated(at: int) -> bool:  # "need not follow a continuum or escalating sequence": the topic's twin
        return 0 < at - mention.end <= _OBJECT_REACH and tokens[mention.end].lemma in ("or", "and")

    return any(
        tokens[at].lemma in _CHOICE_WORDS
        and at not in mention.words
        and not mention.start <= at < mention.end
        and not coordinated(at)
        for at in range(hit.end, end)
    )


def _governs_mention(clause: Analysed, hit: CueHit, mention: Mention, verbs: CompiledCues, lexicon: Lexicon) -> bool:
    """For a thing a policy sets out (a continuum), a refusal disowns it only when the thing is what is refused
    ("does not use a continuum", "need not follow the continuum"), not a step within it ("need not progress through
    each level of the continuum"), nor another noun whose phrase names it ("Responses higher on the continuum are
    not to be used …")."""
    if mention.start < hit.start and _after_preposition(clause.tokens, mention):
        return False
    if hit.cue is not Cue.REFUSE_DUTY or not mention.end:
        return True
    if mention.start < hit.start:
        # "The continuum need not be followed" refuses it; "… the level that matches the subject's resistance and
        # need not try each lower level first" refuses an act of its own, unless its object points back ("… it").
        after = skip(clause.tokens, hit.end, lexicon)
        # "… it does not require a member to attempt each lower level first": the act is the verb after "to"
        if {token.lemma for token in clause.tokens[hit.start : hit.end]} <= _REQUIRING:
            reach = range(after, min(after + _OBJECT_REACH, len(clause.tokens) - 1))
            to = next((at for at in reach if clause.tokens[at].lemma == "to"), -1)
            if to > after and lexicon.is_verb(clause.tokens[to + 1].lemma):
                after = to + 1
        verb = clause.tokens[after].lemma if after < len(clause.tokens) else "be"
        if verb == "be" or not lexicon.is_verb(verb):
            return True
        following = clause.tokens[after + 1].lemma if after + 1 < len(clause.tokens) else ""
        return following in POINTING_BACK
    if lexicon.is_verb(clause.tokens[mention.start].lemma):
        return True  # the topic is an act ("exhaust less lethal options"): refusing it refuses the topic
    verb_at = governed(clause.tokens, hit, lexicon, verbs)
    if 0 <= verb_at < mention.start and clause.tokens[verb_at].lemma == "wait":
        # "need not wait … until all other options have been tried": what need not be waited for is refused
        return any(token.lemma == "until" for token in clause.tokens[verb_at : mention.start])
    start = verb_at + 1 if 0 <= verb_at < mention.start else hit.end  # the phrase may hold the verb: "does not use a"
    between = [token for token in clause.tokens[start : mention.start] if token.is_word]
    return len(between) <= _OBJECT_REACH


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


def in_condition(hit: CueHit, others: Sequence[CueHit]) -> bool:
    """A cue inside a deadly-force condition ('deadly force is authorized') is part of the condition."""
    return any(other.cue is Cue.DEADLY_FORCE and other.start <= hit.start and hit.end <= other.end for other in others)


def _scope(clause: Analysed, cues: Sequence[CueHit], mention: Mention, lexicon: Lexicon) -> tuple[int, int]:
    """The token range around the mention that cues may act on."""
    low, high = 0, len(clause.tokens)
    breaks = [
        (hit.start, hit.end)
        for hit in cues
        if hit.cue is Cue.SCOPE_END
        and not _parenthetical(clause.tokens, hit.start, hit.end, lexicon)
        and not any(  # "may, but are not required to, give …": the 'but' opens a refusal
            other.cue in READING_CUES and other.start <= hit.start < other.end for other in cues
        )
    ]
    breaks += [
        (index, index + 1)
        for index, token in enumerate(clause.tokens[:-1])
        if token.text in _SENTENCE_MARKS and not _answered(clause.tokens, index)
    ]
    # "Deadly force options: firearm; a vehicle as a weapon; neck restraint.": after a colon (or 'including'),
    # semicolons separate the members of one list, all under the words before it.
    colon = next(
        (
            index
            for index, token in enumerate(clause.tokens[: mention.start])
            if token.text == ":" or token.lemma == "include"
        ),
        None,
    )
    ordered = sorted(breaks)
    for position, (start, end) in enumerate(ordered):
        if end <= mention.start:
            listed = colon is not None and start > colon and clause.tokens[start].text == ";"
            low = low if listed else max(low, end)
        elif start >= mention.end:
            following = ordered[position + 1][0] if position + 1 < len(ordered) else len(clause.tokens)
            ruled = any(  # a rule of the mention's own part, outside the mention (not a relative's "that may …")
                hit.cue in READING_CUES
                and low <= hit.start < start
                and (hit.end <= mention.start or mention.end <= hit.start)
                and not (hit.start and clause.tokens[hit.start - 1].lemma in ("that", "which", "who"))
                for hit in cues
            )
            pointing = {token.lemma for token in clause.tokens[end:following]} & POINTING_BACK
            if clause.tokens[start].text == ";" and not ruled and pointing:
                continue  # "… removed X from the list; members shall not use them except …": the next part rules on it
            field = end + 2 < following and clause.tokens[end + 1].text == ":"
            if clause.tokens[start].text == ";" and not ruled and field and any(
                hit.cue in _LABEL_RULES and hit.start == end + 2 for hit in cues
            ):
                continue  # "Technique: neck restraints of any kind; Status: Prohibited": the row's field rules on it
            refused_after = any(hit.cue is Cue.REFUSE_DUTY and end <= hit.start < following for hit in cues)
            subject = mention.start <= after_marker(clause.tokens[low:]) + low + 1  # the topic opens its stretch
            if clause.tokens[start].lemma in (";", "but") and pointing and refused_after and subject:
                # "A verbal warning is a tactic officers may consider, but it is not a prerequisite …"; not "The levels
                # below decide the reporting required; they are not a force continuum"
                continue
            high = min(high, start)
            break
    return low, high


def _concessive(tokens: Sequence[Token], at: int) -> bool:
    """'whether or not …' at `at`: a concession, which the rule of the sentence does not govern."""
    return [token.lemma for token in tokens[at : at + 3]] == ["whether", "or", "not"]


def _answered(tokens: Sequence[Token], at: int) -> bool:
    """A question mark followed by its answer ("May I use a chokehold? No, except …") does not end the sentence:
    the answer rules on what the question asks."""
    return tokens[at].text == "?" and at + 1 < len(tokens) and tokens[at + 1].lemma in ("no", "yes")


def _parenthetical(tokens: Sequence[Token], start: int, end: int, lexicon: Lexicon) -> bool:
    """', however,' between a subject and its verb ("A member may, however, use …") contrasts the sentence with
    the one before; it does not end a clause as "…, however, officers may …" does. Nor does "may nevertheless fire"."""
    if start > 0 and tokens[start - 1].lemma in _ANY_MODAL and tokens[start].lemma in ("however", "nevertheless"):
        return True
    if start > 0 and tokens[start - 1].text == "," and tokens[start].lemma == "but":
        # "A deputy who had an opportunity to intervene, but failed to do so, has violated this policy": a short
        # insertion in the subject, after which the sentence's own verb goes on.
        close = next((at for at in range(end, min(end + 6, len(tokens) - 1)) if tokens[at].text == ","), None)
        if close is not None:
            following = tokens[close + 1].lemma
            return following in _ANY_MODAL or lexicon.is_verb(following)
    if not (start > 0 and end + 1 < len(tokens) and tokens[start - 1].text == "," and tokens[end].text == ","):
        return False
    following = tokens[end + 1].lemma
    if end + 2 < len(tokens) and tokens[end + 2].lemma in ("not", "never"):
        return False  # "A permissible warning, however, does not include …": the negation reads on its own
    return following in _ANY_MODAL or lexicon.is_verb(following)
