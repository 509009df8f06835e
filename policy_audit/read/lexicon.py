"""Words as the reader sees them: spaCy's lookup lemmas, with spelling normalised and OCR damage repaired.

A checklist names a concept once ("intervene", "warning shot"); every inflection in a policy must match it. So both
the policy and the checklists go through the same `Lexicon`: lower case, British and Commonwealth spellings to US
forms (spaCy's norm table, plus the regular -ise/-isation rule), then spaCy's English lookup lemmas, applied until
they settle ("shots" → "shot" → "shoot", as "shot" already does). Words the tables do not know fall back on plain
suffix stripping, kept only when it lands on a word the checklists or the tables know ("chokeholds" → "chokehold").

Nothing is downloaded: the tables ship in the `spacy-lookups-data` package. The `policy_lemmas` pipeline component
(pipeline.py) sets each token's `lemma_` from here, so spaCy's Matcher and PhraseMatcher match on these lemmas.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from spacy.tokens import Doc

URL = "<url>"
"""The lemma of every web address (spaCy's `like_url`), so a phrase can say 'available from <url>'."""
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$")
_DIGITS_AS_LETTERS = str.maketrans({"1": "l", "0": "o", "5": "s", "3": "e", "|": "l"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_HYPHENS = "-‐‑–—"
_OWN_LEMMA = {
    "as": "as",
    "our": "our",
    "first": "first",
    "more": "more",
    "most": "most",
    "less": "less",
    "least": "least",
    "further": "further",
    "data": "data",
    "media": "media",
    "does": "do",
    "lead": "lead",
    "leads": "lead",
    "ground": "ground",
    "grounds": "ground",
}
"""Words the lookup table lemmatises into another word ('as' → 'a', 'less' → 'little'): kept as themselves."""
DROPPED = frozenset({"-", "‐", "‑", "–", "—", '"', "“", "”", "'", "’", "‘", "®", "™", "©"})
"""Tokens a phrase may span (hyphens, quotes, trade marks): 'hog-tie' and 'hog tie' are the same words."""


class Token(NamedTuple):
    """One word or punctuation mark of an analysed text (a named tuple: a manual has a quarter million of them)."""

    text: str
    lemma: str
    start: int
    """Character offset in the analysed text."""
    end: int

    @property
    def is_word(self) -> bool:
        return self.lemma[:1].isalnum()


def _table(name: str) -> dict[str, Any]:
    folder = resources.files("spacy_lookups_data") / "data"
    with (folder / f"en_{name}.json.gz").open("rb") as handle:
        data: dict[str, Any] = json.loads(gzip.decompress(handle.read()))
    return data


Tables = tuple[dict[str, str], dict[str, str], frozenset[str], frozenset[str]]


@lru_cache(maxsize=1)
def _tables() -> Tables:
    """(lemma lookup, norm exceptions, known English words, verbs), read once per process (a tenth of a second)."""
    lemmas = {key.lower(): value.lower() for key, value in _table("lemma_lookup").items()}
    norms = {key.lower(): value.lower() for key, value in _table("lexeme_norm").items() if " " not in value}
    index = _table("lemma_index")
    verbs = frozenset(word.lower() for word in index.get("verb", ()))
    # Known words are the lookup's keys (the dict itself) and these others: its lemmas and the index's words.
    others = {value for value in lemmas.values() if value not in lemmas}
    others.update(word.lower() for words in index.values() for word in words if word.lower() not in lemmas)
    return (lemmas, norms, frozenset(others), verbs)


class Lexicon:
    """Lemmatises words the same way for checklists and policies, and repairs OCR damage against a vocabulary."""

    def __init__(self, vocabulary: Iterable[str] = (), fuzzy_cutoff: int = 90) -> None:
        self._lemmas, self._norms, self._other_words, self._verbs = _tables()
        self._cache: dict[str, str] = {}
        self._fuzzy_cutoff = fuzzy_cutoff
        self._repair_cache: dict[str, str] = {}
        self._token_cache: dict[str, tuple[str, bool]] = {}
        # Checklist and cue words anchor fallback lemmas and OCR repair. Their own lemmas are taken from the
        # English tables alone, then forgotten, so that later lemmas see the whole vocabulary.
        self.vocabulary: frozenset[str] = frozenset()
        added = {word.lower().strip(_HYPHENS) for word in vocabulary if word.strip(_HYPHENS)}
        lemmas = frozenset(self.lemma(word) for word in added)
        self._cache.clear()
        self.vocabulary = frozenset(added) | lemmas
        self._candidates = tuple(sorted(word for word in self.vocabulary if len(word) >= 5 and word.isalpha()))
        self._reach: dict[tuple[int, float], tuple[str, ...]] = {}

    def is_verb(self, lemma: str) -> bool:
        return lemma in self._verbs

    def _english(self, lower: str) -> bool:
        """A word spaCy's English tables know (as a form, a lemma, or in the lemma index)."""
        return lower in self._lemmas or lower in self._other_words

    def knows(self, word: str) -> bool:
        lower = word.lower()
        return self._english(lower) or lower in self.vocabulary

    def lemma(self, word: str) -> str:
        """The normalised lemma of one word (lower case, US spelling, settled lookup lemma)."""
        cached = self._cache.get(word)
        if cached is None:
            lower = word.lower().translate(_APOSTROPHES).strip(_HYPHENS) or word.lower()
            cached = self._cache.get(lower)
            if cached is None:
                cached = self._cache[lower] = self._lemma(lower)
            self._cache[word] = cached
        return cached

    def _lemma(self, lower: str) -> str:
        if lower in _OWN_LEMMA:
            return _OWN_LEMMA[lower]
        word = self._us_spelling(lower)
        seen = {word}
        for _ in range(3):
            following = self._lemmas.get(word)
            if following is None or following in seen:
                break
            word = following
            seen.add(word)
        if word == lower and not self._english(lower) and lower not in self.vocabulary:
            return self._strip_suffix(lower)
        return word

    def _us_spelling(self, lower: str) -> str:
        normed = self._norms.get(lower)
        if normed is not None:
            return normed
        if _ISE.search(lower):
            candidate = _ISE.sub(lambda match: "iz" + match.group(1), lower)
            if self._english(candidate):
                return candidate
        return lower

    def _strip_suffix(self, lower: str) -> str:
        """'chokeholds' → 'chokehold', 'hogtying' → 'hogtie': only when the stem is a known word."""
        candidates: list[str] = []
        if lower.endswith("ying"):
            candidates.append(lower[:-4] + "ie")
        if lower.endswith("ies"):
            candidates.append(lower[:-3] + "y")
        if lower.endswith("ing"):
            candidates += [lower[:-3], lower[:-3] + "e"]
        if lower.endswith("ed"):
            candidates += [lower[:-2], lower[:-1]]
        if lower.endswith("es"):
            candidates.append(lower[:-2])
        if lower.endswith("s") and not lower.endswith("ss"):
            candidates.append(lower[:-1])
        for candidate in candidates:
            if len(candidate) >= 3 and (candidate in self.vocabulary or self._english(candidate)):
                return self._lemmas.get(candidate, candidate)
        return lower

    def repair(self, word: str) -> str:
        """An OCR-damaged word ('chokeho1ds', 'prohibitted') mapped to the checklist word it was, else unchanged."""
        lower = word.lower()
        if len(lower) < 5 or lower.isdigit() or self.knows(lower):
            return word
        fixed = self._repair_cache.get(lower)
        if fixed is None:
            fixed = self._closest(lower)
            self._repair_cache[lower] = fixed
        return word if fixed == lower else fixed

    def _closest(self, lower: str) -> str:
        damaged = not lower.isalpha()
        candidate = lower.translate(_DIGITS_AS_LETTERS).replace("'", "") if damaged else lower
        if candidate in self.vocabulary:
            return candidate
        cutoff = self._fuzzy_cutoff if damaged else max(self._fuzzy_cutoff, 92)
        choices = self._within_reach(len(candidate), cutoff)
        if not choices:
            return lower
        found = process.extractOne(candidate, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return lower
        best = str(found[0])
        if abs(len(best) - len(candidate)) > 2 or best[:2] != candidate[:2]:
            return lower
        if not damaged and (len(candidate) < 7 or best.startswith(candidate) or candidate.startswith(best)):
            return lower
        return best

    def _within_reach(self, length: int, cutoff: float) -> tuple[str, ...]:
        """The candidates whose length lets them score `cutoff` against a word of `length`, in their order.

        fuzz.ratio is 100 × (1 − indel distance / total length), and the distance is at least the difference
        in length, so the others can never reach the cutoff: the best match is the same, found sooner.
        """
        key = (length, cutoff)
        found = self._reach.get(key)
        if found is None:
            found = self._reach[key] = tuple(
                word
                for word in self._candidates
                if abs(len(word) - length) * 100 <= (100 - cutoff) * (len(word) + length)
            )
        return found

    def join_fragments(
        self, words: Sequence[str], fragments: Sequence[int] | None = None
    ) -> list[tuple[int, int, str]]:
        """Runs of 2–3 adjacent fragments that OCR split from one checklist word ('pro hib ited'): (first, last+1, word).

        Only windows around a word neither English nor the checklists know (`fragments`, found if not given) are tried.
        """
        if fragments is None:
            fragments = [i for i, word in enumerate(words) if word.isalpha() and not self.knows(word)]
        starts = sorted({start for i in fragments for start in range(max(0, i - 2), i + 1)})
        out: list[tuple[int, int, str]] = []
        taken = 0
        for index in starts:
            if index < taken:
                continue
            for size in (3, 2):
                group = words[index : index + size]
                if len(group) < size or not all(part.isalpha() for part in group):
                    continue
                candidate = "".join(group).lower()
                if candidate in self.vocabulary and len(candidate) >= 6 and any(not self.knows(part) for part in group):
                    out.append((index, index + size, "".join(group)))
                    taken = index + size
                    break
        return out

    def lemmatize(self, doc: Doc) -> tuple[Token, ...]:
        """Set every token's lemma (a web address's is <url>); rejoin OCR fragments ('pro hib ited') into one
        token. Returns the doc as the reader's words (whitespace tokens dropped), made in the same pass."""
        from spacy.lang.lex_attrs import like_url

        seen = self._token_cache
        new = tuple.__new__
        out: list[Token] = []
        fragments: list[int] = []
        for token in doc:
            text = token.text
            entry = seen.get(text)
            if entry is None:
                entry = seen[text] = self._token_entry(text, like_url(text))
            lemma = token.lemma_ = entry[0]
            if entry[1]:
                fragments.append(token.i)
            if not text.isspace():
                idx = token.idx
                out.append(new(Token, (text, lemma, idx, idx + len(text))))
        joins = self.join_fragments([token.text for token in doc], fragments) if fragments and len(doc) > 1 else []
        if not joins:
            return tuple(out)
        with doc.retokenize() as retokenizer:  # the joined word travels as the merged token's NORM
            for start, end, word in joins:
                retokenizer.merge(doc[start:end], attrs={"LEMMA": self.lemma(word), "NORM": word})
        return tuple(
            Token(
                token.norm_ if " " in token.text else token.text, token.lemma_, token.idx, token.idx + len(token.text)
            )
            for token in doc
            if not token.is_space
        )

    def _token_entry(self, text: str, url: bool) -> tuple[str, bool]:
        """(lemma, could be an OCR fragment) of one token text, computed once per lexicon."""
        if url:
            return URL, False
        lemma = self.lemma(self.repair(text) if len(text) >= 5 else text)
        return lemma, text.lower().isalpha() and not self.knows(text)
