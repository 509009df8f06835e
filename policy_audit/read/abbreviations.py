"""Abbreviations a document defines ("the Carotid Control Technique (CCT)", "CAROTID CONTROL TECHNIQUE or CCT
means …", "VNR (Vascular Neck Restraint)") and uses later ("may apply the CCT"):
a clause that uses one is read with the words it stands for, so the rule on "the CCT" is a rule on the carotid
technique. Only an abbreviation whose letters are the initials of the words before it is taken."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

_MARK = re.compile(r"\(\s*[\"“]?([A-Z]{2,6})s?[\"”]?\s*\)|\bor\s+[\"“]?([A-Z]{2,6})\b")
"""Where an abbreviation is defined: '(CCT)', '("CCT")', '… or CCT' or '"vascular neck restraint" or "VNR"'."""
_MEANS = re.compile(
    r"[\"“]?\b([A-Z]{2,6})\b[\"”]?\s*(?:(?:means|refers to|stands for)\s|=)\s*"
    r"|(?:^|[;|•*]|\s{2})\s*\b([A-Z]{2,6})\b\s*(?:[:=]|\.{2,}|[–—]|-{1,2})?\s+",
    re.M,
)
"""An abbreviation before the words it stands for: 'CCT means …', 'DF = deadly force', or a glossary's entry at the
start of a line or after ';' or '|' ('DF ..... Deadly force', 'UOF use of force; DF deadly force')."""
_EXPANDED = re.compile(r"\b([A-Z]{2,6})\s*\(([A-Za-z][A-Za-z' -]{2,60})\)")
"""An abbreviation followed by the words it stands for: 'VNR (Vascular Neck Restraint)'."""
_WORDS_BEFORE = 8
_REACH = 200
"""Characters looked at beside a definition for its words."""
_MINOR = frozenset({"of", "and", "the", "to", "for", "a", "an", "on", "in", "or", "with"})


COMMON = {
    "DF": "deadly force",
    "UOF": "use of force",
    "SBI": "serious bodily injury",
    "GBH": "grievous bodily harm",
}
"""Abbreviations that use-of-force documents use without defining them (pocket cards, lesson plans, slides); a
document that defines one otherwise keeps its own."""


def defined(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviation → the words it stands for, from every 'Words Standing For (WSF)' or '"WSF" means Words
    Standing For' in the texts (searched as one text: a definition's words stand right before or after it)."""
    text = "\n".join(texts)
    table: dict[str, str] = {}
    for match in _MARK.finditer(text):
        letters = match.group(1) or match.group(2)
        if letters not in table:
            before = text[max(0, match.start() - _REACH) : match.start()].split()[-_WORDS_BEFORE:]
            table[letters] = _initials_match(before, letters, head_noun=True)
    for match in _MEANS.finditer(text):
        letters = match.group(1) or match.group(2)
        if not table.get(letters):
            after = [word.strip(".,;:") for word in text[match.end() : match.end() + _REACH].split()[:_WORDS_BEFORE]]
            while after and after[0].lower() in _MINOR:
                after.pop(0)  # "CCT means the carotid control technique"
            table[letters] = " ".join(reversed(_initials_match(after[::-1], letters[::-1]).split()))
    for match in _EXPANDED.finditer(text):
        letters = match.group(1)
        if not table.get(letters):
            table[letters] = _initials_match(match.group(2).split(), letters)
    return {letters: words for letters, words in table.items() if words}


def _initials_match(words: list[str], letters: str, head_noun: bool = False) -> str:
    """The last words before the brackets whose initials spell `letters`, or ''. A minor word is skipped or read as
    its letter ("Response to Resistance" is RTR); with `head_noun`, a last word naming the kind of thing may stand
    outside the letters ("Response to Resistance Report (RTR)")."""
    spelled = _spelled(words, list(letters.lower()), last=True)
    if spelled is None and head_noun and words and words[-1].strip("\"“”'(").lower() in _HEAD_NOUNS:
        spelled = _spelled(words[:-1], list(letters.lower()), last=True)
        spelled = None if spelled is None else [*spelled, words[-1]]
    return " ".join(word.strip("\"“”'()") for word in spelled) if spelled else ""


def _spelled(words: list[str], wanted: list[str], last: bool) -> list[str] | None:
    """The words, ending with the last of `words`, that spell `wanted` (None if none do)."""
    if not wanted:
        return []
    if not words:
        return None
    word = words[-1]
    initials = [part[0].lower() for part in word.strip("\"“”'(").split("-") if part]
    if initials and initials == wanted[-len(initials) :]:
        rest = _spelled(words[:-1], wanted[: -len(initials)], last=False)
        if rest is not None:
            return [*rest, word]
    if word.lower() in _MINOR and not last:
        rest = _spelled(words[:-1], wanted, last=False)
        if rest is not None:
            return [*rest, word]
    return None


_HEAD_NOUNS = frozenset({"report", "form", "record", "system", "model", "program", "programme", "policy", "team", "unit"})
"""The kind of thing an abbreviation's words name, which it may leave out ("Response to Resistance Report (RTR)")."""


def expander(table: Mapping[str, str]) -> Callable[[str], str]:
    """A function giving a text with each abbreviation of `table` it uses replaced by the words it stands for."""
    if not table:
        return lambda text: text
    used = re.compile(r"\b(" + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + r")\b")
    return lambda text: used.sub(lambda match: table[match.group(1)], text)
