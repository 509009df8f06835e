"""Every hostile input of issue 24 in one folder beside good policies, scanned as a user would, to every format
at once: each bad file is named on one line (or skipped, and said so), the good policies' results are what they
are without the bad files, in every format, and nothing hangs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from hostile import glyph_junk_pdf, inflating_pdf, self_drawing_pdf, varied_text, without_positions

from policy_audit.formats import Format

SUFFIXES = {
    Format.TABLE: "txt",
    Format.JSON: "json",
    Format.MARKDOWN: "md",
    Format.SARIF: "sarif",
    Format.JUNIT: "xml",
    Format.CSV: "csv",
    Format.HTML: "html",
}
RUN_TOTALS = re.compile(
    r'Summary: |^\s*"(documents|errors|met|partial|contradicted|missing|unreadable)": \d+,?$|<testsuites |"policyAudit/v1"'
    r'|<td class="counts">'
)
"""Lines about the whole run (counts, SARIF's fingerprints of paths), which the bad files rightly change."""
GOOD = ("cedar-falls-pd-general-order-1-01.txt", "westmoor-constabulary-use-of-force.md", "harbour-city-use-of-force.pdf")


def _scan(folder: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process (a scan that blocks fails the test), writing every format to `out`."""
    out.mkdir()
    arguments = []
    for fmt, suffix in SUFFIXES.items():
        arguments += ["-f", fmt.value, "-o", str(out / f"report.{suffix}")]
    return subprocess.run(
        [sys.executable, "-m", "policy_audit", "scan", str(folder), *arguments, "--memory-limit", "512"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_every_hostile_input_at_once_costs_only_itself_in_every_format(tmp_path: Path) -> None:
    clean = tmp_path / "a" / "policies"  # the two folders' paths have the same length: tables align alike
    clean.mkdir(parents=True)
    for name in GOOD:
        shutil.copy(SAMPLES / name, clean / name)
    hostile = tmp_path / "b" / "policies"
    shutil.copytree(clean, hostile)
    secret = tmp_path / "secret.txt"
    secret.write_text("Chokeholds are an approved technique.\n", encoding="utf-8")
    named = {
        "inflates.pdf": inflating_pdf(hostile / "inflates.pdf"),
        "draws-itself.pdf": self_drawing_pdf(hostile / "draws-itself.pdf"),
        "cid-font.pdf": glyph_junk_pdf(hostile / "cid-font.pdf"),
    }
    named["huge.txt"] = varied_text(hostile / "huge.txt", 200_000)  # 20 MB: over the 512 MB limit
    os.mkfifo(hostile / "pipe.txt")
    os.symlink(secret, hostile / "secret-link.txt")
    os.symlink("/dev/zero", hostile / "zero.txt")
    (hostile / "cr-only.txt").write_bytes(b"1. WARNING SHOTS\rWarning shots are prohibited.\r")
    (hostile / "html.md").write_text(
        "Warning shots <b>shall</b> never be fired.\n<!-- Any officer shall intervene. -->\n", encoding="utf-8"
    )
    (hostile / "bidi.txt").write_text("Warning \u202eshots are\u202c pro\u2066hibited\u2069.\n", encoding="utf-8")

    expected = _scan(clean, tmp_path / "expected", tmp_path / "cache")
    done = _scan(hostile, tmp_path / "out", tmp_path / "cache")
    assert done.returncode == expected.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    for path in named.values():  # one line each, naming the file, its cause and a remedy
        (line,) = [line for line in lines if str(path) in line]
        assert line.startswith(f"policy-audit: {path}: ") and " — " in line, line
    assert lines[-1] == (
        f"policy-audit: skipped 3: 2 symlinks leaving the scanned folder ({hostile / 'secret-link.txt'}, "
        f"{hostile / 'zero.txt'}) — pass --follow-symlinks to read what they point to; 1 special file "
        "(FIFO (named pipe) 1) — copy a policy into a regular file to have it read"
    )
    for fmt, suffix in SUFFIXES.items():
        text = without_positions((tmp_path / "out" / f"report.{suffix}").read_text(encoding="utf-8"))
        reference = without_positions((tmp_path / "expected" / f"report.{suffix}").read_text(encoding="utf-8"))
        shown = {line.rstrip() for line in text.replace(str(hostile), str(clean)).splitlines()}
        for line in reference.splitlines():  # every line of the good documents' report, unchanged
            assert line.rstrip() in shown or RUN_TOTALS.search(line), (fmt, line)
        assert "Chokeholds are an approved technique" not in text  # the secret behind the symlink was not read
    json_report = (tmp_path / "out" / "report.json").read_text(encoding="utf-8")
    for readable in ("cr-only.txt", "html.md", "bidi.txt"):  # read as a person reads them
        assert f'"path": "{hostile / readable}"' in json_report
    assert json_report.count('"error": null') == len(GOOD) + 3
