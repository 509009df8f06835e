"""The numbers a document goes by: "Policy 1.30", "General Order 6" ("GO 6"), "OP-12", as its title, header or
headings give them, so that a sentence naming the document by its number ("GO 6 is a public record") is said of it.

Only numbers the document gives itself count: "Section 4 of General Order 12" in a document headed "General Order
7" names another document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from policy_audit.read.lexicon import Token

_CODE = re.compile(r"[A-Za-z]{1,5}-\d+(?:\.\d+)*")
"""A number with its series letters in one word: 'OP-12', 'AP-12'."""
_NUMBER = re.compile(r"[A-Za-z]?\d+(?:[.\-]\d+)*")
"""A number after a document noun: '6', '1.30', '2-04', '410'."""
_NOUNS = frozenset(
    "policy order directive procedure instruction regulation sop go g.o. circular manual memorandum chapter volume title".split()
)
_FILLERS = frozenset({"no", "number", "nr", "#", ".", ":"})
_FILLER_REACH = 2


def numbers_named(headers: Iterable[Sequence[Token]]) -> frozenset[str]:
    """The numbers the document's title, header lines and headings give it."""
    return frozenset(number for tokens in headers for _, number in _named(tokens))


def identifier_spans(tokens: Sequence[Token], numbers: frozenset[str]) -> list[tuple[int, int]]:
    """Where a clause names the document by one of its own numbers."""
    if not numbers:
        return []
    return [span for span, number in _named(tokens) if number in numbers]


def other_documents(tokens: Sequence[Token], numbers: frozenset[str]) -> list[tuple[int, int]]:
    """Where a clause names another document by number ('General Order 12' in a document that is General Order 7)."""
    if not numbers:
        return []
    return [span for span, number in _named(tokens) if number not in numbers]


def _named(tokens: Sequence[Token]) -> list[tuple[tuple[int, int], str]]:
    """(token span, number) for each 'OP-12' and each document noun followed by a number ('General Order No. 6')."""
    out = []
    for at, token in enumerate(tokens):
        text = token.text
        if _CODE.fullmatch(text):
            out.append(((at, at + 1), text.upper()))
            continue
        if text.lower() not in _NOUNS:
            continue
        following = at + 1
        while following < len(tokens) and following - at <= _FILLER_REACH and tokens[following].text.lower() in _FILLERS:
            following += 1
        if following < len(tokens) and _NUMBER.fullmatch(tokens[following].text):
            out.append(((at, following + 1), tokens[following].text.upper()))
    return out
