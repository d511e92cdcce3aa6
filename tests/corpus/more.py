"""More briefs, written the way customers send them: a vet's chatty note, a yoga studio's
timetable, a tapas bar in Spanish, a French law firm's memo, a German dentist's hours, a
charity run, a supper club, a parish, a holiday cottage that fits no archetype, and more.

Each says what a careful reader takes from it, including the postal addresses and the
site's section headings on every page (the generated "About us" and "Contact" included,
in the site's language).
"""

from __future__ import annotations

from .briefs import Brief

MORE: list[Brief] = [
    Brief(
        id="paws-and-claws-vet",
        format="txt",
        prompt="website for our vet clinic. please make the emergency number really obvious",
        site_type="health_clinic",
        business_name="Paws & Claws Veterinary Clinic",
        email="frontdesk@pawsandclawsvet.com",
        addresses=("4410 N Lincoln Ave, Chicago, IL 60625",),
        headings=("About us", "Services", "Opening hours", "Contact"),
        phones=("+17735550146", "+17735550190"),
        directives=("emphasis:emergency_phone",),
        text="""Paws & Claws Veterinary Clinic

Hi! We're a small animal vet in Lincoln Square, Chicago. Dr. Priya Nair and Dr. Sam Okoro
have looked after the neighborhood's dogs, cats and rabbits since 2012.

Services
- Wellness exams and vaccinations
- Dental cleaning
- Surgery and X-ray
- Puppy and kitten packages

Opening hours: Mon-Fri 8am-7pm, Sat 9am-2pm

Appointments (773) 555-0146, after hours emergencies (773) 555-0190
frontdesk@pawsandclawsvet.com
4410 N Lincoln Ave, Chicago, IL 60625
""",
    ),
    Brief(
        id="lakeside-yoga",
        format="md",
        prompt="A calm website for my yoga studio, with the class timetable",
        site_type="beauty_wellness",
        business_name="Lakeside Yoga",
        email="namaste@lakesideyoga.co.uk",
        addresses=("2 Quay Street, Windermere LA23 1AB",),
        headings=("About us", "Class timetable", "Prices", "Contact"),
        phones=("+441539555014",),
        text="""# Lakeside Yoga

A small yoga studio on the shore of Windermere. Classes for every body, beginners always
welcome, mats provided.

## Class timetable

- Monday 7pm - 8.15pm: Hatha flow
- Wednesday 6.30pm - 7.30pm: Yin and restore
- Saturday 9am - 10.15am: Vinyasa

## Prices

- Drop-in class — £12
- Five-class pass — £50
- Monthly unlimited — £85

Find us at 2 Quay Street, Windermere LA23 1AB. Call 015395 55014 or email
namaste@lakesideyoga.co.uk
""",
    ),
    Brief(
        id="la-tasca-de-pepe",
        format="html",
        prompt="Web para mi bar de tapas",
        site_type="restaurant",
        business_name="La Tasca de Pepe",
        email="reservas@latascadepepe.es",
        language="es",
        addresses=("Calle Feria 38, 41003 Sevilla",),
        headings=("Quiénes somos", "Nuestra carta", "Horario", "Contacto"),
        phones=("+34954221133",),
        must_not_publish=("Queremos que la web tenga los colores de la bandera andaluza.",),
        text="""<html lang="es"><head><title>La Tasca de Pepe</title></head><body>
<h1>La Tasca de Pepe</h1>
<p>Tapas caseras en el corazón de la calle Feria desde 1979. Pepe sigue en la barra y su hija
Lucía en la cocina.</p>
<p>Queremos que la web tenga los colores de la bandera andaluza.</p>
<h2>Nuestra carta</h2>
<ul>
<li>Espinacas con garbanzos — 3,50 €</li>
<li>Carrillada ibérica — 4,80 €</li>
<li>Croquetas de puchero — 3,20 €</li>
<li>Tortilla de patatas — 3,00 €</li>
</ul>
<h2>Horario</h2>
<p>De martes a domingo de 12:00 a 16:30 y de 20:00 a 0:00. Lunes cerrado.</p>
<h2>Contacto</h2>
<p>Calle Feria 38, 41003 Sevilla · Tel. 954 22 11 33 · reservas@latascadepepe.es</p>
</body></html>
""",
    ),
    Brief(
        id="cabinet-dupont-avocats",
        format="docx",
        prompt="Site pour notre cabinet d'avocats, avec un formulaire de demande de consultation",
        site_type="professional_firm",
        business_name="Cabinet Dupont Avocats",
        email="contact@dupont-avocats.fr",
        language="fr",
        addresses=("18 boulevard Haussmann, 75009 Paris",),
        headings=("Domaines d'intervention", "Notre équipe", "Contact"),
        phones=("+33142865510",),
        directives=("form:consultation",),
        must_not_publish=(
            "Le site doit inspirer confiance : sobre, bleu marine.",
            "Pas de photos de marteau de juge, s'il vous plaît.",
        ),
        blocks=(
            "# Cabinet Dupont Avocats",
            "Le site doit inspirer confiance : sobre, bleu marine.",
            "Pas de photos de marteau de juge, s'il vous plaît.",
            "## Domaines d'intervention",
            "- Droit du travail",
            "- Droit des sociétés",
            "- Baux commerciaux",
            "## Notre équipe",
            "- Claire Dupont — avocate associée, fondatrice du cabinet",
            "- Julien Marchand — avocat collaborateur, droit social",
            "## Contact",
            "Tél. : 01 42 86 55 10",
            "contact@dupont-avocats.fr",
            "18 boulevard Haussmann, 75009 Paris",
        ),
    ),
    Brief(
        id="northside-community-garden",
        format="txt",
        prompt="a simple site for our community garden group",
        site_type="community_group",
        business_name="Northside Community Garden",
        email="hello@northsidegarden.org",
        addresses=(),
        headings=("About us", "Work days", "Get involved", "Contact"),
        phones=(),
        text="""NORTHSIDE COMMUNITY GARDEN

We're a volunteer group who turned an empty lot on Alder Street into 30 raised beds,
a small orchard and a pollinator meadow. Anyone in the neighborhood can join.

WORK DAYS
Saturdays 10am-1pm, March to October. Tools and gloves provided.

GET INVOLVED
Rent a bed for $25 a season, or just come and help on a work day.

hello@northsidegarden.org
""",
    ),
    Brief(
        id="ember-coffee-roasters",
        format="html",
        prompt="online shop for our coffee beans",
        site_type="shop",
        business_name="Ember Coffee Roasters",
        email="orders@embercoffee.com",
        addresses=(),
        headings=("Our coffees", "Subscriptions", "Contact"),
        phones=(),
        text="""<!doctype html><html><head><title>Ember Coffee Roasters</title></head><body>
<h1>Ember Coffee Roasters</h1>
<p>Small-batch specialty coffee, roasted every Monday in Portland, Maine.</p>
<h2>Our coffees</h2>
<table>
<tr><th>Coffee</th><th>Notes</th><th>Price</th></tr>
<tr><td>Huila, Colombia</td><td>red apple, caramel</td><td>$18</td></tr>
<tr><td>Sidama, Ethiopia</td><td>blueberry, jasmine</td><td>$21</td></tr>
<tr><td>Ember House Blend</td><td>chocolate, toasted nuts</td><td>$16</td></tr>
</table>
<h2>Subscriptions</h2>
<p>Fresh beans every two or four weeks, free shipping, skip or cancel any time.</p>
<p>Questions? orders@embercoffee.com</p>
</body></html>
""",
    ),
    Brief(
        id="mcallister-accounting",
        format="pdf",
        prompt="professional website for our accounting firm",
        site_type="professional_firm",
        business_name="McAllister & Grant CPAs",
        email="info@mcallistergrant.com",
        addresses=("1200 Walnut Street, Suite 300, Des Moines, IA 50309",),
        headings=("About us", "Services", "Our partners", "Contact"),
        phones=("+15155550172", "+15155550173"),
        blocks=(
            "# McAllister & Grant CPAs",
            "Tax preparation, bookkeeping and advisory for small businesses and families in "
            "central Iowa. We have filed returns for our clients since 1987.",
            "## Services",
            "- Individual and business tax returns",
            "- Monthly bookkeeping and payroll",
            "- IRS representation",
            "- Retirement and succession planning",
            "## Our partners",
            "- Helen McAllister, CPA - Managing Partner",
            "- Robert Grant, CPA, CFP - Tax and planning",
            "## Contact",
            "Phone: (515) 555-0172",
            "Fax: (515) 555-0173",
            "info@mcallistergrant.com",
            "1200 Walnut Street, Suite 300, Des Moines, IA 50309",
        ),
    ),
    Brief(
        id="little-acorns-nursery",
        format="docx",
        prompt="website for our nursery school, parents should be able to book a visit",
        site_type="education",
        business_name="Little Acorns Nursery",
        email="office@littleacornsnursery.co.uk",
        addresses=("41 Church Road, Bristol BS7 8SA",),
        headings=("About us", "Our day", "Fees", "Contact"),
        phones=("+441179555031",),
        directives=("form:booking",),
        blocks=(
            "# Little Acorns Nursery",
            "A friendly nursery for children aged two to five in Bishopston, Bristol. Rated "
            "Outstanding by Ofsted. Forest school every Friday.",
            "## Our day",
            "- 8am breakfast club",
            "- 9am free play and phonics",
            "- 12pm lunch cooked on site",
            "- 3pm story time",
            "## Fees",
            "- Full day: £68",
            "- Morning session: £38",
            "- 15 and 30 funded hours available",
            "## Contact",
            "Tel 0117 955 5031",
            "office@littleacornsnursery.co.uk",
            "41 Church Road, Bristol BS7 8SA",
        ),
    ),
    Brief(
        id="studio-nord-architekten",
        format="md",
        prompt="Portfolio-Website für unser Architekturbüro",
        site_type="portfolio",
        business_name="Studio Nord Architekten",
        email="buero@studionord.de",
        language="de",
        addresses=("Schanzenstraße 12, 20357 Hamburg",),
        headings=("Über uns", "Ausgewählte Projekte", "Kontakt"),
        phones=("+494055501234",),
        must_not_publish=("Die Website soll viel Weißraum haben und keine Animationen.",),
        text="""# Studio Nord Architekten

Wir planen Wohnhäuser, Schulen und Umbauten in Norddeutschland. Unser Büro in Hamburg hat
zwölf Mitarbeiterinnen und Mitarbeiter.

Die Website soll viel Weißraum haben und keine Animationen.

## Ausgewählte Projekte

- Grundschule Wilhelmsburg, 2023
- Wohnhaus am Deich, Cuxhaven, 2021
- Umbau Speicher 7, Bremen, 2019

## Kontakt

Schanzenstraße 12, 20357 Hamburg
Telefon 040 55501234
buero@studionord.de
""",
    ),
    Brief(
        id="rivera-roofing",
        format="txt",
        prompt="Website for my roofing company, free estimates",
        site_type="local_services",
        business_name="Rivera Roofing",
        email="estimates@riveraroofing.com",
        addresses=(),
        headings=("About us", "What we do", "Contact"),
        phones=("+12105550163", "+12105550164"),
        text="""Rivera Roofing - family owned since 1996, San Antonio TX

Licensed and insured roofers. Shingle, metal and flat roofs, storm damage and insurance
claims. Free estimates within 24 hours.

What we do:
- Roof replacement
- Leak repair
- Gutter installation
- Storm damage inspections

Office (210) 555-0163 / 24-hour emergency line (210) 555-0164
estimates@riveraroofing.com
""",
    ),
    Brief(
        id="hope-for-paws-rescue",
        format="html",
        prompt="dog rescue website, we need people to donate and to adopt",
        site_type="animal_shelter",
        business_name="Hope for Paws Rescue",
        email="adopt@hopeforpawsrescue.org",
        addresses=(),
        headings=("About us", "Adoptable dogs", "How to adopt", "Contact"),
        phones=("+15125550119",),
        text="""<html><body>
<h1>Hope for Paws Rescue</h1>
<p>A foster-based dog rescue in Austin, Texas. Every dog lives in a volunteer's home until
adoption, so we know their personalities.</p>
<h2>Adoptable dogs</h2>
<ul>
<li>Biscuit — 3-year-old beagle mix, loves kids</li>
<li>Luna — 6-year-old shepherd, calm and gentle</li>
<li>Pepper — 1-year-old terrier, full of energy</li>
</ul>
<h2>How to adopt</h2>
<p>Fill in an application, meet the dog at the foster home, and take them home for a
two-week trial. Adoption fee $150 includes spay/neuter and vaccines.</p>
<p>Contact us: adopt@hopeforpawsrescue.org or (512) 555-0119</p>
</body></html>
""",
    ),
    Brief(
        id="festival-jazz-vienne",
        format="pdf",
        prompt="site pour notre festival de jazz, avec le programme",
        site_type="event",
        business_name="Jazz au Jardin",
        directives=("include:events",),
        email="billetterie@jazzaujardin.fr",
        language="fr",
        addresses=(),
        headings=("Programme", "Billets", "Contact"),
        phones=("+33474555012",),
        blocks=(
            "# Jazz au Jardin",
            "Trois soirées de jazz en plein air dans le jardin de la mairie de Vienne, du 9 au "
            "11 juillet 2027.",
            "## Programme",
            "- Vendredi 9 juillet 2027, 20h : Quartet Lumière",
            "- Samedi 10 juillet 2027, 20h : Big Band du Rhône",
            "- Dimanche 11 juillet 2027, 18h : Jam session ouverte",
            "## Billets",
            "Soirée 25 €, pass trois soirées 60 €, gratuit pour les moins de 12 ans.",
            "Billetterie : billetterie@jazzaujardin.fr - 04 74 55 50 12",
        ),
    ),
    Brief(
        id="bits-and-bytes-club",
        format="md",
        prompt="A site for our kids coding club so parents can sign up",
        site_type="education",
        business_name="Bits & Bytes Coding Club",
        email="hello@bitsandbytesclub.org",
        addresses=(),
        headings=("About us", "Sessions", "Contact"),
        phones=(),
        directives=("form:registration",),
        text="""# Bits & Bytes Coding Club

A free after-school coding club for 8 to 14 year olds at Riverside Library. Kids learn
Scratch, Python and a bit of electronics with volunteer mentors.

## Sessions

- Tuesday 4pm - 5.30pm: Scratch beginners
- Thursday 4pm - 5.30pm: Python and micro:bit

Places are limited to 20 per session. Questions: hello@bitsandbytesclub.org
""",
    ),
    Brief(
        id="sole-runners",
        format="txt",
        prompt="website for our running club",
        site_type="community_group",
        business_name="Sole Runners",
        email="run@solerunners.club",
        addresses=(),
        headings=("About us", "Club runs", "Membership", "Contact"),
        phones=(),
        text="""Sole Runners
============

A friendly running club in Leith for all paces. No one gets left behind: we always
regroup.

Club runs
---------
- Tuesday 6.30pm - 7.30pm: intervals at Leith Links
- Thursday 6.30pm - 7.30pm: social 5k
- Sunday 9am - 10.30am: long run along the Water of Leith

Membership
----------
First three runs free, then £30 a year.

run@solerunners.club
""",
    ),
    Brief(
        id="fairway-app",
        format="html",
        prompt="landing page for our golf app",
        site_type="product",
        business_name="Fairway",
        email="support@fairwayapp.io",
        addresses=(),
        headings=("Features", "Pricing", "FAQ", "Contact"),
        phones=(),
        text="""<html><head><title>Fairway - golf GPS and scorecard</title></head><body>
<h1>Fairway</h1>
<p>GPS distances, a digital scorecard and shot tracking for 40,000 courses, in one app.</p>
<h2>Features</h2>
<ul><li>Distances to the front, middle and back of every green</li>
<li>Handicap tracking</li><li>Apple Watch and Wear OS</li></ul>
<h2>Pricing</h2>
<ul><li>Free — $0 — distances and scorecard</li>
<li>Pro — $7.99/month — shot tracking, stats, no ads</li></ul>
<h2>FAQ</h2>
<ul><li>Does it work offline? Yes, download a course before you play.</li>
<li>Can I cancel any time? Yes, from your account settings.</li></ul>
<p>support@fairwayapp.io</p>
</body></html>
""",
    ),
    Brief(
        id="the-quiet-kitchen",
        format="docx",
        prompt="a food blog",
        site_type="blog",
        business_name="The Quiet Kitchen",
        email="hannah@thequietkitchen.net",
        addresses=(),
        headings=("About us", "Latest recipes", "Contact"),
        phones=(),
        blocks=(
            "# The Quiet Kitchen",
            "Hannah Moreau writes about slow weekend cooking: bread, braises and things that "
            "take their time. New recipes every Sunday.",
            "## Latest recipes",
            "- A very slow beef ragù",
            "- Overnight focaccia with rosemary",
            "- Pear and almond tart",
            "Say hello: hannah@thequietkitchen.net",
        ),
    ),
    Brief(
        id="zahnarzt-dr-fischer",
        format="docx",
        prompt="Website für meine Zahnarztpraxis",
        site_type="health_clinic",
        business_name="Zahnarztpraxis Dr. Lena Fischer",
        email="praxis@zahnarzt-fischer.de",
        language="de",
        addresses=("Leopoldstraße 44, 80802 München",),
        headings=("Über uns", "Leistungen", "Sprechzeiten", "Kontakt"),
        phones=("+49893816740",),
        must_not_publish=("Bitte keine Fotos von Zähnen auf der Startseite.",),
        blocks=(
            "# Zahnarztpraxis Dr. Lena Fischer",
            "Moderne Zahnmedizin in Schwabing, mit viel Zeit für Angstpatienten. Unser Team "
            "spricht Deutsch, Englisch und Italienisch.",
            "Bitte keine Fotos von Zähnen auf der Startseite.",
            "## Leistungen",
            "- Prophylaxe und professionelle Zahnreinigung",
            "- Implantate",
            "- Kinderzahnheilkunde",
            "## Sprechzeiten",
            "Montag bis Donnerstag 8 bis 18 Uhr, Freitag 8 bis 13 Uhr",
            "## Kontakt",
            "Telefon: 089 381 674 0",
            "praxis@zahnarzt-fischer.de",
            "Leopoldstraße 44, 80802 München",
        ),
    ),
    Brief(
        id="salon-belleza-carmen",
        format="txt",
        prompt="una web para mi peluquería",
        site_type="beauty_wellness",
        business_name="Peluquería Carmen",
        email="citas@peluqueriacarmen.es",
        language="es",
        addresses=("Calle Mayor 21, 50001 Zaragoza",),
        headings=("Quiénes somos", "Precios", "Horario", "Contacto"),
        phones=("+34976555210",),
        must_not_publish=("Nada de colores chillones, por favor.",),
        text="""PELUQUERÍA CARMEN

Peluquería de barrio en el centro de Zaragoza desde 1995. Corte, color y peinados para
bodas.

Nada de colores chillones, por favor.

PRECIOS
- Corte señora: 22 €
- Corte caballero: 14 €
- Mechas: desde 45 €

Horario: de martes a sábado de 9:30 a 19:30

Calle Mayor 21, 50001 Zaragoza
Tel. 976 55 52 10 · citas@peluqueriacarmen.es
""",
    ),
    Brief(
        id="coastal-cleanup-alliance",
        format="pdf",
        prompt="Website for our environmental charity, we need donations and volunteers",
        site_type="nonprofit",
        business_name="Coastal Cleanup Alliance",
        directives=("include:donations",),
        email="crew@coastalcleanup.org.au",
        addresses=(),
        headings=("Our mission", "Upcoming cleanups", "Support us", "Contact"),
        phones=("+61255501234",),
        blocks=(
            "# Coastal Cleanup Alliance",
            "## Our mission",
            "We organise volunteer beach cleanups along the New South Wales coast and campaign "
            "against single-use plastics. Since 2018 our volunteers have removed 41 tonnes of "
            "rubbish.",
            "## Upcoming cleanups",
            "- Saturday 6 March 2027: Bondi Beach, 8am",
            "- Sunday 11 April 2027: Manly Cove, 9am",
            "## Support us",
            "A monthly donation of $20 buys gloves and bags for 40 volunteers. We are a "
            "registered charity with the ACNC.",
            "## Contact",
            "crew@coastalcleanup.org.au - (02) 5550 1234",
        ),
    ),
    Brief(
        id="ironwood-furniture",
        format="md",
        prompt="shop site for my furniture workshop. we also take commissions",
        site_type="shop",
        business_name="Ironwood Furniture",
        email="workshop@ironwoodfurniture.co",
        addresses=(),
        headings=("About us", "Pieces for sale", "Commissions", "Contact"),
        phones=(),
        text="""# Ironwood Furniture

Solid oak and walnut furniture, made by hand by two of us in a barn in Vermont. Every piece
is signed and dated.

## Pieces for sale

- Shaker dining table, white oak — $2,400
- Walnut bench — $650
- Oak bedside table — $420

## Commissions

We build to your measurements. Most commissions take eight to ten weeks.

workshop@ironwoodfurniture.co
""",
    ),
    Brief(
        id="old-mill-cottage",
        format="md",
        prompt="a website for our holiday cottage",
        site_type="general",
        business_name="The Old Mill",
        email="stay@theoldmillcottage.co.uk",
        addresses=("Mill Lane, Hawes DL8 3NT",),
        headings=("About us", "The cottage", "Rates", "Contact"),
        phones=("+441969555021",),
        text="""# The Old Mill

A converted 18th-century watermill by the river in Wensleydale. It sleeps six, takes dogs,
and has a wood burner for wet evenings.

## The cottage

- Three bedrooms, two bathrooms
- Garden running down to the river
- Walks from the door, the Wensleydale Creamery ten minutes away

## Rates

- Short break (3 nights) — £420
- Week — £850

Mill Lane, Hawes DL8 3NT · 01969 555021 · stay@theoldmillcottage.co.uk
""",
    ),
    Brief(
        id="ferienwohnung-bergblick",
        format="pdf",
        prompt="Website für unsere Ferienwohnung",
        site_type="general",
        business_name="Ferienwohnung Bergblick",
        email="urlaub@bergblick-allgaeu.de",
        language="de",
        addresses=("Alpenweg 7, 87561 Oberstdorf",),
        headings=("Über uns", "Die Wohnung", "Preise", "Kontakt"),
        phones=("+4983225550",),
        blocks=(
            "# Ferienwohnung Bergblick",
            "Ruhige Ferienwohnung für bis zu vier Personen am Ortsrand von Oberstdorf. Vom "
            "Balkon sehen Sie direkt auf das Nebelhorn.",
            "## Die Wohnung",
            "- Zwei Schlafzimmer, Küche, Balkon",
            "- WLAN und Parkplatz",
            "- Brötchenservice am Morgen",
            "## Preise",
            "- Pro Nacht: 95 €",
            "- Endreinigung: 60 €",
            "## Kontakt",
            "Familie Berger, Alpenweg 7, 87561 Oberstdorf",
            "Telefon 08322 5550",
            "urlaub@bergblick-allgaeu.de",
        ),
    ),
    Brief(
        id="summer-fete",
        format="txt",
        prompt="site for our village fete",
        site_type="event",
        business_name="Little Whitley Summer Fete",
        email="fete@littlewhitley.org.uk",
        addresses=(),
        headings=("About us", "On the day", "Contact"),
        phones=(),
        text="""hello! this is for the little whitley summer fete, on saturday 17 july 2027 on the
village green. all money raised goes to the village hall roof.

on the day
- 11am dog show
- 12pm bake off judging
- 2pm tug of war
- 4pm raffle draw

stalls are free for villagers, just email fete@littlewhitley.org.uk
""",
    ),
    Brief(
        id="the-daily-grind",
        format="pdf",
        prompt="website for our café",
        site_type="restaurant",
        business_name="The Daily Grind",
        directives=("exclude:stock_photos",),
        email="hello@dailygrindcafe.ie",
        addresses=("14 Main Street, Kinsale, P17 WK20",),
        headings=("About us", "Menu", "Opening hours", "Contact"),
        phones=("+353214555018",),
        must_not_publish=("Please no stock photos of latte art.",),
        blocks=(
            "# The Daily Grind",
            "Speciality coffee and all-day brunch on Kinsale's Main Street. Everything is made "
            "in our own kitchen.",
            "Please no stock photos of latte art.",
            "## Menu",
            "- Flat white €3.60",
            "- Full Irish breakfast €13.50",
            "- Smashed avocado on sourdough €11",
            "## Opening hours",
            "Monday to Saturday 8am to 5pm, Sunday 9am to 4pm",
            "## Contact",
            "14 Main Street, Kinsale, P17 WK20",
            "021 455 5018",
            "hello@dailygrindcafe.ie",
        ),
    ),
    Brief(
        id="mindful-path-therapy",
        format="md",
        prompt="A website for my counselling practice with a consultation request form",
        site_type="health_clinic",
        business_name="Mindful Path Counseling",
        email="dana@mindfulpathcounseling.com",
        addresses=("2211 NE Broadway, Suite 4, Portland, OR 97232",),
        headings=("About us", "How I can help", "Fees", "Questions", "Contact"),
        phones=("+15035550158",),
        directives=("form:consultation",),
        text="""# Mindful Path Counseling

I'm Dana Whitfield, LCSW, a licensed therapist in Portland helping adults with anxiety,
burnout and life transitions. Sessions in person or by video.

## How I can help

- Individual therapy for anxiety and depression
- Burnout and work stress
- Grief and life transitions

## Fees

- Initial consultation — free, 15 minutes
- 50-minute session — $140

## Questions

Do you take insurance? I am in network with Aetna and Regence; for other plans I provide a
superbill.

Do you offer evening sessions? Yes, on Tuesdays and Thursdays until 8pm.

## Contact

2211 NE Broadway, Suite 4, Portland, OR 97232
(503) 555-0158 · dana@mindfulpathcounseling.com
""",
    ),
    Brief(
        id="les-petits-potiers",
        format="html",
        prompt="un site pour nos ateliers de poterie pour enfants",
        site_type="education",
        business_name="Les Petits Potiers",
        email="atelier@lespetitspotiers.fr",
        language="fr",
        addresses=("5 rue de la Charité, 69002 Lyon",),
        headings=("À propos", "Les cours", "Tarifs", "Contact"),
        phones=("+33478555016",),
        text="""<html lang="fr"><body>
<h1>Les Petits Potiers</h1>
<p>Des ateliers de poterie pour les enfants de 6 à 12 ans, au cœur de Lyon. Les enfants
modèlent, émaillent et repartent avec leurs pièces cuites.</p>
<h2>Les cours</h2>
<ul>
<li>Mercredi 14h - 15h30 : atelier découverte</li>
<li>Samedi 10h - 11h30 : atelier tournage</li>
</ul>
<h2>Tarifs</h2>
<ul><li>Séance : 22 €</li><li>Trimestre : 210 €</li></ul>
<p>5 rue de la Charité, 69002 Lyon — 04 78 55 50 16 — atelier@lespetitspotiers.fr</p>
</body></html>
""",
    ),
    Brief(
        id="taskflow",
        format="pdf",
        prompt="landing page for Taskflow. Drop the Enterprise plan and take waitlist sign-ups "
        "instead.",
        site_type="product",
        business_name="Taskflow",
        email="hello@taskflow.dev",
        addresses=(),
        headings=("About us", "Features", "Pricing", "Contact"),
        phones=(),
        directives=("replace:enterprise plan -> waitlist", "form:waitlist"),
        blocks=(
            "# Taskflow",
            "Project management for small agencies: tasks, time tracking and client approvals "
            "in one place. Set up in ten minutes.",
            "## Features",
            "- Kanban boards and timelines",
            "- Time tracking with invoices",
            "- Client approval links",
            "## Pricing",
            "- Starter - $12/month - 3 projects, 2 users",
            "- Team - $29/month - unlimited projects, 10 users",
            "- Enterprise - $99/month - SSO, audit log, priority support",
            "hello@taskflow.dev",
        ),
    ),
    Brief(
        id="grans-jam-kitchen",
        format="txt",
        prompt="a little online shop for my jams",
        site_type="shop",
        business_name="Gran's Jam Kitchen",
        email="gran@gransjamkitchen.co.uk",
        addresses=(),
        headings=("About us", "Jams", "Contact"),
        phones=(),
        text="""gran's jam kitchen

all my jams are made in small batches in my kitchen in shropshire, with fruit from local
farms. no pectin, just fruit and sugar.

jams
- strawberry and vanilla £5.50
- damson £5.50
- seville orange marmalade £6

postage is £3.95 for up to three jars. email gran@gransjamkitchen.co.uk to order
""",
    ),
    Brief(
        id="st-josephs-parish",
        format="docx",
        prompt="website for our parish",
        site_type="community_group",
        business_name="St Joseph's Parish",
        email="office@stjosephsparish.org",
        addresses=("120 Elm Street, Worcester, MA 01609",),
        headings=("About us", "Mass times", "Parish groups", "Contact"),
        phones=("+15085550123",),
        blocks=(
            "# St Joseph's Parish",
            "A welcoming Catholic parish in Worcester since 1893. Visitors and newcomers are "
            "always welcome at Mass.",
            "## Mass times",
            "- Saturday 5pm: Vigil Mass",
            "- Sunday 8am: Mass",
            "- Sunday 10.30am: Family Mass with choir",
            "## Parish groups",
            "- Youth group",
            "- St Vincent de Paul food pantry",
            "- Bible study",
            "## Contact",
            "Parish office: (508) 555-0123",
            "office@stjosephsparish.org",
            "120 Elm Street, Worcester, MA 01609",
        ),
    ),
    Brief(
        id="kyoto-ramen-bar",
        format="md",
        prompt="Website for my ramen bar",
        site_type="restaurant",
        business_name="Kyoto Ramen Bar",
        email="slurp@kyotoramenbar.co.uk",
        addresses=("22 Brewer Street, London W1F 0SH",),
        headings=("Menu", "Opening hours", "Contact"),
        phones=("+442079460958",),
        text="""# Kyoto Ramen Bar

Tonkotsu broth simmered for eighteen hours, noodles made every morning.

## Menu

- Tonkotsu ramen — £14
- Spicy miso ramen — £14.50
- Gyoza (5) — £6
- Matcha ice cream — £4.50

## Opening hours

Tuesday to Sunday, 12pm to 10pm. Closed Mondays.

## Contact

22 Brewer Street, London W1F 0SH
020 7946 0958
slurp@kyotoramenbar.co.uk
""",
    ),
    Brief(
        id="elektro-mueller",
        format="txt",
        prompt="Website für meinen Elektrobetrieb, der Notdienst soll gut sichtbar sein",
        site_type="local_services",
        business_name="Elektro Müller",
        email="info@elektro-mueller-koeln.de",
        language="de",
        addresses=("Venloer Straße 210, 50823 Köln",),
        headings=("Über uns", "Leistungen", "Kontakt"),
        phones=("+4922155501", "+491715550199"),
        directives=("emphasis:emergency_phone",),
        text="""ELEKTRO MÜLLER

Ihr Elektromeister in Köln-Ehrenfeld seit 1988. Wir sind ein Familienbetrieb mit sechs
Gesellen.

Leistungen
- Elektroinstallation in Alt- und Neubau
- E-Check und Sicherheitsprüfung
- Wallboxen für Elektroautos

Büro: 0221 55501
24h Notdienst: 0171 5550199
info@elektro-mueller-koeln.de
Venloer Straße 210, 50823 Köln
""",
    ),
    Brief(
        id="rosewood-photography",
        format="pdf",
        prompt="wedding photography portfolio site",
        site_type="portfolio",
        business_name="Rosewood Photography",
        email="hello@rosewoodphoto.com",
        addresses=(),
        headings=("About us", "Packages", "Kind words", "Contact"),
        phones=("+16155550181",),
        blocks=(
            "# Rosewood Photography",
            "Natural, unposed wedding photography in Nashville and across Tennessee. I'm "
            "Emily, and I have photographed more than 200 weddings since 2015.",
            "## Packages",
            "- Elopement (2 hours) - $1,200",
            "- Classic (8 hours) - $3,400",
            "- Full day with second shooter - $4,800",
            "## Kind words",
            '- "Emily caught every moment we didn\'t know was happening." - Jess and Marco',
            '- "Calm, kind and so talented." - Aisha R.',
            "## Contact",
            "hello@rosewoodphoto.com - (615) 555-0181",
        ),
    ),
    Brief(
        id="harvest-supper-club",
        format="html",
        prompt="website for our supper club, with the dates on a page of their own",
        site_type="event",
        business_name="Harvest Supper Club",
        email="seats@harvestsupperclub.com",
        addresses=(),
        headings=("About us", "How it works", "Contact", "Upcoming suppers"),
        phones=(),
        directives=("page:events",),
        text="""<html><body>
<h1>Harvest Supper Club</h1>
<p>Seasonal five-course dinners at one long table in a converted barn outside Asheville.
Bring your own wine.</p>
<h2>Upcoming suppers</h2>
<ul>
<li>Saturday 13 March 2027, 7pm: Early spring greens</li>
<li>Saturday 10 April 2027, 7pm: Ramps and morels</li>
<li>Saturday 8 May 2027, 7pm: Strawberry moon</li>
</ul>
<h2>How it works</h2>
<p>Seats are $95 per person. Tickets sell out fast, so join the mailing list.</p>
<p>seats@harvestsupperclub.com</p>
</body></html>
""",
    ),
    Brief(
        id="pet-sitting-by-jo",
        format="html",
        prompt="website for my pet sitting business",
        site_type="local_services",
        business_name="Pet Sitting by Jo",
        email="jo@petsittingbyjo.co.uk",
        addresses=(),
        headings=("About us", "Services", "Contact"),
        phones=("+447700900456",),
        text="""<html><body>
<h1>Pet Sitting by Jo</h1>
<p>Dog walking and home visits for cats and small pets in south Manchester. Fully insured
and DBS checked.</p>
<h2>Services</h2>
<ul>
<li>Dog walk (1 hour) — £14</li>
<li>Cat visit (30 minutes) — £12</li>
<li>Overnight house sitting — £45</li>
</ul>
<p>Text or call 07700 900456 · jo@petsittingbyjo.co.uk</p>
</body></html>
""",
    ),
    Brief(
        id="city-chess-club",
        format="pdf",
        prompt="site for the chess club",
        site_type="community_group",
        business_name="Riverside Chess Club",
        email="secretary@riversidechess.org.uk",
        addresses=(),
        headings=("About us", "Club nights", "Tournaments", "Contact"),
        phones=(),
        blocks=(
            "# Riverside Chess Club",
            "A friendly chess club in Reading for players of every strength. We meet at the "
            "Central Library and play in the Berkshire league.",
            "## Club nights",
            "- Tuesday 7pm - 10pm: league matches and casual games",
            "- Friday 6pm - 7.30pm: juniors",
            "## Tournaments",
            "- Saturday 20 March 2027: Spring Rapidplay",
            "- Sunday 19 September 2027: Reading Open",
            "secretary@riversidechess.org.uk",
        ),
    ),
    Brief(
        id="carnets-de-route",
        format="txt",
        prompt="un blog pour mes récits de voyage",
        site_type="blog",
        business_name="Carnets de route",
        email="ecrire@carnetsderoute.fr",
        language="fr",
        addresses=(),
        headings=("À propos", "Derniers articles", "Contact"),
        phones=(),
        text="""Carnets de route

Récits de voyages lents par Camille Roux : trains de nuit, villages oubliés et cuisines
de grand-mère. Un nouvel article chaque mois.

Derniers articles
- Le train de nuit Paris-Briançon
- Trois jours à Porto sans voiture
- Ce que j'ai mangé en Géorgie

Pour m'écrire : ecrire@carnetsderoute.fr
""",
    ),
    Brief(
        id="academia-idiomas-sol",
        format="docx",
        prompt="página web para nuestra academia de idiomas",
        site_type="education",
        business_name="Academia de Idiomas Sol",
        email="info@idiomassol.es",
        language="es",
        addresses=("Avenida de la Constitución 14, 29016 Málaga",),
        headings=("Quiénes somos", "Cursos", "Precios", "Contacto"),
        phones=("+34952555014",),
        must_not_publish=("Por favor, incluid un formulario de inscripción.",),
        directives=("form:registration",),
        blocks=(
            "# Academia de Idiomas Sol",
            "Clases de inglés, alemán y español para extranjeros en el centro de Málaga. "
            "Grupos reducidos de ocho alumnos como máximo.",
            "Por favor, incluid un formulario de inscripción.",
            "## Cursos",
            "- Inglés general (todos los niveles)",
            "- Preparación de exámenes Cambridge",
            "- Español para extranjeros",
            "## Precios",
            "- Curso trimestral: 240 €",
            "- Clases particulares: 30 € la hora",
            "## Contacto",
            "Teléfono: 952 55 50 14",
            "info@idiomassol.es",
            "Avenida de la Constitución 14, 29016 Málaga",
        ),
    ),
    Brief(
        id="gestoria-lopez",
        format="md",
        prompt="web para nuestra gestoría",
        site_type="professional_firm",
        business_name="Gestoría López",
        directives=("exclude:stock_photos",),
        email="consultas@gestorialopez.es",
        language="es",
        addresses=("Calle Colón 8, 46004 Valencia",),
        headings=("Quiénes somos", "Servicios", "Contacto"),
        phones=("+34963555120",),
        must_not_publish=("No queremos fotos de stock de gente dándose la mano.",),
        text="""# Gestoría López

Asesoría fiscal, laboral y contable para autónomos y pymes en Valencia desde 1991. Somos un
equipo de seis asesores.

No queremos fotos de stock de gente dándose la mano.

## Servicios

- Declaración de la renta
- Nóminas y seguros sociales
- Contabilidad para autónomos

## Contacto

Calle Colón 8, 46004 Valencia
Tel. 963 55 51 20
consultas@gestorialopez.es
""",
    ),
    Brief(
        id="sarah-chen-illustration",
        format="html",
        prompt="portfolio site for my illustration work. No testimonials please.",
        site_type="portfolio",
        business_name="Sarah Chen Illustration",
        email="studio@sarahchen.art",
        addresses=(),
        headings=("About us", "Selected projects", "Clients", "Contact"),
        phones=(),
        directives=("exclude:testimonials",),
        text="""<html><body>
<h1>Sarah Chen Illustration</h1>
<p>Editorial and picture-book illustration from a small studio in Toronto. Ink, gouache
and a lot of cats.</p>
<h2>Selected projects</h2>
<ul><li>The Lighthouse Cat, a picture book for Owlkids</li>
<li>Monthly illustrations for The Walrus</li>
<li>Murals for the Toronto Public Library</li></ul>
<h2>Clients</h2>
<p>Penguin Random House, The Globe and Mail, Owlkids, Shopify.</p>
<h2>Testimonials</h2>
<ul><li>"A joy to work with." — an editor</li></ul>
<p>studio@sarahchen.art</p>
</body></html>
""",
    ),
    Brief(
        id="food-for-thought-foundation",
        format="docx",
        prompt="Website for our scholarship charity. People should be able to pledge a donation.",
        site_type="nonprofit",
        business_name="Food for Thought Foundation",
        email="give@foodforthought.org",
        addresses=("PO Box 4471, Oakland, CA 94610",),
        headings=("About us", "What we fund", "Contact"),
        phones=("+15105550132",),
        directives=("form:donation",),
        blocks=(
            "# Food for Thought Foundation",
            "We give scholarships to first-generation college students who want to become "
            "chefs, nutritionists and food scientists. Since 2010 we have funded 312 students.",
            "## What we fund",
            "- Tuition grants of up to $5,000 a year",
            "- Knife kits and uniforms for culinary students",
            "- Mentoring from working chefs",
            "## Contact",
            "give@foodforthought.org",
            "(510) 555-0132",
            "PO Box 4471, Oakland, CA 94610",
        ),
    ),
    Brief(
        id="marcos-bike-repair",
        format="md",
        prompt="Website for my bike repair shop in navy and orange",
        site_type="local_services",
        business_name="Marco's Bike Repair",
        email="fix@marcosbikes.ie",
        addresses=("3 Camden Row, Dublin 8, D08 X2P1",),
        headings=("About us", "Repairs", "Opening hours", "Contact"),
        phones=("+35315550177",),
        directives=("colours:navy,orange",),
        text="""# Marco's Bike Repair

Same-day repairs for commuters, road bikes and e-bikes in Dublin 8. Drop your bike off on
the way to work and pick it up on the way home.

## Repairs

- Puncture repair — €15
- Full service — €75
- E-bike diagnostics — €40

## Opening hours

Mon–Fri 8am–6pm, Sat 10am–4pm

## Contact

3 Camden Row, Dublin 8, D08 X2P1
01 555 0177 · fix@marcosbikes.ie
""",
    ),
    Brief(
        id="greenway-dental",
        format="html",
        prompt="site for our two dental practices, with the team on a page of its own",
        site_type="health_clinic",
        business_name="Greenway Dental",
        email="care@greenwaydental.com",
        addresses=(
            "310 Main Street, Boulder, CO 80302",
            "1450 Pearl Parkway, Longmont, CO 80501",
        ),
        headings=("About us", "Treatments", "Our locations", "Our team"),
        phones=("+13035550110", "+13035550120"),
        directives=("page:team",),
        text="""<html><body>
<h1>Greenway Dental</h1>
<p>Family and cosmetic dentistry in Boulder and Longmont. Early and late appointments for
busy families.</p>
<h2>Treatments</h2>
<ul><li>Check-ups and hygiene</li><li>Crowns and bridges</li><li>Clear aligners</li></ul>
<h2>Our team</h2>
<ul><li>Dr. Maya Patel, DDS — Lead dentist</li>
<li>Dr. Luis Ortega, DMD — Cosmetic dentistry</li>
<li>Karen Walsh, RDH — Hygienist</li></ul>
<h2>Our locations</h2>
<p>Boulder: 310 Main Street, Boulder, CO 80302 · (303) 555-0110</p>
<p>Longmont: 1450 Pearl Parkway, Longmont, CO 80501 · (303) 555-0120</p>
<p>care@greenwaydental.com</p>
</body></html>
""",
    ),
    # Written after the readers were settled, to measure them on briefs they were not
    # fixed for (94 of 96 fields right at first reading; the two misses were fixed).
    Brief(
        id="oakridge-family-dental",
        format="md",
        prompt="website for our dental office, we want an appointment request form",
        site_type="health_clinic",
        business_name="Oakridge Family Dental",
        email="smiles@oakridgedental.com",
        addresses=("890 Oak Ridge Turnpike, Oak Ridge, TN 37830",),
        headings=("About us", "Services", "Office hours", "Contact"),
        phones=("+18655550147",),
        directives=("form:booking",),
        text="""# Oakridge Family Dental

Gentle care for the whole family in Oak Ridge, Tennessee. Dr. Mark Ellis has practised here
for over twenty years.

## Services

- Cleanings and exams
- Fillings, crowns and bridges
- Children's dentistry

## Office hours

Monday–Thursday 7:30am–5pm, Friday 7:30am–12pm

## Contact

890 Oak Ridge Turnpike, Oak Ridge, TN 37830 · (865) 555-0147 · smiles@oakridgedental.com
""",
    ),
    Brief(
        id="la-petite-creperie",
        format="txt",
        prompt="site pour ma crêperie",
        site_type="restaurant",
        business_name="La Petite Crêperie",
        email="bonjour@lapetitecreperie.fr",
        language="fr",
        addresses=("12 rue Saint-Michel, 35000 Rennes",),
        headings=("À propos", "La carte", "Horaires", "Contact"),
        phones=("+33299555012",),
        text="""LA PETITE CRÊPERIE

Galettes de sarrasin et crêpes au beurre salé, à deux pas de la place Sainte-Anne. Farine
bio du moulin de la Fatigue.

La carte
- Galette complète : 9,50 €
- Galette andouille : 11 €
- Crêpe caramel beurre salé : 5 €

Horaires : du mercredi au dimanche, 12h - 14h30 et 19h - 22h

12 rue Saint-Michel, 35000 Rennes
02 99 55 50 12 - bonjour@lapetitecreperie.fr
""",
    ),
    Brief(
        id="summit-tax-advisors",
        format="docx",
        prompt="Website for our tax advisory firm",
        site_type="professional_firm",
        business_name="Summit Tax Advisors",
        email="advice@summittax.com",
        addresses=("55 Market Street, Suite 900, Denver, CO 80202",),
        headings=("About us", "What we do", "Our team", "Contact"),
        phones=("+13035550190",),
        must_not_publish=("We would like the site to look serious and trustworthy.",),
        directives=(),
        blocks=(
            "# Summit Tax Advisors",
            "Tax planning and preparation for small businesses, freelancers and families in "
            "Colorado. We answer every email within one business day.",
            "We would like the site to look serious and trustworthy.",
            "## What we do",
            "- Business and personal tax returns",
            "- Quarterly estimated taxes",
            "- IRS audit support",
            "## Our team",
            "- Laura Kim, CPA - Founder",
            "- James O'Neill, EA - Senior tax advisor",
            "## Contact",
            "(303) 555-0190",
            "advice@summittax.com",
            "55 Market Street, Suite 900, Denver, CO 80202",
        ),
    ),
    Brief(
        id="wild-roots-florist",
        format="html",
        prompt="online shop for my flower studio",
        site_type="shop",
        business_name="Wild Roots Florist",
        email="hello@wildrootsflorist.co.uk",
        addresses=(),
        headings=("About us", "Bouquets", "Delivery", "Contact"),
        phones=("+441134960555",),
        text="""<html><body>
<h1>Wild Roots Florist</h1>
<p>Seasonal, British-grown flowers arranged in our studio in Chapel Allerton, Leeds. No
plastic, ever.</p>
<h2>Bouquets</h2>
<ul><li>Small seasonal bouquet — £35</li><li>Large seasonal bouquet — £55</li>
<li>Dried flower wreath — £45</li></ul>
<h2>Delivery</h2>
<p>Same-day delivery across Leeds for orders before 11am, £6.</p>
<p>Call 0113 496 0555 or email hello@wildrootsflorist.co.uk</p>
</body></html>
""",
    ),
    Brief(
        id="brass-band-society",
        format="pdf",
        prompt="website for our brass band",
        site_type="community_group",
        business_name="Millbrook Brass Band",
        email="secretary@millbrookbrass.org.uk",
        addresses=(),
        headings=("About us", "Rehearsals", "Concerts", "Contact"),
        phones=(),
        blocks=(
            "# Millbrook Brass Band",
            "A community brass band founded in 1902. We welcome players of every standard and "
            "can lend instruments to beginners.",
            "## Rehearsals",
            "- Monday 7.30pm - 9.30pm: full band",
            "- Wednesday 6.30pm - 7.30pm: learners",
            "## Concerts",
            "- Saturday 12 June 2027: Summer concert in the park",
            "- Sunday 12 December 2027: Christmas carols at St Luke's",
            "secretary@millbrookbrass.org.uk",
        ),
    ),
    Brief(
        id="escuela-surf-mar",
        format="md",
        prompt="web para nuestra escuela de surf, con reservas online",
        site_type="education",
        business_name="Escuela de Surf Mar Azul",
        email="hola@surfmarazul.es",
        language="es",
        addresses=("Paseo Marítimo 3, 39540 San Vicente de la Barquera",),
        headings=("Quiénes somos", "Cursos", "Precios", "Contacto"),
        phones=("+34942555018",),
        directives=("form:booking",),
        text="""# Escuela de Surf Mar Azul

Clases de surf para todas las edades en la playa de Merón desde 2008. Monitores titulados y
todo el material incluido.

## Cursos

- Bautismo de surf (2 horas)
- Curso de fin de semana
- Clases particulares

## Precios

- Bautismo: 35 €
- Fin de semana: 90 €
- Clase particular: 60 €

## Contacto

Paseo Marítimo 3, 39540 San Vicente de la Barquera
Tel. 942 55 50 18 · hola@surfmarazul.es
""",
    ),
    Brief(
        id="bloom-nail-studio",
        format="txt",
        prompt="website for my nail salon, please make the booking number stand out",
        site_type="beauty_wellness",
        business_name="Bloom Nail Studio",
        email="book@bloomnails.com",
        addresses=(),
        headings=("About us", "Menu", "Hours", "Contact"),
        phones=("+13125550166",),
        directives=("emphasis:booking_phone",),
        text="""Bloom Nail Studio

A cozy nail studio in Wicker Park, Chicago. Non-toxic polishes and spotless tools, always.

Menu
- Classic manicure $28
- Gel manicure $42
- Spa pedicure $55

Hours: Tue-Sat 10am-7pm, Sun 11am-5pm

Book at (312) 555-0166 or book@bloomnails.com
""",
    ),
    Brief(
        id="open-source-conf",
        format="html",
        prompt="website for our conference with the schedule on its own page",
        site_type="event",
        business_name="OpenFields Conference",
        email="hello@openfields.dev",
        addresses=(),
        headings=("About us", "Tickets", "Contact", "Schedule"),
        phones=(),
        directives=("page:events",),
        text="""<html><body>
<h1>OpenFields Conference</h1>
<p>Two days of talks about open data in agriculture, 8-9 October 2027 at the Corn Exchange,
Cambridge. Speakers from farms, universities and startups.</p>
<h2>Schedule</h2>
<ul><li>Friday 8 October 2027, 9:30: Opening keynote</li>
<li>Friday 8 October 2027, 14:00: Workshops</li>
<li>Saturday 9 October 2027, 10:00: Lightning talks</li></ul>
<h2>Tickets</h2>
<p>£120 standard, £40 for students and farmers.</p>
<p>hello@openfields.dev</p>
</body></html>
""",
    ),
    Brief(
        id="tierheim-sonnenhof",
        format="docx",
        prompt="Website für unser Tierheim",
        site_type="animal_shelter",
        business_name="Tierheim Sonnenhof",
        email="info@tierheim-sonnenhof.de",
        language="de",
        addresses=("Feldweg 3, 04159 Leipzig",),
        headings=("Über uns", "So helfen Sie", "Öffnungszeiten", "Kontakt"),
        phones=("+493415550177",),
        blocks=(
            "# Tierheim Sonnenhof",
            "Wir vermitteln Hunde, Katzen und Kleintiere aus Leipzig und Umgebung. Jedes Tier "
            "wird tierärztlich untersucht und geimpft.",
            "## So helfen Sie",
            "- Ein Tier adoptieren",
            "- Gassigehen am Wochenende",
            "- Futter- und Geldspenden",
            "## Öffnungszeiten",
            "Dienstag bis Samstag 14 bis 17 Uhr",
            "## Kontakt",
            "Feldweg 3, 04159 Leipzig",
            "Telefon 0341 5550177",
            "info@tierheim-sonnenhof.de",
        ),
    ),
    Brief(
        id="pixel-perfect-app",
        format="md",
        prompt="landing page for our photo editing app, in purple and white",
        site_type="product",
        business_name="Pixelry",
        email="team@pixelry.app",
        addresses=(),
        headings=("Features", "Pricing", "Contact"),
        phones=(),
        directives=("colours:purple,white",),
        text="""# Pixelry

One-tap photo fixes for small shops: clean backgrounds, even light, ready for your listing.

## Features

- Background removal in one tap
- Batch editing for 100 photos
- Export sizes for Etsy, eBay and Shopify

## Pricing

- Free — $0 — 10 photos a month
- Pro — $9/month — unlimited photos

team@pixelry.app
""",
    ),
    Brief(
        id="handyman-hal",
        format="txt",
        prompt="simple site for my handyman business",
        site_type="local_services",
        business_name="Handyman Hal",
        email="hal@handymanhal.com",
        addresses=(),
        headings=("About us", "Jobs I do", "Contact"),
        phones=("+15415550133",),
        text="""handyman hal

hi, i'm hal. i've been fixing things around bend, oregon for 15 years. no job too small,
fair prices, and i show up when i say i will.

jobs i do
- drywall and painting
- fence and deck repair
- furniture assembly
- leaky faucets

call or text (541) 555-0133, email hal@handymanhal.com
""",
    ),
    Brief(
        id="lumen-yoga-retreats",
        format="pdf",
        prompt="site for our yoga retreats",
        site_type="beauty_wellness",
        business_name="Lumen Retreats",
        email="stay@lumenretreats.pt",
        addresses=(),
        headings=("About us", "Upcoming retreats", "What's included", "Contact"),
        phones=("+351282555019",),
        blocks=(
            "# Lumen Retreats",
            "Week-long yoga and surf retreats in a restored farmhouse near Aljezur, on "
            "Portugal's west coast. Twelve guests at most.",
            "## Upcoming retreats",
            "- Saturday 15 May 2027: Spring reset week",
            "- Saturday 18 September 2027: Autumn surf and yoga",
            "## What's included",
            "- Two yoga classes a day",
            "- Vegetarian meals",
            "- Surf lessons and boards",
            "stay@lumenretreats.pt - +351 282 555 019",
        ),
    ),
]
