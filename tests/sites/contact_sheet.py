"""One image of every design: each site's home page at 1280 px (top of the page) beside
its phone rendering at 375 px, labelled with the site and its design."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

TILE_WIDTH, PHONE_WIDTH, TILE_HEIGHT, LABEL = 480, 140, 300, 22


def _fit(path: Path, width: int, height: int) -> Image.Image:
    with Image.open(path) as shot:
        scaled = shot.convert("RGB").resize(
            (width, round(shot.height * width / shot.width)), Image.Resampling.LANCZOS
        )
    return scaled.crop((0, 0, width, min(height, scaled.height)))


def contact_sheet(tiles: list[tuple[str, Path, Path]], out: Path, columns: int = 3) -> int:
    """Write the sheet of (label, desktop shot, phone shot) tiles; return how many it holds."""
    cell_w, cell_h = TILE_WIDTH + PHONE_WIDTH + 30, TILE_HEIGHT + LABEL + 20
    rows = -(-len(tiles) // columns)
    sheet = Image.new("RGB", (columns * cell_w + 10, rows * cell_h + 10), "#e9e9ee")
    draw = ImageDraw.Draw(sheet)
    for n, (label, desktop, phone) in enumerate(tiles):
        x, y = 10 + (n % columns) * cell_w, 10 + (n // columns) * cell_h
        draw.text((x, y + 4), label, fill="#111111")
        sheet.paste(_fit(desktop, TILE_WIDTH, TILE_HEIGHT), (x, y + LABEL))
        sheet.paste(_fit(phone, PHONE_WIDTH, TILE_HEIGHT), (x + TILE_WIDTH + 10, y + LABEL))
    sheet.save(out)
    return len(tiles)
