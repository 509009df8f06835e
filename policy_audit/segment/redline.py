"""A redline's marked text: wording a revision deletes is out of force, wording it adds is in force.

Revisions published for comment or adoption mark their changes in plain text: "[deleted: …] [added: …]",
strike-through as "~~…~~" and underline as "++…++", wdiff's "[-…-] {+…+}", CriticMarkup's "{--…--} {++…++}",
HTML's "<del>…</del> <ins>…</ins>", "<<STRUCK: …>> <<INSERTED: …>>", letters struck with a combining overlay
("s̶h̶o̶u̶l̶d̶"), and a word processor's markup balloons as a PDF of it delivers them, a line of their own in the
margin: "Deleted: …", "Inserted: …", "Formatted: …", "Comment [RT1]: …". The deleted wording is blanked and the added
wording unwrapped before the lines are segmented, so that "[deleted: Warning shots may be fired …] [added: Warning
shots are prohibited.]" reads as the ban alone. Line breaks inside a marked span are kept, so every line keeps its
number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from policy_audit.models import Line

_SPAN = 2000
"""The most characters a marked span may hold (a marker left open does not blank the rest of the document)."""

_DELETED = re.compile(
    rf"\[(?:deleted|struck|removed|strike|delete)\s*:(?P<a>[^\]]{{0,{_SPAN}}})\]"
    rf"|<<\s*(?:deleted|struck|removed)\s*:(?P<b>.{{0,{_SPAN}}}?)>>"
    rf"|<(?P<tag>del|s|strike)>(?P<c>.{{0,{_SPAN}}}?)</(?P=tag)>"
    rf"|~~(?P<d>[^~\s](?:[^~]{{0,{_SPAN}}}?[^~\s])?)~~"  # hugging its text: a rule line "~~~~~~" marks nothing
    rf"|\[-(?P<e>[^\s\]].{{0,{_SPAN}}}?)(?<=\S)-\]"  # not a web page's "[-] 1. PURPOSE" or "[- Collapse all]"
    rf"|\{{--(?P<f>.{{1,{_SPAN}}}?)--\}}",
    re.IGNORECASE | re.DOTALL,
)

_ADDED = re.compile(
    rf"\[(?:added|inserted|insert|new)\s*:\s*(?P<a>[^\]]{{0,{_SPAN}}})\]"
    rf"|<<\s*(?:added|inserted|new)\s*:\s*(?P<b>.{{0,{_SPAN}}}?)>>"
    rf"|<(?P<tag>ins|u)>(?P<c>.{{0,{_SPAN}}}?)</(?P=tag)>"
    rf"|\{{\+\+(?P<f>.{{1,{_SPAN}}}?)\+\+\}}"
    rf"|\+\+(?P<d>[^+\s](?:[^+]{{0,{_SPAN}}}?[^+\s])?)\+\+"
    rf"|\{{\+(?P<e>[^\s}}].{{0,{_SPAN}}}?)(?<=\S)\+\}}",
    re.IGNORECASE | re.DOTALL,
)

_OVERLAID = re.compile(r"(?:\S[\u0335\u0336\u0338]+)+(?:[ \t]+(?:\S[\u0335\u0336\u0338]+)+)*[ \t]?")
"""Letters each struck by a combining overlay (U+0335, U+0336, U+0338), and the spaces between struck words."""

_BALLOON = re.compile(r"^[ \t]*(?P<label>deleted|inserted|formatted|comment\s*\[[^\]\n]{1,12}\])\s*:", re.I | re.M)
"""A markup balloon opening a line: "Deleted: …", "Inserted: …", "Formatted: Font: 11 pt", "Comment [RT1]: …"."""
_INLINE_BALLOON = re.compile(r"(?<=[.;:!?][ \t])[ \t]*(?P<label>deleted|inserted)\s*:", re.I)
"""A further balloon run on after a full stop ("Deleted: Officers shall …. Inserted: Officers are encouraged …")."""

_HINTS = ("[deleted", "[struck", "[removed", "[strike", "<<", "<del>", "<s>", "~~", "[-", "{-", "[added", "[inserted", "[new:", "<ins>", "<u>", "++", "{+", "deleted:", "inserted:", "formatted:", "comment [", "\u0335", "\u0336", "\u0338")


def without_struck_text(lines: Sequence[Line]) -> Sequence[Line]:
    """The lines with deleted wording blanked and added wording unwrapped (the lines as given without markers)."""
    text = "\n".join(line.text for line in lines)
    lowered = text.lower()
    if not any(hint in lowered for hint in _HINTS):
        return lines
    kept = _ADDED.sub(_content, _DELETED.sub(_line_breaks, _OVERLAID.sub("", _without_balloons(text))))
    return [line._replace(text=new) for line, new in zip(lines, kept.split("\n"), strict=True)]


def _without_balloons(text: str) -> str:
    """The text with its deleted, formatting and comment balloons blanked and its inserted balloons' labels dropped.
    An "Inserted:" run on after a full stop ends the deleted wording before it."""
    labels = [*_BALLOON.finditer(text), *_INLINE_BALLOON.finditer(text)]
    if not labels:
        return text
    labels.sort(key=lambda match: match.start())
    out = []
    kept_from = 0
    for number, label in enumerate(labels):
        end = _balloon_end(text, label, labels[number + 1].start() if number + 1 < len(labels) else len(text))
        out.append(text[kept_from : label.start()])
        if label.group("label").lower() == "inserted":
            out.append(text[label.end() : end])
        else:
            out.append(_blank(text[label.start() : end]))
        kept_from = end
    out.append(text[kept_from:])
    return "".join(out)


def _balloon_end(text: str, label: re.Match[str], next_label: int) -> int:
    """Where a balloon ends: at the next balloon, or at the end of its line unless it is indented in the margin and
    the lines after it are indented as far (a balloon at the margin is its line alone)."""
    line_start = text.rfind("\n", 0, label.start()) + 1
    margin = text[line_start : label.start("label")]
    indent = len(margin) if not margin.strip() else 0
    end = text.find("\n", label.end())
    while indent and 0 <= end < next_label:
        following = text[end + 1 :].split("\n", 1)[0]
        stripped = following.lstrip(" \t")
        if not stripped or len(following) - len(stripped) < indent:
            break
        end += 1 + len(following)
    return min(next_label, len(text) if end < 0 else end)


def _blank(text: str) -> str:
    """Wording taken out, its line breaks kept so that every line keeps its number."""
    return "\n" * text.count("\n")


def _line_breaks(match: re.Match[str]) -> str:
    return _blank(match.group(0))


def _content(match: re.Match[str]) -> str:
    return next(text for name, text in match.groupdict().items() if name != "tag" and text is not None)
