"""The deontic reader on sentences where a keyword search goes wrong (scope, exceptions, negation)."""

from __future__ import annotations

import pytest

from policy_audit.audit import audit_text
from policy_audit.models import Kind, Reading, Standard, Status
from policy_audit.read import abbreviations
from policy_audit.read.pipeline import LemmaComponent, TopicComponent, component, pipeline, read, ref


def _status(core: Standard, text: str, item: str) -> Status:
    return next(result.status for result in audit_text(text, [core]).results if result.item == item)


@pytest.mark.parametrize(
    ("sentence", "topic", "reading"),
    [
        ("Chokeholds are prohibited.", "Chokeholds", Reading.PROHIBITS),
        ("Officers shall intervene.", "intervene", Reading.REQUIRES),
        ("The LVNR is an authorized control technique.", "LVNR", Reading.PERMITS),
        (
            "Neck restraints are prohibited except where deadly force is authorized.",
            "Neck restraints",
            Reading.RESTRICTS,
        ),
        ("Officers should intervene.", "intervene", Reading.ADVISES),
        ("This manual is not for public release.", "manual", Reading.REFUSES),
        ("Chokeholds are described in the annex.", "Chokeholds", Reading.MENTIONS),
        (
            "Nothing in this policy prohibits a neck restraint when deadly force is authorized.",
            "neck restraint",
            Reading.PERMITS,
        ),
    ],
)
def test_readings(sentence: str, topic: str, reading: Reading) -> None:
    start = sentence.index(topic)
    kind = Kind.PUBLICATION if topic == "manual" else Kind.BAN
    assert read(sentence, start, start + len(topic), kind=kind).reading is reading


def test_deadly_force_exception_is_flagged() -> None:
    sentence = "Neck restraints are prohibited except where deadly force is authorized."
    result = read(sentence, 0, 15)
    assert result.base is Reading.PROHIBITS and result.deadly_only


def test_cue_scope_ends_at_semicolon_and_but(core: Standard) -> None:
    text = "Warning shots are prohibited; officers may use chokeholds on violent subjects."
    assert _status(core, text, "warning-shots-banned") is Status.MET
    assert _status(core, text, "chokehold-ban") is Status.CONTRADICTED


def test_including_but_not_limited_to_is_not_a_negation(core: Standard) -> None:
    text = "Approved techniques include, but are not limited to, the carotid restraint."
    assert _status(core, text, "chokehold-ban") is Status.CONTRADICTED


@pytest.mark.parametrize(
    ("text", "item", "status"),
    [
        ("Officers shall not intervene in civil disputes.", "duty-to-intervene", Status.MISSING),
        ("Officers shall give a verbal warning before shooting.", "warning-shots-banned", Status.MISSING),
        (
            "Nothing in this policy prohibits a neck restraint when deadly force is authorized.",
            "chokehold-ban",
            Status.PARTIAL,
        ),
        ("Neck restraints are not authorised; hog-tying is forbidden.", "hog-tie-ban", Status.MET),
        ("Neck restraints are not authorised; hog-tying is forbidden.", "chokehold-ban", Status.MET),
        (
            "Officers shall, when in a position to do so, intervene to stop excessive force by another officer.",
            "duty-to-intervene",
            Status.MET,
        ),
        ("Officers should avoid hog-tying. Hog-tying is prohibited.", "hog-tie-ban", Status.MET),
        (
            "Chokeholds are prohibited. The carotid restraint may be used on resisting subjects.",
            "chokehold-ban",
            Status.CONTRADICTED,
        ),
    ],
)
def test_items_on_tricky_sentences(core: Standard, text: str, item: str, status: Status) -> None:
    assert _status(core, text, item) is status


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Chokeho1ds and carotid restraints are prohibited.", "chokehold-ban"),
        ("Warn ing shots are prohibited.", "warning-shots-banned"),
        ("Oﬃcers shall not fire warning shots.", "warning-shots-banned"),
    ],
)
def test_ocr_damaged_spellings_still_match(core: Standard, text: str, item: str) -> None:
    import unicodedata

    assert _status(core, unicodedata.normalize("NFKC", text), item) is Status.MET


def test_evidence_is_quoted_with_its_line(core: Standard) -> None:
    report = audit_text("Purpose.\n\nWarning shots are prohibited.", [core])
    result = next(result for result in report.results if result.item == "warning-shots-banned")
    (evidence,) = result.evidence
    assert (evidence.quote, evidence.line, evidence.reading) == ("Warning shots are prohibited.", 3, Reading.PROHIBITS)


def test_ocr_repair_looks_only_at_candidates_that_can_reach_the_cutoff(core: Standard) -> None:
    """Repair searches the candidates whose length can score the cutoff: on damaged words of every candidate,
    the best match must be the one a search of all candidates finds."""
    import random
    import string

    from rapidfuzz import fuzz, process

    lexicon = component(pipeline((ref(core),)), "policy_lemmas", LemmaComponent).lexicon
    everything = lexicon._candidates
    rng = random.Random(2)
    for _ in range(3000):
        word = list(rng.choice(everything))
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(word))
            edit = rng.choice("drsi")
            if edit == "d" and len(word) > 1:
                del word[at]
            elif edit == "i":
                word.insert(at, rng.choice(string.ascii_lowercase + "105"))
            else:
                word[at] = rng.choice(string.ascii_lowercase + "1")
        damaged = "".join(word)
        for cutoff in (88, 92):
            expected = process.extractOne(damaged, everything, scorer=fuzz.ratio, score_cutoff=cutoff)
            reach = lexicon._within_reach(len(damaged), cutoff)
            found = process.extractOne(damaged, reach, scorer=fuzz.ratio, score_cutoff=cutoff) if reach else None
            assert (found[:2] if found else None) == (expected[:2] if expected else None), damaged


def test_the_cycle_collector_is_paused_while_a_document_is_read_and_restored_after(
    core: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from policy_audit import audit

    seen: list[bool] = []
    original = audit.segment

    def segment_and_note(document):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return original(document)

    monkeypatch.setattr(audit, "segment", segment_and_note)
    was_enabled = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            assert audit_text("Warning shots are prohibited.", [core]).results
            assert gc.isenabled() is enabled
    finally:
        gc.enable() if was_enabled else gc.disable()
    assert seen == [False, False]


def test_the_pre_check_keeps_a_bounded_number_of_answers_and_reads_the_same(
    core: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import SAMPLES

    from policy_audit.audit import audit_path
    from policy_audit.read import topics

    policies = sorted(SAMPLES.glob("*.txt"))
    unbounded = [audit_path(path, [core]).results for path in policies]
    monkeypatch.setattr(topics, "_PRE_CHECKS_KEPT", 3)
    (matcher,) = component(pipeline((ref(core),)), "policy_topics", TopicComponent).matchers
    matcher._may_match.clear()
    assert [audit_path(path, [core]).results for path in policies] == unbounded
    assert 0 < len(matcher._may_match) <= 3


def test_a_hyphenated_alternative_matches_its_words_and_its_closed_form() -> None:
    from policy_audit.read.phrases import PhraseSet, View

    nlp = pipeline(())
    lexicon = component(nlp, "policy_lemmas", LemmaComponent).lexicon
    patterns = PhraseSet(nlp.vocab)
    patterns.add("recording", ["audio|audio-visual recording"], lexicon)
    for text, found in [
        ("an audio-visual recording", True),
        ("an audiovisual recording", True),
        ("an audio recording", True),
        ("a visual recording", False),
    ]:
        doc = nlp(text)
        assert bool(patterns.find(View(doc, doc._.words))) is found, text


def test_a_gap_skips_up_to_n_words_never_a_stop_and_names_only_its_words() -> None:
    from policy_audit.read.phrases import PhraseSet, View

    nlp = pipeline(())
    lexicon = component(nlp, "policy_lemmas", LemmaComponent).lexicon
    patterns = PhraseSet(nlp.vocab)
    patterns.add("warn", ["fire …3 warning"], lexicon)
    for text, words in [
        ("fire a warning", {0, 2}),
        ("fire one two three warning", {0, 4}),
        ("fire one two three four warning", None),
        ("fire. A warning", None),
    ]:
        doc = nlp(text)
        matches = patterns.find(View(doc, doc._.words))
        assert (matches[0].words if matches else None) == words, text


def test_the_reader_is_a_spacy_pipeline_a_notebook_can_use() -> None:
    """`policy_audit.reader()` as the README shows it: what a sentence read alone does to each item it names."""
    import policy_audit

    nlp = policy_audit.reader(["core", "8-cant-wait"])
    assert nlp.pipe_names == ["policy_lemmas", "policy_cues", "policy_topics", "policy_readings"]
    doc = nlp("The carotid restraint may be used only where deadly force is authorized.")
    readings = [(r.standard, r.item, r.topic, r.reading) for r in doc._.readings]
    assert readings == [
        ("core", "chokehold-ban", "carotid", Reading.RESTRICTS),
        ("8-cant-wait", "chokehold-ban", "carotid", Reading.RESTRICTS),
    ]
    assert all(reading.frame.deadly_only for reading in doc._.readings)
    assert [token.lemma_ for token in nlp("Officers intervened.")][:2] == ["officer", "intervene"]


def test_an_abbreviation_is_defined_before_or_after_the_words_it_stands_for() -> None:
    table = abbreviations.defined(
        ["the Carotid Control Technique (CCT) is banned.", "G. VNR (Vascular Neck Restraint) - a hold.", "ABC (see 4.2)"]
    )
    assert table == {"CCT": "Carotid Control Technique", "VNR": "Vascular Neck Restraint"}


def test_a_glossary_entry_defines_an_abbreviation_and_common_ones_need_none() -> None:
    table = abbreviations.defined(
        [
            "A.4 Abbreviations: UOF use of force; DF deadly force; SBI serious bodily injury",
            " * CEW = conducted energy weapon | LVNR = lateral vascular neck restraint",
            "OC SPRAY AND BATON",  # a heading in capitals, not a glossary entry: the words are not its initials
            "DF authorized only when objectively reasonable.",
        ]
    )
    assert table == {
        "DF": "deadly force",
        "SBI": "serious bodily injury",
        "CEW": "conducted energy weapon",
        "LVNR": "lateral vascular neck restraint",
    }
    spelled_out = abbreviations.expander(abbreviations.COMMON | table)
    assert spelled_out("Neck restraints -- NOT AUTHORIZED unless DF is justified.") == (
        "Neck restraints -- NOT AUTHORIZED unless deadly force is justified."
    )
