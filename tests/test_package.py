# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The package's metadata is complete and has one source for each fact.

Building and installing the package itself is checked by
tools/check_package.sh (./run package, run by CI).
"""

from __future__ import annotations

import ast
import re
import tomllib
from typing import Any

from packaging.requirements import Requirement
from packaging.version import Version

from tests.repository import ROOT, script

PYPROJECT: dict[str, Any] = tomllib.loads(
    (ROOT / "pyproject.toml").read_text(encoding="utf-8")
)
PROJECT: dict[str, Any] = PYPROJECT["project"]


def test_the_build_needs_a_setuptools_that_reads_an_spdx_licence() -> None:
    # license = "EUPL-1.2" with license-files (PEP 639) needs setuptools 77.
    [setuptools] = [
        Requirement(r)
        for r in PYPROJECT["build-system"]["requires"]
        if Requirement(r).name == "setuptools"
    ]
    assert not setuptools.specifier.contains(Version("76.1"))
    assert setuptools.specifier.contains(Version("77.0"))
    assert PROJECT["license"] == "EUPL-1.2"
    assert PROJECT["license-files"] == ["LICENSE"]
    # PEP 639: a licence expression and a licence classifier do not mix.
    assert not [c for c in PROJECT["classifiers"] if c.startswith("License ::")]


def test_the_version_is_written_once_in_the_package() -> None:
    assert "version" not in PROJECT
    assert "version" in PROJECT["dynamic"]
    dynamic = PYPROJECT["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "circleflow.__version__"}
    # A literal, so setuptools reads it without importing circleflow.
    init = ast.parse((ROOT / "src" / "circleflow" / "__init__.py").read_text())
    [version] = [
        node.value
        for node in init.body
        if isinstance(node, ast.Assign)
        and [getattr(t, "id", None) for t in node.targets] == ["__version__"]
    ]
    assert isinstance(version, ast.Constant) and isinstance(version.value, str)
    Version(version.value)


def test_the_classifiers_name_the_supported_pythons_and_a_status() -> None:
    classifiers = PROJECT["classifiers"]
    minimum = PROJECT["requires-python"].removeprefix(">=")
    named = [
        c.rsplit(" :: ", 1)[1]
        for c in classifiers
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert minimum in named
    assert all(Version(v) >= Version(minimum) for v in named)
    assert "Operating System :: OS Independent" in classifiers
    assert "Development Status :: 3 - Alpha" in classifiers
    assert any(c.startswith("Topic :: ") for c in classifiers)


def test_the_project_urls_point_into_one_repository() -> None:
    urls = PROJECT["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Source", "Issues", "Changelog"}
    repository = script("setup.py", "circleflow_setup").REPOSITORY
    assert urls["Source"] == urls["Homepage"] == repository
    assert all(url.startswith(repository) for url in urls.values())


def test_development_tools_are_a_dependency_group_not_an_extra() -> None:
    assert set(PROJECT["optional-dependencies"]) == {"postgres"}
    dev = {Requirement(r).name for r in PYPROJECT["dependency-groups"]["dev"]}
    assert {"pytest", "build", "twine", "check-wheel-contents"} <= dev
    run = (ROOT / "run").read_text(encoding="utf-8")
    assert "pip install --quiet --disable-pip-version-check -e . --group dev" in run


def test_the_wheel_holds_the_circleflow_package_only() -> None:
    find = PYPROJECT["tool"]["setuptools"]["packages"]["find"]
    assert find == {"where": ["src"], "include": ["circleflow", "circleflow.*"]}


def test_the_sdist_takes_what_the_test_suite_reads() -> None:
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    grafted = set(re.findall(r"^graft (\S+)$", manifest, re.M))
    assert {"tests", "docs", "examples", "adapters", "benchmarks", "tools"} <= grafted
    included = {
        name
        for line in re.findall(r"^include (.+)$", manifest, re.M)
        for name in line.split()
    }
    assert {"setup.py", "run", "CHANGELOG.md", "publiccode.yml"} <= included


def test_links_in_the_package_description_work_outside_the_repository() -> None:
    setup = script("setup.py", "circleflow_setup")
    base = setup.REPOSITORY
    assert setup.absolute("docs/formats.md") == f"{base}/blob/main/docs/formats.md"
    assert (
        setup.absolute("docs/rules.md#the-steps")
        == f"{base}/blob/main/docs/rules.md#the-steps"
    )
    assert setup.absolute("#reports") == f"{base}/blob/main/README.md#reports"
    assert setup.absolute("benchmarks/") == f"{base}/tree/main/benchmarks/"
    assert setup.absolute("https://toml.io/") == "https://toml.io/"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    described = setup.long_description(readme)
    assert described.startswith("# circleflow\n")
    links = re.findall(r"\]\(([^)\s]+)\)", described)
    assert links and all(re.match(r"https?://", link) for link in links)


def test_every_relative_link_in_the_readme_names_a_file_of_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s:]+)\)", readme)
    paths = {t.partition("#")[0] for t in targets} - {""}
    assert paths
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []
