"""Rendering: escaped, complete, and byte-identical for the same spec."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest

from hotstack_build.domain.package import deterministic_zip
from hotstack_build.domain.render import RenderError, render_site
from hotstack_build.domain.slugs import candidates, slugify
from hotstack_build.domain.theme import contrast_pairs, readable_colours, theme_for
from hotstack_contracts import Contact, Intent, Page, Palette, Section, SiteSpec, SiteType
from hotstack_contracts.colour import contrast

pytestmark = pytest.mark.unit

INTENT = Intent(
    site_type=SiteType.RESTAURANT,
    business_name="Tom & Jerry's <Diner>",
    tagline="Pies since 1990",
    audience="",
    tone="warm",
    features=["contact_form"],
    palette=Palette(primary="#7a2e1f", accent="#9a6b00", background="#fdf8f2", text="#231a16"),
    contact=Contact(email="hi@diner.test", phone="+44 20 7946 0000"),
)
SPEC = SiteSpec(
    pages=[
        Page(
            slug="index",
            title="Home",
            sections=[
                Section(kind="hero", heading="Tom & Jerry's <Diner>", body="Pies since 1990"),
                Section(kind="list", heading="Menu", items=["<script>alert(1)</script>", "Pie"]),
                Section(kind="contact", heading="Contact"),
            ],
        ),
        Page(
            slug="about",
            title="About",
            sections=[Section(kind="text", heading="Story", body="A.\n\nB.")],
        ),
    ]
)


def render() -> dict[str, bytes]:
    files = render_site(INTENT, SPEC, site_url="https://h.test/sites/diner/", form_action="mailto:")
    return {f.path: f.content for f in files}


def test_site_has_pages_stylesheet_sitemap_robots_and_404() -> None:
    files = render()
    assert sorted(files) == [
        "404.html",
        "about.html",
        "favicon.svg",
        "index.html",
        "og.svg",
        "robots.txt",
        "sitemap.xml",
        "styles.css",
    ]
    sitemap = files["sitemap.xml"].decode()
    assert "<loc>https://h.test/sites/diner/</loc>" in sitemap
    assert "<loc>https://h.test/sites/diner/about.html</loc>" in sitemap
    assert "Sitemap: https://h.test/sites/diner/sitemap.xml" in files["robots.txt"].decode()
    assert "--primary: #7a2e1f;" in files["styles.css"].decode()


def test_content_from_the_brief_is_escaped() -> None:
    home = render()["index.html"].decode()
    assert "<script>alert(1)</script>" not in home
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home
    assert "Tom &amp; Jerry&#39;s &lt;Diner&gt;" in home


def test_every_page_has_lang_one_h1_and_a_main_landmark() -> None:
    for path, content in render().items():
        if path.endswith(".html"):
            html = content.decode()
            assert '<html lang="en">' in html
            assert html.count("<h1") <= 1
            assert '<main id="main">' in html


def test_form_fields_are_labelled() -> None:
    home = render()["index.html"].decode()
    for field in ("name", "email", "message"):
        assert f'<label for="{field}">' in home
        assert f'id="{field}"' in home


def test_same_spec_gives_a_byte_identical_artifact() -> None:
    first = deterministic_zip(render())
    second = deterministic_zip(render())
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == sorted(render())
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_spec_without_home_page_is_refused() -> None:
    spec = SiteSpec(pages=[Page(slug="about", title="About", sections=[])])
    with pytest.raises(RenderError, match="home page"):
        render_site(INTENT, spec, site_url="https://h.test/", form_action="mailto:")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Paws & Whiskers Rescue", "paws-whiskers-rescue"),
        ("Café Ñandú", "cafe-nandu"),
        ("!!!", "site"),
    ],
)
def test_slugs_are_readable_ascii(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slug_candidates_number_on_collision() -> None:
    assert candidates("Blue Door")[:3] == ["blue-door", "blue-door-2", "blue-door-3"]


@pytest.mark.parametrize(
    ("primary", "accent", "background", "text"),
    [
        ("#ffff00", "#87ceeb", "#ffffff", "#999999"),  # yellow, sky blue and grey on white
        ("#222222", "#333333", "#111111", "#2a2a2a"),  # dark on dark
        ("#ff7f50", "#ffd700", "#fffdd0", "#c0c0c0"),  # coral and gold on cream
    ],
)
def test_palettes_that_fail_contrast_are_adjusted_in_the_stylesheet(
    primary: str, accent: str, background: str, text: str
) -> None:
    palette = Palette(primary=primary, accent=accent, background=background, text=text)
    assert contrast(primary, background) < 4.5
    colours = readable_colours(palette)
    assert all(ratio >= 4.5 for ratio in contrast_pairs(colours).values())
    assert contrast(colours.text, colours.background) >= 7.0
    intent = INTENT.model_copy(update={"palette": palette})
    files = render_site(intent, SPEC, site_url="https://h.test/", form_action="mailto:")
    css = next(f.content.decode() for f in files if f.path == "styles.css")
    assert f"--primary: {colours.primary};" in css
    assert f"--text: {colours.text};" in css
    assert f"--primary: {primary};" not in css


def test_each_archetype_gets_its_design_and_the_designs_differ() -> None:
    styles = {}
    for site_type in SiteType:
        intent = INTENT.model_copy(update={"site_type": site_type})
        files = render_site(intent, SPEC, site_url="https://h.test/", form_action="mailto:")
        css = next(f.content.decode() for f in files if f.path == "styles.css")
        home = next(f.content.decode() for f in files if f.path == "index.html")
        assert f'class="theme-{theme_for(site_type)}"' in home
        styles[theme_for(site_type)] = css
    assert len(styles) >= 6
    assert len(set(styles.values())) == len(styles)


def test_section_ids_are_unique_and_keep_the_anchors_the_hero_links_to() -> None:
    spec = SiteSpec(
        pages=[
            Page(
                slug="index",
                title="Home",
                sections=[
                    Section(kind="hero", heading="Ledgerly", body="Books done."),
                    Section(kind="text", heading="Pricing", body="Simple and fair."),
                    Section(kind="list", heading="Plans", items=["Solo — £9", "Team — £24"]),
                    Section(kind="list", heading="Gallery", items=["A", "B"]),
                    Section(kind="list", heading="Gallery", items=["C", "D"]),
                    Section(kind="text", heading="Contact", body="Write to us."),
                ],
            )
        ]
    )
    intent = INTENT.model_copy(update={"site_type": SiteType.PRODUCT})
    files = render_site(intent, spec, site_url="https://h.test/", form_action="mailto:")
    home = next(f.content.decode() for f in files if f.path == "index.html")
    ids = re.findall(r'\bid="([^"]+)"', home)
    assert len(ids) == len(set(ids)), ids
    assert 'id="pricing"' in home  # the priced "Plans" list, where "See pricing" points
    assert 'href="#pricing"' in home
    assert ids.count("gallery") == 1
