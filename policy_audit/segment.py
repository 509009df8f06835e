"""Segment: lines → clauses (sentences and numbered items) with page, line, section and list lead-in.

Policies are lists more than prose: "The following are prohibited: … (b) Firing warning shots." Each list item
therefore carries the lead-in sentence it hangs from, so the reader sees the rule and the practice together.
Tables of contents, definitions and indexes are kept but marked non-normative: a word there decides nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from policy_audit.ingest.clean import furniture_key
from policy_audit.models import Clause, Document, Line

FURNITURE_SECTION = "(running header/footer)"

_NUMBERED_HEADING = re.compile(
    r"^(?P<number>(?:section|chapter|article|part)\s+[\dIVXLC]+[.:]?|\d{1,4}(?:\.\d{1,3})*(?:\s*-\s*\d+(?:\.\d+)*)?\.?"
    r"|[IVXLC]{1,6}\.)\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(
    r"^(?P<marker>\(\s*[a-zA-Z0-9]{1,4}\s*\)|[a-zA-Z]\s*[.)]|[ivxIVX]{1,5}\s*[.)]|\d{1,3}(?:\.\d{1,3})*\s*[.)]?|[•●▪◦‣∙·*–‐‑-]|o(?=\s))\s+\S"
)
_TOC_LINE = re.compile(
    r"(?:\.\s*){4,}\s*\d{1,4}\s*$|…+\s*\d{1,4}\s*$|\S\s{3,}\d{1,4}\s*$|^\s*(?:table of )?contents\s*$", re.I
)
_HEADING_NUMBER = re.compile(r"^(?:(?:section|chapter|article|part)\s+)?[\dIVXLC]+(?:[.\s-]+\d+)*[.:)]?\s+", re.I)
_NON_NORMATIVE_HEADING = re.compile(
    r"^(?:table of contents|(definitions?|glossary|terms and definitions|table of contents|contents|index|references|revision history"
    r"|document history|key terms))\b",
    re.IGNORECASE,
)
_DEFINITION_PREFIX = re.compile(
    r"^(?:\(?[a-z0-9]{1,3}[.)]\s+)?(?:as used in|for (?:the )?purposes? of|in) (?:this|these|the) [\w ]{1,30}?,\s*",
    re.I,
)
"""'As used in this section, "chokehold" means …': the definition follows."""
_DEFINITION_SENTENCE = re.compile(
    r"^(?:\(?[a-z0-9]{1,3}[.)]\s+)?(?:[\"“'][A-Za-z]|[A-Z])[\w /()®&'’,-]{1,70}?[\"”']?\s*(?:\([A-Z]{2,8}\)\s*)?"
    r"(?P<joiner>\s-\s|\s–\s|\s—\s|:\s|\s(?:means|refers to|is defined as|shall mean|are defined as)\s)"
)
_JOINER_HINTS = (" - ", " – ", " — ", ": ", " means ", " refers to ", " defined as ", " shall mean ")
_LINKING_WORDS = frozenset("is are was were be include includes including following follows as".split())
_ADMONITIONS = frozenset("note notes exception exceptions warning caution important example examples reminder".split())
"""'Note: …' and 'Exception: …' introduce rules, not definitions."""
_DEFINIENS_OPENING = re.compile(
    r"^[\"“']?(?:a|an|the|any|one|that|those|when|where|to|[a-z][a-z-]*(?:ing|ion|ment|ness|ity|ance|ence))\b"
)
"""How a definition's second half opens: an article or a noun ('the discharge of …', 'a hold that …')."""
_COLON_HEADING = re.compile(
    r"^(?:[A-Z][A-Z&/ -]{2,40}|(?:purpose|policy|scope|definitions?|procedures?|references?|background|discussion|"
    r"applicability|responsibilit(?:y|ies)|summary|authority|objectives?|general|guidelines?|rules?))\s*:$",
    re.IGNORECASE,
)
"""'PURPOSE:', 'DEFINITIONS:', 'Policy:' on a line of their own are headings (an all-caps label of ≤ 4 words)."""
_FORM_FIELD = re.compile(
    r"^(?:distribution|effective(?: date)?|issue(?:d)?(?: date)?|review(?: date)?|revis(?:ed|ion)(?: date)?|rescinds|"
    r"amends|supersedes|replaces|approved(?: by)?|authori[sz]ed by|subject|number|no\.?|index as|special instructions|"
    r"accreditation(?: standards?)?|related (?:policies|orders|directives|documents)|cross[- ]references?|to|from|date|"
    r"by order of|order (?:number|no\.?)|volume|page(?: \d+(?: of \d+)?)?|evaluation|sections?|issuing authority|"
    r"(?:ca|ia|il|calea|nz)?\s*standards?)\s*:?$",
    re.IGNORECASE,
)
"""Labels of a directive's form header ('Distribution', 'Effective Date'): furniture, not the section of what follows."""
_CITATION = re.compile(
    r"^\(?(?:see(?: also)?|refer to|reference[sd]?|ref\.?|cf\.?|source|authority|legal authority)\b[:.]?\s"
    r"|^\(?\d+\s+(?:ILCS|U\.?\s?S\.?\s?C\.?|C\.?F\.?R\.?|RSA|Pa\.?C\.?S\.?)\b"
    r"|^[A-Z][\w.]+ v\. [A-Z][\w.]+,? \d+",
    re.IGNORECASE,
)
"""A clause that only points elsewhere ('See Policy 300.', '(720 ILCS 5/7-5)', 'Graham v. Connor, 490 U.S. 386')."""
_RULE_WORDS = re.compile(
    r"\b(?:shall|must|may|will|should|prohibited|forbidden|not|never|authori[sz]ed|required)\b", re.I
)
_SENTENCE_END = re.compile(r"[.!?]([\"”’)]*\s+)(?=[\"“(]?[A-Z0-9])")
"""The gap after a sentence's last stop (group 1). The stop is matched, not looked behind at: a pattern that opens
with a character class lets the regex engine skip to the next stop, where a lookbehind is tried at every place."""
_ABBREVIATIONS = frozenset(
    "e.g i.e etc no nos vs v sec secs dr mr mrs ms st u.s a.m p.m inc dept approx art arts para ch fig jr sr "
    "gen sgt lt capt cmdr ofc det insp supt rev corp co cpl maj col ref pp p vol al "
    "adm admin stat stats ann supp amend const reg regs subd subsec cir ct app ch comp gen "
    "ala ariz ark cal calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore pa "
    "tenn tex va vt wash wis wyo".split()
)
_TERMINAL = (".", ";", ":", "!", "?")
_RUNNING_KEPT = 6
_MARKER_ALONE = re.compile(r"\(?[A-Za-z0-9]{1,3}[.)]|\([A-Za-z0-9]{1,3}\)|[a-zA-Z]\.|[ivxIVX]{1,5}\.")
"""A list marker on a line of its own ('1.', '(a)'): extraction put the item's text on the next line."""
_COLON_END = re.compile(r":\s*(?:\([^()]{0,80}\)\s*)*$")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_NUMBER_ALONE = re.compile(r"[\d.]+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_BARE_NUMBER = re.compile(r"\d{1,3}")
_NUMBER_BEFORE_CAPITAL = re.compile(r"\d{1,3}\s+[A-Z]")
_DECIMAL = re.compile(r"\d+(?:\.\d+)+")
_ROMAN = re.compile(r"[ivx]+")
_PAGE_AT_END = re.compile(r"\s\d{1,4}$")


@dataclass
class _Block:
    """Consecutive non-blank lines that form one paragraph or list item."""

    lines: list[Line] = field(default_factory=list)
    marker: str = ""
    lead: str = ""

    def ends_sentence(self) -> bool:
        """Does the block's text end a sentence? (Its last line tells; joining all lines is costly.)"""
        return bool(self.lines) and self.lines[-1].text.rstrip().endswith(_TERMINAL)


@dataclass
class _State:
    section: str = ""
    section_depth: int = 0
    non_normative_depth: int | None = None
    """Numbering depth of the definitions/contents heading in force (0: unnumbered), None when normative."""
    leads: list[tuple[str, str]] = field(default_factory=list)
    """(list style, lead-in text) for each open list level."""
    pending_lead: str = ""
    pending_style: str = ""
    """The list style of the item whose text ended with the pending lead-in (its own items have another style)."""
    gerund_lead: str = ""
    """A lead-in whose items lost their markers in extraction: paragraphs opening "Firing …" still hang from it."""
    running: list[str] = field(default_factory=list)
    """The latest distinct running headers/footers (a manual's chapter title is among them)."""
    shown: set[str] = field(default_factory=set)
    """Running headers already given as a clause (each is shown once)."""

    @property
    def running_header(self) -> str:
        return " / ".join(self.running)


def segment(document: Document) -> tuple[Clause, ...]:
    """Split a document into clauses with provenance; non-normative ones are kept but flagged."""
    return _adopt_orphan_lists(list(_clauses(document.lines)))


def _adopt_orphan_lists(clauses: list[Clause]) -> tuple[Clause, ...]:
    """Give a lead-in with no list after it the lead-less list just above it (text extraction moved the list).

    Seen in real extractions: "a. … b. Firing warning shots. … 5.4.1 PROHIBITIONS The following practices are
    strictly forbidden:" with nothing after the colon. The list is re-attached only when it is complete, from its
    first item ("a.", "1.", "(a)") to the heading, and carries no lead of its own.
    """
    for index, clause in enumerate(clauses):
        if not _ends_with_colon(clause.text) or clause.lead:
            continue
        following = clauses[index + 1] if index + 1 < len(clauses) else None
        if following is not None and following.lead:
            continue
        start = index - 1
        while start >= 0 and clauses[start].heading:
            start -= 1
        run: list[int] = []
        gerunds = 0
        while start >= 0 and not clauses[start].lead and not clauses[start].heading:
            marker = _marker(clauses[start].text)
            gerund = _starts_with_gerund(clauses[start].text)
            continuation = start > 0 and clauses[start].line - clauses[start - 1].line <= 2
            if not marker and not gerund and not continuation:
                break
            run.append(start)
            gerunds += gerund
            if marker and _restarts(marker):
                break
            start -= 1
        while run and not (_marker(clauses[run[-1]].text) or _starts_with_gerund(clauses[run[-1]].text)):
            run.pop()
        complete_list = bool(run) and _restarts(_marker(clauses[run[-1]].text))
        if len(run) >= 2 and (complete_list or gerunds >= 2):
            for position in run:
                clauses[position] = clauses[position]._replace(lead=clause.text)
    return tuple(clauses)


def _starts_with_gerund(text: str) -> bool:
    """'Firing into crowds.': a list item whose marker was lost still opens with a capitalised -ing verb."""
    first = text.split(maxsplit=1)[0] if text.split() else ""
    return first[:1].isupper() and first.lower().endswith("ing") and len(first) > 4 and first.isalpha()


def _restarts(marker: str) -> bool:
    """A marker that opens a new list: a, 1, i, A in any bracket style."""
    return marker.strip("().) ").lower() in ("a", "1", "i")


def _clauses(lines: Sequence[Line]) -> Iterator[Clause]:
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    wrap_width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    state = _State()
    block = _Block()
    blank_before = False
    for position, line in enumerate(lines):
        raw = line.text
        text = raw.strip()
        if not text:
            blank_before = True
            continue
        standalone = blank_before and (position + 1 >= len(lines) or not lines[position + 1].text.strip())
        if line.furniture:
            flat = " ".join(text.split())
            key = furniture_key(flat)
            if flat in state.running:
                state.running.remove(flat)
            state.running = [*state.running[-(_RUNNING_KEPT - 1) :], flat]
            if key in state.shown:
                continue  # a repeat: it only tells which chapter the text sits in
            state.shown.add(key)
            yield from _flush(block, state)
            block = _Block()
            yield _line_clause(flat, line, FURNITURE_SECTION, state, "furniture", normative=True)
            continue
        if (_maybe_contents(raw) and _TOC_LINE.search(raw)) or (
            state.non_normative_depth is not None and _looks_like_toc_entry(text, state)
        ):
            yield from _flush(block, state)
            block = _Block()
            yield _line_clause(text, line, state.section, state, "contents")
            continue
        marker = _marker(text)
        in_list = bool(state.pending_lead) or (bool(state.leads) and _open_style(state, _style(marker or "-")))
        heading = (
            None if in_list else _heading(text, blank_before or not block.lines or block.ends_sentence(), standalone)
        )
        if heading is not None and _FORM_FIELD.match(text.lstrip("# ")):
            # A form header label ('Distribution', 'Effective Date') is not the section of what follows.
            yield from _flush(block, state)
            block = _Block()
            yield _line_clause(text, line, state.section, state, "form", heading=True)
            blank_before = False
            continue
        if heading is not None:
            yield from _flush(block, state)
            block = _Block()
            _enter_section(state, text, heading)
            yield Clause(
                state.section,
                line.page,
                line.number,
                state.section,
                state.non_normative_depth is None,
                heading=True,
                running_header=state.running_header,
                role="heading",
            )
            blank_before = False
            continue
        if marker:
            yield from _flush(block, state)
            block = _Block([line], marker=_style(marker))
            if _restarts(marker) and not state.pending_lead:
                state.leads[:] = [entry for entry in state.leads if entry[0] != block.marker]
            block.lead = _lead_for(state, block.marker)
        elif blank_before and block.lines and _starts_new_paragraph(block, text) and not _marker_only(block):
            yield from _flush(block, state)
            state.leads.clear()
            block = _Block([line])
            block.lead = _lead_for(state, "") if state.pending_lead else _gerund_lead(state, text)
        elif not block.lines:
            block = _Block([line])
            block.lead = _lead_for(state, "") if state.pending_lead else _gerund_lead(state, text)
        elif block.marker and _ends_short(block, wrap_width) and text[:1].isupper():
            yield from _flush(block, state)
            block = _Block([line])
            block.lead = _lead_for(state, "") if state.pending_lead else ""
        else:
            block.lines.append(line)
        blank_before = False
    yield from _flush(block, state)


def _line_clause(
    text: str, line: Line, section: str, state: _State, role: str, *, normative: bool = False, heading: bool = False
) -> Clause:
    """A clause of one line that is not prose (a running header, a contents entry, a form label)."""
    return Clause(
        " ".join(text.split()),
        line.page,
        line.number,
        section,
        normative,
        heading=heading,
        running_header=state.running_header,
        role=role,
    )


def _flush(block: _Block, state: _State) -> Iterator[Clause]:
    """Turn a block into sentence clauses and remember a trailing ':' as the lead-in of the list that follows."""
    sentences = list(_sentences(block))
    if not sentences:
        return
    normative = state.non_normative_depth is None
    for sentence, first in sentences:
        role = (
            "definition"
            if _is_definition(sentence) and not block.lead
            else "citation"
            if _is_citation(sentence)
            else "rule"
        )
        if not normative and role == "rule":
            role = (
                "contents" if "content" in state.section.lower() or "index" in state.section.lower() else "definition"
            )
        yield Clause(
            sentence,
            first.page,
            first.number,
            state.section,
            normative and role == "rule",
            block.lead,
            running_header=state.running_header,
            role=role,
        )
    last = sentences[-1][0] if sentences else ""
    if _ends_with_colon(last):
        own = " ".join(sentence for sentence, _ in sentences[-2:]) if not block.marker else last
        state.pending_lead = f"{block.lead} {own}".strip() if block.marker else own
        state.pending_style = block.marker
        state.gerund_lead = state.pending_lead
        if block.marker and not any(style == block.marker for style, _ in state.leads):
            state.leads.append((block.marker, block.lead))
    else:
        state.pending_lead = ""


def _maybe_contents(raw: str) -> bool:
    """A contents line ends with a page number or says 'contents' (checked before the costlier pattern)."""
    return raw.rstrip()[-1:].isdigit() or "ontents" in raw or "ONTENTS" in raw


def _marker_only(block: _Block) -> bool:
    """A list marker alone on its line ('1.'): its item text follows, even after a blank line."""
    return bool(block.marker) and len(block.lines) == 1 and bool(_MARKER_ALONE.fullmatch(block.lines[0].text.strip()))


def _ends_with_colon(text: str) -> bool:
    """A lead-in ends with ':', perhaps followed by a bracketed note ('… when an employee: (Revised 06-01-93)')."""
    return bool(_COLON_END.search(text))


def _gerund_lead(state: _State, text: str) -> str:
    """The last lead-in, for a paragraph that reads as a marker-less list item ("Firing into crowds.")."""
    if state.gerund_lead and _starts_with_gerund(text):
        return state.gerund_lead
    state.gerund_lead = ""
    return ""


def _is_definition(sentence: str) -> bool:
    """'Term - meaning', 'Term: the …' or 'Term means …': a definition states no rule.

    After a dash or a colon, the second half must open like a definition (an article or a noun: 'a hold that
    may be applied …'); 'Chokeholds - prohibited' and 'Note: officers shall …' are rules.
    """
    if not any(joiner in sentence for joiner in _JOINER_HINTS):
        return False  # a cheap look before the costly pattern
    prefix = _DEFINITION_PREFIX.match(sentence)
    if prefix:
        sentence = sentence[prefix.end() :]
    match = _DEFINITION_SENTENCE.match(sentence)
    if not match:
        return False
    term = sentence[: match.start("joiner")]
    if len(term.split()) > 6 or _RULE_WORDS.search(term) or term.strip(" \"“”'").lower() in _ADMONITIONS:
        return False
    joiner = match.group("joiner").strip()
    if joiner == ":" and set(term.lower().split()) & _LINKING_WORDS:
        return False  # "The levels of control are: presence, …" introduces a list, it defines nothing
    if joiner in ("-", "–", "—", ":"):
        rest = sentence[match.end() :].lstrip()
        if _DEFINIENS_OPENING.match(rest):
            return True
        return joiner != ":" and not _RULE_WORDS.search(rest)
    return True


def _is_citation(sentence: str) -> bool:
    return len(sentence.split()) <= 25 and bool(_CITATION.match(sentence))


def _lead_for(state: _State, style: str) -> str:
    """The lead-in for a new list item of `style`: its open level's, or the sentence just ended with ':'."""
    for index, (open_style, lead) in enumerate(state.leads):
        if open_style == style:
            if not state.pending_lead:
                del state.leads[index + 1 :]
                return lead
            break
    if state.pending_lead and style and style == state.pending_style:
        # "5. … for the following reasons:" then "6. …": a sibling of the lead-in, not an item of its list.
        state.pending_lead = ""
    if state.pending_lead:
        lead = state.pending_lead
        if style:
            state.leads[:] = [entry for entry in state.leads if entry[0] != style]
            state.leads.append((style, lead))
        state.pending_lead = ""
        return lead
    if style and state.leads and state.leads[-1][0] == style:
        return state.leads[-1][1]
    return ""


def _sentences(block: _Block) -> Iterator[tuple[str, Line]]:
    """Sentences of a block, each with the line it starts on."""
    starts: list[int] = []
    lines: list[Line] = []
    pieces: list[str] = []
    offset = 0
    for line in block.lines:  # never blank (see _Block)
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
        if _is_abbreviation(text, end) or _inside_quotation(text, start, end, match.group(1)):
            continue
        sentence = text[start:end].strip()
        if sentence:
            yield sentence, lines[max(0, bisect_right(starts, start) - 1)]
        start = match.end()
    tail = text[start:].strip()
    if tail:
        yield tail, lines[max(0, bisect_right(starts, start) - 1)]


_QUOTATION_REACH = 200
"""How far after a stop inside a quotation its closing mark may be ('"Police! Drop the weapon!", before …')."""


def _inside_quotation(text: str, start: int, end: int, after: str) -> bool:
    """Whether the stop at `end` lies inside a quotation that opened in this sentence and closes soon after: a
    quoted warning ("Police! Drop it!") is part of the sentence that quotes it."""
    if '"' in after or "”" in after:
        return False  # the quotation closes with this stop
    sentence = text[start:end]
    if sentence.count('"') % 2 == 1:
        closing = '"'
    elif sentence.count("“") > sentence.count("”"):
        closing = "”"
    else:
        return False
    return closing in text[end : end + _QUOTATION_REACH]


_ABBREVIATION_WINDOW = 64
"""The characters before a full stop that can hold the word it ends (a long block is not copied per stop)."""


def _is_abbreviation(text: str, end: int) -> bool:
    window = max(0, end - _ABBREVIATION_WINDOW)
    before = text[window:end].rstrip('"”’)')
    if window and " " not in before[:-1]:  # the word may begin before the window: look at all of it
        before = text[:end].rstrip('"”’)')
    if not before.endswith("."):
        return False
    word = before[:-1].rsplit(" ", 1)[-1].lower().lstrip('("“')
    # A number before a stop is a numbering ("No. 5.", "Section 4.") unless it is a year ("… in 2020. They …").
    return (
        word in _ABBREVIATIONS or len(word) == 1 or (bool(_NUMBER_ALONE.fullmatch(word)) and not _YEAR.fullmatch(word))
    )


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")


def _heading(text: str, at_boundary: bool, standalone: bool = False) -> int | None:
    """The numbering depth of a heading line (0 for unnumbered), or None when the line is not a heading."""
    markdown = _MARKDOWN_HEADING.match(text)
    if markdown:
        return len(markdown.group(1))
    if len(text) > 90:
        return None
    numbered = _NUMBERED_HEADING.match(text)
    if numbered:
        title = numbered.group("title")
        words = title.split()
        if (
            title.endswith((".", ";", ",", ":"))
            or not _title_like(title)
            or len(words) > (13 if title.isupper() else 9)
        ):
            return None
        if "," in title and len(words) > 5:
            return None
        return max(1, len(_DIGITS.findall(numbered.group("number"))))
    if not at_boundary:
        return None
    if _COLON_HEADING.match(text) and len(text.split()) <= 4 and not _RULE_WORDS.search(text):
        return 0
    if text.endswith((".", ";", ",", ":")) or ": " in text or _LIST_MARKER.match(text):
        return None
    words = _WORD.findall(text)
    if not words or len(words) > 10 or sum(len(word) for word in words) < 4:
        return None
    if text.isupper() and len(text) >= 4:
        return 0
    if _title_like(text) and len(words) <= 8 and text[0].isupper():
        return 0
    # A short sentence-case line alone between blank lines ("Fairness and respect") is a heading too.
    return 0 if standalone and len(words) <= 7 and text[0].isupper() and not _RULE_WORDS.search(text) else None


_MINOR_WORDS = frozenset(
    "a an and as at by for from in into of on or the to with without under over upon per via vs".split()
)


def _title_like(text: str) -> bool:
    words = _WORD.findall(text)
    if not words or len(words) > 14:
        return False
    if text.isupper():
        return True
    significant = [word for word in words if word.lower() not in _MINOR_WORDS]
    capitalised = sum(word[0].isupper() for word in significant)
    return bool(significant) and capitalised / len(significant) >= 0.7


def _enter_section(state: _State, text: str, depth: int) -> None:
    if state.non_normative_depth is not None and (
        depth <= state.non_normative_depth or state.non_normative_depth == 0 or (depth == 0 and text.isupper())
    ):
        state.non_normative_depth = None
    title = _HEADING_NUMBER.sub("", text.lstrip("# "))
    if _NON_NORMATIVE_HEADING.match(title) and len(title.split()) <= 7:
        state.non_normative_depth = depth
    state.section = " ".join(text.lstrip("#").split())
    state.section_depth = depth
    state.leads.clear()
    state.pending_lead = ""
    state.gerund_lead = ""


def _open_style(state: _State, style: str) -> bool:
    return any(open_style == style for open_style, _ in state.leads)


def _looks_like_toc_entry(text: str, state: _State) -> bool:
    return "content" in state.section.lower() and bool(_PAGE_AT_END.search(text))


def _marker(text: str) -> str:
    match = _LIST_MARKER.match(text)
    if not match:
        alone = _MARKER_ALONE.fullmatch(text.strip())
        return alone.group(0) if alone else ""
    marker = match.group("marker")
    # "2020 budget" or "300 officers" is not a list item: bare numbers need a dot or a parenthesis.
    if _BARE_NUMBER.fullmatch(marker) and not _NUMBER_BEFORE_CAPITAL.match(text):
        return ""
    return marker


def _style(marker: str) -> str:
    """The family of a list marker, so that '(a)' items join one list and '1.' items another."""
    core = marker.strip()
    if core in "•●▪◦‣∙·*–‐‑-o":
        return "bullet"
    paren = core.startswith("(")
    closing = not paren and core.endswith(")")
    """'1)' and '1.' are different lists (a sub-list is often numbered '1)' under '5.')."""
    inner = core.strip("().) ")
    if _DECIMAL.fullmatch(inner):
        return f"decimal{inner.count('.')}"
    if inner.isdigit():
        return "(1)" if paren else "1)" if closing else "1."
    if _ROMAN.fullmatch(inner) and len(inner) > 1:
        return "(i)" if paren else "i)" if closing else "i."
    if inner.isupper():
        return "(A)" if paren else "A)" if closing else "A."
    return "(a)" if paren else "a)" if closing else "a."


def _ends_short(block: _Block, wrap_width: int) -> bool:
    """The block's last line stops well short of the text width: the item ended there."""
    return len(block.lines[-1].text.strip()) < 0.6 * wrap_width


def _starts_new_paragraph(block: _Block, text: str) -> bool:
    """After a blank line, a line continues the block only when the block stopped mid-sentence."""
    return block.ends_sentence() or not text[:1].islower()
