"""Pictures embedded in briefs: found in every format that carries them, re-encoded in the
sandbox with nothing of the original file left, and hostile ones refused with a reason."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from PIL import Image

from hotstack_libs.documents import MIB, DocumentError, Kind, Limits, Picture, Sandbox
from hotstack_libs.documents.pictures import LONGEST_SIDE, widths_for
from hotstack_tools.testing import documents as samples

pytestmark = [pytest.mark.unit, pytest.mark.asyncio(loop_scope="module")]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox(Limits(timeout_seconds=15, memory_bytes=768 * MIB))
    yield box
    await box.close()


def _data_uri(data: bytes, media_type: str = "image/jpeg") -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def _assert_clean(picture: Picture) -> None:
    """Every file decodes as what it says it is and carries nothing of the original."""
    formats = {"image/webp": "WEBP", "image/jpeg": "JPEG", "image/png": "PNG"}
    for file in picture.files:
        for mark in samples.SECRET_MARKS:
            assert mark not in file.data, (file.media_type, mark)
        decoded = Image.open(io.BytesIO(file.data))
        assert decoded.format == formats[file.media_type]
        assert decoded.size == (file.width, file.height)
        assert not decoded.getexif(), "EXIF survived"
        assert "icc_profile" not in decoded.info
        assert "exif" not in decoded.info
        assert "comment" not in decoded.info


async def test_docx_photos_are_found_in_order_with_their_descriptions(sandbox: Sandbox) -> None:
    photos = {"front": samples.photo(seed=1), "team": samples.photo(seed=2)}
    data = samples.docx(
        ["# Salt & Crumb", "![Our shop front on Dale Street](front)", "## Team", "![](team)"],
        pictures=photos,
    )
    brief = await sandbox.read_brief(Kind.DOCX, data)
    images = [b for b in brief.document.blocks if b.kind == "image"]
    assert [b.text for b in images] == ["Our shop front on Dale Street", ""]
    assert [ref for ref, _ in brief.pictures] == [b.ref for b in images]
    # python-docx stores the file as given: the bytes carried are the originals.
    assert [file for _, file in brief.pictures] == [photos["front"], photos["team"]]
    assert brief.left_out == ()


async def test_html_inline_pictures_are_carried_and_renamed(sandbox: Sandbox) -> None:
    photo = samples.photo(800, 600, seed=3)
    page = (
        "<!doctype html><html><body><h1>Casa Lupe</h1>"
        f'<p>Welcome.</p><img src="{_data_uri(photo)}" alt="The dining room">'
        '<img src="https://example.com/stock.jpg" alt="A stock photo">'
        f'<img src="{_data_uri(b"<svg/>", "image/svg+xml")}" alt="A drawing">'
        "</body></html>"
    ).encode()
    brief = await sandbox.read_brief(Kind.HTML, page)
    refs = [b.ref for b in brief.document.blocks if b.kind == "image"]
    assert refs == ["picture 1", "https://example.com/stock.jpg", "picture 2"]
    assert brief.pictures == (("picture 1", photo),)
    reasons = dict(brief.left_out)
    assert "links to this picture instead of containing it" in reasons[refs[1]]
    assert "SVG" in reasons["picture 2"]
    # The document keeps no data URI: the brief's text is not megabytes of base64.
    assert "base64" not in brief.document.markdown()


async def test_markdown_inline_pictures_are_carried(sandbox: Sandbox) -> None:
    photo = samples.photo(640, 480, seed=4, kind="PNG")
    text = f"# Bloom\n\nFlowers.\n\n![A bouquet]({_data_uri(photo, 'image/png')})\n"
    brief = await sandbox.read_brief(Kind.MARKDOWN, text.encode())
    assert brief.pictures == (("picture 1", photo),)


async def test_pdf_pictures_are_placed_where_they_are_on_the_page(sandbox: Sandbox) -> None:
    data = samples.pdf(
        ["# Fern Studio", "Ceramics made by hand.", "![](bowl)", "## Classes", "Thursdays."],
        pictures={"bowl": samples.photo(1200, 900, seed=5)},
    )
    brief = await sandbox.read_brief(Kind.PDF, data)
    kinds = [(b.kind, b.text) for b in brief.document.blocks]
    at = next(i for i, (kind, _) in enumerate(kinds) if kind == "image")
    assert kinds[at - 1] == ("paragraph", "Ceramics made by hand.")
    assert kinds[at + 1] == ("heading", "Classes")
    ((ref, file),) = brief.pictures
    assert ref.startswith("page 1/")
    assert Image.open(io.BytesIO(file)).size == (1200, 900)


async def test_a_photo_is_re_encoded_in_web_sizes_with_no_metadata(sandbox: Sandbox) -> None:
    picture = await sandbox.prepare_picture("photo", samples.photo(2400, 1600, seed=6))
    assert [(f.media_type, f.width, f.height) for f in picture.files] == [
        ("image/webp", 480, 320),
        ("image/webp", 960, 640),
        ("image/webp", 1600, 1067),
        ("image/jpeg", 960, 640),
    ]
    assert (picture.width, picture.height) == (1600, 1067)
    _assert_clean(picture)


async def test_a_rotated_photo_is_turned_upright(sandbox: Sandbox) -> None:
    # EXIF orientation 6: stored landscape, shown rotated 90° clockwise.
    picture = await sandbox.prepare_picture("p", samples.photo(1200, 800, orientation=6))
    assert (picture.width, picture.height) == (800, 1200)
    assert max(picture.files[-2].width, picture.files[-2].height) <= LONGEST_SIDE
    _assert_clean(picture)


async def test_a_transparent_picture_falls_back_to_png(sandbox: Sandbox) -> None:
    logo = samples.photo(600, 400, kind="PNG", transparent=True)
    picture = await sandbox.prepare_picture("logo", logo)
    assert picture.files[-1].media_type == "image/png"
    assert Image.open(io.BytesIO(picture.files[-1].data)).mode == "RGBA"
    _assert_clean(picture)


async def test_small_pictures_are_not_enlarged() -> None:
    assert widths_for(300, 200) == [300]
    assert widths_for(1000, 500) == [480, 960, 1000]
    assert widths_for(1000, 4000) == [400]  # a tall strip: 1600 pixels high at most


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (samples.picture_bomb, "decompression bomb"),
        (lambda: samples.picture_bomb(8_000), "decompression bomb"),  # 64 MP, > 50 MP
        (samples.malformed_picture, "not a JPEG, PNG, GIF, WebP, BMP or TIFF picture"),
        (lambda: samples.photo(12, 400), "too small to show"),
        (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a JPEG, PNG"),
    ],
    ids=["bomb", "huge-pixel-count", "malformed", "spacer", "svg"],
)
async def test_hostile_pictures_are_refused_with_a_reason(
    sandbox: Sandbox, make: object, reason: str
) -> None:
    assert callable(make)
    with pytest.raises(DocumentError) as refused:
        await sandbox.prepare_picture("bad", make())
    assert refused.value.code == "picture_refused"
    assert reason in refused.value.reason
    # The sandbox is still there for the next picture.
    assert (await sandbox.prepare_picture("ok", samples.photo(400, 300))).files


async def test_a_picture_too_big_for_the_sandbox_costs_only_its_child() -> None:
    # 40 megapixels is within the pixel limit, but not 256 MiB of address space: the child
    # dies, the picture is refused, the next one is prepared.
    box = Sandbox(Limits(memory_bytes=256 * MIB), workers=1)
    try:
        out = io.BytesIO()
        Image.new("RGB", (8000, 5000), (200, 120, 40)).save(out, "PNG")
        big = out.getvalue()
        with pytest.raises(DocumentError) as refused:
            await box.prepare_picture("big", big)
        assert refused.value.code == "picture_refused"
        assert "more than 256 MiB of memory" in refused.value.reason
        assert (await box.prepare_picture("ok", samples.photo(400, 300))).files
    finally:
        await box.close()


async def test_pictures_beyond_the_limits_are_left_out_with_a_reason() -> None:
    box = Sandbox(Limits(max_pictures=2), workers=1)
    photos = {str(n): samples.photo(300, 200, seed=n) for n in range(3)}
    data = samples.docx(["# Many", "Text.", *(f"![]({n})" for n in photos)], pictures=photos)
    try:
        brief = await box.read_brief(Kind.DOCX, data)
    finally:
        await box.close()
    assert len(brief.pictures) == 2
    ((ref, reason),) = brief.left_out
    assert ref == "word/media/image3.jpg"
    assert "only the first 2 pictures" in reason
