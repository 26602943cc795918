"""A drafts preview (`hsms build --drafts`, `hsms serve --drafts`): what its banner says blocks
approval — the validation problems still open and the pages still in draft. The site shows it
at the top of every page, the PDF on a page after the cover; both carry a DRAFT watermark."""

from __future__ import annotations

from dataclasses import dataclass

from .state import ManualState

SHOWN = 50  # problems listed in the banner; the rest are counted (`hsms validate` lists them all)
WATERMARK = "DRAFT"


@dataclass(frozen=True)
class DraftPage:
    title: str
    src: str
    url: str  # site-relative, for the template's |url filter


@dataclass(frozen=True)
class DraftNotice:
    manual: str
    problems: tuple[str, ...]  # at most SHOWN, as `hsms validate` prints them
    more: int  # problems not listed
    draft_pages: tuple[DraftPage, ...]
    this_page_is_draft: bool = False

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.more

    @property
    def summary(self) -> str:
        """ "2 problem(s) and 3 draft page(s) block approval" — or that nothing does."""
        parts = []
        if self.problem_count:
            parts.append(f"{self.problem_count} problem(s)")
        if self.draft_pages:
            parts.append(f"{len(self.draft_pages)} draft page(s)")
        if not parts:
            return "nothing blocks approval any more: build without --drafts to make the real manual"
        return " and ".join(parts) + " block approval"

    def for_page(self, src: str) -> DraftNotice:
        return DraftNotice(
            self.manual, self.problems, self.more, self.draft_pages, any(p.src == src for p in self.draft_pages)
        )


def draft_notice(state: ManualState) -> DraftNotice | None:
    """The banner of a drafts preview; None for a real build."""
    if not state.drafts:
        return None
    shown = tuple(str(p) for p in state.problems[:SHOWN])
    pages = tuple(DraftPage(p.title, p.src, p.url) for p in state.draft_pages)
    return DraftNotice(state.manual.id, shown, max(0, len(state.problems) - SHOWN), pages)
