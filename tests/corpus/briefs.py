"""The brief corpus: 24 briefs written for HotStack, every archetype and every format.

Some are tidy, many are not: missing headings, contact details in a footer or a closing
line, bullets of three kinds, other languages mixed in, prompts that overrule the brief.
Each carries what a careful reader would take from it: archetype, business name, email.
PDF and DOCX briefs are rendered from their blocks by real writers (fpdf2, python-docx).
"""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass, field

from hotstack_tools.testing import documents as render


@dataclass(frozen=True)
class Brief:
    """One brief as a tenant would upload it, and what should be read from it."""

    id: str
    format: str  # md | txt | html | pdf | docx
    prompt: str
    site_type: str
    business_name: str
    email: str | None
    text: str = ""
    blocks: tuple[str, ...] = ()
    footer: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    language: str = "en"
    phones: tuple[str, ...] = ()  # E.164, every number the brief gives
    directives: tuple[str, ...] = ()  # "kind:value", every instruction the brief and prompt give
    must_not_publish: tuple[str, ...] = ()  # instruction sentences kept out of the copy
    addresses: tuple[str, ...] = ()  # postal addresses, one line each
    headings: tuple[str, ...] = ()  # the site's section headings, every page, in order
    photos: tuple[
        str, ...
    ] = ()  # pictures in the brief: `![alt](name)` blocks, `photo:name` in text

    @property
    def filename(self) -> str:
        return f"{self.id}.{self.format}"

    def pictures(self) -> dict[str, bytes]:
        """The brief's photos, each different, as a camera writes them (with metadata)."""
        return {
            name: render.photo(
                1800 + 200 * (n % 3), 1200 + 150 * (n % 2), seed=zlib.crc32(name.encode())
            )
            for n, name in enumerate(self.photos)
        }

    def data(self) -> bytes:
        """The file's bytes."""
        pictures = self.pictures()
        if self.format == "pdf":
            return render.pdf(self.blocks, pictures=pictures)
        if self.format == "docx":
            return render.docx(self.blocks, footer=self.footer, pictures=pictures)
        text = self.text
        for name, data in pictures.items():
            inline = "data:image/jpeg;base64," + base64.b64encode(data).decode()
            text = text.replace(f"photo:{name}", inline)
        return text.encode("utf-8")


BRIEFS: list[Brief] = [
    Brief(
        id="hope-hollow-shelter",
        format="md",
        prompt="Build me a pet adoption site",
        site_type="animal_shelter",
        business_name="Hope Hollow Animal Sanctuary",
        phones=("+441539720441",),
        addresses=("Mint Lane, Kendal LA9 6DT",),
        headings=("About us", "Adopting", "Help us", "Contact"),
        email="adopt@hopehollow.org",
        text="""# Hope Hollow Animal Sanctuary

We are a small, volunteer-run sanctuary on the edge of Kendal. Since 2011 we have rehomed
more than 900 dogs, cats and rabbits.

## Adopting
* Visit by appointment, Wednesday to Sunday
* Home check and a £150 adoption fee (neutered, vaccinated, microchipped)
* Foster-to-adopt for nervous animals

## Help us
Donations pay for food and vet bills. Volunteers walk dogs every morning.

Contact: adopt@hopehollow.org · 01539 720 441 · Mint Lane, Kendal LA9 6DT
""",
    ),
    Brief(
        id="second-chance-greyhounds",
        format="docx",
        prompt="A website for our greyhound rescue please",
        site_type="animal_shelter",
        business_name="Second Chance Greyhounds",
        phones=(),
        addresses=(),
        headings=("About us", "Our dogs", "How adoption works", "Contact"),
        email="hounds@secondchancegreyhounds.co.uk",
        blocks=(
            "# Second Chance Greyhounds",
            "Retired racing greyhounds need sofas, not kennels. We find them homes across "
            "Yorkshire.",
            "## Our dogs",
            "- Gentle, lazy and good with children",
            "- Most live happily with cats after assessment",
            "## How adoption works",
            "Meet the hounds at our Saturday open morning, then we arrange a home visit.",
        ),
        footer="Second Chance Greyhounds, Registered Charity 1170012 — "
        "hounds@secondchancegreyhounds.co.uk — 07700 900 318",
        tags=("contact in footer",),
    ),
    Brief(
        id="whisker-haven-cats",
        format="txt",
        prompt="site for the cat rescue",
        site_type="animal_shelter",
        business_name="Whisker Haven",
        phones=("+353915550192",),
        addresses=(),
        headings=("About us", "Opening hours", "Contact"),
        email="hello@whiskerhaven.ie",
        text="""Whisker Haven is a cat rescue in Galway. no headings here, sorry, typed on my phone

we have about 40 cats and kittens waiting for homes at any time. adoption fee is 80 euro, includes
neutering and first vaccines. we also need foster homes for mothers with kittens in spring

opening hours sat+sun 11-4

email hello@whiskerhaven.ie or ring 091 555 0192
""",
        tags=("no headings",),
    ),
    Brief(
        id="luna-cafe",
        format="html",
        prompt="Build a site for my café",
        site_type="restaurant",
        business_name="Café Luna",
        phones=("+390515550147",),
        addresses=("Via Zamboni 22, 40126 Bologna",),
        headings=("Menu highlights", "Find us"),
        email="ciao@cafeluna.it",
        text="""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Café Luna – brief</title>
<style>body{font-family:serif}</style><script>console.log("draft")</script></head>
<body>
<h1>Café Luna</h1>
<p>A neighbourhood café in Bologna's university quarter: espresso from 7, pasta at lunch,
aperitivo from 6.</p>
<h2>Menu highlights</h2>
<ul><li>Tagliatelle al ragù — €12</li><li>Tortellini in brodo — €11</li>
<li>Cappuccino — €1.80</li></ul>
<h2>Find us</h2>
<p>Via Zamboni 22, 40126 Bologna · +39 051 555 0147</p>
<footer><p>Prenotazioni: <a href="mailto:ciao@cafeluna.it">ciao@cafeluna.it</a></p></footer>
</body></html>
""",
        tags=("mixed languages", "contact in footer"),
    ),
    Brief(
        id="the-copper-pot",
        format="pdf",
        prompt="restaurant website with our menu and table bookings",
        site_type="restaurant",
        business_name="The Copper Pot",
        directives=("include:menu", "form:booking"),
        phones=("+441584555019",),
        addresses=(),
        headings=("About us", "Menu", "Reservations", "Contact"),
        email="bookings@thecopperpot.co.uk",
        blocks=(
            "# The Copper Pot",
            "Seasonal British cooking in a converted forge in Ludlow. Open Wednesday to "
            "Sunday for lunch and dinner.",
            "## Menu",
            "Starters from £7, mains from £18. Sunday roast £24 with all the trimmings.",
            "## Reservations",
            "Book a table online or call 01584 555 019. Parties of eight or more, please "
            "email bookings@thecopperpot.co.uk.",
        ),
    ),
    Brief(
        id="sunrise-bakery",
        format="md",
        prompt="Simple site for our bakery, menu and opening hours",
        site_type="restaurant",
        business_name="Sunrise Bakery",
        phones=(),
        addresses=("1820 SE Division St, Portland, OR 97202",),
        headings=("About us", "What we bake", "Contact"),
        email="orders@sunrisebakery.com",
        text="""Business name: Sunrise Bakery
Tagline: Bread worth getting up for

Family bakery in Portland, Oregon, baking sourdough, croissants and morning buns since 1998.

### What we bake
1. Country sourdough
2. Butter croissants
3. Cardamom morning buns

Pre-order for pick-up: orders@sunrisebakery.com
Address: 1820 SE Division St, Portland, OR 97202
""",
        tags=("labelled lines",),
    ),
    Brief(
        id="mara-okafor-photography",
        format="md",
        prompt="I need a portfolio site to show my photography",
        site_type="portfolio",
        business_name="Mara Okafor Photography",
        directives=("include:gallery",),
        phones=(),
        addresses=(),
        headings=("About us", "Selected work", "Commissions", "Contact"),
        email="studio@maraokafor.com",
        text="""# Mara Okafor Photography

Documentary and portrait photographer based in Lagos and London. My work has appeared in
The Guardian and Vogue Italia.

## Selected work
- *Harmattan* — a series on the dry season in northern Nigeria
- *Night Shift* — portraits of London's cleaners and bus drivers
- Commissioned editorial portraits

## Commissions
For commissions and print sales write to studio@maraokafor.com.
""",
    ),
    Brief(
        id="jonas-weber-design",
        format="docx",
        prompt="portfolio website",
        site_type="portfolio",
        business_name="Jonas Weber Design",
        phones=("+493415550163",),
        addresses=(),
        headings=("Projects", "Kontakt"),
        email="hallo@jonasweber.design",
        blocks=(
            "# Jonas Weber Design",
            "Ich bin Grafikdesigner in Leipzig — brand identities, book covers and posters "
            "for cultural clients.",
            "## Projects",
            "- Identity for the Gewandhaus summer concerts",
            "- Book covers for Verlag Kunstmann",
            "- Poster series for the Leipzig Jazz Days",
            "## Kontakt",
            "hallo@jonasweber.design · +49 341 555 0163",
        ),
        tags=("mixed languages",),
    ),
    Brief(
        id="brightspark-electrical",
        format="txt",
        prompt="Website for my electrician business",
        site_type="local_services",
        business_name="BrightSpark Electrical",
        phones=("+441174960852",),
        addresses=(),
        headings=("About us", "Contact"),
        email="jobs@brightspark-electrical.co.uk",
        text="""BRIGHTSPARK ELECTRICAL
=====================

BrightSpark Electrical is a family firm of NICEIC approved electricians covering Bristol
and Bath. Rewires, fuse board upgrades,
EV charger installation, landlord safety certificates (EICR).

Free quotes, no call-out charge within 10 miles.

Call 0117 496 0852
jobs@brightspark-electrical.co.uk
""",
        tags=("setext heading",),
    ),
    Brief(
        id="greenleaf-gardens",
        format="pdf",
        prompt="a site for my landscaping company",
        site_type="local_services",
        business_name="Greenleaf Gardens",
        phones=("+61735550142",),
        addresses=(),
        headings=("About us", "Services", "Contact"),
        email="quotes@greenleafgardens.com.au",
        blocks=(
            "Greenleaf Gardens",
            "Landscaping and garden maintenance in Brisbane's northern suburbs. Native "
            "plantings, irrigation, paving and weekly lawn care.",
            "Services",
            "Garden design - Irrigation - Paving - Lawn mowing - Hedge trimming",
            "Get a free quote: quotes@greenleafgardens.com.au or 07 3555 0142",
        ),
        tags=("no headings",),
    ),
    Brief(
        id="sparkle-cleaning",
        format="html",
        prompt="Build a website for my cleaning company",
        site_type="local_services",
        business_name="Sparkle & Shine Cleaning",
        phones=("+14165550177",),
        addresses=(),
        headings=("About us", "Contact"),
        email="book@sparkleandshine.ca",
        text="""<html><body>
<div class="hero"><strong>Sparkle &amp; Shine Cleaning</strong> — home and office cleaning in
Toronto since 2015.</div>
<p>Weekly, bi-weekly or one-off deep cleans. Eco-friendly products, insured staff.</p>
<table><tr><th>Service</th><th>From</th></tr><tr><td>Apartment clean</td><td>$120</td></tr>
<tr><td>Move-out clean</td><td>$280</td></tr></table>
<p>Book online or email book@sparkleandshine.ca · (416) 555-0177</p>
</body></html>
""",
        tags=("no headings",),
    ),
    Brief(
        id="northern-lights-festival",
        format="md",
        prompt="A site for our music festival",
        site_type="event",
        business_name="Northern Lights Festival",
        phones=(),
        addresses=(),
        headings=("Line-up", "Tickets", "Contact"),
        email="info@northernlightsfest.no",
        text="""# Northern Lights Festival

Three nights of music under the aurora, 12–14 February in Tromsø.

## Line-up
- Aurora Strings (chamber orchestra)
- Kaja & the Fjords
- DJ Midnattsol

## Tickets
Festival passes NOK 1,450; day tickets NOK 650. Tickets go on sale 1 October.

Questions? info@northernlightsfest.no
""",
    ),
    Brief(
        id="ava-and-sam-wedding",
        format="docx",
        prompt="wedding website with RSVP",
        site_type="event",
        business_name="Ava & Sam",
        phones=(),
        addresses=(),
        headings=("About us", "The day", "RSVP", "Contact"),
        email="rsvp@avaandsam.wedding",
        blocks=(
            "# Ava & Sam",
            "We're getting married! Saturday 6 June at Orchard Barn, Cotswolds.",
            "## The day",
            "- 2pm ceremony in the orchard",
            "- 4pm drinks and lawn games",
            "- 7pm dinner and dancing",
            "## RSVP",
            "Please RSVP by 1 April to rsvp@avaandsam.wedding and tell us about any dietary needs.",
        ),
    ),
    Brief(
        id="pycon-riverside",
        format="pdf",
        prompt="conference website with schedule and ticket info",
        site_type="event",
        business_name="Riverside Python Conference",
        directives=("include:events",),
        phones=(),
        addresses=(),
        headings=("Schedule", "Tickets", "Contact"),
        email="team@riversidepy.org",
        blocks=(
            "# Riverside Python Conference",
            "A two-day community conference for Python developers, 18-19 September, "
            "Riverside Convention Centre, Rochester NY.",
            "## Schedule",
            "Day one: talks and lightning talks. Day two: tutorials and sprints.",
            "## Tickets",
            "Early bird $90, regular $140, student $40.",
            "Contact the organisers: team@riversidepy.org",
        ),
    ),
    Brief(
        id="clean-water-collective",
        format="md",
        prompt="Website for our charity",
        site_type="nonprofit",
        business_name="Clean Water Collective",
        phones=(),
        addresses=(),
        headings=("Our mission", "How you can help", "Contact"),
        email="give@cleanwatercollective.org",
        text="""Organisation: Clean Water Collective

## Our mission
We drill wells and train local repair teams in rural Malawi. Since 2016, 84 wells serve
more than 40,000 people.

## How you can help
- Donate monthly: £10 keeps a well running for a month
- Fundraise at your school or workplace
- Volunteer as a trustee

Registered charity 1163321. Reach us at give@cleanwatercollective.org
""",
    ),
    Brief(
        id="bridge-food-bank",
        format="txt",
        prompt="site for the food bank, donations and volunteering",
        site_type="nonprofit",
        business_name="Bridge Street Food Bank",
        phones=("+441615550133",),
        addresses=(),
        headings=("About us", "Contact"),
        email="volunteer@bridgestreetfoodbank.org",
        text="""Bridge Street Food Bank
-----------------------
We hand out emergency food parcels every Tuesday and Friday from St Mark's church hall.
Last year we supported 3,200 households.

What we need: tinned fish, UHT milk, toiletries, and volunteers for sorting shifts.
Donate food at any Co-op in town, or give online.

volunteer@bridgestreetfoodbank.org | 0161 555 0133
""",
    ),
    Brief(
        id="fern-and-fable",
        format="html",
        prompt="An online shop for my handmade ceramics",
        site_type="shop",
        business_name="Fern & Fable Ceramics",
        phones=(),
        addresses=(),
        headings=("Products", "Shipping", "Contact"),
        email="shop@fernandfable.co.uk",
        text="""<!DOCTYPE html><html><head><title>Fern &amp; Fable Ceramics</title></head><body>
<main>
<h1>Fern &amp; Fable Ceramics</h1>
<p>Handmade stoneware from a tiny studio in Cornwall: mugs, bowls and planters glazed in
sea greens and sand.</p>
<h2>Products</h2>
<ol><li>Tide mug — £28</li><li>Rockpool bowl — £34</li><li>Dune planter — £40</li></ol>
<h2>Shipping</h2><p>UK delivery £4.50, free over £60.</p>
</main>
<footer>Questions about an order? shop@fernandfable.co.uk</footer>
</body></html>
""",
    ),
    Brief(
        id="bytebox-keyboards",
        format="pdf",
        prompt="shop website for our keyboard kits",
        site_type="shop",
        business_name="ByteBox Keyboards",
        phones=(),
        addresses=(),
        headings=("About us", "Catalogue", "Contact"),
        email="support@bytebox.store",
        blocks=(
            "# ByteBox Keyboards",
            "We sell mechanical keyboard kits, switches and keycaps to hobbyists across "
            "Europe. Buy a kit, build it in an evening.",
            "## Catalogue",
            "Kits from EUR 89, switch packs from EUR 19, keycap sets from EUR 39.",
            "Order questions: support@bytebox.store",
        ),
    ),
    Brief(
        id="slow-miles-blog",
        format="md",
        prompt="Blog for my travel writing",
        site_type="blog",
        business_name="Slow Miles",
        phones=(),
        addresses=(),
        headings=("Recent posts", "Contact"),
        email="write@slowmiles.blog",
        text="""# Slow Miles

Travel writing by Priya Raman: long train journeys, small towns, and the food you find there.

## Recent posts
- Twelve hours on the Konkan Railway
- A week in Trieste with no plans
- Why I stopped flying for short trips

New posts every other Sunday. Say hello: write@slowmiles.blog
""",
    ),
    Brief(
        id="garden-notes",
        format="docx",
        prompt="a personal blog about gardening",
        site_type="blog",
        business_name="Garden Notes",
        phones=(),
        addresses=(),
        headings=("Latest articles", "Contact"),
        email="tom@gardennotes.net",
        blocks=(
            "# Garden Notes",
            "Tom Ellery writes about growing food on a windy allotment in Sheffield.",
            "## Latest articles",
            "- Potatoes in bags: a season's results",
            "- Building a cold frame from old windows",
            "- What the slugs taught me",
            "Comments and questions: tom@gardennotes.net",
        ),
    ),
    Brief(
        id="ledgerly-saas",
        format="html",
        prompt="landing page for our SaaS app",
        site_type="product",
        business_name="Ledgerly",
        phones=(),
        addresses=(),
        headings=("Pricing", "Frequently asked questions", "Contact"),
        email="hello@ledgerly.app",
        text="""<html><head><title>Ledgerly</title></head><body>
<h1>Ledgerly</h1>
<p>Bookkeeping software for freelancers: connect your bank, snap receipts, file your VAT
return in minutes.</p>
<h2>Pricing</h2>
<ul><li>Solo — £9/month</li><li>Studio — £24/month (up to 5 users)</li></ul>
<h2>Frequently asked questions</h2>
<p>Is there a free trial? Yes, 30 days, no card needed.</p>
<p>Sign up today. Contact: hello@ledgerly.app</p>
</body></html>
""",
    ),
    Brief(
        id="tidepool-app",
        format="txt",
        prompt="Product landing page for Tidepool, our mobile app",
        site_type="product",
        business_name="Tidepool",
        phones=(),
        addresses=(),
        headings=("About us", "Contact"),
        email="team@tidepool.app",
        text="""Tidepool helps surfers and swimmers check tides, swell and water quality for 2,000
beaches in one app. Free on iOS and Android; Tidepool Plus adds offline maps and alerts
for $3.99 a month.

Features: live tide charts, swell forecasts, bathing-water alerts, offline maps.

Press and partnerships: team@tidepool.app
""",
        tags=("no headings", "name only in prompt and first sentence"),
    ),
    Brief(
        id="bakery-turned-shop",
        format="md",
        prompt="Make it an online shop for our bread boxes, not a café site",
        site_type="shop",
        business_name="Crumb & Co",
        phones=(),
        addresses=(),
        headings=("Boxes", "Contact"),
        email="boxes@crumbandco.com",
        text="""# Crumb & Co

We run a small café and bakery in Leeds, but now we want to sell weekly bread boxes
for delivery across the city.

## Boxes
- The Loaf Box: two sourdoughs, £12
- The Breakfast Box: sourdough, croissants and jam, £18

Order questions: boxes@crumbandco.com
""",
        tags=("prompt overrules brief",),
    ),
    Brief(
        id="harbour-physio",
        format="docx",
        prompt="website for my physiotherapy clinic with online booking",
        site_type="health_clinic",
        business_name="Harbour Physiotherapy",
        directives=("form:booking",),
        phones=("+6445550139",),
        addresses=(),
        headings=("About us", "What we offer", "Contact"),
        email="appointments@harbourphysio.co.nz",
        blocks=(
            "Website brief",
            "Harbour Physiotherapy is a physiotherapy clinic in Wellington. We treat sports "
            "injuries, back pain and post-surgery rehabilitation.",
            "What we offer",
            "- Initial assessment (45 minutes)",
            "- Follow-up treatment (30 minutes)",
            "- Clinical pilates classes",
            "Book an appointment: appointments@harbourphysio.co.nz or 04 555 0139",
        ),
        tags=("generic title", "no heading styles"),
    ),
]
