"""Garment labels: drawing (PNG, PDF, ZPL, Brother QL), their content, the print queues and printers.

The drawing modules are pure functions: no database, no Flask. One layout routine
(`layout.draw_label`) works in millimetres on an abstract canvas; the PNG canvas snaps to the
pixel grid, the PDF canvas writes vectors, so a label looks the same whichever way it is
printed. Their public names are gathered here; the rest of the package is
data.py (what goes on a label), models.py, queue.py, services.py, printers.py, forms.py,
views.py and api.py.
"""

from .barcodes import ean13_modules
from .brother_ql import brother_ql_raster
from .geometry import FONT_DIR, LABEL_FORMATS, PNG_DPIS, LabelData
from .pdf import render_labels_pdf
from .png import render_label_png
from .zpl import render_label_zpl

__all__ = ["FONT_DIR", "LABEL_FORMATS", "PNG_DPIS", "LabelData", "brother_ql_raster", "ean13_modules",
           "render_label_png", "render_labels_pdf", "render_label_zpl"]
