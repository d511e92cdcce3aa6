"""Colours: the archetype's palette, with the customer's colours and schemes swapped in,
then made readable (text 7:1, brand and accent 4.5:1 on the background)."""

from __future__ import annotations

import colorsys
import re

from hotstack_contracts import Palette, SiteType
from hotstack_contracts.colour import readable_on

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")

_PALETTES: dict[SiteType, Palette] = {
    SiteType.ANIMAL_SHELTER: Palette(
        primary="#2f6f4f", accent="#b4541a", background="#fffaf3", text="#1f2421"
    ),
    SiteType.RESTAURANT: Palette(
        primary="#7a2e1f", accent="#9a6b00", background="#fdf8f2", text="#231a16"
    ),
    SiteType.PORTFOLIO: Palette(
        primary="#222222", accent="#0b5fa5", background="#ffffff", text="#1a1a1a"
    ),
    SiteType.LOCAL_SERVICES: Palette(
        primary="#0d4a7a", accent="#b34700", background="#f7f9fb", text="#15202b"
    ),
    SiteType.EVENT: Palette(
        primary="#4b2a83", accent="#a3195b", background="#fbf9ff", text="#1d1530"
    ),
    SiteType.NONPROFIT: Palette(
        primary="#1d5c63", accent="#a84300", background="#f9fbfb", text="#14282a"
    ),
    SiteType.SHOP: Palette(
        primary="#2d3142", accent="#b5179e", background="#ffffff", text="#1c1e26"
    ),
    SiteType.BLOG: Palette(
        primary="#33415c", accent="#9d0208", background="#fffdf8", text="#22252b"
    ),
    SiteType.PRODUCT: Palette(
        primary="#3a0ca3", accent="#0b7a75", background="#ffffff", text="#14121f"
    ),
    SiteType.HEALTH_CLINIC: Palette(
        primary="#0f5e78", accent="#2a7f62", background="#f7fbfc", text="#102a33"
    ),
    SiteType.PROFESSIONAL_FIRM: Palette(
        primary="#1f2f4a", accent="#8a6d1d", background="#fbfaf7", text="#1a1d24"
    ),
    SiteType.COMMUNITY_GROUP: Palette(
        primary="#5a3e8c", accent="#b0470f", background="#fdfbf7", text="#221d2b"
    ),
    SiteType.EDUCATION: Palette(
        primary="#1d4e89", accent="#c04a00", background="#fbfcff", text="#152033"
    ),
    SiteType.BEAUTY_WELLNESS: Palette(
        primary="#7b3f61", accent="#3f7a6a", background="#fdf8f6", text="#2a1f24"
    ),
    SiteType.GENERAL: Palette(
        primary="#264653", accent="#9c3d10", background="#ffffff", text="#1b1f22"
    ),
}

NAMED_COLOURS: dict[str, str] = {
    "forest green": "#228b22", "sage green": "#87a96b", "sage": "#87a96b", "olive": "#6b8e23",
    "mint": "#98d8b1", "emerald": "#1f8a5b", "green": "#2e7d32", "teal": "#008080",
    "turquoise": "#30b5b0", "sky blue": "#87ceeb", "navy blue": "#1f3a5f", "navy": "#1f3a5f",
    "royal blue": "#4169e1", "blue": "#1f5fbf", "indigo": "#4b0082", "lavender": "#b57edc",
    "purple": "#6a1b9a", "plum": "#8e4585", "burgundy": "#800020", "maroon": "#800000",
    "wine": "#722f37", "red": "#c0392b", "coral": "#ff7f50", "pink": "#e75480",
    "terracotta": "#c65d3b", "rust": "#b7410e", "orange": "#e67e22", "mustard": "#d4a017",
    "gold": "#d4af37", "yellow": "#f4d03f", "brown": "#7b4a2d", "chocolate": "#5c3a21",
    "charcoal": "#36454f", "slate": "#4a5a6a", "grey": "#6b6b6b", "gray": "#6b6b6b",
    "black": "#111111", "cream": "#fffdd0", "ivory": "#fffff0", "sand": "#f4e9d8",
    "beige": "#f5f0e1", "white": "#ffffff", "dark blue": "#1f3a5f", "light blue": "#87ceeb",
    "dark green": "#1e5631", "light green": "#90c695",
    # Spanish, French and German names for the same colours
    "verde": "#2e7d32", "azul marino": "#1f3a5f", "azul": "#1f5fbf", "rojo": "#c0392b",
    "amarillo": "#f4d03f", "naranja": "#e67e22", "morado": "#6a1b9a", "rosa": "#e75480",
    "negro": "#111111", "gris": "#6b6b6b", "dorado": "#d4af37", "granate": "#800020",
    "marrón": "#7b4a2d", "turquesa": "#30b5b0", "crema": "#fffdd0", "blanco": "#ffffff",
    "vert": "#2e7d32", "bleu marine": "#1f3a5f", "bleu": "#1f5fbf", "rouge": "#c0392b",
    "jaune": "#f4d03f", "violet": "#6a1b9a", "noir": "#111111", "doré": "#d4af37",
    "bordeaux": "#800020", "crème": "#fffdd0", "blanc": "#ffffff",
    "grün": "#2e7d32", "marineblau": "#1f3a5f", "blau": "#1f5fbf", "rot": "#c0392b",
    "gelb": "#f4d03f", "lila": "#6a1b9a", "schwarz": "#111111", "grau": "#6b6b6b",
    "weinrot": "#722f37", "braun": "#7b4a2d", "türkis": "#30b5b0", "weiß": "#ffffff",
    "weiss": "#ffffff",
}  # fmt: skip
_LIGHT = {"cream", "ivory", "sand", "beige", "white", "crema", "blanco", "crème", "blanc",
          "weiß", "weiss"}  # fmt: skip
WARM = Palette(primary="#a4452c", accent="#b7791f", background="#fdf6ec", text="#2b1d16")
_COLOUR_NAME = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, NAMED_COLOURS), key=len, reverse=True)) + r")\b",
    re.I,
)
MONOCHROME = Palette(primary="#1a1a1a", accent="#4a4a4a", background="#ffffff", text="#111111")


def hex_codes(text: str) -> list[str]:
    """The #rrggbb codes in a text, lower case, in order."""
    return [code.lower() for code in HEX.findall(text)]


def colour_names(text: str) -> list[str]:
    """The colour names in a text ("navy and gold" → navy, gold), in order, once each."""
    return list(dict.fromkeys(m.group(1).lower() for m in _COLOUR_NAME.finditer(text)))


def _muted(colour: str, share: float = 0.45) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    channels = colorsys.hls_to_rgb(hue, lightness, saturation * (1 - share))
    return "#" + "".join(f"{round(c * 255):02x}" for c in channels)


def palette(site_type: SiteType, wishes: list[str]) -> Palette:
    """The archetype's palette with the customer's colour wishes applied, made readable.

    A wish is "monochrome", "warm" or "muted" (optionally ":" and colours) or a list
    of colour names and #codes: the first dark one becomes the brand colour, the second the
    accent, a light one the background."""
    base = _PALETTES[site_type]
    background, primary, accent = base.background, base.primary, base.accent
    for wish in wishes:
        if wish == "monochrome":
            base = MONOCHROME
            background, primary, accent = base.background, base.primary, base.accent
            continue
        if wish.startswith("warm"):
            base = WARM
            background, primary, accent = base.background, base.primary, base.accent
        muted = wish.startswith("muted")
        colours = wish.removeprefix("muted").removeprefix("warm").lstrip(":")
        brand: list[str] = []
        for item in filter(None, colours.split(",")):
            value = item if item.startswith("#") else NAMED_COLOURS.get(item, "")
            if item in _LIGHT:
                background = value
            elif value:
                brand.append(value)
        primary = brand[0] if brand else primary
        accent = brand[1] if len(brand) > 1 else accent
        if muted:
            primary, accent = _muted(primary), _muted(accent)
    return Palette(
        primary=readable_on(primary, background),
        accent=readable_on(accent, background),
        background=background,
        text=readable_on(base.text, background, 7.0),
    )
