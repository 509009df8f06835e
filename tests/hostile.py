"""Hostile inputs, generated in a few milliseconds each (nothing large is committed): raw PDFs written object by
object, for what fpdf2 will not make."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

GOOD_POLICIES = (
    ("harbour-warning.txt", "1. WARNING SHOTS\nWarning shots are prohibited.\n"),
    (
        "delta-intervene.md",
        "# Duty to intervene\n\nAny officer who observes another officer using excessive force shall intervene.\n",
    ),
)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these object bodies (numbered from 1, the first being the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), dictionary) + data + b"\nendstream"


def _page(resources: bytes, contents: int) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << %s >> /Contents %d 0 R >>"
        % (resources, contents),
    ]


def spaces_deflated(total: int, unit: int = 1 << 20) -> bytes:
    """A zlib stream that inflates to `total` spaces, made without ever holding them: after a full flush the
    compressor starts afresh, so every megabyte compresses to the same bytes, which are repeated."""
    compressor = zlib.compressobj(9)
    first = compressor.compress(b" " * unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    header, block = first[:2], first[2:]
    a = (1 + 32 * total) % 65521  # the Adler-32 of `total` spaces, computed
    b = (total + 32 * (total * (total + 1) // 2)) % 65521
    return header + block * (total // unit) + b"\x03\x00" + ((b << 16) | a).to_bytes(4, "big")


def inflating_pdf(path: Path, gigabytes: int = 4) -> Path:
    """A PDF of about 10 KB whose page content stream inflates to `gigabytes` GiB (deflated twice)."""
    inner = spaces_deflated(gigabytes << 30)
    content = stream(zlib.compress(inner, 9), b"/Filter [/FlateDecode /FlateDecode]")
    objects = [
        *_page(b"/Font << /F1 5 0 R >>", 4),
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path.write_bytes(raw_pdf(objects))
    return path


def self_drawing_pdf(path: Path) -> Path:
    """A PDF of under 1 KB whose form XObject draws itself twice: 2^depth drawings, as deep as PDFium goes."""
    form = b"BT /F1 12 Tf 72 700 Td (Recursive) Tj ET " + b"q 0.5 0 0 0.5 0 0 cm /X0 Do Q " * 2
    resources = b"/XObject << /X0 4 0 R >> /Font << /F1 5 0 R >>"
    objects = [
        *_page(resources, 6),
        stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << " + resources + b" >>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(b"/X0 Do"),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


def glyph_junk_pdf(path: Path, text: str = "Warning shots are prohibited. Officers shall not use chokeholds.") -> Path:
    """A PDF whose text is drawn in a CID font (Identity-H, a subset's glyph numbers) with no ToUnicode map, as
    many PDFs are: the text layer holds glyph codes, not the words."""
    codes = b"".join((3 + ord(character) * 7 % 110).to_bytes(2, "big") for character in text * 3)
    content = b"BT /F1 12 Tf 72 700 Td <" + codes.hex().encode() + b"> Tj ET"
    objects = [
        *_page(b"/Font << /F1 5 0 R >>", 4),
        stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Custom /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Custom /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Custom /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
        b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    path.write_bytes(raw_pdf(objects))
    return path


def good_folder(folder: Path) -> list[Path]:
    """Nine good policies: the seven sample policies and two small generated ones."""
    import shutil

    from conftest import SAMPLES

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in sorted(SAMPLES.iterdir()):
        if sample.suffix in (".pdf", ".txt", ".md") and sample.stem != "README":
            paths.append(Path(shutil.copy(sample, folder / sample.name)))
    for name, text in GOOD_POLICIES:
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return sorted(paths)


def varied_text(path: Path, lines: int) -> Path:
    """A text of `lines` different sentences of random policy words (a repeated line would be read once, as a
    running header). 200,000 lines (20 MB) need more than 512 MB to read; the reader is slow on such text (about
    ten milliseconds a line), so a few thousand lines keep a worker busy for half a minute."""
    import random

    chooser = random.Random(lines)
    words = (
        "officer officers shall must not use force deadly warning verbal feasible before against person supervisor "
        "report chokehold carotid restraint prohibited training annual qualification firearm duty intervene"
    ).split()
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            out.write(" ".join(chooser.choice(words) for _ in range(12)) + f" {number}.\n")
    return path


_POSITIONS = re.compile(r'data-index="\d+"|(?<=["#])e\d+-\d+(?=")')


def without_positions(text: str) -> str:
    """A report with the HTML heat-map's row numbers and evidence anchors blanked: they number documents by their
    place in the run, which a bad file before a good one rightly moves, and say nothing about its results."""
    return _POSITIONS.sub("#", text)
