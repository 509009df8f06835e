"""Modality: which cue decides a clause, and whether a modal really governs an action on the practice.

"Officers may fire a warning shot" permits; "Warning shots may endanger bystanders" and "Officers who use a
chokehold may be disciplined" say nothing about whether the practice is allowed. Prohibitions decide; otherwise the
cue nearest the topic, as long as the modal governs a verb that acts on the practice (cues.yaml's word classes).
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_audit.models import Kind, Reading
from policy_audit.read.clause import CueHit, Mention, quoted_titles
from policy_audit.read.cues import READING_CUES, CompiledCues, Cue
from policy_audit.read.lexicon import Lexicon, Token
from policy_audit.read.syntax import MODAL_WORDS, after_marker, is_subject, skip

_PERSON_RELATIVES = frozenset({"who", "whom", "whose"})
_STATIVE = frozenset({"have", "possess"})
_STATIVE_REACH = 3
_READINESS = frozenset({"prepare", "prepared", "ready"})
_WEAK_MODALS = frozenset({"may", "can", "cannot"})
CONDITION_WORDS = frozenset({"if", "when", "where", "unless", "while", "whenever"})
"""Words that open a condition ('… when doing so will not …', 'unless the officer …')."""
_CONDITION_REACH = 5
"""How many words a condition's subject may take before its modal ('when doing so will not …')."""
_OBJECT_GAP = 3
_FAILING = frozenset({"fail", "failure", "neglect", "refuse", "refusal", "omit"})
_FAILING_REACH = 12
"""How far after a use verb its object may start ('apply a carotid restraint', 'use the hold')."""


def main_cues(tokens: Sequence[Token], cues: list[CueHit], lexicon: Lexicon, verbs: CompiledCues) -> list[CueHit]:
    """Drop cues that belong to another cue's verb phrase.

    "shall consider" binds (the advice word is what the modal governs), and in "should ensure that they can be
    identified" the "can" is part of what is to be ensured, not a permission of its own.
    """
    governed_by_strong = {
        governed(tokens, hit, lexicon, verbs)
        for hit in cues
        if hit.modal and hit.cue is Cue.REQUIRE and tokens[hit.start].lemma not in _WEAK_MODALS
    }
    out = []
    for hit in cues:
        passive = hit.start > 0 and tokens[hit.start - 1].lemma == "be"  # "will be permitted to apply …" permits
        if hit.cue in (Cue.ADVISE, Cue.PERMIT) and not hit.modal and hit.start in governed_by_strong and not passive:
            continue  # "shall consider", "shall allow the person time": the modal's verb, not a cue of its own
        before = [token.lemma for token in tokens[max(0, hit.start - 5) : hit.start]]
        if hit.modal and "ensure" in before:
            continue
        if _in_trailing_condition(tokens, hit, cues):
            continue  # "Officers are encouraged to use X when doing so will not compromise safety": the condition's
        if _in_restrictive_relative(tokens, hit, cues):
            continue  # "Members who cannot safely transport … should request a van": the modal of a relative clause
        out.append(hit)
    return out


def _in_trailing_condition(tokens: Sequence[Token], hit: CueHit, cues: Sequence[CueHit]) -> bool:
    """A modal in a condition ("… when doing so will not compromise the safety of …", "Where it cannot be heard, the
    officer may …"), with the main clause's own cue before the condition word or after the condition's comma, is the
    condition's, not the rule's."""
    if tokens[hit.start].lemma not in MODAL_WORDS:
        return False
    opener = next(
        (
            at
            for at in range(hit.start - 1, max(-1, hit.start - _CONDITION_REACH), -1)
            if tokens[at].lemma in CONDITION_WORDS
        ),
        -1,
    )
    if opener < 0:
        return False
    before = opener > 0 and any(other.end <= opener and other.cue in READING_CUES for other in cues)
    # "Where the warning has not been obeyed, or where it cannot be heard, the officer may fire …": a fronted one
    comma = next((at for at in range(hit.end, len(tokens)) if tokens[at].text == ","), len(tokens))
    after = any(other.start > comma and tokens[other.start].lemma in MODAL_WORDS for other in cues)
    return before or after


def _in_restrictive_relative(tokens: Sequence[Token], hit: CueHit, cues: Sequence[CueHit]) -> bool:
    """ "Members who cannot safely transport a subject … should request a van": a modal right after 'who'/'that'
    (no comma before it) belongs to a relative clause that only describes the subject, when the main clause's modal
    follows. ", who may fire warning shots" after a comma is a rule of its own, and a modal after 'when' or 'if' is
    in a condition, not the main clause."""
    at = hit.start
    if (
        tokens[at].lemma not in MODAL_WORDS
        or at < 2
        or tokens[at - 1].lemma not in ("who", "that")
        or tokens[at - 2].text == ","
    ):
        return False
    for other in cues:
        if other.start > hit.end and tokens[other.start].lemma in MODAL_WORDS:
            return not any(token.lemma in CONDITION_WORDS for token in tokens[hit.end : other.start])
    return False


def governed(tokens: Sequence[Token], hit: CueHit, lexicon: Lexicon, verbs: CompiledCues) -> int:
    """The index of the verb a cue governs, past 'to', 'be' and catenatives ('authorized to carry'); -1 if none."""
    index = skip(tokens, hit.end, lexicon)
    for _ in range(3):
        if index >= len(tokens):
            return -1
        lemma = tokens[index].lemma
        if lemma in {"to", "be"} or (
            lemma in verbs.catenatives and index + 1 < len(tokens) and tokens[index + 1].lemma == "to"
        ):
            index = skip(tokens, index + (2 if lemma in verbs.catenatives else 1), lexicon)
            continue
        return index
    return -1


def _infinitive_to(tokens: Sequence[Token], end: int, mention_start: int) -> bool:
    """ "… are encouraged to step in and calm things down": the cue reaches the mention through its own infinitive, with
    no comma or clause between."""
    between = tokens[end:mention_start]
    return (
        0 < len(between) <= _INFINITIVE_REACH
        and between[0].lemma == "to"
        and not any(token.text in (",", ";", ":", ".") for token in between)
    )


_INFINITIVE_REACH = 6


def modal_reading(
    tokens: Sequence[Token],
    cues: Sequence[CueHit],
    mention: Mention,
    kind: Kind,
    verbs: CompiledCues,
    lexicon: Lexicon,
) -> tuple[Reading, str]:
    """The force of the cues in a scope: prohibitions decide; otherwise the cue nearest the mention."""
    anchor = (mention.start + mention.end) / 2
    valid = [hit for hit in cues if not hit.modal or _governs(tokens, hit, mention, kind, verbs, lexicon)]

    def distance(hit: CueHit) -> float:
        return min(abs(hit.start - anchor), abs(hit.end - 1 - anchor))

    negated = [hit for hit in valid if hit.cue is Cue.PERMIT_BY_NEGATION]
    if negated:
        return Reading.PERMITS, negated[0].text
    prohibit = sorted((hit for hit in valid if hit.cue is Cue.PROHIBIT), key=distance)
    against = sorted(
        (hit for hit in valid if hit.cue is Cue.ADVISE_AGAINST and not _purpose_after(tokens, hit, mention)),
        key=distance,
    )
    if prohibit:
        restricted = any(hit.cue is Cue.EXCEPTION for hit in cues)
        if against and distance(against[0]) < distance(prohibit[0]) and not restricted:
            # "… are discouraged and may not be fired unless …": the restriction, not the advice, is the rule.
            return Reading.ADVISES, against[0].text
        return Reading.PROHIBITS, prohibit[0].text
    if against:
        return Reading.ADVISES, against[0].text
    ranked = {
        Cue.PERMIT: (0, Reading.PERMITS),
        Cue.CLASSIFY: (0, Reading.PERMITS),
        Cue.REQUIRE: (1, Reading.REQUIRES),
        Cue.ADVISE: (2, Reading.ADVISES),
    }
    # "shall, whenever possible, …", "To the extent possible, members will …": a condition of feasibility qualifies
    # the duty wherever it stands (LABELING.md reads it as advice on the core duty).
    feasible = next((hit for hit in valid if hit.cue is Cue.FEASIBILITY), None)
    # Nearest first; at equal distance the cue before the mention (which governs it), then permission first.
    candidates = [
        (distance(hit), hit.start > mention.start, ranked[hit.cue][0], hit) for hit in valid if hit.cue in ranked
    ]
    if any(
        (hit.modal or hit.end == mention.start - 1 or _infinitive_to(tokens, hit.end, mention.start))
        and hit.end <= mention.start
        for *_, hit in candidates
    ):
        # "A deputy … may … attempt to prevent the use of unreasonable force, and shall include any such attempt in
        # the report required by (a)", "… is encouraged to intervene and shall report …": the cues of a later
        # coordinated predicate are that predicate's.
        candidates = [
            entry
            for entry in candidates
            if not (
                entry[3].start >= mention.end
                and any(token.lemma == "and" for token in tokens[mention.end : entry[3].start])
            )
        ]
    if candidates:
        *_, hit = min(candidates, key=lambda entry: entry[:3])
        reading = ranked[hit.cue][1]
        if (
            kind is Kind.BAN
            and reading is Reading.REQUIRES
            and hit.modal
            and (_passive_use(tokens, hit, verbs, lexicon) or _active_use(tokens, hit, mention, verbs, lexicon))
        ):
            # "The carotid restraint shall be applied only by trained officers", "Only certified officers shall use
            # the hold": the practice is to be done.
            reading = Reading.PERMITS
        if reading is Reading.REQUIRES and feasible is not None:
            return Reading.ADVISES, feasible.text
        return reading, hit.text
    if feasible is not None:
        return Reading.ADVISES, feasible.text
    return _without_modal(tokens, valid, mention, verbs, lexicon)


def _purpose_after(tokens: Sequence[Token], hit: CueHit, mention: Mention) -> bool:
    """ "… shall use de-escalation … to reduce or avoid the need for force": 'avoid' in the purpose after the
    practice (or inside the practice's own words, "reduce or avoid the need for force") says what the practice is
    for, not that it is to be avoided."""
    if mention.start <= hit.start and hit.end <= mention.end:
        return tokens[hit.start].lemma not in MODAL_WORDS  # "firearms should not be used" is advice on firearms
    if hit.start < mention.end:
        return False
    if not hit.modal and any(token.lemma in CONDITION_WORDS for token in tokens[mention.end : hit.start]):
        return True  # "may fire a warning shot … when the officer believes it may avoid the need for deadly force"
    # "… shall use de-escalation tactics to gain voluntary compliance and reduce or avoid the need for force": a
    # bare 'avoid' in the purpose, even one that names a topic of its own, says what the practice is for.
    reach = hit.start - (3 if hit.modal else 12)
    stop = next((at for at in range(hit.start - 1, max(reach, 0) - 1, -1) if tokens[at].text in (",", ";", ":")), None)
    window = range(max(reach, 0, stop + 1 if stop is not None else 0, mention.end if hit.modal else 0), hit.start)
    return any(
        (tokens[at].lemma == "to" and tokens[at + 1].lemma != "be" and not _in_compound(tokens, at))
        or tokens[at].lemma == "thereby"
        for at in window
        if not mention.start <= at < mention.end  # "Connecting leg restraints to handcuffs is discouraged"
    )


def _in_compound(tokens: Sequence[Token], at: int) -> bool:
    """A word inside a hyphenated compound ("hobble-to-handcuff connection"), not after a spaced dash ("… - to")."""
    return at > 0 and tokens[at - 1].text == "-" and tokens[at - 1].end == tokens[at].start


def _without_modal(
    tokens: Sequence[Token], valid: Sequence[CueHit], mention: Mention, verbs: CompiledCues, lexicon: Lexicon
) -> tuple[Reading, str]:
    """No cue of obligation, permission or advice: a sanction, or the mood of the verb, may still rule."""
    sanction = next((hit for hit in valid if hit.cue is Cue.SANCTION), None)
    if sanction is not None:
        # "A member who applies a neck restraint will be subject to dismissal" forbids it; "Failure to intervene
        # … is a violation of this policy" requires it.
        failing = _failing(tokens, mention) or _failed_to_do_so(tokens, mention.end, sanction.start)
        return (Reading.REQUIRES if failing else Reading.PROHIBITS), sanction.text
    negative = _negative_imperative(tokens, lexicon)
    if negative:
        return Reading.PROHIBITS, negative
    if _imperative(tokens, verbs):
        return Reading.REQUIRES, next(token.text for token in tokens if token.lemma in verbs.imperatives)
    return Reading.MENTIONS, ""


def _failing(tokens: Sequence[Token], mention: Mention) -> bool:
    """Does a word of failing govern the practice ('Failure to intervene', 'who fails to attempt de-escalation')?"""
    for token in reversed(tokens[max(0, mention.start - _FAILING_REACH) : mention.start]):
        if token.lemma in _FAILING:
            return True
        if token.text in (";", ":", "."):
            return False
    return False


def _failed_to_do_so(tokens: Sequence[Token], start: int, end: int) -> bool:
    """'A deputy who had an opportunity to intervene, but failed to do so, has violated …': the failure points back."""
    return any(
        token.lemma in _FAILING and [later.lemma for later in tokens[at + 1 : at + 4]] == ["to", "do", "so"]
        for at, token in enumerate(tokens[start:end], start=start)
    )


def _negative_imperative(tokens: Sequence[Token], lexicon: Lexicon) -> str:
    """'Do not use our position for personal gain': a clause (or list item) opening with 'do not' + verb forbids, or
    its run-in title does ("MOVING VEHICLES: Don't shoot at them")."""
    opening = after_marker(tokens)
    titled = [at + 1 for at in range(opening, min(len(tokens), opening + _TITLE_REACH)) if tokens[at].text in _TITLE_ENDS]
    for start in (opening, *titled[:1]):
        if start + 2 < len(tokens) and tokens[start].lemma == "do" and tokens[start + 1].lemma == "not":
            following = skip(tokens, start + 2, lexicon)
            if following < len(tokens) and lexicon.is_verb(tokens[following].lemma):
                return f"{tokens[start].text} {tokens[start + 1].text}"
    return ""


_TITLE_REACH = 6
"""How many tokens a run-in title may hold before its colon or dash ("MOVING VEHICLES: Don't shoot at them")."""
_TITLE_ENDS = frozenset({":", "-", "–", "—"})


def _passive_use(tokens: Sequence[Token], hit: CueHit, verbs: CompiledCues, lexicon: Lexicon) -> bool:
    """'… shall (only) be used / applied / fired': a practice someone is to carry out."""
    index = skip(tokens, hit.end, lexicon)
    if index >= len(tokens) or tokens[index].lemma != "be":
        return False
    after = skip(tokens, index + 1, lexicon)
    return after < len(tokens) and tokens[after].lemma in verbs.use_verbs


def _active_use(tokens: Sequence[Token], hit: CueHit, mention: Mention, verbs: CompiledCues, lexicon: Lexicon) -> bool:
    """'… shall use / apply the hold': the modal governs a use verb whose object is the practice."""
    index = skip(tokens, hit.end, lexicon)
    return index < len(tokens) and tokens[index].lemma in verbs.use_verbs and 0 < mention.start - index <= _OBJECT_GAP


def _imperative(tokens: Sequence[Token], verbs: CompiledCues) -> bool:
    """'Identify yourself and give a warning': a clause (or a part after ',', ';', 'and') opening with a verb binds."""
    start = after_marker(tokens)
    titled = {at for opening, closing in quoted_titles(tokens) for at in range(opening, closing)}
    for index in range(start, len(tokens)):
        token = tokens[index]
        if index in titled:
            continue  # 'a new Section IV, "Duty to Report and Intercede."' names a section
        opens = (
            index == start
            or tokens[index - 1].text in {",", ";", ":"}
            or tokens[index - 1].lemma in {"and", "first", "always", "then"}
        )
        if opens and token.lemma in verbs.imperatives and token.text.lower() == token.lemma:
            following = tokens[index + 1].lemma if index + 1 < len(tokens) else ""
            if following != "of":
                return True
    return False


POINTING_BACK = frozenset({"it", "them", "they", "these", "those", "such", "either", "both"})
"""Words by which the part of a sentence after ';' points back to a topic named before it ('…; members shall not
use them except …')."""


_HEAD_REACH = 2
"""How many words after a topic its noun phrase's head may stand ("carotid control hold")."""


def _governs(
    tokens: Sequence[Token], hit: CueHit, mention: Mention, kind: Kind, verbs: CompiledCues, lexicon: Lexicon
) -> bool:
    """Does this modal govern an action on the practice (ban) or an action at all (other kinds)?"""
    weak = tokens[hit.start].lemma in _WEAK_MODALS
    index = skip(tokens, hit.end, lexicon)
    if index >= len(tokens) or tokens[index].text in {":", ";", ".", "—", "–"}:
        return True  # "Officers shall not:" — the verb is in the list that follows
    if index in mention.words:
        return True
    lemma = tokens[index].lemma
    if lemma == "have" and index + 1 < len(tokens) and tokens[index + 1].lemma == "be":
        index += 1
        lemma = "be"
    if lemma == "be":
        return _governs_passive(tokens, hit, index, mention, kind, verbs, lexicon)
    if lemma == "have" and _causative(tokens, index, mention):
        return True
    if lemma in verbs.catenatives and index + 1 < len(tokens) and tokens[index + 1].lemma == "to":
        index = skip(tokens, index + 2, lexicon)
        if index >= len(tokens):
            return kind is not Kind.BAN
        if index in mention.words:
            return True
        lemma = tokens[index].lemma
    # "… removed the carotid restraint from the list; members shall not use them …": the object points back past
    # ';'. "Officers certified in the carotid restraint may apply it …": a use verb's pronoun object is the practice
    # the subject was described by, as is its head noun again.
    follower = tokens[index + 1].lemma if index + 1 < len(tokens) else ""
    # "A deputy who has completed training on the carotid control hold may use the hold …": the definite head noun
    # (the topic's, or a word or two after it) names the practice again.
    head_again = (
        follower in ("the", "this", "that", "such")
        and index + 2 < len(tokens)
        and tokens[index + 2].lemma in {token.lemma for token in tokens[mention.start : mention.end + _HEAD_REACH]}
    )
    pointed = mention.end <= hit.start and (
        (any(token.text == ";" for token in tokens[mention.end : hit.start]) and follower in POINTING_BACK)
        or (lemma in verbs.use_verbs and (follower in {"it", "them"} or head_again))
    )
    object_position = mention.start >= hit.end or pointed
    if kind is Kind.BAN and not object_position:
        # "Warning shots may strike bystanders": the practice is the doer, not what the rule allows or forbids.
        return False
    if kind is Kind.BAN and any(token.lemma in _PERSON_RELATIVES for token in tokens[index + 1 : mention.start]):
        # "must not transport anyone who is restrained by wrist and ankle restraints": the rule is on transport,
        # the practice only describes the person.
        return False
    if lemma in _STATIVE and object_position and mention.start - index > _STATIVE_REACH and mention.start < len(tokens):
        # "must have a current certification" requires it; "must have confidence in their training" does not.
        return False
    return _acts_on_practice(lemma, kind, verbs, weak)


def _governs_passive(
    tokens: Sequence[Token],
    hit: CueHit,
    be: int,
    mention: Mention,
    kind: Kind,
    verbs: CompiledCues,
    lexicon: Lexicon,
) -> bool:
    """'shall (not) be used', 'shall be subject to discipline', 'may be dangerous': the modal governs 'be'."""
    weak = tokens[hit.start].lemma in _WEAK_MODALS
    object_position = mention.start >= hit.end
    after = skip(tokens, be + 1, lexicon)
    if after >= len(tokens):
        return kind is not Kind.BAN
    if after in mention.words:
        return True
    word = tokens[after]
    if word.lemma in _READINESS and after + 1 < len(tokens) and tokens[after + 1].lemma == "to":
        return False  # "must be prepared to de-escalate" asks for readiness, not for de-escalation
    participle = word.lemma != word.text.lower() and lexicon.is_verb(word.lemma)
    if not object_position and not is_subject(tokens, mention.start, mention.end, hit.start):
        return False
    if not participle:
        # 'shall be subject to discipline' binds; 'may be dangerous' describes; a ban needs an act.
        return not weak and kind is not Kind.BAN
    if kind is Kind.BAN and not object_position:
        # The practice as subject: only "shall not be used / fired / applied" rules on it ("should not be
        # confused with", "could be considered deadly force" do not).
        return word.lemma in verbs.act_verbs
    return _acts_on_practice(word.lemma, kind, verbs, weak)


_CAUSATIVE_REACH = 3
"""The most words between a causative 'have' and the topic it has done ('have his leg irons connected')."""


def _causative(tokens: Sequence[Token], have: int, mention: Mention) -> bool:
    """ "A prisoner who kicks may have his leg irons connected to his handcuffs": 'have' with an object the topic
    names and a participle after it is the passive of the act ('may be connected'), not 'have' as possession."""
    return 0 < mention.start - have <= _CAUSATIVE_REACH and any(
        tokens[at].text.lower().endswith("ed") for at in mention.words if at > mention.start
    )


def _acts_on_practice(lemma: str, kind: Kind, verbs: CompiledCues, weak: bool) -> bool:
    """Does a governed verb state a rule on the practice?

    After 'may' or 'can' a verb of effect ('may endanger', 'can lead to') describes; after 'shall' or 'must' it
    binds ('must include', 'shall result in discipline'). For a ban, verbs of oversight and consequence ('may
    review', 'shall be disciplined') neither allow nor forbid the practice itself.
    """
    if weak and lemma in verbs.no_rule_verbs:
        return False
    return not (kind is Kind.BAN and (lemma in verbs.oversight_verbs or lemma in verbs.no_rule_verbs))
