"""Match: a document's clauses × a standard's items → Hits, each read by its clause frame.

The document is tokenized once (shared by every standard), every text is matched once against the compiled topic
patterns, and only clauses that touch an item are read for cues. Discourse links a rule to its topic when the
rule does not name it: a heading is the subject of the first clauses under it ("WARNING SHOTS / These are
prohibited."), "this technique" or "such restraints" point back to the sentence before, and an "Exception: …"
sentence restricts the rule just before it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import cast

from policy_audit.errors import StandardError
from policy_audit.matching import cues as cue_file
from policy_audit.matching.cues import CompiledCues, Cue
from policy_audit.matching.frames import Analysed, Frame, Mention, after_marker, analyse, read_frame
from policy_audit.matching.lexicon import Lexicon, RawTokens, Token, tokenize
from policy_audit.matching.patterns import PatternError, PatternSet, TextView, phrase_words, text_view
from policy_audit.matching.verdicts import clause_verdict
from policy_audit.models import Clause, Hit, Item, Kind, Reading, Standard, Status, Topic
from policy_audit.segment import FURNITURE_SECTION

_WEAKEST_FIRST = {Status.CONTRADICTED: 0, Status.PARTIAL: 1, Status.MET: 2}
_HEADING_REACH = 3
"""How many clauses under a heading may take the heading as their subject."""
_ANAPHOR_REACH = 3
"""How many clauses back a noun-phrase anaphor ("the hold") may find its topic."""
_WORDS = re.compile(r"[a-z0-9]+")
_HEADING_RULES = frozenset({Reading.PROHIBITS, Reading.PERMITS})
_EXCEPTION_OPENERS = frozenset({"exception", "except"})
_PRONOUNS = frozenset({"this", "such", "they", "them"})
_PRE_CHECKS_KEPT = 20_000
"""How many pre-check answers a matcher keeps (the 632-page Lisle manual sees some 7,400 distinct sets of pattern words)."""
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
    {"a", "an", "the", "this", "these", "any", "all", "copy", "copies", "part", "parts", "portion", "of"}
)
"""The words that may stand between a verb and the document as its object ('may obtain a copy of this policy'), not
'… restricted as set forth in this policy'."""
_CLAUSE_STOPS = frozenset({";", ":", ".", "!", "?"})
_PARTS_REACH = 2
"""How many clauses after a rule may say what it covers ('This includes pointing a firearm')."""
_DENIALS = frozenset({"not", "no", "never", "exclude", "excluding", "neither", "nor", "except"})
_SET_APART = frozenset({"distinct", "unlike", "differ", "different", "separate"})
_DENIAL_OPENING = 6
_DENIAL_NEAR = 6
_DENIAL_BEFORE_TOPIC = 6


@dataclass
class _Found:
    """What the topic patterns found of one item in one text."""

    mentions: list[Mention] = field(default_factory=list)
    weaker: list[Mention] = field(default_factory=list)
    parts: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    context: list[tuple[int, int]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)


class DocumentText:
    """One document's texts as tokens, tokenized on demand, once, and shared by every standard.

    Most clauses of a manual name no topic of a given checklist: a cheap word check (`may_mention`) lets each
    standard send only the clauses that might to the tokenizer.
    """

    def __init__(self) -> None:
        self.raw: dict[str, RawTokens] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        missing = [text for text in dict.fromkeys(texts) if text not in self.raw]
        self.raw.update(zip(missing, tokenize(missing), strict=True))

    def tokens(self, text: str) -> RawTokens:
        if text not in self.raw:
            self.prepare([text])
        return self.raw[text]


class StandardMatcher:
    """Compiled topic patterns and cues for one standard."""

    def __init__(self, standard: Standard) -> None:
        self.standard = standard
        self.lexicon, self.cues = _reader(phrase for item in standard.items for phrase in _all_phrases(item))
        self._lemmas_of: dict[str, tuple[str, ...]] = {}
        self._triggering: set[str] = set()
        """The words seen so far whose lemmas or forms some topic pattern uses."""
        self._may_match: dict[frozenset[str], bool] = {}
        """The pre-check's answer for each set of pattern words seen together (at most `_PRE_CHECKS_KEPT`)."""
        self.topics = PatternSet()
        self.triggers = PatternSet()
        """The topic, weaker-topic and part phrases alone: a clause without their first words needs no reading."""
        for index, item in enumerate(standard.items):
            try:
                self._add_item(index, item)
            except PatternError as error:
                raise StandardError(
                    self.standard.path, f"item '{item.id}': {error}", "see the phrase notation in the README"
                ) from None

    def _add_item(self, index: int, item: Item) -> None:
        # A refusal ("This manual is for official use only") names no topic phrase, only the document itself.
        document = item.topic.context if item.kind is Kind.PUBLICATION else ()
        for phrases in (
            item.topic.phrases,
            item.weaker.phrases if item.weaker else (),
            document,
            *(p for _, p in item.parts),
        ):
            self.triggers.add(index, phrases, self.lexicon)
        self._add_topic(index, item.topic, "")
        if item.weaker is not None:
            self._add_topic(index, item.weaker, "weaker-")
        for name, phrases in item.parts:
            self.topics.add((index, "part", name), phrases, self.lexicon)
        self.topics.add((index, "narrow", ""), item.met_also.exceptions, self.lexicon)

    def _add_topic(self, index: int, topic: Topic, prefix: str) -> None:
        self.topics.add((index, f"{prefix}topic", ""), topic.phrases, self.lexicon)
        self.topics.add((index, f"{prefix}context", ""), topic.context, self.lexicon)
        self.topics.add((index, f"{prefix}other", ""), topic.other_senses, self.lexicon)

    def may_mention(self, text: str) -> bool:
        """Could this text name a topic? A pre-check on its words' lemmas, cached per word.

        Most texts hold no word that can start or continue a topic: set operations find that without a loop.
        """
        seen, triggering = self._lemmas_of, self._triggering
        distinct = set(_WORDS.findall(text.lower()))
        if not seen.keys() >= distinct:  # some word not seen before (no set is made for the usual answer)
            lexicon, used = self.lexicon, self.triggers.words
            for word in distinct.difference(seen):
                candidates = (lexicon.lemma(word), f"={word}", lexicon.lemma(lexicon.repair(word)))
                forms = seen[word] = tuple(form for form in candidates if form in used)  # most words: ()
                if forms:
                    triggering.add(word)
        if triggering.isdisjoint(distinct):
            return False
        present = frozenset(triggering.intersection(distinct))
        answer = self._may_match.get(present)
        if answer is None:
            if len(self._may_match) >= _PRE_CHECKS_KEPT:
                self._may_match.clear()  # a long batch in one process would otherwise keep every set it saw
            answer = self._may_match[present] = self.triggers.may_match(
                frozenset(form for word in present for form in seen[word])
            )
        return answer

    def hits(
        self,
        clauses: Sequence[Clause],
        text: DocumentText | None = None,
        guidance: bool = False,
        definitions: Sequence[Clause] | None = None,
    ) -> tuple[Hit, ...]:
        """Every (item, clause) where the clause rules on the item, read and judged.

        `definitions`: the whole document's, where `clauses` are one run of it (default: those among `clauses`).
        """
        return _Reading(self, clauses, text or DocumentText(), guidance, definitions).hits()


class _Reading:
    """One standard reading one document: per-text caches and the discourse walk."""

    def __init__(
        self,
        matcher: StandardMatcher,
        clauses: Sequence[Clause],
        text: DocumentText,
        guidance: bool = False,
        definitions: Sequence[Clause] | None = None,
    ) -> None:
        self.matcher = matcher
        self.guidance = guidance
        self.items = matcher.standard.items
        self.clauses = clauses
        self.definitions = (
            definitions if definitions is not None else [clause for clause in clauses if clause.role == "definition"]
        )
        """The document's definitions: all of them, also when these clauses are one run of a split document."""
        self._terms: dict[int, dict[str, frozenset[str]]] | None = None
        self.text = text
        self._tokens: dict[str, tuple[Token, ...]] = {}
        self._views: dict[str, TextView] = {}
        self._may: dict[str, bool] = {}
        self._found: dict[str, dict[int, _Found]] = {}
        self._analysed: dict[str, Analysed] = {}

    def tokens(self, text: str) -> tuple[Token, ...]:
        if text not in self._tokens:
            tokens = self.matcher.lexicon.analyse(self.text.tokens(text))
            self._tokens[text] = tokens
            self._views[text] = text_view(tokens)
        return self._tokens[text]

    def _interesting(self, clause: Clause) -> bool:
        """Might this clause (or its lead-in) name one of the standard's topics? Most clauses of a manual do not."""
        return self._may_mention(clause.text) or (bool(clause.lead) and self._may_mention(clause.lead))

    def _may_mention(self, text: str) -> bool:
        answer = self._may.get(text)
        if answer is None:
            answer = self._may[text] = self.matcher.may_mention(text)
        return answer

    def found(self, text: str) -> dict[int, _Found]:
        if text not in self._found:
            out: dict[int, _Found] = defaultdict(_Found)
            senses: list[tuple[int, str, frozenset[int]]] = []
            for match in self.matcher.topics.find(self.tokens(text), self._views[text]):
                key = match.key
                assert isinstance(key, tuple)
                index, role, name = cast(tuple[int, str, str], key)
                entry = out[index]
                if role.endswith("other"):
                    senses.append((index, role, frozenset(range(match.start, match.end))))
                    continue
                entry.roles.add(role)
                if role == "topic":
                    entry.mentions.append(Mention(match.start, match.end, match.words))
                elif role == "weaker-topic":
                    entry.weaker.append(Mention(match.start, match.end, match.words))
                elif role == "part":
                    entry.parts[name].append((match.start, match.end))
                elif role == "context":
                    entry.context.append((match.start, match.end))
            for index, role, span in senses:
                # An other sense that covers a mention removes that mention ("shooting *from* a moving vehicle");
                # one elsewhere in the clause means the clause is about something else ("intervene in civil disputes").
                entry = out[index]
                named = entry.weaker if role.startswith("weaker") else entry.mentions
                kept = [mention for mention in named if not mention.words <= span]
                if len(kept) == len(named):
                    entry.roles.add(role)
                elif role.startswith("weaker"):
                    entry.weaker = kept
                else:
                    entry.mentions = kept
            for entry in out.values():
                entry.mentions = _outermost(entry.mentions)
                entry.weaker = _outermost(entry.weaker)
                if len(entry.parts) > 1:
                    entry.parts = _specific_parts(entry.parts)
            self._found[text] = dict(out)
        return self._found[text]

    def analysed(self, text: str) -> Analysed:
        if text not in self._analysed:
            tokens = self.tokens(text)
            self._analysed[text] = analyse(tokens, self.matcher.cues.patterns.find(tokens, self._views[text]), text)
        return self._analysed[text]

    def hits(self) -> tuple[Hit, ...]:
        interesting = [self._interesting(clause) for clause in self.clauses]
        self.text.prepare(
            text
            for clause, wanted in zip(self.clauses, interesting, strict=True)
            if wanted
            for text in (clause.text, clause.lead)
            if text  # the section and running header are tokenized only for clauses that name a topic
        )
        out: list[Hit] = []
        # item index → (clause index, parts) of the last clause that named the item, for 'this technique'.
        last_topic: dict[int, tuple[int, frozenset[str]]] = {}
        heading_items: dict[int, frozenset[str]] = {}
        since_heading = 0
        for position, clause in enumerate(self.clauses):
            found = self.found(clause.text) if interesting[position] else {}
            if clause.heading:
                # Discourse stops at a heading: nothing before it is referred to after it (see split_at_headings).
                heading_items = {index: frozenset(entry.parts) for index, entry in found.items() if entry.mentions}
                last_topic.clear()
                since_heading = 0
            else:
                since_heading += 1
            direct: set[int] = set()
            for index, item_found in found.items():
                hit = self._direct(clause, self.items[index], index, item_found)
                if hit is not None:
                    out.append(hit)
                    direct.add(index)
                if hit is not None and item_found.mentions:
                    last_topic[index] = (position, frozenset(item_found.parts))
            if clause.heading or clause.role != "rule":
                continue
            if any(entry.mentions for entry in found.values()) and not self._names_its_referent(clause):
                continue  # a clause that names a topic of its own has its subject, unless it points back expressly
            for index in self._referred(position, clause, direct, last_topic, heading_items, since_heading):
                parts = last_topic.get(index, (0, heading_items.get(index, frozenset())))[1]
                hit = self._by_reference(clause, self.items[index], index, parts)
                if hit is not None:
                    out.append(hit)
        return tuple(self._with_parts_elsewhere(self._with_exceptions(out)))

    # -- direct mentions ------------------------------------------------------------------------------------------

    def _direct(self, clause: Clause, item: Item, index: int, found: _Found) -> Hit | None:
        lead_found = self.found(clause.lead).get(index, _Found()) if clause.lead else _Found()
        heading_found = (
            self.found(clause.section).get(index, _Found()) if clause.section and not clause.heading else _Found()
        )
        roles = found.roles | lead_found.roles
        # A heading supplies context ("Deadly Force"), unless it is itself about another sense ("Less-Lethal Force").
        heading_context = item.kind is not Kind.PUBLICATION and "other" not in heading_found.roles
        context_roles = roles | (heading_found.roles if heading_context else set())
        text, lead, mentions, weaker = clause.text, clause.lead, found.mentions, False
        if item.kind is Kind.PUBLICATION:
            mentions = self._about_document(clause, found)
            context_roles = {"context"}
        elif not mentions and found.parts and lead_found.mentions:
            # "A report shall be completed when an officer: … (b) points a firearm at a person." The topic and the
            # rule sit in the lead-in, the deciding part in the item.
            text, lead, mentions = clause.lead, "", lead_found.mentions
        if mentions and "other" not in roles and (not item.topic.context or "context" in context_roles):
            pass
        elif (
            item.weaker is not None
            and found.weaker
            and "weaker-other" not in roles
            and (not item.weaker.context or "weaker-context" in context_roles)
        ):
            mentions, weaker = found.weaker, True
        else:
            return None
        parts = frozenset(found.parts) | frozenset(lead_found.parts)
        narrow = "narrow" in roles
        return self._judge(clause, item, text, lead, mentions, weaker, parts, narrow)

    def _judge(
        self,
        clause: Clause,
        item: Item,
        text: str,
        lead: str,
        mentions: Sequence[Mention],
        weaker: bool,
        parts: frozenset[str],
        narrow: bool,
        cue_note: str = "",
    ) -> Hit | None:
        analysed = self.analysed(text)
        lead_analysed = self.analysed(lead) if lead else None
        # A setting named by the heading or by the chapter's running header limits the rule too.
        setting = any(
            self.analysed(where).has(Cue.SETTING) for where in (clause.section, clause.running_header) if where
        )
        best: tuple[int, Hit] | None = None
        for mention in mentions:
            frame = read_frame(
                analysed, mention, item.kind, self.matcher.cues, self.matcher.lexicon, lead_analysed, setting
            )
            if self.guidance and frame.base is Reading.ADVISES:
                frame = _as_recommended(frame, analysed)
            verdict, why = clause_verdict(item, frame, weaker, narrow, self.matcher.cues.act_verbs)
            if clause.heading and frame.base not in _HEADING_RULES and item.kind is not Kind.PUBLICATION:
                # "Warning Shots Prohibited" states a rule; "Duty to Intervene" only names what follows.
                verdict, why = None, "a heading with no rule of its own"
            if clause.role not in ("rule", "heading") and verdict is not None:
                why = f"a {clause.role}, not a rule"
            covered = parts if verdict else frozenset()
            if verdict is Status.MET and item.parts and not parts:
                names = ", ".join(name for name, _ in item.parts)
                verdict, why = Status.PARTIAL, f"{why}, but it names none of: {names}"
            hit = Hit(
                item.id,
                clause,
                frame.reading,
                (cue_note, *frame.cues) if cue_note else frame.cues,
                verdict,
                why,
                weaker,
                covered,
                frame.limited and item.kind is Kind.BAN,
            )
            rank = _WEAKEST_FIRST.get(verdict, 3) if verdict else 3
            if best is None or rank < best[0]:
                best = (rank, hit)
        return best[1] if best else None

    def _about_document(self, clause: Clause, found: _Found) -> list[Mention]:
        """Publication and refusal phrases that concern this document ('This manual is for official use only').

        A refusal phrase counts as a mention too. It must sit in a running header or footer, mark the document
        (a label 'LAW ENFORCEMENT SENSITIVE: …', or a line of its own 'RESTRICTED – NOT FOR PUBLIC RELEASE'), or
        be said of a reference to the document: 'shall not be disclosed' about radio logs or medical files says
        nothing about the policy.
        """
        analysed = self.analysed(clause.text)
        refusals = [Mention.at(hit.start, hit.end) for hit in analysed.cues if hit.cue is Cue.REFUSE_DISCLOSURE]
        if clause.section == FURNITURE_SECTION:
            return [*found.mentions, *refusals]
        tokens = analysed.tokens
        marking = [
            mention
            for mention in refusals
            if (mention.start <= 1 and any(token.text == ":" for token in tokens[mention.end : mention.end + 2]))
            or (clause.heading and not any(token.is_word for token in tokens[mention.end :]))
        ]
        # A refusal must be said of the document itself ("This General Order is restricted"), not of what the
        # document goes on to speak about ("… this Policy, the officer will be restricted from carrying …").
        candidates = [(mention, _DOCUMENT_REACH) for mention in found.mentions]
        candidates += [(mention, _REFUSAL_REACH) for mention in refusals if mention not in marking]
        said = [
            mention
            for mention, reach in candidates
            if any(
                _said_of(tokens, start, end, mention, reach)
                or (start <= mention.start and mention.end <= end)
                or (mention.start <= start and end <= mention.end)
                for start, end in found.context
            )
        ]
        return [*said, *marking]

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
        analysed = self.analysed(clause.text)
        if not any(hit.cue in cue_file.READING_CUES for hit in analysed.cues):
            return []
        anaphor = self._anaphor(analysed)
        pointing = anaphor is not None
        noun_phrase = anaphor is not None and anaphor[1] - anaphor[0] > 1
        subjectless = self._subjectless(analysed)
        back = named_recently if noun_phrase else named_before if pointing else set()
        return sorted(back | (under_heading if pointing or subjectless else set()))

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
            if candidate.section == FURNITURE_SECTION:
                continue
            if candidate.heading or candidate.section != clause.section or len(out) == _ANAPHOR_REACH:
                break
            out.append(earlier)
        return out

    def _anaphor(self, analysed: Analysed) -> tuple[int, int] | None:
        for hit in analysed.cues:
            if hit.cue is not Cue.ANAPHOR:
                continue
            if hit.end - hit.start == 1 and analysed.tokens[hit.start].lemma in _PRONOUNS:
                following = analysed.tokens[hit.end] if hit.end < len(analysed.tokens) else None
                # 'This policy …' is a determiner, and 'This does not prohibit X' speaks of the rule, not the
                # practice: a bare pronoun points back only as the subject of 'is' or of a modal.
                if following is None or following.lemma not in {"be", "shall", "must", "will", "may", "can", "should"}:
                    continue
            return hit.start, hit.end
        return None

    def _subjectless(self, analysed: Analysed) -> bool:
        """'Prohibited.' or 'Shall not be used except …' under a heading: the heading is the subject."""
        words = [index for index, token in enumerate(analysed.tokens) if token.is_word and not token.text.isdigit()]
        first = words[0] if words else None
        if first is None or len(analysed.tokens[first].text) == 1:
            first = words[1] if len(words) > 1 else None
        return first is not None and any(
            hit.start == first and hit.cue in cue_file.READING_CUES for hit in analysed.cues
        )

    def _by_reference(self, clause: Clause, item: Item, index: int, parts: frozenset[str]) -> Hit | None:
        analysed = self.analysed(clause.text)
        found = self.found(clause.text).get(index, _Found())
        if "other" in found.roles or item.kind is Kind.PUBLICATION:
            return None  # a publication must be said of the document itself, not of what the clause before was
        anaphor = self._anaphor(analysed)
        mention = Mention.at(*anaphor) if anaphor is not None else Mention.at(0, 0)
        return self._judge(
            clause, item, clause.text, clause.lead, [mention], False, parts, "narrow" in found.roles, "refers back"
        )

    def _with_exceptions(self, hits: list[Hit]) -> list[Hit]:
        """'… are prohibited. Exception: when deadly force is authorized.' — the exception restricts the rule before it.

        The exception sentence then has no verdict of its own: what it allows is what the rule now allows.
        """
        by_clause = {id(clause): position for position, clause in enumerate(self.clauses)}
        out: list[Hit] = []
        attached: set[tuple[str, int]] = set()
        for hit in hits:
            position = by_clause.get(id(hit.clause))
            following = self._exception_after(position) if position is not None else None
            if following is None or hit.reading not in (Reading.PROHIBITS, Reading.PERMITS, Reading.REQUIRES):
                out.append(hit)
                continue
            index, item = next((index, item) for index, item in enumerate(self.items) if item.id == hit.item_id)
            analysed = self.analysed(following.text)
            frame = Frame(
                Reading.RESTRICTS, hit.reading, (*hit.cues, following.text[:60]), analysed.has(Cue.DEADLY_FORCE)
            )
            # "Exception: when an occupant uses deadly force by means other than the vehicle": a narrow exception
            # the standard accepts reads as it would inside the rule.
            narrow = "narrow" in self.found(following.text).get(index, _Found()).roles
            verdict, why = clause_verdict(item, frame, hit.weaker, narrow)
            if verdict is None:
                out.append(hit)
                continue
            attached.add((hit.item_id, id(following)))
            out.append(
                replace(
                    hit,
                    reading=Reading.RESTRICTS,
                    cues=frame.cues,
                    verdict=verdict,
                    why=f"{why} (see the exception after it)",
                )
            )
        return [
            replace(hit, verdict=None, why="an exception to the rule before it, read with that rule")
            if (hit.item_id, id(hit.clause)) in attached
            else hit
            for hit in out
        ]

    def _with_parts_elsewhere(self, hits: list[Hit]) -> list[Hit]:
        """A binding rule that names only some of its item's parts can cover the rest in two other places:

        - the clause after it says what it covers: "All uses of force shall be reported. This includes pointing a
          firearm at a person." (about the same topic, or pointing back to it, and denying nothing: "This does
          not include …" covers nothing);
        - the document defines the term the rule uses: "Chokehold means any hold … including a carotid restraint"
          makes "Chokeholds are prohibited" a ban of both kinds.
        """
        by_clause = {id(clause): position for position, clause in enumerate(self.clauses)}
        indexes = {item.id: index for index, item in enumerate(self.items)}
        out = []
        for hit in hits:
            index = indexes.get(hit.item_id)
            position = by_clause.get(id(hit.clause))
            if (
                position is None
                or index is None
                or not self.items[index].parts
                or hit.weaker
                or not (
                    hit.reading in (Reading.REQUIRES, Reading.PROHIBITS)
                    or (hit.reading is Reading.RESTRICTS and hit.verdict is Status.MET)  # an exception it accepts
                )
                or hit.verdict not in (Status.MET, Status.PARTIAL)
                or (hit.verdict is Status.PARTIAL and hit.parts)  # partial for another reason than its parts
            ):
                out.append(hit)
                continue
            after = self._parts_after(position, index) if not hit.parts else frozenset()
            defined = self._parts_defined(hit.clause, index)
            added = (after | defined) - hit.parts
            if not added:
                out.append(hit)
                continue
            where = "the clause after it" if added <= after else "the definition of its term"
            names = ", ".join(name for name, _ in self.items[index].parts if name in added)
            why = hit.why if hit.verdict is Status.MET else "binding"
            out.append(replace(hit, verdict=Status.MET, parts=hit.parts | added, why=f"{why}; {where} adds: {names}"))
        return out

    def _parts_after(self, position: int, index: int) -> frozenset[str]:
        clause = self.clauses[position]
        named: set[str] = set()
        for later in range(position + 1, min(len(self.clauses), position + 1 + _PARTS_REACH)):
            candidate = self.clauses[later]
            if candidate.section == FURNITURE_SECTION:
                continue
            if candidate.heading or candidate.section != clause.section:
                break
            found = self.found(candidate.text).get(index)
            if found is None or not found.parts:
                continue
            tokens = self.tokens(candidate.text)
            words = [token.lemma for token in tokens[after_marker(tokens) :] if token.is_word]
            pointing = words[:1] in (["this"], ["these"], ["such"], ["it"]) or words[:2] in (
                ["for", "purpose"],
                ["for", "the"],
            )
            if (found.mentions or pointing) and not self._denies(candidate.text, found, _DENIALS):
                named.update(found.parts)
        return frozenset(named)

    def _denies(self, text: str, found: _Found, denials: frozenset[str]) -> bool:
        """ "This does not include …", "Pointing a firearm is not reportable": a denial at the opening or beside a
        part; not one in a clause of its own further on ("takedowns that do not cause injury")."""
        tokens = self.tokens(text)
        opening = after_marker(tokens)
        words = [token.lemma for token in tokens[opening:] if token.is_word]
        spans = [span for spans in found.parts.values() for span in spans]
        near_parts = any(
            tokens[at].lemma in denials
            for start, end in spans
            for at in range(max(opening, start - _DENIAL_NEAR), min(len(tokens), end + _DENIAL_NEAR))
        )
        # "… is not a reportable use of force": the topic itself denied.
        before_topic = any(
            token.lemma in denials
            for mention in found.mentions
            for token in tokens[max(opening, mention.start - _DENIAL_BEFORE_TOPIC) : mention.start]
        )
        return bool(denials.intersection(words[:_DENIAL_OPENING])) or near_parts or before_topic

    def _parts_defined(self, clause: Clause, index: int) -> frozenset[str]:
        """The parts that the document's definitions give the terms this clause names."""
        found = self.found(clause.text).get(index)
        glossary = self._glossary().get(index)
        if found is None or not found.mentions or not glossary:
            return frozenset()
        tokens = self.tokens(clause.text)
        named: set[str] = set()
        for mention in found.mentions:
            named |= glossary.get(_term(tokens, mention), frozenset())
        return frozenset(named)

    def _glossary(self) -> dict[int, dict[str, frozenset[str]]]:
        """Item → defined term → the parts its definition names ('Chokehold – any hold … including a carotid
        restraint'). The term must open the definition; a part denied or set apart there ('distinct from a
        chokehold') is not the term's."""
        if self._terms is None:
            self._terms = defaultdict(dict)
            for clause in self.definitions:
                if not self._may_mention(clause.text):
                    continue
                tokens = self.tokens(clause.text)
                opening = after_marker(tokens)
                for index, found in self.found(clause.text).items():
                    if not (self.items[index].parts and found.mentions and found.parts):
                        continue
                    first = min(found.mentions, key=lambda mention: mention.start)
                    words_before = [token for token in tokens[opening : first.start] if token.is_word]
                    if len(words_before) > 1 or self._denies(clause.text, found, _DENIALS | _SET_APART):
                        continue
                    term = _term(tokens, first)
                    known = self._terms[index].get(term, frozenset())
                    self._terms[index][term] = known | frozenset(found.parts)
        return self._terms

    def _exception_after(self, position: int) -> Clause | None:
        clause = self.clauses[position]
        for later in range(position + 1, min(len(self.clauses), position + 3)):
            candidate = self.clauses[later]
            if candidate.section == FURNITURE_SECTION:
                continue
            if candidate.heading or candidate.section != clause.section:
                return None
            tokens = self.tokens(candidate.text)
            words = [token.lemma for token in tokens[after_marker(tokens) :] if token.is_word]
            if (words[:1] and words[0] in _EXCEPTION_OPENERS) or words[:2] in (
                ["the", "exception"],
                ["a", "exception"],
            ):
                return candidate
            return None
        return None


def _said_of(tokens: Sequence[Token], start: int, end: int, mention: Mention, reach: int) -> bool:
    """Whether the reference to the document at [start, end) is what the phrase at `mention` is said of: its subject
    shortly before it, or its object just after it, in the same clause."""
    if end <= mention.start:
        between = tokens[end : mention.start]
        if len(between) > reach or any(token.text in _CLAUSE_STOPS for token in between):
            return False
        # Further than a few words, nothing may start another clause or predicate between them: "This policy does
        # not prevent the Department from making information available to the public" is not about the policy.
        return len(between) <= _NEAR_REACH or not any(token.lemma in _CLAUSE_OPENERS for token in between)
    if mention.end <= start:
        return all(token.text.lower() in _OBJECT_WORDS for token in tokens[mention.end : start])
    return False


def _as_recommended(frame: Frame, analysed: Analysed) -> Frame:
    """In a recommendation document, 'should never be used' is the ban it asks for, 'should report' the duty."""
    against = any(hit.cue is Cue.ADVISE_AGAINST and hit.text in frame.cues for hit in analysed.cues)
    base = Reading.PROHIBITS if against else Reading.REQUIRES
    reading = Reading.RESTRICTS if frame.reading is Reading.RESTRICTS else base
    return replace(frame, reading=reading, base=base)


def _term(tokens: Sequence[Token], mention: Mention) -> str:
    """A topic mention as a term to look up: its words' lemmas, closed up ('choke hold' is 'chokehold')."""
    return "".join(token.lemma for token in tokens[mention.start : mention.end] if token.is_word)


def _specific_parts(parts: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """A part named inside a longer name of another part is that part only: "vascular neck restraint" is the
    vascular kind, though "neck restraint" alone names both kinds."""
    spans = [(name, span) for name, named in parts.items() for span in named]
    kept: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, (start, end) in spans:
        if not any(
            other != name and first <= start and end <= last and last - first > end - start
            for other, (first, last) in spans
        ):
            kept[name].append((start, end))
    return kept


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions nested in a longer one ("carotid" inside "carotid restraint")."""
    kept: list[Mention] = []
    for mention in sorted(set(mentions), key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start >= kept[-1].start and mention.end <= kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _all_phrases(item: Item) -> list[str]:
    phrases = [*item.topic.phrases, *item.topic.context, *item.topic.other_senses, *item.met_also.exceptions]
    if item.weaker is not None:
        phrases += [*item.weaker.phrases, *item.weaker.context, *item.weaker.other_senses]
    for _, part in item.parts:
        phrases += part
    return phrases


_MATCHERS: dict[tuple[str, str, str], StandardMatcher] = {}


def matcher_for(standard: Standard) -> StandardMatcher:
    """One compiled matcher per standard content."""
    key = (standard.id, standard.path, standard.digest)
    if key not in _MATCHERS:
        _MATCHERS[key] = StandardMatcher(standard)
    return _MATCHERS[key]


def split_at_headings(clauses: Sequence[Clause], parts: int) -> tuple[tuple[Clause, ...], ...]:
    """At most `parts` runs of consecutive clauses, of about equal text, each but the first opening on a heading.

    Discourse never crosses a heading (a pronoun looks back only within its section, an exception forward only
    within it, and a heading resets what was last named), so the hits of the runs, put together in order, are
    the hits of the whole: a long manual's reading can be shared out between workers.
    """
    if parts <= 1 or len(clauses) < 2:
        return (tuple(clauses),)
    sizes = [len(clause.text) + 1 for clause in clauses]
    total = sum(sizes)
    starts: list[int] = []
    done = 0
    for position, clause in enumerate(clauses):
        goal = total * (len(starts) + 1) / parts
        if clause.heading and position > (starts[-1] if starts else 0) and done >= goal:
            starts.append(position)
            if len(starts) == parts - 1:
                break
        done += sizes[position]
    bounds = [0, *starts, len(clauses)]
    return tuple(tuple(clauses[bounds[i] : bounds[i + 1]]) for i in range(len(bounds) - 1))


def _reader(phrases: Iterable[str] = ()) -> tuple[Lexicon, CompiledCues]:
    """A lexicon anchored on the cue file's words and these checklist phrases' words, and the cues compiled with it."""
    lexicon_file = cue_file.load()
    lexicon = Lexicon(cue_file.vocabulary(lexicon_file) | phrase_words(phrases), fuzzy_cutoff=88)
    return lexicon, cue_file.compile_cues(lexicon_file, lexicon)


_plain_reader = lru_cache(maxsize=1)(_reader)


def read(text: str, start: int, end: int, lead: str = "", kind: Kind = Kind.BAN) -> Frame:
    """The frame of the topic at characters [start, end) of `text` (for tests and exploration)."""
    lexicon, cues = _plain_reader()

    def analysed(value: str) -> Analysed:
        tokens = lexicon.analyse(tokenize([value])[0])
        return analyse(tokens, cues.patterns.find(tokens), value)

    clause = analysed(text)
    covered = [index for index, token in enumerate(clause.tokens) if token.start < end and start < token.end]
    mention = Mention.at(covered[0], covered[-1] + 1) if covered else Mention.at(0, 0)
    return read_frame(clause, mention, kind, cues, lexicon, analysed(lead) if lead else None)
