"""Parsed data files come back from the cache folder exactly as parsed, and never spare a syntax error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import two_fresh_processes

from policy_audit import cachefiles, yamldoc

TEXT = """\
id: example
published: 2023-05-01
items:
  - id: one
    phrases: [warning shot, "=levels of force"]
    firm: true
  - id: two
    weight: 2.5
    note: on
"""


def _flat(node: yamldoc.Node) -> object:
    """Every value with its line, and every key's line: what a Node tree tells the loaders."""
    value = node.value
    if isinstance(value, yamldoc.Located):
        return ("map", node.line, {key: _flat(child) for key, child in value.items()}, dict(value.key_lines))
    if isinstance(value, list):
        return ("list", node.line, [_flat(child) for child in value])
    return (type(value).__name__, node.line, value)


def _cached() -> list[Path]:
    return sorted(cachefiles.cache_folder().glob("yaml-*"))


def test_a_file_parsed_before_comes_from_the_cache_unchanged() -> None:
    first = yamldoc.compose(TEXT)
    assert first is not None and len(_cached()) == 1
    second = yamldoc.compose(TEXT)
    assert second is not None
    assert _flat(second) == _flat(first)
    published = second.value["published"]
    assert published.value == date(2023, 5, 1) and published.line == 2
    assert second.value["items"].value[1].value["note"].value == "on"  # only true/false are booleans


def test_a_damaged_cache_file_is_parsed_again() -> None:
    expected = _flat(yamldoc.compose(TEXT))  # type: ignore[arg-type]
    for path in _cached():
        path.write_bytes(b"\x00not marshal")
    again = yamldoc.compose(TEXT)
    assert again is not None and _flat(again) == expected


def test_a_syntax_error_is_never_cached() -> None:
    broken = "items:\n  - id: one\n   phrases: [unclosed\n"
    for _ in range(2):
        with pytest.raises(yamldoc.LineError):
            yamldoc.compose(broken)
    assert _cached() == []


def test_a_second_process_reads_the_checklists_without_importing_pyyaml(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from policy_audit import standards\n"
        "from policy_audit.matching import matcher_for\n"
        "core = standards.load('core')\n"
        "matcher_for(core)\n"
        "print('yaml' in sys.modules, [item.id for item in core.items])\n"
    )
    first, second = two_fresh_processes(probe, tmp_path / "cache")
    assert first.split()[0] == "True"
    assert second.split()[0] == "False", second
    assert first.split(maxsplit=1)[1] == second.split(maxsplit=1)[1]
