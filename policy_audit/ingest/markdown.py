"""Markdown, read as its reader sees it: HTML tags give way to the text they wrap, comments disappear.

Read as plain text, `Officers <b>shall</b> not …` hides its rule from the reader and `<!-- Officers shall … -->`,
which no one reading the rendered page sees, counts as evidence. markdown-it-py (a CommonMark parser) finds
the HTML — inline tags, HTML blocks, comments — and only that is taken out of the source, so every other
character keeps its place: headings (`#`), list markers and emphasis stay for the segmenter, line numbers stay
those of the file, and text inside code spans is left alone.
"""

from __future__ import annotations

import html
import re
from typing import Any

from policy_audit.ingest.clean import normalise
from policy_audit.ingest.text import decode, newlines, split_lines
from policy_audit.models import Line

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![A-Za-z][^<>]*>|<\?.*?\?>", re.DOTALL)
_BLOCK_BREAK = re.compile(r"</?(?:p|div|br|li|tr|td|th|h[1-6]|ul|ol|table|blockquote)\b[^<>]*>", re.IGNORECASE)


def read_markdown_lines(data: bytes, where: str) -> tuple[tuple[Line, ...], ...]:
    """Pages of numbered lines of a Markdown file, its HTML reduced to the text it shows."""
    return split_lines(normalise(strip_html(newlines(decode(data, where)))))


def strip_html(source: str) -> str:
    """The Markdown source with its HTML tags and comments taken out (line breaks kept, so line numbers hold)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    lines = source.split("\n")
    last_map: list[int] | None = None
    for token in parser.parse(source):
        if token.map is not None:
            last_map = token.map
        if token.type == "html_block" and token.map is not None:
            _replace(lines, token.map, _block_text)
        elif token.type == "inline" and token.children and last_map is not None:
            html_parts = [child for child in token.children if child.type in ("html_inline", "code_inline", "text")]
            if any(child.type == "html_inline" for child in html_parts):
                _replace(lines, token.map or last_map, lambda text, parts=html_parts: _inline_text(text, parts))
    return "\n".join(lines)


def _replace(lines: list[str], span: list[int], change: Any) -> None:
    """Apply `change` to source lines span[0]..span[1]-1 taken together; it must keep their line breaks."""
    start, end = span
    before = "\n".join(lines[start:end])
    after = change(before)
    replaced = after.split("\n")
    if len(replaced) == end - start:
        lines[start:end] = replaced


def _block_text(text: str) -> str:
    """An HTML block as the text it shows: comments and tags removed, entities decoded, breaks kept."""
    text = _COMMENT.sub(lambda match: "\n" * match.group().count("\n"), text)
    text = _BLOCK_BREAK.sub(lambda match: "\n" * match.group().count("\n") or " ", text)
    text = _TAG.sub(lambda match: "\n" * match.group().count("\n"), text)
    return "\n".join(html.unescape(line) for line in text.split("\n"))


def _inline_text(text: str, parts: list[Any]) -> str:
    """The block's source with each inline HTML tag or comment taken out where the parser found it (the parser
    gives no columns, so each is found in order after the text and code before it)."""
    cursor = 0
    for part in parts:
        content = part.content
        if not content:
            continue
        found = text.find(content, cursor)
        if found < 0:
            continue
        if part.type == "html_inline":
            replacement = "\n" * content.count("\n")
            text = text[:found] + replacement + text[found + len(content) :]
            cursor = found + len(replacement)
        else:
            cursor = found + len(content)
    return text
