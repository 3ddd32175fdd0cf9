"""The badge's colours, shared by the background, the text and the QR code."""

from __future__ import annotations

Color = tuple[int, int, int]

BG_TOP_LEFT: Color = (9, 34, 92)
BG_BOTTOM_RIGHT: Color = (11, 118, 124)
WHITE: Color = (255, 255, 255)
INK: Color = (12, 27, 51)
MUTED: Color = (82, 96, 118)
TEAL: Color = (10, 112, 120)
GOLD: Color = (242, 178, 62)
GLOW: Color = (96, 200, 224)
SUBTITLE_INK: Color = (190, 224, 234)
FOOTER_INK: Color = (214, 234, 240)
DIVIDER: Color = (224, 231, 239)
QR_BORDER: Color = (214, 222, 232)
