"""The HTML report in a real browser: headless Chromium (Debian's `chromium`; .ci/run installs it) renders the
report of the sample policies, with its script run.

Checked as a reader meets it: one cell per document × safeguard, each opening its own evidence; the filter and
the sort given in the address (`?status=…&sort=…`) applied by the page's script; a screenshot that is not blank
but shows the status colours; and following a cell's link opens its evidence panel (the picture changes where the
panel sits).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from conftest import SAMPLES
from PIL import Image, ImageChops
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.models import Status

FLAGS = (
    "--headless",
    "--no-sandbox",  # as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
COLOURS = {  # the cells' fills in formats/html.py
    Status.MET: (0x2D, 0xA4, 0x4E),
    Status.PARTIAL: (0xF2, 0xC9, 0x4C),
    Status.CONTRADICTED: (0xCF, 0x22, 0x2E),
    Status.MISSING: (0x82, 0x50, 0xDF),
}
ITEMS = ["warning-shots-banned", "duty-to-intervene", "chokehold-ban", "hog-tie-ban", "public-guidance",
         "training-pass-fail"]  # fmt: skip


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium); CI installs it")
    return found


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    out = folder / "report.html"
    result = CliRunner().invoke(app, ["scan", str(SAMPLES), "-f", "html", "-o", str(out), "--no-cache"])
    assert result.exit_code == 1, result.output  # the samples have gaps on purpose
    return out


def _browse(url: str, *arguments: str, profile: Path) -> subprocess.CompletedProcess[bytes]:
    command = [_chromium(), *FLAGS, f"--user-data-dir={profile}", *arguments, url]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done


def _dom(url: str, profile: Path) -> Any:
    return lxml.html.document_fromstring(_browse(url, "--dump-dom", profile=profile).stdout)


def _screenshot(url: str, path: Path, profile: Path) -> Image.Image:
    _browse(url, f"--screenshot={path}", "--window-size=1280,900", profile=profile)
    return Image.open(path).convert("RGB")


def test_every_document_and_safeguard_has_a_cell_that_opens_its_evidence(report_html: Path, tmp_path: Path) -> None:
    dom = _dom(report_html.as_uri(), tmp_path / "profile")
    assert "js" in (dom.body.get("class") or "").split()  # the page's script ran
    documents = sorted(
        path for path in SAMPLES.iterdir() if path.suffix in {".pdf", ".txt", ".md"} and path.name != "README.md"
    )  # the folder's README is in its .policyauditignore
    rows = dom.xpath('//table[@id="heat"]/tbody/tr')
    assert [row.xpath("string(th)") for row in rows] == [path.name for path in documents]
    headers = dom.xpath('//table[@id="heat"]/thead/tr/th[contains(@class, "item")]/@data-key')
    assert headers == ITEMS
    panels = {article.get("id"): article for article in dom.xpath('//article[@class="ev"]')}
    for row, path in zip(rows, documents, strict=True):
        assert row.xpath("th/@title")[0].startswith(str(path))  # the full path on hover
        cells = row.xpath('td[contains(@class, "cell")]')
        assert len(cells) == len(ITEMS)
        for cell in cells:
            (link,) = cell.xpath("a")
            panel = panels[link.get("href").removeprefix("#")]
            assert str(path) in panel.text_content()
    assert len(dom.xpath('//td[contains(@class, "cell")]')) == len(documents) * len(ITEMS) == len(panels)
    assert dom.xpath('string(//*[@id="shown"])') == f"{len(documents)} of {len(documents)} documents shown"


def test_filter_and_sort_from_the_address(report_html: Path, tmp_path: Path) -> None:
    dom = _dom(f"{report_html.as_uri()}?status=contradicted&sort=chokehold-ban", tmp_path / "profile")
    rows = dom.xpath('//table[@id="heat"]/tbody/tr')
    shown = [row for row in rows if row.get("hidden") is None]
    assert shown and len(shown) < len(rows)
    for row in rows:
        has = "contradicted" in row.get("data-statuses").split()
        assert (row.get("hidden") is None) is has
    column = ITEMS.index("chokehold-ban")
    severities = [int(row.xpath('td[contains(@class, "cell")]')[column].get("data-severity")) for row in rows]
    assert severities == sorted(severities, reverse=True)  # worst first
    assert dom.xpath('//th[@data-key="chokehold-ban"]/@aria-sort') == ["descending"]


def test_screenshot_shows_the_heat_map_and_a_cell_opens_its_panel(report_html: Path, tmp_path: Path) -> None:
    plain = _screenshot(report_html.as_uri(), tmp_path / "plain.png", tmp_path / "profile")
    colours = {colour for _count, colour in plain.getcolors(maxcolors=1 << 20) or []}
    assert len(colours) > 50, "the page looks blank"
    for status, rgb in COLOURS.items():
        assert rgb in colours, f"no {status.value} cell drawn"
    opened = _screenshot(f"{report_html.as_uri()}#e0-0", tmp_path / "opened.png", tmp_path / "profile")
    width, height = plain.size
    corner = (width // 2, height // 2, width, height)  # the evidence panel opens at the bottom right
    assert ImageChops.difference(plain.crop(corner), opened.crop(corner)).getbbox() is not None
