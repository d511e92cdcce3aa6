"""Pictures from a brief, made safe to publish.

Runs inside the sandbox, one picture per child: the file is opened only as one of a few
raster formats, its declared pixel count is checked before anything is decoded, and it is
decoded once (large JPEGs at a reduced scale) and re-encoded from pixels alone. Nothing of
the original file survives: no EXIF (the orientation is applied first), no GPS position, no
camera serial, no XMP, no ICC profile (colours are converted to sRGB), no comments, only
the first frame of an animation. A site serves WebP in up to three widths and one JPEG (or
PNG where the picture has transparency) for browsers without WebP.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .errors import DocumentError
from .limits import MIB, Limits

WIDTHS = (480, 960, 1600)
"""The WebP widths a site serves (those narrower than the picture, and the picture's own)."""
LONGEST_SIDE = 1600
"""No rendition is taller or wider than this."""
FALLBACK_WIDTH = 960
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
MIN_SIDE = 16
"""Narrower or shorter than this, a picture is a spacer or a tracking pixel."""
WEBP_QUALITY = 80
JPEG_QUALITY = 82
_SRGB = ImageCms.createProfile("sRGB")
MediaType = Literal["image/webp", "image/jpeg", "image/png"]


@dataclass(frozen=True)
class Encoded:
    """One file of a picture: its media type, size in pixels and bytes."""

    media_type: MediaType
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Picture:
    """A picture ready to publish: WebP renditions narrowest first, then the fallback."""

    ref: str
    width: int
    height: int
    files: tuple[Encoded, ...]


def _refused(reason: str) -> DocumentError:
    return DocumentError("picture_refused", reason, 422)


def _open(data: bytes, limits: Limits) -> Image.Image:
    if len(data) > limits.max_picture_bytes:
        raise _refused(
            f"the file is {len(data) // MIB} MiB; "
            f"pictures of up to {limits.max_picture_bytes // MIB} MiB are published"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refused(
            "it declares more pixels than the "
            f"{limits.max_picture_pixels // 1_000_000} megapixels we decode "
            "(a decompression bomb?)"
        ) from error
    except UnidentifiedImageError as error:
        raise _refused("it is not a JPEG, PNG, GIF, WebP, BMP or TIFF picture") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise _refused(f"the picture is damaged ({error})") from error
    width, height = image.size
    if width * height > limits.max_picture_pixels:
        raise _refused(
            f"it is {width} x {height} pixels; pictures of up to "
            f"{limits.max_picture_pixels // 1_000_000} megapixels are published"
        )
    if min(width, height) < MIN_SIDE:
        raise _refused(f"it is {width} x {height} pixels, too small to show")
    return image


def _pixels(image: Image.Image) -> Image.Image:
    """The first frame decoded, upright, in sRGB, as RGB or RGBA, with nothing else."""
    if image.format == "JPEG":
        # Decode a large JPEG at 1/2, 1/4 or 1/8 scale: less memory and time, same result.
        scale = max(1, max(image.size) // LONGEST_SIDE)
        image.draft("RGB", (image.width // scale, image.height // scale))
    image.seek(0)
    image.load()
    upright = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    clear = "A" in upright.getbands() or "transparency" in upright.info
    mode = "RGBA" if clear else "RGB"
    if profile and upright.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(
                upright, source, _SRGB, outputMode="RGBA" if upright.mode == "RGBA" else "RGB"
            )
            if converted is not None:
                upright = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are
    pixels = upright.convert(mode)
    clean = Image.new(mode, pixels.size)  # a fresh image: no info, no EXIF, no profile
    clean.paste(pixels)
    return clean


def _scaled(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, media_type: MediaType) -> Encoded:
    out = io.BytesIO()
    if media_type == "image/webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif media_type == "image/png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Encoded(media_type, image.width, image.height, out.getvalue())


def widths_for(width: int, height: int) -> list[int]:
    """The WebP widths served for a picture of `width` x `height` pixels: the standard
    widths narrower than it, and its own width, scaled down to the longest side allowed."""
    largest = min(width, round(width * LONGEST_SIDE / max(width, height)))
    return [w for w in WIDTHS if w < largest] + [largest]


def prepare(ref: str, data: bytes, limits: Limits) -> Picture:
    """The picture in `data` re-encoded for the web; DocumentError (`picture_refused`) with
    a reason a person can read when it is not a picture we publish."""
    Image.MAX_IMAGE_PIXELS = limits.max_picture_pixels
    image = _open(data, limits)
    try:
        pixels = _pixels(image)
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _refused(f"the picture is damaged ({error})") from error
    widths = widths_for(pixels.width, pixels.height)
    files = [_encode(_scaled(pixels, width), "image/webp") for width in widths]
    fallback: MediaType = "image/png" if pixels.mode == "RGBA" else "image/jpeg"
    files.append(_encode(_scaled(pixels, min(FALLBACK_WIDTH, widths[-1])), fallback))
    largest = files[-2]
    return Picture(ref, largest.width, largest.height, tuple(files))
