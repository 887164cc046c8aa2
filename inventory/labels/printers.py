"""Direct label printers (Zebra ZPL, Brother QL) on their raw TCP port, set up by LABEL_PRINTER."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from boutique.errors import DomainError
from boutique.models import Person

from .brother_ql import brother_ql_raster
from .geometry import LabelData
from .services import label_for, printable_items, record_label_prints
from .zpl import render_label_zpl

PRINTER_KINDS = ("none", "zpl", "brother_ql")


class PrinterUnavailable(DomainError):
    """No label printer is set up, or it did not answer."""

    code = "printer_unavailable"
    status = 503
    default_message = _l("The label printer did not answer. Print the PDF instead.")


@dataclass(frozen=True)
class PrinterSettings:
    """LABEL_PRINTER from the configuration: which kind of printer, where, and its resolution."""

    kind: str = "none"
    host: str = ""
    port: int = 9100
    dpi: int = 203
    media: str = "62"
    timeout: float = 10.0


def printer_settings() -> PrinterSettings:
    """The configured label printer; kind "none" (the default) means print the PDF from the browser."""
    raw = dict(current_app.config.get("LABEL_PRINTER") or {})
    settings = PrinterSettings(**{k: v for k, v in raw.items() if k in PrinterSettings.__dataclass_fields__})
    if settings.kind not in PRINTER_KINDS:
        raise ValueError(f"LABEL_PRINTER kind must be one of {PRINTER_KINDS}, got {settings.kind!r}")
    if settings.kind != "none" and not settings.host:
        raise ValueError("LABEL_PRINTER needs a host")
    return settings


def printer_payload(labels: list[LabelData], settings: PrinterSettings) -> bytes:
    """The bytes a direct printer takes: ZPL II text, or Brother QL raster commands."""
    if settings.kind == "zpl":
        return "".join(render_label_zpl(label, dpi=settings.dpi) for label in labels).encode("utf-8")
    return brother_ql_raster(labels, media=settings.media)


def send_raw(host: str, port: int, payload: bytes, timeout: float = 10.0) -> None:
    """Send bytes to a printer's raw TCP port (9100), as every network label printer accepts."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(payload)
    except OSError as exc:
        raise PrinterUnavailable(host=host, port=port, reason=str(exc)) from None


def send_labels_to_printer(codes: Sequence[str], *, by: Person, station: str) -> int:
    """Print the garments' labels straight on the configured printer; returns how many were sent."""
    settings = printer_settings()
    if settings.kind == "none":
        raise PrinterUnavailable(_l("No label printer is set up. Print the PDF instead."))
    items = printable_items(codes)
    send_raw(settings.host, settings.port, printer_payload([label_for(item) for item in items], settings),
             settings.timeout)
    record_label_prints([item.id for item in items], by=by, station=station, fmt=settings.kind)
    return len(items)
