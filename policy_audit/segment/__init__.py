"""Segment: lines → clauses (sentences and numbered items) with page, line, section and list lead-in.

Policies are lists more than prose: "The following are prohibited: … (b) Firing warning shots." Each list item
therefore carries the lead-in sentence it hangs from, so the reader sees the rule and the practice together.
Tables of contents, definitions and indexes are kept but marked non-normative: a word there decides nothing.
What a line or sentence is lives in kinds.py; how a block splits into sentences in sentences.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from policy_audit.ingest.clean import furniture_key
from policy_audit.models import Clause, Document, Line
from policy_audit.segment.amendments import take_out_of_force
from policy_audit.segment.inline import split_inline_lists
from policy_audit.segment.kinds import (
    ANSWER,
    ANSWER_BOXES,
    FORM_FIELD,
    HEADING_NUMBER,
    HISTORY,
    MARKER_ALONE,
    MYTH,
    NON_NORMATIVE_HEADING,
    PAGE_AT_END,
    RULING_WORD,
    TEST_ITEM,
    TOC_LINE,
    answered_no,
    ends_with_colon,
    follows_h,
    heading_depth,
    is_citation,
    is_definition,
    is_run_in_title,
    list_marker,
    list_style,
    maybe_contents,
    restarts,
    starts_with_gerund,
    states_rule,
    titled_with_fields,
)
from policy_audit.segment.redline import without_struck_text
from policy_audit.segment.sentences import TERMINAL, split_sentences

FURNITURE_SECTION = "(running header/footer)"

_RUNNING_KEPT = 6


@dataclass
class _Block:
    """Consecutive non-blank lines that form one paragraph or list item."""

    lines: list[Line] = field(default_factory=list)
    marker: str = ""
    lead: str = ""

    def ends_sentence(self) -> bool:
        """Does the block's text end a sentence? (Its last line tells; joining all lines is costly.)"""
        return bool(self.lines) and self.lines[-1].text.rstrip().endswith(TERMINAL)


@dataclass
class _State:
    section: str = ""
    non_normative_depth: int | None = None
    """Numbering depth of the definitions/contents heading in force (0: unnumbered), None when normative."""
    leads: list[tuple[str, str]] = field(default_factory=list)
    """(list style, lead-in text) for each open list level."""
    pending_lead: str = ""
    pending_style: str = ""
    last_marker: str = ""
    """The last list marker seen ('(h)'), so that '(i)' after it is the ninth letter, not a new roman list."""
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
    lines = without_struck_text(document.lines)
    return _answers(take_out_of_force(split_inline_lists(_adopt_orphan_lists(list(_clauses(lines))))))


_RULE_HEADING = re.compile(r"(?:do not|don['’]t|never|must not|shall not)", re.I)
_POINTING_LEAD = re.compile(r"^(?:this|these|such|they|it)\b[^:]{0,40}:\s*$", re.I)
"""A lead-in that is only a pointer back ("This includes:", "These are:")."""
_OPEN_END = re.compile(r"\b(?:when|whenever|where|if|that|including|include|includes|whether|who|which)$")
"""A lead-in without its colon, cut off where the list goes on ("… a written report shall be made when ⏎ a) …")."""
_FORWARD_LEAD = re.compile(r"^the following(?: \w+){0,3} (?:are|is|shall|will|must|may)\b[^:]*\.$", re.I)
"""A lead-in closed by a full stop ("The following are prohibited."): the list after the paragraph hangs from it."""
_COMMENTARY = re.compile(
    r"^\W*(?:drafter|drafting|editor|explanatory|reviser|staff|reviewer|legal)(?:['’]?s)? (?:comment|note|notes|commentary)\b"
    r"|^\[\s*comments?\b|^\[[\w .'’-]{0,30}?\b(?:note|annotation|commentary)\s*:"
    r"|^\W*(?:[\w'’]+\s+){0,2}(?:recommendation|proposal|proposed (?:new )?(?:change|amendment|revision|section|rule|text))s?"
    r"\s*(?:no\.?\s*)?[\d.]*\s*(?:\([^)]{0,60}\))?\s*[:.)\-–—](?:\s|$)",
    re.IGNORECASE,
)
"""A paragraph that comments on the text ("Drafter's comment (PAU-4): …", "[Comment MK4: …]", "[OLC NOTE: …]") or
proposes a change to it ("Recommendation 1: Require officers to …"): not part of it."""
_CAPTION = re.compile(r"^(?:table|figure|chart|exhibit)\s+[\w.-]{1,10}\b", re.I)
"""A table's caption, between the lead-in a table hangs from and the table ("Table 1 -- Approved restraints")."""
_FIELD_LINE = re.compile(r"^[A-Z][A-Za-z.]*(?: [A-Za-z.]+){0,3}:\s{2,}\S")
"""A line of an aligned form header: a label of up to four words, a colon, then the value after two spaces."""
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")
"""A table row as ingest writes it ("| Pointing a firearm at a person | Yes |")."""
_LEADER_ROW = re.compile(r"\S \.{2,}[ .]*(?=[A-Z0-9(])[^.]{0,40}$")
"""A row of a list set with dot leaders ("Prohibit warning shots ........ Declined"): its short value ends the line."""


def _answers(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """In a question-and-answer layout ("Q10. Can I use a chokehold? A. No, except …") the answer is read with its
    question as its lead-in: "No" answers what the question asks."""
    out = list(clauses)
    for index, clause in enumerate(out):
        if index and not clause.lead and ANSWER.match(clause.text) and out[index - 1].text.rstrip().endswith("?"):
            out[index] = clause._replace(lead=out[index - 1].text)
    return tuple(out)


def _adopt_orphan_lists(clauses: list[Clause]) -> tuple[Clause, ...]:
    """Give a lead-in with no list after it the lead-less list just above it (text extraction moved the list).

    Seen in real extractions: "a. … b. Firing warning shots. … 5.4.1 PROHIBITIONS The following practices are
    strictly forbidden:" with nothing after the colon. The list is re-attached only when it is complete, from its
    first item ("a.", "1.", "(a)") to the heading, and carries no lead of its own.
    """
    for index, clause in enumerate(clauses):
        if not ends_with_colon(clause.text) or clause.lead or FORM_FIELD.match(clause.text.strip()):
            continue  # a signature block's "Approved:" under the footnotes leads no list
        following = clauses[index + 1] if index + 1 < len(clauses) else None
        if following is not None and following.lead:
            continue
        start = index - 1
        while start >= 0 and clauses[start].heading:
            start -= 1
        run: list[int] = []
        gerunds = 0
        while start >= 0 and not clauses[start].lead and not clauses[start].heading:
            marker = list_marker(clauses[start].text)
            gerund = starts_with_gerund(clauses[start].text)
            continuation = start > 0 and clauses[start].line - clauses[start - 1].line <= 2
            if not marker and not gerund and not continuation:
                break
            run.append(start)
            gerunds += gerund
            if marker and restarts(marker):
                break
            start -= 1
        while run and not (list_marker(clauses[run[-1]].text) or starts_with_gerund(clauses[run[-1]].text)):
            run.pop()
        complete_list = bool(run) and restarts(list_marker(clauses[run[-1]].text))
        if len(run) >= 2 and (complete_list or gerunds >= 2):
            for position in run:
                clauses[position] = clauses[position]._replace(lead=clause.text)
    return tuple(clauses)


def _clauses(lines: Sequence[Line]) -> Iterator[Clause]:
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    walk = _Walk(wrap_width=lengths[int(len(lengths) * 0.9)] if lengths else 80)
    for position, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            walk.blank_before, walk.contents_run = True, False
            continue
        standalone = walk.blank_before and (position + 1 >= len(lines) or not lines[position + 1].text.strip())
        yield from walk.line(line, text, standalone)
    yield from _flush(walk.block, walk.state)


@dataclass
class _Walk:
    """The walk through a document's lines: the block being gathered and what the lines before set up."""

    wrap_width: int
    state: _State = field(default_factory=lambda: _State())
    block: _Block = field(default_factory=lambda: _Block())
    blank_before: bool = False
    contents_run: bool = False
    """The line before was a contents entry (or the contents title), with no blank line since."""

    def line(self, line: Line, text: str, standalone: bool) -> Iterator[Clause]:
        state = self.state
        if line.furniture:
            yield from self._furniture(line, text)
            return
        # "CONTENTS ⏎ 29-01  Interpretation ⏎ 29-02  Application": numbered titles in the run of lines right under a
        # contents title are its entries, page numbers or not; a blank or any other line ends the run.
        entry = self.contents_run and _numbered_title(text)
        if (
            entry
            or (maybe_contents(line.text) and TOC_LINE.search(line.text))
            or (state.non_normative_depth is not None and _looks_like_toc_entry(text, state))
        ):
            yield from self._close()
            yield _line_clause(text, line, state.section, state, "contents")
            # a contents that gives page numbers ends where a numbered title without one comes
            self.contents_run = (entry and not PAGE_AT_END.search(text)) or bool(_CONTENTS_TITLE.match(text))
            return
        self.contents_run = False
        marker = list_marker(text)
        if marker and self._carried_number(text, marker):
            marker = ""
        in_list = bool(state.pending_lead) or (
            bool(state.leads) and _open_style(state, list_style(marker or "-", state.last_marker))
        )
        at_boundary = self.blank_before or not self.block.lines or self.block.ends_sentence()
        if _CAPTION.match(text):  # "Table 5-1": a line of its own, not the section of the table under it
            yield from self._close()
            self.block = _Block([line], lead=_lead_for(state, "") if state.pending_lead else "")
            yield from self._close()
            self.blank_before = False
            return
        # An all-capitals line standing alone ("IV.  LEGAL STANDARDS") is a heading even where a list was open.
        heading = (
            None
            if in_list and not (standalone and text.isupper()) and not titled_with_fields(text)
            else heading_depth(text, at_boundary, standalone)
        )
        if heading is not None:
            yield from self._close()
            yield self._heading(line, text, heading)
        else:
            yield from self._prose(line, text, marker)
        self.blank_before = False

    def _carried_number(self, text: str, marker: str) -> bool:
        """ "… each General Order in the 2.10 through ⏎ 2.14 series, shall be posted": a number that a wrapped
        sentence carries to the start of a line, with the sentence going on in lower case, is no list marker."""
        rest = text.lstrip()[len(marker) :].lstrip()
        return (
            not self.blank_before
            and self.block.marker != list_style(marker)  # "3. … ; and ⏎ 4. any discharge …" is the next item
            and bool(self.block.lines)
            and not self.block.ends_sentence()
            and rest[:1].islower()
            and marker[:1].isdigit()
        )

    def _close(self) -> Iterator[Clause]:
        yield from _flush(self.block, self.state)
        self.block = _Block()

    def _furniture(self, line: Line, text: str) -> Iterator[Clause]:
        """A running header or footer: remembered as the chapter the text sits in, shown once as a clause."""
        state = self.state
        flat = " ".join(text.split())
        if flat in state.running:
            state.running.remove(flat)
        state.running = [*state.running[-(_RUNNING_KEPT - 1) :], flat]
        key = furniture_key(flat)
        if key in state.shown:
            return  # a repeat: it only tells which chapter the text sits in
        state.shown.add(key)
        yield from self._close()
        yield _line_clause(flat, line, FURNITURE_SECTION, state, "furniture", normative=True)

    def _heading(self, line: Line, text: str, depth: int) -> Clause:
        state = self.state
        if FORM_FIELD.match(text.lstrip("# ")):
            # A form header label ('Distribution', 'Effective Date') is not the section of what follows.
            return _line_clause(text, line, state.section, state, "form", heading=True)
        _enter_section(state, text, depth)
        return Clause(
            state.section,
            line.page,
            line.number,
            state.section,
            state.non_normative_depth is None,
            heading=True,
            running_header=state.running_header,
            role="heading",
        )

    def _prose(self, line: Line, text: str, marker: str) -> Iterator[Clause]:
        """A line of prose: a new list item, a new paragraph, or the block's next line."""
        state, block = self.state, self.block
        if (_FIELD_LINE.match(text) or _LEADER_ROW.search(text)) and not marker:
            # "Public Access:     This policy is a public record." A field of an aligned form header, or a row set
            # with dot leaders, is a paragraph of its own, not the next line of the one above.
            yield from self._close()
            self.block = _Block([line])
        elif marker:
            yield from self._close()
            state.gerund_lead = ""  # the lead-in's items carry markers: a paragraph without one is not its item
            block = self.block = _Block([line], marker=list_style(marker, state.last_marker))
            after_h = follows_h(marker, state.last_marker)
            state.last_marker = marker
            if restarts(marker) and not after_h and not state.pending_lead:  # "(i)" after "(h)" goes on
                state.leads[:] = [entry for entry in state.leads if entry[0] != block.marker]
            block.lead = _lead_for(state, block.marker)
        elif self.blank_before and block.lines and _starts_new_paragraph(block, text) and not _marker_only(block):
            yield from self._close()
            state.leads.clear()
            self.block = _Block([line], lead=_lead_for(state, "") if state.pending_lead else _gerund_lead(state, text))
        elif not block.lines:
            self.block = _Block([line], lead=_lead_for(state, "") if state.pending_lead else _gerund_lead(state, text))
        elif (block.marker and _ends_short(block, self.wrap_width) and text[:1].isupper()) or _after_banner(block, text):
            yield from self._close()
            self.block = _Block([line], lead=_lead_for(state, "") if state.pending_lead else "")
        else:
            block.lines.append(line)


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
    found = list(split_sentences(block.lines))
    if not found:
        return
    normative = state.non_normative_depth is None
    commentary = bool(_COMMENTARY.match(found[0][0])) or _tells_history(block, found[0][0], state.section)
    # "Q1. … may be fired when: (a) … (d) never. [d]" asks throughout; after "Q6. … do they have to? Yes. …" answers
    test_item = bool(TEST_ITEM.match(block.lines[0].text.lstrip()))
    for number, (sentence, first) in enumerate(found):
        test_item = test_item and not (number and found[number - 1][0].rstrip().endswith("?"))
        commentary = commentary or bool(_COMMENTARY.match(sentence))  # "… Recommendation 1: Require …" goes on to the end
        role = (
            "citation"  # "Drafter's comment (PAU-4): The 2019 edition allowed …" explains; it is not the order
            if commentary
            else "title"  # "C. Continuum. The linear continuum … is discontinued.": the paragraph's run-in title
            if number == 0 and len(found) > 1 and is_run_in_title(sentence)
            else "definition"
            if is_definition(sentence) and not block.lead
            else "citation"
            if is_citation(sentence)
            else "question"  # "Q: Is this policy available to the public?" asks; the answer after it tells
            if sentence.rstrip().endswith("?") or ANSWER_BOXES.search(sentence) or test_item or _asks_whether(sentence)
            else "myth"  # 'MYTH: "Warning shots are allowed …"' is quoted to be refuted; the FACT after it tells
            if MYTH.match(sentence)
            else "rule"
        )
        if not normative and role == "rule":
            role = (
                "contents" if "content" in state.section.lower() or "index" in state.section.lower() else "definition"
            )
        # "Hog-tying means … and shall not be used": a definition that also lays down a rule decides, and so do
        # the items of a definition that does ('"Authorized control technique" means: … (d) the VNR').
        rules = (normative and role in ("rule", "title")) or (
            role == "definition"
            and (states_rule(sentence) or (bool(block.lead) and states_rule(block.lead)))
            and not HISTORY.search(state.section)
        )
        yield Clause(
            sentence,
            first.page,
            first.number,
            state.section,
            rules,
            block.lead,
            running_header=state.running_header,
            role=role,
        )
    last = found[-1][0]
    if ends_with_colon(last) or _OPEN_END.search(last):
        # "9.1 A record must be submitted … This includes:": a lead-in that points back takes the sentence it points to
        own = " ".join(sentence for sentence, _ in found[-2:]) if not block.marker or _POINTING_LEAD.match(last) else last
        state.pending_lead = f"{block.lead} {own}".strip() if block.marker else own
        state.pending_style = block.marker
        state.gerund_lead = state.pending_lead
        if block.marker and not any(style == block.marker for style, _ in state.leads):
            state.leads.append((block.marker, block.lead))
    elif block.lead and len(found) == 1 and _CAPTION.match(last):
        # "The following are approved: ⏎ Table 1 - Restraints ⏎ | … |": the caption hands the lead-in on to its rows.
        state.pending_lead = block.lead
    elif len(found) == 1 and _CAPTION.match(last) and RULING_WORD.search(last) and _caption_only(last):
        # "TABLE B - APPROVED RESTRAINT CONFIGURATIONS ⏎ | 3 | Handcuffs + hobble strap connected to the handcuff
        # chain | … |": a caption that rules is the lead-in of every row of its table.
        state.pending_lead = state.gerund_lead = last
    elif not block.marker and any(_FORWARD_LEAD.match(sentence.strip()) for sentence, _ in found):
        # "The following are prohibited. No supervisor may authorize them. ⏎ C-1 Neck restraints …"
        state.pending_lead = next(sentence for sentence, _ in found if _FORWARD_LEAD.match(sentence.strip()))
    else:
        state.pending_lead = ""


def _asks_whether(sentence: str) -> bool:
    """ "(d) whether a verbal warning was given before deadly force was used, and if not, why not;": an item of what a
    report must answer asks; it sets nothing out ("Whether or not …" opens a concession, not a question)."""
    words = sentence[len(list_marker(sentence)) :].split()[:3]
    return bool(words) and words[0].lower() == "whether" and [word.lower() for word in words[1:3]] != ["or", "not"]


def _tells_history(block: _Block, first: str, section: str) -> bool:
    """An entry of the document's history or of changes proposed to it: an item or table row under such a heading or
    lead-in ("VERSION HISTORY ⏎ 3.0   04/2017   Neck holds permitted …"), or a paragraph that opens as one ("Version
    history: …"). Prose under such a heading ("This order is a public record.") is the document's own."""
    if HISTORY.match(first) or (block.lead and HISTORY.search(block.lead)):
        return True
    return bool(HISTORY.search(HEADING_NUMBER.sub("", section.lstrip("|# ")))) and (
        bool(block.marker) or first.startswith("|") or bool(_VERSION_ROW.match(first))
    )


_VERSION_ROW = re.compile(r"^(?:v(?:ersion)?\.?\s*)?\d+(?:\.\d+)*\s{2,}\S")
"""A row of a version table set out in columns ("3.0      04/2017      Ops Training   Full rewrite …")."""


def _caption_only(text: str) -> bool:
    """A caption and nothing more ("TABLE B - APPROVED RESTRAINT CONFIGURATIONS"), not a sentence that a wrapped
    line happens to open with "Table 1." ("Table 1. Strikes to the head are authorized only at Level 4.")."""
    return len(text.split()) <= 10 and not text.rstrip().endswith(".")


def _marker_only(block: _Block) -> bool:
    """A list marker alone on its line ('1.'): its item text follows, even after a blank line."""
    return bool(block.marker) and len(block.lines) == 1 and bool(MARKER_ALONE.fullmatch(block.lines[0].text.strip()))


def _gerund_lead(state: _State, text: str) -> str:
    """The last lead-in, for a paragraph that reads as a marker-less list item ("Firing into crowds.") or is the
    next row of the table under it ("The following are reportable: ⏎ | Action | Note | ⏎ | Pointing a firearm | … |")."""
    if state.gerund_lead and _TABLE_LINE.match(text):
        # "| Handcuffing a compliant person | No |", "| Neck restraint (any) | NO | 12.5.3 |": a row answered no is
        # left out of what the lead-in says.
        return "" if answered_no(text) else state.gerund_lead
    if state.gerund_lead and starts_with_gerund(text):
        return state.gerund_lead
    state.gerund_lead = ""
    return ""


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


def _enter_section(state: _State, text: str, depth: int) -> None:
    if state.non_normative_depth is not None and (
        depth <= state.non_normative_depth or state.non_normative_depth == 0 or (depth == 0 and text.isupper())
    ):
        state.non_normative_depth = None
    title = HEADING_NUMBER.sub("", text.lstrip("# "))
    if NON_NORMATIVE_HEADING.match(title) and len(title.split()) <= 7:
        state.non_normative_depth = depth
    state.section = " ".join(text.lstrip("#").split())
    state.leads.clear()
    # A heading that is a rule's opening ("DO NOT", "NEVER") is the lead-in of the bullets under it.
    state.pending_lead = f"{title.strip()}:" if _RULE_HEADING.fullmatch(title.strip()) else ""
    state.gerund_lead = ""


def _open_style(state: _State, style: str) -> bool:
    return any(open_style == style for open_style, _ in state.leads)


def _looks_like_toc_entry(text: str, state: _State) -> bool:
    return "content" in state.section.lower() and bool(PAGE_AT_END.search(text))


def _numbered_title(text: str) -> bool:
    return bool(HEADING_NUMBER.match(text)) and len(text.split()) <= _ENTRY_WORDS and text[-1:] not in ".:;"


_ENTRY_WORDS = 12
_CONTENTS_TITLE = re.compile(r"^\s*(?:table of )?contents\s*:?\s*$", re.I)


_GOES_ON = frozenset("a an the of to and or by for with in on at from who which that".split())
"""Words no item ends on: a line that stops after one goes on in the next ("… who have attended the ⏎ Department's …")."""


def _ends_short(block: _Block, wrap_width: int) -> bool:
    """The block's last line stops well short of the text width, on a word an item can end with: the item ended."""
    last = block.lines[-1].text.strip()
    return len(last) < 0.6 * wrap_width and last.rsplit(maxsplit=1)[-1].lower() not in _GOES_ON


def _after_banner(block: _Block, text: str) -> bool:
    """ "LAW ENFORCEMENT SENSITIVE -- FOR INTERNAL USE ONLY -- NOT FOR PUBLIC RELEASE ⏎ Do not post …": a line in
    capitals with no closing mark is a line of its own; a sentence in mixed case after it does not continue it."""
    if len(block.lines) != 1 or block.marker:
        return False
    banner = block.lines[0].text.strip()
    return banner.isupper() and not banner.endswith((".", ",", ";", ":")) and text[:1].isupper() and not text.isupper()


def _starts_new_paragraph(block: _Block, text: str) -> bool:
    """After a blank line, a line continues the block only when the block stopped mid-sentence."""
    return block.ends_sentence() or not text[:1].islower()
