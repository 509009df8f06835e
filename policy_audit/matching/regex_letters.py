"""Can a regular expression match anywhere in a word of plain ASCII letters? Decided from its parse tree.

The tokenizer asks this once, when it exports spaCy's rules: where none of the prefix, suffix and infix patterns
can, a chunk of letters alone ("officers") is its own token, and the three searches (most of a new chunk's
cost) are skipped. The answer is sound, not complete: "cannot" is said only where every alternative needs, in
order to match, a character no ASCII letter is (consumed, or asserted by a lookaround), tested with the
pattern's own flags by the regex engine itself, so case folding (the Kelvin sign is a "k") is the engine's.
"""

from __future__ import annotations

import re
from string import ascii_letters
from typing import Any

_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


def letters_never_match(pattern: re.Pattern[str]) -> bool:
    """True only if no match of `pattern` can lie inside, or at the edge of, a string of ASCII letters."""
    from re import _parser  # type: ignore[attr-defined]  # the parser `re.compile` itself uses

    tree = _parser.parse(pattern.pattern, pattern.flags)
    return _needs_non_letter(list(tree), tree.state.flags)


def _needs_non_letter(items: list[tuple[Any, Any]], flags: int) -> bool:
    """Does matching this sequence need some character that is not an ASCII letter?"""
    return any(_element_needs_non_letter(str(op), av, flags) for op, av in items)


def _element_needs_non_letter(op: str, av: Any, flags: int) -> bool:
    if op in ("LITERAL", "NOT_LITERAL", "IN"):
        regex = _element_regex(op, av)
        return regex is not None and not _matches_a_letter(regex, flags)
    if op == "SUBPATTERN":
        _, added, removed, sequence = av
        return _needs_non_letter(list(sequence), (flags | added) & ~removed)
    if op in _REPEATS:
        least, _, sequence = av
        return bool(least >= 1) and _needs_non_letter(list(sequence), flags)
    if op == "BRANCH":
        return all(_needs_non_letter(list(branch), flags) for branch in av[1])
    if op == "ASSERT":  # a lookahead or lookbehind that must see such a character (or fails at the string's end)
        return _needs_non_letter(list(av[1]), flags)
    if op == "ATOMIC_GROUP":
        return _needs_non_letter(list(av), flags)
    return False  # anchors, ANY, negative lookarounds, back-references: nothing that must be a non-letter


def _element_regex(op: str, av: Any) -> str | None:
    """One character test as a regular expression of its own, or None for what is not understood here."""
    if op == "LITERAL":
        return re.escape(chr(av))
    if op == "NOT_LITERAL":
        return f"[^{re.escape(chr(av))}]"
    parts: list[str] = []
    negate = ""
    for item, value in av:
        name = str(item)
        if name == "NEGATE":
            negate = "^"
        elif name == "LITERAL":
            parts.append(re.escape(chr(value)))
        elif name == "RANGE":
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif name == "CATEGORY" and str(value) in _CATEGORIES:
            parts.append(_CATEGORIES[str(value)])
        else:
            return None
    return f"[{negate}{''.join(parts)}]"


def _matches_a_letter(regex: str, flags: int) -> bool:
    test = re.compile(regex, flags & ~re.VERBOSE)
    return any(test.fullmatch(letter) for letter in ascii_letters)
