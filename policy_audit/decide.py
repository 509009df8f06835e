"""Decide: every verdict rule. Readings → a status per clause by the item's kind, then one status per item,
weakest wins, with the deciding clauses kept as evidence (LABELING.md, table by table).

Kinds: `ban` forbids a practice (warning shots, neck restraints, hog-tying); `duty` requires something (intervene;
training with a pass condition); `publication` is a statement that the policy is public, refusal its contradiction;
`describes` is met when the policy lays the thing out (a force continuum).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from policy_audit.errors import PolicyAuditError
from policy_audit.models import (
    DocumentReport,
    Evidence,
    Frame,
    Hit,
    Item,
    Judgement,
    Kind,
    Reading,
    Result,
    Standard,
    Status,
)

BINDING = frozenset({Reading.REQUIRES, Reading.PROHIBITS, Reading.RESTRICTS})
_WEAKEST_FIRST = {Status.CONTRADICTED: 0, Status.PARTIAL: 1, Status.MET: 2}
_PUBLICATION_RANKS = {Status.CONTRADICTED: 0, Status.MET: 1, Status.PARTIAL: 2}
_HEADING_RULES = frozenset({Reading.PROHIBITS, Reading.PERMITS})
_RULES_WITH_EXCEPTIONS = (Reading.PROHIBITS, Reading.PERMITS, Reading.REQUIRES)


def decide(standard: Standard, item: Item, hits: Iterable[Hit]) -> Result:
    """Weakest wins: an express authorization over a restriction over a binding rule; advice only without a rule."""
    advice_reads = item.advisory or standard.advisory
    judged = [judge(item, hit, advice_reads) for hit in hits]
    judged = _with_parts_elsewhere(item, _with_exceptions(item, judged, advice_reads))
    counted = [entry for entry in judged if entry.verdict is not None and entry.clause.normative]
    main = [entry for entry in counted if not entry.weaker]
    by_status = {status: [entry for entry in main if entry.verdict is status] for status in _WEAKEST_FIRST}
    contradicted, met = by_status[Status.CONTRADICTED], by_status[Status.MET]
    # For a ban, a restriction that still allows the practice outweighs a ban elsewhere; for a duty or a
    # publication, one binding statement suffices and weaker wording elsewhere does not undo it.
    partial = by_status[Status.PARTIAL]
    # A ban or a restriction that names none of the item's parts ("… kneeling on the neck", "… except to apply
    # handcuffs") restricts nothing: the parts decide in _met.
    unrestricting = (Reading.ADVISES, Reading.PROHIBITS)
    restricted = (
        [entry for entry in partial if entry.reading not in unrestricting and (entry.parts or not item.parts)]
        if item.kind is Kind.BAN
        else []
    )
    advisory = sorted((e for e in partial if e not in restricted), key=lambda entry: entry.reading is Reading.ADVISES)
    weaker = [entry for entry in counted if entry.weaker]

    def result(status: Status, deciding: list[Judgement], reason: str) -> Result:
        model = "" if status is Status.MET else item.model_language
        evidence = tuple(_evidence(entry) for entry in deciding)
        return Result(standard.id, item.id, item.title, status, evidence, reason, model, tuple(judged))

    if contradicted:
        return result(Status.CONTRADICTED, contradicted + met, contradicted[0].why)
    if restricted:
        return result(Status.PARTIAL, restricted + met, restricted[0].why)
    if met:
        return _met(item, met, result)
    if advisory:
        return result(Status.PARTIAL, advisory, advisory[0].why)
    if weaker:
        return result(Status.PARTIAL, weaker, weaker[0].why)
    mentions = [entry for entry in judged if entry.clause.normative]
    reason = "only mentioned, never ruled on" if mentions else "nothing in the document addresses it"
    if not mentions and judged:
        reason = "mentioned only in a table of contents, definition or index"
    return result(Status.MISSING, [], reason)


def _met(item: Item, met: list[Judgement], result: Callable[[Status, list[Judgement], str], Result]) -> Result:
    """Binding clauses: met when together they name every part, and not only in one setting."""
    covered: set[str] = set()
    for entry in met:
        covered |= entry.parts
    missing = [name for name, _ in item.parts if name not in covered]
    if missing:
        return result(Status.PARTIAL, met, f"binding, but does not cover: {', '.join(missing)}")
    everywhere = [entry for entry in met if not entry.limited]
    if not everywhere:
        where = met[0].clause.section or "a limited setting"
        done = "banned" if item.kind is Kind.BAN else "set out"
        return result(Status.PARTIAL, met, f"{done} only in one setting ({where})")
    if item.kind is Kind.DUTY:  # "who fails … shall not carry" shows the duty's consequence: quote it first
        everywhere.sort(key=lambda entry: entry.reading is not Reading.PROHIBITS)
    return result(Status.MET, everywhere, everywhere[0].why)


def judge(item: Item, hit: Hit, advisory: Status = Status.PARTIAL) -> Judgement:
    """What one clause alone says of the item: the weakest of its mentions' readings. A publication clause that
    offers a full route and a partial one ("published in full on the website, and a copy is available on request")
    publishes: only "only on request" or "a summary" is partial, and a refusal still wins."""
    ranks = _PUBLICATION_RANKS if item.kind is Kind.PUBLICATION else _WEAKEST_FIRST
    best: tuple[int, Judgement] | None = None
    for frame in hit.frames:
        judged = _judge_frame(item, hit, frame, advisory)
        rank = ranks.get(judged.verdict, 3) if judged.verdict else 3
        if best is None or rank < best[0]:
            best = (rank, judged)
    assert best is not None, "a hit has at least one frame"
    return best[1]


_NAMES_NONE = ", but it names none of: "
"""How a verdict says it was met but for the item's parts (the clause beside it or a definition may name them)."""

_ANSWERED_ELSEWHERE = {
    "question": "a question: its answer rules",  # "Does the Department use a continuum?" sets none out
    "myth": "a myth the document refutes: its fact rules",  # 'MYTH: "Warning shots are allowed …"'
}
"""Clauses whose words are not the document's own rule: what follows them answers or refutes them."""


def _judge_frame(item: Item, hit: Hit, frame: Frame, advisory: Status) -> Judgement:
    verdict, why = clause_verdict(item, frame, hit.weaker, hit.narrow, advisory)
    clause = hit.clause
    titled = clause.heading or clause.role == "title"
    if titled and frame.base not in _HEADING_RULES and item.kind is not Kind.PUBLICATION:
        # "Warning Shots Prohibited" states a rule; "Duty to Intervene" and "C. Continuum." only name what follows.
        verdict, why = None, "a heading with no rule of its own"
    if clause.role in _ANSWERED_ELSEWHERE and verdict is not None:
        verdict, why = None, _ANSWERED_ELSEWHERE[clause.role]
    if not clause.normative and clause.role not in ("rule", "heading", "title") and verdict is not None:
        why = f"a {clause.role}, not a rule"
    covered = hit.parts if verdict else frozenset()
    if verdict is Status.MET and item.parts and not hit.parts:
        names = ", ".join(name for name, _ in item.parts)
        verdict, why = Status.PARTIAL, f"{why}{_NAMES_NONE}{names}"
    cues = ("refers back", *frame.cues) if hit.referred else frame.cues
    limited = frame.limited and item.kind in (Kind.BAN, Kind.DESCRIBES)  # a duty in the cells is still a duty
    return Judgement(hit, frame.reading, cues, verdict, why, covered, limited)


def _with_exceptions(item: Item, judged: list[Judgement], advisory: Status) -> list[Judgement]:
    """'… are prohibited. Exception: when deadly force is authorized.' — the exception restricts the rule before it,
    and then has no verdict of its own: what it allows is what the rule now allows."""
    out: list[Judgement] = []
    attached = set()
    for entry in judged:
        exception = entry.hit.exception
        if exception is None or entry.reading not in _RULES_WITH_EXCEPTIONS:
            out.append(entry)
            continue
        frame = Frame(Reading.RESTRICTS, entry.reading, (*entry.cues, exception.clause.text[:60]), exception.deadly)
        verdict, why = clause_verdict(item, frame, entry.weaker, exception.narrow, advisory)
        if verdict is None:
            out.append(entry)
            continue
        attached.add(exception.clause)
        why = f"{why} (see the exception after it)"
        out.append(replace(entry, reading=Reading.RESTRICTS, cues=frame.cues, verdict=verdict, why=why))
    read_with_rule = "an exception to the rule before it, read with that rule"
    return [replace(entry, verdict=None, why=read_with_rule) if entry.clause in attached else entry for entry in out]


def _with_parts_elsewhere(item: Item, judged: list[Judgement]) -> list[Judgement]:
    """A binding rule that names only some of its item's parts covers the rest when the clause after it names them
    ("This includes pointing a firearm") or the document defines its term ("Chokehold means … carotid")."""
    out = []
    for entry in judged:
        binding = entry.reading in (Reading.REQUIRES, Reading.PROHIBITS) or (
            # an exception it accepts ("Every use of force, other than compliant handcuffing, must be recorded")
            entry.reading is Reading.RESTRICTS and (entry.verdict is Status.MET or _NAMES_NONE in entry.why)
        )
        if (
            not item.parts
            or entry.weaker
            or not binding
            or entry.verdict not in (Status.MET, Status.PARTIAL)
            or (entry.verdict is Status.PARTIAL and entry.parts)  # partial for another reason than its parts
        ):
            out.append(entry)
            continue
        after = entry.hit.parts_after  # context.py takes a following clause's parts only when they apply
        added = (after | entry.hit.parts_defined) - entry.parts
        if not added:
            out.append(entry)
            continue
        where = "the clause beside it" if added <= after else "the definition of its term"
        names = ", ".join(name for name, _ in item.parts if name in added)
        why = entry.why if entry.verdict is Status.MET else "binding"
        out.append(replace(entry, verdict=Status.MET, parts=entry.parts | added, why=f"{why}; {where} adds: {names}"))
    return out


def clause_verdict(
    item: Item, frame: Frame, weaker: bool, narrow_exception: bool = False, advisory: Status = Status.PARTIAL
) -> tuple[Status | None, str]:
    """The status one reading alone gives `item`, with a one-line reason (None: it only mentions the topic).
    `advisory` is how the standard reads advisory wording on the item itself (partial, or met)."""
    if weaker:
        return _weaker(frame)
    if item.kind is Kind.BAN:
        # "… shall not fire at a moving vehicle unless …" and "… may fire at a moving vehicle only when …" are one
        # rule when the condition is the narrow exception the standard accepts (a weapon other than the vehicle).
        if (
            narrow_exception
            and (frame.reading is Reading.RESTRICTS or frame.conditional)
            and frame.base in (Reading.PROHIBITS, Reading.PERMITS)
        ):
            return Status.MET, "prohibited, with only a narrow exception the standard accepts"
        status, why = _ban(item, frame)
    elif item.kind is Kind.DUTY:
        status, why = _duty(item, frame)
    elif item.kind is Kind.DESCRIBES:
        status, why = _describes(frame)
    else:
        status, why = _publication(frame)
    if frame.reading is Reading.ADVISES and status is Status.PARTIAL and advisory is Status.MET and not frame.narrowed:
        status, why = Status.MET, "advisory wording, which this standard counts as provided"
    if status is Status.MET and item.every_officer and frame.bearer:
        return Status.PARTIAL, f"laid only on some officers ({frame.bearer}), not on every officer"
    return status, why


def _ban(item: Item, frame: Frame) -> tuple[Status | None, str]:
    if frame.base is Reading.MENTIONS:
        return None, "mentions the practice without ruling on it"
    match frame.reading:
        case Reading.PROHIBITS if frame.conditional:
            return Status.PARTIAL, "prohibited only under a condition, not as such"
        case Reading.PROHIBITS:
            return Status.MET, "binding prohibition"
        case Reading.RESTRICTS if frame.base is Reading.PROHIBITS:
            if frame.deadly_only:
                return _deadly(item), "prohibited except where deadly force is authorized"
            return Status.PARTIAL, "prohibited, but with an exception that still allows it"
        case Reading.RESTRICTS if frame.base is Reading.PERMITS:
            if frame.deadly_only:
                return _deadly(item), "allowed only where deadly force is authorized"
            return Status.CONTRADICTED, "expressly allowed under conditions that go beyond deadly force"
        case Reading.RESTRICTS:
            return None, "a duty on something else around the practice, not a ruling on it"
        case Reading.PERMITS:
            if frame.deadly_only and item.permission_under_deadly_force is Status.CONTRADICTED:
                return Status.CONTRADICTED, "expressly authorized (a deadly-force condition narrows nothing here)"
            if frame.deadly_only:
                return item.permission_under_deadly_force or _deadly(item), "allowed where deadly force is authorized"
            return Status.CONTRADICTED, "expressly authorized"
        case Reading.ADVISES:
            return Status.PARTIAL, "advisory wording only (should / avoid / discouraged)"
        case _:
            return None, "mentions the practice without ruling on it"


def _deadly(item: Item) -> Status:
    return Status.MET if item.met_also.deadly_force_exception else Status.PARTIAL


def _duty(item: Item, frame: Frame) -> tuple[Status | None, str]:
    if frame.base is Reading.MENTIONS:
        return None, "mentions the topic without a rule"
    match frame.reading:
        case Reading.REFUSES if frame.refusal != "duty":
            return None, "a disclosure restriction, not about this duty"
        case Reading.REFUSES:
            return Status.CONTRADICTED, "expressly not required"
        case Reading.PROHIBITS if frame.forbids_itself and item.every_officer:
            # "An officer shall not physically intervene in … another officer's use of force": an act every officer
            # owes, forbidden ("No member shall retaliate against …" is itself the duty of an item that forbids).
            return Status.CONTRADICTED, "the duty's own act is forbidden"
        case Reading.RESTRICTS if frame.refusal == "exemption":
            # "Officers who keep the firearm low are not required to report it": some cases are exempted from a
            # duty this clause presupposes but does not state.
            return Status.PARTIAL, "exempts some cases from the duty"
        case Reading.RESTRICTS if frame.base is Reading.PERMITS:
            # "Only officers who passed may carry a TASER": a force option allowed only on the stated condition.
            if item.parts and frame.acts:
                return Status.MET, "a force option allowed only on the stated condition"
            return Status.PARTIAL, "permitted on a condition, not required"
        case Reading.RESTRICTS if frame.narrowed:
            # "De-escalation is only required in limited circumstances": a duty in some cases, not in all.
            return Status.PARTIAL, "required only in some cases"
        case reading if reading in BINDING:
            return Status.MET, "binding duty"
        case Reading.ADVISES if frame.feasible and item.met_also.feasibility:
            return Status.MET, "binding duty under a condition of feasibility, which this standard counts as required"
        case Reading.ADVISES:
            return Status.PARTIAL, "advisory wording only (should / encouraged / where possible)"
        case Reading.PERMITS if item.parts and frame.acts:
            # "Officers who have passed the course are authorized to carry a TASER": allowed on the condition.
            return Status.MET, "a force option allowed only on the stated condition"
        case Reading.PERMITS:
            return Status.PARTIAL, "permitted, not required"
        case _:
            return None, "mentions the topic without a rule"


def _publication(frame: Frame) -> tuple[Status | None, str]:
    match frame.reading:
        case Reading.REFUSES | Reading.PROHIBITS:
            return Status.CONTRADICTED, "publication or disclosure expressly restricted"
        case Reading.RESTRICTS:
            return Status.PARTIAL, "available only in part or only on request"
        case Reading.ADVISES:
            return Status.PARTIAL, "publication only advised"
        case _:
            return Status.MET, "states that the policy is public"


def _describes(frame: Frame) -> tuple[Status | None, str]:
    match frame.reading:
        case Reading.RESTRICTS if frame.refusal == "exemption":
            return Status.PARTIAL, "exempts some cases"
        case _ if frame.narrowed:
            return Status.PARTIAL, "set out only for some cases"
        case Reading.REFUSES if frame.refusal == "duty":
            return Status.CONTRADICTED, "expressly disowned"
        case Reading.ADVISES:
            return Status.PARTIAL, "only advised"
        case Reading.PERMITS if frame.optional:
            return Status.PARTIAL, "left optional (permitted, not required)"
        case _:
            return Status.MET, "set out in the policy"


def _weaker(frame: Frame) -> tuple[Status | None, str]:
    if (frame.base is not Reading.MENTIONS and frame.reading in BINDING) or frame.reading in (
        Reading.ADVISES,
        Reading.PERMITS,
    ):
        return Status.PARTIAL, "covers only a weaker form of the safeguard"
    return None, "mentions a weaker form of the safeguard"


def _evidence(entry: Judgement) -> Evidence:
    clause = entry.clause
    return Evidence(clause.text, clause.page, clause.line, clause.section, entry.reading, entry.cues, clause.lead)


def failed_report(error: PolicyAuditError, standards: Sequence[Standard]) -> DocumentReport:
    """The report of a document that could not be read: its error line, and every item `unreadable`."""
    results = tuple(result for standard in standards for result in unreadable(standard, error.what))
    return DocumentReport(path=error.where, sha256="", pages=0, results=results, error=error.line())


def unreadable(standard: Standard, reason: str) -> tuple[Result, ...]:
    """Results for a document that could not be read: never `missing`."""
    return tuple(
        Result(standard.id, item.id, item.title, Status.UNREADABLE, (), reason, item.model_language)
        for item in standard.items
    )
