"""The brief's pictures in the spec: each image reference the extractor placed gets the
renditions the sandbox made of it (see `hotstack_libs.documents.pictures`)."""

from __future__ import annotations

from collections.abc import Mapping

from hotstack_contracts import Image, Rendition, SiteSpec


def with_pictures(spec: SiteSpec, renditions: Mapping[str, list[Rendition]]) -> SiteSpec:
    """`spec` with every image whose reference was prepared carrying its renditions (the
    largest WebP's size as the image's size). Every other image carries none, whatever an
    extractor wrote there, so it is not shown: only files this service made are published."""

    def prepared(image: Image) -> Image:
        files = renditions.get(image.src)
        if not files:
            return image.model_copy(update={"renditions": [], "width": None, "height": None})
        largest = max((r for r in files if r.media_type == "image/webp"), key=lambda r: r.width)
        return image.model_copy(
            update={"renditions": files, "width": largest.width, "height": largest.height}
        )

    pages = [
        page.model_copy(
            update={
                "sections": [
                    section.model_copy(update={"images": [prepared(i) for i in section.images]})
                    for section in page.sections
                ]
            }
        )
        for page in spec.pages
    ]
    return spec.model_copy(update={"pages": pages})
