"""What an amendment takes out of force: text it quotes as replaced, and numbered provisions it repeals.

A consolidated order keeps its history in the text ("[Historical note — former 5.3 read: "A member may fire a
warning shot …"]"), and an amending memorandum names the provisions it repeals ("Section 7.3 is rescinded in its
entirety") or the old text carries the mark ("… [Rescinded — see Memorandum 2021-07.]"). The old words stay in
the document as citations, so they can be shown, but they are not rules in force.
"""

from __future__ import annotations

import re

from policy_audit.models import Clause
from policy_audit.segment.kinds import ends_with_colon, list_marker
from policy_audit.segment.sentences import is_abbreviation

_SUPERSEDED = re.compile(
    r"\b(?:currently|presently|formerly|previously) reads?\b|\b(?:formerly|previously) read\b"
    r"|\b(?:former|previous|prior|old|existing|current|original|deleted|superseded|repealed|rescinded|revoked|replaced"
    r"|struck|expired) (?:text|wording|language|version|provision)\b"
    r"|\b(?:former|previous|prior|old|superseded|repealed|rescinded|revoked|expired) rules?\b",
    re.I,
)
"""Words that introduce quoted old text on the line before it ("Former text:", "Rescinded text (reproduced for
reference only):", "Prior Rule (through June 30, 2022):"; not "Current Rule (on and after …):", the rule in force)."""
_SUPERSEDED_INLINE = re.compile(
    r"\b(?:former|previous|original|old|formerly|previously|originally)\b[^\"“:]{0,40}?"
    r"\b(?:read|provided|stated|said)(?:\s*:|\s+that\b[^\"“]{0,120}?)\s*[\"“]"
    r"|\b(?:repealed|rescinded|revoked|deleted|superseded|substituted)\b[^\"“:]{0,60}:\s*[\"“]"
    r"|\b(?:former|previous|prior|old|expired) (?:rules?|text|wording|language|version)\b[^\"“:]{0,60}:\s*[\"“]"
    r"|\b(?:changed|amended|altered|revised|reworded)\s+from\s*:?\s*[\"“]",
    re.I,
)
"""Words that introduce quoted old text in the same clause ("former 5.3 read: "…"", "former 1.4 (repealed): "…"",
"Order 7, para. 12, formerly provided: "…"", 'Prior Rule (through June 30, 2022): "…"', "formerly provided that a member who failed … "shall surrender …"",
"Section 5.3 changed from "…" to the current language")."""
_NEW_TEXT = re.compile(
    r"\bfollowing\s+(?:(?:is|are|shall\s+be)\s+)?(?:substituted|inserted|added)\b"
    r"|\b(?:substitute|insert|add)\s+(?:the\s+following|as\s+follows)\b"
    r"|\b(?:replaced|superseded|substituted)\s+(?:with|by)\s+(?:the\s+following|as\s+follows)\b"
    r"|\b(?:amended|revised|changed)\s+to\s+read\b|\breads?\s+as\s+follows\b",
    re.I,
)
"""Words that bring in the new text a clause quotes ("… is rescinded in its entirety and replaced with the following:
"C. Warning shots are prohibited.""): the quote is the rule in force, not the old text."""
_SENTENCE_END = re.compile(r"[.!?][\"”')\]]*\s")
_OPENING_QUOTES = ('"', "“")
_CLOSING_QUOTES = ('"', "”")
_NUMBER = re.compile(r"^\(?(\d+(?:\.\d+)*)[.)]?\s")
"""The number a provision opens with ("7.3 Lateral vascular neck restraint.", "7. EMPTY-HAND CONTROL")."""
_NAMED_DIVISION = re.compile(r"^(?:section|part|article|chapter)\s+(\d+|[IVXLC]+)\b", re.I)
"""A heading that names its division ("SECTION IV - RESPONSE TO RESISTANCE CONTINUUM"), whose lettered items
("D. Carotid Restraint.") an amendment cites as IV.D."""
_NUMBERED_DIVISION = re.compile(r"^([IVXLC]+)\.\s")
"""A heading numbered in roman ("V.   DEADLY FORCE"), whose lettered items are V.A, V.B …"""
_LETTERED = re.compile(r"^\(?([A-Z])[.)]\s")
"""A lettered item ("D. Carotid Restraint."), numbered within its division."""
_REPEAL = re.compile(
    r"(?:\b(?:(?:sub)?sections?|paragraphs?|paras?\.?|clauses?|articles?|rules?|§)\s*(\d+(?:[.-]\d+)*(?:\([a-z]\)|\b)|[IVXLC]+(?:\.[A-Z0-9]+)*\b)"
    r"|\bpolicy\s+(\d+(?:[.-]\d+)+)\b)"
    r"(?P<between>[^.;]{0,80}?)"
    r"\b(?:is|are|has been|have been|shall be|be)\s+(?:hereby\s+)?"
    r"(?:rescinded|repealed|revoked|deleted|withdrawn|cancell?ed)\b",
    re.I,
)
"""A statement that repeals a numbered provision of this document ("Section 7.3 (LVNR) is rescinded", "Policy
300.3.4 (Carotid Control Hold) is rescinded"; not "Policy 300 is rescinded", which may be this document's number)."""
_ELSEWHERE = re.compile(r"\b(?:of|in)\s+(?!this\b|these\b)(?:the\s+)?(?:\d{4}\s+)?[A-Z]")
"""… of another document ("Section 4.2 of General Order 12 is repealed", "Rule 6-12 of the 1994 Rules"): not a
provision of this one."""
_REPEAL_NOTE = r"\[\s*(?:rescinded|repealed|revoked|deleted|superseded|replaced)\b[^\]]*"
_REPEALED_MARK = re.compile(r"(?![^\]]*\b(?:reinstated|restored|revived)\b)" + _REPEAL_NOTE + r"\]", re.I)
"""The mark an old provision carries at its end ("[Rescinded -- see Memorandum 2021-07, Item 1.]"), unless the mark
says it is back in force ("[superseded SO 2020-4, para 3; reinstated RB 2022-1]")."""


def take_out_of_force(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """The clauses with the superseded ones made citations (kept for display, deciding nothing)."""
    return _new_text_on_its_own(
        _repeal_statements(_listed_repeals(_repealed_provisions(_superseded_quotes(_repeal_notes(clauses)))))
    )


_REPEALED_AT_END = re.compile(
    r"(?:,|[.]?[\"”])\s*(?:is|are|has been|have been|shall be|was|were)\s+(?:hereby\s+)?"
    r"(?:rescinded|repealed|revoked|deleted|withdrawn|cancell?ed)\b(?:[^,;:]{0,40}|[^;:]{0,40},\s*effective\b[^;:]{0,40})$",
    re.I,
)
"""The predicate of a sentence that repeals what its subject describes: "Section 7(c) of the 2017 order, which
listed the carotid restraint as an approved control technique, is repealed.", or what it quotes: '"… shall intervene
…" is RESCINDED in its entirety, effective immediately.'."""


_OPENING_REPEAL_NOTE = re.compile(r"^\s*" + _REPEAL_NOTE + r"\]", re.I)
"""An editor's note opening a line on what was taken out ('[DELETED BY DEPARTMENT: Appendix C, "Force
Continuum."] Appendix C -- RESERVED.')."""
_OLD_TEXT_LABEL = re.compile(
    r"^\W*(?:former|previous|prior|old|superseded|rescinded|repealed|revoked|expired|deleted)"
    r" (?:rules?|text|wording|language|version|provisions?)\b[^:\"“]{0,60}:\s*(?![\"“\s])",
    re.I,
)
"""A run-in label that opens old text in the clause itself, unquoted ("Prior Rule (through June 30, 2021): The
vascular neck restraint may be used …")."""


_EARLIER_VERSION_SAID = re.compile(
    r"\b(?:rev(?:ision)?\.?\s*\d+(?:\.\d+)*|v(?:ersion)?\.?\s*\d+(?:\.\d+)*"
    r"|(?:former|previous|prior|old|earlier|superseded|original)\s+(?:[\w-]+\s+){0,3}?(?:version|edition|revision|order"
    r"|policy|directive|rule|text|procedure|manual)s?(?:\s+\d[\w.-]*)?"
    r"|(?:19|20)\d\d\s+(?:version|edition|revision|order|policy|directive|procedure|manual))"
    r"\s+(?:had\s+)?(?:permitted|allowed|authori[sz]ed|required|prohibited|banned|listed|included|contained|provided"
    r"|limited|restricted|used|called|described|defined)\b",
    re.I,
)
"""A sentence that tells what an earlier version did ("Rev. 4 permitted officers to shoot at a moving vehicle …",
"(version 4.0 permitted this with the authority of a sergeant)", "The old General Order 3.01 used a five-step
'force continuum' chart"): history, not the rule in force."""


_NOT_ADOPTED = re.compile(
    r"\b(?:is|are|was|were|has\s+been|have\s+been)\s+not\s+adopted\b|\bnot\s+adopted\W*$"
    r"|\[[^\]]{0,40}\bnot\s+adopted\b[^\]]{0,20}\]",
    re.I,
)
"""A model's provision an adopting agency declined ("Option 1 ("Warning shots are prohibited") was NOT adopted",
"Appendix C (Force Options Continuum chart) ...... NOT ADOPTED", "300.4-A [Local option -- not adopted]"): not in force."""


def _declined(text: str) -> bool:
    """Does the clause say it was not adopted — not in a bracketed note after a rule of its own ("Warning shots may be
    fired … [Alternative A, "Warning shots are prohibited," was not adopted.]")?"""
    found = _NOT_ADOPTED.search(text)
    if found is None:
        return False
    bracket = text.rfind("[", 0, found.start() + 1)
    return bracket <= len(text) - len(text.lstrip("\"“ ")) or "]" in text[bracket : found.start()]


def _repeal_statements(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """A sentence that says its subject is repealed, that opens with a note of what was deleted or a label of old
    text, that tells what an earlier version did, or that says a model's provision was not adopted, narrates history:
    what it names is no rule in force."""
    return tuple(
        _as_citation(clause)
        if _REPEALED_AT_END.search(clause.text)
        or _OPENING_REPEAL_NOTE.match(clause.text)
        or _OLD_TEXT_LABEL.match(clause.text)
        or _EARLIER_VERSION_SAID.search(clause.text)
        or _declined(clause.text)
        else clause
        for clause in clauses
    )


_OPEN_REPEAL_NOTE = re.compile(_REPEAL_NOTE + "$", re.I)
_NOTE_REACH = 4
"""How many sentences after its opening an editor's bracketed note may run before its bracket closes."""


def _repeal_notes(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """ '§ 5-112. [Repealed by Amendment 2020-1. Former § 5-112, "Warning shots - authorized circumstances," is of no
    effect.]': an editor's note that a provision is repealed runs on over sentences until its bracket closes, and all
    of it is history, whatever the old title it quotes says."""
    out = list(clauses)
    for index, clause in enumerate(clauses):
        if not _OPEN_REPEAL_NOTE.search(clause.text):
            continue
        out[index] = _as_citation(clause)
        following = clauses[index + 1 : index + 1 + _NOTE_REACH]
        closing = next((at for at, later in enumerate(following) if "]" in later.text), None)
        if closing is not None:  # an unclosed bracket takes nothing after it
            for later in range(index + 1, index + 2 + closing):
                out[later] = _as_citation(clauses[later])
    return tuple(out)


_REPEALING_LEAD = re.compile(
    r"\b(?:is|are|be|been)\s+(?:hereby\s+)?(?:repealed|rescinded|revoked|withdrawn|cancell?ed)\b"
    r"(?:(?!\.\s|replac|substitut|read|amend)[^:])*:\s*$",
    re.I,
)
"""A lead-in whose list names what it repeals ("The following provisions of General Order 6-01 are repealed …:"),
not one whose list is the text that replaces it ("… is rescinded and replaced with the following:")."""


def _listed_repeals(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """The items of a list of repealed provisions ("(b) Subsection 5.3(f), which listed the carotid technique among
    approved techniques") describe what goes out of force: citations. So do the rows of a table under such a
    lead-in, which hangs from the table's first row."""
    out = []
    in_table = False
    for clause in clauses:
        row = clause.text.startswith("|")
        repealing = bool(_REPEALING_LEAD.search(clause.lead))
        in_table = row and (repealing or in_table)
        out.append(_as_citation(clause) if repealing or in_table else clause)
    return tuple(out)


def _as_citation(clause: Clause) -> Clause:
    return clause._replace(normative=False, role="citation")


def _superseded_quotes(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """An amendment quotes the text it replaces ("Section III.B currently reads: "…" Section III.B is amended to
    read as follows: "…""; "Former text: "…" New text: "…""; "[Historical note — former 5.3 read: "…"]"): the
    quoted old text is a citation, not a rule in force."""
    out = list(clauses)
    quoting = False
    for index, clause in enumerate(out):
        quoted = clause.text
        if not quoting:
            opening = _old_text_quoted(clause.text)
            quoted = clause.text[opening:] if opening >= 0 else quoted
            quoting = opening >= 0 or (
                index > 0
                and bool(_SUPERSEDED.search(out[index - 1].text))
                and ends_with_colon(out[index - 1].text)
                and clause.text.startswith(_OPENING_QUOTES)
            )
        if quoting:
            out[index] = _as_citation(clause)
            # the quote goes on until a clause closes it: '"… by the discharge." and substitute the following:'
            quoting = not _closes_quote(quoted)
    return tuple(out)


def _closes_quote(text: str) -> bool:
    """Does the quoted old text end in this clause (its last quote mark a closing one)?"""
    marks = [char for char in text if char in '"“”']
    if not marks:
        return False
    if marks[-1] == "”":
        return True
    return marks[-1] == '"' and (len(marks) % 2 == 0 or not text.lstrip().startswith('"'))


_NEW_TEXT_LEAD = re.compile(
    r"\b(?:substitute|substituting|insert|inserting|replace\s+(?:it\s+|them\s+)?with|amended\s+to\s+read|"
    r"read\s+as\s+follows|new\s+text)\b[^.]*:\s*$",
    re.I,
)
"""A lead-in that brings in new text ("… and substitute the following:"): the text is a rule of its own."""


def _new_text_on_its_own(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """The new text an amendment brings in takes no rule from its lead-in, which may quote the old text."""
    return tuple(clause._replace(lead="") if _NEW_TEXT_LEAD.search(clause.lead) else clause for clause in clauses)


def _old_text_quoted(text: str) -> int:
    """Where the old text opens ('[Historical note — former 5.3 read: "…"]'), if the clause quotes it in its first
    sentence (not a rule followed by a note in the same paragraph); -1 if it does not."""
    found = _SUPERSEDED_INLINE.search(text)
    if found is None or _NEW_TEXT.search(text, 0, found.end()):
        return -1  # "The following is substituted: "…"" brings the new text in
    # "[Ed. note: Order 7, para. 12, formerly provided: …": the stops of abbreviations end no sentence.
    first_sentence = all(
        is_abbreviation(text, end.start() + 1) for end in _SENTENCE_END.finditer(text, 0, found.start())
    )
    opens = found.end() < len(text) and not text[found.end()].isspace()  # not 'marked "Deleted:" or …', which closes
    return found.end() - 1 if first_sentence and opens else -1


def _repealed_provisions(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """A numbered provision that a later statement repeals, or that carries a repeal mark, is out of force up to
    the statement or the mark; a new provision under the same number after it is in force."""
    numbers: list[str] = []
    current = top = ""
    for clause in clauses:
        named = (_NAMED_DIVISION.match(clause.text) or _NUMBERED_DIVISION.match(clause.text)) if clause.heading else None
        opening = _NUMBER.match(clause.text)
        lettered = _LETTERED.match(clause.text)
        if named:
            current = top = named.group(1).upper()
        elif clause.heading:
            # a numbered heading opens a division whose lettered items are its own ("5.01.06 …" ⏎ "C. …" is
            # 5.01.06.C); one without a number ends the last division's
            current = top = opening.group(1) if opening else ""
        elif opening:
            current = opening.group(1)
        elif top and lettered:
            current = f"{top}.{lettered.group(1)}"  # "D. Carotid Restraint." under "SECTION V" is V.D
        numbers.append(current)
    out = list(clauses)
    for index, clause in enumerate(clauses):
        repealed = {
            match.group(1) or match.group(2)
            for match in _REPEAL.finditer(clause.text)
            if not _ELSEWHERE.search(match.group("between"))
        }
        if _REPEALED_MARK.search(clause.text) and numbers[index]:
            if _NUMBER.match(clause.text) or not list_marker(clause.text):  # not "d. [Rescinded …]", an item of 2.3.7
                repealed.add(numbers[index])
            out[index] = _as_citation(clause)
        if _REPEALED_MARK.search(clause.text) and clause.heading:
            # "300.3.4 CAROTID CONTROL HOLD [RESCINDED - see RB 21-01]", "APPENDIX C - … [RESCINDED - RN 2020-03]":
            # the text under the heading goes with it, up to the next heading or provision outside its number
            out[index] = _as_citation(clause)
            for later in range(index + 1, len(clauses)):
                inside = bool(numbers[index]) and _within(numbers[later], numbers[index])
                if (clauses[later].heading or (numbers[index] and numbers[later])) and not inside:
                    break
                out[later] = _as_citation(out[later])
        for number in repealed:
            base, _, letter = number.partition("(")
            for earlier in range(index):
                if letter:  # "Subsection 2.3.7(d) … is rescinded": the item "d." of 2.3.7 only (5.01.06.C for "C.")
                    item = numbers[earlier] == base and list_marker(clauses[earlier].text).strip("().") == letter[0]
                    if item or _within(numbers[earlier], f"{base}.{letter[0].upper()}"):
                        out[earlier] = _as_citation(out[earlier])
                elif _within(numbers[earlier], number):
                    out[earlier] = _as_citation(out[earlier])
    return tuple(out)


def _within(number: str, provision: str) -> bool:
    """Is a clause numbered `number` part of the provision numbered `provision` (7.3, 7.3.1 …)?"""
    return number == provision or number.startswith(f"{provision}.")
