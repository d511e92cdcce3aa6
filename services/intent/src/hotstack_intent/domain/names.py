"""The business's name, as a careful reader would find it and write it.

In order: a labelled line ("Business name: …", "Nombre: …"); the name the prompt gives
when the brief uses it too ("a site for Harbour Dental"); the brief's title, less any
framing ("Website brief — Harbour Dental"); the subject of an opening "X is a …",
"We are X", "Somos X", "X est un…", "X ist ein…"; a capitalised name that the brief keeps
repeating. A name written in lower case throughout is given capitals.
"""

from __future__ import annotations

import re
from collections import Counter

from .archetype import fold
from .instructions import is_framing

_LABEL = re.compile(
    r"^\s*(?:(?:business|company|organi[sz]ation|shop|site|charity|practice|firm|group|club|"
    r"school|restaurant|trading)\s*name|business|company|organi[sz]ation|charity|"
    r"name of (?:the )?(?:business|company|group|club)|"
    r"nombre(?: del negocio| de la empresa| comercial)?|raison sociale|nom(?: de l'entreprise)?"
    r"|firmenname|name der firma|firma)\s*[:\-\u2013\u2014]\s*(.+?)\s*$",
    re.I | re.M,
)
_WORD = r"[A-ZÀ-Þ0-9][\w'\u2019.\-&\u00c0-\u024f]*"
_JOIN = r"(?:&|and|of|the|on|at|de|del|la|las|los|le|les|du|des|von|van|der|y|e|et|und|\+)"
_PROPER = rf"{_WORD}(?:\s+(?:{_JOIN}\s+)?{_WORD}){{0,6}}"
_CALLED = re.compile(
    rf"\b(?:called|named|for|llamad[oa]|para|appel[ée]e?|pour|namens|fur|für)\s+[\"“'«]?"
    rf"(?:the\s+|el\s+|la\s+|le\s+|die\s+|der\s+)?({_PROPER})"
)
_SUBJECT = re.compile(
    rf"^(?:(?:welcome to|bienvenid[oa]s? a|bienvenue (?:a|à|chez)|willkommen (?:bei|im|in der))"
    rf"\s+)?(?:the\s+)?({_PROPER})\s+(?:is|are|was|es|son|est|sont|ist|sind)\s+"
    rf"(?:an?|the|our|un|una|el|la|une|le|ein|eine|der|die|das)\b"
)
_WE_ARE = re.compile(
    rf"\b(?:we are|we're|this is|somos|nous sommes|wir sind)\s+(?:the\s+|la\s+|el\s+|le\s+|"
    rf"die\s+|der\s+)?({_PROPER})"
)
_LEAD = re.compile(rf"^({_PROPER})\s*(?:[\u2014\u2013|:]|\s-\s)")
_GENERIC = re.compile(
    r"^(?:welcome|about(?: us)?|home|hello|hi|dear\b.*|contact(?: us)?|our (?:story|services)|"
    r"services|menu|notes?|hours|we|our|i|my|the|our mission|mission|who we are|what we do|"
    r"introduction|overview|background|summary|quienes somos|sobre nosotros|qui sommes-nous|"
    r"a propos|uber uns)$",
    re.I,
)
_SMALL = {"and", "of", "the", "on", "at", "de", "del", "la", "las", "los", "le", "les", "du",
          "des", "von", "van", "der", "y", "e", "et", "und", "for", "a", "an", "in"}  # fmt: skip
_LOWER_NAME = re.compile(
    r"\b(?:we are|we're|this is(?: for)?|somos|nous sommes|wir sind)\s+(?:the\s+)?"
    r"([a-z][\w '\u2019&]{2,40}?)"
    r"(?:[.,!\n]| and | who )"
)
MAX_NAME = 120


def proper_case(name: str) -> str:
    """Capitals for a name written all in lower (or upper) case; other names as written."""
    if name != name.lower() and name != name.upper():
        return name
    words = name.lower().split()
    return " ".join(
        word if index and word in _SMALL else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def _tidy(name: str) -> str:
    name = re.sub(r"[*_`#]+", "", name)
    name = re.sub(r"\s+", " ", name).strip(" .,:;-\u2013\u2014\"'“”«»")
    return name[:MAX_NAME].rstrip()


def _in_case_written(name: str, text: str) -> str:
    """An all-caps name, in the case the brief writes it elsewhere."""
    if not name.isupper():
        return name
    for match in re.finditer(re.escape(name), text, re.I):
        if not match.group(0).isupper():
            return match.group(0)
    return proper_case(name)


def _usable(name: str) -> bool:
    return bool(name) and len(name) >= 2 and not _GENERIC.match(name) and not is_framing(name)


def _unframed(title: str) -> str:
    """A title less its framing: "Harbour Dental — website brief" → "Harbour Dental"."""
    parts = [p.strip() for p in re.split(r"\s+[\u2014\u2013\-|:]\s+|:\s+|\s+[\u2014\u2013]", title)]
    kept = [p for p in parts if p and not is_framing(p)]
    return kept[0] if kept else ""


def business_name(
    title: str | None, openings: list[str], text: str, prompt: str
) -> tuple[str, str]:
    """The name and where it came from ("label", "prompt", "title", "opening", "repeated")."""
    labelled = _LABEL.search(text)
    if labelled and _usable(_tidy(labelled.group(1))):
        return proper_case(_tidy(labelled.group(1))), "label"
    for called in _CALLED.finditer(prompt):
        name = _tidy(called.group(1))
        if _usable(name) and fold(name) in fold(text):
            return _in_case_written(name, text), "prompt"
    if title:
        name = _tidy(_unframed(title))
        if _usable(name) and len(name.split()) <= 8:
            return _in_case_written(name, text), "title"
    for opening in openings[:4]:
        for pattern in (_SUBJECT, _WE_ARE, _LEAD):
            found = pattern.search(opening) if pattern is _WE_ARE else pattern.match(opening)
            if found and _usable(_tidy(found.group(1))):
                return _in_case_written(_tidy(found.group(1)), text), "opening"
    repeated = _repeated(text)
    if repeated:
        return repeated, "repeated"
    lower = _LOWER_NAME.search(text)
    if lower:
        return proper_case(_tidy(lower.group(1))), "opening"
    for called in _CALLED.finditer(prompt):
        if _usable(_tidy(called.group(1))):
            return _tidy(called.group(1)), "prompt"
    return "", "none"


def _repeated(text: str) -> str | None:
    """A multi-word capitalised name that the brief uses at least twice."""
    counts = Counter(
        match.group(0)
        for match in re.finditer(rf"(?<![.!?]\s){_WORD}(?:\s+(?:{_JOIN}\s+)?{_WORD}){{1,4}}", text)
        if not _GENERIC.match(match.group(0).split()[0])
    )
    for name, count in counts.most_common(3):
        if count >= 2 and _usable(name):
            return name
    return None
