"""QR codes as inline SVG (no Pillow, no request to anyone)."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


def qr_svg(url: str, label: str) -> Markup:
    """An accessible inline SVG of the QR code for `url`, sized by CSS."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r'\swidth="[^"]*" height="[^"]*"', "", svg, count=1)
    svg = svg.replace("<svg ", f'<svg class="qr" role="img" aria-label="{escape(label)}" ', 1)
    return Markup(svg.replace(' id="qr-path"', ""))
