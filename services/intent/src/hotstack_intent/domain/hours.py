"""Opening hours as a week: "Mon-Fri 8am-6pm, Sat 9-1, Sun closed" → openings per day.

Day names come from Babel's CLDR data (wide and abbreviated, in the brief's language and
English), so "du lundi au vendredi de 9h à 18h" and "Mo.-Fr. 9:00-18:00" read the same.
A text is a run of day groups, each followed by its time ranges or by "closed"; a day
group may have several ranges (split hours). Lines with no day and time stay notes.
"""

from __future__ import annotations

import re
from datetime import time
from functools import cache

from babel.dates import get_day_names

from hotstack_contracts import Opening, Weekday

from .archetype import fold

_WEEK = list(Weekday)
_GROUPS = {
    "weekdays": range(5), "weekday": range(5), "entre semana": range(5),
    "en semaine": range(5), "werktags": range(5), "montags bis freitags": range(5),
    "weekends": range(5, 7), "weekend": range(5, 7), "fines de semana": range(5, 7),
    "fin de semana": range(5, 7), "le week-end": range(5, 7), "wochenende": range(5, 7),
    "daily": range(7), "every day": range(7), "7 days a week": range(7),
    "seven days a week": range(7), "todos los dias": range(7), "tous les jours": range(7),
    "taglich": range(7),
}  # fmt: skip
_CLOSED = r"closed|cerrado|ferme|geschlossen|ruhetag"
_TO = r"\s*(?:-|\u2013|\u2014|to|till|until|through|thru|a|al|hasta|a|au|bis)\s*"
_CLOCK = r"(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|h)?"
_TIME_RANGE = rf"(?:from\s+|de\s+|des\s+|von\s+)?{_CLOCK}{_TO}{_CLOCK}(?:\s*uhr)?"


@cache
def _day_words(language: str) -> dict[str, int]:
    """Folded day names (and their usual short forms) → 0 for Monday … 6 for Sunday."""
    words: dict[str, int] = {}
    for code in dict.fromkeys(("en", language)):
        for width in ("wide", "abbreviated"):
            try:
                names = get_day_names(width, locale=code)
            except (ValueError, LookupError):
                continue
            for index, name in names.items():
                folded = fold(name).rstrip(".")
                if len(folded) >= 3:  # two-letter forms ("Mo", "Do") are ordinary words too
                    words[folded] = index
    for index, short in enumerate(("mon", "tues", "weds", "thurs", "fri", "sat", "sun")):
        words.setdefault(short, index)
    words.update({"tue": 1, "wed": 2, "thu": 3, "thur": 3})
    if language == "de":
        words.update({"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6})
    return words


@cache
def _pattern(language: str) -> re.Pattern[str]:
    day = "|".join(sorted(map(re.escape, _day_words(language)), key=len, reverse=True))
    day = rf"(?:{day})s?\.?"
    group = "|".join(sorted(map(re.escape, _GROUPS), key=len, reverse=True))
    return re.compile(
        rf"(?P<range>(?:de\s+|du\s+|von\s+|from\s+)?(?P<d1>{day}){_TO}(?P<d2>{day}))\b"
        rf"|\b(?P<day>{day})(?![a-z])"
        rf"|\b(?P<group>{group})\b"
        rf"|(?P<time>{_TIME_RANGE})"
        rf"|\b(?P<closed>{_CLOSED})\b"
        rf"|(?P<noon>\bnoon\b|\bmidday\b|\bmidnight\b)"
    )


def _index(word: str, language: str) -> int:
    """0-6 for a day word as matched ("Fri", "fridays", "ven.")."""
    words = _day_words(language)
    word = word.rstrip(".")
    return words[word] if word in words else words[word[:-1]]


def _clock(hour: str, minute: str | None, meridian: str | None) -> tuple[int, int, str]:
    return int(hour), int(minute or 0), (meridian or "").replace(".", "")


def _times(match: re.Match[str], after: time | None) -> tuple[time, time] | None:
    """The range a match states; `after` is where the day's previous range closed
    ("9-12 and 2-6": the second range is in the afternoon)."""
    groups = match.groups()
    h1, m1, ap1 = _clock(groups[0], groups[1], groups[2])
    h2, m2, ap2 = _clock(groups[3], groups[4], groups[5])
    if ap2 in ("am", "pm") and ap1 not in ("am", "pm"):
        ap1 = ap2 if h1 <= h2 or h1 == 12 else ("am" if ap2 == "pm" else "pm")
    h1, h2 = _twenty_four(h1, ap1), _twenty_four(h2, ap2)
    if not ap1 and not ap2 and after is not None and h1 < after.hour and h1 < 12:
        h1, h2 = h1 + 12, h2 + 12 if h2 < 12 else h2
    if not ap1 and not ap2 and h2 <= h1 and 0 < h2 < 12 and h1 < 12:
        h2 += 12  # "9-5": people mean five in the afternoon ("20:00 a 0:00" is midnight)
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h1, m1) == (h2 % 24, m2):
        return None
    return time(h1, m1), time(h2 % 24, m2)


def clock(text: str) -> time | None:
    """One time of day as written ("2pm", "19:30", "7.30 p.m."); None if it is none."""
    found = re.fullmatch(_CLOCK, fold(text).strip())
    if not found:
        return None
    hour, minute, meridian = _clock(*found.groups())
    hour = _twenty_four(hour, meridian)
    return time(hour, minute) if hour <= 23 and minute <= 59 else None


def _twenty_four(hour: int, meridian: str) -> int:
    if meridian == "pm" and hour < 12:
        return hour + 12
    if meridian == "am" and hour == 12:
        return 0
    return hour


def week(text: str, language: str = "en") -> list[Opening]:
    """The openings a text states, Monday first; empty when it states none."""
    folded = fold(text)
    folded = re.sub(r"\bnoon\b|\bmidday\b|\bmediodia\b|\bmidi\b", "12:00", folded)
    folded = re.sub(r"\bmidnight\b|\bmedianoche\b|\bminuit\b|\bmitternacht\b", "24:00", folded)
    days: list[int] = []
    fresh = True  # the next day word starts a new group
    closed_at: time | None = None  # where the group's previous range closed
    openings: dict[tuple[int, time, time], Opening] = {}
    for match in _pattern(language).finditer(folded):
        kind = match.lastgroup
        if kind in ("range", "day", "group"):
            if not fresh:
                days, fresh, closed_at = [], True, None
            if match.group("range"):
                first = _index(match.group("d1"), language)
                last = _index(match.group("d2"), language)
                days += [(first + step) % 7 for step in range((last - first) % 7 + 1)]
            elif match.group("day"):
                days.append(_index(match.group("day"), language))
            else:
                days += list(_GROUPS[match.group("group")])
        elif match.group("time") and days:
            hours = _times(re.match(_TIME_RANGE, match.group("time")), closed_at)  # type: ignore[arg-type]
            fresh = False
            if hours:
                closed_at = hours[1]
                for day in days:
                    opens, closes = hours
                    openings.setdefault(
                        (day, opens, closes), Opening(day=_WEEK[day], opens=opens, closes=closes)
                    )
        elif match.group("closed"):
            fresh = False
    return sorted(openings.values(), key=lambda o: (_WEEK.index(o.day), o.opens))
