"""The Binder configuration agrees with pyproject.toml, and repo2docker can use it.

Fast checks, run in the normal suite. ``.ci/binder-sim`` does the slow part:
a fresh environment from ``binder/`` that executes every notebook.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
START_NOTEBOOK = "notebooks/00-start-here.ipynb"

#: Files that make repo2docker pick another build pack, or that it ignores once
#: a binder/ folder exists (so they would only mislead).
OTHER_REPO2DOCKER_FILES = (
    "environment.yml",
    "environment.yaml",
    "Pipfile",
    "Pipfile.lock",
    "install.R",
    "Project.toml",
    "REQUIRE",
    "apt.txt",
    "start",
    "Dockerfile",
)


def _lines(path: Path) -> list[tuple[int, str]]:
    """Non-blank, non-comment lines of a pip requirements file, comments stripped."""
    found = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if line:
            found.append((number, line))
    return found


def parse_pins(path: Path) -> dict[str, Requirement]:
    """``name -> Requirement`` for every line of ``path``; fails on anything but a requirement."""
    pins: dict[str, Requirement] = {}
    for number, line in _lines(path):
        where = f"{path.relative_to(ROOT)}:{number}"
        assert not line.startswith("-"), f"{where}: pip option {line!r} (no -e, -r, -c, --index-url…)"
        assert not re.match(r"^(\.|/|~|file:|[a-z+]+://)", line), f"{where}: local path or URL {line!r}"
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            pytest.fail(f"{where}: not a requirement: {line!r} ({exc})")
        assert req.url is None, f"{where}: direct reference {line!r}; pin a released version"
        name = canonicalize_name(req.name)
        assert name not in pins, f"{where}: {req.name} is pinned twice"
        pins[name] = req
    return pins


PINS = parse_pins(BINDER / "requirements.txt")


def _pinned_version(req: Requirement) -> Version:
    (spec,) = req.specifier
    return Version(spec.version)


def _project_requirements() -> list[tuple[str, Requirement]]:
    reqs = [("[project.dependencies]", Requirement(r)) for r in PROJECT.get("dependencies", [])]
    reqs += [
        ("the `course` extra", Requirement(r))
        for r in PROJECT.get("optional-dependencies", {}).get("course", [])
    ]
    return reqs


def test_every_line_is_an_exact_pin():
    assert PINS, "binder/requirements.txt pins nothing"
    loose = [
        str(req)
        for req in PINS.values()
        if len(req.specifier) != 1
        or next(iter(req.specifier)).operator != "=="
        or "*" in next(iter(req.specifier)).version
    ]
    assert not loose, f"pin with `==` and a full version: {loose}"


@pytest.mark.parametrize(("where", "req"), _project_requirements(), ids=lambda v: str(v))
def test_project_requirement_is_pinned_at_a_version_it_accepts(where, req):
    env = default_environment() | {"python_version": "3.11", "python_full_version": "3.11.0", "extra": ""}
    if req.marker is not None and not req.marker.evaluate(env):
        pytest.skip(f"{req} does not apply to Python 3.11")
    name = canonicalize_name(req.name)
    assert name != canonicalize_name(PROJECT["name"]), f"{where} requires the project itself"
    assert name in PINS, (
        f"{req} ({where}) is not pinned in binder/requirements.txt: recompile it "
        "(see the pip-compile command in its header)"
    )
    version = _pinned_version(PINS[name])
    assert req.specifier.contains(version, prereleases=True), (
        f"binder/requirements.txt pins {name}=={version}, but {where} asks for {req}: recompile the pins"
    )


def test_pins_respect_binder_constraints():
    path = BINDER / "constraints.txt"
    if not path.exists():
        pytest.skip("no binder/constraints.txt")
    for _, line in _lines(path):
        limit = Requirement(line)
        name = canonicalize_name(limit.name)
        if name in PINS:
            assert limit.specifier.contains(_pinned_version(PINS[name]), prereleases=True), (
                f"{PINS[name]} breaks the constraint {limit} in binder/constraints.txt"
            )


def test_runtime_is_python_3_11_and_the_project_accepts_it():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == "python-3.11", f"binder/runtime.txt says {runtime!r}"
    assert SpecifierSet(PROJECT["requires-python"]).contains("3.11.0")
    header = (BINDER / "requirements.txt").read_text(encoding="utf-8")
    match = re.search(r"autogenerated by pip-compile with Python (\d+\.\d+)", header)
    assert match is None or match.group(1) == "3.11", "the pins were compiled for another Python"


def _pip_installs(script: str) -> list[str]:
    """The ``pip install`` commands of a shell script (continuation lines joined)."""
    commands = re.split(r"\n|;|&&", script.replace("\\\n", " "))
    return [
        c.strip()
        for c in commands
        if re.search(r"\bpip3?\b.*\binstall\b", c) and not c.lstrip().startswith("#")
    ]


def test_postbuild_installs_the_package_without_changing_the_pins():
    script = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert script.startswith("#!"), "postBuild needs a shebang: repo2docker executes it"
    installs = _pip_installs(script)
    assert installs, "postBuild does not pip-install the course package"
    for line in installs:
        assert "--no-deps" in line.split(), f"postBuild: {line!r} could change pinned versions"
    assert any(re.search(r"(^|\s)(-e\s+|--editable[= ]\s*)?\.(\s|$)", line) for line in installs), (
        f"postBuild installs the repository root (`.`) in none of: {installs}"
    )


def test_postbuild_can_build_the_package_with_the_setuptools_it_gets():
    """The build backend must understand pyproject.toml where postBuild builds it.

    ``license = "MIT"`` (a string, PEP 639) needs setuptools >= 77. With
    ``--no-build-isolation`` pip builds with the environment's setuptools, which
    binder/requirements.txt then has to pin; otherwise pip fetches the newest
    one satisfying ``[build-system] requires``.
    """
    requires = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    backend = {canonicalize_name(r.name): r for r in requires}
    assert "setuptools" in backend, PYPROJECT["build-system"]
    if isinstance(PROJECT.get("license"), str):
        assert not backend["setuptools"].specifier.contains("76.1"), (
            "pyproject.toml uses a PEP 639 license string, which setuptools < 77 rejects: "
            "require setuptools>=77 in [build-system]"
        )
    script = (BINDER / "postBuild").read_text(encoding="utf-8")
    if "--no-build-isolation" in script:
        for name, req in backend.items():
            assert name in PINS, (
                f"postBuild builds without isolation, so the environment must provide {req}, "
                "but binder/requirements.txt does not pin it (a fresh Python 3.11 venv has "
                "setuptools 65): drop --no-build-isolation or pin it"
            )
            assert req.specifier.contains(_pinned_version(PINS[name]), prereleases=True)


def test_repo2docker_reads_only_the_binder_folder():
    confusing = [name for name in OTHER_REPO2DOCKER_FILES if (BINDER / name).exists()]
    assert not confusing, f"binder/ holds {confusing}: repo2docker would pick another build pack"
    ignored = [
        name
        for name in (*OTHER_REPO2DOCKER_FILES, "requirements.txt", "runtime.txt", "postBuild")
        if (ROOT / name).exists()
    ]
    assert not ignored, f"{ignored} at the root are ignored by repo2docker once binder/ exists"


def _readme_binder_urls() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"\]\((https://mybinder\.org/v2/[^)\s]+)\)", readme)


def test_readme_badge_opens_jupyterlab_on_the_first_notebook():
    urls = _readme_binder_urls()
    assert urls, "README.md has no mybinder.org badge link"
    for url in urls:
        parts = urlsplit(url)
        assert re.fullmatch(r"/v2/gh/[\w.-]+/[\w.-]+/[\w./-]+", parts.path), f"not a GitHub Binder URL: {url}"
        query = parse_qs(parts.query)
        assert query.get("urlpath") == [f"lab/tree/{START_NOTEBOOK}"], (
            f"{url} should open JupyterLab on {START_NOTEBOOK} (urlpath=lab/tree/{START_NOTEBOOK})"
        )
    assert (ROOT / START_NOTEBOOK).is_file(), f"the badge opens {START_NOTEBOOK}, which does not exist"


def test_every_pin_installs_on_every_python_3_11():
    """The README asks for "Python 3.11": Debian 12's python3.11 is 3.11.2, not the newest.

    soupsieve 4.1.2 (Requires-Python >=3.11.5) made the start command fail for a normal
    user there ("No matching distribution found"); root passed only because pyenv's
    3.11.7 came first on its PATH. Checked against each pinned package's metadata as
    installed here (a package installed at another version is left out).
    """
    from importlib import metadata

    oldest = "3.11.0"
    assert SpecifierSet(PROJECT["requires-python"]).contains(oldest)
    checked, refused = 0, []
    for name, req in PINS.items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if Version(dist.version) != _pinned_version(req):
            continue
        checked += 1
        wanted = dist.metadata.get("Requires-Python")
        if wanted and not SpecifierSet(wanted).contains(oldest):
            refused.append(f"{name}=={dist.version} needs Python {wanted}")
    assert checked > len(PINS) // 2, f"only {checked} of {len(PINS)} pins are installed here"
    assert refused == [], f"pins that Python {oldest} cannot install: {refused}"
