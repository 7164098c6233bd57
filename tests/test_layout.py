"""The package layout follows the flow, and lower layers never import higher ones.

collect -> store -> analysis -> present -> cycle (the use cases) -> apps, cli, demo.
``errors``, ``i18n`` (with its ``locale`` catalogs), ``frames`` and ``vocab`` are the base every layer may use.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "kinerja_survey"

LAYERS = {
    "errors": 0, "i18n": 0, "locale": 0, "frames": 0, "vocab": 0, "roles": 0, "__init__": 0,
    "collect": 1, "store": 2, "analysis": 3, "present": 4, "cycle": 5,
    "apps": 6, "cli": 6, "demo": 6,
}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PKG.parent).with_suffix("").parts)


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1] if len(parts) > 1 else "__init__"]


def _imports(path: Path):
    """Every kinerja_survey module imported by ``path`` (top-level and inside functions)."""
    mod = _module(path)
    package = mod.split(".")[:-1] if path.name != "__init__.py" else mod.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("kinerja_survey"):
                continue
            if node.module is None or target == "kinerja_survey":  # from . import x
                for alias in node.names:
                    yield f"{target}.{alias.name}", node.lineno
            else:
                yield target, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kinerja_survey"):
                    yield alias.name, node.lineno


def test_every_module_belongs_to_a_layer():
    for path in PKG.rglob("*.py"):
        assert _layer(_module(path)) is not None


def test_lower_layers_never_import_higher_ones():
    bad = []
    for path in sorted(PKG.rglob("*.py")):
        src = _module(path)
        for target, line in _imports(path):
            if target.split(".")[1:2] and target.split(".")[1] not in LAYERS:
                continue  # e.g. kinerja_survey.__version__
            if _layer(target) > _layer(src):
                bad.append(f"{path.relative_to(PKG.parent)}:{line} imports {target}")
    assert bad == []


def test_subpackages_follow_the_flow():
    for sub in ("collect", "store", "analysis", "present", "cycle", "apps"):
        init = PKG / sub / "__init__.py"
        assert init.is_file() and ast.get_docstring(ast.parse(init.read_text())), sub


def test_every_error_class_of_the_package_derives_from_kinerja_error():
    """One base exception: a caller catches ``KinerjaError`` and shows ``str(exc)`` to a person."""
    import importlib

    from kinerja_survey.errors import KinerjaError

    found = []
    for path in sorted(PKG.rglob("*.py")):
        module = importlib.import_module(_module(path).removesuffix(".__init__"))
        for name, obj in vars(module).items():
            if isinstance(obj, type) and issubclass(obj, Exception) and obj.__module__ == module.__name__:
                found.append(name)
                assert issubclass(obj, KinerjaError), f"{module.__name__}.{name}"
    assert {"StoreError", "RosterError", "InstrumentError", "AnalysisError", "CycleError"} <= set(found)


def _is_module(dotted: str) -> bool:
    """Whether ``kinerja_survey.a.b`` names a module or package of the package (not a name inside one)."""
    path = PKG.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _private_uses(path: Path, text: str | None = None):
    """``from X import _name`` and ``mod._name`` where X and mod are other kinerja_survey modules.

    Importing a public name from a private module (``from ._lazy import lazy``) and importing a
    private *module* (``from . import _lazy``) are fine; dunder names are not private.
    """
    mod = _module(path)
    package = mod.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    modules = set()  # local names bound to kinerja_survey modules
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("kinerja_survey"):
                continue
            for alias in node.names:
                if _is_module(f"{target}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
                elif _private(alias.name) and target != mod:
                    yield f"{path.relative_to(PKG.parent)}:{node.lineno} imports {target}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kinerja_survey"):
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                yield f"{path.relative_to(PKG.parent)}:{node.lineno} uses {ast.unparse(node)}"


def test_no_module_borrows_another_modules_private_names():
    """Shared helpers get a public name in the module that owns them (pingouin's ``utils``);
    no module imports or reaches into another module's ``_private`` names."""
    bad = [use for path in sorted(PKG.rglob("*.py")) for use in _private_uses(path)]
    assert bad == []


def test_the_private_name_check_sees_both_forms():
    """The check above can fail: a ``from .x import _y`` and a ``mod._y`` are both reported."""
    text = ("from .checks import _hidden, as_list\nfrom . import checks\nfrom ..store import _lazy\n"
            "checks._other\nchecks.__name__\n_lazy.lazy\n")
    found = list(_private_uses(PKG / "analysis" / "probe.py", text))
    assert [f.split(" ", 1)[1] for f in found] == ["imports kinerja_survey.analysis.checks._hidden",
                                                   "uses checks._other"]


def test_no_analysis_module_is_over_1200_lines():
    """One module per statistical domain: a module grown past 1,200 lines holds more than one."""
    long = {p.name: n for p in (PKG / "analysis").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 1200}
    assert long == {}
