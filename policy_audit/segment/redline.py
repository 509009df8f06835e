"""A redline's marked text: wording a revision deletes is out of force, wording it adds is in force.

Revisions published for comment or adoption mark their changes in plain text: "[deleted: …] [added: …]",
strike-through as "~~…~~" and underline as "++…++", wdiff's "[-…-] {+…+}", CriticMarkup's "{--…--} {++…++}",
HTML's "<del>…</del> <ins>…</ins>", "<<STRUCK: …>> <<INSERTED: …>>". The deleted wording is blanked and the added
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

_HINTS = ("[deleted", "[struck", "[removed", "[strike", "<<", "<del>", "<s>", "~~", "[-", "{-", "[added", "[inserted", "[new:", "<ins>", "<u>", "++", "{+")


def without_struck_text(lines: Sequence[Line]) -> Sequence[Line]:
    """The lines with deleted wording blanked and added wording unwrapped (the lines as given without markers)."""
    text = "\n".join(line.text for line in lines)
    lowered = text.lower()
    if not any(hint in lowered for hint in _HINTS):
        return lines
    kept = _ADDED.sub(_content, _DELETED.sub(_line_breaks, text))
    return [line._replace(text=new) for line, new in zip(lines, kept.split("\n"), strict=True)]


def _line_breaks(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n")


def _content(match: re.Match[str]) -> str:
    return next(text for name, text in match.groupdict().items() if name != "tag" and text is not None)
