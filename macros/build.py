"""`hsms build` and `hsms serve`: one strict MkDocs build per manual from the shared root
mkdocs.yml. A build goes to a temporary folder beside the output and replaces
``site/<manual>`` only when it succeeded, so a failed build leaves the last good site."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .errors import BuildFailed
from .manual import manual_root

CONFIG = "mkdocs.yml"
SITE = "site"


@contextmanager
def mkdocs_logging(verbose: bool = False) -> Iterator[None]:
    """Show MkDocs' warnings and errors (the reasons a strict build fails) on stderr."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def load_manual_config(root: Path, manual_id: str, site_dir: Path, pdf: bool = True):
    """The shared config pointed at one manual, strict no matter what the file says."""
    cfg = load_config(str(root / CONFIG), docs_dir=str(manual_root(root, manual_id) / "docs"),
                      site_dir=str(site_dir), strict=True)
    cfg.plugins["hsms"].config.pdf = pdf
    return cfg


def build_site(root: Path, manual_id: str, site_dir: Path, pdf: bool = True) -> None:
    """Build straight into site_dir (callers choose a temporary one). Raises BuildFailed."""
    try:
        mkdocs_build(load_manual_config(root, manual_id, site_dir, pdf))
    except MkDocsException as exc:  # Abort (strict warnings), PluginError, ConfigurationError
        reason = str(exc).strip()
        # MkDocs has already logged the page errors; its "Aborted with a BuildError!" adds nothing.
        detail = "see the errors above" if "BuildError" in reason else reason
        raise BuildFailed(f"{manual_id}: build failed ({detail})") from None


def build(root: Path, manual_id: str, out_root: Path | None = None, pdf: bool = True) -> Path:
    """Build one manual into out_root/<manual> (default site/), swapping in on success."""
    manual_root(root, manual_id)  # unknown manual → usage error before any work
    out_root = out_root or root / SITE
    out_root.mkdir(parents=True, exist_ok=True)
    target = out_root / manual_id
    tmp = Path(tempfile.mkdtemp(prefix=f".{manual_id}.build-", dir=out_root))
    try:
        build_site(root, manual_id, tmp, pdf)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, BuildFailed):
            kept = f"{target} was left as it was" if target.exists() else "nothing was written"
            raise BuildFailed(f"{exc} — {kept}") from None
        raise
    os.chmod(tmp, 0o755)
    swap_in(tmp, target)
    return target


def swap_in(new: Path, target: Path) -> None:
    """Replace target with new using renames (no copying, no half-written tree)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve(root: Path, manual_id: str, dev_addr: str | None = None) -> None:
    """Live-reloading preview of one manual (the plugin skips the PDF when serving)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mroot = manual_root(root, manual_id)
    mkdocs_serve(config_file=str(root / CONFIG), livereload=True, docs_dir=str(mroot / "docs"),
                 watch=[str(mroot / "manual.yml"), str(root / "partners"), str(root / "overrides")],
                 strict=True, **({"dev_addr": dev_addr} if dev_addr else {}))
