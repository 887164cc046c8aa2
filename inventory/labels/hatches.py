"""The tag colour band's black-and-white patterns, so colours stay apart on a mono printer."""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from functools import lru_cache

from .geometry import RGB, WHITE


@dataclass(frozen=True)
class _Hatch:
    """A black-and-white pattern: families of parallel lines (angles in degrees) or dots."""

    angles: tuple[float, ...]
    spacing: float
    line_w: float
    dots: bool = False


# Twelve patterns that stay distinct on a thermal or mono laser printer, where the fill
# colour itself turns into a grey or vanishes.
_HATCHES = (
    _Hatch((45,), 1.3, 0.35),
    _Hatch((135,), 1.3, 0.35),
    _Hatch((90,), 1.2, 0.35),
    _Hatch((0,), 1.1, 0.35),
    _Hatch((45, 135), 1.8, 0.3),
    _Hatch((0, 90), 1.6, 0.3),
    _Hatch((), 1.2, 0.55, dots=True),
    _Hatch((45,), 0.7, 0.2),
    _Hatch((90,), 2.4, 0.7),
    _Hatch((135,), 2.4, 0.7),
    _Hatch((0,), 1.8, 0.6),
    _Hatch((), 2.0, 0.9, dots=True),
)

# The usual tag colours (Swedish and English names) get fixed, distinct patterns so the
# staff can learn them; any other name falls back to a stable hash of the name.
_KNOWN_COLOURS = {
    name: index
    for index, names in enumerate(
        (
            ("röd", "red"),
            ("blå", "blue"),
            ("grön", "green"),
            ("gul", "yellow"),
            ("orange",),
            ("rosa", "pink"),
            ("lila", "purple", "violett", "violet"),
            ("vit", "white"),
            ("svart", "black"),
            ("grå", "grey", "gray"),
            ("brun", "brown"),
            ("turkos", "turquoise"),
        )
    )
    for name in names
}


def hatch_index(name: str, rgb: RGB | None) -> int:
    """Pattern number for a tag colour: fixed for known names, hashed otherwise."""
    key = name.strip().casefold()
    if key in _KNOWN_COLOURS:
        return _KNOWN_COLOURS[key]
    # crc32, not hash(): the pattern must not change between processes.
    seed = key if key else "#%02x%02x%02x" % (rgb or WHITE)
    return zlib.crc32(seed.encode("utf-8")) % len(_HATCHES)


@dataclass(frozen=True)
class _HatchGeometry:
    """A hatch laid out in a w×h box: line families and staggered rows of square dots."""

    # Per family: unit direction d and the offsets c of its lines {p : n·p = c}, n ⟂ d.
    families: tuple[tuple[tuple[float, float], tuple[float, ...]], ...]
    # Per dot row: y of the row's top and x of its first dot; dots repeat every `spacing`.
    dot_rows: tuple[tuple[float, float], ...]
    spacing: float
    line_w: float


@lru_cache(maxsize=256)
def hatch_geometry(index: int, w: float, h: float) -> _HatchGeometry:
    """Where the lines or dots of hatch `index` fall in a w×h band (mm, y down)."""
    hatch = _HATCHES[index]
    families = []
    for angle in hatch.angles:
        rad = math.radians(angle)
        d = (math.cos(rad), -math.sin(rad))  # screen y points down
        n = (-d[1], d[0])
        corners = [n[0] * x + n[1] * y for x in (0, w) for y in (0, h)]
        lo, hi = min(corners), max(corners)
        first = lo + ((hi - lo) % hatch.spacing) / 2  # centre the lines in the band
        count = int((hi - first) / hatch.spacing + 1e-9) + 1
        families.append((d, tuple(first + i * hatch.spacing for i in range(count))))
    dot_rows = []
    if hatch.dots:
        rows = max(1, int(h // hatch.spacing))
        y_off = (h - (rows - 1) * hatch.spacing - hatch.line_w) / 2
        x_off = (w % hatch.spacing) / 2
        for r in range(rows):
            # Every other row shifted by half a step: a staggered grid reads as "dots".
            dot_rows.append((y_off + r * hatch.spacing, x_off + (hatch.spacing / 2 if r % 2 else 0.0)))
    return _HatchGeometry(tuple(families), tuple(dot_rows), hatch.spacing, hatch.line_w)


def _clip_line(
    p: tuple[float, float], d: tuple[float, float], w: float, h: float
) -> tuple[float, float, float, float] | None:
    """Clip the infinite line p + t·d to the box [0,w]×[0,h] (Liang–Barsky)."""
    t0, t1 = -math.inf, math.inf
    for pk, dk, lo, hi in ((p[0], d[0], 0.0, w), (p[1], d[1], 0.0, h)):
        if abs(dk) < 1e-12:
            if pk < lo or pk > hi:
                return None
            continue
        a, b = (lo - pk) / dk, (hi - pk) / dk
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
    if t1 - t0 < 1e-6:
        return None
    return (p[0] + t0 * d[0], p[1] + t0 * d[1], p[0] + t1 * d[0], p[1] + t1 * d[1])


@lru_cache(maxsize=256)
def hatch_segments(index: int, w: float, h: float) -> tuple[tuple[float, float, float, float], ...]:
    """The hatch's lines cut to the box, for a backend without clipping (Pillow)."""
    geo = hatch_geometry(index, w, h)
    # Cut to a box inset by half a line width, so thick line ends stay inside the band.
    inset = geo.line_w / 2
    segments = []
    for d, offsets in geo.families:
        n = (-d[1], d[0])
        for c in offsets:
            seg = _clip_line((n[0] * c - inset, n[1] * c - inset), d, w - 2 * inset, h - 2 * inset)
            if seg is not None:
                segments.append((seg[0] + inset, seg[1] + inset, seg[2] + inset, seg[3] + inset))
    return tuple(segments)


@lru_cache(maxsize=256)
def hatch_zigzags(index: int, w: float, h: float) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Each line family as one zig-zag polyline whose turns lie far outside the box.

    Stroked inside a clip to the box, this is the same hatch as separate lines, drawn with
    one path per family instead of one drawing call per line.
    """
    geo = hatch_geometry(index, w, h)
    far = w + h  # more than the half-diagonal: every turn falls outside the clip
    cx, cy = w / 2, h / 2
    zigzags = []
    for d, offsets in geo.families:
        n = (-d[1], d[0])
        c0 = n[0] * cx + n[1] * cy
        points: list[tuple[float, float]] = []
        for i, c in enumerate(offsets):
            # The point of line c nearest the centre, then far out along d both ways.
            px, py = cx + n[0] * (c - c0), cy + n[1] * (c - c0)
            ends = [(px - far * d[0], py - far * d[1]), (px + far * d[0], py + far * d[1])]
            points.extend(ends if i % 2 == 0 else ends[::-1])
        zigzags.append(tuple(points))
    return tuple(zigzags)


def luminance(rgb: RGB) -> float:
    """Relative brightness 0..1, to pick black or white hatch lines over a fill."""
    r, g, b = rgb
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
