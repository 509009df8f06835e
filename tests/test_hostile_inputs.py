"""Input forms that hide rules, each read as a person reading the document would: CR-only and CRLF line ends,
inline HTML and comments in Markdown, bidi and format controls, a PDF text layer of glyph codes."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from hostile import glyph_junk_pdf

from policy_audit.audit import audit_path
from policy_audit.errors import UnreadableError
from policy_audit.ingest import PDF_ENGINES, load
from policy_audit.ingest.clean import normalise
from policy_audit.ingest.pdf import glyph_junk
from policy_audit.models import Standard, Status

POLICY_LINES = [
    "1. WARNING SHOTS",
    "Warning shots are prohibited.",
    "2. DUTY TO INTERVENE",
    "Any officer who observes another officer using excessive force shall intervene.",
]


def _statuses(path: Path, core: Standard) -> dict[str, Status]:
    return {result.item: result.status for result in audit_path(path, [core]).results}


@pytest.mark.parametrize("ending", ["\r", "\r\n"], ids=["cr-only", "crlf"])
def test_cr_and_crlf_line_ends_read_as_lines(tmp_path: Path, core: Standard, ending: str) -> None:
    unix = tmp_path / "unix.txt"
    unix.write_bytes("\n".join(POLICY_LINES).encode())
    other = tmp_path / "other.txt"
    other.write_bytes(ending.join(POLICY_LINES).encode())
    assert [line.text for line in load(other).lines] == POLICY_LINES
    assert _statuses(other, core) == _statuses(unix, core)
    report = audit_path(other, [core])
    warning = next(result for result in report.results if result.item == "warning-shots-banned")
    assert warning.status is Status.MET and warning.evidence[0].line == 2


def test_inline_html_in_markdown_reads_as_the_text_it_wraps(tmp_path: Path, core: Standard) -> None:
    markdown = tmp_path / "policy.md"
    markdown.write_text(
        "# Use of force\n\nWarning shots <b>shall</b> <em>never</em> be fired.\n\n"
        '<p>Any officer who observes excessive force <span class="x">shall intervene</span>.</p>\n',
        encoding="utf-8",
    )
    statuses = _statuses(markdown, core)
    assert statuses["warning-shots-banned"] is Status.MET
    assert statuses["duty-to-intervene"] is Status.MET
    report = audit_path(markdown, [core])
    quotes = [evidence.quote for result in report.results for evidence in result.evidence]
    assert "Warning shots shall never be fired." in quotes and not any("<" in quote for quote in quotes)
    warning = next(result for result in report.results if result.item == "warning-shots-banned")
    assert warning.evidence[0].line == 3  # the file's own line numbers


def test_html_comments_in_markdown_are_not_evidence(tmp_path: Path, core: Standard) -> None:
    markdown = tmp_path / "policy.md"
    markdown.write_text(
        "# Use of force\n\n<!-- Warning shots are prohibited. -->\n"
        "Officers shall report force. <!-- Any officer shall intervene to stop excessive force. -->\n\n"
        "<!--\nChokeholds are prohibited.\n-->\nHog-tying is prohibited.\n",
        encoding="utf-8",
    )
    statuses = _statuses(markdown, core)
    assert statuses["warning-shots-banned"] is Status.MISSING
    assert statuses["duty-to-intervene"] is Status.MISSING
    assert statuses["chokehold-ban"] is Status.MISSING
    assert statuses["hog-tie-ban"] is Status.MET
    hog = next(result for result in audit_path(markdown, [core]).results if result.item == "hog-tie-ban")
    assert hog.evidence[0].line == 9


def test_code_spans_in_markdown_are_left_as_written(tmp_path: Path) -> None:
    markdown = tmp_path / "policy.md"
    markdown.write_text("Write `<b>` for bold; **warning shots** are <i>prohibited</i>.\n", encoding="utf-8")
    assert load(markdown).lines[0].text == "Write `<b>` for bold; **warning shots** are prohibited."


BIDI = "\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u200b\u2060\ufeff"


def test_bidi_and_format_controls_are_removed_before_reading_and_from_quotes(tmp_path: Path, core: Standard) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Warning shots are prohibited.\nOfficers shall not use chokeholds or carotid restraints.\n")
    hidden = tmp_path / "hidden.txt"
    hidden.write_text(
        f"Warning {BIDI[:5]}shots are pro{BIDI[5:9]}hibited.\n"
        f"Officers shall{BIDI[9:]} not use chokeholds or \u2067carotid\u2069 restraints.\n",
        encoding="utf-8",
    )
    assert _statuses(hidden, core) == _statuses(plain, core)
    quotes = [evidence.quote for result in audit_path(hidden, [core]).results for evidence in result.evidence]
    assert quotes and not any(character in quote for quote in quotes for character in BIDI)


def test_every_format_control_but_the_soft_hyphen_is_removed() -> None:
    controls = [chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"]
    text = "a" + "".join(controls) + "b"
    assert normalise(text) == "a\u00adb"  # the soft hyphen is kept: line-break rejoining reads it


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_a_pdf_text_layer_of_glyph_codes_is_unreadable_not_missing(
    tmp_path: Path, core: Standard, engine: str
) -> None:
    pdf = glyph_junk_pdf(tmp_path / "cid-font.pdf")
    with pytest.raises(UnreadableError) as raised:
        load(pdf, engine=engine)
    assert "glyph codes" in raised.value.what and "ocrmypdf --force-ocr" in raised.value.remedy
    report = audit_path(pdf, [core], engine=engine)
    assert {result.status for result in report.results} == {Status.UNREADABLE}


@pytest.mark.parametrize(
    "text",
    [
        "\x03\x16\x1fN@\x07&G\n-&\x07\x16\x1f2\x07\x11\x1f\nGN\x1dN-2+i\x07\x0699N$2\x1f&\x07&G\x16cc\x07\n-\x07" * 3,
        "(9505.#:/6;:#(9,#796/0)0;,+1#-0*,9:#:/(33#56;#<:,#*/62,/63+:1" * 2,
        "Xqzrtplk bcdfgh mnpqrst vwxzbc dfghjk lmnpqr stvwxz bcdfg hjklmn pqrstv" * 2,
        "Warningshotsareprohibitedandofficersshallnotusechokeholdsorcarotidrestraints" * 2,
    ],
    ids=["controls", "punctuation", "no-vowels", "no-spaces"],
)
def test_glyph_junk_is_told_from_text(text: str) -> None:
    assert glyph_junk(text)


def test_real_policies_are_not_glyph_junk() -> None:
    from conftest import SAMPLES

    for sample in SAMPLES.iterdir():
        if sample.suffix in (".pdf", ".txt", ".md") and sample.stem != "README":
            text = "\n".join(line.text for line in load(sample).lines)
            assert glyph_junk(text) == "", sample.name
