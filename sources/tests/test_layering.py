"""`sources` is the ground floor: documents, lines, provenance and the plain-Python parsers. Everything else builds
on it (the registry apps, the importers that write into them, the portal, the API), so nothing in it may import
from above; otherwise the apps import each other in a circle and no part can be read or tested on its own.

That sources imports no app above it is the import-linter contract's to check (pyproject.toml, `make lint`), for
every app at once; here: that its plug-ins stay plug-ins, that the importers stay out, and that the parsers run
without Django."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[1]
ROOT = SOURCES.parent


def _apps_above_sources() -> set[str]:
    """The apps the layers contract puts above sources (pyproject.toml): one list for both checks."""
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    layers = contract["layers"][: contract["layers"].index("sources")]
    return {app.strip() for layer in layers for app in layer.split("|")} - {"config"}


ABOVE = _apps_above_sources()


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (a late import is still a dependency)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0}
    return {name for name in names if name}


# Plug-ins collected by an app above, as Django collects admin.py: `datasets.py` declares the open dataset of the
# source documents beside them for the opendata registry (OpendataConfig.ready). Nothing in sources imports it,
# which the test below checks, so it adds no dependency of sources on anything.
PLUG_INS = {"datasets.py"}


def _code_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*.py") if "tests" not in p.relative_to(SOURCES).parts and p.name not in PLUG_INS
    )


def test_the_layering_check_sees_late_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from places.gazetteer import Gazetteer\n    import portal.indexing\n")
    assert _imported_modules(module) == {"places.gazetteer", "portal.indexing"}


def test_nothing_in_sources_imports_its_plug_ins():
    plug_ins = {f"sources.{name.removesuffix('.py')}" for name in PLUG_INS}
    assert all(not (_imported_modules(path) & plug_ins) for path in _code_files(SOURCES))


def test_the_importers_are_no_longer_part_of_sources():
    assert not (SOURCES / "importers").exists()
    assert not (SOURCES / "management").exists()


def test_the_parsers_run_in_a_plain_interpreter_without_django_or_the_places_app():
    """Loading every parser pulls in neither Django nor an app: they can be tested on strings and fuzzed."""
    script = (
        "import importlib, json, pkgutil, sys\n"
        "import sources.parsers\n"
        "for module in pkgutil.walk_packages(sources.parsers.__path__, 'sources.parsers.'):\n"
        "    importlib.import_module(module.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    ).stdout
    modules = set(json.loads(out))
    assert {"sources.parsers.progress_report", "sources.parsers.proposals", "sources.parsers.text"} <= modules
    loaded = {name.split(".")[0] for name in modules}
    assert not loaded & (ABOVE | {"django"}), sorted(loaded & (ABOVE | {"django"}))
