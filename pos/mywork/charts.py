"""The "My work" page's charts: pygal SVG drawn on the server, served as images, no script."""

from __future__ import annotations

import math
import re
import sys
from typing import Any

import pygal
from flask_babel import format_date
from flask_babel import gettext as _
from pygal.style import Style

from .services import ParticipantWork, Valuations

# pygal puts an import hook on sys.meta_path for its map plugins (pygal.maps.*, not used here); the
# hook has no find_spec, so later imports of other packages fail or warn. It is taken off again.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
STYLE = Style(background="transparent", plot_background="#ffffff", foreground="#1a1a1a",
              foreground_strong="#1a1a1a", foreground_subtle="#555555", opacity="1", opacity_hover="1",
              colors=("#8c1d18", "#1f5f8b", "#2e7d32", "#6a4c93"), font_family="DejaVu Sans, sans-serif",
              label_font_size=14, major_label_font_size=14, legend_font_size=15, title_font_size=17,
              value_font_size=13)


def _svg(chart: Any) -> str:
    """The chart as an SVG document (pygal escapes every text it writes).

    With `js=[]` pygal still writes its configuration as an inline script for the tooltips that
    would read it; nothing reads it here, so it is left out.
    """
    return _SCRIPT.sub("", str(chart.render(is_unicode=True)))


def _config(**kwargs: object) -> dict[str, object]:
    return {"js": [], "style": STYLE, "disable_xml_declaration": False, "explicit_size": True,
            "legend_at_bottom": True, "print_values": False, "show_y_guides": True, "truncate_label": -1,
            "truncate_legend": -1, **kwargs}


def _scale(top: float) -> list[int]:
    """Labels 0, step, 2 step, ... up to `top` or just past it; a step of 1, 2, 5, 10, 20, 50, ..."""
    if top <= 0:
        return [0, 1]
    step = 1
    while step * 5 < top:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return [step * n for n in range(math.ceil(top / step) + 1)]


def weeks_chart(work: ParticipantWork) -> str:
    """Garments sorted, garments priced and sales served, week by week."""
    title = _("Week by week")
    top = max((max(counts) for _monday, *counts in work.weeks), default=0)
    chart = pygal.Bar(**_config(title=title, width=720, height=360, x_label_rotation=30, y_labels=_scale(top),
                                show_minor_x_labels=len(work.weeks) <= 14, x_labels_major_every=4))
    chart.x_labels = [format_date(monday, "d/M") for monday, *_counts in work.weeks]
    chart.add(_("Garments sorted"), [w[1] for w in work.weeks])
    chart.add(_("Garments priced"), [w[2] for w in work.weeks])
    chart.add(_("Sales served"), [w[3] for w in work.weeks])
    return _svg(chart)


def hours_chart(work: ParticipantWork) -> str:
    """Hours attended beside the hours agreed, and hours in the workshop."""
    title = _("Hours")
    top = max(work.agreed_minutes or 0, work.attended_minutes, work.workshop_minutes) / 60
    chart = pygal.HorizontalBar(**_config(title=title, width=720, height=260, print_values=True,
                                          value_formatter=lambda h: f"{h:.1f} h", y_labels=_scale(top)))
    if work.agreed_minutes is not None:
        chart.add(_("Agreed"), [round(work.agreed_minutes / 60, 1)])
    chart.add(_("Attended"), [round(work.attended_minutes / 60, 1)])
    chart.add(_("In the workshop"), [round(work.workshop_minutes / 60, 1)])
    return _svg(chart)


def valuation_chart(valuations: Valuations, title: str, mine: str) -> str:
    """Per garment (the latest sold, oldest first): the person's figure beside what was paid, in kronor."""
    rows = [(g.category_name, g.guess, g.paid) for g in reversed(valuations.garments)]
    top = max((max(guess, paid) / 100 for _label, guess, paid in rows), default=0)
    chart = pygal.Bar(**_config(title=title, width=720, height=340, x_label_rotation=30, y_labels=_scale(top),
                                value_formatter=lambda kr: f"{kr:.0f} kr"))
    chart.x_labels = [label for label, _guess, _paid in rows]
    chart.add(mine, [guess / 100 for _label, guess, _paid in rows])
    chart.add(_("Paid"), [paid / 100 for _label, _guess, paid in rows])
    return _svg(chart)
