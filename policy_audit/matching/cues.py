"""The cue lexicon as data: `cues.yaml` loaded, validated with file:line errors, and compiled for one lexicon.

The reader's knowledge of English rule language (shall not, may, unless, deadly force is authorized …) lives in
the data file, each group with example sentences the test suite runs; this module only checks and compiles it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from policy_audit import yamldoc
from policy_audit.errors import StandardError
from policy_audit.matching.lexicon import Lexicon
from policy_audit.matching.patterns import PatternError, PatternSet, phrase_words
from policy_audit.models import Kind, Reading


class Cue(str, Enum):
    """What a group of cue phrases means to the reader."""

    PROHIBIT = "prohibit"
    REQUIRE = "require"
    PERMIT = "permit"
    PERMIT_BY_NEGATION = "permit-by-negation"
    ADVISE = "advise"
    ADVISE_AGAINST = "advise-against"
    REFUSE_DUTY = "refuse-duty"
    REFUSE_DISCLOSURE = "refuse-disclosure"
    EXCEPTION = "exception"
    DEADLY_FORCE = "deadly-force"
    SETTING = "setting"
    NOT_A_CUE = "not-a-cue"
    SCOPE_END = "scope-end"
    NO_RULE_VERB = "no-rule-verb"
    OVERSIGHT_VERB = "oversight-verb"
    USE_VERB = "use-verb"
    ACT_VERB = "act-verb"
    CATENATIVE = "catenative"
    IMPERATIVE = "imperative"
    ANAPHOR = "anaphor"


READING_CUES = frozenset(
    {
        Cue.PROHIBIT,
        Cue.REQUIRE,
        Cue.PERMIT,
        Cue.PERMIT_BY_NEGATION,
        Cue.ADVISE,
        Cue.ADVISE_AGAINST,
        Cue.REFUSE_DUTY,
        Cue.REFUSE_DISCLOSURE,
    }
)
"""Cues that say what a clause does (as opposed to conditions, scope ends and word lists)."""
WORD_LISTS = frozenset(
    {Cue.NO_RULE_VERB, Cue.OVERSIGHT_VERB, Cue.USE_VERB, Cue.ACT_VERB, Cue.CATENATIVE, Cue.IMPERATIVE}
)
"""Groups read as sets of single words (verbs), not as phrases found in the text."""
DEFAULT_READING = {
    Cue.PROHIBIT: Reading.PROHIBITS,
    Cue.REQUIRE: Reading.REQUIRES,
    Cue.PERMIT: Reading.PERMITS,
    Cue.PERMIT_BY_NEGATION: Reading.PERMITS,
    Cue.ADVISE: Reading.ADVISES,
    Cue.ADVISE_AGAINST: Reading.ADVISES,
    Cue.REFUSE_DUTY: Reading.REFUSES,
    Cue.REFUSE_DISCLOSURE: Reading.REFUSES,
    Cue.EXCEPTION: Reading.RESTRICTS,
    Cue.DEADLY_FORCE: Reading.RESTRICTS,
}
GROUP_KEYS = ("means", "modal", "about", "phrases", "examples")
EXAMPLE_KEYS = ("text", "reads", "kind", "deadly", "limited")


@dataclass(frozen=True)
class CueExample:
    """A sentence with its topic in [brackets], and how the reader must read that topic."""

    text: str
    reads: Reading
    kind: Kind
    deadly: bool
    limited: bool
    line: int


@dataclass(frozen=True)
class CueGroup:
    """Phrases with one meaning."""

    means: Cue
    modal: bool
    about: str
    phrases: tuple[str, ...]
    examples: tuple[CueExample, ...]
    line: int


@dataclass(frozen=True)
class CueLexicon:
    """Every cue group of one file."""

    groups: tuple[CueGroup, ...]
    path: str
    digest: str

    def words(self, cue: Cue) -> frozenset[str]:
        return frozenset(phrase for group in self.groups if group.means is cue for phrase in group.phrases)


@dataclass(frozen=True)
class CompiledCues:
    """The cue lexicon compiled against one lexicon: phrase patterns plus verb sets (lemmas)."""

    patterns: PatternSet
    oversight_verbs: frozenset[str]
    use_verbs: frozenset[str]
    act_verbs: frozenset[str]
    """Use-verbs and verbs of doing something to a thing: with the practice as subject they rule on it."""
    no_rule_verbs: frozenset[str]
    catenatives: frozenset[str]
    imperatives: frozenset[str]


def bundled_path() -> Path:
    return Path(str(resources.files("policy_audit.matching") / "cues.yaml"))


@lru_cache(maxsize=4)
def load(path: str = "") -> CueLexicon:
    """Load and validate the cue file (the bundled one by default)."""
    where = path or str(bundled_path())
    try:
        raw = Path(where).read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StandardError(where, f"cannot read the cue file ({error})", "reinstall policy-audit") from error
    return parse(text, where, hashlib.sha256(raw).hexdigest())


def parse(text: str, where: str, digest: str = "") -> CueLexicon:
    try:
        root = yamldoc.compose(text)
        if root is None:
            raise yamldoc.LineError(1, "empty cue file", "it needs a 'groups' list")
        top = yamldoc.mapping(root, "the cue file", ("groups",), ("groups",))
        groups_node = top["groups"]
        if not isinstance(groups_node.value, list) or not groups_node.value:
            raise yamldoc.LineError(groups_node.line, "'groups' must be a non-empty list")
        groups = tuple(_group(node) for node in groups_node.value)
    except yamldoc.LineError as error:
        raise StandardError(f"{where}:{error.line_number}", error.what, error.remedy) from None
    return CueLexicon(groups, where, digest or hashlib.sha256(text.encode()).hexdigest())


def _group(node: yamldoc.Node) -> CueGroup:
    found = yamldoc.mapping(node, "a cue group", GROUP_KEYS, ("means", "phrases", "examples"))
    means_text = yamldoc.string(found["means"], "means")
    try:
        means = Cue(means_text)
    except ValueError:
        raise yamldoc.LineError(
            found["means"].line, f"unknown cue meaning '{means_text}'", f"use one of: {', '.join(c.value for c in Cue)}"
        ) from None
    phrases = yamldoc.strings(found["phrases"], "phrases")
    if means in WORD_LISTS:
        for phrase in phrases:
            if len(phrase.split()) != 1:
                raise yamldoc.LineError(found["phrases"].line, f"'{phrase}': a {means.value} entry is one word")
    examples_node = found["examples"]
    if not isinstance(examples_node.value, list) or not examples_node.value:
        raise yamldoc.LineError(
            examples_node.line, "every cue group needs examples", 'e.g. - "[Chokeholds] are prohibited."'
        )
    return CueGroup(
        means=means,
        modal=yamldoc.optional_boolean(found, "modal"),
        about=yamldoc.optional_string(found, "about"),
        phrases=phrases,
        examples=tuple(_example(child, means) for child in examples_node.value),
        line=node.line,
    )


def _example(node: yamldoc.Node, means: Cue) -> CueExample:
    if isinstance(node.value, str):
        text, reads_text, kind_text, deadly, limited = node.value, "", "ban", False, False
    else:
        found = yamldoc.mapping(node, "a cue example", EXAMPLE_KEYS, ("text",))
        text = yamldoc.string(found["text"], "text")
        reads_text = yamldoc.optional_string(found, "reads")
        kind_text = yamldoc.optional_string(found, "kind", "ban")
        deadly = yamldoc.optional_boolean(found, "deadly")
        limited = yamldoc.optional_boolean(found, "limited")
    if text.count("[") != 1 or text.count("]") != 1 or text.index("[") > text.index("]"):
        raise yamldoc.LineError(node.line, "an example names its topic once, in [brackets]", f"in: {text}")
    if reads_text:
        try:
            reads = Reading(reads_text)
        except ValueError:
            raise yamldoc.LineError(
                node.line, f"unknown reading '{reads_text}'", f"use one of: {', '.join(r.value for r in Reading)}"
            ) from None
    elif means in DEFAULT_READING:
        reads = DEFAULT_READING[means]
    else:
        raise yamldoc.LineError(node.line, f"a {means.value} example must say how it reads", "add reads: …")
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise yamldoc.LineError(
            node.line, f"unknown kind '{kind_text}'", "use ban, duty, publication or describes"
        ) from None
    return CueExample(text, reads, kind, deadly or means is Cue.DEADLY_FORCE, limited, node.line)


def compile_cues(cues: CueLexicon, lexicon: Lexicon) -> CompiledCues:
    """Patterns for every phrase group, keyed (meaning, modal); verb groups become lemma sets."""
    patterns = PatternSet()
    for group in cues.groups:
        if group.means in WORD_LISTS:
            continue
        try:
            patterns.add((group.means, group.modal), group.phrases, lexicon)
        except PatternError as error:
            raise StandardError(
                f"{cues.path}:{group.line}", str(error), "see the notation at the top of the file"
            ) from None

    def lemmas(cue: Cue) -> frozenset[str]:
        return frozenset(lexicon.lemma(word) for word in cues.words(cue))

    return CompiledCues(
        patterns,
        lemmas(Cue.OVERSIGHT_VERB),
        lemmas(Cue.USE_VERB),
        lemmas(Cue.USE_VERB) | lemmas(Cue.ACT_VERB),
        lemmas(Cue.NO_RULE_VERB),
        lemmas(Cue.CATENATIVE),
        lemmas(Cue.IMPERATIVE),
    )


def vocabulary(cues: CueLexicon) -> set[str]:
    """Every word of the cue file (it anchors OCR repair)."""
    return phrase_words(phrase for group in cues.groups for phrase in group.phrases)
