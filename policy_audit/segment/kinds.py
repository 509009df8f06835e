"""What a line or a sentence of a policy is: a heading (and how deep), a list marker and its style, a contents
line, a form field, a definition or a citation. Plain functions on text, used while segmenting."""

from __future__ import annotations

import re

_BRACKETED_TITLE = re.compile(r"\([^()]{1,60}\)")
"""A title in brackets after the number, in sentence case ("Article 13 (Entry into force and publication)")."""
_EDITORIAL_NOTE = re.compile(r"\s+\[[^\[\]]{1,80}\]$")
"""An editor's note after a title ("NECK RESTRAINTS [LOCAL - substituted for model section 4.2]", "[Amended 2021]")."""
_CODE_SECTION = re.compile(r"^(?i:sec\.|section|§)\s*\d+(?:[.-]\d+)*[A-Za-z]?\.\s+(?P<title>[A-Z][^.;:]{2,70})\.$")
"""A section of a code in sentence case, its title closed by a period ("Sec. 2-120. Publication of department
policy.")."""
_FINITE = re.compile(r"\b(?:shall|must|may|will|should|can|is|are|be|not|never)\b", re.I)
"""Words of a sentence, which a title ("Prohibited holds and restraints.") does without."""
_SHORT_TITLE = r"\s+(?P<title>[A-Z][^.;:]{2,60})\.$"
"""A short title closed by a stop, after its number: the tail of a run-in section or paragraph title."""
_RUN_IN_SECTION = re.compile(r"^(?:\d{1,3}|[A-Z])(?:\.\d{1,3})+\.?" + _SHORT_TITLE)
"""A numbered section whose short title ends with a stop, on a line of its own ("C.2 Authorized configurations.")."""
_NUMBERED_HEADING = re.compile(
    r"^(?P<number>(?:section|chapter|article|part)\s+[\dIVXLC]+[.:]?|\d{1,4}(?:\.\d{1,3})*(?:\s*-\s*\d+(?:\.\d+)*)?\.?"
    r"|[IVXLC]{1,6}\.)\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)

_CHECKBOX = r"\[[ xX✓✔]?\]|[☐☑☒]"
"""A box to tick ("[ ]", "[x]", "☐"): it marks a checklist's item, or an answer to a form's question."""

_LIST_MARKER = re.compile(
    r"^(?P<marker>\(\s*[a-zA-Z0-9]{1,4}\s*\)|[a-zA-Z]\s*[.)]|[ivxIVX]{1,5}\s*[.)]|\d{1,3}(?:\.\d{1,3})*\s*[.)]?|[•●▪◦‣∙·*–‐‑-]|--|>>|[»►➢➤]|o(?=\s)|Q\d{1,3}[.)]|"
    + _CHECKBOX
    + r")\s+\S"
)

TEST_ITEM = re.compile(r"Q\d{1,3}[.)]\s")
"""A test's numbered question ("Q1. Under the policy, a warning shot may be fired when: (a) … (d) never. [d]"): its
stem and options ask; they lay down no rule."""

ANSWER_BOXES = re.compile(r"\?\s*(?:" + _CHECKBOX + r")\s*(?:yes|no)\b", re.IGNORECASE)
"""A form's question with boxes to tick ("Warning given prior to discharge? [ ]Yes [ ]No"): it asks what happened,
it lays down no rule."""

TOC_LINE = re.compile(
    r"(?:\.\s*){4,}\s*\d{1,4}\s*$|…+\s*\d{1,4}\s*$|\S\s{3,}\d{1,4}\s*$|^\s*(?:table of )?contents\s*$"
    r"|^\s*(?:table of )?contents\s*:?\s+(?:\d{1,3}|[ivx]{1,4}|[a-z])[.)]\s",  # a contents run on one line
    re.I,
)

HEADING_NUMBER = re.compile(r"^(?:(?:section|chapter|article|part)\s+)?[\dIVXLC]+(?:[.\s-]+\d+)*[.:)]?\s+", re.I)

HISTORY = re.compile(
    r"\b(?:revision|document|amendment|version|change) (?:history|log|record)s?\b|^history\b"
    r"|^(?:version|revision|rev\.?)\s+(?:no\.?\s+)?date\s+(?:author|by|summary|description|changes?|notes?|approved)\b"
    r"|^proposed (?:amendments|changes|revisions)\b",
    re.IGNORECASE,
)
"""A section of the document's history or of changes proposed to it ("DOCUMENT CONTROL - VERSION HISTORY", a table
headed "Version  Date  Author  Summary of changes", "PROPOSED AMENDMENTS TO SOP 5"): its entries tell what earlier
versions said or later ones may say, never a rule in force. (A "Summary of changes" is not: an amending order's states
the rules it brings into force.)"""

NON_NORMATIVE_HEADING = re.compile(
    r"^(?:table of contents|(definitions?|glossary|terms and definitions|table of contents|contents|index|references|revision history"
    r"|document history|history|key terms))\b",
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

_ADMONITIONS = frozenset(
    "note notes exception exceptions warning caution important example examples reminder myth fact".split()
)
"""'Note: …', 'Exception: …' and 'MYTH: "…"' introduce rules or claims, not definitions."""

_DEFINIENS_OPENING = re.compile(
    r"^[\"“']?(?:a|an|the|any|one|that|those|when|where|to|[a-z][a-z-]*(?:ing|ion|ment|ness|ity|ance|ence))\b"
    r"|^(?:A|An|The|Any)\s+(?:[\w'-]+\s+){0,5}(?:that|which|who|whereby)\b"
)
"""How a definition's second half opens: an article or a noun ('the discharge of …', 'a hold that …'); a capital
article only before a relative ('Chokehold: Any technique that …'), as 'Note: A summary of this policy is posted' is
a sentence."""

_LIST_OPENING = re.compile(r"^(?:\(?(?:[ivx]{1,4}|\d{1,2}|[a-z])(?:\)|\.\s)|[A-Za-z-]+(?: [A-Za-z-]+)?:\s)")
"""How a list opens after a dash or colon: an enumerator ("(i)", "1)", "a. ") or a label ("preconditions: (1) …", "Passive
resistance: verbal direction …")."""

_HEADLINE_RULE = re.compile(
    r"^(?:no|never)\b|\b(?:prohibited|forbidden|banned|mandatory|required|reportable|not (?:authori[sz]ed|permitted|allowed))\b",
    re.I,
)
"""A rule in headline style after a dash or colon: what follows is no definiens."""

_COLON_HEADING = re.compile(
    r"^(?:(?-i:[A-Z][A-Z&/ -]{2,40})|(?:purpose|policy|scope|definitions?|procedures?|references?|background|discussion|"
    r"applicability|responsibilit(?:y|ies)|summary|authority|objectives?|general|guidelines?|rules?))\s*:$",
    re.IGNORECASE,
)
"""'PURPOSE:', 'DEFINITIONS:', 'Policy:' on a line of their own are headings (an all-caps label of ≤ 4 words)."""

FORM_FIELD = re.compile(
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
    r"|^[A-Z][\w.]+ v\. [A-Z][\w.]+,? \d+"
    r"|^(?:rescinds|supersedes|replaces|amends|related (?:policies|orders|directives|documents)|cross[- ]references?)"
    r"\s*:",
    re.IGNORECASE,
)
"""A clause that only points elsewhere ('See Policy 300.', '(720 ILCS 5/7-5)', 'Graham v. Connor, 490 U.S. 386'), or
a header field that names other documents ('RESCINDS: GO 5.02, "Force Continuum" (2009)')."""

_RULE_WORDS = re.compile(
    r"\b(?:shall|must|may|will|should|prohibited|forbidden|banned|not|never|authori[sz]ed|required|mandatory)\b", re.I
)

MARKER_ALONE = re.compile(r"\(?[A-Za-z0-9]{1,3}[.)]|\([A-Za-z0-9]{1,3}\)|[a-zA-Z]\.|[ivxIVX]{1,5}\.")
"""A list marker on a line of its own ('1.', '(a)'): extraction put the item's text on the next line."""

_COLON_END = re.compile(r":\s*(?:\([^()]{0,80}\)\s*)*$")

_DIGITS = re.compile(r"\d+")

_WORD = re.compile(r"[A-Za-z][\w'’-]*")

_BARE_NUMBER = re.compile(r"\d{1,3}")

_NUMBER_BEFORE_CAPITAL = re.compile(r"\d{1,3}\s+[A-Z]")

_DECIMAL = re.compile(r"\d+(?:\.\d+)+")

ROMAN = re.compile(r"[ivx]+")
"""A lower-case roman numeral ('ii', 'iv'), as lists and numberings use them."""

PAGE_AT_END = re.compile(r"\s\d{1,4}$")

ANSWER = re.compile(r"^(?:A|Ans|Answer)\s*\d*\s*[.:)]\s+(?=\S)")
"""The marker of an answer in a question-and-answer layout ('A.', 'A:', 'Answer:')."""

MYTH = re.compile(r"^(?:common\s+)?(?:myth|misconception)\s*#?\d*\s*[:.\-–]\s+(?=\S)", re.I)
"""The label of a claim a document sets out to refute ('MYTH: "Warning shots are allowed …"' / 'FACT: No. …')."""


def starts_with_gerund(text: str) -> bool:
    """'Firing into crowds.': a list item whose marker was lost still opens with a capitalised -ing verb."""
    first = text.split(maxsplit=1)[0] if text.split() else ""
    return first[:1].isupper() and first.lower().endswith("ing") and len(first) > 4 and first.isalpha()


def follows_h(marker: str, previous: str) -> bool:
    """Is this '(i)' the ninth letter after '(h)', not the first of a roman list?"""
    return marker.strip("().) ").lower() == "i" and previous.strip("().) ").lower() == "h"


def restarts(marker: str) -> bool:
    """A marker that opens a new list: a, 1, i, A in any bracket style."""
    return marker.strip("().) ").lower() in ("a", "1", "i")


def maybe_contents(raw: str) -> bool:
    """A contents line ends with a page number or says 'contents' (checked before the costlier pattern)."""
    return raw.rstrip()[-1:].isdigit() or "ontents" in raw or "ONTENTS" in raw


def ends_with_colon(text: str) -> bool:
    """A lead-in ends with ':', perhaps followed by a bracketed note ('… when an employee: (Revised 06-01-93)')."""
    return bool(_COLON_END.search(text))


_CAPTION_TERM = re.compile(r"^\s*(?:table|figure|chart|exhibit|annex|appendix)\s+[\w.-]{1,6}\s*$", re.IGNORECASE)
"""A numbered caption's label ('Table 1', 'Figure 10.1', 'Annex B'): what follows its dash is the caption's title."""


def is_definition(sentence: str) -> bool:
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
    if _CAPTION_TERM.match(term):
        return False  # "Table 1 - Force Options by Resistance Level: …" is a caption over what it lists
    joiner = match.group("joiner").strip()
    if joiner == ":" and set(term.lower().split()) & _LINKING_WORDS:
        return False  # "The levels of control are: presence, …" introduces a list, it defines nothing
    if joiner in ("-", "–", "—", ":"):
        rest = sentence[match.end() :].lstrip()
        if " | " in rest:
            return False  # "LEVEL 2 - Passive resistance | Response: escort holds": a table's row, its cells apart
        if _HEADLINE_RULE.search(rest):
            return (
                False  # "Excessive force by another officer: intervention mandatory", "Moving vehicles — no shooting"
            )
        if _LIST_OPENING.match(rest) or rest[:5].lower() == "only ":
            return False  # "Use of firearms - (i) imminent threat …; (ii) …", "… - ONLY WHEN ALL THREE ARE PRESENT: …"
        if rest[:1] in ('"', "“"):
            # 'De-escalation tactics: "Proactive actions and approaches …" (555 CMR 6.03)': a quoted definition; not
            # a quotation under its label ('Lesson plan quote: "…"', 'GO 3.10.4: "Officers should …"')
            return not _QUOTATION_LABEL.search(term)
        if _DEFINIENS_OPENING.match(rest):
            return True
        return joiner != ":" and not _RULE_WORDS.search(rest)
    return True


_QUOTATION_LABEL = re.compile(
    r"\b(?:quote[sd]?|quotation|excerpt|extract|text|wording|reads|says|states|provides)\b|\d+\.\d+", re.I
)
"""A label that introduces a quotation of the policy, not a term ('Policy text', 'Instructor reads', 'GO 3.10.4')."""
_RULE_IN_DEFINITION = re.compile(
    r"\b(?:shall|must|prohibited|forbidden|banned|never)\b|\bmay not\b|\bnot (?:be )?(?:used|permitted|authori[sz]ed|allowed)\b"
    r"|\bno (?:other )?\w+ (?:shall|may)\b|\b(?:is|are) (?:an? )?(?:authori[sz]ed|approved|permitted)\b"
    r"|\bdiscouraged\b|\bshould (?:not|be|never|avoid|refrain)\b|\bhereby\b"
    r"|\b(?:has|have) (?:an? |the )?(?:\w+ )?(?:duty|obligation) to\b|\b(?:is|are) required to\b"
    r"|^\W*(?:authori[sz]ed|approved|permitted|reportable)\b"  # the term itself: '"Authorized control technique" means …'
    r"|^\W*(?:an?|the|any|each|every)?\s*(?:officers?|deput(?:y|ies)|members?|employees?|troopers?|constables?)"
    r"\s+(?:\w+\s+)?may\b",  # a sentence whose subject is the officer: 'A deputy may fire a warning shot when …'
    re.IGNORECASE,
)


_RUN_IN_TITLE = re.compile(r"^(?:\(?[A-Za-z0-9]{1,3}[.)]|\d{1,3}(?:\.\d{1,3})+\.?)" + _SHORT_TITLE)


_NOT_TITLE_OPENERS = frozenset("the a an this these that all each every any no officers members deputies staff".split())
RULING_WORD = re.compile(
    r"\b(?:prohibited|forbidden|banned|authori[sz]ed|permitted|allowed|approved|required|mandatory|discouraged|"
    r"encouraged|restricted|recommended|only)\b",
    re.I,
)
"""Words by which a title or caption rules ("Warning shots prohibited", "TABLE B - APPROVED CONFIGURATIONS")."""


def is_run_in_title(sentence: str) -> bool:
    """'C. Continuum.', '4.2 Duty to intervene.': the title a numbered paragraph opens with, before its sentences;
    it names what follows. Not a sentence ('C. The Department discourages hog-tying.') nor a title that rules ('D.
    Warning shots prohibited.')."""
    match = _RUN_IN_TITLE.match(sentence.strip())
    if match is None:
        return False
    title = match.group("title")
    return (
        len(title.split()) <= 3
        and title.split()[0].lower() not in _NOT_TITLE_OPENERS  # "C. The Department discourages hog-tying."
        and not _FINITE.search(title)
        and not RULING_WORD.search(title)  # "D. Warning shots discouraged." rules
    )


_ANSWERED_NO = re.compile(r"\|\s*(?:no|not required|n/?a)\.?\s*\|", re.I)


def answered_no(row: str) -> bool:
    """A table row answered no ("| Handcuffing a compliant person | No |", "| Neck restraint (any) | NO | 12.5.3 |"):
    what its lead-in, caption or header says is not said of it."""
    return bool(_ANSWERED_NO.search(row))


def has_rule_words(text: str) -> bool:
    """Could this text lay down a rule at all (shall, must, may, not, prohibited …)? A cheap look before reading it."""
    return bool(_RULE_WORDS.search(text))


def states_rule(sentence: str) -> bool:
    """Does a definition also lay down a rule ('Hog-tying means … and shall not be used'; 'The LVNR is an authorized
    control technique'; '… is discouraged')? Not a bare 'may': in a definition it describes ('a hold that may restrict
    the airway')."""
    return bool(_RULE_IN_DEFINITION.search(sentence))


def is_citation(sentence: str) -> bool:
    return len(sentence.split()) <= 25 and bool(_CITATION.match(sentence))


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")


_SENTENCE_BEGUN = re.compile(r"[A-Za-z]{3,}[.!?] [A-Z][a-z]+ [a-z]+ [a-z]+")
"""A sentence ends inside the line and another runs on ('CONFIDENTIAL -- INTERNAL. This procedure is')."""


def _sentence_like(text: str) -> bool:
    """Punctuated like a sentence, a field, a list item or a table's row (its header row too: ingest/clean.py
    table_rows joins cells with ' | '), so not an unnumbered heading."""
    return (
        text.endswith((".", ";", ",", ":"))
        or ": " in text
        or " | " in text
        or bool(_LIST_MARKER.match(text) or _SENTENCE_BEGUN.search(text))
    )


def heading_depth(text: str, at_boundary: bool, standalone: bool = False) -> int | None:
    """The numbering depth of a heading line (0 for unnumbered), or None when the line is not a heading."""
    markdown = _MARKDOWN_HEADING.match(text)
    if markdown:
        return len(markdown.group(1))
    if at_boundary and titled_with_fields(text):
        return 0
    if len(text) > 90:
        return None
    code_section = _CODE_SECTION.match(text)
    if code_section and len(code_section.group("title").split()) <= 8 and not _FINITE.search(text):
        return 1
    run_in = _RUN_IN_SECTION.match(text) if standalone else None
    if run_in and len(run_in.group("title").split()) <= 6 and not _FINITE.search(run_in.group("title")):
        return text.split()[0].count(".") + 1
    numbered = _NUMBERED_HEADING.match(text)
    if numbered:
        title = _EDITORIAL_NOTE.sub("", numbered.group("title")) or numbered.group("title")
        words = title.split()
        if (
            title.endswith((".", ";", ",", ":"))
            or not (_title_like(title) or _BRACKETED_TITLE.fullmatch(title))
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

    if _sentence_like(text):
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


_TITLE_WITH_FIELDS = re.compile(
    r"^(?P<title>[A-Z][^:]{2,60}?)(?:\s{3,}[A-Z][A-Za-z.]*(?: [A-Za-z.]+){0,2}:\s*\S[^:]{0,40}?)+$"
)
"""A title with form fields set beside it on its line ("AMENDMENT No. 1 TO DIRECTIVE OP-22        Date: 2014-11-17"):
it opens the part of the file it names."""


def titled_with_fields(text: str) -> bool:
    """ "AMENDMENT No. 1 TO DIRECTIVE OP-22        Date: 2014-11-17": a title with form fields beside it."""
    titled = _TITLE_WITH_FIELDS.match(text)
    return titled is not None and _title_like(titled.group("title")) and len(titled.group("title").split()) >= 2


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


def list_marker(text: str) -> str:
    match = _LIST_MARKER.match(text)
    if not match:
        alone = MARKER_ALONE.fullmatch(text.strip())
        return alone.group(0) if alone else ""
    marker = match.group("marker")
    # "2020 budget" or "300 officers" is not a list item: bare numbers need a dot or a parenthesis.
    if _BARE_NUMBER.fullmatch(marker) and not _NUMBER_BEFORE_CAPITAL.match(text):
        return ""
    return marker


def list_style(marker: str, previous: str = "") -> str:
    """The family of a list marker, so that '(a)' items join one list and '1.' items another. Bullets of another
    shape are another level ('- … including:' then '* pointing a firearm …'). A lone 'i' opens a roman list
    ('i.', 'ii.', 'iii.') unless the `previous` marker was 'h'."""
    core = marker.strip() or "-"
    for shapes in ("•●∙·", "▪", "◦‣o", "*", "–‐‑-", "»>>►➢➤"):
        if core in shapes:
            return f"bullet{shapes[0]}"
    paren = core.startswith("(")
    closing = not paren and core.endswith(")")
    """'1)' and '1.' are different lists (a sub-list is often numbered '1)' under '5.')."""
    inner = core.strip("().) ")
    if _DECIMAL.fullmatch(inner):
        return f"decimal{inner.count('.')}"
    if inner.isdigit():
        return "(1)" if paren else "1)" if closing else "1."
    if ROMAN.fullmatch(inner) and (len(inner) > 1 or (inner == "i" and not follows_h(inner, previous))):
        return "(i)" if paren else "i)" if closing else "i."
    if inner.isupper():
        return "(A)" if paren else "A)" if closing else "A."
    return "(a)" if paren else "a)" if closing else "a."
