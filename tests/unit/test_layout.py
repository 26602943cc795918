"""The test layout of issue 13: every module of the package has its own fast unit test file,
``tests/unit/test_<module>.py`` (``pdf/labels.py`` → ``test_pdf_labels.py``,
``commands/new.py`` → ``test_commands_new.py``). INTEGRATION_ONLY listed the modules covered only
by integration tests while they got one; it may only shrink (it is empty now): a NEW module without
its own unit test file fails here, and so would a listed module once it has one."""

from __future__ import annotations

from pathlib import Path

import hsms_manuals

PACKAGE = Path(hsms_manuals.__file__).parent
UNIT = Path(__file__).parent

# Empty: every module now has its own unit test file. Nothing may be added back.
INTEGRATION_ONLY: set[str] = set()


def _modules() -> set[str]:
    return {
        ".".join(f.relative_to(PACKAGE).with_suffix("").parts)
        for f in PACKAGE.rglob("*.py")
        if f.name != "__init__.py" and "__pycache__" not in f.parts
    }


def _has_unit_file(module: str) -> bool:
    return (UNIT / f"test_{module.replace('.', '_')}.py").is_file()


def test_every_new_module_has_its_own_unit_test_file():
    missing = sorted(m for m in _modules() - INTEGRATION_ONLY if not _has_unit_file(m))
    assert missing == [], "add a fast unit test file for each: " + ", ".join(
        f"tests/unit/test_{m.replace('.', '_')}.py" for m in missing
    )


def test_the_integration_only_list_only_shrinks():
    gone = sorted(INTEGRATION_ONLY - _modules())
    tested = sorted(m for m in INTEGRATION_ONLY if _has_unit_file(m))
    assert (gone, tested) == ([], []), "take these off INTEGRATION_ONLY (removed, or now with a unit test file)"


def test_test_file_names_are_unique_across_the_test_folders():
    # pytest imports test files by their base name (the folders are not packages): a unit file
    # named like an integration file stops the whole run at collection.
    names = [f.name for f in UNIT.parent.rglob("test_*.py") if "__pycache__" not in f.parts]
    assert sorted({n for n in names if names.count(n) > 1}) == []
