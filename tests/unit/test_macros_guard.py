"""macros_guard: mkdocs-macros (kept in the stack) imports, reads and renders nothing; a
mkdocs.yml asking it to is refused with one line per setting."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs_macros.plugin import MacrosPlugin

from hsms_manuals import macros_guard
from hsms_manuals.macros_guard import REFUSED, disarm


def plugin(**config) -> MacrosPlugin:
    p = MacrosPlugin()
    errors, _ = p.load_config(config)
    assert errors == []
    return p


def test_disarmed_it_imports_this_empty_module_and_renders_nothing():
    p = plugin()
    disarm(p)
    assert Path(p.config["module_name"] + ".py") == Path(macros_guard.__file__).resolve()
    assert p.config["render_by_default"] is False
    env = object()
    assert macros_guard.define_env(env) is None  # adds nothing


def test_the_module_mkdocs_macros_imports_stands_alone():
    """mkdocs-macros imports the file by path, outside the package: no relative import may be in it."""
    spec = importlib.util.spec_from_file_location("main", macros_guard.__file__)
    assert spec and spec.loader
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def test_every_refused_setting_is_reported_at_once():
    p = plugin(module_name="evil", include_yaml=["secrets.yml"], j2_variable_start_string="[[", modules=["os"])
    with pytest.raises(PluginError) as info:
        disarm(p)
    assert str(info.value).splitlines() == [
        f"mkdocs.yml: plugins.macros.{key}: not allowed — hsms renders pages itself in a sandbox and mkdocs-macros "
        "may not import or read files; remove the setting"
        for key in ("module_name", "modules", "include_yaml", "j2_variable_start_string")
    ]
    assert p.config["module_name"] == "evil"  # nothing changed when refused


@pytest.mark.parametrize("key", [k for k in REFUSED if k in dict(MacrosPlugin.config_scheme)])
def test_each_refused_setting(key):
    default = dict(MacrosPlugin.config_scheme)[key].default
    value = ["x"] if isinstance(default, list) else "x" if default != "x" else "y"
    with pytest.raises(PluginError, match=f"plugins.macros.{key}: not allowed"):
        disarm(plugin(**{key: value}))


def test_settings_that_read_nothing_are_allowed():
    p = plugin(on_error_fail=True, verbose=True)
    disarm(p)
    assert p.config["on_error_fail"] is True
