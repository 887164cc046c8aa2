"""Labels as Brother QL raster commands, drawn by the PNG backend at the head's 300 dpi."""

from __future__ import annotations

from PIL import Image

from .geometry import MM_PER_INCH, MODULE, Geometry, LabelData
from .png import label_image

# Brother QL raster (62 mm tape, 300 dpi): the head has 720 dots, of which 696 print, 12 dots
# in from the right edge. A raster line is 90 bytes, the first byte the right edge's dots.
_QL_HEAD_DOTS = 720
_QL_PRINTABLE = 696
_QL_RIGHT_MARGIN = 12
_QL_MEDIA = {
    # media: (geometry within the printable area, media type byte, label length in mm, feed margin dots)
    "62": (Geometry(width=_QL_PRINTABLE * MM_PER_INCH / 300, height=29.0, pad_x=0.5, pad_y=1.0, module=MODULE),
           0x0A, 0, 35),
    "62x29": (Geometry(width=_QL_PRINTABLE * MM_PER_INCH / 300, height=271 * MM_PER_INCH / 300, pad_x=0.5,
                        pad_y=0.5, module=MODULE), 0x0B, 29, 0),
}


def brother_ql_raster(labels: list[LabelData], media: str = "62") -> bytes:
    """Labels as Brother QL raster commands (QL-710W/720NW/810W/820NWB class, 300 dpi, 62 mm tape).

    Per Brother's raster command reference: invalidate, initialise, switch to raster mode,
    then per label: print information (media, raster line count), auto cut, margin, no
    compression, one `g` command per raster line, and print (0x0C, the last 0x1A).
    """
    if media not in _QL_MEDIA:
        raise ValueError(f"media must be one of {tuple(_QL_MEDIA)}, got {media!r}")
    if not labels:
        raise ValueError("no labels to print")
    geo, media_type, length_mm, margin = _QL_MEDIA[media]
    out = bytearray(b"\x00" * 200)  # invalidate: flush whatever a broken job left behind
    out += b"\x1b@"  # initialise
    out += b"\x1bia\x01"  # raster mode
    for number, label in enumerate(labels):
        image = label_image(label, geo, 300).convert("L")
        head = Image.new("L", (_QL_HEAD_DOTS, image.height), 255)
        head.paste(image, (_QL_HEAD_DOTS - _QL_PRINTABLE - _QL_RIGHT_MARGIN, 0))
        # The head's first dot is the label's right edge; a set bit prints black.
        bits = head.transpose(Image.Transpose.FLIP_LEFT_RIGHT).point(lambda v: 255 if v < 128 else 0, mode="1")
        data = bits.tobytes()
        row_bytes = _QL_HEAD_DOTS // 8
        out += b"\x1biz" + bytes((0x8E, media_type, 62, length_mm)) + image.height.to_bytes(4, "little")
        out += bytes((0 if number == 0 else 1, 0))
        out += b"\x1biM\x40"  # auto cut
        out += b"\x1biA\x01"  # cut after every label
        out += b"\x1biK\x08"  # cut at the end of the job
        out += b"\x1bid" + margin.to_bytes(2, "little")
        out += b"M\x00"  # no compression
        for row in range(image.height):
            out += b"g\x00" + bytes((row_bytes,)) + data[row * row_bytes:(row + 1) * row_bytes]
        out += b"\x1a" if number == len(labels) - 1 else b"\x0c"
    return bytes(out)
