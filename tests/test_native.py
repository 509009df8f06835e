"""The compiled build (setup.py, mypyc) is all or nothing: a module compiled beside its pure twin would split
one group of compiled modules, which call each other directly, from the Python copy the rest import."""

from __future__ import annotations

import ast
import importlib

from conftest import ROOT


def _native_modules() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "NATIVE_MODULES" for t in node.targets):
            paths = ast.literal_eval(node.value)
            return [path.removesuffix(".py").replace("/", ".") for path in paths]
    raise AssertionError("setup.py names no NATIVE_MODULES")


def test_the_hot_modules_are_all_compiled_or_all_pure() -> None:
    modules = _native_modules()
    assert "policy_audit.segment" in modules
    compiled = [name for name in modules if str(importlib.import_module(name).__file__).endswith(".so")]
    assert compiled in ([], modules), f"compiled: {compiled}"
