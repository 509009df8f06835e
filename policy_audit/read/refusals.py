"""When a clause refuses a duty instead of laying one: "not required to …", exemptions of some cases, a choice left
among means, refusals said of another noun or of something short of the act."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from policy_audit.models import Frame, Kind, Reading
from policy_audit.read.clause import Analysed, CueHit, Mention
from policy_audit.read.cues import CompiledCues, Cue
from policy_audit.read.lexicon import Lexicon, Token
from policy_audit.read.modality import CONDITION_WORDS, POINTING_BACK, governed
from policy_audit.read.syntax import (
    after_marker,
    skip,
)

_DOCUMENT_NOUNS = frozenset(
    "policy directive order manual procedure section chapter document department agency office sop model framework".split()
)
_DEMONSTRATIVES = frozenset({"this", "that", "such"})
_CONSEQUENCES = frozenset({"remove", "relieve", "reassign", "suspend", "disarm", "disqualify"})
_CONSEQUENCE_NOUNS = frozenset({"removal", "reassignment", "suspension", "disqualification", "withdrawal", "revocation"})
_GROUNDS_FOR = frozenset({"ground", "basis", "reason", "cause"})
"""Nouns by which a clause names what may justify a consequence ("shall not be grounds for removal"); after "be"
the reader takes the noun as the rule's verb."""
_PASSING = frozenset({"pass", "achieve", "attain", "qualify", "meet", "reach", "complete"})
_TAKEN_AWAY = frozenset({"remove", "withdraw", "revoke", "suspend", "surrender", "confiscate", "relieve"})
"""Words of what failing costs, which a clause that lets those who fail go on may still impose."""
_DISCIPLINE = frozenset({"discipline", "disciplinary", "sanction", "sanctions", "misconduct"})
"""Words of discipline, which a refusal may spare whoever fails (not the consequence pass/fail training asks)."""
_ASSESSED = frozenset({"standard", "score", "qualify", "qualification", "test", "assessment", "evaluation", "pass"})
"""Words of an assessment, whose failure a refusal of discipline may be about."""
_GOING_ON = frozenset({"continue", "remain", "keep", "retain"})
"""Verbs after 'may' by which those who fail go on as before ("may continue to carry", "may remain on patrol")."""
_MERELY = frozenset({"merely", "solely", "simply", "only", "just"})
"""Words before "because" by which a refusal refuses a reason as enough, not the duty ("… merely because …")."""
_STOPPING_SHORT = frozenset({"point", "aim", "target", "direct"})
"""Acts a case exempted from a duty stops short of ("drawing a firearm without pointing it"): the duty's act is not it."""
_NO_FORCE = frozenset({"verbal", "presence", "command", "communication", "conversation"})
"""What a case that consists only of it is no use of force ("only of verbal commands", "officer presence alone")."""
_NO_RESISTANCE = frozenset({"compliant", "cooperative", "unresisted", "unresisting", "escort"})
"""Cases with no resistance ("compliant handcuffing", "an escort"): exempting them from reporting exempts no force."""
_QUALIFYING = frozenset({"that", "which", "without"})
"""Words that narrow the cases a refusal names ("for techniques that do not result in injury")."""
_PERSISTING = frozenset({"continue", "persist", "prolong"})
"""Verbs by which a refusal limits how far a duty goes ("not expected to continue de-escalation …"), not the duty."""
_UNSAFE = frozenset({"danger", "dangerous", "endanger", "unsafe", "jeopardize", "jeopardise", "jeopardy", "peril", "risk"})
"""Words of danger by which a refusal on a condition only restates the duty's feasibility ("where doing so would put
him … in danger"), which LABELING.md counts as keeping the duty."""
_CARVE_OUT = frozenset({"who", "whose", "when", "if", "unless", "except", "where", "while"})
DEFINITE = frozenset({"the", "this", "that", "such", "these", "those"})
_PREPOSITIONS = frozenset({"on", "in", "along", "within", "under", "at", "above", "below"})
"""Prepositions by which another noun names a thing as a place ("higher on the continuum"), unlike "use of it"."""
_AUXILIARIES = frozenset({"do", "does", "did", "shall", "will", "can", "could", "be", "have"})
_CHOICE_WORDS = frozenset({"every", "each", "all", "both", "order", "sequence", "sequentially", "consecutively"})
_REQUIRING = frozenset({"do", "shall", "will", "not", "require", "oblige", "obligate", "compel", "expect", "direct"})
"""A refusal whose object is a person and then the act ("does not require a member to attempt …")."""
OBJECT_REACH = 4
"""How many words after a refused verb the thing refused may start ('follow a use-of-force continuum')."""
_RELATIVES = frozenset({"that", "which"})
_RELATIVE_ADVERBS = frozenset({"not", "also", "otherwise", "never", "often", "sometimes"})
_COORDINATED_REACH = 4
"""How many words the first of two coordinated predicates may take ('that is clearly unreasonable or …')."""


def express_refusal(
    tokens: Sequence[Token],
    scoped: Sequence[CueHit],
    mention: Mention,
    low: int,
    high: int,
    limited: bool,
    kind: Kind = Kind.DUTY,
) -> Frame | None:
    """An express refusal of a duty ('not required to …'), or an exemption of some cases from it."""
    for hit in scoped:
        if hit.cue is not Cue.REFUSE_DUTY:
            continue
        if names_failure({token.lemma for token in tokens[hit.start : hit.end]}) and any(
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
        if _refuses_no_part_of_it(tokens, hit, low, high, kind):
            continue
        # "… should be used when practical, but it is the officer's call": what comes before 'but' is not the case
        contrast = max((at + 1 for at in range(low, first) if tokens[at].lemma == "but"), default=low)
        before = {token.lemma for token in tokens[contrast : max(contrast, first - 1)]}
        at = after_marker(tokens[low:]) + low
        opening = tokens[at].lemma if hit.start > low else ""
        # "This policy does not require …" refuses; "This spark check does not require a report" exempts.
        of_document = at + 1 < len(tokens) and tokens[at + 1].lemma in _DOCUMENT_NOUNS
        # "The warning need not be given if it would place others at risk", "A report is not required when no injury
        # occurs": the duty, named as the subject, is refused only on a condition.
        named_first = opening in DEFINITE or (opening in ("a", "an") and mention.start <= at + 2)
        conditional = named_first and not of_document and _condition_or_cases(tokens[hit.end : high])
        # "An officer who does not achieve a passing score … shall not be removed from patrol": the cases carved out
        # are those that fail, so the consequence of failing is refused, not some cases exempted.
        failing = names_failure(before | {token.lemma for token in tokens[hit.start : hit.end]})
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
    examples = _examples(subject)
    words_only = any(
        (token.lemma in _MERELY and any(word.lemma in _NO_FORCE for word in subject[at + 1 : at + 4]))
        or (token.lemma in _NO_RESISTANCE and at not in examples)
        for at, token in enumerate(subject)
    )
    return stops_short or words_only


def _condition_or_cases(after: Sequence[Token]) -> bool:
    """Does what follows a refusal name a condition ("… when no injury occurs") or qualified cases ("… for control
    techniques that do not result in injury")? Then the duty is refused only there."""
    cases = bool(after) and after[0].lemma == "for" and any(token.lemma in _QUALIFYING for token in after)
    return cases or any(token.lemma in CONDITION_WORDS for token in after)


def _examples(tokens: Sequence[Token]) -> set[int]:
    """Where a case's examples stand ("physical control techniques, including handcuffing and escort holds, that …"):
    they illustrate the case, which is what is exempted."""
    out: set[int] = set()
    for at, token in enumerate(tokens):
        if token.lemma in ("include", "including"):
            end = next((later for later in range(at + 1, len(tokens)) if tokens[later].text in (",", ";", ")")), len(tokens))
            out.update(range(at + 1, end))
    return out


def _refuses_no_part_of_it(tokens: Sequence[Token], hit: CueHit, low: int, high: int, kind: Kind) -> bool:
    """A refusal that leaves the duty whole: of discipline for failing an assessment ("… shall be addressed through
    remedial training and is not, by itself, just cause for discipline" — discipline is not what failing must cost),
    or only where the duty would be unsafe ("not expected to de-escalate where doing so would put him … in danger")."""
    said = {token.lemma for token in tokens[low:high]}
    refused = {token.lemma for token in tokens[hit.start : hit.end]}
    of_discipline = bool(said & _ASSESSED and refused & _DISCIPLINE)
    return of_discipline or (kind is Kind.DUTY and _only_when_unsafe(tokens[hit.end : high]))


def _only_when_unsafe(tokens: Sequence[Token]) -> bool:
    """Does the refusal hold only on a condition of danger ("… where doing so would put him in immediate danger",
    "… if it would place others at risk"), which is the duty's own condition of feasibility?"""
    opens = next((at for at, token in enumerate(tokens) if token.lemma in CONDITION_WORDS), None)
    return opens is not None and any(token.lemma in _UNSAFE for token in tokens[opens:])


def names_failure(lemmas: set[str]) -> bool:
    """ "who fails …", "who does not achieve a passing score …": the words name failing an assessment."""
    return "fail" in lemmas or "failure" in lemmas or ("not" in lemmas and bool(lemmas & _PASSING))


def refused_consequence(clause: Analysed, frame: Frame) -> Frame:
    """ "An officer who does not achieve a passing score shall not be removed from patrol or relieved of the weapon",
    "… removed from duty because of a qualification score", "failure … shall not result in removal from patrol", "…
    shall not be grounds for removing a deputy from patrol":
    forbidding the consequence of failing refuses it."""
    tokens = clause.tokens
    # the part of the clause that holds the rule's verb: not "…, but the officer shall be removed from patrol", nor
    # "These evaluations are for feedback only; a member who does not meet … will not be removed from duty"
    cuts = [0, *(at for at in range(len(tokens)) if _contrast(tokens, at)), len(tokens)]
    parts = [tokens[start:end] for start, end in pairwise(cuts)]
    own = next((part for part in parts if any(token.lemma == frame.verb for token in part)), parts[0])
    words = {token.lemma for token in own}
    going_on = any(first.lemma in ("may", "can") and then.lemma in _GOING_ON for first, then in pairwise(own))
    if frame.base is not Reading.MENTIONS and going_on and names_failure(words) and not words & _TAKEN_AWAY:
        # "An officer who does not achieve a passing score will be scheduled to shoot again … and may continue to
        # carry his duty weapon in the meantime": whoever fails goes on as before
        return Frame(Reading.REFUSES, Reading.REFUSES, frame.cues, refusal="duty", limited=frame.limited)
    # "failure to attain the qualifying score shall not result in removal of the firearm or reassignment"
    # "failure … shall not, in itself, be grounds for removing a deputy from patrol duties"
    costs = words & (_CONSEQUENCE_NOUNS | _CONSEQUENCES)
    consequence = (
        frame.verb in _CONSEQUENCES
        or (frame.verb in ("result", "lead") and bool(words & _CONSEQUENCE_NOUNS))
        or ((frame.verb in _GROUNDS_FOR or (frame.verb == "constitute" and words & _GROUNDS_FOR)) and bool(costs))
    )
    if frame.reading is not Reading.PROHIBITS or not consequence:
        return frame
    if names_failure(words) or (words & {"because", "basis"} and words & {"score", "result"}):
        return Frame(Reading.REFUSES, Reading.REFUSES, frame.cues, refusal="duty", limited=frame.limited)
    return frame


def _contrast(tokens: Sequence[Token], at: int) -> bool:
    """Does a clause of its own open at `at` (';', ', but'), not a further item of a list (', or otherwise …')?"""
    return tokens[at].text == ";" or (
        tokens[at].text == "," and at + 1 < len(tokens) and tokens[at + 1].lemma == "but"
    )


def choice_among_means(tokens: Sequence[Token], hit: CueHit, mention: Mention, high: int, lexicon: Lexicon) -> bool:
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
        return 0 < at - mention.end <= OBJECT_REACH and tokens[mention.end].lemma in ("or", "and")

    return any(
        tokens[at].lemma in _CHOICE_WORDS
        and at not in mention.words
        and not mention.start <= at < mention.end
        and not coordinated(at)
        for at in range(hit.end, end)
    )


def governs_mention(clause: Analysed, hit: CueHit, mention: Mention, verbs: CompiledCues, lexicon: Lexicon) -> bool:
    """For a thing a policy sets out (a continuum), a refusal disowns it only when the thing is what is refused
    ("does not use a continuum", "need not follow the continuum"), not a step within it ("need not progress through
    each level of the continuum"), nor another noun whose phrase names it ("Responses higher on the continuum are
    not to be used …")."""
    if mention.start < hit.start and after_preposition(clause.tokens, mention):
        return False
    if hit.cue is not Cue.REFUSE_DUTY or not mention.end:
        return True
    if mention.start < hit.start:
        # "The continuum need not be followed" refuses it; "… the level that matches the subject's resistance and
        # need not try each lower level first" refuses an act of its own, unless its object points back ("… it").
        after = skip(clause.tokens, hit.end, lexicon)
        # "… it does not require a member to attempt each lower level first": the act is the verb after "to"
        if {token.lemma for token in clause.tokens[hit.start : hit.end]} <= _REQUIRING:
            reach = range(after, min(after + OBJECT_REACH, len(clause.tokens) - 1))
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
    return len(between) <= OBJECT_REACH


def refuses_another_act(tokens: Sequence[Token], hit: CueHit, mention: Mention, lexicon: Lexicon) -> bool:
    """ "Officers are not required to place themselves or others in danger to attempt de-escalation": the act refused
    is the verb after the cue, with an object of its own; the topic is in its purpose ("to attempt …") after that
    object, not what is refused. "… not required to attempt to de-escalate" refuses the topic's act itself."""
    if hit.cue is not Cue.REFUSE_DUTY or mention.start <= hit.end:
        return False
    verb = skip(tokens, hit.end, lexicon)
    if verb >= mention.start or not lexicon.is_verb(tokens[verb].lemma) or tokens[verb].lemma in ("be", "have", "do"):
        return False
    return any(
        tokens[at].lemma == "to"
        and lexicon.is_verb(tokens[at + 1].lemma)
        and tokens[at - 1].lemma not in ("or", "and", "nor", ",")  # "… to use X or to exhaust Y": refused too
        for at in range(verb + 2, mention.start)
    )


def requires_not_of_it(tokens: Sequence[Token], hit: CueHit, mention: Mention) -> bool:
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


def of_another_noun(tokens: Sequence[Token], hit: CueHit, mention: Mention) -> bool:
    """Is a cue said in a relative clause of another noun ('assigned to duties that do not require it'), not of the
    topic right before it ('Chokeholds, which are prohibited, …') nor of the topic it governs ('procedures that
    encourage members to intervene')?"""
    pronoun = _relative_pronoun(tokens, hit)
    comma = mention.end < len(tokens) and tokens[mention.end].text == ","
    governs = 0 <= mention.start - hit.end <= OBJECT_REACH and not any(
        token.lemma in CONDITION_WORDS or token.lemma in ("until", "before", "after")
        for token in tokens[hit.end : mention.start]
    )  # not "duties that do not require it until the member qualifies"
    return pronoun >= 0 and pronoun not in (mention.end, mention.end + comma) and not governs


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


def after_preposition(tokens: Sequence[Token], mention: Mention) -> bool:
    """ "Responses higher on the continuum are not to be used against …": the thing is named inside another noun's
    phrase, so a rule on the subject is not a rule on the thing."""
    at = mention.start - 1
    while at >= 0 and tokens[at].lemma in DEFINITE | {"a", "an", "its", "their", "our"}:
        at -= 1
    return at >= 0 and tokens[at].lemma in _PREPOSITIONS
