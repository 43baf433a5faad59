"""Abstract artwork for the demo outlet, drawn with Pillow (nothing is downloaded).

A seed picks the gradient angle, the motif and where its shapes fall, so the same
seed gives the same JPEG bytes on every run. Each picture comes with a plain
description (English and Persian) for its alt text.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

FEATURE_SIZE = (1200, 675)
AVATAR_SIZE = (400, 400)

# name: three (colour, English name, Persian name); the first two make the gradient.
PALETTES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "sea": (("#0b4f6c", "deep blue", "آبی تیره"), ("#7fc8c2", "sea green", "سبز دریایی"),
            ("#f3efe0", "sand", "شنی")),
    "sky": (("#3a6ea5", "cornflower blue", "آبی آسمانی"), ("#dbe9f4", "pale grey", "خاکستری روشن"),
            ("#ffb347", "amber", "کهربایی")),
    "slate": (("#2f3e46", "slate", "سربی"), ("#84a98c", "sage", "سبز مریمی"),
              ("#cad2c5", "stone", "سنگی")),
    "meadow": (("#386641", "forest green", "سبز جنگلی"), ("#a7c957", "lime", "سبز لیمویی"),
               ("#f2e8cf", "cream", "کرم")),
    "moss": (("#283618", "moss", "خزه‌ای"), ("#606c38", "olive", "زیتونی"),
             ("#dda15e", "ochre", "اخرایی")),
    "dusk": (("#22223b", "midnight blue", "سرمه‌ای"), ("#9a8c98", "mauve", "ارغوانی کم‌رنگ"),
             ("#f2e9e4", "blush", "صورتی روشن")),
    "night": (("#0d1b2a", "night blue", "آبی شب"), ("#415a77", "steel blue", "آبی فولادی"),
              ("#e0e1dd", "silver", "نقره‌ای")),
    "ember": (("#7f1d1d", "brick red", "آجری"), ("#f59e0b", "amber", "کهربایی"),
              ("#fde68a", "pale yellow", "زرد روشن")),
    "saffron": (("#b45309", "saffron", "زعفرانی"), ("#0e7490", "teal", "فیروزه‌ای"),
                ("#fef3c7", "ivory", "عاجی")),
}  # fmt: skip

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Artwork:
    jpeg: bytes
    width: int
    height: int
    description: str
    description_fa: str


def artwork(seed: str, palette: str, size: tuple[int, int] = FEATURE_SIZE) -> Artwork:
    """A deterministic abstract picture: a rotated two-colour gradient under one motif."""
    rng = random.Random(f"newsdesk-demo-art:{seed}")  # noqa: S311 (seeded on purpose)
    (first, name_a, fa_a), (second, name_b, fa_b), (accent, _name_c, _fa_c) = PALETTES[palette]
    colours = [_rgb(first), _rgb(second), _rgb(accent)]
    picture = _gradient(size, colours[0], colours[1], rng.uniform(0, 360))
    motif, motif_en, motif_fa = rng.choice(_MOTIFS)
    # Shapes are drawn at half size and scaled up: a cheap way to soften their edges.
    half = (size[0] // 2, size[1] // 2)
    layer = Image.new("RGBA", half, (0, 0, 0, 0))
    motif(ImageDraw.Draw(layer), half, colours, rng)
    layer = layer.resize(size, Image.Resampling.BILINEAR)
    picture = Image.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return Artwork(
        jpeg=buffer.getvalue(),
        width=size[0],
        height=size[1],
        description=f"{motif_en} in {name_a} and {name_b}",
        description_fa=f"{motif_fa} به رنگ‌های {fa_a} و {fa_b}",
    )


def _rgb(hex_colour: str) -> Colour:
    value = int(hex_colour.lstrip("#"), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def _gradient(size: tuple[int, int], start: Colour, end: Colour, angle: float) -> Image.Image:
    # A gradient is smooth, so it is computed small and scaled up: a fraction of the cost.
    width, height = max(size[0] // 8, 1), max(size[1] // 8, 1)
    side = math.ceil(math.hypot(width, height))
    mask = Image.linear_gradient("L").resize((side, side), Image.Resampling.BILINEAR)
    mask = mask.rotate(angle, Image.Resampling.BILINEAR)
    left, top = (side - width) // 2, (side - height) // 2
    mask = mask.crop((left, top, left + width, top + height))
    mask = mask.resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _tint(colour: Colour, rng: random.Random, low: int = 70, high: int = 170):
    return (*colour, rng.randint(low, high))


def _circles(draw: ImageDraw.ImageDraw, size, colours, rng: random.Random) -> None:
    width, height = size
    for _ in range(rng.randint(5, 9)):
        radius = rng.randint(height // 10, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=_tint(rng.choice(colours), rng)
        )


def _rings(draw: ImageDraw.ImageDraw, size, colours, rng: random.Random) -> None:
    width, height = size
    x, y = rng.randint(width // 4, 3 * width // 4), rng.randint(height // 4, 3 * height // 4)
    for step in range(rng.randint(5, 8)):
        radius = (step + 1) * rng.randint(height // 14, height // 8)
        box = (x - radius, y - radius, x + radius, y + radius)
        draw.ellipse(
            box, outline=_tint(colours[2 - step % 2], rng, 110, 200), width=rng.randint(4, 12)
        )


def _bands(draw: ImageDraw.ImageDraw, size, colours, rng: random.Random) -> None:
    width, height = size
    slope = rng.uniform(0.3, 1.2)
    x = -height
    while x < width:
        band = rng.randint(width // 30, width // 10)
        gap = rng.randint(width // 40, width // 12)
        draw.polygon(
            [
                (x, height),
                (x + band, height),
                (x + band + height * slope, 0),
                (x + height * slope, 0),
            ],
            fill=_tint(rng.choice(colours), rng, 50, 140),
        )
        x += band + gap


def _blocks(draw: ImageDraw.ImageDraw, size, colours, rng: random.Random) -> None:
    width, height = size
    for _ in range(rng.randint(6, 11)):
        w, h = rng.randint(width // 10, width // 3), rng.randint(height // 10, height // 2)
        x, y = rng.randint(-w // 2, width), rng.randint(-h // 2, height)
        draw.rectangle((x, y, x + w, y + h), fill=_tint(rng.choice(colours), rng))


def _waves(draw: ImageDraw.ImageDraw, size, colours, rng: random.Random) -> None:
    width, height = size
    for line in range(rng.randint(4, 7)):
        base = height * (line + 1) / 8
        amplitude = rng.uniform(height / 30, height / 9)
        wavelength = rng.uniform(width / 5, width / 2)
        phase = rng.uniform(0, 2 * math.pi)
        points = [
            (x, base + amplitude * math.sin(2 * math.pi * x / wavelength + phase))
            for x in range(0, width + 10, 10)
        ]
        draw.line(points, fill=_tint(colours[1 + line % 2], rng, 120, 210), width=rng.randint(3, 9))


_MOTIFS: tuple[tuple[Callable, str, str], ...] = (
    (_circles, "Overlapping circles", "دایره‌های درهم"),
    (_rings, "Concentric rings", "حلقه‌های هم‌مرکز"),
    (_bands, "Diagonal bands", "نوارهای مورب"),
    (_blocks, "Stacked blocks", "مستطیل‌های روی هم"),
    (_waves, "Flowing waves", "موج‌های روان"),
)
