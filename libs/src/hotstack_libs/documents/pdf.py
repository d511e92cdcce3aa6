"""PDF through pypdf with tight decompression limits; encrypted files reported as such."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import pypdf
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError

from hotstack_contracts.document import Document

from . import pdf_layout
from .errors import DocumentError
from .limits import Limits

MAGIC = b"%PDF-"
PROTECTED = "the PDF is password-protected: upload a copy without a password"


@contextmanager
def _budget(limits: Limits) -> Iterator[None]:
    cap = limits.max_stream_bytes
    with pypdf.apply_configuration(
        maximum_declared_stream_length=cap,
        array_based_stream_maximum_output_length=cap,
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        jbig2_maximum_output_length=cap,
        brotli_maximum_output_length=cap,
        image_maximum_buffer_size=cap,
        stream_decoding_work_maximum_length=4 * cap,
        page_tree_maximum_entries=limits.max_pages * 4,
    ):
        yield


def _open(data: bytes, limits: Limits) -> pypdf.PdfReader:
    if not data.startswith(MAGIC):
        raise DocumentError("damaged", "the file does not start like a PDF", 415)
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError("polyglot", "the file is both a PDF and a zip archive", 415)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an empty user password opens by itself
            except (NotImplementedError, PyPdfError) as error:
                raise DocumentError("encrypted", PROTECTED) from error
            if not opened:
                raise DocumentError("encrypted", PROTECTED)
        pages = len(reader.pages)
    except DocumentError:
        raise
    except LimitReachedError as error:
        raise _bomb() from error
    except FileNotDecryptedError as error:
        raise DocumentError("encrypted", PROTECTED) from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise DocumentError("damaged", f"the PDF is damaged or truncated ({error})") from error
    if pages == 0:
        raise DocumentError("no_text", "the PDF has no pages")
    if pages > limits.max_pages:
        raise DocumentError(
            "too_large", f"the PDF has {pages} pages; at most {limits.max_pages} are read", 413
        )
    return reader


def confirm(data: bytes, limits: Limits) -> None:
    """Raise DocumentError unless `data` is a PDF we can open."""
    with _budget(limits):
        _open(data, limits)


def _check_streams(reader: pypdf.PdfReader, limits: Limits) -> None:
    """Decode every page's content stream under the caps before the layout reader sees it
    (pypdf's extract_text() swallows a decompression bomb; get_data() makes it speak)."""
    try:
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
    except LimitReachedError as error:
        raise _bomb() from error
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise DocumentError("damaged", f"the PDF is damaged ({error})") from error


def read(data: bytes, limits: Limits) -> Document:
    """Blocks recovered from the pages' typography (see `pdf_layout`)."""
    with _budget(limits):
        _check_streams(_open(data, limits), limits)
    try:
        return pdf_layout.read(data, limits)
    except DocumentError:
        raise
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        raise DocumentError("damaged", f"the PDF is damaged ({error})") from error


def _bomb() -> DocumentError:
    return DocumentError(
        "too_large", "the PDF expands to more data than we read (a decompression bomb?)", 413
    )


def pictures(data: bytes, refs: set[str], limits: Limits) -> dict[str, bytes]:
    """The files of the pictures `refs` ("page 2/Im0", as the layout reader names them),
    decoded by pypdf under the stream caps; a picture it cannot decode is not returned."""
    found: dict[str, bytes] = {}
    pages = {int(ref.split("/", 1)[0].removeprefix("page ")) for ref in refs}
    with _budget(limits):
        reader = _open(data, limits)
        for number in sorted(pages):
            images = reader.pages[number - 1].images
            for key in images.keys():  # noqa: SIM118 - a lazy list of pictures, not a dict
                # "/Im0" on the page, or "/Fm0/Im0" inside a form: the layout reader names
                # pictures by their last part.
                ref = f"page {number}/{str(key).rsplit('/', 1)[-1]}"
                if ref not in refs or ref in found:
                    continue
                try:
                    found[ref] = images[key].data
                except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
                    continue  # this picture cannot be decoded: the others still can
    return found
    return found
