#!/usr/bin/env python3
"""Draws the site's PNG icons and favicon from the same shapes as
public/icon.svg (a blue rounded square, a white screen with a blue play
triangle, a white stand), with python3's standard library only (zlib for
PNG), so the committed files can be redrawn byte for byte:

    python3 tools/icons.py            # writes public/icon-192.png, ...

Outputs: icon-192.png, icon-512.png (rounded, "any"), icon-maskable-512.png
(full-bleed background, the drawing inside the 80 % safe circle),
favicon.ico (one 32 x 32 PNG inside an ICO container).
"""

import os
import struct
import zlib

BLUE = (0x0B, 0x57, 0xD0)
WHITE = (0xFF, 0xFF, 0xFF)
SUPERSAMPLE = 4  # samples per pixel side: smooth edges, same bytes every run


def in_round_rect(x, y, left, top, width, height, radius):
    if not (left <= x <= left + width and top <= y <= top + height):
        return False
    cx = min(max(x, left + radius), left + width - radius)
    cy = min(max(y, top + radius), top + height - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def in_triangle(x, y):
    # M216 184 v112 l96 -56 z: (216,184), (216,296), (312,240).
    if x < 216:
        return False
    half = 56 * (312 - x) / 96
    return 240 - half <= y <= 240 + half


def colour_at(x, y, maskable):
    """The colour (RGBA) at a point of the 512 x 512 drawing."""
    if maskable:
        # Full bleed: the platform masks the corners itself; the drawing is
        # scaled to 80 % about the centre (the safe zone).
        x, y = 256 + (x - 256) / 0.8, 256 + (y - 256) / 0.8
        background = True
    else:
        background = in_round_rect(x, y, 0, 0, 512, 512, 96)
    if in_round_rect(x, y, 96, 128, 320, 224, 24):
        return BLUE + (255,) if in_triangle(x, y) else WHITE + (255,)
    if in_round_rect(x, y, 176, 376, 160, 24, 12):
        return WHITE + (255,)
    return BLUE + (255,) if background else (0, 0, 0, 0)


def render(size, maskable=False):
    rows = []
    n = SUPERSAMPLE
    scale = 512 / size
    for py in range(size):
        row = bytearray([0])  # PNG filter: none
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    c = colour_at((px + (sx + 0.5) / n) * scale, (py + (sy + 0.5) / n) * scale, maskable)
                    # Premultiplied, so transparent samples add no colour.
                    acc[0] += c[0] * c[3]
                    acc[1] += c[1] * c[3]
                    acc[2] += c[2] * c[3]
                    acc[3] += c[3]
            alpha = acc[3]
            if alpha == 0:
                row += bytes(4)
            else:
                row += bytes([round(acc[0] / alpha), round(acc[1] / alpha), round(acc[2] / alpha), round(alpha / (n * n))])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(png_bytes, size):
    # ICONDIR + one ICONDIRENTRY pointing at an embedded PNG.
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(png_bytes), 6 + 16)
    return struct.pack("<HHH", 0, 1, 1) + entry + png_bytes


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public")
    files = {
        "icon-192.png": render(192),
        "icon-512.png": render(512),
        "icon-maskable-512.png": render(512, maskable=True),
        "favicon.ico": ico(render(32), 32),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
