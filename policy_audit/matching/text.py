"""The text the matcher reads: a clause with British spellings, OCR splits and OCR misspellings repaired.

The quote shown to the user is always the original clause; only this analysis copy is rewritten, word by word,
so a fix here can never make evidence that is not in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")
_FRAGMENT = re.compile(r"[A-Za-z]+")
CUE_WORDS = frozenset(
    "prohibited prohibits prohibit forbidden authorized permitted required officers officer members member shall "
    "never except unless deadly force firearm firearms intentional technique techniques restraint restraints "
    "restraining justified circumstances approved allowed discharged department imminent serious threat bodily "
    "protecting themselves others physical".split()
)
_BRITISH = re.compile(
    r"\b(authori|utili|minimi|recogni|organi|emphasi|priori|criti|categori|reali|standardi|mobili|neutrali|"
    r"immobili|tranquili|civili|penali|summari|finali|legali|normali|maximi|optimi|apologi|characteri|"
    r"hospitali|speciali|familiari|jeopardi|scrutini|publici|sanitisi|stigmati|traumati|victimi|"
    r"memori|itemi|visuali|sensiti|revitali|sterili|energi|symboli|capitali|digiti|computeri|"
    r"terrori|agoni|antagoni|patroni|synchroni|economi|harmoni|moderni|fraterni|"
    r"sympathi|proselyti|scandali|institutionali|internationali|marginali|rationali)s(e|ed|es|ing|ation|ations|er|ers)\b",
    re.IGNORECASE,
)
_BRITISH_WORDS = {
    "behaviour": "behavior",
    "behaviours": "behaviors",
    "defence": "defense",
    "offence": "offense",
    "offences": "offenses",
    "licence": "license",
    "programme": "program",
    "programmes": "programs",
    "practise": "practice",
    "judgement": "judgment",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "centre": "center",
    "colour": "color",
    "honour": "honor",
    "favour": "favor",
    "labour": "labor",
    "neighbour": "neighbor",
    "neighbourhood": "neighborhood",
    "counselling": "counseling",
    "travelling": "traveling",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "tyre": "tire",
    "tyres": "tires",
    "kerb": "curb",
    "grey": "gray",
    "paediatric": "pediatric",
    "anaesthetic": "anesthetic",
    "haemorrhage": "hemorrhage",
    "oesophagus": "esophagus",
    "hogtying": "hog-tying",
}
_BRITISH_WORD = re.compile(r"\b(" + "|".join(_BRITISH_WORDS) + r")\b", re.IGNORECASE)


def americanise(text: str) -> str:
    """British and Commonwealth spellings to the US forms the checklists use (authorised → authorized)."""
    text = _BRITISH.sub(lambda m: m.group(0)[: m.start(2) - m.start(0) - 1] + "z" + m.group(2), text)
    return _BRITISH_WORD.sub(lambda m: _match_case(m.group(0), _BRITISH_WORDS[m.group(0).lower()]), text)


def _match_case(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


class Repairer:
    """Repairs OCR damage against the vocabulary of the loaded checklists ("chokeho1ds", "Warn ing")."""

    def __init__(self, vocabulary: Iterable[str], cutoff: int = 90) -> None:
        words = sorted({word.lower() for word in (*vocabulary, *CUE_WORDS) if len(word) >= 5 and word.isalpha()})
        self._vocabulary = tuple(words)
        self._known = frozenset(words)
        self._cutoff = cutoff
        self._cache: dict[str, str] = {}

    def repair(self, text: str) -> str:
        """The analysis copy of `text`: spellings americanised, split words joined, near-misses corrected."""
        text = americanise(text)
        if not self._vocabulary:
            return text
        text = self._join_fragments(text)
        return _WORD.sub(self._fix_word, text)

    def _join_fragments(self, text: str) -> str:
        """Rejoin words that OCR split into fragments ("pro hib ited", "Warn ing") when the result is a known word."""
        if " " not in text:
            return text
        words = list(_FRAGMENT.finditer(text))
        out: list[str] = []
        position = 0
        index = 0
        while index < len(words):
            joined = None
            for size in (3, 2):
                group = words[index : index + size]
                if len(group) < size or any(group[k + 1].start() - group[k].end() != 1 for k in range(size - 1)):
                    continue
                parts = [match.group(0) for match in group]
                candidate = "".join(parts).lower()
                if candidate in self._known and not any(part.lower() in self._known for part in parts):
                    joined = (group[0].start(), group[-1].end(), "".join(parts), size)
                    break
            if joined is None:
                index += 1
                continue
            start, end, word, size = joined
            out.append(text[position:start])
            out.append(word)
            position = end
            index += size
        out.append(text[position:])
        return "".join(out)

    def _fix_word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < 5 or lower in self._known or lower.isdigit():
            return word
        fixed = self._cache.get(lower)
        if fixed is None:
            fixed = self._closest(lower)
            self._cache[lower] = fixed
        return word if fixed == lower else fixed

    def _closest(self, lower: str) -> str:
        damaged = not lower.isalpha()
        candidate = _normalise_ocr_digits(lower) if damaged else lower
        if candidate in self._known:
            return candidate
        found = process.extractOne(
            candidate,
            self._vocabulary,
            scorer=fuzz.ratio,
            score_cutoff=self._cutoff if damaged else max(self._cutoff, 92),
        )
        if found is None:
            return lower
        best = str(found[0])
        if abs(len(best) - len(candidate)) > 2 or best[:2] != candidate[:2]:
            return lower
        if not damaged and (len(candidate) < 7 or best.startswith(candidate) or candidate.startswith(best)):
            # A clean word that is an inflection of a checklist word ("officer"/"office", "charged"/"charge")
            # or too short to tell from another real word ("taking"/"talking") is left as written.
            return lower
        return best


_OCR_DIGITS = str.maketrans({"1": "l", "0": "o", "5": "s", "3": "e", "|": "l", "’": None, "'": None})


def _normalise_ocr_digits(word: str) -> str:
    return word.translate(_OCR_DIGITS)
