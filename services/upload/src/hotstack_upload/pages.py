"""The upload web page (`/`) and the status page of one upload (`/uploads/{id}`).

Plain HTML, CSS and JS from the package, no CDN; they talk to the same JSON API as any
other client. The pages hold no data: the status page fetches it with the visitor's token.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, HTTPException, Response, status

from hotstack_libs.http.pages import page_headers
from hotstack_libs.http.problems import served

router = APIRouter(include_in_schema=False)

_WEB = files(__package__) / "web"
_TYPES = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
_HEADERS = page_headers(scripts=True, cache="no-cache")  # the pages hold no data


def _page(name: str) -> Response:
    return Response(
        (_WEB / name).read_bytes(), media_type="text/html; charset=utf-8", headers=_HEADERS
    )


@router.get("/", response_class=Response, responses={200: served("The page", "text/html")})
async def upload_page() -> Response:
    """The upload form."""
    return _page("index.html")


@router.get(
    "/uploads/{upload_id}",
    response_class=Response,
    responses={200: served("The page", "text/html")},
)
async def status_page(upload_id: str) -> Response:
    """The live status of one upload (its data comes from /api/uploads/{upload_id})."""
    del upload_id  # read by the page's script from the address
    return _page("status.html")


@router.get(
    "/static/{name}",
    response_class=Response,
    responses={200: served("The file", *sorted({t.split(";")[0] for t in _TYPES.values()}))},
)
async def static(name: str) -> Response:
    """The page's stylesheet and script."""
    if name not in _TYPES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")
    return Response((_WEB / name).read_bytes(), media_type=_TYPES[name], headers=_HEADERS)


@router.get(
    "/favicon.ico", response_class=Response, responses={200: served("The icon", "image/svg+xml")}
)
async def favicon() -> Response:
    """Browsers ask for it whatever the page says."""
    return await static("favicon.svg")
