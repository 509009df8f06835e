"""Sentence cases: a text and what the reader must make of it, in one format for every source of them.

A case is an item case (`standard`, `item`, `text` or `document`, `expected` status — `yes`/`no` for a standard
coded that way, such as 8 Can't Wait) or a cue case (`text` naming its topic once in [brackets], `kind`,
`expected` reading, and whether the reader must see a deadly-force condition or a setting). They come from a
checklist's `examples`, from the cue file's examples, and from JSON-lines files (one case a line, with `why` and,
for a case the reader still misses, `known_gap`). One parametrised test runs them all (`pytest -k chokehold`),
and `policy-audit standards validate` runs a checklist's own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from policy_audit.audit import audit_path, audit_text
from policy_audit.models import DocumentReport, Item, Kind, MetAlso, Reading, Result, Source, Standard, Status, Topic
from policy_audit.read.cues import CueLexicon

ITEM_KEYS = frozenset({"standard", "item", "text", "document", "expected", "why", "known_gap", "section"})
STATUSES = frozenset(status.value for status in Status if status is not Status.UNREADABLE)


@dataclass(frozen=True)
class Case:
    """One text and the outcome the reader must reach."""

    id: str
    """Readable and stable: `core:chokehold-ban:met[0]`, `cues:prohibit:3`, `blind-2:17:chokehold-ban`."""
    text: str
    expected: str
    """A status (or yes/no) for an item case; a reading for a cue case."""
    standard: str = ""
    item: str = ""
    kind: Kind = Kind.BAN
    deadly: bool = False
    limited: bool = False
    bearer: bool | None = None
    """For a cue case: whether the rule must be laid only on a rank or unit (None: not checked)."""
    why: str = ""
    known_gap: str = ""
    section: str = ""
    """For an item case: the section the deciding quote must be reported under."""
    where: str = ""
    """The file (and line) the case comes from."""
    document: Path | None = None
    """For a whole-policy case: the file, read as a scan reads it (pages, running headers and footers)."""


def checklist_cases(standard: Standard) -> list[Case]:
    """A checklist's example sentences, each filed under the status it must reach."""
    return [
        Case(
            f"{standard.id}:{item.id}:{status.value}[{index}]",
            text,
            status.value,
            standard.id,
            item.id,
            where=standard.path,
        )
        for item in standard.items
        for status, sentences in item.examples
        for index, text in enumerate(sentences)
    ]


def cue_cases(lexicon: CueLexicon) -> list[Case]:
    """The cue file's examples: the bracketed topic must read as the modifier says."""
    out = []
    groups = [(modifier.category.value, modifier.examples) for modifier in lexicon.modifiers]
    counts: dict[str, int] = {}
    for name, examples in [*groups, ("word-class", lexicon.class_examples)]:
        for example in examples:
            number = counts[name] = counts.get(name, -1) + 1
            out.append(
                Case(
                    f"cues:{name}:{number}",
                    example.text,
                    example.reads.value,
                    kind=example.kind,
                    deadly=example.deadly,
                    limited=example.limited,
                    bearer=example.bearer,
                    where=f"{lexicon.path}:{example.line}",
                )
            )
    return out


def file_cases(path: Path) -> list[Case]:
    """Item cases from a JSON-lines file; a `document` names a policy in the `policies` folder beside it."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        data = json.loads(line)
        if not set(data) <= ITEM_KEYS or ("text" in data) == ("document" in data):
            raise ValueError(f"{path}:{number}: a case has standard, item, text or document, expected, why")
        document = _policy_file(path.parent / "policies", data["document"]) if "document" in data else None
        text = data.get("text") or (document.read_text(encoding="utf-8") if document else "")
        out.append(
            Case(
                f"{path.stem}:{number}:{data['item']}",
                text,
                data["expected"],
                data["standard"],
                data["item"],
                why=data.get("why", ""),
                known_gap=data.get("known_gap", ""),
                section=data.get("section", ""),
                where=f"{path}:{number}",
                document=document,
            )
        )
    return out


def _policy_file(folder: Path, name: str) -> Path:
    """The policy a document case names: `name` with whatever extension it has (.txt, .md, .html …)."""
    return _policies_by_name(folder).get(name) or folder / f"{name}.txt"


@cache
def _policies_by_name(folder: Path) -> dict[str, Path]:
    """Each file in `folder` by its name without the extension: listed once, not globbed per case (thousands)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        found.setdefault(path.name.partition(".")[0], path)
    return found


def outcome(case: Case, standard: Standard) -> tuple[bool, str]:
    """(whether the reader reaches the case's expected outcome, what it reached and why).

    `standard` is the case's own for an item case, `cue_standard(…)` for a cue case."""
    if case.item:
        result = item_result(standard, case.item, case.text, case.document)
        got = f"{result.status.value} ({result.reason})"
        if case.section:
            sections = [evidence.section for evidence in result.evidence]
            got += f" under {sections}"
            if case.section not in sections[:1]:
                return False, got
        if case.expected in ("yes", "no"):  # a yes/no coding: yes is met, no is anything else
            return (result.status is Status.MET) == (case.expected == "yes"), got
        return result.status.value == case.expected, got
    topic, text = _bracketed(case.text)
    result = item_result(standard, _topic_id(topic, case.kind), text)
    deciding = [entry for entry in result.hits if entry.verdict is not None and entry.clause.normative]
    readings = sorted({entry.reading.value for entry in deciding})
    got = f"read as {readings or ['mentions']} ({result.reason})"
    if case.expected == Reading.MENTIONS.value:
        return not deciding, got
    seen_limited = not case.limited or any(entry.limited for entry in deciding)
    bearers = sorted({frame.bearer for entry in deciding for frame in entry.hit.frames if frame.bearer})
    if bearers:
        got += f", laid only on {bearers}"
    seen_bearer = case.bearer is None or case.bearer == bool(bearers)
    return case.expected in readings and seen_limited and seen_bearer, got


_documents_read: dict[tuple[Path, str], DocumentReport] = {}
"""A policy file's report per checklist: its six item cases read it once."""


def item_result(standard: Standard, item_id: str, text: str, document: Path | None = None) -> Result:
    """The result one text, read alone (or a policy file, read as a scan reads it), gets for one item."""
    if document is not None:
        key = (document, standard.digest)
        report = _documents_read.get(key) or _documents_read.setdefault(key, audit_path(document, [standard]))
    else:
        report = audit_text(text, [standard], name=f"{standard.id}:{item_id}")
    return next(result for result in report.results if result.item == item_id)


def cue_standard(cases: list[Case]) -> Standard:
    """One item for each bracketed topic of the cue cases (and each kind it is read as), to read them through the
    whole reader at once."""
    items = {}
    for case in cases:
        if case.item:
            continue
        topic, _ = _bracketed(case.text)
        # A publication item is about the document: the bracketed words name it ("This [manual] …").
        context = (topic,) if case.kind is Kind.PUBLICATION else ()
        items[_topic_id(topic, case.kind)] = Item(
            id=_topic_id(topic, case.kind),
            title=topic,
            kind=case.kind,
            source=Source("cues.yaml"),
            why="a cue example's topic",
            topic=Topic((topic,), context),
            model_language="-",
            examples=((Status.MET, ("-", "-")),),
            met_also=MetAlso(),
        )
    digest = hashlib.sha256(" ".join(sorted(items)).encode()).hexdigest()
    return Standard("cue-examples", "Cue examples", "cues.yaml", tuple(items.values()), "<cue examples>", digest)


def _bracketed(text: str) -> tuple[str, str]:
    return text[text.index("[") + 1 : text.index("]")], text.replace("[", "").replace("]", "")


def _topic_id(topic: str, kind: Kind) -> str:
    return f"{kind.value}:{topic.lower()}"


def failing(standard: Standard) -> Iterator[tuple[Case, str]]:
    """A checklist's own examples that the reader gets wrong, with what it reached (`standards validate`)."""
    for case in checklist_cases(standard):
        passed, got = outcome(case, standard)
        if not passed:
            yield case, got
