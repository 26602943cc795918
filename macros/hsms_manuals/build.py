"""`hsms build` and `hsms serve`: one MkDocs build per manual from the shared root mkdocs.yml,
strict unless it is a drafts preview. A build goes to a temporary folder beside the output and
replaces ``site/<manual>`` only when it succeeded, so a failed build leaves the last good site; it
never replaces the repository, its sources, or a folder that hsms did not build (``site_dirs``:
every build writes a marker file, ``build_marker``). Deciding *what* to build, for many manuals
at once, is ``portfolio``'s job."""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import IpAddress
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from . import reporting
from .errors import BuildFailed, UsageError
from .fsutil import recover, swap_in, temporary_folder, why_not_writable
from .gitbranch import BRANCH
from .inputs import stamp
from .manual import manual_root
from .paths import CONFIG, MANUAL_FILE, OVERRIDES_DIR, PARTNERS_DIR, SITE
from .site_dirs import check_site_dir

TEMP_KIND = "build"  # temporary folders: site/.<manual>.build-<pid>-<random>
DEV_ADDR = "127.0.0.1:8000"  # MkDocs' default


class _VisibleFormatter(logging.Formatter):
    """MkDocs' messages quote titles and paths from the manual: no control character reaches the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return reporting.visible(super().format(record))


@contextmanager
def mkdocs_logging(verbose: bool = False) -> Iterator[None]:
    """Show MkDocs' warnings and errors (the reasons a strict build fails) on stderr."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_VisibleFormatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def load_manual_config(
    root: Path,
    manual_id: str,
    site_dir: Path,
    pdf: bool = True,
    *,
    publish: bool = False,
    previous_snapshot: Path | None = None,
    branch: str | None = None,
    replace_reason: str | None = None,
    drafts: bool = False,
    content_hash: str | None = None,
):
    """The shared config pointed at one manual, strict no matter what the file says (a drafts
    preview is not strict: it is built to show what is still wrong). ``publish`` and
    ``previous_snapshot`` switch on the pages only `hsms publish` writes, and a publish is never
    a drafts preview, whatever mkdocs.yml says; ``branch`` and ``replace_reason`` are what the
    PDF's revision history reads and says. ``content_hash`` goes into the build marker."""
    drafts = drafts and not publish
    cfg = load_config(
        str(root / CONFIG),
        docs_dir=str(manual_root(root, manual_id) / "docs"),
        site_dir=str(site_dir),
        strict=not drafts,
    )
    hsms = cfg.plugins.get("hsms")
    if hsms is None:
        raise ConfigurationError(
            f"{CONFIG} does not enable the 'hsms' plugin — add `hsms: {{}}` under plugins:, after macros"
        )
    hsms.config.pdf = pdf
    hsms.config.publish = publish
    hsms.config.previous_snapshot = str(previous_snapshot) if previous_snapshot else None
    hsms.config.branch = branch or BRANCH  # set every time: MkDocs may reuse the plugin instance
    hsms.config.replace_reason = replace_reason
    hsms.config.drafts = drafts
    hsms.config.content_hash = content_hash
    return cfg


def build_site(
    root: Path,
    manual_id: str,
    site_dir: Path,
    pdf: bool = True,
    *,
    publish: bool = False,
    previous_snapshot: Path | None = None,
    branch: str | None = None,
    replace_reason: str | None = None,
    drafts: bool = False,
    content_hash: str | None = None,
) -> None:
    """Build straight into site_dir (callers choose a temporary one); `hsms build` and
    `hsms publish` both build here. MkDocs' exceptions become BuildFailed; anything else is
    our bug and keeps its traceback."""
    try:
        mkdocs_build(
            load_manual_config(
                root,
                manual_id,
                site_dir,
                pdf,
                publish=publish,
                previous_snapshot=previous_snapshot,
                branch=branch,
                replace_reason=replace_reason,
                drafts=drafts,
                content_hash=content_hash,
            )
        )
    except MkDocsException as exc:
        raise BuildFailed(f"{manual_id}: build failed ({failure_detail(exc)})") from exc


def failure_detail(exc: MkDocsException) -> str:
    """MkDocs logs the reasons (page errors, strict-mode warnings, config errors) before it
    raises Abort ("Aborted with …"), which adds nothing; other exceptions carry the reason."""
    return "see the errors above" if isinstance(exc, Abort) else str(exc).strip()


def build(
    root: Path,
    manual_id: str,
    out_root: Path | None = None,
    pdf: bool = True,
    *,
    drafts: bool = False,
    content_hash: str | None = None,
) -> Path:
    """Build one manual into out_root/<manual> (default site/), swapping in on success.
    Whatever goes wrong, even our own bug, the temporary folder goes and the old site stays;
    a full disk or another write error is a BuildFailed naming what could not be written."""
    manual_root(root, manual_id)  # unknown manual → usage error before any work
    out_root = out_root or root / SITE
    target = out_root / manual_id
    check_site_dir(root, out_root.resolve(), [manual_id])  # before anything is written
    recover(out_root, manual_id, TEMP_KIND)  # what a killed build left behind
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        tmp = temporary_folder(out_root, manual_id, TEMP_KIND)
    except OSError as exc:
        raise BuildFailed(
            f"{manual_id}: cannot write to {out_root} ({why_not_writable(out_root, exc)}) — choose another --site-dir"
        ) from exc
    try:
        build_site(root, manual_id, tmp, pdf, drafts=drafts, content_hash=content_hash)
        if pdf:  # lets `hsms audit-pack` take this PDF while the sources are unchanged
            stamp(tmp, root, manual_id)
        os.chmod(tmp, 0o755)
        swap_in(tmp, target)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        kept = f"{target} was left as it was" if target.exists() else "nothing was written"
        if isinstance(exc, BuildFailed):
            raise BuildFailed(f"{exc} — {kept}") from exc
        if isinstance(exc, OSError):  # a full disk, a quota, a read-only or failing file system
            what = _written(exc, tmp, target)
            raise BuildFailed(f"{manual_id}: cannot write {what} ({exc.strerror or exc}) — {kept}") from exc
        raise
    return target


def _written(exc: OSError, tmp: Path, target: Path) -> Path:
    """The file a write error was about, named as it would be in the output (not the temporary folder)."""
    if not exc.filename:
        return target
    path = Path(os.fsdecode(exc.filename))
    try:
        return target / path.relative_to(tmp)
    except ValueError:
        return path


def serve(root: Path, manual_id: str, dev_addr: str | None = None, *, drafts: bool = False) -> None:
    """Live-reloading preview of one manual (the plugin skips the PDF when serving); ``drafts``
    previews the draft pages and an unfinished manual. An address that cannot be served on is a
    usage error, found before the first build where possible."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mroot = manual_root(root, manual_id)
    addr = dev_addr or DEV_ADDR
    _, port = check_dev_addr(addr)  # before the first build: fail fast
    options: dict[str, Any] = {"plugins": drafts_plugins(root)} if drafts else {}
    try:
        mkdocs_serve(
            config_file=str(root / CONFIG),
            livereload=True,
            docs_dir=str(mroot / "docs"),
            watch=[str(mroot / MANUAL_FILE), str(root / PARTNERS_DIR), str(root / OVERRIDES_DIR)],
            strict=not drafts,
            dev_addr=addr,
            **options,
        )
    except OSError as exc:  # the port was taken between our check and MkDocs' bind
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
            raise
        raise cannot_serve(addr, port, exc) from exc


def drafts_plugins(root: Path) -> dict[str, Any]:
    """mkdocs.yml's plugins with the hsms plugin switched to a drafts preview. `mkdocs serve`
    loads the configuration again on every rebuild, so the switch is an override of the file's
    plugins value (load_config applies it each time), not a setting made once."""
    from mkdocs.utils.yaml import yaml_load

    with open(root / CONFIG, "rb") as fh:
        value = yaml_load(fh).get("plugins") or {}
    items = (
        list(value.items())
        if isinstance(value, dict)
        else [next(iter(item.items())) if isinstance(item, dict) else (item, {}) for item in value]
    )
    return {name: {**(cfg or {}), "drafts": True} if name == "hsms" else cfg for name, cfg in items}


def check_dev_addr(addr: str) -> tuple[str, int]:
    """The host and port of --dev-addr, checked as MkDocs reads it and by binding it once."""
    try:
        host, port = IpAddress().validate(addr)
    except ValidationError as exc:
        raise cannot_serve(addr, None, str(exc)) from exc
    if not 0 < port < 65536:
        raise cannot_serve(addr, None, f"port {port} is not between 1 and 65535")
    family = socket.AF_INET6 if host != "localhost" and ipaddress.ip_address(host).version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
            probe.bind((host, port))
    except OSError as exc:
        raise cannot_serve(addr, port, exc) from exc
    return host, port


def cannot_serve(addr: str, port: int | None, reason: str | OSError) -> UsageError:
    if isinstance(reason, OSError):
        reason = str(reason.strerror or reason)
    reason = reason[:1].lower() + reason[1:]
    other = port + 1 if port and port < 65535 else 8001
    return UsageError(f"cannot serve on {addr} ({reason}) — choose another --dev-addr, e.g. 127.0.0.1:{other}")
