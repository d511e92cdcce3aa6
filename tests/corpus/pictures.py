"""Briefs with pictures in them, as people send them: photos dropped into a Word file
between the paragraphs, a shop's page saved as HTML with its images inline, a café's
flyer as a PDF. Each photo carries a camera's metadata (make, serial, GPS), none of which
may reach the site."""

from __future__ import annotations

from .briefs import Brief

PICTURES: list[Brief] = [
    Brief(
        id="lucia-fotografia",
        format="docx",
        prompt="Quiero una web sencilla para mi trabajo de fotógrafa, que se vean bien las fotos",
        site_type="portfolio",
        business_name="Lucía Ferrer Fotografía",
        email="hola@luciaferrer.es",
        language="es",
        phones=("+34612345678",),
        headings=("Sobre mí", "Trabajos recientes", "Tarifas", "Contacto"),
        photos=("retrato", "boda", "familia", "anillos", "estudio"),
        blocks=(
            "# Lucía Ferrer Fotografía",
            "![Retrato con luz de tarde en la playa de Sitges](retrato)",
            "Fotografía de bodas, retratos y familias en Barcelona y la costa del Garraf. "
            "Luz natural y nada de poses forzadas.",
            "## Sobre mí",
            "Llevo doce años fotografiando a gente que no quiere parecer posada. Trabajo sola, "
            "con una cámara y dos objetivos, y entrego las fotos editadas en tres semanas.",
            "![Lucía en su estudio de Gràcia](estudio)",
            "## Trabajos recientes",
            "![Boda en la Masia Can Riera](boda)",
            "![Familia Puig en el parque de la Ciutadella](familia)",
            "![Detalle de los anillos](anillos)",
            "## Tarifas",
            "- Boda completa: 1.800 €",
            "- Sesión de retrato (1 hora): 250 €",
            "- Sesión de familia: 320 €",
            "## Contacto",
            "Escríbeme a hola@luciaferrer.es o llámame al 612 345 678.",
        ),
    ),
    Brief(
        id="fern-and-flax",
        format="html",
        prompt="An online home for our little craft shop. Show the things we make!",
        site_type="shop",
        business_name="Fern & Flax",
        email="hello@fernandflax.co.uk",
        phones=("+441316008822",),
        addresses=("14 Stockbridge Row, Edinburgh EH3 6ST",),
        headings=("Our shop", "What we make", "Visit us"),
        photos=("shopfront", "mugs", "throws", "cards"),
        text="""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fern &amp; Flax</title></head>
<body>
<h1>Fern &amp; Flax</h1>
<p>Handmade homewares from a tiny workshop in Stockbridge.</p>
<h2>Our shop</h2>
<p>Two of us, one kiln and a loom. Everything is made in the back room and sold in the front.</p>
<p><img src="photo:shopfront" alt="The shop front on Stockbridge Row, painted green"></p>
<h2>What we make</h2>
<ul>
<li>Stoneware mugs, glazed in sea green - £24</li>
<li>Woven linen throws - £85</li>
<li>Letterpress cards, set of six - £12</li>
</ul>
<p><img src="photo:mugs" alt="Sea-green stoneware mugs on a shelf">
<img src="photo:throws" alt="Linen throws folded on a chair">
<img src="photo:cards" alt="Letterpress cards fanned out"></p>
<h2>Visit us</h2>
<p>14 Stockbridge Row, Edinburgh EH3 6ST. Open Thursday to Sunday, 11am to 5pm.</p>
<p>0131 600 8822 · hello@fernandflax.co.uk</p>
</body></html>
""",
    ),
    Brief(
        id="cafe-des-quais",
        format="pdf",
        prompt="Un site pour notre café, simple et chaleureux",
        site_type="restaurant",
        business_name="Café des Quais",
        email="bonjour@cafedesquais.fr",
        language="fr",
        phones=("+33472001234",),
        addresses=("8 quai Saint-Vincent, 69001 Lyon",),
        headings=("Notre café", "La carte", "Nous trouver"),
        photos=("terrasse",),
        blocks=(
            "# Café des Quais",
            "## Notre café",
            "Un petit café au bord de la Saône, ouvert depuis 1998. Café torréfié à Lyon, "
            "pâtisseries du matin et une terrasse au soleil.",
            "![La terrasse au bord de la Saône](terrasse)",
            "## La carte",
            "- Espresso - 2,20 euros",
            "- Café crème - 3,50 euros",
            "- Croissant au beurre - 1,60 euros",
            "- Tarte aux pralines - 4,80 euros",
            "## Nous trouver",
            "8 quai Saint-Vincent, 69001 Lyon",
            "Téléphone : 04 72 00 12 34 - bonjour@cafedesquais.fr",
        ),
    ),
]
