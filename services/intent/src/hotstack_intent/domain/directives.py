"""Directives: what the customer's instructions ask of the site, each with its source text.

Read from the brief's instruction sentences and from the prompt (the prompt wins where
they disagree): colours, things to include, exclude or replace, pages of their own,
forms, the site's language, and what to make stand out.
"""

from __future__ import annotations

import re

from hotstack_contracts import Directive, DirectiveKind, Source

from .archetype import fold
from .instructions import sentences
from .language import asked_for
from .palette import colour_names, hex_codes

__all__ = ["Directive", "DirectiveKind", "form_of", "merge", "read", "topic_of"]


def source_of(text: str, origin: str) -> Source:
    """Where words came from: "prompt", or a brief block's position ("line 12", "page 1")."""
    if origin == "prompt":
        return Source(origin="prompt", text=text[:500])
    return Source(origin="brief", at=origin[:60], text=text[:500])


# What a directive can name, in four languages, as the spec's section keys.
TOPICS: dict[str, str] = {
    "events": r"events?|gigs?|concerts?|performances?|shows?|calendar|conciertos?|konzerte?|"
    r"dates|upcoming|programme|schedule|line-?up|suppers|fixtures|"
    r"what'?s on|eventos?|agenda|evenements?|veranstaltungen|termine",
    "menu": r"menus?|carta|speisekarte|la carte",
    "services": r"services|treatments|practice areas?|areas of (?:law|practice)|"
    r"what we (?:offer|do)|servicios|tratamientos|prestations|rechtsgebiete|"
    r"tatigkeitsschwerpunkte|"
    r"leistungen|behandlungen",
    "team": r"team|staff|our people|partners|attorneys|lawyers|equipo|equipe|mitarbeiter",
    "pricing": r"pricing|prices|price list|plans|tiers?|rates|fees|precios|tarifas|tarifs|prix|"
    r"preise",
    "faq": r"faqs?|questions|preguntas frecuentes|questions frequentes|haufige fragen",
    "gallery": r"gallery|photos|pictures|portfolio|galeria|galerie|fotos",
    "testimonials": r"testimonials?|reviews?|quotes from (?:clients|customers)|testimonios|"
    r"what (?:our )?(?:patients|clients|customers|people|guests|parents|students) say|kind words|"
    r"resenas|opiniones|temoignages|avis(?: clients)?|bewertungen|kundenstimmen",
    "blog": r"blog|news|noticias|actualites|neuigkeiten",
    "products": r"products|shop|store|productos|tienda|produits|boutique|produkte|laden",
    "donations": r"donations?|donate|donativos|donaciones|dons|spenden",
    "hours": r"opening hours|opening times|hours|surgery hours|consultation hours|horarios?|"
    r"horario de atencion|horaires|heures d'ouverture|offnungszeiten|sprechzeiten",
    "newsletter": r"newsletter|boletin|lettre d'information",
    "map": r"map|mapa|karte",
    "contact": r"contact(?: us)?|get in touch|find us|visit us|where to find us|how to reach us|"
    r"(?:our )?locations?|our offices|where we are|ubicaciones|nos adresses|standorte|"
    r"contacto|encuentranos|visitanos|contactez-nous|nous trouver|kontakt|anfahrt|"
    r"so finden sie uns",
}
FORMS: dict[str, str] = {
    "waitlist": r"wait ?list|waiting list|lista de espera|liste d'attente|warteliste",
    "consultation": r"consultation|consulta(?:s)? (?:inicial|gratuita)|free (?:initial )?call|"
    r"premiere consultation|erstberatung|beratungsgesprach",
    "booking": r"book(?:ing)?s?|appointments?|reserv(?:e|ation)s?|reservas?|citas?|"
    r"rendez-vous|termin(?:e|anfrage|buchung)?",
    "registration": r"regist(?:er|ration)|sign(?:-| )?ups?|inscripci(?:on|ones)|inscriptions?|"
    r"anmeldung",
    "donation": r"donation pledge|pledge|donat(?:e|ions?)|donativos?|dons?|spenden?",
    "contact": r"contact form|contact|enquir(?:y|ies)|inquir(?:y|ies)|formulario de contacto|"
    r"formulaire de contact|kontaktformular",
}
_REFUSE = (
    r"\b(?:no|not any|without|don'?t (?:want|need|include|show|use|put)|do not (?:want|need|"
    r"include|show|use|put)|never|leave out|drop|remove|skip|get rid of|sin|no (?:queremos|"
    r"pongais|incluyais)|pas de|sans|keine?|ohne)\b"
)
_REPLACE = re.compile(
    r"\b(?:replace|swap)\s+(?:the\s+)?(?P<old>[\w\- ]{2,40}?)\s+(?:with|for|by)\s+"
    r"(?:a\s+|an\s+|the\s+)?(?P<new>[\w\- ]{2,40})"
    r"|\b(?:drop|remove|lose|scrap)\s+(?:the\s+)?(?P<old2>[\w\- ]{2,40}?)"
    r"(?:\s+(?:and|then|so)\s+|[,;]\s*)(?:.{0,60}?\s)?"
    r"(?P<new2>[\w\- ]{2,40}?)\s+instead\b"
    r"|\binstead of\s+(?:the\s+|a\s+)?(?P<old3>[\w\- ]{2,40}?),\s+(?P<new3>[\w\- ]{2,60})"
)
_OWN_PAGE = (
    r"(?:(?P<a>{t})\b[^.]{{0,30}}?\b(?:on|in) (?:a|its|their) (?:own )?(?:separate )?page"
    r"|(?:a|one|its|their) (?:own |separate |dedicated )?page (?:for|of|about|listing|with) "
    r"(?:the |our |all )?(?:[\w\-]+ ){{0,2}}?(?P<b>{t})\b"
    r"|\b(?:add|include|create|want|need|would like|make) (?:a|an) (?P<c>{t}) page\b"
    r"|\bgive (?:the |our )?(?P<g>{t}) (?:a|their|its) (?:own )?page\b"
    r"|(?:una|su) pagina (?:propia |aparte )?(?:para|de|con) (?:los |las |el |la )?(?P<d>{t})"
    r"|(?:une|sa) page (?:a part |dediee )?(?:pour|aux|a|sur) (?:les |la |le |nos )?(?P<e>{t})"
    r"|eigene seite f[u]r (?:die |den |das |unsere )?(?P<f>{t}))"
)
_EMPHASIS = re.compile(
    r"\b(?:make|have|put)\s+(?:the\s+|our\s+|it\s+)?(?P<what>[\w\-' ]{2,40}?)\s+"
    r"(?:stand out|more prominent|prominent|bigger|big and bold|easy to find|obvious|"
    r"front and cent(?:re|er)|at the top|above the fold)"
    r"|\b(?P<what2>[\w\-' ]{2,40}?)\s+(?:should|must|needs to)\s+(?:stand out|be (?:prominent|"
    r"obvious|easy to find|at the top|big))"
    r"|\bque (?:destaque|resalte|se vea bien) (?:el |la |los |las )?(?P<what3>[\w ]{2,40})"
    r"|\bmettre en (?:avant|valeur) (?:le |la |les |notre |nos )?(?P<what4>[\w' ]{2,40})"
    r"|\b(?:der |die |das |unser |unsere )?(?P<what5>[\w\- ]{2,40}?) soll(?:te)? "
    r"(?:gut |deutlich |sofort |besonders )?(?:sichtbar|zu sehen|hervorgehoben|auffallen)"
    r"|\b(?P<what6>[\w\- ]{2,40}?) (?:hervorheben|groß herausstellen)"
)
_STOCK = (
    r"\bstock (?:photos?|photography|images?|pictures?)|\b(?:fotos?|imagenes|photos?|images?) "
    r"de (?:stock|banque)|\bstockfotos|\bbanque d'images"
)
_COLOUR_CUE = (
    r"colou?r|palette|scheme|brand|tones?|shades?|look|make it|colores|couleurs|farben|"
    r"\ben (?:\w+ )?(?:y|et) |\bin (?:\w+ )?(?:and|und) "
)
_MONO = r"\b(?:monochrome|black and white|black & white|greyscale|grayscale|blanco y negro|"
_MONO += r"noir et blanc|schwarz-?weiss)\b(?! (?:icons?|logos?|photos?|photography|images?))"
_WARM = (
    r"\b(?:warm (?:colou?rs?|tones?|palette)|colores calidos|tonos calidos|couleurs chaudes|"
    r"tons chauds|warme (?:farben|tone|farbtone))\b"
)
_MUTED = (
    r"\b(?:nothing (?:loud|flashy|garish|bright)|no (?:bright|loud|neon|garish) colou?rs?|"
    r"muted|understated|calm colou?rs?|subtle colou?rs?|soft colou?rs?|not too bright|"
    r"colores (?:suaves|tranquilos)|sin colores chillones|couleurs (?:douces|sobres)|"
    r"pas de couleurs vives|keine grellen farben|dezente farben)\b"
)


def topic_of(words: str) -> str | None:
    """The section key a few words name ("our events" → "events"), if any."""
    folded = fold(words)
    for topic, pattern in TOPICS.items():
        if re.search(rf"\b(?:{pattern})\b", folded):
            return topic
    return None


def form_of(words: str) -> str | None:
    """The form kind a few words name, if any."""
    folded = fold(words)
    for kind, pattern in FORMS.items():
        if re.search(rf"\b(?:{pattern})\b", folded):
            return kind
    return None


# Where a sentence that lists what visitors can do moves to the next thing.
_CLAUSES = re.compile(r"\s*(?:[,;]|\band\b|\bor\b|\by\b|\bo\b|\bet\b|\bou\b|\bund\b|\boder\b)\s*")


def _asks_for_forms(folded: str) -> list[str]:
    """The forms a sentence asks for, in its order: one per clause of a list ("contact us,
    book a visit and pledge a donation" asks for three), a clause naming its one kind
    ("book a consultation" is a consultation, not a booking)."""
    if _asks_for_form(folded) is None:
        return []
    kinds = (form_of(clause) for clause in _CLAUSES.split(folded))
    return list(dict.fromkeys(kind for kind in kinds if kind))


def _asks_for_form(folded: str) -> str | None:
    asked = re.search(
        r"\b(?:form|forms|take|taking|collect|accept|let (?:people|visitors|patients|clients|"
        r"customers|parents) (?:request|book|join|register|sign up|pledge)|request|requests|"
        r"sign-?ups?|(?:be able to|can) (?:book|register|sign up|join|request|pledge|donate|"
        r"give|apply|enrol|enroll|reserve)|"
        r"(?:with|con|avec|mit)(?: [\w-]+){0,5}? (?:online |en ligne |table |de )?"
        r"(?=(?:bookings?|reservations?|registrations?|sign-?ups?|appointments?|waitlist|"
        r"donations?|reservas?|citas?|inscripci\w*|inscriptions?|rendez-vous|anmeldung|"
        r"buchung|terminbuchung)\b)|"
        r"with (?:an? )?(?:online )?(?=(?:\w+ )?(?:registration|booking|waitlist|appointment))|"
        r"formulario|formulaire|formular|solicitud|demande|anfrage|reservar|pedir)\b",
        folded,
    )
    if not asked:
        return None
    return form_of(folded)


def read(text: str, origin: str) -> list[Directive]:
    """The directives in one instruction (a sentence of the brief, or the whole prompt)."""
    found: list[Directive] = []
    for sentence in sentences(text) or [text]:
        folded = fold(sentence)

        def add(kind: DirectiveKind, value: str, sentence: str = sentence) -> None:
            directive = Directive(
                kind=kind, value=value[:200], source=source_of(sentence.strip(), origin)
            )
            if directive not in found:
                found.append(directive)

        codes = hex_codes(sentence)
        named = colour_names(sentence)
        if re.search(_MONO, folded):
            add(DirectiveKind.COLOURS, "monochrome")
        elif re.search(_WARM, folded):
            add(
                DirectiveKind.COLOURS,
                "warm" + (":" + ",".join(codes + named) if codes or named else ""),
            )
        elif re.search(_MUTED, folded):
            add(
                DirectiveKind.COLOURS,
                "muted" + (":" + ",".join(codes + named) if codes or named else ""),
            )
        elif codes or (
            named and (origin == "prompt" or len(named) > 1 or re.search(_COLOUR_CUE, folded))
        ):  # a brief's instruction naming two colours ("dark blue and white") is a scheme
            add(DirectiveKind.COLOURS, ",".join(codes + named))
        language = asked_for(sentence)
        if language:
            add(DirectiveKind.LANGUAGE, language)
        replaced = _REPLACE.search(folded)
        if replaced:
            old = replaced.group("old") or replaced.group("old2") or replaced.group("old3") or ""
            new = replaced.group("new") or replaced.group("new2") or replaced.group("new3") or ""
            # "drop the gift box tier and take sign-ups for a waitlist instead": the thing
            # dropped ends where the sentence moves on; what replaces it is the form or
            # section named last.
            old = re.split(r"\s+(?:and|then|so)\s+|,", old.strip())[0]
            form = form_of(new)
            new = form or topic_of(new) or new.strip()
            add(DirectiveKind.REPLACE, f"{old.strip()} -> {new}")
            if form:
                add(DirectiveKind.FORM, form)
        stock = re.search(_STOCK, folded)
        if stock and re.search(_REFUSE, folded):
            add(DirectiveKind.EXCLUDE, "stock_photos")
        for topic, pattern in TOPICS.items():
            page = re.search(_OWN_PAGE.format(t=pattern), folded)
            if page:
                add(DirectiveKind.PAGE, topic)
            refused = re.search(rf"{_REFUSE}\s+(?:\w+\s+){{0,3}}?(?:{pattern})\b", folded)
            # "no photos of teeth" refuses a kind of picture, not the gallery; "no stock
            # photos" refuses stock pictures.
            specific = refused and (
                (
                    topic == "gallery"
                    and re.match(r"\s+(?:of|von|de|des|d')\b", folded[refused.end() :])
                )
                or (stock and stock.start() <= refused.end() <= stock.end() + 1)
            )
            # Dropping one plan for a waitlist replaces that plan, not every price.
            if (
                refused
                and not specific
                and not (replaced and re.search(pattern, replaced.group(0)))
            ):
                add(DirectiveKind.EXCLUDE, topic)
        for form in _asks_for_forms(folded):
            if not re.search(rf"{_REFUSE}\s+(?:\w+\s+){{0,3}}?(?:{FORMS[form]})", folded):
                add(DirectiveKind.FORM, form)
        emphasis = _EMPHASIS.search(folded)
        if emphasis:
            what = next(g for g in emphasis.groups() if g)
            add(DirectiveKind.EMPHASIS, _emphasis_key(what))
        include = re.search(
            r"\b(?:include|add|show|feature|list|display|put|have|with|want|need|incluir|"
            r"incluid|anadir|con|ajouter|inclure|avec|mit|hinzufugen)\s+(?:a |an |the |our |"
            r"some |all |un |una |los |las |des |les |unsere )?(?:\w+\s+){0,2}?"
            r"(?P<what>[\w\-']+(?:\s[\w\-']+)?)\b",
            folded,
        )
        if include and not re.search(_REFUSE, folded):
            included = topic_of(include.group("what"))
            if included and not any(
                d.kind is DirectiveKind.PAGE and d.value == included for d in found
            ):
                add(DirectiveKind.INCLUDE, included)
    return found


def _emphasis_key(words: str) -> str:
    folded = fold(words)
    if re.search(
        r"emergenc|urgent|out of hours|after hours|urgencias|urgence|notfall|notdienst", folded
    ):
        return "emergency_phone"
    if re.search(r"phone|number|line|call|telefono|telephone|telefon", folded):
        return "booking_phone" if re.search(r"book", folded) else "phone"
    form = form_of(folded)
    if form:
        return form
    return topic_of(folded) or folded.strip()


def merge(brief: list[Directive], prompt: list[Directive]) -> list[Directive]:
    """The brief's directives, overruled by the prompt's where they concern the same thing:
    one colour scheme and one language (the prompt's), and no topic both kept and dropped."""
    single = {DirectiveKind.COLOURS, DirectiveKind.LANGUAGE}
    asked = {d.kind for d in prompt if d.kind in single}
    kept_by_prompt = {
        d.value for d in prompt if d.kind in (DirectiveKind.INCLUDE, DirectiveKind.PAGE)
    }
    dropped_by_prompt = {d.value for d in prompt if d.kind is DirectiveKind.EXCLUDE}
    merged = [
        d
        for d in brief
        if d.kind not in asked
        and not (d.kind is DirectiveKind.EXCLUDE and d.value in kept_by_prompt)
        and not (
            d.kind in (DirectiveKind.INCLUDE, DirectiveKind.PAGE) and d.value in dropped_by_prompt
        )
    ]
    return [*merged, *prompt]
