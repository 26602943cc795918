"""Installing the manual on a phone's home screen: the web app manifest and its icons.

Icons are drawn at build time from the company's logo (``logo:`` in manual.yml, an image of
docs/) or, without one, from hsms's own shield (``site_assets/icon.svg``). SVG is rasterized by
resvg (``resvg-py``, a wheel with no system library); raster logos are read, and every icon is
composed, with Pillow. A logo is untrusted input: an SVG may not reference anything outside
itself (resvg would read files from the disk), a raster logo is decoded under a pixel limit,
and the logo itself is never published — only the icons drawn from it."""

from __future__ import annotations

import io
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Problem
from .i18n import t
from .model import Manual
from .yamlio import SourceError, read_bytes

# The site's colours (overrides/assets/hsms.css: --md-primary-fg-color) for the phone's chrome.
THEME_COLOR = "#003b5c"
BACKGROUND_COLOR = "#ffffff"
MANIFEST = "manifest.webmanifest"
ICONS_DIR = "icons"
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".webp", ".svg")
MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 40_000_000  # a 6000×6000 photo; a "decompression bomb" is refused, not decoded
# An SVG logo may only point inside itself (#id) or carry its images inline (data:).
_SVG_REFERENCE = re.compile(r"""\bhref\s*=\s*["']\s*([^"']*)|url\(\s*["']?\s*([^"')]*)|(@import)|(<!ENTITY)""", re.I)


def outside_reference(svg: str) -> str | None:
    """The first thing an SVG refers to outside itself (a file, an address, an import), if any."""
    for match in _SVG_REFERENCE.finditer(svg):
        target = next(g for g in match.groups() if g is not None).strip()
        if not target.startswith(("#", "data:")):
            return target
    return None


@dataclass(frozen=True)
class Icon:
    name: str  # file name under icons/
    size: int
    purpose: str  # "any" | "maskable" | "" (not in the manifest: apple-touch-icon, favicon)
    content: float  # share of the side the logo may fill (maskable: inside the safe zone)


ICONS = (
    Icon("icon-192.png", 192, "any", 0.84),
    Icon("icon-512.png", 512, "any", 0.84),
    Icon("icon-maskable-512.png", 512, "maskable", 0.56),  # inside the safe zone, the middle 80% circle: 0.8 / √2
    Icon("apple-touch-icon.png", 180, "", 0.84),
    Icon("favicon.png", 48, "", 0.9),
)
HEADER_LOGO = "logo.png"  # the company's logo at its own shape, for the site's header


class LogoError(ValueError):
    """The logo cannot be used; str() says why."""


# --- checking (validate) -------------------------------------------------------------------


def logo_problems(manual: Manual, yml: Callable[[tuple[Any, ...], str, str], Problem]) -> list[Problem]:
    """The logo: an image file of docs/, of a type we draw, that really draws."""
    rel = manual.logo
    if rel is None:
        return []
    at = ("logo",)
    if posixpath.splitext(rel)[1].lower() not in LOGO_TYPES:
        return [yml(at, f"'{rel}' is not a PNG, JPEG, WebP or SVG image", "save the logo as one of these")]
    if rel not in manual.files:
        return [yml(at, f"'{rel}' is not a file of docs/", "write the path relative to docs/, e.g. logo: img/logo.png")]
    try:
        load_logo(manual.docs_dir / rel)
    except LogoError as exc:
        return [yml(at, f"docs/{rel} cannot be used: {exc}", "save the logo again as a plain PNG or SVG")]
    return []


# --- drawing -------------------------------------------------------------------------------


def load_logo(path: Path) -> Any:
    """The logo as an RGBA Pillow image, at most 1024 px on its longer side."""
    try:
        data = read_bytes(path, path.name)
    except SourceError as exc:
        raise LogoError(exc.problem) from None
    return load_logo_bytes(data, path.name)


def load_logo_bytes(data: bytes, name: str) -> Any:
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(f"it is {len(data) // 1024 // 1024} MB (at most {MAX_LOGO_BYTES // 1024 // 1024} MB)")
    if name.lower().endswith(".svg"):
        return _svg(data.decode("utf-8", errors="replace"))
    too_big = LogoError(f"it has more than {MAX_LOGO_PIXELS // 1_000_000} million pixels (a logo needs far fewer)")
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_LOGO_PIXELS:  # known from the header, before decoding
                raise too_big
            opened.load()
            img = ImageOps.exif_transpose(opened).convert("RGBA")
    except Image.DecompressionBombError:
        raise too_big from None
    except (UnidentifiedImageError, OSError) as exc:
        raise LogoError(f"it is not a readable image ({exc})") from None
    img.thumbnail((1024, 1024))
    return img


def _svg(text: str, side: int = 1024) -> Any:
    import resvg_py
    from PIL import Image

    found = outside_reference(text)
    if found is not None:
        raise LogoError(f"it refers to {found!r} outside itself; an SVG logo must hold all it draws")
    try:
        png = bytes(resvg_py.svg_to_bytes(svg_string=text, width=side, skip_system_fonts=False))
        img = Image.open(io.BytesIO(png)).convert("RGBA")
        if img.height > side:  # a tall logo: fit its height instead
            png = bytes(resvg_py.svg_to_bytes(svg_string=text, height=side))
            img = Image.open(io.BytesIO(png)).convert("RGBA")
    except (ValueError, OSError) as exc:
        raise LogoError(f"it is not an SVG drawing resvg can read ({exc})") from None
    if img.getbbox() is None:
        raise LogoError("it draws nothing (every pixel is transparent)")
    return img


def default_icon() -> Any:
    return _svg(resources.files("hsms_manuals").joinpath("site_assets/icon.svg").read_text(encoding="utf-8"))


def draw(source: Any, icon: Icon, background: str) -> bytes:
    """One square icon: ``source`` centred on ``background``, filling ``icon.content`` of the side."""
    from PIL import Image

    canvas = Image.new("RGBA", (icon.size, icon.size), background)
    box = max(1, round(icon.size * icon.content))
    scale = box / max(source.size)  # up or down: the logo fills its box
    logo = source.resize(
        (max(1, round(source.width * scale)), max(1, round(source.height * scale))), Image.Resampling.LANCZOS
    )
    canvas.alpha_composite(logo, ((icon.size - logo.width) // 2, (icon.size - logo.height) // 2))
    out = io.BytesIO()
    canvas.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


def header_logo(source: Any, height: int = 96) -> bytes:
    from PIL import Image

    scale = height / source.height
    logo = source.resize((max(1, min(4 * height, round(source.width * scale))), height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    logo.save(out, "PNG", optimize=True)
    return out.getvalue()


# --- the manifest --------------------------------------------------------------------------


def short_name(company: str, limit: int = 12) -> str:
    """What the phone writes under the icon: the company's first words, within ``limit`` characters."""
    words = company.replace(",", " ").split()
    out = words[0][:limit] if words else "Manual"
    for word in words[1:]:
        if len(out) + 1 + len(word) > limit:
            break
        out += " " + word
    return out


def manifest(manual: Manual, *, start_url: str, lang: str = "en") -> str:
    """The web app manifest (JSON). ``start_url`` and ``scope`` are relative to the manifest: "./"
    for a built site, "../" for a published revision (the manual's stable address, which always
    opens the current revision)."""
    m = manual
    data = {
        "name": f"{m.company.name} — {m.document.title}",
        "short_name": short_name(m.company.name),
        "description": t(lang, "Health and safety manual: emergency numbers, procedures and forms, also offline."),
        "lang": lang,
        "id": start_url,
        "start_url": start_url,
        "scope": start_url,
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": f"{ICONS_DIR}/{i.name}", "sizes": f"{i.size}x{i.size}", "type": "image/png", "purpose": i.purpose}
            for i in ICONS
            if i.purpose
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def write_install_files(manual: Manual, site: Path, *, published: bool) -> None:
    """manifest.webmanifest and icons/ into a built site."""
    if manual.logo:
        source, background = load_logo(manual.docs_dir / manual.logo), BACKGROUND_COLOR
    else:
        source, background = default_icon(), THEME_COLOR
    folder = site / ICONS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for icon in ICONS:
        (folder / icon.name).write_bytes(draw(source, icon, background))
    if manual.logo:
        (folder / HEADER_LOGO).write_bytes(header_logo(source))
    (site / MANIFEST).write_text(manifest(manual, start_url="../" if published else "./"), encoding="utf-8")
