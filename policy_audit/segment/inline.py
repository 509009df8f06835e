"""Lists run on in one sentence: "The following are prohibited: (a) warning shots; (b) shooting at a moving
vehicle; and (c) shooting to disable a vehicle's tires." Each item becomes a clause under the lead-in, as if the
list had been set out line by line, so that a rule before the colon reaches every item and one item's other sense
("disable a vehicle") stays in that item. A list of alternatives ("…; or (c) …") stays one sentence: its items
are grounds, and a condition on one ground is read against the others (read/frames.py)."""

from __future__ import annotations

import re

from policy_audit.models import Clause

_MARKER = re.compile(r"(?:^|(?<=[:;,])|(?<=\band)|(?<=\bor))\s+(\(?)([a-z]|\d{1,2}|[ivx]{2,4})([.)])\s+(?=\S)", re.I)
"""A marker that may open an inline item: after the colon, a semicolon, a comma, 'and' or 'or'."""
_SEPARATORS = re.compile(r"(?:[;,]\s*)?(?:\band|\bor)?\s*$", re.I)


def split_inline_lists(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    out: list[Clause] = []
    for clause in clauses:
        out.extend(_items(clause) if clause.role == "rule" and not clause.heading and not clause.lead else (clause,))
    return tuple(out)


_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _next_marker(value: str, roman: bool) -> str:
    if value.isdigit():
        return str(int(value) + 1)
    if roman:
        return _ROMANS[_ROMANS.index(value) + 1] if value in _ROMANS[:-1] else ""
    return chr(ord(value) + 1)


def _items(clause: Clause) -> tuple[Clause, ...]:
    """The clause split at an inline list after its colon: lead-in, then items in order from '(a)', '1.' or
    'a.'; the clause itself when there is no such list of at least two items."""
    colon = clause.text.find(": ")
    if colon < 0:
        return (clause,)
    starts: list[int] = []
    expected = ""
    for match in _MARKER.finditer(clause.text, colon + 1):
        opening, value, closing = match.groups()
        style = (opening, closing, value.isdigit())
        if not starts:
            if match.start() != colon + 1 or value.lower() not in ("a", "1", "i"):
                return (clause,)
            first_style = style
            roman = value.lower() == "i"  # a list that opens at "i." counts i., ii., iii.
        elif style != first_style or value.lower() != expected:
            continue
        starts.append(match.start())
        expected = _next_marker(value.lower(), roman)
    if len(starts) < 2 or re.search(r"\bor\s*$", clause.text[: starts[-1]]):
        return (clause,)  # alternatives ("…; or (c) …") are grounds, read together (frames.py)
    lead = clause.text[: colon + 1]
    bounds = [*starts[1:], len(clause.text)]
    items = [_SEPARATORS.sub("", clause.text[start:end]).strip() for start, end in zip(starts, bounds, strict=True)]
    return (clause._replace(text=lead), *(clause._replace(text=item, lead=lead) for item in items if item))
