"""Phrases as a policy expert writes them, compiled to spaCy PhraseMatcher and Matcher patterns on our lemmas.

The notation, used by checklists and by the cue file alike:
- words are matched by lemma: `warning shot` finds "warning shots", "Warning-Shot", "warning shot's";
- `a|b` offers alternatives for one word: `fire|discharge|shoot … as a warning`;
- `…` (or `...`) skips up to eight words, `…3` up to three, never across `;`, `:` or a sentence end;
- a hyphenated or two-word phrase also matches its closed form: `choke hold` finds "chokehold", and so does a
  hyphenated alternative: `audio|audio-visual` finds "audio visual" and "audiovisual";
- `=word` matches that exact word only, where the lemma would say too much (`=levels of force`, not "level");
- `<url>` stands for any web address.

A phrase of words alone is a terminology entry: its alternatives are spelled out into the PhraseMatcher, which
finds them all in one hashed pass. A phrase with a gap or an exact form becomes a Matcher pattern (`{0,N}` gaps),
run only on a text that holds a word of each of its steps: spaCy's Matcher tries every pattern at every token.
Hyphens, quotes and trade marks are dropped from the text the patterns see, so 'hog-tie' is 'hog tie'.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from policy_audit.read.lexicon import DROPPED, Lexicon, Token

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

GAP_WORDS = 8
MAX_GAPS = 4
MAX_CHUNKS = 16
SPELLED_OUT = 256
"""At most this many word sequences are spelled out for one phrase; a phrase with more goes to the Matcher."""
_GAP_MARKS = ("…", "...")
_HARD_STOPS = [";", ":", ".", "!", "?"]
_TO_HYPHEN = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-"})

Step = frozenset[str] | int
"""One step of a pattern: the lemmas (or `=exact` forms) allowed at one word, or a gap of up to N words."""


class PatternError(ValueError):
    """A phrase that cannot be compiled (empty, a gap at its start or end, too costly to match)."""


@dataclass(frozen=True)
class Match:
    """Where a phrase matched: word indices [start, end) in the reader's words, and the words it named."""

    key: Hashable
    start: int
    end: int
    words: frozenset[int]
    """The words the phrase's words matched (not the ones a gap skipped)."""


class View:
    """A lemmatized doc as phrases see it: hyphens, quotes and whitespace dropped (a new Doc only where some are)."""

    def __init__(self, doc: Doc, words: Sequence[Token]) -> None:
        texts = [token.text for token in words]
        self.words: Sequence[Token] = words
        self.doc = doc
        self.kept: Sequence[int] = range(len(words))
        """For each token of `doc`, its index among the reader's words (lexicon.Token)."""
        if len(words) == len(doc) and DROPPED.isdisjoint(texts):
            return
        from spacy.tokens import Doc

        self.kept = [index for index, text in enumerate(texts) if text not in DROPPED]
        self.words = [words[index] for index in self.kept]
        shown = [token.text for token in self.words]
        self.doc = Doc(doc.vocab, words=shown, lemmas=[token.lemma for token in self.words])

    @cached_property
    def lemmas(self) -> frozenset[str]:
        return frozenset([token.lemma for token in self.words])

    @cached_property
    def forms(self) -> frozenset[str]:
        """Its lemmas and `=exact` forms: a gapped phrase runs only where each of its steps finds one."""
        return self.lemmas | {"=" + token.text.lower() for token in self.words}


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


def _chunk_options(chunk: str, lemma: Callable[[str], str]) -> list[tuple[Step, ...]]:
    """The step sequences one space-separated chunk can stand for."""
    gap = _gap(chunk)
    if gap is not None:
        return [(gap,)]
    if "|" in chunk:
        alternatives = [part for part in chunk.split("|") if part]
        if len(alternatives) != chunk.count("|") + 1:
            raise PatternError(f"empty alternative in {chunk!r}")
        # A hyphenated alternative ('audio|audio-visual') is its words in a row, or its closed form.
        plain = [part for part in alternatives if part.startswith("=") or len(_hyphen_parts(part)) < 2]
        compound = [_hyphen_parts(part) for part in alternatives if part not in plain]
        one_word = {part.lower() if part.startswith("=") else lemma(part) for part in plain}
        one_word |= {lemma("".join(parts)) for parts in compound}
        options: list[tuple[Step, ...]] = [(frozenset(one_word),)]
        options += [tuple(frozenset({lemma(part)}) for part in parts) for parts in compound]
        return options
    if chunk.startswith("=") and len(chunk) > 1:
        return [(frozenset({chunk.lower()}),)]
    parts = _hyphen_parts(chunk)
    if not parts:
        raise PatternError(f"no word in {chunk!r}")
    split = tuple(frozenset({lemma(part)}) for part in parts)
    if len(parts) == 1:
        return [split]
    return [split, (frozenset({lemma("".join(parts))}),)]


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


def compile_phrase(phrase: str, lemma: Callable[[str], str]) -> tuple[tuple[Step, ...], ...]:
    """All step sequences a phrase stands for (hyphenated and two-word closed forms included)."""
    chunks = phrase.split()
    if not chunks or _gap(chunks[0]) is not None or _gap(chunks[-1]) is not None:
        raise PatternError(f"phrase {phrase!r} must start and end with a word")
    gaps = sum(_gap(chunk) is not None for chunk in chunks)
    if gaps > MAX_GAPS or len(chunks) > MAX_CHUNKS:
        raise PatternError(
            f"phrase {phrase!r} is too long to match cheaply (at most {MAX_GAPS} gaps, {MAX_CHUNKS} words)"
        )
    variants: list[tuple[Step, ...]] = [()]
    for chunk in chunks:
        variants = [done + option for done in variants for option in _chunk_options(chunk, lemma)]
    plain = [chunk for chunk in chunks if _gap(chunk) is None and "|" not in chunk and "-" not in chunk]
    if len(chunks) == 2 == len(plain):
        variants.append((frozenset({lemma("".join(plain))}),))
    return tuple(dict.fromkeys(variants))


def check_phrase(phrase: str) -> None:
    """Raise PatternError when a phrase is not in the notation or too costly to match (checked as files load)."""
    compile_phrase(phrase, str.lower)


class FirstWords:
    """Phrases' steps indexed by the forms of their first word: which of them a text with these forms can hold.

    A cheap pre-check on a set of lemmas: every word step of a phrase must find one of its forms in the set.
    """

    def __init__(self) -> None:
        self._by_first: dict[str, list[int]] = defaultdict(list)
        self._steps: dict[int, tuple[Step, ...]] = {}
        self.words: set[str] = set()
        self.exact = False
        """Some step names an `=exact` form: texts must be checked with their exact forms too."""

    def add(self, number: int, steps: tuple[Step, ...]) -> None:
        self._steps[number] = steps
        self.exact = self.exact or any(isinstance(step, frozenset) and _exact(step) for step in steps)
        first = steps[0]
        assert isinstance(first, frozenset)
        for form in first:
            self._by_first[form].append(number)
        for step in steps:
            if isinstance(step, frozenset):
                self.words.update(step)

    def add_phrases(self, phrases: Iterable[str], lexicon: Lexicon) -> None:
        for phrase in phrases:
            for steps in compile_phrase(phrase, lexicon.lemma):
                self.add(len(self._steps), steps)

    def candidates(self, forms: frozenset[str]) -> list[int]:
        out: set[int] = set()
        for form in self._by_first.keys() & forms:
            for number in self._by_first[form]:
                if all(isinstance(step, int) or not step.isdisjoint(forms) for step in self._steps[number]):
                    out.add(number)
        return sorted(out)

    def any(self, forms: frozenset[str]) -> bool:
        return any(
            all(isinstance(step, int) or not step.isdisjoint(forms) for step in self._steps[number])
            for form in self._by_first.keys() & forms
            for number in self._by_first[form]
        )


class PhraseSet:
    """Many keyed phrases, compiled for one vocabulary, found in a doc in one pass."""

    def __init__(self, vocab: Vocab) -> None:
        from spacy.matcher import PhraseMatcher

        self._vocab = vocab
        self._terms = PhraseMatcher(vocab, attr="LEMMA")
        self._keys: list[Hashable] = []
        """By variant number (its match id), the key the phrase was added under."""
        self._gapped: dict[int, tuple[Any, tuple[bool, ...]]] = {}
        """Variant → (its Matcher, which pattern tokens are words rather than gaps)."""
        self._first_words = FirstWords()
        self.words: set[str] = set()

    def add(self, key: Hashable, phrases: Iterable[str], lexicon: Lexicon) -> None:
        from spacy.tokens import Doc

        for phrase in phrases:
            for steps in compile_phrase(phrase, lexicon.lemma):
                variant = len(self._keys)
                self._keys.append(key)
                words = [step for step in steps if isinstance(step, frozenset)]
                self.words.update(*words)
                spelled = math.prod(len(step) for step in words)
                if len(words) == len(steps) and spelled <= SPELLED_OUT and not any(_exact(step) for step in words):
                    sequences = [list(sequence) for sequence in itertools.product(*map(sorted, words))]
                    docs = [Doc(self._vocab, words=sequence, lemmas=sequence) for sequence in sequences]
                    self._terms.add(str(variant), docs)
                    continue
                self._gapped[variant] = self._matcher(variant, steps)
                self._first_words.add(variant, steps)

    def _matcher(self, variant: int, steps: tuple[Step, ...]) -> tuple[Any, tuple[bool, ...]]:
        from spacy.matcher import Matcher

        choices = [_token_choices(step) for step in steps]
        matcher = Matcher(self._vocab, validate=True)
        matcher.add(str(variant), [list(pattern) for pattern in itertools.product(*choices)])
        return matcher, tuple(isinstance(step, frozenset) for step in steps)

    def find(self, shown: View) -> list[Match]:
        """Every match, the shortest for each phrase at each start, in order of start then of the phrase's addition."""
        found: list[tuple[int, int, Match]] = []
        kept, strings = shown.kept, self._vocab.strings
        for match_id, start, end in self._terms(shown.doc):
            variant = int(strings[match_id])
            words = frozenset(kept[start:end])
            found.append((start, variant, Match(self._keys[variant], kept[start], kept[end - 1] + 1, words)))
        first_words = self._first_words
        for variant in first_words.candidates(shown.forms if first_words.exact else shown.lemmas):
            matcher, is_word = self._gapped[variant]
            shortest: dict[int, tuple[int, list[int]]] = {}
            for _, start, end, alignment in matcher(shown.doc, with_alignments=True):
                if start not in shortest or end < shortest[start][0]:
                    shortest[start] = (end, alignment)
            for start, (end, alignment) in shortest.items():
                words = frozenset(kept[start + at] for at, step in enumerate(alignment) if is_word[step])
                found.append((start, variant, Match(self._keys[variant], kept[start], kept[end - 1] + 1, words)))
        found.sort(key=lambda entry: (entry[0], entry[1]))
        return [match for _, _, match in found]


def _exact(step: frozenset[str]) -> bool:
    return any(form.startswith("=") for form in step)


def _token_choices(step: Step) -> list[dict[str, Any]]:
    """The Matcher token patterns for one step: a gap, a set of lemmas, or of exact forms (one pattern each)."""
    if isinstance(step, int):
        return [{"ORTH": {"NOT_IN": _HARD_STOPS}, "OP": f"{{0,{step}}}"}]
    lemmas = sorted(form for form in step if not form.startswith("="))
    exact = sorted(form[1:] for form in step if form.startswith("="))
    return [{"LEMMA": {"IN": lemmas}}] * bool(lemmas) + [{"LOWER": {"IN": exact}}] * bool(exact)
