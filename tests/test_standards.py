"""Standards as data: every bundled file loads, bad files say file:line (their examples run in test_cases.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_audit import standards
from policy_audit.audit import audit_text
from policy_audit.errors import StandardError
from policy_audit.models import Status

BUNDLED = [standards.load(str(path)) for path in standards.bundled_paths()]
CORE_IDS = [
    "warning-shots-banned",
    "duty-to-intervene",
    "chokehold-ban",
    "hog-tie-ban",
    "public-guidance",
    "training-pass-fail",
]


def test_core_has_exactly_the_six_items() -> None:
    core = standards.load("core")
    assert [item.id for item in core.items] == CORE_IDS
    for item in core.items:
        statuses = {status.value for status, sentences in item.examples if len(sentences) >= 2}
        assert statuses == {"met", "partial", "contradicted", "missing"}, item.id
        assert item.source.document.startswith("CTI") and item.model_language and item.why


def test_every_bundled_item_has_examples_for_the_statuses_it_can_take() -> None:
    for standard in BUNDLED:
        for item in standard.items:
            statuses = {status.value for status, sentences in item.examples if len(sentences) >= 2}
            assert {"met", "missing", "contradicted"} <= statuses, f"{standard.id}:{item.id}"
            # Where advisory wording counts as met, an item can be partial only by a restriction; every other can.
            if (item.advisory or standard.advisory) is Status.PARTIAL and item.kind.value != "describes":
                assert "partial" in statuses, f"{standard.id}:{item.id}"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


VALID_ITEM = """\
  - id: my-item
    title: A title
    kind: ban
    source: {document: My source}
    why: Because.
    topic: [warning shot]
    model_language: Warning shots are prohibited.
    examples:
      met: ["Warning shots are prohibited.", "Warning shots are forbidden."]
"""


def test_a_user_standard_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, f"id: mine\ntitle: Mine\nsource: Me\nitems:\n{VALID_ITEM}")
    loaded = standards.load(str(path))
    assert loaded.id == "mine" and loaded.items[0].id == "my-item"


def test_typo_in_a_key_names_file_line_and_expected_keys(tmp_path: Path) -> None:
    text = f"id: mine\ntitle: Mine\nsource: Me\nitems:\n{VALID_ITEM}".replace("    topic:", "    topics:")
    path = _write(tmp_path, text)
    with pytest.raises(StandardError) as caught:
        standards.load(str(path))
    message = caught.value.line()
    assert f"{path}:10" in message and "unknown key 'topics'" in message and "other_senses" in message


def test_duplicate_item_ids_are_rejected_with_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, f"id: mine\ntitle: Mine\nsource: Me\nitems:\n{VALID_ITEM}{VALID_ITEM}")
    with pytest.raises(StandardError, match=r"mine.yaml:14: duplicate item id 'my-item' \(first on line 5\)"):
        standards.load(str(path))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: mine\ntitle: [unclosed\n", "not valid YAML"),
        ("", "the file is empty"),
        ("id: mine\ntitle: Mine\nsource: Me\nitems: []\n", ":4: 'items' needs at least 1 entries"),
        ("id: Not Kebab\ntitle: Mine\nsource: Me\nitems: []\n", ":1: 'id': 'Not Kebab' is not in the expected form"),
        ("!!python/object:os.system {}\n", ":1: unsupported YAML tag"),
        ("id: mine\ntitle: &t Mine\nsource: *t\nitems: []\n", ":2: YAML aliases and anchors are not allowed"),
        ("id: mine\nid: again\n", ":2: duplicate key 'id' \\(first on line 1\\)"),
    ],
)
def test_broken_standard_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(StandardError, match=message):
        standards.load(str(_write(tmp_path, text)))


def test_yaml_words_on_and_no_stay_strings(tmp_path: Path) -> None:
    text = f"id: mine\ntitle: Mine\nsource: Me\nitems:\n{VALID_ITEM}".replace(
        "[warning shot]", "[warning shot, on, no]"
    )
    assert standards.load(str(_write(tmp_path, text))).items[0].topic.phrases == ("warning shot", "on", "no")


def test_core_is_a_profile_of_cti_with_the_same_items() -> None:
    core, cti = standards.load("core"), standards.load("cti-6.1")
    assert core.profile_of == "cti-6.1"
    assert all(item is cti.item(item.id) or item == cti.item(item.id) for item in core.items)


def test_a_profile_naming_an_unknown_item_says_file_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "id: mine\ntitle: Mine\nsource: Me\nprofile_of: cti-6.1\nitems: [duty-to-intervene, no-such]\n"
    )
    with pytest.raises(StandardError, match=r"mine.yaml:5: 'cti-6.1' has no item 'no-such'"):
        standards.load(str(path))


def test_a_new_item_from_yaml_alone_reads_new_text(tmp_path: Path) -> None:
    """A policy expert adds a safeguard the tool has never seen, with no code: topic, parts and examples."""
    item = """\
  - id: spit-hood-ban
    title: Spit hoods banned
    kind: ban
    source: {document: Our own audit, addition: true}
    why: A hood over the head can suffocate a restrained person.
    topic: [spit hood, spit mask, "hood|bag|sack over …3 head"]
    model_language: Officers shall not place a spit hood or any covering over a person's head.
    examples:
      met: ["Spit hoods shall never be used.", "No officer may place a bag over a prisoner's head."]
      contradicted: ["Officers may apply a spit mask to a person who spits.", "Spit hoods are an approved restraint."]
      missing: ["Prisoners who spit shall be separated.", "Hoods of patrol cars shall be inspected."]
"""
    path = _write(tmp_path, f"id: mine\ntitle: Mine\nsource: Me\nitems:\n{item}")
    standard = standards.load(str(path))
    assert standard.items[0].source.addition
    from policy_audit.cases import failing

    assert list(failing(standard)) == []
    text = "A spit hood shall not be used on any person in custody."
    result = audit_text(text, [standard]).results[0]
    assert result.status is Status.MET and result.evidence[0].quote == text


def test_unknown_standard_id_lists_the_known_ones() -> None:
    with pytest.raises(StandardError, match="core"):
        standards.load("no-such-standard")


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("… warning shot", "must start and end with a word"),
        ("warning …9 shot", "gap '…9'"),
        ("fire|| shot", "empty alternative"),
        ("a … b … c … d … e … f", "too long to match cheaply"),
    ],
)
def test_a_phrase_out_of_the_notation_or_too_costly_is_refused_with_its_line(
    tmp_path: Path, phrase: str, message: str
) -> None:
    text = f"id: mine\ntitle: Mine\nsource: Me\nitems:\n{VALID_ITEM}".replace("[warning shot]", f"[warning shot, '{phrase}']")
    with pytest.raises(StandardError, match=message) as caught:
        standards.load(str(_write(tmp_path, text)))
    assert caught.value.where.endswith(":10")


def test_a_checklist_reusing_a_bundled_id_names_both_files(tmp_path: Path) -> None:
    path = _write(tmp_path, f"id: core\ntitle: Mine\nsource: Me\nitems:\n{VALID_ITEM}")
    with pytest.raises(StandardError, match=r"already the bundled standard .*core\.yaml"):
        standards.load(str(path))


@pytest.mark.parametrize("base", ["mine", "/etc/passwd", "../../etc/hosts"])
def test_profile_of_names_a_bundled_id_or_a_file_beside_the_checklist(tmp_path: Path, base: str) -> None:
    path = _write(tmp_path, f"id: mine\ntitle: Mine\nsource: Me\nprofile_of: {base}\nitems: [x]\n")
    with pytest.raises(StandardError, match=r"mine.yaml:4"):
        standards.load(str(path))


def test_a_yaml_bomb_is_refused_without_growing() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
    )
    with pytest.raises(StandardError, match="aliases"):
        standards.parse(bomb, "bomb.yaml")


def test_the_schema_ships_in_the_package_and_every_bundled_file_points_at_it() -> None:
    from policy_audit.datafile import schema_path

    assert schema_path("checklist").is_file()
    for path in standards.bundled_paths():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith("checklist.schema.json"), path


def test_each_standard_says_how_it_reads_advisory_wording() -> None:
    """LABELING.md reads "should" on the core duty as partial; Campaign Zero's coders counted it."""
    from policy_audit.cases import item_result

    core, eight = standards.load("core"), standards.load("8-cant-wait")
    assert core.advisory is eight.advisory is Status.PARTIAL
    assert eight.item("warn-before-shooting").advisory is Status.MET and eight.item("de-escalation").advisory is None
    text = "Where feasible, officers should give a verbal warning before using deadly force."
    assert item_result(eight, "warn-before-shooting", text).status is Status.MET
    text = "Officers should intervene when another officer uses excessive force."
    assert item_result(core, "duty-to-intervene", text).status is Status.PARTIAL
    assert item_result(eight, "duty-to-intervene", text).status is Status.PARTIAL


def test_advisory_must_be_partial_or_met(tmp_path: Path) -> None:
    path = _write(tmp_path, f"id: mine\ntitle: Mine\nsource: Me\nadvisory: yes\nitems:\n{VALID_ITEM}")
    with pytest.raises(StandardError, match=r"mine.yaml:4: unknown value 'yes' for 'advisory'"):
        standards.load(str(path))
