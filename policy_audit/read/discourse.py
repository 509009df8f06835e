"""Read a whole document: its clauses × a standard's items → Hits, each with the frames of its mentions.

Every text is read once through the pipeline (pipeline.py), shared by every standard; only clauses that may name
a topic are read at all. Discourse links a rule to its topic when the rule does not name it: a heading is the
subject of the first clauses under it ("WARNING SHOTS / These are prohibited."), and "this technique" or "such
restraints" point back to the sentence before. What the clauses around a rule add to it (an "Exception: …"
sentence after it, the parts it covers named after it or in the document's definitions) is found in context.py.
The reader says what each clause does; decide.py says what that means for the item.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from policy_audit.models import Clause, Frame, Hit, Item, Kind, Reading, Standard
from policy_audit.read.abbreviations import COMMON, defined, expander
from policy_audit.read.anaphora import acts_of_its_own, anaphor_span, subjectless
from policy_audit.read.clause import Analysed, Mention
from policy_audit.read.context import Context
from policy_audit.read.cues import READING_CUES, CompiledCues, Cue
from policy_audit.read.frames import headline_only, read_frame, records_itself
from policy_audit.read.lexicon import Token
from policy_audit.read.pipeline import CueComponent, TopicComponent, component, pipeline, ref
from policy_audit.read.publication import Publication
from policy_audit.read.syntax import after_marker
from policy_audit.read.topics import NOTHING, Found, TopicMatcher
from policy_audit.segment.kinds import ANSWER, answered_no, has_rule_words, list_marker

_HEADING_REACH = 3
"""How many clauses under a heading may take the heading as their subject."""
_ANAPHOR_REACH = 3
"""How many clauses back a noun-phrase anaphor ("the hold") may find its topic."""
_SITUATIONS = frozenset({"circumstance", "situation", "case"})
"""Heads of anaphors that point to a situation ("in such circumstances"), not to a thing named by the same noun."""
_ALL_OF = re.compile(r"\b(?:all|each|every one) of the following\b|\ball the following\b", re.I)
_PLURAL = frozenset({"either", "both", "neither", "these", "those", "they", "them"})


_DEFINES = re.compile(
    r"^\W*(?:\d{1,3}(?:\.\d{1,3})*\.?\s+)?(?:for (?:the )?purposes? of [^,]{1,40},\s*)?[\"“']?(?P<term>[A-Za-z][A-Za-z -]{1,30}?)[\"”']?"
    r"(?:\s+(?:means|shall mean|refers to|is defined as)\b|\s*:\s|\s+[-–—]\s)",
    re.I,
)
"""A definition's term ('"Necessary" means …', 'For purposes of this section, "necessary" means …', '3.3 Necessary -
No reasonably effective alternative … exists'), wherever the segmenter put it."""

_LETTERED = re.compile(r"^\W*[A-Za-z]{1,2}[.)]\s+")
_EXAMPLE_WORDS = frozenset({"include", "including", "such", "e.g", "example", "examples"})
_CONTENT_WORD = 5
"""The shortest lemma that counts as a content word when a topic is named again ("proficiency", not "the")."""
_SHARED_WORDS = 2
"""Content words a mention must share with the sentence before to be the same thing named again ("demonstrate
proficiency"), not one generic noun ("the annual use-of-force course" / "the radio procedures course")."""
_DEFINITE_REACH = 2
"""How many words after "the" a definite mention's head may stand ("the annual assessment")."""
_CITES_DEFINITION = re.compile(r"\b(?:defined|described)\s+(?:in|at|under)\s+(?:section\s+|paragraph\s+|§\s*)?\(?[\dA-Z]", re.I)
"""A rule that points to where its term is defined ("… described in 7.02(H)", "as defined in Section 4")."""

_POINTING = re.compile(r"\b(?:such|that|this|these|those|it|the force)\b", re.IGNORECASE)
"""Words by which a clause points back to the one before."""


class DocumentText:
    """One document's texts as docs, each read once through the pipeline and shared by every standard.

    Cues are found only in the texts whose frames are read (the `policy_cues` component, run on demand): most
    texts a manual sends through the pipeline name no topic after all."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.cues = component(nlp, "policy_cues", CueComponent)
        self.docs: dict[str, Doc] = {}
        self._analysed: dict[str, Analysed] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        missing = [text for text in dict.fromkeys(texts) if text not in self.docs]
        with self.nlp.select_pipes(disable=["policy_cues"]):
            self.docs.update(zip(missing, self.nlp.pipe(missing), strict=True))

    def doc(self, text: str) -> Doc:
        if text not in self.docs:
            self.docs[text] = self.nlp(text, disable=["policy_cues"])
        return self.docs[text]

    def analysed(self, text: str) -> Analysed:
        """The text's words and the cues found in it."""
        found = self._analysed.get(text)
        if found is None:
            extensions = self.cues(self.doc(text))._
            found = self._analysed[text] = Analysed(extensions.words, extensions.cues)
        return found


def read_document(
    clauses: Sequence[Clause], standards: Sequence[Standard], guidance: bool = False
) -> tuple[tuple[Hit, ...], ...]:
    """Each standard's hits in a document's clauses.

    `guidance` reads a recommendation document (a standard's own source) in its own voice: there, "should" is what
    it asks for, so advice reads as the rule it recommends. Policies are never read this way.
    """
    nlp = pipeline(tuple(ref(standard) for standard in standards))
    text = DocumentText(nlp)
    cues = component(nlp, "policy_cues", CueComponent).compiled
    matchers = component(nlp, "policy_topics", TopicComponent).matchers
    spelled_out = expander(COMMON | defined(clause.text for clause in clauses))
    texts = [_ANSWER_ARROW.sub(": ", spelled_out(clause.text)) for clause in clauses]
    return tuple(
        _Reading(matcher, position, cues, clauses, texts, text, guidance).hits()
        for position, matcher in enumerate(matchers)
    )


_ANSWER_ARROW = re.compile(r"\?\s*(?:->|→|=>|⇒)\s*")
"""A card's question answered after an arrow ("Leg restraints connected to handcuffs? -> Not permitted, except: …"),
read as the headline rule it is ("…: Not permitted, except: …")."""
_DUTIES_OF = frozenset({"responsibility", "responsibilities", "duty", "duties", "role", "roles", "of", "and", "the"})
"""The words beside a rank in a heading that says its items are that rank's duties ("Duties of the Sergeant")."""


_BODIES = frozenset({"unit", "division", "section", "bureau", "branch", "office", "academy", "staff"})
"""Nouns that end a heading naming a unit of the force ("Training Unit", "Professional Standards Bureau")."""


class _Reading:
    """One standard reading one document: the discourse walk over its clauses."""

    def __init__(
        self,
        matcher: TopicMatcher,
        position: int,
        cues: CompiledCues,
        clauses: Sequence[Clause],
        texts: Sequence[str],
        text: DocumentText,
        guidance: bool,
    ) -> None:
        self.matcher = matcher
        self.position = position
        self.cues = cues
        self.items = matcher.standard.items
        self.clauses = clauses
        self.text = text
        self.guidance = guidance
        self._may: dict[str, bool] = {}
        self._deadly_listed: dict[str, bool] = {}
        """By lead-in of conditions that must all hold: whether one of its items is deadly force."""
        self.texts = texts
        """Each clause's text as read: a defined abbreviation it uses spelled out ('the CCT' → 'the Carotid Control
        Technique'); the clause itself is what is quoted."""
        self._defined_terms: dict[int, list[tuple[str, ...]]] | None = None

        self.context = Context(self)
        self.publication = Publication(self)

    # -- the texts, as the pipeline read them ---------------------------------------------------------------------

    def analysed(self, text: str) -> Analysed:
        return self.text.analysed(text)

    def found(self, text: str) -> dict[int, Found]:
        found: dict[int, Found] = self.text.doc(text)._.topics[self.position]
        return found

    def may_mention(self, text: str) -> bool:
        answer = self._may.get(text)
        if answer is None:
            answer = self._may[text] = self.matcher.may_mention(text)
        return answer

    def _interesting(self, position: int, clause: Clause) -> bool:
        """Might this clause (or its lead-in) name one of the standard's topics? Most clauses of a manual do not."""
        return self.may_mention(self.texts[position]) or (bool(clause.lead) and self.may_mention(clause.lead))

    # -- the walk ---------------------------------------------------------------------------------------------------

    def hits(self) -> tuple[Hit, ...]:
        interesting = [self._interesting(position, clause) for position, clause in enumerate(self.clauses)]
        self.text.prepare(
            text
            for clause, own, wanted in zip(self.clauses, self.texts, interesting, strict=True)
            if wanted
            for text in (own, clause.lead)
            if text  # the section and running header are read only for clauses that name a topic
        )
        out: list[tuple[int, Hit]] = []
        named: dict[int, dict[int, frozenset[str]]] = {}
        """item index → clause index → parts, of the clauses that named the item since the heading ('this technique',
        'either hold')."""
        heading_items: dict[int, frozenset[str]] = {}
        since_heading = 0
        for position, clause in enumerate(self.clauses):
            found = self._found_at(position, interesting[position])
            if clause.heading:
                # Discourse stops at a heading: nothing before it is referred to after it.
                heading_items = {index: frozenset(entry.parts) for index, entry in found.items() if entry.mentions}
                named.clear()
                since_heading = 0
            else:
                since_heading += 1
            direct: set[int] = set()
            for index, item_found in found.items():
                hit = self._direct(position, self.items[index], index, item_found)
                if hit is not None:
                    out.append((position, hit))
                    direct.add(index)
                if hit is not None and item_found.mentions:
                    named.setdefault(index, {})[position] = frozenset(item_found.parts)
            if clause.lead and clause.role == "rule":
                for index, hit in self._through_lead(clause, found):
                    out.append((position, hit))
                    direct.add(index)
            if clause.heading or clause.role != "rule":
                continue
            for index, hit in self._by_defined_term(position, clause, found, direct):
                out.append((position, hit))
                direct.add(index)
            mentioned = {index for index, entry in found.items() if entry.mentions}
            own_subject = bool(mentioned) and not self._names_its_referent(clause)
            if own_subject and mentioned & direct:
                continue  # a clause that names a topic of its own has its subject, unless it points back expressly
            last_topic = {index: max(where.items()) for index, where in named.items()}
            for index in self._referred(position, clause, direct, last_topic, heading_items, since_heading):
                if own_subject and not (index in mentioned and self._names_in_predicate(position, found[index])):
                    continue  # "REPORTABLE FORCE: …; pointing a firearm … Each shall be documented": only a topic its
                    # predicate names without context ('documented') takes the context of what its subject points to
                parts = last_topic.get(index, (0, heading_items.get(index, frozenset())))[1]
                if self._plural_anaphor(clause):  # "either technique", "both holds": every recent clause's parts
                    recent = self._recent_rules(position)
                    parts = parts.union(
                        *(named_parts for at, named_parts in named.get(index, {}).items() if at in recent)
                    )
                hit = self._by_reference(position, clause, self.items[index], index, parts)
                if hit is not None:
                    out.append((position, hit))
        disowned = self._disowned(interesting)
        if disowned:
            out = [(position, hit) for position, hit in out if _head(hit.topic) not in disowned.get(hit.item_id, ())]
        return tuple(self.context.around(position, hit) for position, hit in out)

    def _disowned(self, interesting: Sequence[bool]) -> dict[str, set[str]]:
        """ "The Model is not a continuum", "The SUFM … is not a continuum": a thing the document names in other words
        and then says is not the item's thing sets nothing out anywhere in it. By item, the head nouns so denied."""
        out: dict[str, set[str]] = defaultdict(set)
        lowered = [text.lower() if wanted else "" for text, wanted in zip(self.texts, interesting, strict=True)]
        for item in self.items:
            if item.kind is not Kind.DESCRIBES:
                continue
            names = {phrase for phrase in item.topic.phrases if phrase.isalpha()}  # its one-word names: "continuum"
            for position, text in enumerate(self.texts):
                if not interesting[position] or not any(name in lowered[position] for name in names):
                    continue
                analysed = self.analysed(text)
                for hit in analysed.cues:
                    if hit.cue is not Cue.REFUSE_DUTY or analysed.tokens[hit.end - 1].lemma not in names or hit.start < 1:
                        continue
                    head = _subject_head(analysed.tokens, hit.start)
                    if head and head not in names:
                        out[item.id].add(head)
        return out

    def _found_at(self, position: int, interesting: bool) -> dict[int, Found]:
        """What the clause names, by item; an answer also takes its question's topics ("Can I …? A. No.")."""
        if not interesting:
            return {}
        found = self.found(self.texts[position])
        lead = self.clauses[position].lead
        if lead.rstrip().endswith("?"):
            found = {**dict.fromkeys(self.found(lead), NOTHING), **found}
        return found

    # -- direct mentions ------------------------------------------------------------------------------------------

    def _direct(self, position: int, item: Item, index: int, found: Found) -> Hit | None:
        clause = self.clauses[position]
        lead_found = self.found(clause.lead).get(index, NOTHING) if clause.lead else NOTHING
        heading_found = (
            self.found(clause.section).get(index, NOTHING) if clause.section and not clause.heading else NOTHING
        )
        roles = found.roles | lead_found.roles
        if (
            heading_found.roles & {"other", "covered-other"}
            and "context" not in heading_found.roles
            and not self._names_a_body(clause.section)
        ):
            # under "Certification and Training of Dog Teams", a lapsed certification is the dog's; under "8.3
            # Training Unit —" the items are that unit's duties, read in their own words
            roles = roles | {"other"}
        # A heading supplies context ("Deadly Force"), unless it is itself about another sense ("Less-Lethal Force").
        heading_context = item.kind is not Kind.PUBLICATION and "other" not in heading_found.roles
        context_roles = roles | (heading_found.roles if heading_context else set())
        text, lead, mentions, weaker = (
            self.texts[position],
            clause.lead or self._ruling_caption(position) or self._table_header(position),
            found.mentions,
            False,
        )
        if item.kind is Kind.PUBLICATION:
            mentions = self.publication.about_document(position, index, found)
            context_roles = {"context"}
        elif not mentions and lead_found.mentions and clause.lead.rstrip().endswith("?"):
            # "Can I use a chokehold? A. No, except in a deadly-force situation." The answer rules on what the
            # question names: they are read as one text.
            text, lead = f"{clause.lead} {ANSWER.sub('', clause.text)}", ""
            mentions = self.found(text).get(index, NOTHING).mentions
        elif mentions and item.kind is not Kind.DESCRIBES and (joined := self._included_in_rule_before(position)):
            # "Members shall not apply neck pressure … for any purpose. This includes chokeholds …": the rule before
            # covers what this sentence says it includes; they are read as one sentence.
            text, lead = joined, ""
            mentions = self.found(text).get(index, NOTHING).mentions
        elif not mentions and found.parts and lead_found.mentions:
            # "A report shall be completed when an officer: … (b) points a firearm at a person." The topic and the
            # rule sit in the lead-in, the deciding part in the item.
            text, lead, mentions = clause.lead, "", lead_found.mentions
        if mentions and "other" not in roles and (not item.topic.context or "context" in context_roles):
            pass
        elif mentions and "other" not in roles and self._context_before(position, index):
            pass  # "Duty to Intervene — the obligation … to stop another officer's unreasonable force. Officers must
            # intervene … when they know that such force is being used.": the context is in the sentence before
        elif mentions and "other" not in roles and self._context_in_items(position, index):
            pass  # "an officer must intervene when: (1) present and observing another officer using force … beyond
            # that which is objectively reasonable …": the context is in the items of the lead-in
        elif (
            item.weaker is not None
            and found.weaker
            and "weaker-other" not in roles
            and (not item.weaker.context or "weaker-context" in context_roles)
        ):
            mentions, weaker = found.weaker, True
        else:
            return None
        asked = clause.lead.rstrip().endswith("?") and found.mentions  # an answer that names what it rules on
        parts = frozenset(found.parts) | (frozenset() if asked else frozenset(lead_found.parts))
        if lead_found.mentions and self.context.denies_topic(clause.lead, lead_found):
            parts = frozenset()  # "The following are not reportable uses of force: … (b) pointing a firearm …"
        # "Other than in training, a deputy may discharge a firearm only for: … (b) a warning shot": a narrow
        # exception in a lead-in that does not name the topic is not the condition of the item that does.
        from_lead = "narrow" in lead_found.roles and (bool(lead_found.mentions) or not found.mentions)
        narrow = "narrow" in found.roles or from_lead
        # "… or uses physical force that results in an injury": a rule confined to some of the item's cases
        weaker = weaker or "narrowing" in roles
        return self._hit(clause, item, text, lead, mentions, weaker, parts, narrow)

    def _included_in_rule_before(self, position: int) -> str:
        """ "This includes …" after a rule that names none of the item: the rule and what it includes, joined as
        "<rule>, including …" (empty when the clause is no such sentence)."""
        clause = self.clauses[position]
        match = _INCLUDES_BACK.match(clause.text)
        if match is None or not position:
            return ""
        before = self.clauses[position - 1]
        if before.heading or before.section != clause.section or not has_rule_words(before.text):
            return ""
        return f"{before.text.rstrip().rstrip('.')}, including {clause.text[match.end() :]}"

    def _context_before(self, position: int, index: int) -> bool:
        """Does the clause just before, in the same section, give the item's context that this one points back to
        ("such force", "When that happens", "the force") or goes on with, naming the item too, as the next item of one
        list ("(a) … annual Response to Resistance training …; (b) An officer who does not achieve a passing score …")
        or the next sentence of one item ("D. The defensive tactics block will conclude with a graded assessment. A
        deputy who does not achieve a passing score …")?"""
        clause = self.clauses[position]
        before = self.clauses[position - 1] if position else None
        if before is None or before.section != clause.section or before.heading:
            return False
        found = self.found(before.text).get(index, NOTHING)
        sibling = bool(list_marker(clause.text) and list_marker(before.text))
        one_item = bool(clause.lead) and clause.lead == before.lead  # two sentences of one item of a list
        if not (
            _POINTING.search(clause.text)
            or (found.mentions and (sibling or one_item or self._goes_on_naming(position, index, found)))
        ):
            return False
        return "context" in found.roles and "other" not in found.roles

    def _goes_on_naming(self, position: int, index: int, before: Found) -> bool:
        """Does the clause go on naming what the sentence before named: in two content words of it at least ("…
        shall demonstrate proficiency in … the use of force options. Deputies who fail to demonstrate proficiency
        shall …"), or with a definite article ("Every officer attends officer safety training each year. Officers
        must pass the annual assessment …"), its head within two words of "the" — not a noun phrase of its own
        naming another thing ("a passing score in the radio procedures course")?"""
        tokens = self.analysed(self.texts[position]).tokens
        mentions = self.found(self.texts[position]).get(index, NOTHING).mentions
        earlier = self.analysed(self.texts[position - 1]).tokens
        if len(_content_words(tokens, mentions) & _content_words(earlier, before.mentions)) >= _SHARED_WORDS:
            return True
        return any(
            tokens[at].lemma == "the" and mention.end - 1 - at <= _DEFINITE_REACH
            for mention in mentions
            for at in range(max(0, mention.start - 1), mention.end)
        )

    def _context_in_items(self, position: int, index: int) -> bool:
        """Does a lead-in ending in ':' find the item's context in its own list items, just after it?"""
        clause = self.clauses[position]
        if not clause.text.rstrip().endswith(":"):
            return False
        items = itertools.takewhile(
            lambda later: later.lead.endswith(clause.text.rstrip()) and later.section == clause.section,
            self.clauses[position + 1 : position + 1 + _ITEMS_REACH],
        )
        found = [self.found(item.text).get(index, NOTHING) for item in items]
        return any("context" in entry.roles for entry in found) and not any("other" in entry.roles for entry in found)

    def _deadly_among_conditions(self, clause: Clause) -> bool:
        """ "A member may fire a warning shot only when all of the following conditions exist: (a) … deadly force
        would be justified; (b) …": conditions that must all hold, one of them deadly force, make the rule one allowed
        only where deadly force is."""
        lead = clause.text if clause.text.rstrip().endswith(":") else clause.lead  # the lead-in, or an item of it
        if not lead:
            return False
        answer = self._deadly_listed.get(lead)
        if answer is None:
            # the items' lead-in may be the whole paragraph the clause ends ("The order narrows them. A warning
            # shot may be fired only when all of the following are true:")
            items = [later for later in self.clauses if later.lead.endswith(lead)]
            all_hold = bool(_ALL_OF.search(lead)) or _joined_by_and(items)
            answer = all_hold and any(self.analysed(item.text).has(Cue.DEADLY_FORCE) for item in items)
            self._deadly_listed[lead] = answer
        return answer

    def _ruling_caption(self, position: int) -> str:
        """A table or list right under a heading that rules ("Table 2 – Techniques Not Authorised", "Prohibited
        Techniques") takes the heading as its lead-in: the rows name what the heading forbids or allows. An item
        that goes on to rule itself ("5.3 Neck restraints. Troopers shall not use …") is not one of the rows."""
        clause = self.clauses[position]
        # a row, a list item, or a run-on list of its own ("Chokeholds; carotid restraints; any hold that …")
        run_on = ";" in clause.text and not has_rule_words(clause.text)
        if (
            clause.heading
            or not clause.section
            or not (clause.text.startswith("|") or list_marker(clause.text) or run_on)
        ):
            return ""
        after = self.clauses[position + 1] if position + 1 < len(self.clauses) else None
        if (
            after
            and not clause.text.startswith("|")  # a table's last row is a row whatever follows it
            and after.section == clause.section
            and not (after.text.startswith("|") or list_marker(after.text))
            and has_rule_words(after.text)
        ):
            return ""
        caption = self.analysed(clause.section)
        rules = any(hit.cue in (Cue.PROHIBIT, Cue.PERMIT) and not hit.modal for hit in caption.cues)
        return clause.section if rules and not clause.section.rstrip().endswith("?") else ""

    def _table_header(self, position: int) -> str:
        """A table's first row names what its columns hold ("| LEVEL | SUBJECT DOES... | YOU MAY USE... |"): a row
        below it, with no rule of its own, is read under its header (its column's cell, in `_hit`)."""
        clause = self.clauses[position]
        if not clause.text.startswith("|") or answered_no(clause.text):
            return ""
        first = position
        while (
            first and self.clauses[first - 1].text.startswith("|") and self.clauses[first - 1].section == clause.section
        ):
            first -= 1
        header = self.clauses[first]
        if first < position and header.lead:
            return header.lead  # "The following are prohibited: | Act | Exception | …": the rows are its list
        return header.text if first < position and has_rule_words(header.text) else ""

    def _column_header(self, header: str, row: str, analysed: Analysed, mention: Mention) -> Analysed | None:
        """The header cell over the cell a mention sits in; none when the row's cells do not line up with it."""
        heads = header.strip().strip("|").split("|")
        cells = row.strip().strip("|").split("|")
        column = row[: analysed.tokens[mention.start].start].count("|") - 1 if mention.end else -1
        if len(cells) != len(heads) or not 0 <= column < len(heads) or not heads[column].strip():
            return None
        return self.analysed(heads[column].strip())

    def _through_lead(self, clause: Clause, found: dict[int, Found]) -> list[tuple[int, Hit]]:
        """Topics named only by a list's lead-in and an item together: "Firearms shall not be discharged in the
        following circumstances: … (c) as a warning" bans warning shots, though neither part names them alone."""
        if not has_rule_words(clause.lead) or self.may_mention(clause.lead):
            return []  # a lead-in that rules on nothing, or names its topics itself
        if found and all(entry.mentions for entry in found.values()):
            return []  # the item names its topics itself
        item_text = clause.text[len(list_marker(clause.text)) :].strip() if list_marker(clause.text) else clause.text
        joined = f"{clause.lead.rstrip().rstrip(':').rstrip()} {item_text}"
        if not self.may_mention(joined):
            return []
        out = []
        for index, joined_found in self.found(joined).items():
            own = found.get(index)
            if (own is not None and own.mentions) or not joined_found.mentions or "other" in joined_found.roles:
                continue
            item = self.items[index]
            if item.topic.context and "context" not in joined_found.roles:
                continue
            parts, narrow = frozenset(joined_found.parts), "narrow" in joined_found.roles
            hit = self._hit(clause, item, joined, "", joined_found.mentions, False, parts, narrow)
            if hit is not None:
                out.append((index, hit))
        return out

    def _hit(
        self,
        clause: Clause,
        item: Item,
        text: str,
        lead: str,
        mentions: Sequence[Mention],
        weaker: bool,
        parts: frozenset[str],
        narrow: bool,
        referred: bool = False,
    ) -> Hit | None:
        """The frames of every mention in one clause (decide.py takes the weakest)."""
        if not mentions:
            return None
        analysed = self.analysed(text)
        lead_analysed = self.analysed(lead) if lead else None
        # A setting named by the heading or by the chapter's running header limits the rule too.
        setting = any(
            self.analysed(where).has(Cue.SETTING) for where in (clause.section, clause.running_header) if where
        )
        deadly_listed = self._deadly_among_conditions(clause)
        records = records_itself(item)
        bearer = self._heading_bearer(clause) if item.every_officer else ""
        frames: list[Frame] = []
        for mention in mentions:
            mention_lead, deadly = lead_analysed, deadly_listed
            if lead.startswith("|") and text.startswith("|"):  # a table's row, read under its column's header
                mention_lead = self._column_header(lead, text, analysed, mention)
                # "| 5 | Threat of death or grievous bodily harm | Firearm; neck restraint |": the row's level is
                # the condition of every option in it.
                deadly = deadly or analysed.has(Cue.DEADLY_FORCE)
            frame = read_frame(
                analysed, mention, item.kind, self.cues, self.matcher.lexicon, mention_lead, setting, deadly, records, bearer
            )
            if self.guidance and frame.base is Reading.ADVISES:
                frame = _as_recommended(frame, analysed)
            frames.append(frame)
        if any(frame.bearer for frame in frames) and any(
            frame.base is Reading.REQUIRES and not frame.bearer for frame in frames
        ):
            # "A subordinate officer shall intervene …, and a supervisor shall intervene …": laid on all between them
            frames = [replace(frame, bearer="") for frame in frames]
        narrowed = [frame.narrowed for frame in frames]
        if item.kind is Kind.DESCRIBES and any(narrowed) and not all(narrowed):
            # "Deadly force is a last resort and shall be used only when all other means have been exhausted": the
            # narrowing condition names the topic itself, so it sets the topic out rather than narrowing it.
            frames = [replace(frame, narrowed=False) for frame in frames]
        first = mentions[0]
        topic = text[analysed.tokens[first.start].start : analysed.tokens[first.end - 1].end] if first.end else ""
        return Hit(item.id, clause, tuple(frames), topic, weaker, parts, narrow, referred)

    def _names_a_body(self, heading: str) -> bool:
        """Does the heading name a unit of the force ("8.3 Training Unit —", "Records Section"), whose duties its
        items are?"""
        words = [token for token in self.analysed(heading).tokens if token.lemma[:1].isalpha()]
        return bool(words) and words[-1].lemma in _BODIES

    def _heading_bearer(self, clause: Clause) -> str:
        """The rank a heading names as the one whose duties its items are ("8.2 Sergeants and Supervisors —",
        "Responsibilities of Supervisors"), else ''."""
        if not clause.section or clause.heading:
            return ""
        analysed = self.analysed(clause.section)
        ranks = [hit for hit in analysed.cues if hit.cue is Cue.RANK]
        covered = {at for hit in ranks for at in range(hit.start, hit.end)}
        words = [at for at, token in enumerate(analysed.tokens) if token.lemma[:1].isalpha() and at not in covered]
        duties = all(analysed.tokens[at].lemma in _DUTIES_OF for at in words)
        return ranks[0].text if ranks and duties else ""

    # -- discourse ------------------------------------------------------------------------------------------------

    def _referred(
        self,
        position: int,
        clause: Clause,
        direct: set[int],
        last_topic: Mapping[int, tuple[int, frozenset[str]]],
        heading_items: Mapping[int, frozenset[str]],
        since_heading: int,
    ) -> list[int]:
        """Items this clause rules on without naming them: through an anaphor, or as a subjectless rule."""
        under_heading = set(heading_items) - direct if since_heading <= _HEADING_REACH else set()
        if not (last_topic or under_heading):
            return []  # most clauses: nothing named in this section yet
        recent = self._recent_rules(position)
        named_before = {index for index, (where, _) in last_topic.items() if recent[:1] == [where]} - direct
        # A noun phrase ("the hold", "such restraints") reaches a little further back than a pronoun.
        named_recently = {index for index, (where, _) in last_topic.items() if where in recent} - direct
        if not (named_recently or under_heading):
            return []  # nothing to point back to: no need to read the clause's cues
        analysed = self.analysed(self.texts[position])
        only_if = bool(under_heading) and headline_only(analysed, Mention.at(0, 0))  # "Only if: DF is justified …"
        if not only_if and not any(hit.cue in READING_CUES for hit in analysed.cues):
            return []
        anaphor = anaphor_span(analysed)
        pointing = anaphor is not None
        noun_phrase = anaphor is not None and anaphor[1] - anaphor[0] > 1
        head = analysed.tokens[anaphor[1] - 1].lemma if anaphor is not None else ""
        if noun_phrase and head not in _SITUATIONS and len(named_recently) > 1 and not self._plural_anaphor(clause):
            # "… including a carotid hold … Such a hold must not be used …": a singular noun phrase points to the topic
            # named with its own noun when one of the last three clauses names one so.
            same_noun = {index for index in named_recently if self._names_with(last_topic[index][0], head)}
            named_recently = same_noun or named_recently
        if noun_phrase and head not in _SITUATIONS and recent and self._names_with(recent[0], head):
            # "The force options available include … These options are not ranked": the noun of the sentence just
            # before is what the anaphor points to, whatever that sentence names.
            named_recently &= named_before
        back = named_recently if noun_phrase else named_before if pointing else set()
        if noun_phrase and anaphor is not None and clause.lead:
            # "When a leg restraint is applied: … (c) … monitored while in the restraint": the noun is the lead-in's
            head = analysed.tokens[anaphor[1] - 1].lemma
            if any(token.lemma == head for token in self.analysed(clause.lead).tokens):
                lead_found = self.found(clause.lead)
                back = {index for index in back if lead_found.get(index, NOTHING).mentions}
        return sorted(back | (under_heading if pointing or only_if or subjectless(analysed) else set()))

    def _by_defined_term(
        self, position: int, clause: Clause, found: Mapping[int, Found], direct: set[int]
    ) -> list[tuple[int, Hit]]:
        """ "Deadly force may be used only when necessary", where the document defines '"Necessary" means … no
        reasonable alternative to the use of deadly force exists': a rule that uses a term the document defines by
        an item's topic sets the item out (a thing a policy describes). A term alone binds nothing on a ban or duty,
        unless the rule cites the definition: "The maximal restraint technique described in 7.02(H) shall not be
        used", where 7.02(H) defines the term as what is 'commonly called "hog-tying"'."""
        out = []
        text = self.texts[position]
        for index, terms in self._terms_defined_by_topic().items():
            if index in direct or not any(" ".join(term) in text.lower() for term in terms):
                continue
            describes = self.items[index].kind is Kind.DESCRIBES
            entry = found.get(index) or self.found(text).get(index)
            if describes and (entry is None or entry.mentions or "context" not in entry.roles):
                continue
            if not describes and (_CITES_DEFINITION.search(text) is None or (entry is not None and entry.mentions)):
                continue
            tokens = self.analysed(text).tokens
            # where the term stands, by characters ("four-point linkage" is four tokens)
            starts = [text.lower().find(" ".join(term)) for term in terms]
            spans = [
                Mention.at(covered[0], covered[-1] + 1)
                for start, term in zip(starts, terms, strict=True)
                if start >= 0
                and (covered := [at for at, token in enumerate(tokens) if start <= token.start < start + len(" ".join(term))])
            ]
            hit = self._hit(clause, self.items[index], text, clause.lead, spans[:1], False, frozenset(), False)
            if hit is not None:
                out.append((index, hit))
        return out

    def _terms_defined_by_topic(self) -> dict[int, list[tuple[str, ...]]]:
        """Item index → the terms the document's definitions define by that item's topic: for an item the policy
        describes, any; for a ban, a definition that rules on nothing ("Maximal restraint technique - Securing a
        person's handcuffed wrists to the ankles … (commonly called "hog-tying")")."""
        if self._defined_terms is None:
            self._defined_terms = defaultdict(list)
            for position, clause in enumerate(self.clauses):
                if clause.heading or not self.may_mention(self.texts[position]):
                    continue
                match = _DEFINES.match(clause.text)
                # a ban's term may be a lettered entry of the definitions ("(H) Maximal restraint technique - …")
                lettered = _DEFINES.match(_LETTERED.sub("", clause.text, count=1))
                ruling = any(hit.cue in READING_CUES for hit in self.analysed(self.texts[position]).cues)
                for index, entry in self.found(self.texts[position]).items():
                    kind = self.items[index].kind
                    named = entry.mentions and "other" not in entry.roles
                    if named and kind is Kind.DESCRIBES and match is not None and not self._among_examples(position, entry):
                        self._defined_terms[index].append(tuple(match.group("term").lower().split()))
                    elif named and kind is Kind.BAN and not ruling and (term := match or lettered) is not None:
                        self._defined_terms[index].append(tuple(term.group("term").lower().split()))
        return self._defined_terms

    def _among_examples(self, position: int, entry: Found) -> bool:
        """Does a definition name the topic only as one of its term's examples ('De-escalation tactics: "… including,
        but not limited to, … warnings …"'), which does not make the term the topic?"""
        tokens = self.analysed(self.texts[position]).tokens
        first = min(mention.start for mention in entry.mentions)
        return any(token.lemma in _EXAMPLE_WORDS for token in tokens[:first])

    def _names_in_predicate(self, position: int, found: Found) -> bool:
        """Does the clause name the topic only after the anaphor it opens with ("Each shall be documented"), not
        before it ("Whether or not they step in, they are required to report")?"""
        anaphor = anaphor_span(self.analysed(self.texts[position]))
        return anaphor is not None and all(mention.start >= anaphor[1] for mention in found.mentions)

    def _names_with(self, position: int, noun: str) -> bool:
        """Does the clause at `position` that named a topic use this noun ("The carotid control hold …")?"""
        return any(token.lemma == noun for token in self.analysed(self.texts[position]).tokens)

    def _plural_anaphor(self, clause: Clause) -> bool:
        analysed = self.analysed(clause.text)
        anaphor = anaphor_span(analysed)
        return anaphor is not None and any(token.lemma in _PLURAL for token in analysed.tokens[anaphor[0] : anaphor[1]])

    def _names_its_referent(self, clause: Clause) -> bool:
        """'… in such circumstances', 'this technique': a noun-phrase anaphor points back even beside other topics."""
        analysed = self.analysed(clause.text)
        return any(hit.cue is Cue.ANAPHOR and hit.end - hit.start > 1 for hit in analysed.cues)

    def _recent_rules(self, position: int) -> list[int]:
        """Up to three clauses before this one in the same section, nearest first (furniture skipped)."""
        clause = self.clauses[position]
        out: list[int] = []
        for earlier in range(position - 1, max(-1, position - 8), -1):
            candidate = self.clauses[earlier]
            if candidate.role == "furniture":
                continue
            if candidate.heading or candidate.section != clause.section or len(out) == _ANAPHOR_REACH:
                break
            out.append(earlier)
        return out

    def _by_reference(
        self, position: int, clause: Clause, item: Item, index: int, parts: frozenset[str]
    ) -> Hit | None:
        text = self.texts[position]  # read as spelled out ("Only if: DF is justified" → deadly force)
        analysed = self.analysed(text)
        found = self.found(text).get(index, NOTHING)
        if "other" in found.roles or item.kind is Kind.PUBLICATION:
            return None  # a publication must be said of the document itself, not of what the clause before was
        reading = [hit for hit in analysed.cues if hit.cue in READING_CUES]
        for hit in reading:
            if self.may_mention(hit.text):
                own = self.found(hit.text)  # "(they) are not a continuum": the cue names a topic of its own
                if any(other != index and (entry.mentions or "covered-other" in entry.roles) for other, entry in own.items()):
                    return None
        first = reading[0] if reading else None
        if first is not None and acts_of_its_own(analysed, first, self.cues, self.matcher.lexicon):
            return None
        anaphor = anaphor_span(analysed)
        mention = Mention.at(*anaphor) if anaphor is not None else Mention.at(0, 0)
        # "In every such case the observing officer shall notify a supervisor": what the clause itself names is the
        # weaker form of the item (a duty only to report), so it refers back only to that.
        weaker = bool(found.weaker) and not found.mentions and "weaker-other" not in found.roles
        return self._hit(clause, item, text, clause.lead, [mention], weaker, parts, "narrow" in found.roles, referred=True)


def _subject_head(tokens: Sequence[Token], before: int) -> str:
    """The head noun of the name a sentence opens with ("The Situational Use of Force Model does not …", "The model
    is …"), or ''."""
    at = after_marker(tokens)
    while at < before and (tokens[at].lemma in ("the", "this", "that", "its", "our", "their") or not tokens[at].text[:1].isalpha()):
        at += 1  # past a section number ("2.2 The Model is …") and the article
    words: list[Token] = []
    while at < before and (tokens[at].text[:1].isupper() or (words and tokens[at].lemma in ("of", "and", "for"))):
        words.append(tokens[at])
        at += 1
    if not words and at + 1 < before and tokens[at].is_word and tokens[at + 1].lemma in ("be", "do", "have"):
        words = [tokens[at]]
    named = [token for token in words if token.lemma not in ("of", "and", "for")]
    return _head(named[-1].text) if named else ""


def _head(topic: str) -> str:
    words = topic.lower().split()
    return words[-1].rstrip("s") if words else ""


_ITEMS_REACH = 8
"""How many list items after a lead-in may give it the item's context."""
_INCLUDES_BACK = re.compile(r"^(?:this|these|the (?:prohibition|ban|rule|restriction))\s+(?:includes?|covers?)\s+", re.I)
"""A sentence that says what the rule before it covers ("This includes chokeholds, strangleholds …")."""


def _joined_by_and(items: Sequence[Clause]) -> bool:
    """ "only when: (a) …; and (b) …; and (c) …": items joined by 'and' must all hold (joined by 'or', any one)."""
    endings = [item.text.rstrip(" .;,").rsplit(None, 1)[-1].lower() for item in items[:-1] if item.text.strip()]
    return "and" in endings and "or" not in endings


def _as_recommended(frame: Frame, analysed: Analysed) -> Frame:
    """In a recommendation document, 'should never be used' is the ban it asks for, 'should report' the duty."""
    against = any(hit.cue is Cue.ADVISE_AGAINST and hit.text in frame.cues for hit in analysed.cues)
    base = Reading.PROHIBITS if against else Reading.REQUIRES
    reading = Reading.RESTRICTS if frame.reading is Reading.RESTRICTS else base
    return replace(frame, reading=reading, base=base)


def _content_words(tokens: Sequence[Token], mentions: Sequence[Mention]) -> set[str]:
    """The lemmas of the content words the mentions hold ("demonstrate", "proficiency"; not "the", "in")."""
    return {
        token.lemma
        for mention in mentions
        for token in tokens[mention.start : mention.end]
        if token.is_word and len(token.lemma) >= _CONTENT_WORD
    }
