"""Which design a site gets, and a palette every part of it can be read in.

Seven designs cover the fifteen archetypes. The palette from the spec is kept where it is
readable and adjusted (same hue, darker or lighter) where it is not: body text reaches
7:1 on the background, headings, links and buttons 4.5:1 (WCAG AA).
"""

from __future__ import annotations

from dataclasses import dataclass

from hotstack_contracts import Palette, SiteType
from hotstack_contracts.colour import AA, contrast, readable_on, text_on

THEMES: dict[SiteType, str] = {
    SiteType.ANIMAL_SHELTER: "haven",
    SiteType.NONPROFIT: "haven",
    SiteType.RESTAURANT: "bistro",
    SiteType.PORTFOLIO: "studio",
    SiteType.BLOG: "studio",
    SiteType.LOCAL_SERVICES: "trade",
    SiteType.GENERAL: "trade",
    SiteType.EVENT: "gala",
    SiteType.PRODUCT: "launch",
    SiteType.SHOP: "market",
    # Until they have designs of their own, the newer archetypes wear the nearest one.
    SiteType.HEALTH_CLINIC: "trade",
    SiteType.PROFESSIONAL_FIRM: "trade",
    SiteType.COMMUNITY_GROUP: "haven",
    SiteType.EDUCATION: "haven",
    SiteType.BEAUTY_WELLNESS: "studio",
}


@dataclass(frozen=True)
class ThemeColours:
    """Every colour the stylesheet uses, each checked against what it sits on."""

    background: str
    text: str
    primary: str  # headings and links on the background; header and button backgrounds
    on_primary: str  # text on primary
    accent: str  # highlights on the background
    on_accent: str  # text on accent
    muted: str  # secondary text on the background


def theme_for(site_type: SiteType) -> str:
    """The design used for an archetype."""
    return THEMES[site_type]


def readable_colours(palette: Palette) -> ThemeColours:
    """The palette made readable; colours that already pass are kept as they are."""
    background = palette.background
    text = readable_on(palette.text, background, 7.0)
    primary = readable_on(palette.primary, background, AA)
    accent = readable_on(palette.accent, background, AA)
    muted = readable_on(_mix(text, background, 0.35), background, AA)
    colours = ThemeColours(
        background=background,
        text=text,
        primary=primary,
        on_primary=text_on(primary),
        accent=accent,
        on_accent=text_on(accent),
        muted=muted,
    )
    assert all(ratio >= AA for ratio in contrast_pairs(colours).values())
    return colours


def contrast_pairs(colours: ThemeColours) -> dict[str, float]:
    """The contrast ratio of every foreground/background pair the stylesheet uses."""
    return {
        "text/background": contrast(colours.text, colours.background),
        "primary/background": contrast(colours.primary, colours.background),
        "on_primary/primary": contrast(colours.on_primary, colours.primary),
        "accent/background": contrast(colours.accent, colours.background),
        "on_accent/accent": contrast(colours.on_accent, colours.accent),
        "muted/background": contrast(colours.muted, colours.background),
    }


def _mix(a: str, b: str, share_of_b: float) -> str:
    channels = [
        round(int(a[i : i + 2], 16) * (1 - share_of_b) + int(b[i : i + 2], 16) * share_of_b)
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02x}" for c in channels)
