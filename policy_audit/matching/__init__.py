"""Match: clauses × a standard's items → Hits (topic anchors found by spaCy, then read by the deontic reader)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from policy_audit.errors import StandardError
from policy_audit.matching.reader import read
from policy_audit.matching.text import Repairer
from policy_audit.matching.verdicts import clause_verdict
from policy_audit.models import Clause, Hit, Item, Kind, Reading, Standard, Status, Topic

_WEAKEST_FIRST = {Status.CONTRADICTED: 0, Status.PARTIAL: 1, Status.MET: 2}
_CONTEXT_ROLES = frozenset({"context", "weaker-context"})


@lru_cache(maxsize=1)
def _nlp() -> Any:
    """spaCy's blank English pipeline: tokenizer only, nothing downloaded."""
    import spacy

    return spacy.blank("en")


def phrase_variants(phrase: str) -> tuple[str, ...]:
    """Spelling variants a policy may use for one phrase: hyphen/space/closed compounds and plurals."""
    base = " ".join(phrase.lower().split())
    forms = {base, base.replace("-", " "), base.replace("-", ""), base.replace(" ", "-")}
    if "-" in base or " " in base:
        forms.add(base.replace(" ", ""))
    out = set()
    for form in forms:
        out.add(form)
        last = form.rsplit(" ", 1)[-1]
        if last.isalpha() and len(last) > 2:
            if last.endswith(("s", "x", "ch", "sh")):
                out.add(form + "es")
            elif last.endswith("y") and last[-2] not in "aeiou":
                out.add(form[:-1] + "ies")
            else:
                out.add(form + "s")
    return tuple(sorted(out))


@dataclass(frozen=True)
class _Found:
    """What the matcher found of one item in one clause."""

    topic_spans: tuple[tuple[int, int, frozenset[str]], ...]
    weaker_spans: tuple[tuple[int, int], ...]
    roles: frozenset[str]


_EMPTY = _Found((), (), frozenset())


class StandardMatcher:
    """Compiled topic patterns for one standard."""

    def __init__(self, standard: Standard) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        nlp = _nlp()
        self.standard = standard
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._tokens = Matcher(nlp.vocab, validate=True)
        self._keys: dict[int, tuple[int, str, str]] = {}
        vocabulary: set[str] = set()
        cutoff = 90
        for index, item in enumerate(standard.items):
            self._add_topic(index, item.topic, "topic", vocabulary)
            cutoff = min(cutoff, item.topic.fuzzy)
            if item.weaker is not None:
                self._add_topic(index, item.weaker, "weaker", vocabulary)
            self._add(index, "full", "", item.full_when)
            self._add(index, "narrow", "", item.met_exceptions)
            for name, phrases in item.elements:
                vocabulary.update(word for phrase in phrases for word in phrase.lower().replace("-", " ").split())
                self._add(index, "element", name, phrases)
                self._add(index, "topic", "", phrases)
        self.repairer = Repairer(vocabulary, cutoff)

    def _add_topic(self, index: int, topic: Topic, role: str, vocabulary: set[str]) -> None:
        prefix = "" if role == "topic" else "weaker-"
        self._add(index, role, "", topic.phrases)
        self._add(index, f"{prefix}context", "", topic.context)
        self._add(index, f"{prefix}exclude", "", topic.exclude)
        for phrase in topic.phrases:
            vocabulary.update(phrase.lower().replace("-", " ").split())
        for number, pattern in enumerate(topic.patterns):
            key = f"{index}:{role}:pattern{number}"
            try:
                self._tokens.add(key, [list(pattern)])
            except ValueError as error:
                item = self.standard.items[index]
                raise StandardError(
                    self.standard.path,
                    f"item '{item.id}': invalid spaCy pattern {number + 1} in {role}: {error}".splitlines()[0],
                    "see https://spacy.io/usage/rule-based-matching for the token pattern keys",
                ) from None
            self._keys[_nlp().vocab.strings[key]] = (index, role, "")

    def _add(self, index: int, role: str, name: str, phrases: Iterable[str]) -> None:
        nlp = _nlp()
        docs = [nlp.make_doc(variant) for phrase in phrases for variant in phrase_variants(phrase)]
        if not docs:
            return
        key = f"{index}:{role}:{name}"
        self._phrases.add(key, docs)
        self._keys[nlp.vocab.strings[key]] = (index, role, name)

    def hits(self, clauses: Sequence[Clause]) -> tuple[Hit, ...]:
        """Every (item, clause) where the clause is about the item, read and judged."""
        nlp = _nlp()
        texts = [self.repairer.repair(clause.text) for clause in clauses]
        repaired_leads = {
            lead: self.repairer.repair(lead) for lead in {clause.lead for clause in clauses if clause.lead}
        }
        lead_found = {lead: self._find(nlp.make_doc(text), roles_only=True) for lead, text in repaired_leads.items()}
        section_roles = {
            section: self._find(nlp.make_doc(self.repairer.repair(section)), roles_only=True)
            for section in {clause.section for clause in clauses if clause.section}
        }
        out: list[Hit] = []
        for clause, text, doc in zip(clauses, texts, nlp.tokenizer.pipe(texts), strict=True):
            found = self._find(doc, roles_only=True)
            if not found:
                continue
            lead = repaired_leads.get(clause.lead, "")
            from_lead = lead_found.get(clause.lead, {})
            heading_roles = section_roles.get(clause.section, {})
            for index, item_found in found.items():
                context = from_lead.get(index, _EMPTY).roles | (heading_roles.get(index, _EMPTY).roles & _CONTEXT_ROLES)
                item = self.standard.items[index]
                if item_found.topic_spans or item_found.weaker_spans:
                    hit = self._judge(item, clause, text, lead, item_found, context)
                elif "full" in item_found.roles and from_lead.get(index, _EMPTY).topic_spans:
                    # "A report shall be completed when an officer: … (b) points a firearm at a person."
                    # The topic and the rule sit in the lead-in, the deciding element in the item.
                    hit = self._judge(item, clause, lead, "", from_lead[index], item_found.roles)
                else:
                    continue
                if hit is not None:
                    out.append(hit)
        return tuple(out)

    def _find(self, doc: Any, roles_only: bool = False) -> dict[int, _Found]:
        spans: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        weaker: dict[int, list[tuple[int, int]]] = defaultdict(list)
        roles: dict[int, set[str]] = defaultdict(set)
        elements: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        matches = list(self._phrases(doc)) + (list(self._tokens(doc)) if len(self._tokens) else [])
        for match_id, start, end in matches:
            index, role, name = self._keys[match_id]
            roles[index].add(role)
            span = doc[start:end]
            if role == "topic":
                spans[index].append((span.start_char, span.end_char, ""))
            elif role == "weaker":
                weaker[index].append((span.start_char, span.end_char))
            elif role == "element":
                elements[index].append((span.start_char, span.end_char, name))
        out: dict[int, _Found] = {}
        for index in set(spans) | set(weaker) | (set(roles) if roles_only else set()):
            topic_spans = []
            for start, end, _ in sorted(set(spans[index])):
                names = frozenset(name for s, e, name in elements[index] if s >= start and e <= end)
                topic_spans.append((start, end, names))
            out[index] = _Found(
                tuple(_outermost(topic_spans)), tuple(sorted(set(weaker[index]))), frozenset(roles[index])
            )
        return out

    def _judge(
        self, item: Item, clause: Clause, text: str, lead: str, found: _Found, lead_roles: frozenset[str]
    ) -> Hit | None:
        roles = found.roles | lead_roles
        candidates: list[tuple[int, int, frozenset[str], bool]] = []
        if found.topic_spans and "exclude" not in roles and (not item.topic.context or "context" in roles):
            candidates = [(start, end, names, False) for start, end, names in found.topic_spans]
        elif (
            item.weaker is not None
            and found.weaker_spans
            and "weaker-exclude" not in roles
            and (not item.weaker.context or "weaker-context" in roles)
        ):
            candidates = [(start, end, frozenset(), True) for start, end in found.weaker_spans]
        if not candidates:
            return None
        full = "full" in roles
        narrow = "narrow" in roles
        best: tuple[int, Hit] | None = None
        for start, end, names, weaker in candidates:
            reading = read(text, start, end, lead)
            verdict, why = clause_verdict(item, reading, weaker, full, narrow)
            if clause.heading and reading.base is Reading.MENTIONS and item.kind is not Kind.PUBLICATION:
                verdict, why = None, "a heading with no rule of its own"
            elements = names or frozenset(name for name, _ in item.elements)
            hit = Hit(
                item.id,
                clause,
                reading.reading,
                reading.cues,
                verdict,
                why,
                weaker,
                elements if verdict else frozenset(),
            )
            rank = _WEAKEST_FIRST.get(verdict, 3) if verdict else 3
            if best is None or rank < best[0]:
                best = (rank, hit)
            elif verdict is Status.MET and best[1].verdict is Status.MET:
                best = (
                    rank,
                    Hit(
                        item.id,
                        clause,
                        best[1].reading,
                        best[1].cues,
                        Status.MET,
                        best[1].why,
                        weaker,
                        best[1].elements | elements,
                    ),
                )
        return best[1] if best else None


def _outermost(spans: list[tuple[int, int, frozenset[str]]]) -> list[tuple[int, int, frozenset[str]]]:
    """Drop spans nested in a longer one ("carotid" inside "carotid restraint"), merging their element names."""
    kept: list[tuple[int, int, frozenset[str]]] = []
    for start, end, names in sorted(spans, key=lambda span: (span[0], -(span[1] - span[0]))):
        if kept and start >= kept[-1][0] and end <= kept[-1][1]:
            previous = kept[-1]
            kept[-1] = (previous[0], previous[1], previous[2] | names)
            continue
        kept.append((start, end, names))
    return kept


_MATCHERS: dict[tuple[str, str, str], StandardMatcher] = {}


def matcher_for(standard: Standard) -> StandardMatcher:
    """One compiled matcher per standard content (compiling spaCy patterns is the slow part)."""
    key = (standard.id, standard.path, standard.digest)
    if key not in _MATCHERS:
        _MATCHERS[key] = StandardMatcher(standard)
    return _MATCHERS[key]
