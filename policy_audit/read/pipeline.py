"""The reader as a spaCy pipeline: `spacy.blank("en")`, our lookup lemmas, then cues and topics as Doc extensions.

    >>> nlp = policy_audit.reader(["core"])
    >>> doc = nlp("The LVNR is an authorized control technique.")
    >>> [(r.item, r.topic, r.reading.value, r.cues) for r in doc._.readings]
    [('chokehold-ban', 'LVNR', 'permits', ('authorized',))]

Components, in order:
- `policy_lemmas` sets each token's `lemma_` (lexicon.py) and `doc._.words` / `doc._.view` (what phrases see);
- `policy_cues` sets `doc._.cues`: the ConText-style modifiers found (cues.yaml);
- `policy_topics` sets `doc._.topics`: for each standard, by item index, where its topic is named;
- `policy_readings` (added by `reader()`) sets `doc._.readings`: what the text, read alone, does to each item.
A whole document is read with its structure (lists, headings, pointers back) by discourse.py, on the same docs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from policy_audit import standards as standard_files
from policy_audit.models import Frame, Kind, Reading, Standard
from policy_audit.read import cues as cue_file
from policy_audit.read.clause import Analysed, Mention, analyse
from policy_audit.read.frames import read_frame, records_itself
from policy_audit.read.lexicon import Lexicon
from policy_audit.read.phrases import PhraseSet, View, phrase_words
from policy_audit.read.topics import Found, TopicMatcher, item_phrases

for _name, _default in (("words", ()), ("view", None), ("cues", ()), ("topics", ()), ("readings", ())):
    Doc.set_extension(_name, default=_default, force=True)

_Component = TypeVar("_Component")
_LOADED: dict[str, Standard] = {}
"""Standards given as objects (a checklist parsed in memory has no file to read again), by `ref()`."""


def ref(standard: Standard) -> str:
    """The name a pipeline's config knows a Standard object by."""
    name = f"{standard.id}@{standard.digest}"
    _LOADED[name] = standard
    return name


def component(nlp: Language, name: str, kind: type[_Component]) -> _Component:
    """A pipeline component by name, as its own type (`nlp.get_pipe` only promises a callable)."""
    pipe = nlp.get_pipe(name)
    assert isinstance(pipe, kind), name
    return pipe


def _standards(refs: Sequence[str]) -> tuple[Standard, ...]:
    return tuple(_LOADED[name] if name in _LOADED else standard_files.load(name) for name in refs)


class LemmaComponent:
    """Lemmas from spaCy's lookup tables, normalised (lexicon.py), anchored on the cue file's and the run's
    checklists' words (OCR repair and suffix stripping land only on words some phrase uses)."""

    def __init__(self, standards: Sequence[Standard]) -> None:
        own = phrase_words(phrase for standard in standards for item in standard.items for phrase in item_phrases(item))
        self.lexicon = Lexicon(cue_file.vocabulary(cue_file.load()) | own, fuzzy_cutoff=88)

    def __call__(self, doc: Doc) -> Doc:
        extensions = doc._
        extensions.words = words = self.lexicon.lemmatize(doc)
        extensions.view = View(doc, words)
        return doc


class CueComponent:
    """The cue lexicon's modifiers found in a doc, with pseudo-cues blanked and overlaps resolved (clause.py)."""

    def __init__(self, nlp: Language) -> None:
        self.lexicon = component(nlp, "policy_lemmas", LemmaComponent).lexicon
        self.compiled = cue_file.compile_cues(cue_file.load(), self.lexicon, PhraseSet(nlp.vocab))

    def __call__(self, doc: Doc) -> Doc:
        extensions = doc._
        extensions.cues = analyse(extensions.words, self.compiled.patterns.find(extensions.view), doc).cues
        return doc


class TopicComponent:
    """Each standard's topics in a doc (topics.py), found when first asked for: most texts a document reader
    reads concern one or two of the standards it applies."""

    def __init__(self, nlp: Language, standards: Sequence[Standard]) -> None:
        lexicon = component(nlp, "policy_lemmas", LemmaComponent).lexicon
        self.matchers = tuple(TopicMatcher(standard, lexicon, nlp.vocab) for standard in standards)

    def __call__(self, doc: Doc) -> Doc:
        extensions = doc._
        extensions.topics = Topics(extensions.view, self.matchers)
        return doc


class Topics:
    """`doc._.topics[i]`: by item index, what the i-th standard's phrases name in the doc."""

    def __init__(self, shown: View, matchers: Sequence[TopicMatcher]) -> None:
        self._view = shown
        self._matchers = matchers
        self._found: dict[int, dict[int, Found]] = {}

    def __getitem__(self, position: int) -> dict[int, Found]:
        found = self._found.get(position)
        if found is None:
            found = self._found[position] = self._matchers[position].found(self._view)
        return found


@dataclass(frozen=True)
class SentenceReading:
    """What a text, read alone, does to one item it names."""

    standard: str
    item: str
    topic: str
    """The words that named the topic."""
    reading: Reading
    cues: tuple[str, ...]
    frame: Frame


class ReadingComponent:
    """`doc._.readings`: each named item's frame, the text read alone (no lead-in, heading or sentence before)."""

    def __init__(self, nlp: Language) -> None:
        self.cues = component(nlp, "policy_cues", CueComponent).compiled
        self.lexicon = component(nlp, "policy_lemmas", LemmaComponent).lexicon
        self.matchers = component(nlp, "policy_topics", TopicComponent).matchers

    def __call__(self, doc: Doc) -> Doc:
        clause = Analysed(doc._.words, doc._.cues)
        out = []
        for position, matcher in enumerate(self.matchers):
            for index, entry in sorted(doc._.topics[position].items()):
                item = matcher.standard.items[index]
                for mention in entry.mentions:
                    records = records_itself(item)
                    frame = read_frame(clause, mention, item.kind, self.cues, self.lexicon, records=records)
                    topic = doc.text[clause.tokens[mention.start].start : clause.tokens[mention.end - 1].end]
                    out.append(SentenceReading(matcher.standard.id, item.id, topic, frame.reading, frame.cues, frame))
        doc._.readings = tuple(out)
        return doc


@Language.factory("policy_lemmas", default_config={"standards": []})
def _make_lemmas(nlp: Language, name: str, standards: list[str]) -> LemmaComponent:
    return LemmaComponent(_standards(standards))


@Language.factory("policy_cues")
def _make_cues(nlp: Language, name: str) -> CueComponent:
    return CueComponent(nlp)


@Language.factory("policy_topics", default_config={"standards": ["core"]})
def _make_topics(nlp: Language, name: str, standards: list[str]) -> TopicComponent:
    return TopicComponent(nlp, _standards(standards))


@Language.factory("policy_readings")
def _make_readings(nlp: Language, name: str) -> ReadingComponent:
    return ReadingComponent(nlp)


@lru_cache(maxsize=4)
def pipeline(refs: tuple[str, ...]) -> Language:
    """The document reader's pipeline for these standards (by `ref` or id), built once per process."""
    return _fresh(list(refs))


def reader(standards: Sequence[str | Standard] = ("core",)) -> Language:
    """The reader as a spaCy pipeline, to read sentences in a notebook: `doc._.readings` says what each does.

    `standards` are bundled ids, checklist paths or loaded Standards.
    """
    refs = [item if isinstance(item, str) else ref(item) for item in standards]
    nlp = _fresh(refs)
    nlp.add_pipe("policy_readings")
    return nlp


_FOOTNOTE_AFTER_STOP = r"(?<=[a-z])[.;,](?=[\(\[]\d{1,3}\b)|(?<=[a-z]{2})[.;,](?=\d{1,2}$)"
"""A stop between a word and a footnote's marker ("prohibited.(2)", "banned.[3]", "warning shots.5")."""
_FOOTNOTE_AFTER_WORD = r"(?<=[a-z])\[(?=\d{1,3}\b)"
"""A footnote's marker glued to a word ("posted on the public website[2]", as a web page copied to text has it)."""
_SUBDIVISION = r"(?<=[0-9])\((?=[A-Za-z0-9]{1,3}(?:\)|$))"
"""A citation's subdivision glued to its number ("described in 7.02(H)", "300.3(b)"): the bracket is a token."""


def _emoticon(text: str) -> bool:
    """A special case of spaCy's English tokenizer made of punctuation only, an emoticon (":)", "):", "(-_-)")."""
    return len(text) > 1 and not any(character.isalnum() for character in text) and set(text) - {"'", "’"} != set()


def _fresh(refs: list[str]) -> Language:
    import spacy
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("en")
    # "… are prohibited.(2)", "… website[2]": a footnote's marker glued to a stop or a word is a token of its own, and
    # so is the bracket of a citation's subdivision ("7.02(H)").
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer), "spacy.blank builds spaCy's own tokenizer"
    tokenizer.infix_finditer = compile_infix_regex(
        [*(nlp.Defaults.infixes or ()), _FOOTNOTE_AFTER_STOP, _FOOTNOTE_AFTER_WORD, _SUBDIVISION]
    ).finditer
    # Emoticons are no words of a policy: "(GO 8.2):" and "(eff. 2024):" end in a bracket and a colon, not in "):".
    tokenizer.rules = {key: value for key, value in (tokenizer.rules or {}).items() if not _emoticon(key)}
    nlp.add_pipe("policy_lemmas", config={"standards": refs})
    nlp.add_pipe("policy_cues")
    nlp.add_pipe("policy_topics", config={"standards": refs})
    return nlp


def read(text: str, start: int, end: int, lead: str = "", kind: Kind = Kind.BAN) -> Frame:
    """The frame of the topic at characters [start, end) of `text` (tests and exploration)."""
    nlp = pipeline(())

    def analysed(value: str) -> Analysed:
        doc = nlp(value)
        return Analysed(doc._.words, doc._.cues)

    clause = analysed(text)
    covered = [index for index, token in enumerate(clause.tokens) if token.start < end and start < token.end]
    mention = Mention.at(covered[0], covered[-1] + 1) if covered else Mention.at(0, 0)
    lemmas = component(nlp, "policy_lemmas", LemmaComponent).lexicon
    compiled = component(nlp, "policy_cues", CueComponent).compiled
    return read_frame(clause, mention, kind, compiled, lemmas, analysed(lead) if lead else None)
