"""Which design a site gets, and a palette every part of it can be read in.

Every archetype has a design of its own. A design is a set of token values (two font
families at most, the corner radius, the type scale) plus its own section layouts
(`templates/themes/<name>.css`); the colours are the spec's palette, kept where it is
readable and adjusted (same hue, darker or lighter) where it is not: body text reaches
7:1 on the background, headings, links and buttons 4.5:1 (WCAG AA).
"""

from __future__ import annotations

from dataclasses import dataclass

from hotstack_contracts import Palette, SiteType
from hotstack_contracts.colour import AA, contrast, readable_on, text_on

THEMES: dict[SiteType, str] = {
    SiteType.ANIMAL_SHELTER: "haven",
    SiteType.NONPROFIT: "cause",
    SiteType.RESTAURANT: "bistro",
    SiteType.PORTFOLIO: "studio",
    SiteType.BLOG: "journal",
    SiteType.LOCAL_SERVICES: "trade",
    SiteType.EVENT: "gala",
    SiteType.PRODUCT: "launch",
    SiteType.SHOP: "market",
    SiteType.HEALTH_CLINIC: "clinic",
    SiteType.PROFESSIONAL_FIRM: "counsel",
    SiteType.COMMUNITY_GROUP: "commons",
    SiteType.EDUCATION: "campus",
    SiteType.BEAUTY_WELLNESS: "salon",
    SiteType.GENERAL: "plain",  # promises nothing: no quote box, no shop, no plans button
}


@dataclass(frozen=True)
class Family:
    """A self-hosted font family (OFL, latin subset: English, Spanish, French, German)."""

    folder: str  # under hotstack_build/fonts/, with 400.woff2, 700.woff2 and OFL.txt
    name: str
    fallback: str  # the system stack shown until it loads (font-display: swap)


SERIF = 'Georgia, "Iowan Old Style", "Palatino Linotype", Palatino, serif'
SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
FAMILIES = {
    family.folder: family
    for family in (
        Family("cormorant-garamond", "Cormorant Garamond", SERIF),
        Family("fraunces", "Fraunces", SERIF),
        Family("inter", "Inter", SANS),
        Family("nunito", "Nunito", SANS),
        Family("source-serif-4", "Source Serif 4", SERIF),
        Family("space-grotesk", "Space Grotesk", SANS),
        Family("work-sans", "Work Sans", SANS),
    )
}


@dataclass(frozen=True)
class Design:
    """A design's token values; its layouts are in `templates/themes/<name>.css`."""

    heading: Family
    body: Family
    radius: str  # corner radius of buttons, cards and fields
    scale: float  # ratio between heading sizes

    @property
    def families(self) -> list[Family]:
        """The families it ships (one or two)."""
        return [self.heading] if self.heading == self.body else [self.heading, self.body]


def _design(heading: str, body: str, radius: str, scale: float) -> Design:
    return Design(FAMILIES[heading], FAMILIES[body], radius, scale)


DESIGNS: dict[str, Design] = {
    "haven": _design("nunito", "nunito", "1.25rem", 1.25),
    "cause": _design("source-serif-4", "work-sans", ".35rem", 1.333),
    "bistro": _design("fraunces", "work-sans", ".35rem", 1.25),
    "studio": _design("space-grotesk", "inter", "0", 1.414),
    "journal": _design("source-serif-4", "source-serif-4", ".25rem", 1.2),
    "trade": _design("work-sans", "work-sans", ".25rem", 1.25),
    "gala": _design("fraunces", "inter", "2rem", 1.333),
    "market": _design("space-grotesk", "work-sans", ".75rem", 1.25),
    "launch": _design("inter", "inter", ".9rem", 1.333),
    "clinic": _design("nunito", "inter", ".75rem", 1.2),
    "counsel": _design("source-serif-4", "inter", "0", 1.25),
    "commons": _design("space-grotesk", "nunito", "1rem", 1.25),
    "campus": _design("fraunces", "nunito", ".5rem", 1.25),
    "salon": _design("cormorant-garamond", "work-sans", "999px", 1.333),
    "plain": _design("work-sans", "inter", ".5rem", 1.2),
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


def design_of(theme: str) -> Design:
    """A design's tokens."""
    return DESIGNS[theme]


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
