"""The conda environment.yml and pyproject.toml must name the same runtime dependencies."""

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {d for d in env["dependencies"] if isinstance(d, str)}
    conda_names = {_name(d) for d in conda} - {"python", "pip"}
    py_deps = {_name(d): d for d in project["dependencies"]}
    assert conda_names == set(py_deps), f"only in environment.yml: {conda_names - set(py_deps)}, only in pyproject: {set(py_deps) - conda_names}"
    # same lower bounds
    conda_spec = {_name(d): d.replace(" ", "") for d in conda}
    for name, spec in py_deps.items():
        assert conda_spec[name] == spec.replace(" ", ""), name
    pip_part = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert "-e .[test]" in pip_part


def test_design_card_layout_exists():
    for path in ("notebooks", "kinerja_survey", "data", "tests", "environment.yml", "README.md", "Makefile", ".ci/run"):
        assert (ROOT / path).exists(), path
