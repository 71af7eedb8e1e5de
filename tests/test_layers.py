"""The plan of the house, checked: every module's imports go down the layers, never up, and no
module imports another package's private names.

The layers, lowest first (``docs/PIPELINE.md``, "Layers"): a package may import its own modules
and the packages of its layer or below. The stages read documents and services only; the store
reads coded documents; the graph reads the store; the engines run a pipeline they are given; the
command line (``marsad.cli``) sits on top of everything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import marsad

SRC = Path(marsad.__file__).parent

LAYERS: tuple[tuple[str, ...], ...] = (
    ("config", "batching", "__version__"),
    ("model", "registry", "ingest"),  # model hashes text with ingest.ids; ingest makes Documents
    ("nlp", "progress"),
    ("places",),
    ("actors",),  # descriptions name places: the actor resolver reads the gazetteer
    ("dates",),
    ("events", "evaluation"),
    ("relations", "learned"),
    ("pipeline",),  # the root package re-exports Pipeline
    ("export",),  # coded-document dicts → files; the store writes CSV with its safe writer
    ("store",),
    ("graph",),
    ("engine", "batch"),
    ("serve",),
    ("cli",),
)
LAYER = {name: n for n, names in enumerate(LAYERS) for name in names}
# names the root package ``marsad`` exports, by the layer they come from
ROOT_NAMES = {"__version__": "__version__", "Pipeline": "pipeline", "Document": "model"}
STAGES = ("ingest", "nlp", "actors", "places", "dates", "events", "relations", "learned")
# offline training tools of the learned package: they run the whole pipeline to make training data
TOOLS = {
    "marsad.learned.train_arguments",
    "marsad.learned.train_incidents",
    "marsad.learned.train_relations",
    "marsad.learned.train_tolls",
    "marsad.learned.tune_coder",
}


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if "migrations" not in parts:
            out.append((name, path))
    return out


def _unit(module: str) -> str:
    """The layer unit of a module: its package under ``marsad``, or the top-level module."""
    parts = module.split(".")
    return "pipeline" if len(parts) == 1 else parts[1]


def _imports(path: Path) -> list[tuple[str, str | None, int]]:
    """(module, imported name or None, line) of every marsad import, at any depth of the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names if a.name.split(".")[0] == "marsad"]
        elif (
            isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("marsad")
        ):
            found += [
                (node.module, a.name, node.lineno)
                for a in node.names
                if node.module.split(".")[0] == "marsad"
            ]
    return found


def _target(module: str, name: str | None) -> str:
    if module == "marsad" and name is not None:
        return ROOT_NAMES.get(name, name)
    return _unit(module)


def test_every_package_has_a_layer():
    units = {_unit(m) for m, _ in _modules()}
    assert units <= set(LAYER), f"add to LAYERS: {sorted(units - set(LAYER))}"


def test_imports_go_down_the_layers():
    wrong = []
    for module, path in _modules():
        unit = _unit(module)
        if module == "marsad":  # the root package: re-exports only
            continue
        for imported, name, line in _imports(path):
            target = _target(imported, name)
            if target in LAYER and LAYER[target] > LAYER[unit] and module not in TOOLS:
                wrong.append(f"{module}:{line} ({unit}) imports {imported} {name or ''} ({target})")
    assert not wrong, "imports from a higher layer:\n" + "\n".join(wrong)


def test_stage_packages_import_neither_the_store_nor_the_cli():
    wrong = [
        f"{module}:{line} imports {imported}"
        for module, path in _modules()
        if _unit(module) in STAGES
        for imported, name, line in _imports(path)
        if _target(imported, name) in ("store", "cli")
    ]
    assert not wrong, "\n".join(wrong)


def test_no_private_names_across_packages():
    wrong = []
    for module, path in _modules():
        unit = _unit(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}  # local name → imported marsad module of another package
        for imported, name, line in _imports(path):
            target = _target(imported, name)
            if target == unit:
                continue
            if name is not None and name.startswith("_") and not name.startswith("__"):
                wrong.append(f"{module}:{line} imports {imported}.{name}")
            if name is not None:
                aliases[name] = f"{imported}.{name}"
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "marsad":
                for a in node.names:
                    if a.asname and a.name in aliases:
                        aliases[a.asname] = aliases.pop(a.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                wrong.append(f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    assert not wrong, "private names used across packages:\n" + "\n".join(wrong)


def test_the_checks_see_a_wrong_import(tmp_path):
    """The checks themselves: an upward import and a private name are both found."""
    bad = tmp_path / "bad.py"
    bad.write_text("from marsad.store import Store\nfrom marsad.store.queries import _order\n")
    found = _imports(bad)
    assert [(m, n) for m, n, _ in found] == [("marsad.store", "Store"), ("marsad.store.queries", "_order")]
    assert LAYER[_target("marsad.store", "Store")] > LAYER["actors"]
    assert _target("marsad", "Pipeline") == "pipeline" and _target("marsad", "__version__") == "__version__"
