"""Sentences of a block of lines, each with the line it starts on: abbreviations, numberings and quoted warnings
("Police! Drop it!") do not end a sentence."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from policy_audit.models import Line
from policy_audit.segment.kinds import ROMAN

_SENTENCE_END = re.compile(
    r"[.!?]([\"”’)\]]*\s+)(?=[\"“(]?[A-Z0-9]|\[[^\]]{0,30}?\b(?:NOTE|[Nn]ote|ANNOTATION|[Aa]nnotation|COMMENT|[Cc]omment)\b)"
)
"""The gap after a sentence's last stop (group 1), before a capital or an editor's bracketed note ("[OLC NOTE: …").
The stop is matched, not looked behind at: a pattern that opens with a character class lets the regex engine skip to
the next stop, where a lookbehind is tried at every place."""

_ABBREVIATIONS = frozenset(
    "e.g i.e etc ed eds no nos vs v sec secs dr mr mrs ms st u.s a.m p.m inc dept approx art arts para ch fig jr sr "
    "gen sgt lt capt cmdr ofc det insp supt rev corp co cpl maj col ref pp p vol al eff orig "
    "adm admin stat stats ann supp amend const reg regs subd subsec cir ct app ch comp gen "
    "ala ariz ark cal calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore pa "
    "tenn tex va vt wash wis wyo".split()
)

TERMINAL = (".", ";", ":", "!", "?")

_NUMBER_ALONE = re.compile(r"[\d.]+")

_YEAR = re.compile(r"(?:19|20)\d\d")

_NUMBERING_WORDS = 3
"""Words a sentence has up to a number and stop for them to be its numbering ("G.O. No. 5.")."""

_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def split_sentences(block_lines: Sequence[Line]) -> Iterator[tuple[str, Line]]:
    """Sentences of a block, each with the line it starts on."""
    starts: list[int] = []
    lines: list[Line] = []
    pieces: list[str] = []
    offset = 0
    for line in block_lines:  # never blank
        cleaned = " ".join(line.text.split())
        if pieces:
            offset += 1
        starts.append(offset)
        lines.append(line)
        pieces.append(cleaned)
        offset += len(cleaned)
    text = " ".join(pieces)
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start(1)
        if is_abbreviation(text, end, start) or _inside_quotation(text, start, end, match.group(1)):
            continue
        sentence = text[start : end + len(match.group(1).rstrip())].strip()  # with its closing quote, if any
        if sentence:
            yield sentence, lines[max(0, bisect_right(starts, start) - 1)]
        start = match.end()
    tail = text[start:].strip()
    if tail:
        yield tail, lines[max(0, bisect_right(starts, start) - 1)]


_QUOTATION_REACH = 200
"""How far after a stop inside a quotation its closing mark may be ('"Police! Drop the weapon!", before …')."""
_QUOTED_SENTENCE_WORDS = 8
"""Words a quoted sentence has before its stop for the stop to end it."""


def _inside_quotation(text: str, start: int, end: int, after: str) -> bool:
    """Whether the stop at `end` lies inside a quotation that opened in this sentence and closes soon after: a
    quoted warning ("Police! Drop it!") is part of the sentence that quotes it."""
    if '"' in after or "”" in after:
        return False  # the quotation closes with this stop
    sentence = text[start:end]
    if sentence.count('"') % 2 == 1:
        closing, opening = '"', sentence.rfind('"')
    elif sentence.count("“") > sentence.count("”"):
        closing, opening = "”", sentence.rfind("“")
    else:
        return False
    # A policy quoted at length ('Policy 4.02.10: "Officers shall not … . Officers shall move …"') is read sentence
    # by sentence; a short quoted warning ('"Police! Drop it!"') is not.
    if len(sentence[opening:].split()) >= _QUOTED_SENTENCE_WORDS:
        return False
    return closing in text[end : end + _QUOTATION_REACH]


_ABBREVIATION_WINDOW = 64
"""The characters before a full stop that can hold the word it ends (a long block is not copied per stop)."""


def is_abbreviation(text: str, end: int, sentence_start: int = 0) -> bool:
    """Does the full stop just before `end` end an abbreviation ('para.', 'Ed.', 'G.O.') or a numbering ('Section
    4.'), not a sentence that opened at `sentence_start`?"""
    window = max(0, end - _ABBREVIATION_WINDOW)
    before = text[window:end].rstrip('"”’)')
    if window and " " not in before[:-1]:  # the word may begin before the window: look at all of it
        before = text[:end].rstrip('"”’)')
    if not before.endswith("."):
        return False
    raw = before[:-1].rsplit(" ", 1)[-1]
    word = raw.lower().lstrip('(["“')
    if word == "no":  # "Regulation No. 117" abbreviates number; "A: No. It is restricted …" answers
        return text[end : end + 3].lstrip()[:1].isdigit()
    if word and not word.strip("."):
        return True  # a leader of dots ("Neck restraints ..... PROHIBITED") joins a row's two cells
    # A number before a stop is a numbering when it opens the sentence ("4.", "ii.", "Section 4.", "G.O. No. 5.");
    # after running words it ends the sentence ("… Administration Building, Level 3. Portions …", "… in 2020.").
    # Letters with stops between them are initials ("G.O. 3-04", "S.O.P. 12").
    # so is one after a colon or a semicolon, or after "and"/"or": an inline list's item ("… for: 1. Any use …; 2. …")
    preceding = before[: len(before) - len(raw) - 1].rstrip()
    numbering = (
        bool(_NUMBER_ALONE.fullmatch(word) or ROMAN.fullmatch(word))
        and not _YEAR.fullmatch(word)
        and (
            len(text[sentence_start:end].split()) <= _NUMBERING_WORDS
            or preceding.endswith((":", ";", " and", " or"))
        )
    )
    initial = len(word) == 1 and word.isalpha()
    return word in _ABBREVIATIONS or initial or bool(_INITIALS.fullmatch(word)) or numbering
