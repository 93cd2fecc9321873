"""The pins agree: pyproject.toml, constraints.txt and environment.yml list the same packages."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_names():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]
    return {_norm(re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0]) for r in reqs}


def _constraints():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_norm(name)] = version.strip()
    return pins


def test_environment_yml_lists_the_pyproject_packages_at_the_pinned_versions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = {_norm(p.split("==")[0]): p.split("==")[1] for p in pip}
    assert set(listed) == _pyproject_names()
    pins = _constraints()
    assert {k: pins.get(k) for k in listed} == listed


def test_every_dependency_is_pinned():
    pins = _constraints()
    assert _pyproject_names() <= set(pins), sorted(_pyproject_names() - set(pins))


def test_no_heavy_stacks_in_the_default_install():
    pins = _constraints()
    assert not {"torch", "tensorflow", "jax", "transformers"} & set(pins)
