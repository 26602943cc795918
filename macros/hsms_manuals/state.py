"""Everything one manual's build needs, loaded and checked once per build."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .certification import choose_audit
from .coverage import Coverage, QuestionResult, compute
from .errors import ValidationFailed
from .library import Library, load_library
from .manual import load_manual
from .model import Element, Manual, Partner, Program
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

    @property
    def pdf_name(self) -> str:
        return f"{self.manual.id}-rev-{self.manual.document.revision}.pdf"

    @property
    def pdf_src(self) -> str:
        return f"{PDF_DIR}/{self.pdf_name}"

    def page_title(self, src: str) -> str:
        page = self.manual.page_by_src.get(src)
        return page.title if page else src


def load_state(root: Path, manual_id: str) -> ManualState:
    """Load library + manual, run every check; raise ValidationFailed with all problems."""
    manual, problems = load_manual(root, manual_id)
    library, probs = load_library(root, only=manual.partner_id if manual else None)
    problems = probs + problems
    if manual is not None:
        problems += check_manual(root, manual, library)
    if problems or manual is None:
        raise ValidationFailed(problems)
    partner = library.partners[manual.partner_id]
    program = resolve_program(manual, partner)
    cov = compute(manual, partner, program, library.topics, audit=choose_audit(manual, partner))
    answers = {src: [Answer(el, q) for el, q in items] for src, items in cov.pages_answering().items()}
    return ManualState(root, library, manual, partner, program, cov, answers)
