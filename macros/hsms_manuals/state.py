"""Everything one manual's build needs, loaded and checked once per build."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .assets import allowed_type
from .certification import choose_audit
from .coverage import Coverage, QuestionResult, compute
from .errors import Problem, UsageError, ValidationFailed
from .library import Library, load_library
from .manual import load_manual
from .model import Element, Manual, Page, Partner, Program
from .paths import MANUAL_FILE
from .text import slug
from .validate import check_manual, resolve_program

AUDIT_DIR = "audit"
INTERVIEWS_SRC = f"{AUDIT_DIR}/interviews.md"  # the guide's interview and observation preparation
PDF_DIR = "pdf"


def section_title(folder: str) -> str:
    """A docs folder's name as a heading (navigation, PDF contents):
    02-safe-work_practices → Safe work practices."""
    words = re.sub(r"^\d+[-_ ]*", "", folder).replace("-", " ").replace("_", " ").strip()
    return (words or folder).capitalize()


def element_src(element: Element) -> str:
    """The generated guide page of an element: audit/element-6.md, audit/element-a.md."""
    return f"{AUDIT_DIR}/element-{slug(element.id)}.md"


def question_anchor(question_id: str) -> str:
    return "q-" + slug(question_id)


@dataclass(frozen=True)
class Answer:
    """An audit question that a page answers, with where it lives in the guide."""

    element: Element
    result: QuestionResult

    @property
    def guide_src(self) -> str:
        return element_src(self.element)

    @property
    def anchor(self) -> str:
        return question_anchor(self.result.question.id)


@dataclass(frozen=True)
class ManualState:
    root: Path  # repository root
    library: Library
    manual: Manual
    partner: Partner
    program: Program
    coverage: Coverage
    answers: dict[str, list[Answer]] = field(default_factory=dict)  # page src → questions it answers
    drafts: bool = False  # a drafts preview: draft pages shown, nothing publishable
    problems: tuple[Problem, ...] = ()  # what blocks approval (only a drafts preview has any)

    @property
    def pdf_name(self) -> str:
        draft = "-DRAFT" if self.drafts else ""  # a preview's PDF says so in its name too
        return f"{self.manual.id}-rev-{self.manual.document.revision}{draft}.pdf"

    @property
    def pages(self) -> tuple[Page, ...]:
        """The pages this build shows: the approved ones, or every page in a drafts preview."""
        return self.manual.pages if self.drafts else self.manual.approved_pages

    @property
    def files(self) -> tuple[str, ...]:
        """The other files of docs/ this build copies: the published ones, and in a preview also
        the files of an allowed type that draft pages link to."""
        m = self.manual
        if not self.drafts:
            return m.published_files
        linked = {target for p in m.pages for target in p.links}
        return tuple(f for f in m.files if f in m.published_files or (allowed_type(f) and f in linked))

    @property
    def draft_pages(self) -> tuple[Page, ...]:
        return tuple(p for p in self.manual.pages if not p.approved)

    @property
    def pdf_src(self) -> str:
        return f"{PDF_DIR}/{self.pdf_name}"

    def page_title(self, src: str) -> str:
        page = self.manual.page_by_src.get(src)
        return page.title if page else src


class NotPreviewable(ValidationFailed):
    """Raised by ``load_state`` for a drafts preview of a manual that does not load at all
    (manual.yml unreadable or invalid, its partner map or program unknown, partners/ broken)."""

    def __init__(self, manual_id: str, problems: list[Problem], reason: str = ""):
        self.manual_id = manual_id
        self.reason = reason
        super().__init__(problems)

    def __reduce__(self):  # raised in `hsms build -j N`'s worker processes: keep the arguments
        return (type(self), (self.manual_id, list(self.problems), self.reason))

    def __str__(self) -> str:
        if self.problems:
            more = len(self.problems) - 1
            why = self.problems[0].short() + (f" (and {more} more problem(s))" if more else "")
        else:
            why = self.reason
        return (
            f"manual '{self.manual_id}' cannot be previewed: it does not load ({why}) — fix that first; "
            f"`hsms validate {self.manual_id}` lists every problem"
        )


def load_state(root: Path, manual_id: str, *, drafts: bool = False) -> ManualState:
    """Load library + manual, run every check; raise ValidationFailed with all problems.
    ``drafts``: a preview of an unfinished manual: its problems are kept in the state (they
    block approval, and the preview lists them); only a manual that does not load at all
    raises (NotPreviewable)."""
    manual, problems = load_manual(root, manual_id)
    library, library_problems = load_library(root, only=manual.partner_id if manual else None)
    if manual is not None:
        problems = problems + check_manual(root, manual, library)
    manual, partner, program = buildable(manual_id, manual, library, library_problems, problems, drafts=drafts)
    cov = compute(manual, partner, program, library.topics, audit=choose_audit(manual, partner))
    answers = {src: [Answer(el, q) for el, q in items] for src, items in cov.pages_answering().items()}
    return ManualState(
        root, library, manual, partner, program, cov, answers, drafts=drafts, problems=tuple(sorted(problems))
    )


def buildable(
    manual_id: str,
    manual: Manual | None,
    library: Library,
    library_problems: list[Problem],
    problems: list[Problem],
    *,
    drafts: bool = False,
) -> tuple[Manual, Partner, Program]:
    """The manual (it loaded), the partner and program a build of it uses, or why it cannot be built: any
    problem (ValidationFailed), or for a drafts preview, a manual that does not load at all
    (NotPreviewable). ``library_problems`` are those of the files the manual depends on."""
    if not drafts and (library_problems or problems or manual is None):
        raise ValidationFailed(library_problems + problems)
    yml = [p for p in problems if p.file.endswith(MANUAL_FILE)]
    if manual is None or library_problems or manual.partner_id not in library.partners:
        raise NotPreviewable(manual_id, library_problems + (yml or problems))
    partner = library.partners[manual.partner_id]
    try:
        return manual, partner, resolve_program(manual, partner)
    except UsageError as exc:  # only possible in a preview: a valid manual has a program
        raise NotPreviewable(manual_id, yml, str(exc)) from exc
