"""Which language a text is written in (lingua), and which one the customer asks for."""

from __future__ import annotations

import re
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from .archetype import fold

SUPPORTED = {
    Language.ENGLISH: "en",
    Language.SPANISH: "es",
    Language.FRENCH: "fr",
    Language.GERMAN: "de",
    Language.ITALIAN: "it",
    Language.PORTUGUESE: "pt",
    Language.DUTCH: "nl",
}
MIN_CONFIDENCE = 0.5
LEANING_SHARE = 0.3

# "in Spanish please", "en español", "en français", "auf Deutsch": a wish, in any of them.
_ASKED = (
    ("es", r"\b(?:in|into) spanish\b|\ben (?:espanol|castellano)\b|\bauf spanisch\b|"
     r"\ben espagnol\b"),
    ("fr", r"\b(?:in|into) french\b|\ben francais\b|\bauf franzosisch\b|\ben frances\b"),
    ("de", r"\b(?:in|into) german\b|\bauf deutsch\b|\ben aleman\b|\ben allemand\b"),
    ("en", r"\b(?:in|into) english\b|\ben ingles\b|\ben anglais\b|\bauf englisch\b"),
)  # fmt: skip


@cache
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*SUPPORTED).with_preloaded_language_models().build()
    )


def detect(text: str, leaning: str | None = None) -> str | None:
    """The BCP 47 code of the text's language, or None when too short or unsure.

    A text that mixes languages is in the one most of its words are in, unless `leaning`
    (the language the customer wrote the request in) has at least `LEANING_SHARE` of them."""
    sample = " ".join(text.split())[:4000]
    if len(re.findall(r"\w+", sample)) < 3:
        return None
    # A brief may mix languages ("Ich bin Grafikdesigner in Leipzig — brand identities…"):
    # the language of most of its words is the brief's.
    words: dict[Language, int] = {}
    for part in _detector().detect_multiple_languages_of(sample):
        words[part.language] = words.get(part.language, 0) + part.word_count
    if words:
        total = sum(words.values())
        shares = {SUPPORTED[language]: count / total for language, count in words.items()}
        if leaning is not None and shares.get(leaning, 0) >= LEANING_SHARE:
            return leaning
        return max(shares, key=lambda code: shares[code])
    confidences = _detector().compute_language_confidence_values(sample)
    if not confidences or confidences[0].value < MIN_CONFIDENCE:
        return None
    return SUPPORTED[confidences[0].language]


def asked_for(text: str) -> str | None:
    """The language a request names for the site ("…in Spanish please"), if any."""
    folded = fold(text)
    for code, pattern in _ASKED:
        if re.search(pattern, folded):
            return code
    return None
