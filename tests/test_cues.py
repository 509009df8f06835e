"""The cue lexicon as data: every example in cues.yaml is read through the whole reader and must read as its group says."""

from __future__ import annotations

import pytest

from policy_audit.audit import audit_text
from policy_audit.errors import StandardError
from policy_audit.matching import cues
from policy_audit.models import Item, Kind, MetAlso, Reading, Source, Standard, Status, Topic

LEXICON = cues.load()
EXAMPLES = [
    pytest.param(group, example, id=f"{group.means.value}:{index}:{example.text[:40]}")
    for group in LEXICON.groups
    for index, example in enumerate(group.examples)
]


def _one_item_standard(topic: str, kind: Kind) -> Standard:
    item = Item(
        id="topic",
        title="The bracketed topic",
        kind=kind,
        source=Source("cues.yaml"),
        why="test",
        # A publication item is about the document: the bracketed words name it ("This [manual] …").
        topic=Topic((topic,), (topic,) if kind is Kind.PUBLICATION else ()),
        model_language="-",
        examples=((Status.MET, ("-", "-")),),
        met_also=MetAlso(),
    )
    return Standard("cue-examples", "Cue examples", "cues.yaml", (item,), f"<{topic}>", topic)


@pytest.mark.parametrize(("group", "example"), EXAMPLES)
def test_cue_example_reads_as_its_group_says(group: cues.CueGroup, example: cues.CueExample) -> None:
    topic = example.text[example.text.index("[") + 1 : example.text.index("]")]
    text = example.text.replace("[", "").replace("]", "")
    result = audit_text(text, [_one_item_standard(topic, example.kind)]).results[0]
    deciding = [hit for hit in result.hits if hit.verdict is not None and hit.clause.normative]
    if example.reads is Reading.MENTIONS:
        assert not deciding, f"{text!r}: read as {[hit.reading.value for hit in deciding]} ({result.reason})"
        return
    readings = {hit.reading for hit in deciding}
    assert example.reads in readings, f"{text!r}: read as {sorted(r.value for r in readings)} ({result.reason})"
    if example.limited:
        assert any(hit.limited for hit in deciding), f"{text!r}: the setting was not seen"


def test_every_group_has_an_example_and_every_meaning_is_used() -> None:
    used = {group.means for group in LEXICON.groups}
    assert used == set(cues.Cue)
    assert all(group.examples for group in LEXICON.groups)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("groups:\n  - means: forbid\n    phrases: [x]\n    examples: ['[x] y']\n", "2: unknown cue meaning 'forbid'"),
        (
            "groups:\n  - means: prohibit\n    phrases: [x]\n    examples: ['no brackets']\n",
            "4: an example names its topic",
        ),
        (
            "groups:\n  - means: use-verb\n    phrases: [two words]\n    examples: [{text: '[a]', reads: permits}]\n",
            "one word",
        ),
        ("groups:\n  - means: prohibit\n    phrase: [x]\n", "unknown key 'phrase'"),
        ("groups:\n  - means: anaphor\n    phrases: [it]\n    examples: ['[a] it']\n", "must say how it reads"),
    ],
)
def test_a_broken_cue_file_says_file_line(text: str, message: str) -> None:
    with pytest.raises(StandardError, match=message):
        cues.parse(text, "cues.yaml")
