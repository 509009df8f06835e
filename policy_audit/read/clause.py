"""A clause ready to read: its words, the cues found in it, where a topic is named, and the Frame it gives.

Raw cue matches become cue hits here: `pseudo` phrases (not-a-cue) blank the cues whose words they cover (a cue's gap
may hold one: "No officer of this department shall" keeps its ban), and of overlapping
reading cues the longest wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policy_audit.read.cues import READING_CUES, Cue, CueKey, Direction
from policy_audit.read.lexicon import Token
from policy_audit.read.phrases import Match

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class CueHit:
    """A cue phrase found in a text: what it means, whether it is a modal, and where (token indices)."""

    cue: Cue
    modal: bool
    start: int
    end: int
    text: str
    direction: Direction = Direction.BIDIRECTIONAL
    max_scope: int | None = None

    def reaches(self, mention: Mention) -> bool:
        """Does the cue act on this mention, by its direction and maximum scope (ConText's rules)?"""
        if self.direction is Direction.FORWARD and self.start >= mention.end:
            return False
        if self.direction is Direction.BACKWARD and self.end <= mention.start:
            return False
        distance = max(mention.start - self.end, self.start - mention.end, 0)
        return self.max_scope is None or distance <= self.max_scope


@dataclass(frozen=True)
class Analysed:
    """A text ready to read: its tokens and the cues found in it (not-a-cue phrases already removed)."""

    tokens: tuple[Token, ...]
    cues: tuple[CueHit, ...]

    def has(self, cue: Cue) -> bool:
        return any(hit.cue is cue for hit in self.cues)


@dataclass(frozen=True)
class Mention:
    """Where a topic is named in a clause: its token span and the tokens its phrase matched."""

    start: int
    end: int
    words: frozenset[int]

    @classmethod
    def at(cls, start: int, end: int) -> Mention:
        return cls(start, end, frozenset(range(start, end)))


def analyse(tokens: tuple[Token, ...], matches: Sequence[Match], doc: Doc) -> Analysed:
    """Turn raw cue matches into cue hits: not-a-cue phrases blank what they cover, overlaps keep the longest."""
    cue_matches = [(match.key, match) for match in matches if isinstance(match.key, CueKey)]
    blanks = [(m.start, m.end) for key, m in cue_matches if key.cue is Cue.NOT_A_CUE] + quoted_titles(tokens)
    kept = [
        (key, match.start, match.end)
        for key, match in cue_matches
        if key.cue is not Cue.NOT_A_CUE
        and not any(b_start <= word < b_end for word in match.words for b_start, b_end in blanks)
    ]
    reading = sorted((entry for entry in kept if entry[0].cue in READING_CUES), key=lambda e: (-(e[2] - e[1]), e[1]))
    chosen: list[tuple[CueKey, int, int]] = []
    for entry in reading:
        if not any(entry[1] < other[2] and other[1] < entry[2] for other in chosen):
            chosen.append(entry)
    others = [entry for entry in kept if entry[0].cue not in READING_CUES]
    hits = sorted(dict.fromkeys(chosen + others), key=lambda e: (e[1], e[2]))
    return Analysed(
        tokens,
        tuple(
            CueHit(key.cue, key.modal, start, end, _span_text(doc, tokens, start, end), key.direction, key.max_scope)
            for key, start, end in hits
        ),
    )


_QUOTES = frozenset({'"', "“", "”"})
_MINOR = frozenset({"to", "and", "of", "the", "for", "a", "an", "in", "on", "or", "with", "by", "at"})
_TITLE_WORDS = 8
_MODALS = frozenset({"shall", "must", "may", "should", "will", "can"})
_WORDING_WORDS = 4
"""A quote this short that opens with a modal ('"should attempt"') is wording quoted as words, not a rule."""
_OFFERING_VERBS = frozenset({"add", "adopt", "insert", "include", "substitute", "use", "retain", "replace", "choose"})
_OFFER_REACH = 4
_DELETING_VERBS = frozenset({"delete", "strike", "repeal", "rescind"})
_NEW_TEXT_WORDS = frozenset({"substitute", "insert", "add", "following", "follow", "read", "replace"})
_DELETE_REACH = 14
_DEFINING = frozenset({"means", "mean", "refers", "includes", "include", ":", "-", "–", "—", "="})


def quoted_titles(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Quoted titles ('adds a new Section IV, "Duty to Report and Intercede."'), whose words rule nothing: every
    word is capitalised (not in capitals throughout) or a minor word. So does wording quoted as words ('the
    intervention part is a "should"', 'replaces the model's "should intervene"'), and wording a model offers its
    adopters ('Agencies may add: "Officers shall intervene …"'), which is no rule of the document until adopted."""
    quotes = [at for at, token in enumerate(tokens) if token.text in _QUOTES]
    spans = []
    for opening, closing in zip(quotes[::2], quotes[1::2], strict=False):
        words = [token.text for token in tokens[opening + 1 : closing] if token.is_word]
        titled = bool(words) and _capitalised(words[0]) and all(
            word.lower() in _MINOR or _capitalised(word) for word in words[1:]
        )
        following = tokens[closing + 1].text.lower() if closing + 1 < len(tokens) else ""
        if following in _DEFINING:
            continue  # '"Prohibited Technique" means …': a defined term whose words are the rule
        wording = bool(words) and words[0].lower() in _MODALS and len(words) <= _WORDING_WORDS
        if (2 <= len(words) <= _TITLE_WORDS and titled) or wording or _offered(tokens, opening):
            spans.append((opening, closing + 1))
    return spans


def _offered(tokens: Sequence[Token], opening: int) -> bool:
    """Is the quote wording that may be added or substituted ('Agencies may add: "…"', 'may substitute "…"'), or
    old wording an amendment takes out ('delete paragraph 12.7 ("A warning shot may be fired …")')?"""
    before = [token.lemma for token in tokens[max(0, opening - _DELETE_REACH) : opening] if token.is_word]
    near = [token.lemma for token in tokens[max(0, opening - _OFFER_REACH) : opening] if token.is_word]
    # the nearest word of amending says which text it is: "delete … ("old")", "… and substitute: "new""
    amending = next((lemma for lemma in reversed(before) if lemma in _DELETING_VERBS | _NEW_TEXT_WORDS), "")
    return amending in _DELETING_VERBS or any(
        lemma in ("may", "can", "could", "might") and at + 1 < len(near) and near[at + 1] in _OFFERING_VERBS
        for at, lemma in enumerate(near)
    )


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _span_text(doc: Doc, tokens: Sequence[Token], start: int, end: int) -> str:
    if not tokens or start >= end:
        return ""
    span = doc.char_span(tokens[start].start, tokens[end - 1].end)
    return span.text if span is not None else ""
