"""The cue lexicon as data (ConText's vocabulary): the bundled file loads against its schema, a broken one says
file:line, and direction and maximum scope act as ConText's do. Its examples run in test_cases.py."""

from __future__ import annotations

import pytest

from policy_audit.errors import StandardError
from policy_audit.read import cues
from policy_audit.read.clause import CueHit, Mention
from policy_audit.read.cues import Cue, Direction

MINIMAL_CLASSES = "word_classes:\n  - class: catenative\n    words: [try]\n    examples: [{text: '[a] b', reads: mentions}]\n"


def test_the_bundled_file_loads_with_every_category() -> None:
    lexicon = cues.load()
    assert {modifier.category for modifier in lexicon.modifiers} == set(Cue)
    assert set(lexicon.word_classes) == {"no-rule-verb", "oversight-verb", "use-verb", "act-verb", "catenative", "imperative"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("modifiers:\n  - category: forbid\n    phrases: [x]\n    examples: ['[x] y']\n", ":2: unknown value 'forbid'"),
        ("modifiers:\n  - category: prohibit\n    phrases: [x]\n    examples: ['no brackets']\n", ":4:"),
        ("modifiers:\n  - category: prohibit\n    phrase: [x]\n", ":3: unknown key 'phrase'"),
        ("modifiers:\n  - category: anaphor\n    phrases: [it]\n    examples: ['[a] it']\n", ":4: this example must say how it reads"),
        ("modifiers:\n  - direction: pseudo\n    category: prohibit\n    phrases: [x]\n    examples: ['[x]']\n", ":2:"),
        ("modifiers:\n  - category: prohibit\n    direction: sideways\n    phrases: [x]\n    examples: ['[x]']\n", ":3: unknown value 'sideways'"),
    ],
)
def test_a_broken_cue_file_says_file_line(text: str, message: str) -> None:
    with pytest.raises(StandardError, match=message):
        cues.parse(text + ("" if "word_classes" in text else MINIMAL_CLASSES), "cues.yaml")


def _hit(start: int, end: int, direction: Direction, max_scope: int | None = None) -> CueHit:
    return CueHit(Cue.PROHIBIT, False, start, end, "x", direction, max_scope)


@pytest.mark.parametrize(
    ("hit", "reaches"),
    [
        (_hit(0, 1, Direction.FORWARD), True),
        (_hit(6, 7, Direction.FORWARD), False),
        (_hit(6, 7, Direction.BACKWARD), True),
        (_hit(0, 1, Direction.BACKWARD), False),
        (_hit(0, 1, Direction.BIDIRECTIONAL, max_scope=2), True),
        (_hit(0, 1, Direction.BIDIRECTIONAL, max_scope=1), False),
        (_hit(9, 10, Direction.BIDIRECTIONAL), True),
    ],
)
def test_direction_and_maximum_scope_decide_which_topics_a_cue_reaches(hit: CueHit, reaches: bool) -> None:
    mention = Mention.at(3, 5)  # words 3-4; a cue at 0 is two words before it, one at 6 one word after
    assert hit.reaches(mention) is reaches


def test_a_forward_modifier_does_not_read_a_topic_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same words with `direction: forward` on every prohibition leave a topic before them unread."""
    from dataclasses import replace

    import policy_audit
    from policy_audit.read import cues as cue_file

    def readings(text: str) -> list[str]:
        return [reading.reading.value for reading in policy_audit.reader(["core"])(text)._.readings]

    assert readings("Chokeholds are prohibited.") == ["prohibits"]
    bundled = cue_file.load()
    forward = replace(
        bundled,
        modifiers=tuple(
            replace(modifier, direction=Direction.FORWARD) if modifier.category is Cue.PROHIBIT else modifier
            for modifier in bundled.modifiers
        ),
    )
    monkeypatch.setattr(cue_file, "load", lambda path="": forward)
    assert readings("Chokeholds are prohibited.") == ["mentions"]
    assert readings("Officers shall never use chokeholds.") == ["prohibits"]
