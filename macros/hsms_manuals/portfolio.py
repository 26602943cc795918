"""`hsms build` of a whole portfolio: decide, for every manual, whether it is unfinished (its
problems, found as `hsms validate` finds them), unchanged since its last build (the content hash
in its build marker) or to be built; then build those in parallel processes.

Deciding imports no MkDocs and builds nothing, so a rebuild where nothing changed costs about
what `hsms validate` does. MkDocs is not thread-safe: each build runs in a process of its own
(``ProcessPoolExecutor``), still into a temporary folder swapped in when it succeeded
(``build.build``). Nothing here prints: the command reports each ``Outcome``."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import FrameType

from . import clock
from .build_marker import read_marker
from .errors import HsmsError, Interrupted, Problem, ValidationFailed
from .input_hash import BuildOptions, InputHasher
from .library import Library, load_library
from .manual import PageReader, load_manual
from .model import Manual
from .paths import PARTNERS_DIR, TOPICS_FILE
from .state import NotPreviewable, buildable
from .validate import check_manual

LOG_FORMAT = "%(levelname)-7s -  %(message)s"  # as MkDocs prints its own messages


class Kind(str, Enum):
    BUILT = "built"
    UNCHANGED = "unchanged"
    UNFINISHED = "unfinished"  # validation problems (or, for a preview, a manual that does not load)
    FAILED = "failed"  # the build itself failed


@dataclass(frozen=True)
class Options:
    pdf: bool = True
    drafts: bool = False
    force: bool = False  # rebuild even when the inputs did not change
    verbose: bool = False  # keep MkDocs' INFO messages too
    debug: bool = False  # re-raise the first failure (with its traceback)


@dataclass(frozen=True)
class Job:
    """One manual to build: everything a worker process needs (picklable)."""

    root: Path
    manual_id: str
    out_root: Path
    options: Options
    content_hash: str


@dataclass(frozen=True)
class Outcome:
    manual_id: str
    kind: Kind
    target: Path | None = None  # where it was built (or is, when unchanged)
    reason: str = ""  # one line for the closing summary (unfinished, failed)
    reason_when_listed: str = ""  # the same, when the problems were printed above it
    problems: tuple[Problem, ...] = ()  # every problem of an unfinished manual
    error: str = ""  # the whole message of a failed build
    log: tuple[str, ...] = ()  # MkDocs' messages during the build (warnings and errors; INFO with verbose)

    @property
    def ok(self) -> bool:
        return self.kind in (Kind.BUILT, Kind.UNCHANGED)


# --- deciding -------------------------------------------------------------------------------


def _depends_on(problem: Problem, partner_id: str | None) -> bool:
    """A problem in partners/ that stops this manual's build: topics.yml, the legislation
    register, its own partner map (a build loads only that one; a broken other map does not
    matter to it)."""
    m = re.fullmatch(rf"{PARTNERS_DIR}/([^/]+)\.yml", problem.file)
    return m is None or problem.file == f"{PARTNERS_DIR}/{TOPICS_FILE}" or m.group(1) == partner_id


def decide(
    root: Path, ids: Sequence[str], out_root: Path, options: Options, on: dt.date | None = None
) -> tuple[list[Outcome], list[Job]]:
    """What `hsms build` does with each manual, without building: the outcomes known already
    (unfinished, unchanged) and the builds to run, in the order of ``ids``."""
    on = on or clock.today()
    library, library_problems = load_library(root)
    reader = PageReader(root)
    hasher = InputHasher(root)
    decided: list[Outcome] = []
    jobs: list[Job] = []
    for mid in ids:
        manual, problems = load_manual(root, mid, reader)
        if manual is not None:
            problems += check_manual(root, manual, library, on)
        mine = [p for p in library_problems if _depends_on(p, manual.partner_id if manual else None)]
        checked = _buildable(mid, manual, library, mine, problems, options)
        if isinstance(checked, Outcome):
            decided.append(checked)
            continue
        manual = checked
        shown = tuple(str(p) for p in sorted(problems)) if options.drafts else ()
        content_hash = hasher.manual(mid, manual.partner_id, BuildOptions(options.pdf, options.drafts, shown))
        marker = read_marker(out_root / mid)
        if not options.force and marker is not None and marker.manual == mid and marker.content_hash == content_hash:
            decided.append(Outcome(mid, Kind.UNCHANGED, target=out_root / mid))
        else:
            jobs.append(Job(root, mid, out_root, options, content_hash))
    return decided, jobs


def _buildable(
    mid: str,
    manual: Manual | None,
    library: Library,
    library_problems: list[Problem],
    problems: list[Problem],
    options: Options,
) -> Manual | Outcome:
    """The manual, when it can be built; else its outcome (as the build's own check would find)."""
    try:
        return buildable(mid, manual, library, library_problems, problems, drafts=options.drafts)[0]
    except NotPreviewable as exc:
        if options.debug:
            raise
        why = str(exc).removeprefix(f"manual '{mid}' ")
        return Outcome(
            mid,
            Kind.UNFINISHED,
            reason=why,
            problems=tuple(exc.problems),
            reason_when_listed=f"cannot be previewed: it does not load ({len(exc.problems)} problem(s), "
            "listed above) — fix that first",
        )
    except ValidationFailed as exc:
        if options.debug:
            raise
        first = exc.problems[0].short() if exc.problems else "see `hsms validate`"
        preview = f"(or preview it with `hsms build {mid} --drafts`)"
        return Outcome(
            mid,
            Kind.UNFINISHED,
            problems=tuple(exc.problems),
            reason=f"{len(exc.problems)} problem(s); first: {first}; run `hsms validate {mid}` {preview}",
            reason_when_listed=f"{len(exc.problems)} problem(s), listed above; nothing was built {preview}",
        )


# --- building -------------------------------------------------------------------------------


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def captured_log(verbose: bool) -> Iterator[list[str]]:
    """MkDocs' messages during one build, kept to be printed together (builds run side by side)."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    handler = Keep(logging.INFO if verbose else logging.WARNING)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def build_one(job: Job) -> Outcome:
    """Build one manual (in this process); an HsmsError becomes a FAILED outcome unless debugging."""
    from .build import build  # MkDocs: only where something is built

    mid, o = job.manual_id, job.options
    with captured_log(o.verbose) as log:
        try:
            target = build(job.root, mid, job.out_root, o.pdf, drafts=o.drafts, content_hash=job.content_hash)
        except HsmsError as exc:
            if o.debug or isinstance(exc, Interrupted):
                raise
            message = str(exc)
            reason = message.splitlines()[0].removeprefix(f"{mid}: ")
            return Outcome(mid, Kind.FAILED, reason=reason, error=message, log=tuple(log))
    return Outcome(mid, Kind.BUILT, target=target, log=tuple(log))


def build_all(jobs: Sequence[Job], workers: int, done: Callable[[Outcome], None]) -> None:
    """Run the builds, ``workers`` at a time, calling ``done`` with each outcome as it comes.
    One process is this one; more are worker processes. An exception (``--debug``, Ctrl-C,
    SIGTERM, a bug of ours) stops the workers, whose builds remove their temporary folders."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            done(build_one(job))
        return
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), mp_context=_context(), initializer=_worker_start, initargs=(clock.today(),)
    )
    try:
        futures = [pool.submit(_worker_build, job) for job in jobs]
        for future in as_completed(futures):
            done(future.result())
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _context() -> multiprocessing.context.BaseContext:
    """fork where it is safe and available: the workers start with hsms and MkDocs already imported."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context(
        "fork" if "fork" in methods and os.name == "posix" and os.uname().sysname == "Linux" else "spawn"
    )


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers: SIGTERM makes a building worker remove its temporary folder and exit."""
    for child in multiprocessing.active_children():
        child.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


# --- inside a worker process ----------------------------------------------------------------


class _Worker:
    """The state of this worker process (one per process, never shared)."""

    busy = False


def _worker_start(day: dt.date) -> None:
    """Every worker builds on the parent's date (one portfolio build, one day), ignores Ctrl-C
    (the parent stops the workers) and turns SIGTERM into the cleanup of its build."""
    setattr(clock, "today", lambda: day)  # noqa: B010 - the clock is patched as tests patch it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    if _Worker.busy:
        raise Interrupted("stopped")  # unwinds build(): the temporary folder is removed
    os._exit(130)


def _worker_build(job: Job) -> Outcome:
    _Worker.busy = True
    try:
        return build_one(job)
    except Interrupted:
        os._exit(130)  # stopped by the parent, which reports it; the cleanup has run
    finally:
        _Worker.busy = False
