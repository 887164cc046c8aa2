"""DejaVu text metrics: widths, shrinking to fit, wrapping (the same numbers for PNG and PDF)."""

from __future__ import annotations

from functools import lru_cache

from fontTools.ttLib import TTFont

from .geometry import FONT_FILES

# DejaVu Sans metrics as fractions of the em: cap/digit height ('H' is 1493/2048 in both
# weights), descender depth (483/2048) and the digit advance of the regular face
# (1303/2048), which sets the size of the human-readable digits so that each one sits
# exactly in its 7-module slot.
CAP = 1493 / 2048
DESCENT = 483 / 2048
DIGIT_ADVANCE = 1303 / 2048


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Glyph advance per code point, in ems, read once from the font file."""
    with TTFont(FONT_FILES[bold], lazy=True) as font:
        upem = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        advances = {cp: metrics[glyph][0] / upem for cp, glyph in font.getBestCmap().items()}
        return advances, metrics[".notdef"][0] / upem


@lru_cache(maxsize=8192)
def _em_width(text: str, bold: bool) -> float:
    """Width of `text` at an em of 1, without kerning (neither backend kerns)."""
    advances, missing = _advances(bold)
    return sum(advances.get(ord(ch), missing) for ch in text)


def text_width(text: str, bold: bool, em: float) -> float:
    """Width of `text` in mm at an em of `em` mm."""
    return _em_width(text, bold) * em


def fit_text(text: str, bold: bool, max_w: float, em: float, min_em: float) -> tuple[str, float]:
    """Shrink text to fit `max_w`, down to `min_em`; past that, cut it with an ellipsis."""
    width = text_width(text, bold, em)
    if width <= max_w:
        return text, em
    # A hair under the exact ratio, so rounding never turns "just fits" into an ellipsis.
    em = max(min_em, em * max_w / width * 0.999)
    if text_width(text, bold, em) <= max_w:
        return text, em
    while text and text_width(text + "…", bold, em) > max_w:
        text = text[:-1].rstrip()
    return (text + "…" if text else ""), em


def _greedy_lines(text: str, bold: bool, max_w: float, em: float) -> list[str]:
    """Break text at spaces into as few lines as fit `max_w` (an over-long word gets its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word, bold, em) <= max_w:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _balanced(text: str, bold: bool, max_w: float, em: float, n_lines: int) -> list[str]:
    """The same number of lines as greedy wrapping, but evened out ("Redesign:" / "Amina & Sara")."""
    lo, hi = 0.0, max_w
    for _ in range(12):  # bisect the narrowest width that still needs no extra line
        mid = (lo + hi) / 2
        if len(_greedy_lines(text, bold, mid, em)) <= n_lines:
            hi = mid
        else:
            lo = mid
    return _greedy_lines(text, bold, hi, em)


def wrap_text(text: str, bold: bool, max_w: float, em: float, min_em: float, room: float) -> tuple[list[str], float]:
    """Wrap text into the lines that fit `room` mm of height, shrinking it first; cut what is left over."""

    def max_lines(size: float) -> int:
        # Lines stack at 1.2 em; the first line needs only its cap height.
        return max(1, int((room - CAP * size) / (1.2 * size)) + 1)

    # Two lines at a smaller size read better than three ragged ones ("Redesign:" / "Amina" /
    # "& Sara"), so a third line is only used when two cannot hold the text at all.
    for cap in (2, 99):
        size = em
        while True:
            lines = _greedy_lines(text, bold, max_w, size)
            if len(lines) <= min(cap, max_lines(size)) and all(text_width(line, bold, size) <= max_w for line in lines):
                return _balanced(text, bold, max_w, size, len(lines)), size
            if size <= min_em:
                break
            size = max(min_em, size * 0.9)
    kept = lines[: max_lines(size)]
    if len(lines) > len(kept):
        kept[-1] += " …"
    return [fit_text(line, bold, max_w, size, size)[0] for line in kept], size
