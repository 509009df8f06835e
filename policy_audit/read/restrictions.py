"""What restricts a rule on a topic: settings, exceptions of this predicate (not an earlier or later one), provisos,
conditions put before the rule or confined to one ground of several, a ban that holds only under a condition."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from policy_audit.read.clause import Analysed, CueHit, Mention
from policy_audit.read.cues import Cue
from policy_audit.read.lexicon import Lexicon, Token
from policy_audit.read.modality import CONDITION_WORDS, POINTING_BACK
from policy_audit.read.syntax import (
    MODAL_WORDS,
    SENTENCE_MARKS,
    after_fronted,
    after_marker,
    clause_joint,
    run_in_label,
)

_EXTENDING = frozenset({"include", "including", "also", "even"})
_EXTEND_REACH = 8
_JOINS = frozenset({"and", "or"})
_JOIN_REACH = 3
"""'and in the jail': a joined setting stands this near its 'and'."""
_OPEN_SETTINGS = frozenset({"field", "street", "streets", "patrol", "community", "everywhere", "elsewhere"})
"""Where policing is not confined ('in the field'): a setting joined to one of them limits nothing."""
_GROUND_OPENERS = frozenset({"to", "when", "if", "where", "whenever", "in", "for", "because"})
"""Words that open one ground of several ('to protect life, or to prevent escape'; 'when …, or when …')."""
_ALL_GROUNDS = frozenset({"and", "provide", "provided"})
"""After the last ground, ', and …' or ', provided …' adds a condition on all of them."""
_BACK_REFERENCES = frozenset({"such", "these", "those", "them", "they"})
"""A branch that refers back to the other ('… or when such options would be ineffective') restates one condition."""
_NARROWING = frozenset({"only", "solely", "exclusively", "limited", "rare"})
_PURPOSE = frozenset({"for", "as", "with", "by"})
_BAN_CONDITIONS = frozenset({"when", "whenever", "where", "wherever", "if", "while", "during"})
_CONDITION_STOPS = frozenset({";", ":", "(", "|", "--", "—", "–"})
"""Where the ban's own words end: a condition inside a bracket, a table's next cell or after a dash is another's."""
_WIDENING = frozenset(
    {"except", "save", "unless", "even", "or", "only", "include", "including", "also", "and", "not", "whether"}
)
"""Words before a condition that make it an exception already read, or widen the ban ('even when', 'whether or not')."""
_NOT_CONDITIONS = frozenset({"possible", "feasible", "practicable", "practical", "necessary", "appropriate", "on"})
"""'where possible' is advice; 'while on duty' is when every rule applies."""
_NOT_OCCASIONS = frozenset({"any", "all", "the", "duty", "his", "her", "their", "its", "or", "and"})
"""'during a vehicle pursuit' is one occasion; 'during any arrest', 'during their duties', 'during the course of …'
are every one."""


def limited_to_setting(
    clause: Analysed, cues: list[CueHit], lead: Analysed | None, setting_elsewhere: bool, mention: Mention
) -> bool:
    """Is the rule expressly limited to one setting (by the clause, its lead-in or the heading)? Not by a setting in
    a later predicate ("… shall not be hog-tied, and shall not be transported prone")."""
    own = any(
        hit.cue is Cue.SETTING and not _extends(clause.tokens, hit, cues) and not _after_joint(clause.tokens, mention, hit)
        for hit in cues
    )
    led = lead is not None and any(hit.cue is Cue.SETTING and not _extends(lead.tokens, hit, lead.cues) for hit in lead.cues)
    return setting_elsewhere or own or led


def _after_joint(tokens: Sequence[Token], mention: Mention, hit: CueHit) -> bool:
    """Is the cue in a predicate joined after the mention's (", and shall …", "; …")?"""
    return any(clause_joint(tokens, at) for at in range(mention.end, min(hit.start, len(tokens) - 1)))


def _extends(tokens: Sequence[Token], setting: CueHit, cues: Sequence[CueHit]) -> bool:
    """ "… on any person, including inmates housed at the detention facility", "… in the field and in the jail": a
    setting the rule reaches as well, or one joined to a place that is no setting, does not limit it to that setting
    ("in the jail and the holding facility" still does)."""
    if any(token.lemma in _EXTENDING for token in tokens[max(0, setting.start - _EXTEND_REACH) : setting.start]):
        return True
    joined = [at for at in range(max(1, setting.start - _JOIN_REACH), setting.start) if tokens[at].lemma in _JOINS]
    if joined and tokens[joined[-1] - 1].lemma in _OPEN_SETTINGS:  # "in the field and in the jail"
        return True
    after = setting.end  # "in the jail and on the street", not "in a built-up area or in the direction of a road"
    return after < len(tokens) and tokens[after].lemma in _JOINS and any(
        token.lemma in _OPEN_SETTINGS for token in tokens[after + 1 : after + 2 + _JOIN_REACH]
    )


def in_condition(hit: CueHit, others: Sequence[CueHit]) -> bool:
    """A cue inside a deadly-force condition ('deadly force is authorized') is part of the condition; an exception
    that opens it ("unless the officer may use deadly force") still makes it one."""
    return any(
        other.cue is Cue.DEADLY_FORCE
        and other.start <= hit.start
        and hit.end <= other.end
        and not (hit.cue is Cue.EXCEPTION and hit.start == other.start)
        for other in others
    )


def another_route(tokens: Sequence[Token], hit: CueHit, mention: Mention, lexicon: Lexicon) -> bool:
    """ "This policy shall be posted on the website and (shall be) made available to the public upon request", "…
    published in full on the website, and a copy is available on request": a route on request in a later coordinated predicate
    or clause restricts that route, not the one the mention names."""
    return mention.end <= hit.start and any(
        tokens[at].lemma == "and"
        and (lexicon.is_verb(tokens[at + 1].lemma) or tokens[at + 1].lemma in MODAL_WORDS or tokens[at - 1].text == ",")
        for at in range(max(mention.end, 1), min(hit.start, len(tokens) - 1))
    )


def of_earlier_predicate(tokens: Sequence[Token], hit: CueHit, mention: Mention, readable: list[CueHit]) -> bool:
    """ "Leg restraints may be used only as set out in Policy 306 and shall not be connected to the handcuffs": the
    exception restricts the earlier coordinated predicate, not the later one's rule on the topic."""
    joints = [  # "and" opening another predicate: "… and, consistent with …, shall not …", "… and shall not …"
        at
        for at in range(hit.end, min(mention.start, len(tokens) - 1))
        if tokens[at].lemma == "and" and (tokens[at + 1].text == "," or tokens[at + 1].lemma in MODAL_WORDS)
    ]
    return bool(joints) and any(cue.start > joints[0] for cue in readable)


def of_later_predicate(tokens: Sequence[Token], hit: CueHit, mention: Mention, readable: list[CueHit]) -> bool:
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


def proviso_start(tokens: Sequence[Token], mention: Mention) -> int:
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


def relative_insertion(tokens: Sequence[Token], hit: CueHit) -> tuple[int, int] | None:
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


def fronted_condition(tokens: Sequence[Token], mention: Mention) -> int:
    """Where the main clause starts after a condition put before it ('When a prisoner …, members may use …') that
    the mention is not in; 0 when there is none."""
    opening = max(after_marker(tokens), run_in_label(tokens))
    main = after_fronted(tokens, mention.start, CONDITION_WORDS)
    return 0 if main is None or main == opening else main


def condition_on_ban(tokens: Sequence[Token], mention: Mention, readable: Sequence[CueHit]) -> bool:
    """ "Deputies shall not fire a warning shot in any area where the round could strike an uninvolved person": a ban
    that holds only under a condition after it is no ban of the practice as such (it allows nothing either: an
    unconditional ban elsewhere still decides). A condition on doing the act
    ('when restraining a person') only describes it; 'even when', 'or when', 'including when' widen the ban; and a
    condition put before the ban ("When a vehicle is driven toward an officer, the officer shall not fire") sets the
    scene the ban is about."""
    bans = [hit.end for hit in readable if hit.cue is Cue.PROHIBIT and not _after_joint(tokens, mention, hit)]
    start = max([mention.end, *bans])  # not the ban of a later clause (", and a person must not be placed … where")
    for at in range(start, len(tokens) - 1):
        token, following = tokens[at], tokens[at + 1]
        if token.text in SENTENCE_MARKS or token.text in _CONDITION_STOPS or clause_joint(tokens, at):
            return False
        if (
            token.lemma in _BAN_CONDITIONS
            and tokens[at - 1].lemma not in _WIDENING
            and not following.text.lower().endswith("ing")
            and following.lemma not in _NOT_CONDITIONS
            and not (token.lemma == "during" and _every_occasion(tokens, at))
        ):
            return True
    return False


def _every_occasion(tokens: Sequence[Token], at: int) -> bool:
    """Does 'during' at `at` name every occasion ("during any arrest", "during or after an operation", "whether in the
    cell, during escort or in transport") rather than one ("during a vehicle pursuit")?"""
    before = tokens[at - 1].lemma if at else ""
    return tokens[at + 1].lemma in _NOT_OCCASIONS or before == "," or any(
        token.lemma == "whether" for token in tokens[max(0, at - 12) : at]
    )


def in_later_ground(tokens: Sequence[Token], mention: Mention, hit: CueHit) -> bool:
    """Is an exception part of a later ground, not the mention's ("shall not discharge a firearm as a warning shot,
    or to destroy an animal except in accordance with OPS-031")?"""
    return any(
        tokens[at].text == "," and tokens[at + 1].lemma in ("or", "and") and tokens[at + 2].lemma in _GROUND_OPENERS
        for at in range(mention.end, hit.start - 2)
    )


def narrowed_duty(
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


def one_ground_of_several(tokens: Sequence[Token], mention: Mention) -> bool:
    """ "Deadly force may be used to protect life, or to prevent the escape of a felon when all other means have
    failed": grounds joined by ', or' / '; or' are alternatives, so a condition inside one of them holds on that
    ground only. A condition before the grounds ("Only when … may an officer shoot to: (a) …; or (b) …") or joined
    without a comma ("failed or would be futile") governs them all."""
    for at in range(2, len(tokens) - 1):
        alternative = _alternative_at(tokens, at)
        if alternative is None:
            continue
        marked, end = alternative
        start = at
        while start > 0 and tokens[start - 1].text not in SENTENCE_MARKS:
            start -= 1
        firsts = [
            index
            for index in range(start, at)
            if (marked and _ground_opener(tokens, index) == (None, True))
            or (not marked and tokens[index].lemma in _GROUND_OPENERS)
        ]
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


def ground_beyond_deadly(tokens: Sequence[Token], conditions: Sequence[CueHit], cues: Sequence[CueHit]) -> bool:
    """ "A member may fire a warning shot only when deadly force would be authorised, or to summon assistance …": a
    ground joined after the deadly-force condition by ', or' allows the act beyond it, unless it is a deadly-force
    condition too or points back to it ("…, or when such force would be justified")."""
    for hit in conditions:
        for at in range(hit.end, len(tokens) - 1):
            if tokens[at].text in SENTENCE_MARKS:
                break
            alternative = _alternative_at(tokens, at)
            if alternative is None:
                continue
            end = alternative[1]
            if any(other.cue is Cue.DEADLY_FORCE and at < other.start < end for other in cues):
                continue
            if not any(tokens[index].lemma in _BACK_REFERENCES for index in range(at + 1, end)):
                return True
    return False


def _alternative_at(tokens: Sequence[Token], at: int) -> tuple[bool, int] | None:
    """Does ', or' / '; or' at `at` open another ground ("…, or to prevent the escape …", "…; or (b) …")? Then
    (whether a list marker opens it, where it ends); else None."""
    if tokens[at].lemma != "or" or tokens[at - 1].text not in (",", ";"):
        return None
    opener, marked = _ground_opener(tokens, at + 1)
    if opener is None and not marked:
        return None
    return marked, _ground_end(tokens, at + 1)


def ends_in_or(clause: Analysed) -> bool:
    """A list item that ends in 'or' ("…; or", "…, or") is one of the lead-in's alternative grounds."""
    words = [token for token in clause.tokens if token.is_word]
    return bool(words) and words[-1].lemma == "or"


def _ground_end(tokens: Sequence[Token], at: int) -> int:
    """Where the last ground ends: at a ';' or ', and' / ', provided' that adds a condition on all of them."""
    for index in range(at, len(tokens)):
        if tokens[index].text in SENTENCE_MARKS or tokens[index].text == ";":
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
