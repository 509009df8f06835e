"""`policy-audit eval`: agreement with coders on small label files we write, and clear errors on malformed ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.evaluate import LabelError, read_labels

runner = CliRunner()
POLICIES = {
    "a.txt": "Warning shots are prohibited. Officers shall intervene to stop excessive force by another officer.",
    "b.txt": "Officers may fire a warning shot when a suspect flees.",
}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in POLICIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _labels(tmp_path: Path, text: str, name: str = "labels.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_binary_csv_agreement_confusion_and_disagreements(tmp_path: Path, docs: Path) -> None:
    labels = _labels(
        tmp_path,
        'file,warning-shots-banned,duty-to-intervene,language:duty-to-intervene\na.txt,1,0,"No duty."\nb.txt,0,,\n',
    )
    result = runner.invoke(app, ["eval", str(labels), "--docs", str(docs), "--standard", "core", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pairs"] == 3 and data["skipped_cells"] == 1
    assert data["agreement"] == round(2 / 3, 4)
    warning = next(item for item in data["items"] if item["item"] == "warning-shots-banned")
    assert warning["agreement"] == 1.0 and warning["precision_met"] == 1.0 and warning["recall_met"] == 1.0
    (disagreement,) = data["disagreements"]
    assert disagreement["document"] == "a.txt" and disagreement["item"] == "duty-to-intervene"
    assert disagreement["label"] == "0" and disagreement["tool"] == "1"
    assert "intervene" in disagreement["tool_quote"] and disagreement["coder_quote"] == "No duty."


def test_status_labels_in_json_shape_and_table_output(tmp_path: Path, docs: Path) -> None:
    labels = _labels(
        tmp_path,
        json.dumps(
            {
                "_about": "x",
                "b.txt": {"warning-shots-banned": {"status": "contradicted", "evidence": ["may fire"]}},
                "a.txt": {"warning-shots-banned": {"status": "partial"}},
            }
        ),
        "labels.json",
    )
    result = runner.invoke(app, ["eval", str(labels), "--docs", str(docs)])
    assert result.exit_code == 0, result.stderr
    assert "standard 'core': 50.0% of 2" in result.stdout
    assert "partial→met×1" in result.stdout and "contradicted→contradicted×1" in result.stdout
    assert "a.txt · warning-shots-banned: coder partial, tool met" in result.stdout


def test_only_filter_and_unknown_values_are_skipped_and_counted(tmp_path: Path, docs: Path) -> None:
    labels = _labels(
        tmp_path, "file,version_match,warning-shots-banned\na.txt,firm,yes\nb.txt,loose,0\nmissing.txt,firm,maybe\n"
    )
    result = runner.invoke(
        app, ["eval", str(labels), "--docs", str(docs), "-s", "core", "--only", "version_match=firm", "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert data["pairs"] == 1 and data["skipped_cells"] == 1 and data["agreement"] == 1.0


def test_labelled_document_not_found_is_reported(tmp_path: Path, docs: Path) -> None:
    labels = _labels(tmp_path, "file,warning-shots-banned\na.txt,1\nghost.txt,1\n")
    result = runner.invoke(app, ["eval", str(labels), "--docs", str(docs), "-s", "core"])
    assert result.exit_code == 0
    assert "ghost.txt: labelled document not found" in result.stdout


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("document,warning-shots-banned\na.txt,1\n", "l.csv", "no 'file' column"),
        ("file,colour\na.txt,1\n", "l.csv", "no column matches an item"),
        ("{not json", "l.json", "not valid JSON"),
        ('["a.txt"]', "l.json", "expected an object"),
        ('{"a.txt": {"other-item": {"status": "met"}}}', "l.json", "no label matches an item"),
    ],
)
def test_malformed_label_files_give_one_clear_error(
    tmp_path: Path, docs: Path, content: str, name: str, message: str
) -> None:
    labels = _labels(tmp_path, content, name)
    result = runner.invoke(app, ["eval", str(labels), "--docs", str(docs), "-s", "core"])
    assert result.exit_code == 2
    assert message in result.stderr and str(labels) in result.stderr and "Traceback" not in result.stderr


def test_read_labels_rejects_unknown_only_column(tmp_path: Path) -> None:
    labels = _labels(tmp_path, "file,warning-shots-banned\na.txt,1\n")
    with pytest.raises(LabelError, match="unknown column"):
        read_labels(labels, ["warning-shots-banned"], [("nope", "x")])


def test_eval_picks_the_standard_matching_the_columns(tmp_path: Path, docs: Path) -> None:
    labels = _labels(tmp_path, "file,moving-vehicles,force-continuum\na.txt,0,0\n")
    result = runner.invoke(app, ["eval", str(labels), "--docs", str(docs)])
    assert "standard '8-cant-wait'" in result.stdout
