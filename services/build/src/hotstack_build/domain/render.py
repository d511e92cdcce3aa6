"""Site spec → files (HTML, CSS, icons, sitemap, robots), through autoescaped Jinja2 templates.

The archetype picks one of seven designs (`theme.py`); each section's role decides how it
renders (`sections.py`); features the intent asks for add their sections (donations, a
booking request). Output depends on nothing but the inputs: same spec, same bytes.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, select_autoescape

from hotstack_contracts import Intent, Page, SiteSpec

from .sections import Part, description, part_of
from .theme import readable_colours, theme_for

_ENV = Environment(
    loader=PackageLoader("hotstack_build", "templates"),
    autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def tel_href(phone: str) -> str:
    """A `tel:` target for a number as written: "+", digits and nothing else
    ("(415) 555-0123" → "4155550123")."""
    return "tel:" + re.sub(r"(?!^\+)\D", "", phone.strip())


_ENV.filters["tel"] = tel_href


class RenderError(ValueError):
    """The spec cannot be rendered; the message says why."""


@dataclass(frozen=True)
class RenderedFile:
    """One generated file."""

    path: str
    content: bytes
    content_type: str


def page_path(slug: str) -> str:
    """File path of a page: the home page is `index.html`."""
    return "index.html" if slug == "index" else f"{slug}.html"


def content_type_of(path: str) -> str:
    """Media type served for a generated path."""
    if path.endswith(".svg"):
        return "image/svg+xml"
    guessed, _ = mimetypes.guess_type(path)
    if guessed in ("text/html", "text/css", "application/xml", "text/xml", "text/plain"):
        return f"{guessed}; charset=utf-8"
    return guessed or "application/octet-stream"


def initials(name: str) -> str:
    """One or two letters for the favicon and brand mark."""
    words = [w for w in re.split(r"[\s&+\-]+", name) if w and w[0].isalnum()]
    letters = "".join(w[0] for w in words[:2]) or "·"
    return unicodedata.normalize("NFC", letters.upper())


# Fixed ids that templates link to (skip link, hero buttons); headings never take them.
_ANCHORS = ("main", "contact", "donate", "booking", "gallery", "pricing")


def _ids(parts: list[Part]) -> list[str]:
    """An id per section: the first gallery and pricing sections get their anchors."""
    taken: set[str] = set()
    ids: list[str] = []
    for part in parts:
        if part.role in ("hero", "contact"):
            ids.append("")
        elif part.role in ("gallery", "pricing") and part.role not in taken:
            taken.add(part.role)
            ids.append(part.role)
        else:
            ids.append(_id(part.heading, taken))
    return ids


def _id(heading: str, taken: set[str]) -> str:
    ascii_heading = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_heading.lower()).strip("-") or "section"
    base = base[:40]
    candidate, n = base, 2
    while candidate in taken or candidate in _ANCHORS:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _parts(intent: Intent, page: Page, home: bool) -> list[Part]:
    parts = [part_of(section) for section in page.sections]
    if home:
        extras = []
        if "donations" in intent.features:
            extras.append(Part("donate", "Donate"))
        if "booking" in intent.features:
            extras.append(Part("booking", "Booking"))
        at = next((i for i, p in enumerate(parts) if p.role == "contact"), len(parts))
        parts[at:at] = extras
        if "contact_form" in intent.features and not any(p.role == "contact" for p in parts):
            parts.append(Part("contact", "Contact"))
    return parts


def _page_context(intent: Intent, page: Page, home: bool) -> dict[str, Any]:
    parts = _parts(intent, page, home)
    ids = _ids(parts)
    heroes = [i for i, p in enumerate(parts) if p.role == "hero"]
    return {
        "page": page,
        "page_parts": parts,
        "part_ids": ids,
        "has_hero": bool(heroes),
        "first_hero": heroes[0] if heroes else -1,
        "has_gallery": any(p.role == "gallery" for p in parts),
        "has_pricing": any(p.role == "pricing" for p in parts),
    }


def render_site(
    intent: Intent, spec: SiteSpec, *, site_url: str, form_action: str
) -> list[RenderedFile]:
    """Every file of the site, in path order."""
    slugs = [page.slug for page in spec.pages]
    if len(set(slugs)) != len(slugs):
        raise RenderError("two pages share one slug")
    if "index" not in slugs:
        raise RenderError("the spec has no home page (slug `index`)")
    nav = [
        {"title": page.title if page.slug != "index" else "Home", "href": page_path(page.slug)}
        for page in spec.pages
    ]
    base = site_url.rstrip("/") + "/"
    fallback = intent.tagline or intent.business_name
    shared = {
        "intent": intent,
        "spec": spec,
        "nav": nav,
        "site_url": base,
        "form_action": form_action,
        "theme": theme_for(intent.site_type),
        "colours": readable_colours(intent.palette),
        "initials": initials(intent.business_name),
    }
    files: dict[str, str] = {}
    try:
        for page in spec.pages:
            path = page_path(page.slug)
            home = page.slug == "index"
            title = intent.business_name if home else f"{page.title} · {intent.business_name}"
            files[path] = _ENV.get_template("page.html").render(
                path=path,
                title=title,
                description=description(page.sections, fallback),
                canonical=base + ("" if home else path),
                **_page_context(intent, page, home),
                **shared,
            )
        files["404.html"] = _ENV.get_template("404.html").render(
            path="404.html",
            title=f"Page not found · {intent.business_name}",
            description=fallback,
            canonical=base + "404.html",
            **shared,
        )
        for name in ("styles.css", "favicon.svg", "og.svg", "robots.txt"):
            files[name] = _ENV.get_template(name).render(**shared)
        files["sitemap.xml"] = _ENV.get_template("sitemap.xml").render(
            urls=[base + ("" if s == "index" else page_path(s)) for s in slugs]
        )
    except TemplateError as error:
        raise RenderError(f"template error: {error}") from error
    return [
        RenderedFile(path=path, content=text.encode(), content_type=content_type_of(path))
        for path, text in sorted(files.items())
    ]
