"""The brief's pictures in the spec: each where the brief put it, with its files."""

from __future__ import annotations

import pytest

from hotstack_contracts import Rendition
from hotstack_contracts.document import Block, BlockKind, Document
from hotstack_intent.domain.extract import extract
from hotstack_intent.domain.pictures import with_pictures

pytestmark = pytest.mark.unit


def _heading(text: str, level: int = 2) -> Block:
    return Block(BlockKind.HEADING, text=text, level=level)


def _para(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text=text)


def _image(ref: str, alt: str = "") -> Block:
    return Block(BlockKind.IMAGE, text=alt, ref=ref)


BRIEF = Document(
    (
        _heading("Crumb & Co", 1),
        _image("word/media/image1.jpg", "Our window on Mill Street"),
        _para("A family bakery in Hebden Bridge. Sourdough, pastries and birthday cakes."),
        _heading("Our bakers"),
        _para("Three of us, up at four every morning."),
        _image("word/media/image2.jpg", "The bakers at work"),
        _heading("From the oven"),
        _image("word/media/image3.jpg", "Sourdough loaves"),
        _image("word/media/image4.jpg", "Cinnamon buns"),
        _image("word/media/image5.jpg"),
        _heading("Find us"),
        _para("12 Mill Street, Hebden Bridge. hello@crumb.test"),
    )
)


def _by_heading(spec: object) -> dict[str, list[str]]:
    pages = getattr(spec, "pages", [])
    return {s.heading: [i.src for i in s.images] for p in pages for s in p.sections}


def test_each_picture_is_placed_where_the_brief_put_it() -> None:
    intent, spec = extract(BRIEF, "A website for our bakery")
    placed = _by_heading(spec)
    # The photo before the first heading opens the site.
    assert placed[intent.business_name] == ["word/media/image1.jpg"]
    # A photo beside copy stays with that copy.
    assert placed["Our bakers"] == ["word/media/image2.jpg"]
    # A part that is only pictures is a gallery, whatever its heading.
    gallery = next(s for p in spec.pages for s in p.sections if s.heading == "From the oven")
    assert gallery.kind == "gallery"
    assert [i.alt for i in gallery.images] == ["Sourdough loaves", "Cinnamon buns", ""]
    # Every picture is placed once.
    refs = [r for refs in placed.values() for r in refs]
    assert sorted(refs) == [f"word/media/image{n}.jpg" for n in range(1, 6)]


def test_prepared_pictures_carry_their_files_and_the_rest_stay_unshown() -> None:
    _, spec = extract(BRIEF, "A website for our bakery")
    files = [
        Rendition(key="t/p/a.webp", media_type="image/webp", width=480, height=320),
        Rendition(key="t/p/b.webp", media_type="image/webp", width=1200, height=800),
        Rendition(key="t/p/c.jpeg", media_type="image/jpeg", width=960, height=640),
    ]
    prepared = with_pictures(spec, {"word/media/image2.jpg": files})
    images = {i.src: i for p in prepared.pages for s in p.sections for i in s.images}
    bakers = images["word/media/image2.jpg"]
    assert (bakers.width, bakers.height, bakers.renditions) == (1200, 800, files)
    assert bakers.alt == "The bakers at work"
    assert images["word/media/image3.jpg"].renditions == []
    assert prepared.model_dump(exclude={"pages"}) == spec.model_dump(exclude={"pages"})


def test_renditions_an_extractor_wrote_itself_are_not_trusted() -> None:
    _, spec = extract(BRIEF, "A website for our bakery")
    forged = Rendition(key="t/uploads/u/original", media_type="image/jpeg", width=9, height=9)
    pages = [
        page.model_copy(
            update={
                "sections": [
                    s.model_copy(
                        update={
                            "images": [
                                i.model_copy(update={"renditions": [forged]}) for i in s.images
                            ]
                        }
                    )
                    for s in page.sections
                ]
            }
        )
        for page in spec.pages
    ]
    cleaned = with_pictures(spec.model_copy(update={"pages": pages}), {})
    assert all(not i.renditions for p in cleaned.pages for s in p.sections for i in s.images)


def test_a_photo_for_each_product_in_order_is_that_product_s_photo() -> None:
    shop = Document(
        (
            _heading("Fern & Flax", 1),
            _para("Handmade homewares from Stockbridge. hello@fern.test"),
            _heading("Products"),
            Block(BlockKind.LIST, items=("Stoneware mug - £24", "Linen throw - £85")),
            _image("picture 1", "A mug"),
            _image("picture 2", "A throw"),
        )
    )
    _, spec = extract(shop, "A site for our craft shop")
    products = next(s for p in spec.pages for s in p.sections if s.kind == "products")
    assert [(i.name, i.image) for i in products.items] == [
        ("Stoneware mug", "picture 1"),
        ("Linen throw", "picture 2"),
    ]
