"""The GitHub workflows pass actionlint and do what the README says CI does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_harness import REPOSITORY

from build_tools.check_cache import CACHE_DIR

WORKFLOWS = REPOSITORY / ".github" / "workflows"


def actionlint() -> str:
    beside_python = Path(sys.executable).parent / "actionlint"
    found = str(beside_python) if beside_python.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.fail(
            "actionlint is not installed: run 'make test', which installs the test "
            "dependencies into .venv"
        )
    return found


def lint(cwd: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [actionlint(), "-oneline", "-no-color", *files],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_workflow_passes_actionlint() -> None:
    files = sorted(p.relative_to(REPOSITORY).as_posix() for p in WORKFLOWS.glob("*.y*ml"))
    assert ".github/workflows/ci.yml" in files and ".github/workflows/pages.yml" in files
    result = lint(REPOSITORY, *files)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_fails_on_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "name: Broken\non: push\njobs:\n  build:\n    needs: test\n    steps:\n"
        "      - run: make test\n",
        encoding="utf-8",
    )
    result = lint(tmp_path, ".github/workflows/broken.yml")
    assert result.returncode == 1
    assert result.stdout == (
        '.github/workflows/broken.yml:4:3: "runs-on" section is missing in job "build" '
        "[syntax-check]\n"
        '.github/workflows/broken.yml:4:3: job "build" needs job "test" which does not exist '
        "in this workflow [job-needs]\n"
    )


def _steps(data: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    steps = data["jobs"][job]["steps"]
    assert isinstance(steps, list)
    return steps


def test_ci_tests_checks_builds_strictly_checks_links_and_keeps_the_site() -> None:
    data = workflow("ci.yml")
    # YAML 1.1 reads the key 'on' as true.
    assert set(data[True]) == {"push", "pull_request"}
    steps = _steps(data, "test")
    assert [s.get("uses") for s in steps if "uses" in s] == [
        "actions/checkout@v5",
        "actions/setup-python@v6",
        "actions/setup-node@v5",
        "actions/cache@v5",
        "actions/cache@v5",
        "actions/upload-artifact@v6",
    ]
    assert steps[1]["with"]["python-version"] == "3.11"
    assert [s["run"].splitlines()[0] for s in steps if "run" in s] == [
        "make install",
        "version=$(.venv/bin/python -c 'import importlib.metadata as m; "
        'print(m.version("playwright"))\')',
        ".venv/bin/python -m playwright install --with-deps chromium",
        "make test",
        ".venv/bin/sourcetrace check --format github",
        ".venv/bin/mkdocs build --strict",
        ".venv/bin/sourcetrace links --site site/ --format github",
    ]
    assert steps[-1]["with"]["path"] == "site/"


def test_ci_caches_pip_s_downloads_and_playwright_s_browser() -> None:
    steps = _steps(workflow("ci.yml"), "test")
    python = next(s for s in steps if s.get("uses") == "actions/setup-python@v6")
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "pyproject.toml"
    cache = next(s for s in steps if s.get("uses") == "actions/cache@v5")
    assert cache["with"] == {
        "path": "~/.cache/ms-playwright",
        "key": "playwright-${{ runner.os }}-${{ steps.playwright.outputs.version }}",
    }
    # The browser is restored before it is installed, and installed before the tests.
    order = [s.get("id") or s.get("uses") or s["run"] for s in steps if s is not checks(steps)]
    assert order.index("playwright") < order.index("actions/cache@v5")
    assert order.index("actions/cache@v5") < order.index(
        ".venv/bin/python -m playwright install --with-deps chromium"
    )
    assert order.index(".venv/bin/python -m playwright install --with-deps chromium") < order.index(
        "make test"
    )


def checks(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The step that restores and saves the check's results."""
    return next(s for s in steps if s.get("name") == "Cache the check's results")


CHECK_CACHE = {
    "path": ".sourcetrace-cache",
    "key": "sourcetrace-check-${{ runner.os }}-"
    "${{ hashFiles('content/**', 'mkdocs.yml', 'build_tools/**/*.py') }}",
    "restore-keys": "sourcetrace-check-${{ runner.os }}-",
}


@pytest.mark.parametrize(
    ("name", "job", "check"),
    [
        ("ci.yml", "test", ".venv/bin/sourcetrace check --format github"),
        ("pages.yml", "build", "make site"),
    ],
)
def test_every_workflow_that_checks_keeps_the_check_s_results(
    name: str, job: str, check: str
) -> None:
    steps = _steps(workflow(name), job)
    cache = checks(steps)
    assert cache["uses"] == "actions/cache@v5"
    assert cache["with"] == CHECK_CACHE
    # The folder is where `sourcetrace check` keeps them: beside mkdocs.yml.
    assert cache["with"]["path"] == CACHE_DIR
    runs = [s.get("run") for s in steps]
    assert steps.index(cache) < runs.index(check)


def test_pages_deploys_the_checked_site_from_main() -> None:
    data = workflow("pages.yml")
    assert data[True]["push"] == {"branches": ["main"]}
    build = _steps(data, "build")
    assert [s.get("run") for s in build if "run" in s] == ["make site"]
    assert build[-1] == {"uses": "actions/upload-pages-artifact@v4", "with": {"path": "site/"}}
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v5"]


def test_make_site_checks_the_entries_before_building() -> None:
    # The pages workflow relies on 'make site' refusing a digest with problems.
    makefile = (REPOSITORY / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/sourcetrace check" in recipe
    assert "mkdocs build --strict" in recipe


def test_the_pull_request_template_reminds_editors_of_the_sourcing_rules() -> None:
    template = (REPOSITORY / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for reminder in ("[@id]", "via:", "archive_url", "offline:", "sourcetrace check --strict"):
        assert reminder in template
