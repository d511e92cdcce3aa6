"""Briefs as customers really write them: instructions to us mixed into the copy, several
phone numbers with their labels, US numbers in parentheses, the newer archetypes (clinics,
firms, community groups, schools, salons) and briefs in Spanish, French and German.

Each says which sentences are instructions (they must never reach the site's copy) and
which directives they carry ("kind:value", see the intent service's directives module).
"""

from __future__ import annotations

from .briefs import Brief

MIXED: list[Brief] = [
    Brief(
        id="harbour-dental",
        format="pdf",
        prompt="Website for our dental practice please. Make the emergency number stand out.",
        site_type="health_clinic",
        business_name="Harbour Dental",
        addresses=("2150 Chestnut Street, San Francisco, CA 94123",),
        headings=("About the practice", "Treatments", "Contact"),
        email="smile@harbourdental.com",
        phones=("+14155550123", "+14155550199"),
        directives=("colours:muted", "emphasis:emergency_phone"),
        blocks=(
            "# Harbour Dental - website brief",
            "Please read this first: the website should feel calm and modern, nothing loud.",
            "## About the practice",
            "Harbour Dental has cared for families in the Marina District since 1998. Dr. Ana "
            "Ruiz and Dr. Tom Becker lead a team of four hygienists.",
            "## Treatments",
            "- Check-ups and cleaning",
            "- Fillings and crowns",
            "- Invisalign",
            "- Emergency appointments",
            "## Contact",
            "Main line: (415) 555-0123",
            "After-hours emergencies: (415) 555-0199",
            "smile@harbourdental.com",
            "2150 Chestnut Street, San Francisco, CA 94123",
        ),
        must_not_publish=(
            "the website should feel calm and modern",
            "website brief",
        ),
    ),
    Brief(
        id="okafor-partners",
        format="docx",
        prompt="A professional site for our law firm",
        site_type="professional_firm",
        business_name="Okafor & Partners LLP",
        addresses=("350 Fifth Avenue, Suite 5400, New York, NY 10118",),
        headings=("Practice areas", "Contact", "Our partners"),
        email="enquiries@okaforpartners.com",
        phones=("+12125550147",),
        directives=("exclude:testimonials", "page:team"),
        blocks=(
            "# Okafor & Partners LLP",
            "MEMORANDUM",
            "To: Web team. From: Grace Okafor, Managing Partner. Re: new website.",
            "The website must present our three practice groups and our partners. We do not "
            "want testimonials on the site. Please give the partners a page of their own.",
            "## Practice areas",
            "- Commercial litigation",
            "- Employment law",
            "- Real estate and zoning",
            "## Our partners",
            "Grace Okafor, Esq. founded the firm in 2009 after twelve years at the Manhattan "
            "District Attorney's office (1996-2008).",
            "David Lin, Esq. leads our employment practice.",
            "## Contact",
            "Office: (212) 555-0147",
            "enquiries@okaforpartners.com",
            "350 Fifth Avenue, Suite 5400, New York, NY 10118",
        ),
        must_not_publish=(
            "The website must present our three practice groups",
            "We do not want testimonials on the site.",
            "To: Web team.",
            "Please give the partners a page of their own.",
        ),
    ),
    Brief(
        id="panaderia-la-espiga",
        format="md",
        prompt="Una web para nuestra panadería, en español por favor",
        site_type="restaurant",
        business_name="Panadería La Espiga",
        addresses=("Calle del Ave María 12, 28012 Madrid",),
        headings=("Nuestros panes", "Horario", "Contacto"),
        email="hola@laespiga.es",
        phones=("+34912345678",),
        language="es",
        directives=("colours:warm", "exclude:testimonials", "language:es"),
        text="""# Panadería La Espiga

Horneamos pan de masa madre cada mañana en el barrio de Lavapiés desde 1987.

## Nuestros panes
- Hogaza de centeno — 4,50 €
- Barra rústica — 1,80 €
- Roscón de Reyes (por encargo) — 18 €

## Horario
Lunes a sábado de 7:30 a 20:00. Domingo de 8:00 a 14:00.

La web debe tener colores cálidos, nada chillón. No queremos testimonios.

## Contacto
Teléfono: 912 34 56 78
hola@laespiga.es
Calle del Ave María 12, 28012 Madrid
""",
        must_not_publish=("La web debe tener colores cálidos", "No queremos testimonios."),
    ),
    Brief(
        id="boulangerie-martin",
        format="txt",
        prompt="site pour ma boulangerie",
        site_type="restaurant",
        business_name="Boulangerie Martin",
        addresses=("24 rue des Martyrs, 75009 Paris",),
        headings=("Nos spécialités", "Horaires", "Contact"),
        email="contact@boulangerie-martin.fr",
        phones=("+33142685300",),
        language="fr",
        text="""BOULANGERIE MARTIN

Depuis 1962, la famille Martin pétrit le pain à la main rue des Martyrs.

Nos spécialités
- Baguette de tradition
- Croissant pur beurre
- Tarte aux pommes

Horaires : du mardi au dimanche, 7h - 19h30.

Merci d'ajouter un plan d'accès. Le site doit être sobre, en noir et blanc.

Tél. 01 42 68 53 00 - contact@boulangerie-martin.fr
Adresse : 24 rue des Martyrs, 75009 Paris
""",
        directives=("colours:monochrome",),
        must_not_publish=("Merci d'ajouter un plan d'accès.", "Le site doit être sobre"),
    ),
    Brief(
        id="kanzlei-becker",
        format="docx",
        prompt="Website für unsere Kanzlei, bitte auf Deutsch",
        site_type="professional_firm",
        business_name="Kanzlei Becker",
        addresses=("Friedrichstraße 68, 10117 Berlin",),
        headings=("Rechtsgebiete", "Kontakt"),
        email="info@kanzlei-becker.de",
        phones=("+49301234567",),
        language="de",
        directives=("exclude:testimonials", "language:de"),
        blocks=(
            "# Kanzlei Becker",
            "Wir beraten Unternehmen und Privatpersonen in Berlin seit 1994 im Arbeitsrecht "
            "und Mietrecht.",
            "## Rechtsgebiete",
            "- Arbeitsrecht",
            "- Mietrecht",
            "- Erbrecht",
            "Die Website soll seriös wirken. Bitte keine Bewertungen anzeigen.",
            "## Kontakt",
            "Telefon: 030 1234567",
            "info@kanzlei-becker.de",
            "Friedrichstraße 68, 10117 Berlin",
        ),
        must_not_publish=("Die Website soll seriös wirken.", "Bitte keine Bewertungen anzeigen."),
    ),
    Brief(
        id="st-marys-choir",
        format="txt",
        prompt="a site for our choir",
        site_type="community_group",
        business_name="St Mary's Community Choir",
        addresses=(),
        headings=("About us", "Contact"),
        email="sing@stmaryschoir.org.uk",
        phones=("+441134960321",),
        text="""hi! so we're st mary's community choir, about 40 of us, all ages, no auditions.

we rehearse every tuesday 7.30-9pm in the church hall on Wood Lane. new members always
welcome, just turn up. subs are £5 a week.

Christmas concert is on Saturday 13 December at 7pm, tickets £8 on the door.

we'd like the site to have the concert on a page of its own if possible. nothing too
flashy. our secretary is Jan, ring her on 0113 496 0321 or email sing@stmaryschoir.org.uk
""",
        directives=("page:events",),
        must_not_publish=("we'd like the site to have the concert on a page of its own",),
    ),
    Brief(
        id="brightpath-tutoring",
        format="html",
        prompt="Build a site for my tutoring business with a consultation request form",
        site_type="education",
        business_name="BrightPath Tutoring",
        addresses=(),
        headings=("Subjects", "Rates", "Contact"),
        email="hello@brightpathtutoring.com",
        phones=("+15035550142",),
        directives=("colours:navy,gold", "form:consultation"),
        text="""<!doctype html><html lang="en"><head><title>BrightPath Tutoring</title></head>
<body>
<h1>BrightPath Tutoring</h1>
<p>One-to-one maths and science tutoring for students in grades 6 to 12, in person in
Portland or online.</p>
<h2>Subjects</h2>
<ul><li>Algebra and geometry</li><li>Chemistry</li><li>SAT prep</li></ul>
<h2>Rates</h2>
<p>$65 per hour; packages of ten sessions $590.</p>
<p>Note for the designer: please use our brand colours, navy and gold.</p>
<h2>Contact</h2>
<p>Call (503) 555-0142 or write to hello@brightpathtutoring.com</p>
</body></html>
""",
        must_not_publish=("please use our brand colours, navy and gold",),
    ),
    Brief(
        id="glow-studio",
        format="md",
        prompt="website for my beauty salon, make the booking line stand out",
        site_type="beauty_wellness",
        business_name="Glow Studio",
        addresses=(),
        headings=("Treatments", "Opening hours", "Contact"),
        email="book@glowstudio.co.uk",
        phones=("+441617234567",),
        directives=("exclude:stock_photos", "emphasis:booking_phone"),
        text="""# Glow Studio

Brows, lashes and facials in the heart of Didsbury.

## Treatments
- Brow lamination — £45
- Lash lift and tint — £50
- Signature facial — £65

## Opening hours
Tuesday to Saturday, 9am to 6pm

We don't want stock photos of models please, just our salon.

Book on 0161 723 4567 or book@glowstudio.co.uk
""",
        must_not_publish=("We don't want stock photos of models please, just our salon.",),
    ),
    Brief(
        id="taco-loco-truck",
        format="txt",
        prompt="site for my food truck. we also do catering for weddings and office parties",
        site_type="restaurant",
        business_name="Taco Loco",
        addresses=(),
        headings=("Menu", "Contact"),
        email="hola@tacoloco.com",
        phones=("+17135550178",),
        text="""Taco Loco is a food truck serving Mexico City street tacos around Houston.

Menu
- Al pastor taco $3.50
- Carnitas taco $3.50
- Elote $4

Find the truck: weekdays at the Heights farmers market, weekends at Saint Arnold brewery.

Catering for 20 to 300 guests. Text or call (713) 555-0178, hola@tacoloco.com
""",
    ),
    Brief(
        id="kindred-candles",
        format="md",
        prompt="Online shop for my candles. Drop the gift box tier and take sign-ups for a "
        "waitlist instead.",
        site_type="shop",
        business_name="Kindred Candles",
        addresses=(),
        headings=("Products", "Contact"),
        email="hello@kindredcandles.com",
        phones=(),
        directives=("replace:gift box tier -> waitlist", "form:waitlist"),
        text="""# Kindred Candles

Hand-poured soy candles from a tiny workshop in Asheville.

## Products
- Cedar & smoke — $28
- Wild fig — $28
- Gift box of three — $75

Shipping is free on orders over $60.

Write to hello@kindredcandles.com
""",
    ),
    Brief(
        id="riverside-knitters",
        format="txt",
        prompt="something simple for our group",
        site_type="community_group",
        business_name="Riverside Knitting Circle",
        addresses=(),
        headings=("About us", "Contact"),
        email="riversideknitters@gmail.com",
        phones=(),
        text="""we are the riverside knitting circle and we meet every thursday afternoon at the
library café, 2-4pm. beginners welcome, we have spare needles and yarn.

members knit blankets for the hospital's baby unit. membership is free.

email riversideknitters@gmail.com if you want to know more
""",
    ),
    Brief(
        id="wellspring-physio",
        format="docx",
        prompt="physio clinic website with an appointment request form",
        site_type="health_clinic",
        business_name="Wellspring Physiotherapy",
        addresses=("12 Rathmines Road Lower, Dublin 6, D06 F5X8",),
        headings=("Our team", "Fees", "Contact"),
        email="reception@wellspringphysio.ie",
        phones=("+35312345678",),
        directives=("form:booking",),
        blocks=(
            "# Wellspring Physiotherapy",
            "Chartered physiotherapists in Rathmines treating sports injuries, back pain and "
            "post-surgery rehabilitation.",
            "## Our team",
            "| Name | Role |",
            "| Aoife Byrne | Clinical lead, MISCP |",
            "| Conor Walsh | Sports physiotherapist |",
            "## Fees",
            "- Initial assessment: €70",
            "- Follow-up session: €60",
            "## Contact",
            "Phone: 01 234 5678",
            "reception@wellspringphysio.ie",
            "12 Rathmines Road Lower, Dublin 6, D06 F5X8",
        ),
    ),
    Brief(
        id="maple-run-5k",
        format="pdf",
        prompt="Website for our charity fun run with registration",
        site_type="event",
        business_name="Maple Leaf 5K",
        addresses=(),
        headings=("Race day", "Entry", "Contact"),
        email="run@mapleleaf5k.ca",
        phones=("+14165550133",),
        directives=("form:registration",),
        blocks=(
            "# Maple Leaf 5K",
            "A family fun run around High Park raising money for the children's hospital.",
            "## Race day",
            "Sunday 14 June 2026, start 9:00 at the Grenadier Pond gate.",
            "## Entry",
            "- Adults $35",
            "- Under 16 $15",
            "We'd like a big registration button at the top.",
            "## Contact",
            "Race office: (416) 555-0133 - run@mapleleaf5k.ca",
        ),
        must_not_publish=("We'd like a big registration button at the top.",),
    ),
    Brief(
        id="tidepool-launch",
        format="md",
        prompt="Landing page for our app. Replace the Pro plan with a waitlist.",
        site_type="product",
        business_name="Tidepool",
        addresses=(),
        headings=("Features", "Pricing", "Contact"),
        email="team@tidepool.app",
        phones=(),
        directives=("colours:dark blue,white", "replace:pro plan -> waitlist", "form:waitlist"),
        text="""# Tidepool

Tide and swell forecasts for surfers, in one tap.

## Features
- Hourly swell charts
- Tide alerts on your phone
- Offline maps of 4,000 breaks

## Pricing
- Free — $0
- Pro — $6 / month

The site should be dark blue and white, monochrome icons. team@tidepool.app
""",
        must_not_publish=("The site should be dark blue and white, monochrome icons.",),
    ),
    Brief(
        id="atelier-lumiere",
        format="html",
        prompt="un site portfolio pour mes photos de mariage",
        site_type="portfolio",
        business_name="Atelier Lumière",
        addresses=(),
        headings=("Prestations", "Contact"),
        email="bonjour@atelierlumiere.fr",
        phones=("+33612345678",),
        language="fr",
        text="""<!doctype html><html lang="fr"><head><title>Atelier Lumière</title></head><body>
<h1>Atelier Lumière</h1>
<p>Photographe de mariage à Lyon, je raconte votre journée avec des images douces et
naturelles.</p>
<h2>Prestations</h2>
<ul><li>Reportage complet : 1 900 €</li><li>Demi-journée : 1 100 €</li></ul>
<p>Pas de témoignages sur le site, merci.</p>
<h2>Contact</h2>
<p>Portable : 06 12 34 56 78 — bonjour@atelierlumiere.fr</p>
</body></html>
""",
        directives=("exclude:testimonials",),
        must_not_publish=("Pas de témoignages sur le site, merci.",),
    ),
    Brief(
        id="clinica-dental-sonrisa",
        format="docx",
        prompt="Página web para nuestra clínica dental",
        site_type="health_clinic",
        business_name="Clínica Dental Sonrisa",
        addresses=("Calle Pureza 45, 41010 Sevilla",),
        headings=("Tratamientos", "Contacto"),
        email="citas@clinicasonrisa.es",
        phones=("+34954123456", "+34612345678"),
        language="es",
        directives=("exclude:testimonials", "form:booking"),
        blocks=(
            "# Clínica Dental Sonrisa",
            "Somos una clínica familiar en el barrio de Triana, en Sevilla, con más de veinte "
            "años cuidando la salud dental de nuestros pacientes.",
            "## Tratamientos",
            "- Limpieza y revisión",
            "- Ortodoncia invisible",
            "- Implantes",
            "Queremos un formulario para pedir cita. No pongáis testimonios de pacientes.",
            "## Contacto",
            "Teléfono: 954 12 34 56",
            "Urgencias: 612 34 56 78",
            "citas@clinicasonrisa.es",
            "Calle Pureza 45, 41010 Sevilla",
        ),
        must_not_publish=(
            "Queremos un formulario para pedir cita.",
            "No pongáis testimonios de pacientes.",
        ),
    ),
    Brief(
        id="turnverein-lindenau",
        format="md",
        prompt="Eine Website für unseren Verein",
        site_type="community_group",
        business_name="Turnverein Lindenau",
        directives=("colours:grün,weiß",),
        addresses=(),
        headings=("Über uns", "Trainingszeiten", "Kontakt"),
        email="vorstand@tv-lindenau.de",
        phones=("+493414711234",),
        language="de",
        text="""# Turnverein Lindenau

Der Turnverein Lindenau ist ein Sportverein in Leipzig mit 300 Mitgliedern.
Wir turnen, laufen und spielen Volleyball, vom Kinderturnen bis zur Seniorengruppe.

## Trainingszeiten
- Kinderturnen: Montag 16 bis 17 Uhr
- Volleyball: Mittwoch 19 bis 21 Uhr

Die Website soll freundlich wirken, in Grün und Weiß.

## Kontakt
Telefon: 0341 4711234
vorstand@tv-lindenau.de
""",
        must_not_publish=("Die Website soll freundlich wirken, in Grün und Weiß.",),
    ),
    Brief(
        id="evergreen-plumbing",
        format="txt",
        prompt="site for my plumbing business",
        site_type="local_services",
        business_name="Evergreen Plumbing & Heating",
        addresses=(),
        headings=("Services", "Contact"),
        email="jobs@evergreenplumbing.com",
        phones=("+12065550111", "+12065550112"),
        text="""Evergreen Plumbing & Heating
Licensed plumbers serving Seattle and the Eastside since 2004.

SERVICES
- Leak repair and repiping
- Water heaters
- Furnace tune-ups

Office: (206) 555-0111
24/7 emergency line: (206) 555-0112
jobs@evergreenplumbing.com
""",
    ),
]
