"""Which publication and refusal phrases a clause says of the document itself.

"This manual is for official use only", "This policy is published on the force website": a publication or refusal
counts only when said of the document (its words, its number, its title, a pointer back to it), when it marks the
document (a running header, a banner line, a form field), never when said of radio logs or medical files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from policy_audit.read.clause import Mention
from policy_audit.read.cues import Cue
from policy_audit.read.identifiers import identifier_spans, numbers_named, other_documents
from policy_audit.read.lexicon import Token
from policy_audit.read.syntax import after_marker, parentheses, without_insertions
from policy_audit.read.topics import NOTHING, Found
from policy_audit.segment.kinds import RULING_WORD

if TYPE_CHECKING:
    from policy_audit.read.discourse import _Reading

_DOCUMENT_REACH = 20
"""How many words after a reference to the document itself ('this policy') a publication phrase may stand, in the
same clause: 'This policy is published on the Police Service's website and is available to the public'."""
_REFUSAL_REACH = 3
"""The same for a refusal phrase, which must be said of the document, not of what it goes on to speak about."""
_NEAR_REACH = 8
_CLAUSE_OPENERS = frozenset(
    "not no never from that which who whom whose unless if when where whether while because although".split()
)
_OBJECT_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "this",
        "these",
        "any",
        "all",
        "copy",
        "copies",
        "complete",
        "full",
        "entire",
        "printed",
        "electronic",
        "part",
        "parts",
        "portion",
        "of",
        "for",
        "access",
        "to",
        "department",
        "departmental",
        "agency",
        "police",
        "office",
    }
)
"""The words that may stand between a verb and the document as its object ('may obtain a copy of this policy', 'may
request copies of Department General Orders'), not '… restricted as set forth in this policy'."""
_SAID_OF_ITSELF = frozenset({"publish", "post", "available", "distribute"})
"""A subjectless line in the document's header ("Published on the … website …") says it of the document."""
_HEADER_CLAUSES = 15
"""How many clauses from the start hold the title and header fields that give the document its number."""
_TITLE_WORDS = 3
_TITLE_NOUNS = frozenset({"manual", "policy", "order", "directive", "procedure", "procedures", "instruction", "handbook"})
"""The last word of a title a document goes by ("… Police Department Manual", "… Use of Force Policy")."""
_CHAPTER = re.compile(r"chapter\s+\d", re.I)
_NUMBERED_PROVISION = re.compile(r"\(?(?:\d+(?:\.\d+)*|[A-Za-z])[.)]\s|(?:section|article|part|chapter)\s+\d", re.I)
"""The opening of the first provision ("1. Officers shall …", "Section 1."): the header ends before it."""
_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)*\.?")
_BARE_ANSWER = re.compile(r"^\s*(?:A\s*[:.]\s*)?(?:yes|no)\b\W*$", re.I)
"""An answer that is only 'Yes.' or 'A: No.': the clause after it goes on answering the question before it."""
_MARKING_LABELS = frozenset(
    {"marking", "classification", "handling", "caveat", "security", "dissemination", "distribution"}
)
"""Form labels whose value marks the document itself ('Security classification: RESTRICTED')."""
_VALUE_REACH = 12
"""How far a form label's colon may be before the value that is one of its several ('Distribution: …; …')."""
_DASHES = ("-", "–", "—", "/", "|")
_CITING = frozenset({"reference", "cite", "mention", "describe", "list", "name", "identify"})
"""Verbs by which another noun's phrase names the document ("… referenced in this Order")."""
_FIELD_START = 2
"""A form field opens its line: at most this many words ('Protective') before the phrase that is the field."""
_COPY_WORDS = frozenset({"copy", "copies"})
"""'A copy' in the clause after one that opens with the document is a copy of the document."""
_SUBJECT_REACH = 4
"""How far into a clause, after its number and run-in title ('29. Confidentiality. –'), its subject may start."""
_CLAUSE_STOPS = frozenset({";", ":", ".", "!", "?"})


class Publication:
    """Publication said of the document, for one standard reading one document."""

    def __init__(self, reading: _Reading) -> None:
        self.reading = reading
        self.clauses = reading.clauses
        self._numbers: frozenset[str] | None = None
        self._titles: list[tuple[str, ...]] | None = None

    def tokens(self, text: str) -> tuple[Token, ...]:
        return self.reading.text.analysed(text).tokens

    def about_document(self, position: int, index: int, found: Found) -> list[Mention]:
        """Publication and refusal phrases that concern this document ('This manual is for official use only').

        A refusal phrase counts as a mention too. It must sit in a running header or footer, mark the document
        (a label 'LAW ENFORCEMENT SENSITIVE: …', or a line of its own 'RESTRICTED – NOT FOR PUBLIC RELEASE'), or
        be said of a reference to the document: 'shall not be disclosed' about radio logs or medical files says
        nothing about the policy. "It" opening a clause, or "a copy", refers to the document when the clause before
        opens with it ("This policy has been assessed. It is published on the force website.").
        """
        clause = self.clauses[position]
        analysed = self.reading.analysed(self.reading.texts[position])  # the text `found` was read from
        refusals = [Mention.at(hit.start, hit.end) for hit in analysed.cues if hit.cue is Cue.REFUSE_DISCLOSURE]
        following = self.clauses[position + 1].text if refusals and position + 1 < len(self.clauses) else ""
        if _DISCLAIMER.search(following):
            # "This directive is for internal use only. It does not enlarge an officer's civil or criminal liability":
            # the liability disclaimer in two sentences (LABELING.md: it counts neither way)
            return []
        if clause.role == "furniture":
            return [*found.mentions, *refusals]
        tokens = analysed.tokens
        covered = {at for mention in (*refusals, *found.mentions) for at in range(mention.start, mention.end)}
        banner = clause.heading or clause.text.isupper()  # a heading or a line in capitals ("INTERNAL – …")
        alone = all(at in covered for at, token in enumerate(tokens) if token.is_word)  # "Not for public release."
        marking = [mention for mention in refusals if alone or _marks_document(tokens, mention, banner)]
        # "Not for distribution or release outside the Department.": a line that opens with the refusal, no subject
        # before it, is the document's stamp.
        marking += [
            mention
            for mention in found.mentions
            if mention.start == 0 and mention.end > 1 and tokens[0].lemma == "not" and not clause.lead
        ]
        # A refusal must be said of the document itself ("This General Order is restricted"), not of what the
        # document goes on to speak about ("… this Policy, the officer will be restricted from carrying …").
        marking += [
            mention
            for mention in found.mentions
            if _form_field(tokens, mention) or (banner and _between_dashes(tokens, mention))
        ]
        marking = [mention for mention in marking if not _paired_with_ruling(tokens, mention)]

        # "RESTRICTED" counts only where it marks: "this policy … the officer will be restricted from carrying", "this
        # Order was classified as restricted" are not said of the policy (the word has too many other senses).
        def bare_restricted(mention: Mention) -> bool:
            return mention.end - mention.start == 1 and tokens[mention.start].lemma == "restrict"

        candidates = [
            (mention, _DOCUMENT_REACH)
            for mention in found.mentions
            if mention not in marking and not bare_restricted(mention)
        ]
        candidates += [
            (mention, _REFUSAL_REACH) for mention in refusals if mention not in marking and not bare_restricted(mention)
        ]
        # "Portions of the Security Program referenced in this Order are Sensitive Security Information": a reference
        # to the document inside another noun's phrase does not make it what the clause speaks of.
        references = [
            (start, end)
            for start, end in self._references(position, index, tokens, found)
            if not (start >= 2 and tokens[start - 1].lemma in ("in", "by") and tokens[start - 2].lemma in _CITING)
            and not (start >= 1 and tokens[start - 1].lemma in ("under", "per"))  # "Under the Regulation, a …" cites it
        ]
        said = [
            mention
            for mention, reach in candidates
            if any(
                _said_of(tokens, start, end, mention, reach)
                or (start <= mention.start and mention.end <= end)
                or (mention.start <= start and end <= mention.end)
                for start, end in references
            )
        ]
        return [*said, *marking]

    def _references(self, position: int, index: int, tokens: Sequence[Token], found: Found) -> list[tuple[int, int]]:
        """Where a clause names the document: its words ('this policy'), its number ('GO 6'), or a word pointing
        back to it ('It is published …'); not a document of another number ('General Order 12 is posted')."""
        numbers = self._document_numbers()
        elsewhere = other_documents(tokens, numbers)
        return [
            *(span for span in found.context if not _overlaps(span, elsewhere)),
            *(span for span in identifier_spans(tokens, numbers) if not _a_copy_of_a_form(tokens, span[0])),
            *self._title_spans(tokens),
            *self._pointers_to_document(position, index, tokens, found),
        ]

    def _pointers_to_document(
        self, position: int, index: int, tokens: Sequence[Token], found: Found
    ) -> list[tuple[int, int]]:
        """'It' opening the clause, and 'a copy', when the clause before opens with the document; any 'it' or 'a copy'
        when this clause opens with it ("The full text of this procedure is not posted; the public may obtain it on
        request")."""
        opening = after_marker(tokens)
        if position < _HEADER_CLAUSES and tokens[opening : opening + 1] and tokens[opening].lemma in _SAID_OF_ITSELF:
            return [(opening, opening + 1)]  # "Published on the City of Kestwick website …" in the header block
        if any(opening <= start <= opening + _SUBJECT_REACH for start, _ in found.context):
            return [
                (at, at + 1)
                for at, token in enumerate(tokens)
                if (token.lemma == "it" or token.lemma in _COPY_WORDS) and at > opening
            ]
        pointers = [at for at, token in enumerate(tokens) if token.lemma in _COPY_WORDS]
        if tokens[opening : opening + 1] and tokens[opening].lemma in ("it", "its"):
            pointers.append(opening)  # "It is published …", "Its contents shall not be disclosed …"
        if not pointers or not self._opens_with_document(position, index):
            return []
        return [(at, at + 1) for at in pointers]

    def _opens_with_document(self, position: int, index: int) -> bool:
        """Does the clause before this one, in the same section, open with a reference to the document, or ask about
        it ("Q: Can the public read this policy? A: Yes. It is posted …": a bare answer is passed over)?"""
        at = position - 1
        if at > 0 and _BARE_ANSWER.match(self.clauses[at].text):
            at -= 1
        if at < 0:
            return False
        before = self.clauses[at]
        if before.heading or before.section != self.clauses[position].section:
            return False
        tokens = self.tokens(before.text)
        opening = after_marker(tokens)
        spans = [
            *self.reading.found(before.text).get(index, NOTHING).context,
            *identifier_spans(tokens, self._document_numbers()),
        ]
        asks = before.text.rstrip().endswith("?")
        return any(asks or opening <= start <= opening + _SUBJECT_REACH for start, _ in spans)

    def _title_spans(self, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        """Where a clause names the document by its own title ("The Alder Sound Police Department Manual is published
        in full …" under the heading "ALDER SOUND POLICE DEPARTMENT MANUAL")."""
        if self._titles is None:
            self._titles = []
            for clause in self.clauses[:_HEADER_CLAUSES]:
                words = tuple(clause.text.lower().split())
                if clause.heading and len(words) >= _TITLE_WORDS and words[-1] in _TITLE_NOUNS:
                    self._titles.append(words)
        texts = [token.text.lower() for token in tokens]
        return [
            (at, at + len(title))
            for title in self._titles
            for at in range(len(texts) - len(title) + 1)
            if tuple(texts[at : at + len(title)]) == title
        ]

    def _document_numbers(self) -> frozenset[str]:
        """The numbers the document goes by, from its title and header: the clauses before its first numbered
        provision ("1. Officers shall …"), at most the first few."""
        if self._numbers is None:
            headers = []
            for clause in self.clauses[:_HEADER_CLAUSES]:
                if _NUMBERED_PROVISION.match(clause.text):
                    if clause.heading and _CHAPTER.match(clause.text):
                        headers.append(clause)  # "CHAPTER 12 - USE OF FORCE": a manual's chapter titled by its number
                    break
                headers.append(clause)
            self._numbers = numbers_named(self.tokens(clause.text) for clause in headers)
        return self._numbers


_DISCLAIMER = re.compile(r"\bliabilit|\bstandard of care\b|\bcivil or criminal\b|\bcriminal or civil\b", re.IGNORECASE)
"""The words of the liability disclaimer that a sentence after "for internal use only" may complete."""
_FILLED_IN = frozenset({"a", "an", "each", "every", "any", "completed", "blank", "submitted"})


def _a_copy_of_a_form(tokens: Sequence[Token], start: int) -> bool:
    """ "a completed Form 1 … shall not be disclosed": a number the document goes by, said of one filled-in copy of
    the form it prescribes, names that copy, not the document."""
    return any(token.lemma in _FILLED_IN for token in tokens[max(0, start - 2) : start])


def _marks_document(tokens: Sequence[Token], mention: Mention, heading: bool) -> bool:
    """A refusal that marks the document: a label opening the clause ('LAW ENFORCEMENT SENSITIVE: …'), a heading
    line of its own ('RESTRICTED – NOT FOR PUBLIC RELEASE') or one of a heading's dash-separated parts
    ('CONFIDENTIAL – SECURITY PROCEDURE', 'INTERNAL – FOR DEPARTMENT PERSONNEL ONLY – …'), or a form field. A
    numbered heading ('3.6.4 RECORDS EXEMPT FROM DISCLOSURE') titles a section about other records."""
    marker = tokens[: after_marker(tokens)]
    numbered = bool(marker) and not all(token.text in ("*", "•") for token in marker)  # not a banner's "***"
    heading = heading and not (numbered or (tokens and _SECTION_NUMBER.fullmatch(tokens[0].text)))
    return (
        (mention.start <= 1 and any(token.text == ":" for token in tokens[mention.end : mention.end + 2]))
        or (heading and not any(token.is_word for token in tokens[mention.end :]) and _whole_or_opening(mention))
        or (heading and _between_dashes(tokens, mention) and _whole_or_opening(mention))
        # "INTERNAL - NOT FOR DISTRIBUTION OUTSIDE DPS": a phrase of several words opening a heading's part
        or (
            heading
            and mention.end - mention.start > 1
            and (mention.start == 0 or tokens[mention.start - 1].text in _DASHES)
        )
        or _form_field(tokens, mention)
    )


def _whole_or_opening(mention: Mention) -> bool:
    """One word marks only at the start of the line ("RESTRICTED – …"), not at its end ("MEAL PERIODS, BREAKS,
    RESTRICTED" is a heading about restricted duty)."""
    return mention.end - mention.start > 1 or mention.start == 0


def _paired_with_ruling(tokens: Sequence[Token], mention: Mention) -> bool:
    """ "BLK 3 -- PROHIBITED / RESTRICTED": one word set beside a word that rules on practices names a class of
    techniques, not the document's marking."""
    if mention.end - mention.start > 1:
        return False
    beside = [(mention.start - 1, mention.start - 2), (mention.end, mention.end + 1)]
    return any(
        0 <= word < len(tokens) and tokens[dash].text in _DASHES and RULING_WORD.fullmatch(tokens[word].text) is not None
        for dash, word in beside
    )


def _between_dashes(tokens: Sequence[Token], mention: Mention) -> bool:
    opens = mention.start == 0 or tokens[mention.start - 1].text in _DASHES
    closes = mention.end == len(tokens) or tokens[mention.end].text in _DASHES
    return opens and closes


def _form_field(tokens: Sequence[Token], mention: Mention) -> bool:
    """A phrase that is a form field of the document: the value of a marking label ('Protective marking:
    OFFICIAL-SENSITIVE') or a field answered ('Releasable to public: No', 'Suitable for publication: Yes')."""
    if tokens[mention.end - 1].lemma in ("yes", "no") and mention.end >= 2 and tokens[mention.end - 2].text == ":":
        return True
    if mention.start <= _FIELD_START and any(token.text == ":" for token in tokens[mention.start : mention.end]):
        return True  # the phrase is the field, label and value: "Protective Marking: RESTRICTED"
    # the label's value, or one of its values ("Distribution: All sworn personnel; posted publicly")
    colon = next(
        (at for at in range(mention.start - 1, max(-1, mention.start - _VALUE_REACH), -1) if tokens[at].text == ":"), -1
    )
    if colon < 0 or (colon < mention.start - 1 and tokens[mention.start - 1].text not in (";", ",")):
        return False
    return any(token.lemma in _MARKING_LABELS for token in tokens[max(0, colon - 3) : colon])


def _overlaps(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def _said_of(tokens: Sequence[Token], start: int, end: int, mention: Mention, reach: int) -> bool:
    """Whether the reference to the document at [start, end) is what the phrase at `mention` is said of: its subject
    shortly before it, or its object just after it, in the same clause."""
    if end <= mention.start:
        # "The Board policy BP-22, which directs the Chief to maintain this procedure, is available on the Board's
        # website": a reference inside a relative clause is not the subject the phrase is said of.
        opened = next((at for at in range(start - 1, -1, -1) if tokens[at].text in (",", ";", "(")), -1)
        if any(token.lemma in ("which", "who", "whose") for token in tokens[opened + 1 : start]):
            return False
        bracketed = {at for first, last in parentheses(tokens) for at in range(first, last + 1)}
        # "this Order, as revised from time to time, shall be posted": an insertion between commas is set aside.
        between = without_insertions(
            [token for at, token in enumerate(tokens[end : mention.start], end) if at not in bracketed]
        )
        if len(between) > reach or any(token.text in _CLAUSE_STOPS for token in between):
            return False
        # Further than a few words, nothing may start another clause or predicate between them: "This policy does
        # not prevent the Department from making information available to the public" is not about the policy.
        return len(between) <= _NEAR_REACH or not any(token.lemma in _CLAUSE_OPENERS for token in between)
    if mention.end <= start:  # "shall publish on its website, in a prominent place, the full text of every order"
        return all(token.text.lower() in _OBJECT_WORDS for token in without_insertions(tokens[mention.end : start]))
    return False
