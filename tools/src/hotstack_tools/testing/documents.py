"""Documents for tests, good and hostile: real PDFs and DOCX files, bombs, polyglots, junk.

Good documents are written by real libraries (fpdf2, python-docx); hostile ones are
crafted byte by byte so that each carries exactly the defect it is named after.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from hotstack_contracts.document import Document

MIB = 1024 * 1024
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)
_PICTURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<name>[^)]+)\)")


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def pdf(
    blocks: Iterable[str],
    *,
    password: str | None = None,
    pictures: Mapping[str, bytes] | None = None,
) -> bytes:
    """A text PDF set as a word processor would, via fpdf2: `# ` a 20 pt bold title, `## `
    a 14 pt bold heading, `### ` 12 pt bold, `- ` an indented bullet line, `![alt](name)`
    the picture `pictures[name]` 120 mm wide, else 11 pt body."""
    from fpdf import FPDF

    document = FPDF()
    document.set_creation_date(FIXED_TIME)  # byte-stable output
    document.add_page()
    sizes = {"# ": 20, "## ": 14, "### ": 12}
    for block in blocks:
        marker = next((m for m in ("### ", "## ", "# ") if block.startswith(m)), None)
        picture = _PICTURE.fullmatch(block)
        if picture:
            document.image(io.BytesIO((pictures or {})[picture["name"]]), w=120)
            document.ln(2)
        elif marker:
            document.ln(3)
            document.set_font("Helvetica", "B", sizes[marker])
            document.multi_cell(0, 8, _latin1(block[len(marker) :]), new_x="LMARGIN", new_y="NEXT")
        elif block.startswith("- "):
            document.set_font("Helvetica", "", 11)
            document.set_x(document.l_margin + 4)
            document.multi_cell(0, 6, _latin1("- " + block[2:]), new_x="LMARGIN", new_y="NEXT")
            continue
        else:
            document.set_font("Helvetica", "", 11)
            document.multi_cell(0, 6, _latin1(block), new_x="LMARGIN", new_y="NEXT")
        document.ln(2)
    data = bytes(document.output())
    if password is None:
        return data
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(
    blocks: Iterable[str],
    *,
    footer: str | None = None,
    pictures: Mapping[str, bytes] | None = None,
) -> bytes:
    """A DOCX via python-docx: `# ` → Title, `## ` → Heading 1, `### ` → Heading 2,
    `- ` → List Bullet, `1. ` → List Number, `| a | b |` rows → a table, `![alt](name)`
    → the picture `pictures[name]` inline, 12 cm wide, described by `alt`."""
    import docx as python_docx
    from docx.shared import Cm

    document = python_docx.Document()
    rows: list[list[str]] = []

    def flush_table() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
            for cells, row in zip(table.rows, rows, strict=True):
                for cell, text in zip(cells.cells, row, strict=False):
                    cell.text = text
            rows.clear()

    for block in blocks:
        if block.startswith("|"):
            rows.append([cell.strip() for cell in block.strip("|").split("|")])
            continue
        flush_table()
        picture = _PICTURE.fullmatch(block)
        if picture:
            shape = document.add_picture(
                io.BytesIO((pictures or {})[picture["name"]]), width=Cm(12)
            )
            shape._inline.docPr.set("descr", picture["alt"])
        elif block.startswith("### "):
            document.add_heading(block[4:], level=2)
        elif block.startswith("## "):
            document.add_heading(block[3:], level=1)
        elif block.startswith("# "):
            document.add_heading(block[2:], level=0)
        elif block.startswith("- "):
            document.add_paragraph(block[2:], style="List Bullet")
        elif block[:3] in {f"{n}. " for n in range(1, 10)}:
            document.add_paragraph(block[3:], style="List Number")
        else:
            document.add_paragraph(block)
    flush_table()
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def raw_pdf(stream: bytes, *, flate: bool = True) -> bytes:
    """A one-page PDF written by hand around a content `stream` (already Flate-encoded if
    `flate`), with an honest xref table."""
    filters = b"/Filter /FlateDecode " if flate else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< " + filters + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return bytes(out + trailer.encode())


def pdf_bomb(unpacked: int = 256 * MIB) -> bytes:
    """A page whose content stream inflates to `unpacked` bytes from a few hundred KiB."""
    compressor = zlib.compressobj(9)
    chunk = b" " * MIB
    stream = b"".join(compressor.compress(chunk) for _ in range(unpacked // MIB))
    return raw_pdf(stream + compressor.flush())


def _docx_with(
    document_xml_chunks: Iterable[bytes], extra: dict[str, bytes] | None = None
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            for chunk in document_xml_chunks:
                handle.write(chunk)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bomb(unpacked: int = 256 * MIB) -> bytes:
    """A DOCX whose document.xml inflates to `unpacked` bytes."""

    def chunks() -> Iterable[bytes]:
        yield b"<w:document " + _W + b"><w:body>"
        for _ in range(unpacked // MIB):
            yield b"<w:p><w:r><w:t>" + b"a" * MIB + b"</w:t></w:r></w:p>"
        yield b"</w:body></w:document>"

    return _docx_with(chunks())


def docx_many_parts(parts: int = 5000) -> bytes:
    """A DOCX with thousands of tiny parts."""
    body = (
        b"<w:document " + _W + b"><w:body><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:body></w:document>"
    )
    return _docx_with([body], {f"word/media/part{i}.xml": b"<x/>" for i in range(parts)})


def docx_entity_expansion() -> bytes:
    """A DOCX whose document.xml is a billion-laughs entity bomb."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ha">'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
        )
        + b"]><w:document " + _W + b"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body>"
        b"</w:document>"
    )  # fmt: skip
    return _docx_with([laughs])


def docx_late_dtd() -> bytes:
    """A DOCX whose document.xml declares its DTD after 5 KiB of comment."""
    body = (
        b'<?xml version="1.0"?><!--' + b"x" * 5120 + b"-->"
        b'<!DOCTYPE w:document [<!ENTITY a "ha">]>'
        b"<w:document " + _W + b"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body>"
        b"</w:document>"
    )  # fmt: skip
    return _docx_with([body])


def docx_utf16() -> bytes:
    """A DOCX whose document.xml is UTF-16, which a byte search for a DTD cannot see into."""
    body = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY a "ha">]>'
        "<w:document " + _W.decode() + "><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body>"
        "</w:document>"
    )
    return _docx_with([b"\xff\xfe" + body.encode("utf-16-le")])


def plain_zip() -> bytes:
    """A zip of a text file: a zip, not a DOCX."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "Just some notes in a zip.")
    return out.getvalue()


def macro_docx() -> bytes:
    """A zip that declares a macro-enabled Word main part."""
    types = CONTENT_TYPES.replace(
        b"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"vnd.ms-word.document.macroEnabled.main+xml",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", b"<w:document " + _W + b"/>")
    return out.getvalue()


def pdf_zip_polyglot() -> bytes:
    """A PDF with a zip archive appended: valid as both."""
    return pdf(["# Polyglot", "Looks like a brief."]) + plain_zip()


def junk(size: int = 64 * 1024, seed: int = 7) -> bytes:
    """Random bytes (deterministic)."""
    return random.Random(seed).randbytes(size)  # noqa: S311 - test data, not secrets


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def read(text: str, suffix: str = ".md") -> Document:
    """A brief's text read as the sandbox would read a file with that suffix (in process)."""
    from hotstack_libs.documents import EXTENSIONS, Limits, read_document

    return read_document(EXTENSIONS[suffix], text.encode(), Limits())


SECRET_MARKS = (b"HotStackTestCam", b"SN-4242-SECRET", b"52 deg N", b"owner-comment")
"""Strings a photo from `photo()` carries in its metadata, none of which may be published."""


def photo(
    width: int = 2400,
    height: int = 1600,
    *,
    seed: int = 1,
    orientation: int = 1,
    kind: str = "JPEG",
    transparent: bool = False,
) -> bytes:
    """A camera-like photo: smooth colour and detail, with EXIF (camera make and serial,
    a GPS position, the `orientation` tag), a comment and an ICC profile, all of which
    carry `SECRET_MARKS`."""
    from PIL import ExifTags, Image, ImageCms, ImageDraw

    rng = random.Random(seed)  # noqa: S311 - test pictures, not secrets
    base = Image.linear_gradient("L").resize((width, height))
    tint = (rng.randrange(80, 220), rng.randrange(80, 220), rng.randrange(80, 220))
    image = Image.merge("RGB", [base.point(lambda v, c=c: (v * c) // 255) for c in tint])
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(width // 40, width // 8)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRET_MARKS[0].decode()
    exif[ExifTags.Base.BodySerialNumber] = SECRET_MARKS[1].decode()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = SECRET_MARKS[2].decode()
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    if transparent:
        image = image.convert("RGBA")
        image.putalpha(base)
    if kind == "JPEG":
        image.save(out, "JPEG", quality=90, exif=exif, comment=SECRET_MARKS[3], icc_profile=icc)
    else:
        image.save(out, kind, exif=exif, icc_profile=icc)
    return out.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def picture_bomb(side: int = 100_000) -> bytes:
    """A PNG of a few hundred bytes that declares `side` x `side` pixels (ten billion by
    default): decoding it would need tens of gigabytes."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * (side + 1) * 4, 9)  # a few rows of zeros, then nothing
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def malformed_picture() -> bytes:
    """A file that starts like a JPEG and then is noise."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + junk(4096, seed=3)
