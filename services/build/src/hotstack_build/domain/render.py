"""Site spec → files (HTML, CSS, sitemap, robots), through autoescaped Jinja2 templates."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hotstack_contracts import Intent, SiteSpec

_ENV = Environment(
    loader=PackageLoader("hotstack_build", "templates"),
    autoescape=select_autoescape(["html", "xml"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


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
    guessed, _ = mimetypes.guess_type(path)
    if guessed in ("text/html", "text/css", "application/xml", "text/xml", "text/plain"):
        return f"{guessed}; charset=utf-8"
    return guessed or "application/octet-stream"


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
    files: dict[str, str] = {}
    context = {
        "intent": intent,
        "spec": spec,
        "nav": nav,
        "site_url": base,
        "form_action": form_action,
    }
    for page in spec.pages:
        path = page_path(page.slug)
        files[path] = _ENV.get_template("page.html").render(page=page, path=path, **context)
    files["404.html"] = _ENV.get_template("404.html").render(path="404.html", **context)
    files["styles.css"] = _ENV.get_template("styles.css").render(palette=intent.palette)
    files["sitemap.xml"] = _ENV.get_template("sitemap.xml").render(
        urls=[base + ("" if s == "index" else page_path(s)) for s in slugs]
    )
    files["robots.txt"] = _ENV.get_template("robots.txt").render(site_url=base)
    return [
        RenderedFile(path=path, content=text.encode(), content_type=content_type_of(path))
        for path, text in sorted(files.items())
    ]
