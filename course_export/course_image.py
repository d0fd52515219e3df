"""The course card image, drawn from the course title.

Open edX shows a course image in the catalogue and on the learner's
dashboard, and the import validator insists on one. Drawing it from the
title keeps it in step with the sources and needs no binary file in the
repository. It uses the same calm palette and font as the draft films.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .film import FONT_BOLD, FONT_REGULAR, MissingToolError

__all__ = ["draw_course_image"]

WIDTH, HEIGHT = 960, 540
BACKGROUND = (35, 57, 91)      # the darkest film background: white text on it is AAA contrast
LIGHT = (255, 255, 255)
#: Soft shapes as fractions of the frame (cx, cy, r), echoing the films' backdrops.
_SHAPES = ((0.88, 1.02, 0.55), (0.10, 0.16, 0.10), (0.76, 0.22, 0.07))


def draw_course_image(title: str, tagline: str, path: Path) -> Path:
    """Write a PNG with ``title`` (split at " – " into name and audience) and ``tagline`` to ``path``.

    The same inputs always give the same bytes, so rebuilding does not
    change the course package.
    """
    for font in (FONT_BOLD, FONT_REGULAR):
        if not font.is_file():
            raise MissingToolError(f"the font {font.name}", "fonts-dejavu-core")
    name, _, audience = title.partition(" – ")
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    shapes = Image.new("L", (WIDTH, HEIGHT), 0)
    pencil = ImageDraw.Draw(shapes)
    for cx, cy, r in _SHAPES:
        radius = r * HEIGHT
        pencil.ellipse((cx * WIDTH - radius, cy * HEIGHT - radius, cx * WIDTH + radius, cy * HEIGHT + radius),
                       fill=28)
    image.paste(LIGHT, mask=shapes.filter(ImageFilter.GaussianBlur(6)))

    draw = ImageDraw.Draw(image)
    draw.text((64, 170), name, font=ImageFont.truetype(str(FONT_BOLD), 64), fill=LIGHT)
    if audience:
        draw.text((64, 258), audience, font=ImageFont.truetype(str(FONT_BOLD), 44), fill=LIGHT)
    draw.text((64, 400), tagline, font=ImageFont.truetype(str(FONT_REGULAR), 26), fill=LIGHT)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    return path
