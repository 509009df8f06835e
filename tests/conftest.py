"""Shared fixtures: small PDFs built on the fly with fpdf2 (no binary test assets to rot)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from policy_audit import standards
from policy_audit.models import Standard

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_policies"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow (a minute of installing into a fresh environment) start first: on two workers the rest
    of the suite then runs beside them instead of after them."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own result cache, so no test reads another's (or the user's) cached results."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def two_fresh_processes(probe: str, cache: Path) -> tuple[str, str]:
    """The output of `probe` run twice in new Python processes sharing one empty cache folder: the first fills
    the cache, the second reads from it."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    first, second = (
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environment, check=True)
        for _ in range(2)
    )
    return first.stdout, second.stdout


@pytest.fixture(scope="session")
def core() -> Standard:
    return standards.load("core")


def build_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    header: str = "",
    footer: str = "",
    encrypt_password: str | None = None,
) -> Path:
    """A PDF with one text line per entry, optional running header/footer, optionally password-protected."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(__import__("datetime").datetime(2024, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    if encrypt_password is not None:
        pdf.set_encryption(owner_password="owner", user_password=encrypt_password)
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    total = len(pages)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.set_xy(10, 8)
            pdf.cell(0, 6, header)
        pdf.set_xy(10, 25)
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        if footer:
            pdf.set_xy(10, 280)
            pdf.cell(0, 6, f"{footer} - Page {number} of {total}")
    pdf.output(str(path))
    return path


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def factory(name: str, pages: Sequence[Sequence[str]], **options: object) -> Path:
        return build_pdf(tmp_path / name, pages, **options)  # type: ignore[arg-type]

    return factory


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: one page holding only an image, no text layer."""
    import struct
    import zlib

    from fpdf import FPDF

    width = height = 8
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    png = b"\x89PNG\r\n\x1a\n"
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    for kind, data in ((b"IHDR", header), (b"IDAT", zlib.compress(raw)), (b"IEND", b"")):
        png += struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    image = path.with_suffix(".png")
    image.write_bytes(png)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    pdf.output(str(path))
    return path
