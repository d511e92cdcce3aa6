"""Content versus instructions: what a brief says to its visitors, and what it says to us.

A brief mixes the two: "We bake sourdough every morning" is copy; "The website should
have a menu page" and "no bright colours please" are instructions to the builder. An
instruction is followed (see `directives.py`) and never published. Sentences are judged
one by one, in English, Spanish, French and German, from how they address the builder:
the site as the subject of a wish ("the website should…", "la web debe…"), a request
("please include…", "merci d'ajouter…", "bitte…"), a refusal ("we don't want reviews"),
notes on colour and style, and the brief's own framing ("website brief", "memorandum",
"read me first"). A section whose heading is such framing ("Notes for the designer",
"Requirements") is instructions throughout.
"""

from __future__ import annotations

import re

from .archetype import fold

_SITE = (
    r"(?:the |our |my |this |a |an |new )?(?:web ?site|site|home ?page|landing page|web|page|"
    r"pages|design|layout|footer|header|menu bar|navigation|contact form|form)"
)
_WISH = (
    r"(?:should|must|needs? to|need|has to|have to|will need|ought to|could|can|would|"
    r"shall|is to|are to)"
)
_THINGS = (
    r"(?:web ?site|site|page|pages|section|sections|form|forms|design|colou?rs?|logo|fonts?|"
    r"layout|menu page|gallery|map|button|banner|photos?|pictures?|images?|testimonials?|"
    r"reviews?|blog|newsletter|pop-?ups?|chat|prices|pricing|stock photos?|booking system|"
    r"calendar|links?)"
)
_REFUSED = (
    r"(?:testimonials?|reviews?|quotes from clients|prices?|pricing|photos?|pictures?|images?|"
    r"blog|newsletter|social media|pop-?ups?|chat|stock (?:photos?|images?)|animations?|"
    r"music|video|countdown|cookie banner)"
)
_IMPERATIVE = (
    r"(?:include|add|put|show|feature|list|display|link|highlight|mention|use|make|create|"
    r"have|keep|give|set up|build|design|avoid|leave out|drop|remove|replace|swap)"
)
_PATTERNS_EN = [
    rf"\b{_SITE}\s+{_WISH}\b",
    rf"\bplease (?:also |just |do |don't |do not |could you )?{_IMPERATIVE}\b",
    rf"(?:^|\b(?:also|and|then|just|kindly)\s+){_IMPERATIVE}\s+(?:a |an |the |our |some |"
    rf"all |it |them |this |that )?[\w\-' ]{{0,40}}\b{_THINGS}\b",
    r"\bmake sure\b",
    r"\bensure (?:that|the)\b",
    r"\b(?:can|could|would) you\b",
    r"\b(?:we|i)(?:'d| would) (?:like|love|prefer)\b",
    rf"\b(?:we|i) (?:want|need|prefer|expect|would like) (?:to have )?(?:the |a |an |our |it "
    rf"|some |one )?(?:[\w\-]+ ){{0,3}}{_THINGS}\b",
    rf"\b(?:we|i) (?:do not|don't|dont) (?:want|need|like|wish)(?: to (?:have|see|show))? "
    rf"(?:the |a |an |any |our )?(?:[\w\-]+ ){{0,2}}(?:{_THINGS}|{_REFUSED})",
    r"\b(?:no|not any|avoid|without) (?:bright|loud|neon|garish|flashy|stock|cheesy|gaudy)\b",
    rf"\b(?:no|not any|skip the|leave out(?: the)?|drop the|remove the) (?:client |customer )?"
    rf"{_REFUSED}\b",
    r"\buse (?:our |the |a |an )?(?:brand |house )?colou?rs?\b",
    r"\bin (?:our|the) (?:brand|house) colou?rs?\b",
    r"\bcolou?r (?:scheme|palette)\b",
    r"^(?:colou?rs?|palette|fonts?|typeface|style|look and feel|tone|design|brand|notes?)"
    r"\s*[:\-\u2013\u2014]",
    r"\b(?:monochrome|black and white only|nothing (?:loud|flashy|garish)|muted tones?|"
    r"earthy tones?)\b",
    r"\b(?:a|an|one|its|their) (?:own |separate |dedicated )?(?:page|section|tab) "
    r"(?:for|of|about|listing)\b",
    r"\b(?:a|its|their) (?:page|tab) of (?:its|their) own\b",
    r"\bmake (?:the |our |it |them |sure )?[\w\-' ]{0,40}(?:stand out|prominent|bigger|"
    r"obvious|easy to find)\b",
    r"\b(?:more prominent|prominently|front and cent(?:re|er)|above the fold)\b",
    r"\b(?:website|site|web) brief\b",
    r"\bbrief for (?:the|our|a) (?:new )?(?:web ?site|site)\b",
    r"\bread (?:this|me) first\b",
    r"\bmemorandum\b",
    r"^(?:to|from|re|subject|cc|attn)\s*:\s",
    r"\bfor the (?:web )?(?:designer|developer|builder|agency)\b",
    r"\b(?:the )?(?:visitors?|customers?|users?|people) (?:should|must|need to) be able to\b",
    r"\b(?:in|into) (?:english|spanish|french|german)(?: please| only| throughout)\b",
    r"\b(?:site|website|web|copy|text|everything|it) (?:in|into) (?:english|spanish|french|"
    r"german)\b",
    r"\b(?:mobile|phone)[- ]friendly\b",
    r"\bwhat (?:we|i) (?:want|need) (?:from|on|for) (?:the|our|this) (?:web ?)?site\b",
    r"\bthe (?:web ?)?site (?:is|will be) (?:for|aimed at)\b",
    r"\b(?:don't|do not|never) (?:publish|put|show|use|include|mention)\b",
    r"\bour (?:brand |house |main )?colou?rs? (?:are|is|should be|would be)\b",
    r"\b(?:no|not any|nothing about) [\w\-' ]{1,30} (?:on|in) the (?:web ?)?(?:site|page)\b",
]
_PATTERNS_ES = [
    r"\b(?:la web|el sitio(?: web)?|la pagina(?: web)?|el diseno|la portada)\s+"
    r"(?:debe|deberia|tiene que|tendria que|ha de|necesita)\b",
    r"\b(?:queremos|quiero|nos gustaria|me gustaria|preferimos|prefiero|necesitamos)\s+"
    r"(?:que (?:la web|el sitio|la pagina|se vea|aparezca|salga|tenga|destaque)|una web|"
    r"un sitio|una pagina|una seccion|un formulario|(?:los |unos )?colores|tonos)",
    r"\bno (?:queremos|quiero|pongais|pongas|incluyais|incluyas|uses|useis|pongan|incluyan)\b",
    r"^(?:incluir|incluid|anadir|anadid|poned|usad|mostrad|destacad|poner|usar|mostrar)\b",
    r"\bpor favor,? (?:incluid|incluir|anadid|poned|usad|mostrad|que)\b",
    r"^colores\s*[:\-]|\bcolores (?:corporativos|de la (?:marca|web))\b",
    r"\b(?:la web|todo|el sitio|la pagina) en (?:espanol|castellano|ingles|frances|aleman)\b",
    r"\ben (?:espanol|castellano|ingles|frances|aleman),? por favor\b",
    r"\b(?:una|su) pagina (?:propia|aparte)\b",
    r"\bque (?:destaque|resalte)\b",
    r"\bsin (?:testimonios|resenas|opiniones|colores chillones)\b",
    r"\bnuestros colores (?:son|seran)\b",
    r"\bnada de (?:colores|fotos|imagenes|testimonios|resenas|opiniones|animaciones|musica|"
    r"videos?|banners?)\b",
    r"\b(?:no|nada de|sin) [\w\- ]{1,40},? por favor\b",
    r"\bno [\w\- ]{1,30} en la (?:web|pagina)\b",
]
_PATTERNS_FR = [
    r"\ble site(?: web| internet)?\s+(?:doit|devra|devrait|devraient|doivent)\b",
    r"\bmerci d'(?:ajouter|inclure|indiquer|utiliser|afficher|eviter)\b",
    r"\bmerci de (?:mettre|prevoir|ne pas)\b",
    r"\b(?:nous voulons|nous souhaitons|nous aimerions|je veux|je souhaite|j'aimerais|"
    r"nous voudrions|nous preferons)\s+(?:que le site|un site|une page|une section|un "
    r"formulaire|des couleurs|les couleurs|que la page)",
    r"\b(?:nous ne voulons pas|pas de (?:temoignages|avis clients|avis|photos de stock))\b",
    r"^(?:ajouter|inclure|mettre|afficher|prevoir|integrer|eviter)\b",
    r"^couleurs?\s*[:\-]|\bcouleurs (?:de la marque|du site)\b",
    r"\ble site en (?:francais|anglais|espagnol|allemand)\b",
    r"\ben (?:francais|anglais|espagnol|allemand),? (?:svp|s'il vous plait)\b",
    r"\b(?:une|sa) page (?:a part|dediee)\b",
    r"\bmettre en (?:avant|valeur)\b",
    r"\bnos couleurs sont\b",
    r"\bpas de (?:photos?|images?|temoignages|avis|animations?|musique|videos?|couleurs)\b",
    r"\bpas (?:de|d') [\w\-' ]{1,40},? (?:s'il vous plait|svp|merci)\b",
    r"\bpas de [\w\-' ]{1,30} sur le site\b",
]
_PATTERNS_DE = [
    r"\bdie (?:web)?seite\s+(?:soll|sollte|muss|braucht)\b",
    r"\bdie website\s+(?:soll|sollte|muss|braucht)\b",
    r"\bbitte (?:keine|fugen|nehmen|verwenden|einbauen|aufnehmen|zeigen|die website|eine "
    r"seite|auf)\b",
    r"\b(?:wir mochten|wir wunschen|wir wollen|ich mochte|wir hatten gern|wir brauchen)\s+"
    r"(?:eine (?:seite|website|webseite)|keine|dass die (?:website|seite)|die farben)",
    r"\bkeine (?:bewertungen|testimonials|kundenstimmen|fotos|preise|grellen)\b",
    r"^farben?\s*[:\-]",
    r"\b(?:website|seite) auf (?:deutsch|englisch|spanisch|franzosisch)\b",
    r"\beine eigene seite\b",
    r"\bhervorheben\b",
    r"\bunsere farben sind\b",
    r"\bkeine [\w\- ]{1,30} auf der (?:website|webseite|seite)\b",
]
_INSTRUCTION = re.compile(
    "|".join(f"(?:{p})" for p in _PATTERNS_EN + _PATTERNS_ES + _PATTERNS_FR + _PATTERNS_DE)
)
_FRAMING_HEADING = re.compile(
    r"\b(?:web ?site brief|site brief|brief|briefing|memo(?:randum)?|requirements?|"
    r"notes? (?:for|to) (?:the )?(?:designer|developer|builder|agency|web ?team)|"
    r"design notes?|instructions?|what we (?:want|need)|wish ?list|must[- ]haves?|"
    r"(?:about|for) (?:the|this) (?:web ?)?site|the (?:web ?)?site|website|"
    r"look and feel|style guide|colou?rs?|branding|read (?:this|me) first|"
    r"notas? para|requisitos|instrucciones|la web|el sitio|cahier des charges|consignes|"
    r"le site|exigences|anforderungen|hinweise|die website|wunsche)\b"
)
# Copy that happens to look like a request ("We want every dog to find a home").
_COPY_WISH = re.compile(
    r"\b(?:we|i) (?:want|need) (?:every|each|all|you|to (?:help|make|give|welcome|share))\b"
)
# A sentence ends at . ! ? before a capital, or before anything after a word of three
# letters or more (so "e.g. this" and "approx. 40" stay whole, "Galway. no headings" splits).
_SENTENCE = re.compile(
    r"(?<=[.!?…])\s+(?=[\"“'(¿¡]?[A-ZÀ-ÝĀ-Ž0-9])|(?<=[^\W\d_]{3}[.!?])\s+(?=[a-zà-ÿ])|\n+"
)


# A full stop after these ends a word, not a sentence ("Grace Okafor, Esq. founded…").
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:esq|dr|dra|mr|mrs|ms|mx|prof|st|mt|inc|ltd|co|corp|jr|sr|sra|no|nr|vs|"
    r"approx|dept|ave|blvd|rd|mme|mlle|m|hr|fr|str|ca|bzw|usw|etc)\.$",
    re.I,
)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences (lines count as sentences too)."""
    found: list[str] = []
    for line in text.split("\n"):
        kept: list[str] = []
        for part in _SENTENCE.split(line):
            part = part.strip()
            if part and kept and _ABBREVIATION.search(kept[-1]):
                kept[-1] += " " + part
            elif part:
                kept.append(part)
        found += kept
    return found


def is_instruction(sentence: str) -> bool:
    """Whether a sentence speaks to the builder rather than to the site's visitors."""
    folded = fold(sentence)
    if _COPY_WISH.search(folded):
        return False
    return _INSTRUCTION.search(folded) is not None


def is_framing(heading: str) -> bool:
    """Whether a heading frames instructions ("Website brief", "Notes for the designer").

    A heading that also names something (e.g. "Harbour Dental — website brief") is framing
    only in the part that says "brief"; the name is read elsewhere."""
    folded = fold(heading)
    remainder = _FRAMING_HEADING.sub(" ", folded)
    remainder = re.sub(
        r"\b(?:our|the|new|for|a|de|la|el|le|du|des|die|der|unsere?)\b", " ", remainder
    )
    return _FRAMING_HEADING.search(folded) is not None and not re.search(r"\w{2,}", remainder)
