"""Workshop photos from a phone camera: checked, turned upright, stripped of metadata, stored in two sizes.

Only the pixels are kept: EXIF (with the phone's GPS position), XMP, ICC profiles and
comments never reach the media folder, so no location leaves the workshop. The original
upload is not stored; a web size and a thumbnail are, as JPEG under random names in
`MEDIA_FOLDER/photos/`, where every app server of a shop network can read them.
"""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from boutique.errors import DomainError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PHOTO_BYTES = 8 * 1024 * 1024
# 50 megapixels: the largest phone cameras. Pillow's own bomb guard (about 89 MP) stays as
# a second line: its warning and error are both turned into a refusal below.
MAX_PIXELS = 50_000_000
SIZES = {"web": 1600, "thumb": 400}
JPEG_QUALITY = {"web": 85, "thumb": 80}
SUBFOLDER = "photos"


class PhotoRefused(DomainError):
    """The upload is not a photo we can use: not an image, an unsupported format, or too many pixels."""

    code = "photo_refused"
    status = 422
    default_message = _l("That file is not a photo. Choose a JPEG, PNG or WebP picture.")


class PhotoTooLarge(DomainError):
    """The upload is larger than the size limit."""

    code = "photo_too_large"
    status = 413
    default_message = _l("The photo is too large (at most 8 MB). Take it again at a smaller size.")


@dataclass(frozen=True)
class StoredPhoto:
    """A photo saved in the media folder: the random name both sizes share, and the web size's pixels."""

    stem: str
    width: int
    height: int


def photo_folder() -> Path:
    """The folder photos live in (created on first use)."""
    folder = Path(current_app.config["MEDIA_FOLDER"]) / SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_name(stem: str, size: str) -> str:
    """The file name of one size of a stored photo."""
    if size not in SIZES:
        raise ValueError(f"unknown photo size {size!r}")
    return f"{stem}-{size}.jpg"


def _limit() -> int:
    return int(current_app.config.get("MAX_PHOTO_BYTES", MAX_PHOTO_BYTES))


def _open_checked(data: bytes) -> Image.Image:
    """Open and decode the upload, refusing anything that is not a sane JPEG, PNG or WebP picture."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRefused(_l("The picture has too many pixels. Take it again at a smaller size.")) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise PhotoRefused() from exc
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise PhotoRefused(_l("The picture has too many pixels. Take it again at a smaller size."))
    try:
        image.load()  # decode now: a truncated or corrupt file fails here, not half-way through saving
    except (OSError, ValueError, SyntaxError) as exc:
        image.close()
        raise PhotoRefused() from exc
    return image


def _clean_rgb(image: Image.Image) -> Image.Image:
    """An upright RGB copy carrying pixels only (no EXIF, XMP, ICC profile or comments)."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P", "PA"):
        rgba = upright.convert("RGBA")
        rgb = Image.new("RGB", rgba.size, (255, 255, 255))
        rgb.paste(rgba, mask=rgba.getchannel("A"))
    else:
        rgb = upright.convert("RGB")
    clean = Image.new("RGB", rgb.size)  # a new image starts with empty .info: nothing is carried over
    clean.paste(rgb)
    return clean


def _write_atomically(image: Image.Image, path: Path, quality: int) -> None:
    """Save a JPEG under a temporary name, then move it into place, so a reader never sees half a file."""
    temporary = path.with_suffix(".part")
    image.save(temporary, format="JPEG", quality=quality, optimize=True, exif=b"")
    os.replace(temporary, path)


def store_photo(upload: IO[bytes]) -> StoredPhoto:
    """Check an uploaded picture and store its web size and thumbnail without any metadata."""
    limit = _limit()
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise PhotoTooLarge()
    if not data:
        raise PhotoRefused(_l("The file is empty. Choose a photo."))
    with _open_checked(data) as image:
        clean = _clean_rgb(image)
    folder = photo_folder()
    stem = secrets.token_hex(16)
    web_width, web_height = clean.size
    for size, longest in SIZES.items():
        copy = clean.copy()
        copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        if size == "web":
            web_width, web_height = copy.size
        _write_atomically(copy, folder / file_name(stem, size), JPEG_QUALITY[size])
    return StoredPhoto(stem=stem, width=web_width, height=web_height)


def discard_photo(stem: str) -> None:
    """Delete both sizes of a stored photo (missing files are fine)."""
    folder = photo_folder()
    for size in SIZES:
        (folder / file_name(stem, size)).unlink(missing_ok=True)
