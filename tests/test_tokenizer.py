"""spaCy's English tokenizer rules run without spaCy: the same tokens as spaCy, on tricky and on random text."""

from __future__ import annotations

import marshal
import re
import string
from pathlib import Path

import pytest
from conftest import SAMPLES, two_fresh_processes
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_audit.ingest import load
from policy_audit.matching import lexicon
from policy_audit.matching.regex_letters import letters_never_match
from policy_audit.matching.tokenizer import RulesTokenizer, _rules, export, rules_tokenizer
from policy_audit.segment import segment

TRICKY = [
    "Officers shall not use chokeholds, e.g. the carotid restraint, except as in 720 ILCS 5/7-5.1(a).",
    "The officer's duty (and the officers' duty) doesn't end; they can't stand by—they must intervene.",
    "Hog-tying is prohibited: see www.example.gov/policy/300 and https://police.example.org/uof?id=4.",
    "“Warning shots” are NOT permitted at 3:00 a.m. or p.m.; U.S. law, Dept. policy, and Sgt. Smith agree.",
    "(7-8) (49 CFR 1544.219): 8) :) (: ;-) <3 xD ''quoted'' ‘single’ '90s rock 'n' roll",
    "$5.00, 10mm, 5%, 1st, 2nd, 40-caliber, 9x19, and/or, A/B, §300.4, #12, @home, 1,000,000 rounds...",
    "Mr. O'Neil & Ms. D'Arcy—(ret.)—said: 'No!' \"Yes?\" [sic] {note} <tag> ~approx *starred* _under_",
    "L.V.N.R. N.Y.P.D. ain't y'all gonna wanna ’tis o’clock can’t won’t shan’t Let's let’s",
]


@pytest.fixture(scope="module")
def rules() -> RulesTokenizer:
    tokenizer = rules_tokenizer()
    assert tokenizer is not None, "spaCy's rules should run without spaCy for the installed spaCy"
    return tokenizer


def _spacy(text: str) -> tuple[tuple[str, int], ...]:
    return lexicon._spacy_tokenize([text])[0]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_is_tokenized_as_spacy_does(rules: RulesTokenizer, text: str) -> None:
    assert rules.tokenize(text) == _spacy(text)


def test_split_special_cases_are_merged_back_as_spacy_does(rules: RulesTokenizer) -> None:
    text = "See (720 ILCS 5/7-8) and (49 CFR 1544.219):"
    tokens = rules.tokenize(text)
    assert tokens == _spacy(text)
    assert tokens is not None and ("8)", text.index("8)")) in tokens and "):" in [token for token, _ in tokens]


def test_every_sample_policy_clause_is_tokenized_as_spacy_does(rules: RulesTokenizer) -> None:
    texts = sorted(
        {
            text
            for path in SAMPLES.iterdir()
            if path.suffix in (".txt", ".md", ".pdf")
            for clause in segment(load(path))
            for text in (clause.text, clause.lead, clause.section, clause.running_header)
            if text
        }
    )
    assert len(texts) > 100
    assert [rules.tokenize(text) for text in texts] == lexicon._spacy_tokenize(texts)


WORDS = st.sampled_from(
    ["officer", "shall", "not", "U.S.", "e.g.", "don't", "can’t", "8", "3:00", "a.m.", "www.x.gov", "hog-tie"]
)
CHARACTERS = st.text(alphabet="aZ09.,;:!?'\"()[]{}-–—/\\$%&*@#’‘“”§<>=+~_^|…°½é", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, CHARACTERS, st.tuples(WORDS, CHARACTERS).map("".join)), min_size=1, max_size=12))
def test_random_text_is_tokenized_as_spacy_does(pieces: list[str]) -> None:
    text = " ".join(" ".join(pieces).split())
    tokenizer = rules_tokenizer()
    assert tokenizer is not None
    assert tokenizer.tokenize(text) == _spacy(text)


def test_other_whitespace_goes_to_spacy(rules: RulesTokenizer) -> None:
    text = "Warning  shots\tare\u00a0prohibited.\n"
    assert rules.tokenize(text) is None
    assert lexicon.tokenize([text, "Chokeholds are banned."]) == lexicon._spacy_tokenize(
        [text, "Chokeholds are banned."]
    )


def test_the_installed_spacy_rules_run_exactly() -> None:
    exported = export()
    assert exported["exact"] is True
    assert "don't" in exported["specials"] and exported["merges"]


@pytest.mark.parametrize(
    "content", [b"\x00 not marshal", marshal.dumps({"format": 0}), marshal.dumps([1, 2]), marshal.dumps({})]
)
def test_a_damaged_rules_file_is_made_again(content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from policy_audit.matching.tokenizer import _rules_file

    path = _rules_file()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    made = _rules()
    assert made is not None and made.specials["don't"] == ("do", "n't")
    assert path.stat().st_size > 1000  # written again, whole


def test_a_scan_with_the_rules_at_hand_never_imports_spacy(tmp_path: Path) -> None:
    policy = tmp_path / "policy.txt"
    policy.write_text("Warning shots are prohibited. Officers shall intervene (see 5/7-8):\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from policy_audit.audit import audit_path\n"
        "from policy_audit.standards import load\n"
        f"report = audit_path(Path({str(policy)!r}), [load('core')])\n"
        "print('spacy' in sys.modules, [result.status.value for result in report.results][:2])\n"
    )
    first, second = two_fresh_processes(probe, tmp_path / "cache")
    assert first.split()[0] == "True"  # the first run exports the rules from spaCy
    assert second.split()[0] == "False", second
    assert first.split(maxsplit=1)[1] == second.split(maxsplit=1)[1]


def test_where_the_rules_cannot_run_exactly_spacy_tokenizes_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy_audit.matching import tokenizer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(tokenizer, "export", lambda: {**export(), "exact": False})
    tokenizer.rules_tokenizer.cache_clear()
    try:
        assert tokenizer.rules_tokenizer() is None
        texts = ["Warning shots are prohibited.", "See (720 ILCS 5/7-8):"]
        assert lexicon.tokenize(texts) == lexicon._spacy_tokenize(texts)
    finally:
        tokenizer.rules_tokenizer.cache_clear()


@pytest.mark.parametrize(
    ("pattern", "flags", "never"),
    [
        (r"(?<=[0-9])km$", 0, True),  # a unit after a digit: no digit in a word of letters
        (r"(?:US\$|C\$)", 0, True),
        (r"\d|\$", 0, True),
        (r"[a-z]+", 0, False),
        (r"k$", 0, False),
        ("\u212a", 0, True),  # the Kelvin sign is no ASCII letter …
        ("\u212a", re.IGNORECASE, False),  # … but folds to "k": the engine says so, not a table of ours
        ("(?i:\u212a)", 0, False),
        (r"(?=[A-Z])", 0, False),  # a lookahead that a letter satisfies
        (r"(?<![0-9])x", 0, False),  # a negative lookbehind needs nothing
        (r"x(?:-)?y", 0, False),  # the hyphen is optional
        (r"x-*y|\$", 0, False),  # one alternative is enough
        (r"[^a-z]", 0, False),  # upper case is not a-z
        (r"[^a-z]", re.IGNORECASE, True),
    ],
)
def test_which_patterns_can_match_in_a_word_of_letters(pattern: str, flags: int, never: bool) -> None:
    assert letters_never_match(re.compile(pattern, flags)) is never


def test_spacy_affixes_cannot_split_a_word_of_letters() -> None:
    assert export()["letters_alone"] is True  # else the fast path is off, which costs speed, not correctness


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.ascii_letters, min_size=1, max_size=14))
def test_a_word_of_letters_is_tokenized_as_spacy_does(word: str) -> None:
    tokenizer = rules_tokenizer()
    assert tokenizer is not None and tokenizer.rules.letters_alone
    assert tokenizer.tokenize(word) == _spacy(word)  # one token, or a special case such as "dont"


@pytest.mark.parametrize("word", ["dont", "Cant", "gonna", "ima", "officers", "OFFICERS", "Chokeholds", "a", "I"])
def test_special_cases_of_letters_still_come_first(word: str) -> None:
    tokenizer = rules_tokenizer()
    assert tokenizer is not None
    assert tokenizer.tokenize(word) == _spacy(word)
    assert len(_spacy("dont")) == 2  # a special case made of letters alone exists, so the order matters


def test_where_the_patterns_cannot_be_analysed_there_is_no_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    from policy_audit.matching import regex_letters

    def unreadable(pattern: re.Pattern[str]) -> bool:
        raise AttributeError("another Python's re._parser")

    monkeypatch.setattr(regex_letters, "letters_never_match", unreadable)
    exported = export()
    assert exported["letters_alone"] is False and exported["exact"] is True
