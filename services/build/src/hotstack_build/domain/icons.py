"""An icon for each service a site lists, from Lucide (ISC licence, bundled under `icons/`).

A service is matched by what it is, in English, Spanish, French or German: the first
concept whose words appear in its name (then its description) gives its icon; a service
that matches none gets the neutral check mark, so a list of cards stays even. Icons are
inline SVG in the page (no request, no script), hidden from screen readers: the service's
name says what it is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files as package_files

DEFAULT = "circle-check"
LICENCE_PATH = "icons/LICENSE.txt"
"""Where a site that shows icons carries Lucide's licence."""

# (icon, word stems that mean it): stems match the start of a word, accents and case aside.
# Order matters: the more specific concepts come first ("dog grooming" is a paw, not a cut).
_CONCEPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("syringe", ("vaccin", "injection", "inyecci", "impf", "jab", "booster")),
    ("paw-print", ("pet ", "pets", "dog", "cat ", "cats", "puppy", "kitten", "perro", "gato",
                   "mascota", "chien", "chat ", "chats", "chiot", "hund ", "hunde", "katze",
                   "adopt", "foster", "grooming", "vet ", "vets", "veterin")),
    ("smile", ("dental", "dentist", "teeth", "tooth", "dent", "zahn", "ortodon", "orthodon")),
    ("eye", ("eye", "optic", "vision", "ojo", "oeil", "yeux", "auge", "lash", "pestaña", "cils",
             "brows", "eyebrow", "ceja", "sourcil")),
    ("person-standing", ("yoga", "pilates", "stretch", "meditat", "breath", "respira")),
    ("dumbbell", ("fitness", "gym", "personal train", "entrena", "strength", "workout",
                  "bootcamp", "crossfit")),
    ("heart-pulse", ("cardio", "heart", "health check", "check-up", "checkup", "chequeo",
                     "bilan", "blood", "sangre", "sang")),
    ("activity", ("physio", "fisio", "kine", "rehab", "sport", "injur", "lesion", "blessure",
                  "osteo", "chiro")),
    ("stethoscope", ("surgery", "cirug", "chirurg", "x-ray", "rayos", "radiolog", "doctor",
                     "medic", "gp ", "clinic", "nurse", "nursing", "enferm", "infirm", "arzt")),
    ("scissors", ("hair", "cut", "haircut", "corte", "pelo", "pelu", "coiff", "coupe", "friseur",
                  "haar", "barber", "barb", "trim", "fade", "colour", "color", "balayage")),
    ("hand", ("nail", "manicure", "manicura", "uña", "ongle", "nagel", "pedicur")),
    ("flower-2", ("massage", "masaje", "spa ", "facial", "soin", "skin", "piel", "peau", "wax",
                  "depila", "epila", "beauty", "belleza", "beaute", "aromather", "reflex")),
    ("zap", ("electric", "electri", "wiring", "rewir", "cablead", "fuse", "elektr", "lighting",
             "ev charg", "solar", "panel")),
    ("droplet", ("plumb", "fontan", "plomb", "leak", "fuga", "fuite", "drain", "water",
                 "agua", "eau", "wasser", "sanit")),
    ("flame", ("boiler", "heating", "calefac", "chauff", "heizung", "gas", "caldera")),
    ("paint-roller", ("paint", "decorat", "pintur", "peintur", "maler", "wallpaper")),
    ("house", ("roof", "tejad", "toit", "dach", "renovat", "reform", "extension", "loft",
               "kitchen", "cocina", "cuisine", "bathroom", "baño", "bain", "home", "house",
               "casa", "maison")),
    ("hammer", ("carpent", "joiner", "carpinter", "menuis", "build", "construc", "repair",
                "repar", "handyman", "install", "fitting", "montaj")),
    ("leaf", ("garden", "jardin", "garten", "landscap", "lawn", "cesped", "hedge", "tree",
              "arbol", "arbre", "plant")),
    ("spray-can", ("clean", "limpie", "nettoy", "reinig", "valet", "pressure wash")),
    ("car", ("car ", "auto", "vehic", "mot ", "mechanic", "mecanic", "garage", "taller", "taxi",
             "driving", "conduc")),
    ("truck", ("deliver", "entrega", "livraison", "liefer", "shipping", "envio", "removal",
               "mudanz", "demenag", "courier")),
    ("gavel", ("litigat", "dispute", "court", "tribunal", "litigio", "contentieux", "criminal",
               "penal", "defen")),
    ("users", ("family", "familia", "famille", "famili", "divorc", "child", "custod", "mediat")),
    ("building-2", ("property", "real estate", "inmobil", "immobil", "conveyanc", "commercial",
                    "lease", "arrend", "landlord")),
    ("briefcase", ("employ", "laboral", "travail", "arbeit", "corporate", "business", "empresa",
                   "entreprise", "unternehm", "compan", "startup", "commercial")),
    ("file-text", ("contract", "contrat", "vertrag", "wills", "testament", "probate", "document",
                   "notar", "licen", "permit")),
    ("globe", ("immigra", "visa", "extranjer", "etranger", "international", "translat",
               "traduc")),
    ("calculator", ("tax", "impuest", "impot", "steuer", "account", "contab", "comptab",
                    "bookkeep", "payroll", "nomina", "audit", "vat", "iva", "tva", "math")),
    ("receipt", ("invoice", "factur", "rechnung", "expense", "gasto")),
    ("lightbulb", ("consult", "strategy", "estrateg", "strateg", "advice", "asesor", "conseil",
                   "beratung", "coaching", "mentor")),
    ("monitor", ("web", "website", "software", "app ", "digital", "seo", "it support",
                 "computer", "ordenador", "ordinateur")),
    ("pen-tool", ("design", "diseñ", "logo", "brand", "marca", "illustrat", "graphic")),
    ("camera", ("photo", "foto", "portrait", "retrat", "headshot", "wedding photo")),
    ("video", ("video", "film", "vidéo")),
    ("music", ("music", "musica", "musique", "musik", "piano", "guitar", "singing", "canto",
               "chant", "choir", "coro", "chorale", "dj")),
    ("languages", ("language", "idioma", "langue", "sprach", "english", "spanish", "french",
                   "ingles", "anglais", "espanol")),
    ("flask-conical", ("science", "ciencia", "chemi", "quimic", "biolog", "physic", "laborator")),
    ("graduation-cap", ("tutor", "clase", "cours", "lesson", "exam", "sat ", "gcse",
                        "a-level", "revision", "university", "school", "escuela",
                        "ecole", "course", "curso", "workshop", "taller", "atelier")),
    ("book-open", ("reading", "lectur", "english", "writing", "escritura", "ecriture", "book",
                   "libro", "livre", "homework", "deberes", "devoirs")),
    ("chef-hat", ("cater", "chef", "cook", "cocin", "cuisin", "menu", "banquet")),
    ("cake-slice", ("cake", "tarta", "pastel", "gateau", "patiss", "baker", "panader",
                    "boulang", "bäck", "dessert")),
    ("coffee", ("coffee", "cafe", "kaffee", "brunch", "breakfast", "desayun")),
    ("party-popper", ("party", "fiesta", "fete", "celebrat", "birthday", "cumple",
                      "anniversaire", "wedding", "boda", "mariage", "hochzeit", "event",
                      "evento", "evenement")),
    ("baby", ("baby", "bebe", "nursery", "guarder", "creche", "childcare", "nanny", "kita")),
    ("bed", ("room", "habitac", "chambre", "zimmer", "stay", "night", "noche", "nuit",
             "accommodat", "aloja", "heberg", "b&b", "cottage")),
    ("map", ("tour", "guide", "guia", "excurs", "walk", "hike", "ruta", "randon", "travel",
             "viaje", "voyage", "reise")),
    ("shield-check", ("security", "segur", "securit", "sicher", "alarm", "cctv", "insur",
                      "protect")),
    ("hand-heart", ("donat", "donac", "don ", "spend", "fundrais", "sponsor", "charity",
                    "caridad")),
    ("hand-helping", ("volunt", "benevol", "ehrenamt", "support", "apoyo", "soutien",
                      "outreach", "care", "cuidad", "soin")),
    ("phone", ("call", "phone", "telef", "hotline", "helpline", "emergenc", "urgenc",
               "out of hours")),
)  # fmt: skip


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PATTERNS = tuple(
    (icon, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(_fold(s)) for s in stems) + ")"))
    for icon, stems in _CONCEPTS
)


def icon_name(name: str, description: str = "") -> str:
    """The Lucide icon for a service: by its name first, then by its description."""
    for text in (name, description):
        folded = _fold(text) + " "
        for icon, pattern in _PATTERNS:
            if pattern.search(folded):
                return icon
    return DEFAULT


@cache
def icon_svg(icon: str) -> str:
    """The icon as inline SVG: sized by the stylesheet, hidden from screen readers."""
    source = (package_files("hotstack_build") / "icons" / f"{icon}.svg").read_text()
    body = source[source.index("<svg") :]
    body = re.sub(r"<svg[^>]*>", "", body, count=1).replace("</svg>", "")
    shapes = " ".join(line.strip() for line in body.splitlines() if line.strip())
    return (
        '<svg class="icon" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
        f'aria-hidden="true" focusable="false">{shapes}</svg>'
    )


def bundled() -> list[str]:
    """Every icon the table can choose (each must be bundled)."""
    return sorted({icon for icon, _ in _CONCEPTS} | {DEFAULT})


@cache
def licence() -> bytes:
    """Lucide's licence, shipped with every site that shows its icons."""
    return (package_files("hotstack_build") / "icons" / "LICENSE").read_bytes()
