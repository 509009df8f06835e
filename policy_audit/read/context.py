"""What the text around a clause adds to it: an exception in the next sentence, and the parts a rule covers named
in the clause after it or in the document's definitions (publication said of the document itself is publication.py).

- "… are prohibited. Exception: when deadly force is authorized." restricts the rule before it.
- "All uses of force shall be reported. This includes pointing a firearm at a person." — or a definition,
  "Chokehold means any hold … including a carotid restraint" — says what the rule covers.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from policy_audit.models import Clause, ExceptionAfter, Hit
from policy_audit.read.clause import Analysed, Mention
from policy_audit.read.cues import Cue
from policy_audit.read.lexicon import Token
from policy_audit.read.syntax import after_marker, clause_joint, outside_brackets
from policy_audit.read.topics import NOTHING, Found

if TYPE_CHECKING:
    from policy_audit.read.discourse import _Reading

_CLAUSE_STOPS = frozenset({";", ":", ".", "!", "?"})
_PARTS_REACH = 2
"""How many clauses after a rule may say what it covers ('This includes pointing a firearm')."""
_INCLUDING_HEADER = re.compile(r"\b(?:includ\w*|examples?)\b", re.I)
"""A table header that says what a rule covers ("| TYPE | INCLUDES | …", "| LEVEL | EXAMPLES | …")."""
_LISTED_REACH = 8
"""How many list items after those may carry on a lead-in that says what the rule covers."""
_EACH_OF_THEM = re.compile(r"^(?:each|all|these|every one)(?: of (?:these|them|the above))?\s+(?:shall|must|will|is|are)\b", re.I)
"""A rule whose subject is the items of the list just before it ("Each shall be recorded …")."""
_LISTED_ABOVE = re.compile(
    r"\b(?:listed|described|set out|enumerated|specified)\s+(?:in|at|under)\s+(?:(?:sub)?(?:paragraphs?|items?)\s+)?"
    r"\(?[a-z0-9]{1,4}\)?\s*(?:through|to|-|–)\s*\(?[a-z0-9]{1,4}\)?"
    r"|\b(?:each|any|all) of the (?:above|foregoing)\b|\b(?:listed|described|set out) above\b",
    re.IGNORECASE,
)
"""A rule that points back to the list before it ("Each incident listed in (a) through (i) shall be documented …")."""
_LIST_REACH = 16
"""How many clauses back such a rule's list may start."""
_TERM_REACH = 7
"""How many words a term that a sentence classes may have ('Level 1 uses of force include …')."""
_CLASSING = frozenset({"include", "mean", "comprise", "encompass", "cover"})
_CLASSED_AS = frozenset({"constitute", "be"})
"""Verbs that class what stands before them under the term after them ('pointing a firearm constitutes (is) a
reportable use of force'), and with 'as': 'counts as', 'qualifies as'."""
_COUNTED_AS = frozenset({"count", "qualify"})
_TERM_ENDS = frozenset({"for", "under", "within", "when", "whenever", "where", "if", "unless"})
"""Words after which a classed term has ended and its scope begins ('… a use of force for the purposes of …')."""
_ARTICLES = frozenset({"a", "an", "the", "any", "all", "every"})
_DENIALS = frozenset({"not", "no", "never", "exclude", "excluding", "neither", "nor", "except"})
_COVERING = frozenset({"include", "cover", "encompass", "extend", "mean"})
_SET_APART = frozenset({"distinct", "unlike", "differ", "different", "separate"})
_DEFINED = "defined:"
"""The glossary's key prefix for a run-in term that is no topic mention ('Level 1: …')."""
_DENIAL_OPENING = 6
_DENIAL_NEAR = 6
_DENIAL_BEFORE_TOPIC = 6
_EXCEPTION_OPENERS = frozenset({"exception", "except"})
_REPEALS = frozenset({"revoke", "rescind", "repeal", "abolish", "withdraw", "cancel"})
"""Verbs that take a provision out of force: a sentence after a rule that revokes an exception adds none."""
_NONE = frozenset({"none", "nil"})
_PROVISION_WORDS = frozenset(
    {"subsection", "section", "paragraph", "subparagraph", "clause", "this", "that", "the", "such"}
)
_DISAPPLY_REACH = 8
_POINTERS = (["this"], ["these"], ["that"], ["such"], ["it"])
class Context:
    """The clauses around a hit, for one standard reading one document."""

    def __init__(self, reading: _Reading) -> None:
        self.reading = reading
        self.clauses = reading.clauses
        self.definitions = [clause for clause in reading.clauses if clause.role == "definition"]
        self._index = {item.id: index for index, item in enumerate(reading.items)}
        self._terms: dict[int, dict[str, frozenset[str]]] | None = None

    def tokens(self, text: str) -> tuple[Token, ...]:
        return self.reading.text.analysed(text).tokens

    def around(self, position: int, hit: Hit) -> Hit:
        """The hit with what the clauses around it add: an exception after it, the parts named after or defined."""
        index = self._index[hit.item_id]
        following = self._exception_after(position)
        exception = None
        if following is not None:
            analysed = self.reading.analysed(following.text)
            narrow = "narrow" in self.reading.found(following.text).get(index, NOTHING).roles
            exception = ExceptionAfter(following, analysed.has(Cue.DEADLY_FORCE), narrow)
        after: frozenset[str] = frozenset()
        defined: frozenset[str] = frozenset()
        if self.reading.items[index].parts and not hit.weaker:
            after = self._parts_classed(position, index, -1) | self._parts_classed(position, index, 1)
            if not hit.parts:
                after |= self._parts_after(position, index) | self._parts_listed_before(position, index)
            defined = self._parts_defined(hit.clause, index)
        if exception is None and not after and not defined:
            return hit
        return replace(hit, exception=exception, parts_after=after, parts_defined=defined)

    # -- the clauses after a rule ---------------------------------------------------------------------------------

    def _following(self, position: int, reach: int) -> list[Clause]:
        """The next clauses in the same section, running headers skipped, up to `reach` places on."""
        clause = self.clauses[position]
        out = []
        for later in range(position + 1, min(len(self.clauses), position + 1 + reach)):
            candidate = self.clauses[later]
            if candidate.role == "furniture" or not any(character.isalpha() for character in candidate.text):
                continue  # a running header, or a footnote's marker alone ("(2) ...")
            if candidate.heading or candidate.section != clause.section:
                break
            out.append(candidate)
        return out

    def _exception_after(self, position: int) -> Clause | None:
        for candidate in self._following(position, 2)[:1]:
            tokens = self.tokens(candidate.text)
            words = [token.lemma for token in tokens[after_marker(tokens) :] if token.is_word]
            if _REPEALS.intersection(words) or _NONE.intersection(words[1:3]):
                continue  # "The previous exception permitting … is revoked", "Exceptions: none" add no exception
            if (words[:1] and words[0] in _EXCEPTION_OPENERS) or _names_an_exception(words[:3]) or _disapplies(words):
                return candidate
        return None

    def _parts_after(self, position: int, index: int) -> frozenset[str]:
        named: set[str] = set()
        near = self._following(position, _PARTS_REACH)
        # "… shall complete a Use of Force Report. Force includes, for this purpose: (a) … (b) pointing a firearm …":
        # the items of a lead-in that points back are said of the rule too.
        # ("The following are not reportable uses of force: …" lends none: its items are left out)
        leads = [
            candidate.text
            for candidate in near
            if candidate.text.rstrip().endswith(":") and not self._denies(candidate.text, NOTHING, _DENIALS)
        ]
        later = self._following(position, _PARTS_REACH + _LISTED_REACH)[len(near) :]
        listed = [
            candidate for candidate in later if candidate.lead and any(candidate.lead.endswith(lead) for lead in leads)
        ]
        # "… shall complete a Use of Force Report. | TYPE | INCLUDES | … | | I | Pointing a firearm … |": a table right
        # after the rule whose header says what it includes lends its rows' parts.
        including_table = any(
            candidate.text.startswith("|") and _INCLUDING_HEADER.search(candidate.text) for candidate in near
        )
        if including_table:
            listed += itertools.takewhile(lambda row: row.text.startswith("|"), later)
        for candidate in [*near, *listed]:
            found = self.reading.found(candidate.text).get(index) if self.reading.may_mention(candidate.text) else None
            analysed = self.reading.analysed(candidate.text) if found is not None else None
            if found is None or not found.parts or "other" in found.roles or analysed is None:
                continue  # a part named in another sense ("a valid first aid qualification") is not this rule's
            if _narrows_its_parts(analysed, found) or analysed.has(Cue.ADVISE) or analysed.has(Cue.FEASIBILITY):
                continue  # "… only when the person is injured" narrows, and "should" advises: neither extends
            pointing = (
                self._points_back(candidate.text)
                or (bool(candidate.lead) and self._points_back(candidate.lead))
                or (including_table and candidate.text.startswith("|"))
            )
            if (found.mentions or pointing) and not self._denies(candidate.text, found, _DENIALS):
                named.update(found.parts)
        return frozenset(named)

    def _parts_listed_before(self, position: int, index: int) -> frozenset[str]:
        """ "(i) An officer pointed a firearm at a person. ⏎ Each incident listed in (a) through (i) shall be
        documented …": the rule covers the parts its list names."""
        clause = self.clauses[position]
        if _EACH_OF_THEM.match(clause.text):
            return self._parts_of_run_in_list(position, index)
        if not _LISTED_ABOVE.search(clause.text):
            return frozenset()
        named: set[str] = set()
        for earlier in range(position - 1, max(-1, position - _LIST_REACH), -1):
            candidate = self.clauses[earlier]
            if candidate.heading or candidate.section != clause.section or not candidate.lead:
                break  # the list ends where its lead-in or the section does
            if not self.reading.may_mention(candidate.text):
                continue
            found = self.reading.found(candidate.text).get(index)
            usable = found is not None and found.parts and "other" not in found.roles
            if found is not None and usable and not self._denies(candidate.text, found, _DENIALS):
                named.update(found.parts)
        return frozenset(named)

    def _parts_of_run_in_list(self, position: int, index: int) -> frozenset[str]:
        """ "Reportable incidents: any force beyond escort holds; CEW display; pointing a firearm at any person. Each
        shall be recorded in a Force Report": the rule covers what the run-in list just before it names."""
        if position == 0:
            return frozenset()
        clause, before = self.clauses[position], self.clauses[position - 1]
        if before.heading or before.section != clause.section or not self.reading.may_mention(before.text):
            return frozenset()
        found = self.reading.found(before.text).get(index)
        tokens = self.tokens(before.text)
        if found is None or "other" in found.roles or not _defined_term(tokens, after_marker(tokens)):
            return frozenset()
        return frozenset() if self._denies(before.text, found, _DENIALS) else frozenset(found.parts)

    def _points_back(self, text: str) -> bool:
        """ "This includes …", "For purposes of …", "For this directive, force includes: …", "Force includes, for
        this purpose: …": said of the rule before."""
        tokens = self.tokens(text)
        words = [token.lemma for token in tokens[after_marker(tokens) :] if token.is_word]
        spans = {tuple(words[at : at + 3]) for at in range(len(words))}
        return (
            words[:1] in _POINTERS
            or words[:2] in (["for", "purpose"], ["for", "the"], ["for", "this"])
            or bool({("for", "this", "purpose"), ("for", "the", "purpose")} & spans)
            or "also" in words  # "The following threats of force are also reported on Form OC-112: …"
        )

    def _parts_classed(self, position: int, index: int, step: int) -> frozenset[str]:
        """ "Reportable force includes pointing a firearm at a person. All reportable force shall be reported …", or
        "… SHALL NOT use chokeholds. A chokehold includes … any hold that compresses the sides of the neck": the
        sentence before or after (`step`) classes a term the rule uses, so the rule covers the parts it names. Every
        word of the term must recur in the rule ("Level 1 uses of force include …" / "… all Level 1 uses of force")."""
        clause = self.clauses[position]
        at = position + step
        other = self.clauses[at] if 0 <= at < len(self.clauses) else None
        if (
            other is None
            or other.heading
            or other.section != clause.section
            or not self.reading.may_mention(other.text)
        ):
            return frozenset()
        found = self.reading.found(other.text).get(index)
        if found is None or not found.parts or "other" in found.roles or self._denies(other.text, found, _DENIALS):
            return frozenset()
        term, classed = _classed_term(self.tokens(other.text), found)
        return classed if term and _uses_term(term, self.tokens(clause.text)) else frozenset()

    def denies_topic(self, text: str, found: Found) -> bool:
        """Does a text deny its topic ("The following are not reportable uses of force:")? Then the parts named
        under it are left out of the rule, not covered by it."""
        return self._denies(text, replace(found, parts=defaultdict(list)), _DENIALS)

    def _denies(self, text: str, found: Found, denials: frozenset[str]) -> bool:
        """ "This does not include …", "Pointing a firearm is not reportable": a denial at the opening or beside a
        part; not one in a clause of its own further on ("takedowns that do not cause injury")."""
        tokens = self.tokens(text)
        opening = after_marker(tokens)
        # "includes, but is not limited to, …" widens, and "whether or not it is discharged" leaves open: their "not"
        # denies nothing.
        widening = {
            at
            for at in range(len(tokens) - 1)
            if tokens[at].lemma == "not"
            and (tokens[at + 1].lemma == "limit" or [token.lemma for token in tokens[max(0, at - 2) : at]] == ["whether", "or"])
        }
        words = [
            token.lemma for at, token in enumerate(tokens[opening:], opening) if token.is_word and at not in widening
        ]
        spans = [span for spans in found.parts.values() for span in spans]
        near_parts = any(
            tokens[at].lemma in denials and at not in widening
            for start, end in spans
            for at in range(max(opening, start - _DENIAL_NEAR), min(len(tokens), end + _DENIAL_NEAR))
        )
        # "… is not a reportable use of force": the topic itself denied.
        before_topic = any(
            tokens[at].lemma in denials and at not in widening
            for mention in found.mentions
            for at in range(max(opening, mention.start - _DENIAL_BEFORE_TOPIC), mention.start)
        )
        # "… use of force does not include un-holstering, displaying or pointing a firearm": a list it leaves out.
        left_out = any(
            tokens[at].lemma in denials
            and tokens[at + 1].lemma in _COVERING
            and not any(token.text in (";", ".") for token in tokens[at:start])
            for start, _ in spans
            for at in range(opening, start - 1)
        )
        # "… pointing a firearm is a display of force, not a use of force": the part classed out of force.
        classed_out = any(
            [token.lemma for token in tokens[at : at + 5]]
            in (["not", "a", "use", "of", "force"], ["not", "an", "use", "of", "force"])
            for start, _ in spans
            for at in range(start, len(tokens) - 4)
        )
        return (
            bool(denials.intersection(words[:_DENIAL_OPENING])) or near_parts or before_topic or left_out or classed_out
        )

    # -- definitions ----------------------------------------------------------------------------------------------

    def _parts_defined(self, clause: Clause, index: int) -> frozenset[str]:
        """The parts that the document's definitions give the terms this clause names."""
        found = self.reading.found(clause.text).get(index)
        glossary = self._glossary().get(index)
        if found is None or not found.mentions or not glossary:
            return frozenset()
        tokens = self.tokens(clause.text)
        named: set[str] = set()
        for mention in found.mentions:
            named |= glossary.get(_term(tokens, mention), frozenset())
        # "Level 1: Pointing a firearm …; a takedown …" classes a term a rule uses ("Every member who uses Level 1 …
        # force shall complete a Use of Force Report"): the rule covers the parts it names. A one-word term is used
        # by nearly every rule: it carries them only where the rule points to it ("… as defined in Section 11.1").
        words = {token.lemma for token in tokens}
        for term, parts in glossary.items():
            term_words = term.removeprefix(_DEFINED).split()
            if term.startswith(_DEFINED) and _uses_term(set(term_words), tokens) and (len(term_words) > 1 or "define" in words):
                named |= parts
        return frozenset(named)

    def _glossary(self) -> dict[int, dict[str, frozenset[str]]]:
        """Item → defined term → the parts its definition names ('Chokehold – any hold … including a carotid
        restraint'). The term must open the definition; a part denied or set apart there ('distinct from a
        chokehold') is not the term's."""
        if self._terms is None:
            self._terms = defaultdict(dict)
            # a run-in term in the body classes too ("Level 1: Pointing a firearm …; a takedown …")
            for clause in self.clauses:
                if clause.heading or clause.role == "definition" or not self.reading.may_mention(clause.text):
                    continue
                tokens = self.tokens(clause.text)
                opening = after_marker(tokens)
                for index, found in self.reading.found(clause.text).items():
                    if self.reading.items[index].parts and found.parts and not found.mentions:
                        self._define(index, tokens, opening, clause.text, found)
                        self._define_by_lead(index, clause.lead, clause.text, found)
            last_term: dict[int, str] = {}
            for clause in self.definitions:
                if not self.reading.may_mention(clause.text):
                    continue
                tokens = self.tokens(clause.text)
                opening = after_marker(tokens)
                for index, found in self.reading.found(clause.text).items():
                    if not (self.reading.items[index].parts and found.mentions and found.parts):
                        continue
                    # "Chokehold also means applying pressure to … the neck on either side of the windpipe, but not to
                    # the windpipe itself, to stop the flow of blood …": a denial beside one part keeps the others.
                    first = min(found.mentions, key=lambda mention: mention.start)
                    parts = frozenset(
                        name
                        for name, spans in found.parts.items()
                        for span in spans
                        if not self._denies(
                            clause.text, replace(found, parts={name: [span]}, mentions=[first]), _DENIALS | _SET_APART
                        )
                    )
                    if not parts:
                        continue
                    words_before = [token for token in tokens[opening : first.start] if token.is_word]
                    # "Neck and Carotid Restraint: …": a term coordinated with one word before it still opens it
                    coordinated = len(words_before) == 2 and words_before[1].lemma in ("and", "or")
                    if len(words_before) <= 1 or coordinated:
                        term = last_term[index] = _term(tokens, first)
                    elif index in last_term and _EXTENDS_TERM.search(clause.text):
                        term = last_term[index]  # "Chokehold - … airway. The term also includes a carotid restraint."
                    else:
                        continue
                    known = self._terms[index].get(term, frozenset())
                    self._terms[index][term] = known | parts
        return self._terms

    def _define(self, index: int, tokens: Sequence[Token], opening: int, text: str, found: Found) -> None:
        """Record a run-in term that names no topic but whose text names parts ('Level 1: Pointing a firearm …'),
        keyed apart from the topic terms. Terms of the definitions section are not taken: there they define words for
        the whole policy, and a rule's 'force' did not mean its definition's every part (it cost a Campaign Zero row)."""
        term = _defined_term(tokens, opening)
        if term and self._terms is not None and not self._denies(text, found, _DENIALS | _SET_APART):
            key = _DEFINED + term
            self._terms[index][key] = self._terms[index].get(key, frozenset()) | frozenset(found.parts)


    def _define_by_lead(self, index: int, lead: str, text: str, found: Found) -> None:
        """ "(A) Reportable force is: … 4. pointing a firearm or a CEW at a person": the items of a lead-in that
        classes a term name its parts, for a rule that uses the term ("An officer who uses reportable force shall
        complete a Use of Force Report")."""
        if not lead.rstrip().endswith(":") or self._terms is None or self._denies(text, found, _DENIALS | _SET_APART):
            return
        tokens = self.tokens(lead)
        opening = after_marker(tokens)
        verb = next(
            (at for at in range(opening, min(len(tokens), opening + _TERM_REACH)) if tokens[at].lemma in _LEAD_CLASSING),
            -1,
        )
        words = [token.lemma for token in tokens[opening:verb] if token.is_word and token.lemma not in _ARTICLES]
        if verb > opening and words and tokens[verb + 1 :] and all(not token.is_word for token in tokens[verb + 1 :]):
            key = _DEFINED + " ".join(words)
            self._terms[index][key] = self._terms[index].get(key, frozenset()) | frozenset(found.parts)


_EXTENDS_TERM = re.compile(r"\b(?:the|this|that|such) (?:term|word|definition|expression)\b.{0,20}?\b(?:includes?|cover|covers)\b", re.I)
"""A definition's next sentence that widens the term just defined ("For this SOP the term also includes …")."""
_LEAD_CLASSING = frozenset({"be", "include", "mean", "comprise"})
"""The verb of a lead-in that classes its items under a term ("Reportable force is:", "Reportable force includes:")."""
_LEVEL_WORDS = frozenset({"level", "tier", "category", "type"})
_ROMAN_LEVELS = frozenset({"I", "II", "III", "IV", "V", "VI"})


def _defined_term(tokens: Sequence[Token], opening: int) -> str:
    """The term a run-in definition opens with ('Force: …', 'Reportable force - …', a numbered level set apart only by
    space, 'LEVEL 1  Pointing a firearm …'), as its lemmas; '' if none."""
    return _run_in_term(tokens, opening)[0]


def _run_in_term(tokens: Sequence[Token], opening: int) -> tuple[str, int]:
    """(the run-in term, as its lemmas, and where what it classes starts); ('', -1) if the clause opens with none."""
    if (
        opening + 2 < len(tokens)
        and tokens[opening].lemma in _LEVEL_WORDS
        and (tokens[opening + 1].text.isdigit() or tokens[opening + 1].text.upper() in _ROMAN_LEVELS)
        and tokens[opening + 2].text[:1].isupper()
    ):
        return f"{tokens[opening].lemma} {tokens[opening + 1].text.lower()}", opening + 2
    for at in range(opening, _term_reach(tokens, opening)):
        if tokens[at].text in (":", "-", "–", "—") or tokens[at].lemma == "mean":
            words = [token.lemma for token in outside_brackets(tokens[opening:at]) if token.is_word]
            return (" ".join(words), at) if words and tokens[opening].text[:1].isupper() else ("", -1)
    return "", -1


def _disapplies(words: list[str]) -> bool:
    """ "Subsection (1) does not apply where …", "This prohibition shall not apply to …": a provision that switches
    the one before off in some cases."""
    opening = words[:_DISAPPLY_REACH]
    return (
        bool(opening)
        and opening[0] in _PROVISION_WORDS
        and any(opening[at : at + 2] == ["not", "apply"] for at in range(len(opening) - 1))
    )


def _names_an_exception(opening: list[str]) -> bool:
    """ "The exception is …", "The sole exception …", "One exception: …", "Only exception - …": a sentence that opens
    by naming one."""
    return bool(opening) and opening[0] in ("the", "a", "one", "only") and "exception" in opening[1:3]


def _narrows_its_parts(analysed: Analysed, found: Found) -> bool:
    """Does an exception, or an 'only' that ends the sentence, bear on the parts the sentence names? Not one in an
    earlier coordinated clause: "This
    includes every option other than escort holds, and it includes the pointing of a firearm at a person"."""
    tokens = analysed.tokens
    words = [token for token in tokens if token.is_word]
    if words and words[-1].lemma == "only":
        return True  # "Pointing a firearm is documented in the CAD notes only"
    spans = [span for found_spans in found.parts.values() for span in found_spans]
    starts = [start for start, _ in spans]

    def bears(hit_start: int, hit_end: int) -> bool:
        ends = [end for _, end in spans if end <= hit_start]
        if ends:  # after a part: only on it, not on a later item of the list (", and any discharge … other than …")
            return not any(token.text in (",", ";") for token in tokens[max(ends) : hit_start])
        return not any(clause_joint(tokens, at) for at in range(hit_end, min(starts, default=hit_end) - 1))

    return any(hit.cue is Cue.EXCEPTION and bears(hit.start, hit.end) for hit in analysed.cues)


def _uses_term(term: set[str], rule: Sequence[Token]) -> bool:
    """Does the rule use the term: every word of it ("… all Level 1 uses of force"), or, for one level of several,
    every level ("Every member who uses force, at any level, shall report it" uses "Level 1")?"""
    words = {token.lemma for token in rule}
    if term <= words:
        return True
    numbered = {word for word in term if not word.isdigit() and word not in _LEVEL_NUMBERS}
    return numbered <= {"level", "force"} and "level" in numbered and any(
        token.lemma == "level" and at > 0 and rule[at - 1].lemma in _EVERY for at, token in enumerate(rule)
    )


_LEVEL_NUMBERS = frozenset({"i", "ii", "iii", "iv", "v", "vi", "one", "two", "three", "four", "five", "six"})
_EVERY = frozenset({"any", "every", "each", "all"})


def _term(tokens: Sequence[Token], mention: Mention) -> str:
    """A topic mention as a term to look up: its words' lemmas, closed up ('choke hold' is 'chokehold')."""
    return "".join(token.lemma for token in tokens[mention.start : mention.end] if token.is_word)


def _classed_term(tokens: Sequence[Token], found: Found) -> tuple[set[str], frozenset[str]]:
    """The term a sentence classes and the parts it classes under it: "Reportable force includes pointing a
    firearm" (term first), or "Pointing a firearm constitutes a reportable use of force" (term last)."""
    opening = after_marker(tokens)
    if opening < len(tokens) and tokens[opening].lemma in ("for", "in"):
        # "For the purposes of this section, force includes …": the term starts after the preamble.
        comma = next((at for at in range(opening, min(len(tokens), opening + 12)) if tokens[at].text == ","), -1)
        opening = comma + 1 if comma > 0 else opening
    verb = next((at for at in range(opening, _term_reach(tokens, opening)) if tokens[at].lemma in _CLASSING), -1)
    if verb > 0:
        # "For the purposes of this section, 'use of force' includes …": the term starts after the preamble.
        opening = max([opening, *(at + 1 for at in range(opening, verb) if tokens[at].text == ",")])
        term = {token.lemma for token in outside_brackets(tokens[opening:verb]) if token.is_word} - _ARTICLES
        return term, frozenset(part for part, spans in found.parts.items() if any(start > verb for start, _ in spans))
    for at, token in enumerate(tokens):
        counted = token.lemma in _COUNTED_AS and at + 1 < len(tokens) and tokens[at + 1].lemma == "as"
        if token.lemma in _CLASSED_AS or counted:
            after = at + 2 if counted else at + 1
            words = []
            for following in tokens[after : after + _TERM_REACH]:
                if following.text in _CLAUSE_STOPS or following.lemma in _TERM_ENDS:
                    break  # "… constitutes the application of a coercive measure for the purposes of this Article"
                words.append(following)
            term = {word.lemma for word in words if word.is_word} - _ARTICLES
            return term, frozenset(part for part, spans in found.parts.items() if any(end <= at for _, end in spans))
    defined, mark = _run_in_term(tokens, opening)
    if defined:  # "REPORTABLE FORCE: physical force beyond handcuffing; …; pointing a firearm at a person"
        return set(defined.split()) - _ARTICLES, frozenset(
            part for part, spans in found.parts.items() if any(start >= mark for start, _ in spans)
        )
    return set(), frozenset()


def _term_reach(tokens: Sequence[Token], opening: int) -> int:
    """Where a term that opens at `opening` must have ended; a bracket after it ("Reportable force (see 7.02(J))
    includes …", "REPORTABLE FORCE (eff. 01/01/2024): …") does not count against its reach."""
    bracketed = len(tokens[opening:]) - len(outside_brackets(tokens[opening:]))
    return min(len(tokens), opening + _TERM_REACH + bracketed)
