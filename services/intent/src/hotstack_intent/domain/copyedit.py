"""Light copy-editing of what a customer typed casually, as an assistant would before
publishing it: the tagline without "hi!" or "so we're X,", and sentences typed all in lower
case given their capitals (sentence starts, "I", day and month names in English). Words
typed with capitals are left exactly as written.
"""

from __future__ import annotations

import re
from functools import cache

from babel.dates import get_day_names, get_month_names

from .archetype import fold

_GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|hi there|hello there|good (?:morning|afternoon|evening)|dear \w+|"
    r"hola|buenas|buenos dias|bonjour|salut|hallo|guten tag|moin)\b[\s!,.:\-\u2014]*",
    re.I,
)
_FILLER = re.compile(
    r"^(?:so|ok|okay|well|right|basically|bueno|pues|alors|donc|also)\b[\s,]*", re.I
)
_INTRO = re.compile(
    r"^(?:we(?:'re|\u2019re| are)|this is|i(?:'m|\u2019m| am)(?: with)?|somos|nous sommes|"
    r"wir sind)\s+(?:the\s+)?",
    re.I,
)


def tagline(sentence: str, name: str) -> str:
    """The opening sentence as a line under the name: no greeting, no "so we're <name>,"
    before what the business is; its first letter a capital."""
    line = _FILLER.sub("", without_greeting(sentence)).strip()
    intro = _INTRO.match(line)
    if intro and name and fold(line[intro.end() :]).startswith(fold(name)):
        rest = line[intro.end() + len(name) :].lstrip(" ,;:\u2014\u2013-")
        rest = re.sub(r"^(?:and|who|that|y|et|und)\s+", "", rest, flags=re.I)
        if len(rest.split()) >= 3:
            line = rest
    if not line:
        return sentence.strip()
    return capitalised(line)


def capitalised(text: str) -> str:
    """The first letter in upper case when the first word is all lower case ("iPhone" and
    "eBay" stay as they are)."""
    first = text.split(maxsplit=1)[0] if text.split() else ""
    if first.islower():
        return text[:1].upper() + text[1:]
    return text


@cache
def _english_names() -> re.Pattern[str]:
    words = {
        name.lower()
        for names in (get_day_names("wide", locale="en"), get_month_names("wide", locale="en"))
        for name in names.values()
    }
    words.discard("may")  # "may" is more often a verb than a month in lower case
    return re.compile(r"\b(" + "|".join(sorted(words)) + r")\b")


def typed_in_lower_case(text: str) -> bool:
    """Whether a text was typed without capitals (most of its sentences start lower case)."""
    starts = re.findall(r"(?:^|[.!?]\s+)([^\W\d_])", text)
    return len(starts) >= 2 and sum(c.islower() for c in starts) * 2 > len(starts)


def without_greeting(text: str) -> str:
    """A text less the greeting it opens with ("Hi! So we're…" → "So we're…")."""
    return _GREETING.sub("", text.strip()).lstrip()


def is_greeting(sentence: str) -> bool:
    """Whether a sentence is only a greeting ("Hi!", "Hello there,")."""
    return not _GREETING.sub("", sentence.strip()).strip(" !.,")


def sentence_case(text: str, language: str, *, casual: bool = False) -> str:
    """A text typed in lower case with its capitals: sentence starts, and in English "I"
    and day and month names. Text typed with capitals comes back unchanged, unless the
    whole brief is known to be `casual` (a short line of it says too little)."""
    if not casual and not typed_in_lower_case(text):
        return text
    text = re.sub(r"(^|[.!?]\s+|\n\s*)([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), text)
    if language == "en":
        text = re.sub(r"\bi\b(?=\s|'|\u2019)", "I", text)
        text = _english_names().sub(lambda m: m.group(1).capitalize(), text)
    return text


# Acronyms a heading typed in capitals keeps ("FAQ", not "Faq").
_ACRONYMS = frozenset(
    [
        "faq",
        "faqs",
        "cv",
        "uk",
        "usa",
        "eu",
        "nhs",
        "gp",
        "hr",
        "pr",
        "seo",
        "dj",
        "bbq",
        "tv",
        "vat",
        "mot",
        "diy",
        "rsvp",
        "ev",
        "hvac",
        "cpa",
        "llc",
        "ltd",
        "gmbh",
        "ngo",
        "ong",
        "pdf",
        "vip",
        "ceo",
    ]
)


def heading_case(heading: str) -> str:
    """A heading typed in capitals ("OUR SERVICES") in sentence case ("Our services");
    the usual acronyms stay ("FAQ", "CV", "NHS")."""
    letters = [c for c in heading if c.isalpha()]
    if len(letters) <= 4 or not all(c.isupper() for c in letters):
        return heading
    words = []
    for index, word in enumerate(heading.split(" ")):
        keep = word.strip(".,:;!?&()").lower() in _ACRONYMS
        lowered = word if keep else word.lower()
        words.append(lowered[:1].upper() + lowered[1:] if index == 0 else lowered)
    return " ".join(words)
