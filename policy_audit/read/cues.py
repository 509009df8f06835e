"""The cue lexicon as data: `cues.yaml` (schema `schemas/cues.schema.json`) loaded and compiled for one vocabulary.

The reader's knowledge of English rule language (shall not, may, unless, deadly force is authorized …) lives in
the data file as ConText-style modifiers, each with example sentences the test suite runs; this module only
loads and compiles it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from policy_audit import datafile
from policy_audit.errors import StandardError
from policy_audit.models import Kind, Reading
from policy_audit.read.lexicon import Lexicon
from policy_audit.read.phrases import PatternError, PhraseSet, phrase_words


class Cue(str, Enum):
    """What a modifier does to the topics in its scope (its ConText category), or which class of words it is."""

    PROHIBIT = "prohibit"
    REQUIRE = "require"
    PERMIT = "permit"
    PERMIT_BY_NEGATION = "permit-by-negation"
    CLASSIFY = "classify"
    ADVISE = "advise"
    FEASIBILITY = "feasibility"
    ADVISE_AGAINST = "advise-against"
    REFUSE_DUTY = "refuse-duty"
    REFUSE_DISCLOSURE = "refuse-disclosure"
    SANCTION = "sanction"
    EXCEPTION = "exception"
    DEADLY_FORCE = "deadly-force"
    SETTING = "setting"
    RANK = "rank"
    ANAPHOR = "anaphor"
    NOT_A_CUE = "pseudo"
    SCOPE_END = "terminate"


class Direction(str, Enum):
    """Which topics a modifier acts on, as in ConText: those after it, before it, or both."""

    BIDIRECTIONAL = "bidirectional"
    FORWARD = "forward"
    BACKWARD = "backward"
    TERMINATE = "terminate"
    PSEUDO = "pseudo"


READING_CUES = frozenset(
    {
        Cue.PROHIBIT,
        Cue.REQUIRE,
        Cue.PERMIT,
        Cue.PERMIT_BY_NEGATION,
        Cue.CLASSIFY,
        Cue.ADVISE,
        Cue.FEASIBILITY,
        Cue.ADVISE_AGAINST,
        Cue.REFUSE_DUTY,
        Cue.REFUSE_DISCLOSURE,
        Cue.SANCTION,
    }
)
"""Cues that say what a clause does (as opposed to conditions, scope ends and anaphors)."""
DEFAULT_READING = {
    Cue.PROHIBIT: Reading.PROHIBITS,
    Cue.REQUIRE: Reading.REQUIRES,
    Cue.PERMIT: Reading.PERMITS,
    Cue.PERMIT_BY_NEGATION: Reading.PERMITS,
    Cue.CLASSIFY: Reading.PERMITS,
    Cue.ADVISE: Reading.ADVISES,
    Cue.FEASIBILITY: Reading.ADVISES,
    Cue.ADVISE_AGAINST: Reading.ADVISES,
    Cue.REFUSE_DUTY: Reading.REFUSES,
    Cue.REFUSE_DISCLOSURE: Reading.REFUSES,
    Cue.SANCTION: Reading.PROHIBITS,
    Cue.EXCEPTION: Reading.RESTRICTS,
    Cue.DEADLY_FORCE: Reading.RESTRICTS,
}


@dataclass(frozen=True)
class CueExample:
    """A sentence with its topic in [brackets], and how the reader must read that topic."""

    text: str
    reads: Reading
    kind: Kind
    deadly: bool
    limited: bool
    bearer: bool | None
    """Whether the rule must be laid only on a rank or unit; None: not checked."""
    line: int


@dataclass(frozen=True)
class Modifier:
    """Phrases with one category, direction and scope."""

    category: Cue
    direction: Direction
    max_scope: int | None
    modal: bool
    phrases: tuple[str, ...]
    examples: tuple[CueExample, ...]
    line: int


@dataclass(frozen=True)
class CueLexicon:
    """Every modifier and word class of one cue file."""

    modifiers: tuple[Modifier, ...]
    word_classes: dict[str, tuple[str, ...]]
    class_examples: tuple[CueExample, ...]
    path: str
    digest: str


@dataclass(frozen=True)
class CueKey:
    """What a cue phrase found in a text stands for (the key of its patterns)."""

    cue: Cue
    modal: bool
    direction: Direction
    max_scope: int | None


@dataclass(frozen=True)
class CompiledCues:
    """The cue lexicon compiled for one lexicon: phrase patterns plus the verb classes (as lemmas)."""

    patterns: PhraseSet
    oversight_verbs: frozenset[str]
    use_verbs: frozenset[str]
    act_verbs: frozenset[str]
    """Use-verbs and verbs of doing something to a thing: with the practice as subject they rule on it."""
    no_rule_verbs: frozenset[str]
    catenatives: frozenset[str]
    imperatives: frozenset[str]


def bundled_path() -> Path:
    return Path(str(resources.files("policy_audit.read") / "cues.yaml"))


@lru_cache(maxsize=4)
def load(path: str = "") -> CueLexicon:
    """Load and validate the cue file (the bundled one by default)."""
    where = Path(path or bundled_path())
    text, raw = datafile.read_text(where, "reinstall policy-audit")
    return parse(text, str(where), hashlib.sha256(raw).hexdigest())


def parse(text: str, where: str, digest: str = "") -> CueLexicon:
    data, lines = datafile.load(text, where, "cues")
    modifiers = []
    for index, entry in enumerate(data["modifiers"]):
        direction = Direction(entry.get("direction", "bidirectional"))
        category = {Direction.TERMINATE: Cue.SCOPE_END, Direction.PSEUDO: Cue.NOT_A_CUE}.get(direction)
        category = category or Cue(entry["category"])
        path = ("modifiers", index)
        examples = tuple(
            _example(example, category, lines[(*path, "examples", at)], where)
            for at, example in enumerate(entry["examples"])
        )
        modifiers.append(
            Modifier(
                category,
                direction,
                entry.get("max_scope"),
                entry.get("modal", False),
                tuple(entry["phrases"]),
                examples,
                lines[path],
            )
        )
    classes = {entry["class"]: tuple(entry["words"]) for entry in data["word_classes"]}
    class_examples = tuple(
        _example(example, None, lines[("word_classes", index, "examples", at)], where)
        for index, entry in enumerate(data["word_classes"])
        for at, example in enumerate(entry["examples"])
    )
    return CueLexicon(
        tuple(modifiers), classes, class_examples, where, digest or hashlib.sha256(text.encode()).hexdigest()
    )


def _example(value: str | dict[str, Any], category: Cue | None, line: int, where: str) -> CueExample:
    entry: dict[str, Any] = {"text": value} if isinstance(value, str) else value
    if "reads" in entry:
        reads = Reading(entry["reads"])
    elif category in DEFAULT_READING:
        reads = DEFAULT_READING[category]
    else:
        raise StandardError(f"{where}:{line}", "this example must say how it reads", "add reads: …")
    deadly = entry.get("deadly", False) or category is Cue.DEADLY_FORCE
    return CueExample(
        entry["text"], reads, Kind(entry.get("kind", "ban")), deadly, entry.get("limited", False), entry.get("bearer"), line
    )


def compile_cues(cues: CueLexicon, lexicon: Lexicon, patterns: PhraseSet) -> CompiledCues:
    """Patterns for every modifier, keyed by CueKey; word classes become lemma sets."""
    for modifier in cues.modifiers:
        key = CueKey(modifier.category, modifier.modal, modifier.direction, modifier.max_scope)
        try:
            patterns.add(key, modifier.phrases, lexicon)
        except PatternError as error:
            raise StandardError(
                f"{cues.path}:{modifier.line}", str(error), "see the notation at the top of the file"
            ) from None

    def lemmas(name: str) -> frozenset[str]:
        return frozenset(lexicon.lemma(word) for word in cues.word_classes.get(name, ()))

    return CompiledCues(
        patterns,
        lemmas("oversight-verb"),
        lemmas("use-verb"),
        lemmas("use-verb") | lemmas("act-verb"),
        lemmas("no-rule-verb"),
        lemmas("catenative"),
        lemmas("imperative"),
    )


def vocabulary(cues: CueLexicon) -> set[str]:
    """Every word of the cue file (it anchors OCR repair)."""
    phrases = [phrase for modifier in cues.modifiers for phrase in modifier.phrases]
    return phrase_words([*phrases, *(word for words in cues.word_classes.values() for word in words)])
