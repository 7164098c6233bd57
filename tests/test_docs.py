"""The documentation is checked against the code: a renamed module or a new one shows up here.

* every ``kinerja_survey.…`` dotted name in README.md, CONTRIBUTING.md and docs/*.md imports (a
  module, or an attribute of one);
* every module of each subpackage is named in its package's ``__init__`` docstring;
* the README's Layout section matches the tree: everything it lists exists, and every top-level
  directory of the repository, every subpackage and every top-level module of the package is listed;
* the README links CONTRIBUTING.md, and CONTRIBUTING.md's commands name real files.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "kinerja_survey"
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
SUBPACKAGES = ("collect", "store", "analysis", "present", "cycle", "apps", "locale")
DOTTED = re.compile(r"\bkinerja_survey(?:\.[A-Za-z_]\w*)+")


def _resolves(name: str) -> bool:
    """``name`` is a module, or an attribute (at any depth) of the longest module prefix."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_dotted_names_in_the_docs_import():
    missing = []
    for doc in DOCS:
        for n, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            for name in DOTTED.findall(line):
                if not _resolves(name):
                    missing.append(f"{doc.relative_to(ROOT)}:{n}: {name}")
    assert not missing, "names in the docs that do not import:\n" + "\n".join(missing)


def test_the_dotted_name_check_can_fail():
    assert _resolves("kinerja_survey.cycle.load_results") and _resolves("kinerja_survey.apps.serve")
    assert not _resolves("kinerja_survey.serve") and not _resolves("kinerja_survey.cycle.no_such_function")


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_every_module_is_named_in_its_package_docstring(package):
    """Each public module ``m`` of ``kinerja_survey/<package>/`` appears as ````m```` in the
    package's ``__init__`` docstring (modules starting with ``_`` are private and exempt)."""
    init = PKG / package / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    modules = sorted(p.stem for p in (PKG / package).glob("*.py") if not p.stem.startswith("_"))
    unnamed = [m for m in modules if f"``{m}``" not in doc]
    assert not unnamed, f"kinerja_survey/{package}/__init__.py does not name: {unnamed}"


def _layout_entries() -> tuple[set[str], set[str]]:
    """(top-level entries, package entries) of the README's Layout block: the names in the first
    column of each line indented 0 (the repository) or 2 (inside ``kinerja_survey/``)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    top, pkg = set(), set()
    for line in block.splitlines()[1:]:
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip() or indent not in (0, 2):
            continue  # a continuation of the description above
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        for name in re.split(r",\s*", names):
            (top if indent == 0 else pkg).add(name.strip())
    return top, pkg


def test_the_readme_layout_matches_the_tree():
    top, pkg = _layout_entries()
    assert "kinerja_survey/" in top and "cycle/" in pkg  # the block was found and read
    for name in top:
        assert (ROOT / name.rstrip("/")).exists(), f"README Layout lists {name}, which does not exist"
    for name in pkg:
        assert (PKG / name.rstrip("/")).exists(), f"README Layout lists kinerja_survey/{name}, which does not exist"
    subpackages = {p.parent.name + "/" for p in PKG.glob("*/__init__.py")}
    modules = {p.name for p in PKG.glob("*.py") if p.name != "__init__.py"}
    assert subpackages - pkg == set(), f"subpackages missing from README Layout: {sorted(subpackages - pkg)}"
    assert modules - pkg == set(), f"modules missing from README Layout: {sorted(modules - pkg)}"
    try:
        tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the repository's top-level directories are unknown")
    dirs = {path.split("/", 1)[0] + "/" for path in tracked.splitlines() if "/" in path}
    assert dirs - top == set(), f"top-level directories missing from README Layout: {sorted(dirs - top)}"


def test_the_readme_links_the_contributing_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](CONTRIBUTING.md)" in readme and (ROOT / "CONTRIBUTING.md").exists()


def test_files_named_in_the_contributing_guide_exist():
    """Paths the guide sends a newcomer to (``tests/…``, ``kinerja_survey/…``, ``docs/…``, ...)."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:tests|kinerja_survey|docs|benchmarks|scripts|notebooks|\.ci)/[\w./-]*\w)`", guide))
    assert len(named) >= 10
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert not missing, f"CONTRIBUTING.md names files that do not exist: {missing}"


def test_the_contributing_guide_lists_every_renamed_spelling():
    """Each old spelling of the CLI (``cli.RENAMED_*``) is on one line of CONTRIBUTING.md with its
    new spelling, so the table people read is the one the code applies."""
    from kinerja_survey.cli import RENAMED_COMMANDS, RENAMED_OPTIONS, RENAMED_VALUES

    lines = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()
    pairs = set(RENAMED_COMMANDS.items()) | {p for opts in RENAMED_OPTIONS.values() for p in opts.items()}
    pairs |= {p for values in RENAMED_VALUES.values() for p in values.items()}
    missing = [(old, new) for old, new in sorted(pairs)
               if not any(re.search(rf"`{re.escape(old)}\b.*`{re.escape(new)}\b", line)
                          or re.search(rf"`[^`]*\b{re.escape(old)}\b[^`]*`.*`[^`]*\b{re.escape(new)}\b[^`]*`", line)
                          for line in lines)]
    assert not missing, f"renamed spellings missing from CONTRIBUTING.md: {missing}"
