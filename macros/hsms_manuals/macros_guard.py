"""mkdocs-macros stays in the stack (mkdocs.yml enables it) but renders nothing and imports
nothing: hsms renders pages itself, in a sandbox (``page_env``).

By default mkdocs-macros imports ``main.py`` (or a ``main/`` package) from the project folder
(``module_name``), imports ``modules:`` (looking them up on PyPI when missing), reads
``include_yaml:`` files, loads Jinja extensions (``j2_extensions``) and gives pages a
``FileSystemLoader``. The hsms plugin calls ``disarm`` before mkdocs-macros configures itself:
settings that would import or read anything are refused, and ``module_name`` points at this
very file, whose ``define_env`` adds nothing. So no repository file is ever imported or read by
mkdocs-macros.

This module imports nothing of hsms: mkdocs-macros executes it on its own, outside the package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

# Settings that import, read or change how {{ … }} is written: refused unless left at their default.
REFUSED = (
    "module_name",
    "modules",
    "include_dir",
    "include_yaml",
    "force_render_paths",
    "j2_extensions",
    "j2_block_start_string",
    "j2_block_end_string",
    "j2_variable_start_string",
    "j2_variable_end_string",
    "j2_comment_start_string",
    "j2_comment_end_string",
)


def define_env(env: Any) -> None:
    """mkdocs-macros' hook for its ``module_name`` module: deliberately adds nothing."""


def disarm(plugin: Any) -> None:
    """Make the mkdocs-macros plugin instance import nothing and render nothing; refuse
    (PluginError, every setting at once) a configuration that asks for more."""
    defaults = {name: option.default for name, option in plugin.config_scheme}
    wrong = [key for key in REFUSED if key in defaults and plugin.config.get(key) != defaults[key]]
    if wrong:
        raise PluginError(
            "\n".join(
                f"mkdocs.yml: plugins.macros.{key}: not allowed — hsms renders pages itself in a sandbox and "
                "mkdocs-macros may not import or read files; remove the setting"
                for key in wrong
            )
        )
    plugin.config["module_name"] = str(Path(__file__).resolve().with_suffix(""))  # this file, see define_env
    plugin.config["render_by_default"] = False  # and every page says render_macros: false
