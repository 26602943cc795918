"""hsms: health and safety management system manuals as code.

The import package is ``hsms_manuals`` (distribution ``hsms-manuals``); the command is ``hsms``.
README.md, "Repository layout", names the modules and what each one does."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hsms-manuals")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"
