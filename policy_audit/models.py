"""The nouns of policy-audit: frozen values passed one way through ingest → segment → match → decide → report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, NamedTuple


class Status(str, Enum):
    """One verdict per document × item, as defined in LABELING.md (plus `unreadable` for unread documents)."""

    MET = "met"
    PARTIAL = "partial"
    CONTRADICTED = "contradicted"
    MISSING = "missing"
    UNREADABLE = "unreadable"

    @property
    def severity(self) -> int:
        """How far from `met`: used by `--fail-on` and by weakest-wins."""
        return _SEVERITY[self]

    @property
    def symbol(self) -> str:
        """A symbol that carries the status without colour."""
        return _SYMBOL[self]


_SEVERITY = {
    Status.MET: 0,
    Status.PARTIAL: 1,
    Status.MISSING: 2,
    Status.CONTRADICTED: 3,
    Status.UNREADABLE: 4,
}
_SYMBOL = {
    Status.MET: "✔",
    Status.PARTIAL: "◐",
    Status.CONTRADICTED: "✘",
    Status.MISSING: "○",
    Status.UNREADABLE: "?",
}


class Reading(str, Enum):
    """What a clause does to an item's topic (the deontic reading)."""

    PROHIBITS = "prohibits"
    REQUIRES = "requires"
    PERMITS = "permits"
    RESTRICTS = "restricts"
    ADVISES = "advises"
    REFUSES = "refuses"
    MENTIONS = "mentions"


class Kind(str, Enum):
    """How an item turns readings into statuses (see decide.py)."""

    BAN = "ban"
    DUTY = "duty"
    PUBLICATION = "publication"
    DESCRIBES = "describes"


class Line(NamedTuple):
    """One line of extracted text, with where it sits in the source (a named tuple: a folder of policies has
    millions of lines, and each is made two or three times while cleaned)."""

    text: str
    page: int
    number: int
    furniture: bool = False
    """A running header or footer (kept once, so a footer such as 'published at …' still counts)."""


@dataclass(frozen=True)
class Document:
    """A read document: its lines with page/line provenance."""

    path: str
    sha256: str
    pages: int
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()
    """Problems that did not stop the reading, e.g. pages with no text layer."""


class Clause(NamedTuple):
    """A unit of text that can carry a rule: a sentence or a numbered item, with its provenance (a named tuple,
    as Line is: a folder of policies has hundreds of thousands)."""

    text: str
    page: int
    line: int
    section: str
    normative: bool = True
    lead: str = ""
    """The lead-in of the list this clause belongs to ("The following are prohibited:"), read with it."""
    heading: bool = False
    """A section heading: it decides an item only when it states a rule itself ("Warning shots prohibited")."""
    running_header: str = ""
    """The running headers and footers in force where the clause sits (a manual's chapter title among them)."""
    role: str = "rule"
    """What the clause is: rule, heading, title (a paragraph's run-in title, "C. Continuum."), definition, contents,
    citation, question (an FAQ's question), myth (a claim quoted to be refuted), form (a form header's label) or
    furniture (a running header or footer). Only rules (and headings and titles that state one) decide."""


@dataclass(frozen=True)
class Source:
    """Where an item comes from, so a reader can cite it."""

    document: str
    section: str = ""
    example: str = ""
    addition: bool = False
    """True when the source does not ask for this item and the checklist adds it (said in `standards show`)."""


@dataclass(frozen=True)
class Topic:
    """What a clause must say to be about an item: phrases in the checklist notation (see patterns.py)."""

    phrases: tuple[str, ...]
    context: tuple[str, ...] = ()
    """At least one of these must also occur in the clause, its list lead-in or its section heading."""
    other_senses: tuple[str, ...] = ()
    """A clause containing one of these is about something else ("crisis intervention", "civil dispute")."""


@dataclass(frozen=True)
class MetAlso:
    """What else a standard counts as `met`, where its rubric is more lenient than LABELING.md."""

    deadly_force_exception: bool = False
    """A ban that still allows the practice where deadly force is authorized (Campaign Zero's coders)."""
    exceptions: tuple[str, ...] = ()
    """Exceptions narrow enough that a ban carrying one is still a ban ("by means other than the vehicle")."""
    feasibility: bool = False
    """A binding duty under a condition of feasibility ("shall, whenever possible, de-escalate"), which LABELING.md
    reads as advice on the core duty and Campaign Zero's rubric as a requirement."""


@dataclass(frozen=True)
class Item:
    """One safeguard of a checklist.

    `met` means one thing for every item: binding provisions on the topic that, together, name every part in
    `parts`. `weaker` is a topic that can only ever give `partial`; `met_also` widens `met` for lenient rubrics.
    """

    id: str
    title: str
    kind: Kind
    source: Source
    why: str
    topic: Topic
    model_language: str
    examples: tuple[tuple[Status, tuple[str, ...]], ...]
    parts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Named parts that binding provisions must name between them for `met` (airway and vascular holds; a pass condition)."""
    weaker: Topic | None = None
    """A weaker provision (e.g. a duty only to report) that makes the item `partial` when nothing stronger is found."""
    narrowed_by: tuple[str, ...] = ()
    """Words that confine a rule on the topic to some of its cases ("physical force that results in injury" in a duty
    to report every use of force): a clause naming one is the weaker provision."""
    met_also: MetAlso = field(default_factory=MetAlso)
    advisory: Status | None = None
    """How advisory wording on this item reads, where it differs from its standard's `advisory`."""
    every_officer: bool = False
    """The duty is every officer's: one laid only on a rank or unit ("Supervisors shall intervene") is partial."""
    permission_under_deadly_force: Status | None = None
    """How a plain permission under a deadly-force condition ("… may be fired when deadly force is justified") reads
    on a ban, where it is not the narrow allowance of a deadly-force exception or an "only" (partial, or met under
    `met_also`): LABELING.md codes "warning shots may be fired when…" as an authorization."""


@dataclass(frozen=True)
class Standard:
    """A checklist: an id, a title, a source and its items."""

    id: str
    title: str
    source: str
    items: tuple[Item, ...]
    path: str
    digest: str
    """A hash of the file's content, so a cache notices any edit."""
    profile_of: str = ""
    """The standard this one selects its items from (e.g. core ⊂ cti-6.1), so each item is defined once."""
    advisory: Status = Status.PARTIAL
    """How advisory wording ("officers should intervene") reads: partial (LABELING.md), or met where the
    standard's own coders counted it (8 Can't Wait)."""

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


@dataclass(frozen=True)
class Frame:
    """What one clause does to one mention of a topic (the reader's reading), and the cue words behind it."""

    reading: Reading
    base: Reading
    """For `restricts`: what the restricted rule is (prohibits, permits or requires); else equal to reading."""
    cues: tuple[str, ...]
    deadly_only: bool = False
    refusal: str = ""
    """For `refuses`: 'duty' (not required to …) or 'disclosure' (not for public release …); for `restricts`,
    'exemption' when some cases are exempted from a duty ("officers who … are not required to …")."""
    limited: bool = False
    """The rule is expressly limited to one setting (the holding facility, temporary custody …)."""
    verb: str = ""
    """The lemma of the verb the deciding cue governs ('carry' in "only certified officers may carry a TASER")."""
    acts: bool = False
    """That verb does something with a thing (carry, use, point …): a rule on doing it."""
    narrowed: bool = False
    """For `restricts`: the rule applies *only* in some cases ("required only when …", "applies only within …"),
    rather than everywhere but for an exception ("unless it would be unsafe")."""
    bearer: str = ""
    """The rank or unit the rule is laid on when its subject is only that ("A sergeant who … shall intervene")."""
    optional: bool = False
    """For a thing a policy sets out: the permission's act is the thing itself ("officers may give a warning"), so
    the thing is left optional rather than set out."""
    conditional: bool = False
    """For a ban: it holds only under a condition after it ("… in any area where the round could strike a
    bystander"), so it bans the practice in some cases, not as such."""
    feasible: bool = False
    """For `advises`: the advice is only a condition of feasibility on a binding modal ("shall, whenever possible,
    …"), not a "should"."""
    forbids_itself: bool = False
    """For a duty: the ban's verb is the duty's own act ("An officer shall not physically intervene in …"), where
    "shall not use force without first attempting de-escalation" bans another act."""


@dataclass(frozen=True)
class ExceptionAfter:
    """'… are prohibited. Exception: when deadly force is authorized.': the sentence that restricts a rule."""

    clause: Clause
    deadly: bool
    """It names a deadly-force condition."""
    narrow: bool
    """It is an exception the standard accepts as narrow ('by means other than the vehicle')."""


@dataclass(frozen=True)
class Hit:
    """A clause that touches an item's topic, and what it does to it (decide.py turns this into a verdict)."""

    item_id: str
    clause: Clause
    frames: tuple[Frame, ...]
    """One reading per mention of the topic in the clause (the weakest decides)."""
    topic: str = ""
    """The topic phrase as the clause words it (for --explain)."""
    weaker: bool = False
    """The clause is on the item's weaker topic (e.g. a duty only to report)."""
    parts: frozenset[str] = field(default_factory=frozenset)
    """The item's parts this clause names."""
    narrow: bool = False
    """The clause's exception is one the standard accepts as narrow."""
    referred: bool = False
    """The clause names the topic only by pointing back to it ('this technique', a heading as subject)."""
    exception: ExceptionAfter | None = None
    """The exception sentence just after the clause, if any."""
    parts_after: frozenset[str] = field(default_factory=frozenset)
    """Parts the clause after it ("This includes pointing a firearm") or before it ("Reportable force includes …")
    says the rule covers."""
    parts_defined: frozenset[str] = field(default_factory=frozenset)
    """Parts the document's definition of the term it uses names ('Chokehold means … a carotid restraint')."""


@dataclass(frozen=True)
class Judgement:
    """decide.py's verdict on one hit: the reading that decided, and what this clause alone says of the item."""

    hit: Hit
    reading: Reading
    cues: tuple[str, ...]
    """The words that decided the reading, for --explain."""
    verdict: Status | None
    """None: it only mentions the topic."""
    why: str
    """One line on how the verdict follows from the reading."""
    parts: frozenset[str] = field(default_factory=frozenset)
    """The item's parts this clause covers."""
    limited: bool = False
    """A ban expressly limited to one setting (the holding facility): it leaves the practice open elsewhere."""

    @property
    def clause(self) -> Clause:
        return self.hit.clause

    @property
    def weaker(self) -> bool:
        return self.hit.weaker

    @property
    def topic(self) -> str:
        return self.hit.topic


@dataclass(frozen=True)
class Evidence:
    """A deciding quote with its provenance."""

    quote: str
    page: int
    line: int
    section: str
    reading: Reading
    cues: tuple[str, ...] = ()
    lead: str = ""
    """The list lead-in the quote hangs from, when the rule sits there ("The following are prohibited:")."""


@dataclass(frozen=True)
class Waiver:
    """An accepted gap: an item not required of a document until a date, for a stated reason."""

    item: str
    document: str
    """A path or glob, relative to the config file's folder ('*' for every document)."""
    reason: str
    expires: date | None = None
    standard: str = ""
    """Limit the waiver to one standard ('' for any)."""
    origin: str = ""
    """Where it was declared (config file:line), so a reader can find it."""


@dataclass(frozen=True)
class Result:
    """The verdict on one item for one document, with the clauses that decided it."""

    standard: str
    item: str
    title: str
    status: Status
    evidence: tuple[Evidence, ...]
    reason: str
    model_language: str = ""
    hits: tuple[Judgement, ...] = ()
    """Every clause that touched the topic, judged (shown by --explain)."""
    waiver: Waiver | None = None
    """Set when a gap is waived: it is still reported, but does not fail the run."""


@dataclass(frozen=True)
class DocumentReport:
    """The results for one input file, or the error that kept it from being read."""

    path: str
    sha256: str
    pages: int
    results: tuple[Result, ...]
    error: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything a run found; formats render it, the CLI decides the exit code from it."""

    documents: tuple[DocumentReport, ...]
    standards: tuple[Standard, ...]
    notes: tuple[str, ...] = ()
    """Run-level notices, e.g. an expired waiver that no longer waives."""

    def counts(self) -> dict[str, int]:
        totals = {status.value: 0 for status in Status}
        for document in self.documents:
            for result in document.results:
                totals[result.status.value] += 1
        return totals

    def records(self) -> list[dict[str, Any]]:
        """One flat row per document × item, ready for `pandas.DataFrame(report.records())`: document, standard,
        item, status, and the deciding quote's quote, page, line and section (None when nothing decided it), and
        the waiver's reason (None when not waived)."""
        rows: list[dict[str, Any]] = []
        for document in self.documents:
            for result in document.results:
                evidence = result.evidence[0] if result.evidence else None
                rows.append(
                    {
                        "document": document.path,
                        "standard": result.standard,
                        "item": result.item,
                        "status": result.status.value,
                        "quote": evidence.quote if evidence else None,
                        "page": evidence.page if evidence else None,
                        "line": evidence.line if evidence else None,
                        "section": evidence.section if evidence else None,
                        "waiver": result.waiver.reason if result.waiver else None,
                    }
                )
        return rows
