"""Where a cue can reach a topic mention: the scope around it, questions and concessions that rule nothing, run-in
titles that only name a subject. Scope ends at a `terminate` cue or a sentence end, as in ConText."""

from __future__ import annotations

from collections.abc import Sequence

from policy_audit.read.clause import Analysed, CueHit, Mention
from policy_audit.read.cues import READING_CUES, Cue
from policy_audit.read.lexicon import Lexicon, Token
from policy_audit.read.modality import POINTING_BACK
from policy_audit.read.syntax import (
    CHOOSING_VERBS,
    SENTENCE_MARKS,
    after_marker,
    parentheses,
    questions,
    run_in_label,
)

_ANY_MODAL = frozenset({"may", "can", "shall", "must", "will", "should", "would", "could", "might"})
"""Modals that also state possibility ('may endanger'), unlike shall and must."""
_TITLE_WORDS = 4
"""How far into a clause a bracket may open and still belong to its run-in title."""
_LABEL_RULES = frozenset({Cue.PROHIBIT, Cue.PERMIT, Cue.CLASSIFY, Cue.SCOPE_END, Cue.REFUSE_DISCLOSURE})
"""What a run-in title ("Warning Shots: Prohibited", "Intermediate force: baton, OC spray") can say of its topic."""


def acting_cues(
    clause: Analysed, cues: list[CueHit], mention: Mention, lexicon: Lexicon
) -> tuple[list[CueHit], tuple[int, int], list[CueHit]]:
    """(the cues that can still speak, the mention's scope, the cues in that scope that reach it)."""
    label = run_in_label(clause.tokens)
    if label:
        # "Duty to Intervene: Officers are reminded of Rule 113." — a run-in title names the paragraph's
        # subject; only a prohibition or permission in it ("Warning Shots: Prohibited") is a rule.
        # A title that is itself the rule ("REPORTABLE FORCE: …") binds what it lists.
        cues = [hit for hit in cues if hit.start >= label or hit.cue in _LABEL_RULES or hit.end == label]
    low, high = _scope(clause, cues, mention, lexicon)
    cues = _unasked(clause.tokens, cues, mention, questions(clause.tokens, low, high))
    # "REPORTABLE FORCE (all require Form LHPD-114): …": a bracket that closes a run-in title speaks of its list
    opening = after_marker(clause.tokens)
    brackets = [
        (start, end)
        for start, end in parentheses(clause.tokens)
        if not (start - opening <= _TITLE_WORDS and end + 1 < len(clause.tokens) and clause.tokens[end + 1].text == ":")
    ]
    question = high > 0 and clause.tokens[min(high, len(clause.tokens)) - 1].text == "?"
    question = question or (high < len(clause.tokens) and clause.tokens[high].text == "?")
    question = question and not any(answered(clause.tokens, at) for at in range(low, high))
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
    nor does "must articulate why de-escalation was or was not tried", and "Whether or not the officer intervenes, the
    officer shall report …" rules nothing on intervening."""
    why = next(
        (at for at in range(mention.start - 1, -1, -1) if tokens[at].lemma == "why" or tokens[at].text in (",", ";")),
        None,
    )
    if why is not None and tokens[why].lemma == "why":
        # "must articulate why de-escalation was or was not tried": what is explained is not laid down
        cues = [hit for hit in cues if hit.start > why]
    if not asked:
        return cues
    if any(start <= mention.start < end and _concessive(tokens, start) for start, end in asked):
        return []
    # "shall determine which technique …", "shall determine whether tactics and training were appropriate": what the
    # question holds is what is chosen or judged, not what the modal before it requires ("shall note whether the
    # prisoner was handcuffed" still asks for the note)
    judged: list[tuple[int, int]] = []
    for start, end in sorted(asked):  # "shall determine whether …, whether …, and whether …": a series of them
        chosen = tokens[start].lemma == "which" or (start > 0 and tokens[start - 1].lemma in CHOOSING_VERBS)
        if chosen or (judged and start > 0 and tokens[start - 1].lemma in (",", "and", "or")):
            judged.append((start, end))
    inside = next(((start, end) for start, end in judged if start <= mention.start < end), None)
    return [
        hit
        for hit in cues
        if not any(start <= hit.start < end for start, end in asked) and (inside is None or hit.start >= inside[0])
    ]


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
        if token.text in SENTENCE_MARKS and not answered(clause.tokens, index)
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
            # … or a clause joined on (", and de-escalation should be used …, but it is the officer's call")
            subject = subject or [token.text.lower() for token in clause.tokens[max(0, mention.start - 2) : mention.start]] == [",", "and"]
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


def answered(tokens: Sequence[Token], at: int) -> bool:
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
