"""Phrases as a policy expert writes them, compiled to lemma sequences and found in one pass over a text.

The notation, used by checklists and by the cue file alike:
- words are matched by lemma: `warning shot` finds "warning shots", "Warning-Shot", "warning shot's";
- `a|b` offers alternatives for one word: `fire|discharge|shoot … as a warning`;
- `…` (or `...`) skips up to eight words, `…3` up to three, never across `;`, `:` or a sentence end;
- a hyphenated or two-word phrase also matches its closed form: `choke hold` finds "chokehold", and so does a
  hyphenated alternative: `audio|audio-visual` finds "audio visual" and "audiovisual";
- `=word` matches that exact word only, where the lemma would say too much (`=levels of force`, not "level").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from policy_audit.matching.lexicon import DROPPED, Lexicon, Token

GAP_WORDS = 8
_GAP_MARKS = frozenset({"…", "..."})
_HARD_STOPS = frozenset({";", ":", ".", "!", "?"})
_TO_HYPHEN = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-"})

Step = frozenset[str] | int
"""One step of a pattern: the lemmas allowed at one word, or a gap of up to N words."""


class PatternError(ValueError):
    """A phrase that cannot be compiled (empty, or a gap at its start or end)."""


@dataclass(frozen=True)
class Match:
    """Where a pattern matched: token indices [start, end) in the analysed text, and the tokens it named."""

    key: Hashable
    start: int
    end: int
    words: frozenset[int]
    """The tokens the phrase's words matched (not the ones a gap skipped)."""


def _gap(chunk: str) -> int | None:
    """The number of words a gap mark skips ('…' eight, '…3' three), or None when `chunk` is not a gap."""
    for mark in _GAP_MARKS:
        if chunk.startswith(mark):
            rest = chunk[len(mark) :]
            if not rest:
                return GAP_WORDS
            if rest.isdigit() and 1 <= int(rest) <= GAP_WORDS:
                return int(rest)
            raise PatternError(f"gap {chunk!r}: write … or …N with N from 1 to {GAP_WORDS}")
    return None


def _chunk_options(chunk: str, lexicon: Lexicon) -> list[tuple[Step, ...]]:
    """The step sequences one space-separated chunk can stand for."""
    gap = _gap(chunk)
    if gap is not None:
        return [(gap,)]
    if "|" in chunk:
        alternatives = [part for part in chunk.split("|") if part]
        if not alternatives:
            raise PatternError(f"empty alternative in {chunk!r}")
        # A hyphenated alternative ('audio|audio-visual') is its words in a row, or its closed form.
        plain = [part for part in alternatives if part.startswith("=") or len(_hyphen_parts(part)) < 2]
        compound = [_hyphen_parts(part) for part in alternatives if part not in plain]
        one_word = {part.lower() if part.startswith("=") else lexicon.lemma(part) for part in plain}
        one_word |= {lexicon.lemma("".join(parts)) for parts in compound}
        options: list[tuple[Step, ...]] = [(frozenset(one_word),)]
        options += [tuple(frozenset({lexicon.lemma(part)}) for part in parts) for parts in compound]
        return options
    if chunk.startswith("=") and len(chunk) > 1:
        return [(frozenset({chunk.lower()}),)]
    parts = _hyphen_parts(chunk)
    if not parts:
        raise PatternError(f"no word in {chunk!r}")
    split = tuple(frozenset({lexicon.lemma(part)}) for part in parts)
    if len(parts) == 1:
        return [split]
    return [split, (frozenset({lexicon.lemma("".join(parts))}),)]


def _hyphen_parts(word: str) -> list[str]:
    return [part for part in word.translate(_TO_HYPHEN).split("-") if part]


def phrase_words(phrases: Iterable[str]) -> set[str]:
    """The words of phrases in this notation, with the closed form of each hyphenated one (OCR repair's anchors)."""
    words: set[str] = set()
    for phrase in phrases:
        for chunk in phrase.split():
            words.update(word for word in chunk.replace("|", " ").replace("-", " ").split() if word.isalpha())
            words.update(part.replace("-", "") for part in chunk.split("|") if "-" in part and part.isascii())
    return words


def compile_phrase(phrase: str, lexicon: Lexicon) -> tuple[tuple[Step, ...], ...]:
    """All lemma-step sequences a phrase stands for (hyphenated and two-word closed forms included)."""
    chunks = phrase.split()
    if not chunks or _gap(chunks[0]) is not None or _gap(chunks[-1]) is not None:
        raise PatternError(f"phrase {phrase!r} must start and end with a word")
    variants: list[tuple[Step, ...]] = [()]
    for chunk in chunks:
        variants = [done + option for done in variants for option in _chunk_options(chunk, lexicon)]
    plain = [chunk for chunk in chunks if _gap(chunk) is None and "|" not in chunk and "-" not in chunk]
    if len(chunks) == 2 == len(plain):
        variants.append((frozenset({lexicon.lemma("".join(plain))}),))
    return tuple(dict.fromkeys(variants))


TextView = tuple[list[int], list[str], list[str]]
"""A text as patterns see it: kept token indices (hyphens and quotes dropped), their lemmas, their `=exact` forms."""


def text_view(tokens: Sequence[Token]) -> TextView:
    kept = [index for index, token in enumerate(tokens) if token.text not in DROPPED]
    shown = tokens if len(kept) == len(tokens) else [tokens[index] for index in kept]
    return kept, [token.lemma for token in shown], ["=" + token.text.lower() for token in shown]


class PatternSet:
    """Many keyed patterns, indexed by their first lemma, matched against analysed texts."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[Hashable, tuple[Step, ...]]]] = defaultdict(list)
        self.words: set[str] = set()

    def add(self, key: Hashable, phrases: Iterable[str], lexicon: Lexicon) -> None:
        for phrase in phrases:
            for steps in compile_phrase(phrase, lexicon):
                first = steps[0]
                assert isinstance(first, frozenset)
                for lemma in first:
                    self._by_first[lemma].append((key, steps))
                for step in steps:
                    if isinstance(step, frozenset):
                        self.words.update(step)

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def may_match(self, lemmas: frozenset[str]) -> bool:
        """Could a text whose words have these lemmas (and `=exact` forms) match any pattern? A cheap pre-check:
        every word step of some pattern must find one of its lemmas in the set."""
        for lemma in lemmas:
            for _, steps in self._by_first.get(lemma, ()):
                if all(isinstance(step, int) or not step.isdisjoint(lemmas) for step in steps[1:]):
                    return True
        return False

    def find(self, tokens: Sequence[Token], view: TextView | None = None) -> list[Match]:
        """Every match, longest first at each start; positions are indices into `tokens`."""
        kept, lemmas, exact = view or text_view(tokens)
        out: list[Match] = []
        by_first = self._by_first
        for position, lemma in enumerate(lemmas):
            by_lemma, by_form = by_first.get(lemma), by_first.get(exact[position])
            if not (by_lemma or by_form):
                continue  # most words start no pattern
            for key, steps in (*(by_lemma or ()), *(by_form or ())):
                matched = _match_steps(steps, 1, lemmas, position + 1, (position,), exact)
                if matched is not None:
                    words = frozenset(kept[index] for index in matched)
                    out.append(Match(key, kept[position], kept[matched[-1]] + 1, words))
        return out


def _match_steps(
    steps: tuple[Step, ...],
    step_index: int,
    lemmas: Sequence[str],
    position: int,
    matched: tuple[int, ...],
    exact: Sequence[str] = (),
) -> tuple[int, ...] | None:
    """The positions of the shortest match of steps[step_index:] from `position`, after those already matched."""
    if step_index == len(steps):
        return matched
    step = steps[step_index]
    if isinstance(step, int):
        for skip in range(step + 1):
            at = position + skip
            if at > len(lemmas):
                return None
            if skip and lemmas[at - 1] in _HARD_STOPS:
                return None
            found = _match_steps(steps, step_index + 1, lemmas, at, matched, exact)
            if found is not None:
                return found
        return None
    if position < len(lemmas) and (lemmas[position] in step or (exact and exact[position] in step)):
        return _match_steps(steps, step_index + 1, lemmas, position + 1, (*matched, position), exact)
    return None
