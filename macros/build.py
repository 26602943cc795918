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
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

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


def load_manual_config(root: Path, manual_id: str, site_dir: Path, pdf: bool = True, *, publish: bool = False,
                       previous_snapshot: Path | None = None):
    """The shared config pointed at one manual, strict no matter what the file says.
    ``publish`` and ``previous_snapshot`` switch on the pages only `hsms publish` writes."""
    cfg = load_config(str(root / CONFIG), docs_dir=str(manual_root(root, manual_id) / "docs"),
                      site_dir=str(site_dir), strict=True)
    hsms = cfg.plugins.get("hsms")
    if hsms is None:
        raise ConfigurationError(f"{CONFIG} does not enable the 'hsms' plugin — add `hsms: {{}}` under plugins:, "
                                 "after macros")
    hsms.config.pdf = pdf
    hsms.config.publish = publish
    hsms.config.previous_snapshot = str(previous_snapshot) if previous_snapshot else None
    return cfg


def build_site(root: Path, manual_id: str, site_dir: Path, pdf: bool = True, *, publish: bool = False,
               previous_snapshot: Path | None = None) -> None:
    """Build straight into site_dir (callers choose a temporary one); `hsms build` and
    `hsms publish` both build here. MkDocs' exceptions become BuildFailed; anything else is
    our bug and keeps its traceback."""
    try:
        mkdocs_build(load_manual_config(root, manual_id, site_dir, pdf, publish=publish,
                                        previous_snapshot=previous_snapshot))
    except MkDocsException as exc:
        raise BuildFailed(f"{manual_id}: build failed ({failure_detail(exc)})") from None


def failure_detail(exc: MkDocsException) -> str:
    """MkDocs logs the reasons (page errors, strict-mode warnings, config errors) before it
    raises Abort ("Aborted with …"), which adds nothing; other exceptions carry the reason."""
    return "see the errors above" if isinstance(exc, Abort) else str(exc).strip()


def build(root: Path, manual_id: str, out_root: Path | None = None, pdf: bool = True) -> Path:
    """Build one manual into out_root/<manual> (default site/), swapping in on success.
    Whatever goes wrong, even our own bug, the temporary folder goes and the old site stays."""
    manual_root(root, manual_id)  # unknown manual → usage error before any work
    out_root = out_root or root / SITE
    target = out_root / manual_id
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{manual_id}.build-", dir=out_root))
    except OSError as exc:
        raise BuildFailed(f"{manual_id}: cannot write to {out_root} ({why_not_writable(out_root, exc)}) — "
                          "choose another --site-dir") from None
    try:
        build_site(root, manual_id, tmp, pdf)
        os.chmod(tmp, 0o755)
        swap_in(tmp, target)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, BuildFailed):
            kept = f"{target} was left as it was" if target.exists() else "nothing was written"
            raise BuildFailed(f"{exc} — {kept}") from None
        raise
    return target


def why_not_writable(folder: Path, exc: OSError) -> str:
    """The reason a folder could not be created or written, in the user's terms."""
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    return f"{blocker} is a file" if blocker else str(exc.strerror or exc)


def swap_in(new: Path, target: Path) -> None:
    """Replace target with new using renames (no copying, no half-written tree)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)  # put the previous tree back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve(root: Path, manual_id: str, dev_addr: str | None = None) -> None:
    """Live-reloading preview of one manual (the plugin skips the PDF when serving)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mroot = manual_root(root, manual_id)
    mkdocs_serve(config_file=str(root / CONFIG), livereload=True, docs_dir=str(mroot / "docs"),
                 watch=[str(mroot / "manual.yml"), str(root / "partners"), str(root / "overrides")],
                 strict=True, **({"dev_addr": dev_addr} if dev_addr else {}))
