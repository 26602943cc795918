"""Print the CSS unicode-range of a font file: exactly the characters its cmap has, from U+0020 up.

fonts.css must claim no more and no less (WeasyPrint trusts unicode-range; tests/unit/test_pdf_print.py
checks it). Usage: .venv/bin/python scripts/font_ranges.py macros/hsms_manuals/pdf/fonts/FILE.woff…"""

from __future__ import annotations

import sys

from fontTools.ttLib import TTFont


def unicode_range(codepoints: set[int]) -> str:
    """{0x20, 0x21, 0x22, 0x41} → "U+0020-0022, U+0041"."""
    runs: list[tuple[int, int]] = []
    for c in sorted(codepoints):
        if runs and c == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in runs)


def main(files: list[str]) -> int:
    for file in files:
        cmap = {c for c in TTFont(file).getBestCmap() if c >= 0x20}
        print(f"{file}\n  unicode-range: {unicode_range(cmap)};")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
