"""Which kind of site a brief asks for: a weighted, whole-word, multilingual lexicon plus
the brief's structure (a priced list under "Menu" is food, named attorneys are a firm).

Terms are regular expressions matched as whole words on accent-folded, case-folded text,
so "app" never matches "appointments" and "cat" never matches "catering". Each archetype's
score adds up its terms' weights; the prompt counts three times over the brief (what comes
before "about/for/with" in it, eight times), and "not a café site" counts against nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from hotstack_contracts import SiteType

# term (regex, whole words) → weight. English, Spanish, French and German.
_LEXICON: dict[SiteType, dict[str, float]] = {
    SiteType.ANIMAL_SHELTER: {
        r"adopt(?:ion|ions|ing|ed|er|ers)?": 3, r"shelter": 3, r"rescues?": 2, r"rehom\w*": 3,
        r"pets?": 1, r"dogs?": 1, r"cats?": 1, r"pupp(?:y|ies)": 1, r"kittens?": 1,
        r"foster\w*": 1, r"sanctuary": 2, r"greyhounds?": 1, r"adopcion": 3, r"adoptar": 3,
        r"refugio": 2, r"protectora": 3, r"perros?": 1, r"gatos?": 1, r"refuge": 1,
        r"chiens?": 1, r"chats?": 1, r"tierheim": 4, r"hunde?": 1, r"katzen?": 1,
    },
    SiteType.RESTAURANT: {
        r"restaurants?": 3, r"cafes?": 3, r"coffee": 1, r"menus?": 2, r"dish(?:es)?": 1,
        r"chefs?": 1, r"bistro": 3, r"bakery": 3, r"bakers?": 2, r"bread": 1,
        r"pastr(?:y|ies)": 1, r"lunch": 1, r"dinner": 1, r"brunch": 2, r"food truck": 4,
        r"tacos?": 1, r"pizz\w*": 1, r"catering": 2, r"takeaway": 2, r"eat": 1, r"wine bar": 2,
        r"pub": 2, r"panaderia": 4, r"pasteleria": 3, r"restaurante": 3, r"cafeteria": 3,
        r"carta": 1, r"platos?": 1, r"comida": 1, r"boulangerie": 4, r"patisserie": 3,
        r"brasserie": 3, r"plats?": 1, r"bäckerei": 4, r"backerei": 4, r"speisekarte": 3,
        r"gaststätte": 3, r"konditorei": 3, r"kuchen": 1, r"trattoria": 3, r"aperitivo": 1,
        r"tapas": 3, r"bar de tapas": 4, r"tasca": 3, r"taberna": 3, r"raciones": 2,
        r"cocina": 1, r"ramen": 2, r"sushi": 2, r"noodles?": 1, r"diner": 2, r"bar": 1,
        r"cuisine": 1, r"traiteur": 2, r"creperie": 3, r"imbiss": 3, r"biergarten": 3,
    },
    SiteType.PORTFOLIO: {
        r"portfolio": 4, r"photograph\w*": 3, r"designer": 2, r"illustrat\w*": 3,
        r"my work": 2, r"artist": 2, r"commissions?": 1, r"exhibitions?": 1, r"shoots?": 1,
        r"fotograf\w*": 3, r"photographe": 3, r"ceramicist": 2, r"architect\w*": 1,
    },
    SiteType.LOCAL_SERVICES: {
        r"plumb\w*": 3, r"electrician\w*": 3, r"electrical": 2, r"repairs?": 2,
        r"cleaning": 2, r"cleaners?": 2, r"landscap\w*": 3, r"gardening": 2, r"roof\w*": 2,
        r"builders?": 2, r"joiner\w*": 2, r"carpent\w*": 2, r"handyman": 3, r"quotes?": 1,
        r"call-?outs?": 2, r"boiler\w*": 2, r"heating": 1, r"locksmith\w*": 3, r"movers": 2,
        r"removals": 2, r"decorat\w*": 1, r"tradesman": 3, r"fontaner\w*": 3,
        r"electricista": 3, r"reformas": 2, r"presupuesto": 1, r"plombier": 3,
        r"electricien": 3, r"devis": 1, r"klempner": 3, r"elektriker": 3, r"handwerk\w*": 3,
        r"sanitär": 2, r"auto repair": 3, r"mechanic": 2, r"garage": 1,
        r"pet sitt\w*": 4, r"dog walk\w*": 4, r"dog groom\w*": 4, r"house sitt\w*": 3,
        r"insured": 1, r"dbs checked": 2, r"elektro\w*": 2, r"notdienst": 2,
        r"meisterbetrieb": 2, r"installateur": 3,
        r"dachdecker\w*": 3, r"schreiner\w*": 3, r"tischler\w*": 3, r"maler\w*": 2,
    },
    SiteType.EVENT: {
        r"events?": 1, r"festival": 3, r"conference": 3, r"wedding": 3, r"tickets?": 2,
        r"schedule": 1, r"rsvp": 3, r"line-?up": 2, r"registration": 1, r"5k": 3, r"10k": 3,
        r"fun run": 4, r"charity run": 4, r"race day": 3, r"marathon": 3, r"summit": 2,
        r"fair": 1, r"gala": 2, r"meetup": 2, r"speakers": 1, r"venue": 1,
        r"festival de": 2, r"evento": 2, r"congreso": 3, r"boda": 3, r"entradas": 2,
        r"inscripcion": 1, r"carrera": 2, r"evenement": 2, r"mariage": 3, r"billets": 2,
        r"veranstaltung": 3, r"hochzeit": 3, r"konferenz": 3, r"lauf": 1,
        r"fete": 3, r"village fete": 4, r"fayre": 3, r"carnival": 3, r"fun day": 3,
        r"open day": 2, r"supper club": 3, r"fiesta": 2, r"kermesse": 3, r"dorffest": 4,
        r"stadtfest": 4,
    },
    SiteType.NONPROFIT: {
        r"non-?profit": 4, r"charit(?:y|ies|able)": 3, r"donat\w*": 2, r"volunteers?": 2,
        r"mission": 1, r"fundrais\w*": 2, r"foundation": 2, r"registered charity": 3,
        r"ong": 3, r"sin animo de lucro": 4, r"fundacion": 2, r"donativos?": 2,
        r"voluntari\w*": 2, r"association caritative": 4, r"benevoles?": 2, r"dons?": 1,
        r"gemeinnützig\w*": 4, r"spenden?": 2, r"ehrenamt\w*": 2, r"stiftung": 2,
    },
    SiteType.SHOP: {
        r"shop": 2, r"online shop": 3, r"store": 2, r"products?": 1, r"catalogue": 2,
        r"catalog": 2, r"buy": 1, r"handmade": 2, r"shipping": 2, r"orders?": 1, r"sell": 1,
        r"etsy": 2, r"checkout": 1, r"in stock": 2, r"postage": 2, r"tienda": 3,
        r"productos?": 1, r"envios?": 2, r"hecho a mano": 2, r"boutique": 2,
        r"fait main": 2, r"livraison": 2, r"laden": 2, r"onlineshop": 3, r"versand": 2,
        r"handgemacht": 2, r"craft\w*": 1, r"candles?": 1, r"jewell?ery": 1,
    },
    SiteType.BLOG: {
        r"blog\w*": 4, r"posts": 1, r"journal": 2, r"writing": 1, r"articles?": 1,
        r"newsletter": 1, r"essays?": 2, r"readers": 1, r"entradas del blog": 3,
    },
    SiteType.PRODUCT: {
        r"saas": 4, r"apps?": 2, r"platform": 2, r"startup": 2, r"sign ?up": 2,
        r"pricing": 1, r"software": 3, r"api": 2, r"integrations?": 2, r"dashboard": 2,
        r"beta": 2, r"waitlist": 2, r"free trial": 3, r"per seat": 3, r"launch": 1,
        r"developers": 1, r"plugin": 2, r"open source": 2, r"ios": 2, r"android": 2,
    },
    SiteType.HEALTH_CLINIC: {
        r"clinic": 4, r"dental": 4, r"dentists?": 4, r"dentistry": 4, r"orthodont\w*": 4,
        r"physio\w*": 4, r"physiotherap\w*": 4, r"chiropract\w*": 4, r"osteopath\w*": 4,
        r"patients?": 2, r"medical": 3, r"doctors?": 2, r"gp": 2, r"nurses?": 1,
        r"veterinar\w*": 4, r"vets?": 3, r"surgery": 1, r"hygienist": 3, r"optician\w*": 4,
        r"podiatr\w*": 4, r"health ?care": 2, r"nhs": 2, r"appointments?": 1,
        r"clinica": 4, r"dentista": 4, r"fisioterap\w*": 4, r"pacientes?": 2, r"medico": 2,
        r"veterinari[ao]": 4, r"cabinet": 1, r"clinique": 4, r"dentaire": 4,
        r"kinesitherap\w*": 4, r"medecin": 3, r"veterinaire": 4, r"praxis": 3,
        r"zahnarzt\w*": 4, r"arztpraxis": 4, r"physiotherapie": 4, r"tierarzt\w*": 4,
        r"patienten": 2, r"counsel(?:l)?ing": 4, r"counsel(?:l)?ors?": 4,
        r"therapists?": 3, r"therapy": 2, r"psycholog\w*": 4, r"psychotherap\w*": 4,
        r"mental health": 4, r"lcsw": 4, r"psicolog\w*": 4, r"psychologue": 4,
    },
    SiteType.PROFESSIONAL_FIRM: {
        r"law firm": 5, r"lawyers?": 4, r"attorneys?": 4, r"solicitors?": 4, r"legal": 2,
        r"litigation": 3, r"counsel": 2, r"esq": 3, r"practice areas?": 4, r"barristers?": 3,
        r"accountan\w*": 4, r"accounting": 4, r"bookkeeping": 3, r"tax": 2, r"audit\w*": 2,
        r"consult\w*": 2, r"advisory": 2, r"chartered": 2, r"partners": 1, r"clients": 1,
        r"notar\w*": 3, r"abogad\w*": 4, r"bufete": 5, r"despacho": 2, r"asesoria": 3,
        r"gestoria": 3, r"avocats?": 4, r"cabinet d'avocats": 5, r"comptable": 3,
        r"expert-comptable": 4, r"kanzlei": 5, r"rechtsanwalt\w*": 4, r"anwalt\w*": 4,
        r"steuerberat\w*": 4, r"wirtschaftsprüf\w*": 4, r"architects": 1, r"surveyors?": 2,
    },
    SiteType.COMMUNITY_GROUP: {
        r"choir": 4, r"club": 3, r"association": 2, r"church": 4, r"parish": 4,
        r"congregation": 3, r"community group": 4, r"community": 1, r"residents": 2,
        r"members?": 1, r"membership": 2, r"society": 2, r"allotments?": 3,
        r"scouts?": 3, r"guides": 1, r"book club": 4, r"knitting": 2, r"meet(?:s|ing)? every": 2,
        r"neighbou?rhood": 1, r"mosque": 4, r"synagogue": 4, r"temple": 2, r"worship": 3,
        r"brass band": 4, r"orchestra": 3, r"ensemble": 2, r"rehearsals?": 2, r"band": 1,
        r"coro": 4, r"asociacion de vecinos": 4, r"parroquia": 4, r"iglesia": 4, r"socios": 2,
        r"chorale": 4, r"paroisse": 4, r"eglise": 4, r"adherents": 2, r"chor": 4,
        r"verein": 4, r"kirchengemeinde": 4, r"kirche": 3, r"mitglieder": 2, r"gemeinde": 2,
    },
    SiteType.EDUCATION: {
        r"school": 4, r"tutor\w*": 4, r"courses?": 2, r"classes": 2, r"lessons?": 2,
        r"students?": 2, r"pupils?": 3, r"teach\w*": 2, r"academy": 3, r"nursery": 3,
        r"preschool": 4, r"kindergarten": 4, r"curriculum": 3, r"exams?": 2, r"gcse": 3,
        r"sat prep": 4, r"enrol\w*": 2, r"term dates": 3, r"workshops?": 1, r"learn\w*": 1,
        r"escuela": 4, r"colegio": 4, r"clases": 2, r"academia": 3, r"alumnos": 3,
        r"cursos?": 2, r"ecole": 4, r"cours": 2, r"eleves": 3, r"soutien scolaire": 4,
        r"schule": 4, r"nachhilfe": 4, r"kurse?": 2, r"unterricht": 3, r"schüler": 3,
        r"after-?school": 3, r"after school": 3, r"coding": 1, r"mentors?": 1,
        r"kids": 1, r"children": 1, r"enfants": 1, r"ninos": 1, r"kinder": 1,
        r"(?:ateliers?|cours|classes|clases|talleres|kurse) (?:pour|for|para|fur) "
        r"(?:les )?(?:enfants|kids|children|ninos|kinder)": 3,
    },
    SiteType.BEAUTY_WELLNESS: {
        r"salon": 4, r"hair\w*": 2, r"barbers?": 4, r"beauty": 4, r"spa": 4, r"nails?": 3,
        r"massage": 3, r"yoga": 4, r"pilates": 4, r"gym": 4, r"fitness": 4,
        r"personal trainer": 4, r"wellness": 3, r"facials?": 3, r"lashes": 3, r"brows": 2,
        r"manicure": 3, r"treatments?": 1, r"studio": 1, r"peluqueria": 4, r"estetica": 3,
        r"masajes?": 3, r"gimnasio": 4, r"coiffure": 4, r"coiffeur": 4, r"institut de beaute": 4,
        r"friseur\w*": 4, r"kosmetik\w*": 4, r"fitnessstudio": 4,
    },
}  # fmt: skip


def fold(text: str) -> str:
    """Case-folded, accents removed: "Panadería" → "panaderia"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _compile(terms: dict[str, float]) -> list[tuple[re.Pattern[str], float]]:
    return [(re.compile(rf"(?<!\w){fold(term)}(?!\w)"), weight) for term, weight in terms.items()]


_PATTERNS = {kind: _compile(terms) for kind, terms in _LEXICON.items()}
_NEGATED = re.compile(
    r"\b(?:not|no|rather than|instead of|ni|pas|kein\w*)\s+(?:an?\s+|the\s+|un\s+|une\s+|el\s+)?"
    r"[\w\-]+(?:\s+(?:site|website|page))?",
    re.I,
)
_SPLIT = re.compile(r"\b(?:about|for|with|of|para|pour|fur)\b", re.I)


def scores(text: str) -> dict[SiteType, float]:
    """Each archetype's lexicon score for a text."""
    folded = fold(text)
    return {
        kind: sum(weight * len(pattern.findall(folded)) for pattern, weight in patterns)
        for kind, patterns in _PATTERNS.items()
    }


def classify(brief: str, prompt: str, cues: Iterable[SiteType] = ()) -> SiteType:
    """The archetype asked for. `cues` are archetypes the brief's structure points to
    (each worth as much as a strong term); the prompt outweighs the brief."""
    request = _NEGATED.sub(" ", fold(prompt))
    head, *rest = _SPLIT.split(request, maxsplit=1)
    head_scores, tail_scores = scores(head), scores(rest[0] if rest else "")
    brief_scores = scores(brief)
    total: dict[SiteType, float] = {}
    for kind in _LEXICON:
        total[kind] = 8 * head_scores[kind] + 3 * tail_scores[kind] + brief_scores[kind]
    for cue in cues:
        total[cue] = total.get(cue, 0) + 4
    best = max(total, key=lambda kind: total[kind])
    # A stray word is not a design: the winner needs a strong term or several weak ones.
    return best if total[best] >= 3 else SiteType.GENERAL
