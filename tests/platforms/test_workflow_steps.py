"""Every workflow's ``run:`` steps, run in order in a fresh clone, as GitHub would run them.

actionlint (tests/commands/test_workflows.py) checks that a workflow is well formed; this
checks that its steps work: a step that calls a make target, a script or a command that
the repository does not have fails here, before the first push.

The clone is of what is committed (what GitHub checks out). Two things stand in for what
the runner would install: the repository's own .venv (linked, not reinstalled, with its
install stamp renewed so make does not reinstall), and PYTHONPATH pointing at the clone,
because the .venv's editable install points at this working tree. Steps that need GitHub
or the network are named with the reason (steps.CANNOT_RUN_HERE) and only read for what
they call; `make test` is dry-run (`make -n test`), since it is the suite running this.
"""

from __future__ import annotations

import os
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.platforms.steps import (
    Runner,
    Step,
    problems,
    simple_commands,
    why_not_run,
    workflow_steps,
)

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of the committed tree, with the prepared .venv standing in."""
    clone = tmp_path_factory.mktemp("workflow-steps") / "checkout"
    git("clone", "--quiet", "--no-local", str(REPO), str(clone), cwd=REPO)
    # The commit checked out here, also when it is on no branch (a pull request on GitHub).
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    git("checkout", "--quiet", "--detach", head, cwd=clone)
    # Nothing a step does can reach the repository it was cloned from.
    git("remote", "remove", "origin", cwd=clone)
    venv = clone / ".venv"
    venv.mkdir()
    for part in (REPO / ".venv").iterdir():
        if part.name != ".installed":
            (venv / part.name).symlink_to(part)
    stamp = venv / ".installed"
    stamp.touch()
    # make compares the stamp with pyproject.toml, which the clone has just written.
    older = stamp.stat().st_mtime - 60
    os.utime(clone / "pyproject.toml", (older, older))
    return clone


@pytest.fixture
def runner(checkout: Path, tmp_path: Path) -> Runner:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    inherited.pop("CI", None)
    inherited["PYTHONPATH"] = str(checkout)
    return Runner(checkout=checkout, scratch=tmp_path, base_env=inherited)


def run_workflow(name: str, runner: Runner) -> list[str]:
    """Check and run each step of ``name``; one line per step saying what happened."""
    report = []
    jobs_seen: set[str] = set()
    # The clone's workflows: what is committed is what GitHub runs.
    for step in workflow_steps(runner.checkout / ".github" / "workflows" / name):
        if step.job not in jobs_seen:
            jobs_seen.add(step.job)
            runner.env.clear()
            runner.path.clear()
        found = problems(step.run, runner.checkout, step.where) if step.run else []
        assert found == [], "\n".join(found)
        reason = why_not_run(step)
        if reason is not None:
            report.append(f"{step.where}: not run: {reason}")
            continue
        result = runner.run(step)
        assert result.returncode == 0, (
            f"{step.where} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
        dry = " (dry run)" if step.run and step.run.strip() == "make test" else ""
        report.append(f"{step.where}: ran{dry}")
    return report


def test_ci_steps_run_here(runner: Runner) -> None:
    assert run_workflow("ci.yml", runner) == [
        "ci.yml / test / 1. actions/checkout@v5: not run: a GitHub action (actions/checkout@v5)",
        "ci.yml / test / 2. actions/setup-python@v6: not run: a GitHub action "
        "(actions/setup-python@v6)",
        "ci.yml / test / 3. actions/setup-node@v5: not run: a GitHub action "
        "(actions/setup-node@v5)",
        "ci.yml / test / 4. Install: ran",
        "ci.yml / test / 5. Find the Playwright version: ran",
        "ci.yml / test / 6. Cache the browser: not run: a GitHub action (actions/cache@v5)",
        "ci.yml / test / 7. Install the browser: not run: downloads Chromium and installs its "
        "system libraries (network, root); the browser lookup finds this machine's",
        "ci.yml / test / 8. Run the tests: ran (dry run)",
        "ci.yml / test / 9. Cache the check's results: not run: a GitHub action (actions/cache@v5)",
        "ci.yml / test / 10. Check the entries: ran",
        "ci.yml / test / 11. Build the site: ran",
        "ci.yml / test / 12. Check the site's internal links: ran",
        "ci.yml / test / 13. Upload the site: not run: a GitHub action "
        "(actions/upload-artifact@v6)",
    ]
    # The browser cache's key: empty, it would restore a browser of another version.
    assert runner.outputs["playwright"] == {"version": version("playwright")}
    assert (runner.checkout / "site" / "index.html").is_file()


def test_pages_steps_run_here(runner: Runner) -> None:
    assert run_workflow("pages.yml", runner) == [
        "pages.yml / build / 1. actions/checkout@v5: not run: a GitHub action "
        "(actions/checkout@v5)",
        "pages.yml / build / 2. actions/setup-python@v6: not run: a GitHub action "
        "(actions/setup-python@v6)",
        "pages.yml / build / 3. Cache the check's results: not run: a GitHub action "
        "(actions/cache@v5)",
        "pages.yml / build / 4. Check the entries and build the site: ran",
        "pages.yml / build / 5. actions/upload-pages-artifact@v4: not run: a GitHub action "
        "(actions/upload-pages-artifact@v4)",
        "pages.yml / deploy / 1. Deploy to GitHub Pages: not run: a GitHub action "
        "(actions/deploy-pages@v5)",
    ]
    assert (runner.checkout / "site" / "sources" / "index.html").is_file()


def test_links_steps_are_read_though_none_can_run_here(runner: Runner) -> None:
    assert run_workflow("links.yml", runner) == [
        "links.yml / external / 1. actions/checkout@v5: not run: a GitHub action "
        "(actions/checkout@v5)",
        "links.yml / external / 2. actions/setup-python@v6: not run: a GitHub action "
        "(actions/setup-python@v6)",
        "links.yml / external / 3. Install: not run: downloads packages; the prepared .venv "
        "stands in for it",
        "links.yml / external / 4. Check the source links: not run: fetches every source's "
        "own site",
        "links.yml / external / 5. Commit the link state: not run: writes to the repository "
        "on GitHub",
        "links.yml / external / 6. Upload the link state: not run: a GitHub action "
        "(actions/upload-artifact@v6)",
    ]


def test_every_workflow_is_covered() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == ["ci.yml", "links.yml", "pages.yml"]


def test_the_steps_run_the_clone_s_code_not_this_working_tree_s(runner: Runner) -> None:
    step = Step(
        "probe.yml",
        "probe",
        "1. Where",
        run=".venv/bin/python -c 'import build_tools; print(build_tools.__file__)'",
    )
    result = runner.run(step)
    assert result.stdout == f"{runner.checkout / 'build_tools' / '__init__.py'}\n"


# A workflow that would fail on GitHub, and what the check says about it.
BROKEN = """\
name: Broken
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - name: A target that is not there
        run: make tset
      - name: A script that is not there
        run: bash scripts/ensure-browsers.sh
      - name: A command that is not there
        run: |
          .venv/bin/sourcetrace check
          .venv/bin/sourcetrace-links --site site/ && echo done
      - name: An option the command does not have
        run: .venv/bin/sourcetrace check --format gitlab
"""


def test_a_missing_target_script_or_command_is_found_before_anything_runs(
    checkout: Path, tmp_path: Path
) -> None:
    workflow = tmp_path / "broken.yml"
    workflow.write_text(BROKEN, encoding="utf-8")
    found = [p for s in workflow_steps(workflow) for p in problems(s.run or "", checkout, s.where)]
    assert found == [
        "broken.yml / test / 1. A target that is not there: make tset: "
        "make: *** No rule to make target 'tset'.  Stop.",
        "broken.yml / test / 2. A script that is not there: scripts/ensure-browsers.sh "
        "does not exist",
        "broken.yml / test / 3. A command that is not there: .venv/bin/sourcetrace-links "
        "does not exist",
    ]


def test_a_step_that_fails_when_run_fails_the_check(
    checkout: Path, runner: Runner, tmp_path: Path
) -> None:
    workflow = tmp_path / "broken.yml"
    workflow.write_text(BROKEN, encoding="utf-8")
    step = workflow_steps(workflow)[-1]
    assert problems(step.run or "", checkout, step.where) == []
    result = runner.run(step)
    assert result.returncode == 2
    assert "invalid choice: 'gitlab'" in result.stderr


def test_a_make_recipe_calling_a_missing_script_is_found(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text("test:\n\tbash scripts/gone.sh\n\t./run-all\n")
    assert problems("make test", tmp_path, "w / j / s") == [
        "w / j / s (make test): scripts/gone.sh does not exist",
        "w / j / s (make test): ./run-all does not exist",
    ]
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "gone.sh").write_text("true\n")
    (tmp_path / "run-all").write_text("true\n")
    assert problems("make test", tmp_path, "w / j / s") == []


def test_steps_needing_github_or_the_network_are_named_not_run() -> None:
    assert why_not_run(Step("w", "j", "s", uses="actions/cache@v5")) == (
        "a GitHub action (actions/cache@v5)"
    )
    assert why_not_run(Step("w", "j", "s", run="git pull --rebase && git push")) == (
        "writes to the repository on GitHub"
    )
    assert why_not_run(Step("w", "j", "s", run="echo ${{ github.sha }}")) == (
        "it needs a GitHub expression evaluated"
    )
    assert why_not_run(Step("w", "j", "s", run="make site")) is None


def test_commands_are_read_across_separators_substitutions_and_redirections() -> None:
    script = (
        "version=$(.venv/bin/python -c 'print(1)')\n"
        'echo "v=$version" >> "$GITHUB_OUTPUT"\n'
        "if ! { git pull --rebase && git push; }; then\n"
        "  X=1 make site | tee log  # a comment\n"
        "fi\n"
    )
    assert simple_commands(script) == [
        [".venv/bin/python", "-c", "print(1)"],
        ["echo", "v=$version"],
        ["git", "pull", "--rebase"],
        ["git", "push"],
        ["make", "site"],
        ["tee", "log"],
    ]


def test_the_runner_passes_outputs_and_environment_to_later_steps(runner: Runner) -> None:
    first = Step(
        "w",
        "j",
        "1. Set",
        id="set",
        run='echo "answer=42" >> "$GITHUB_OUTPUT"\necho "COLOUR=red" >> "$GITHUB_ENV"',
    )
    second = Step("w", "j", "2. Read", run='echo "$COLOUR $CI $SHADE"', env={"SHADE": "dark"})
    assert runner.run(first).returncode == 0
    assert runner.outputs["set"] == {"answer": "42"}
    assert runner.run(second).stdout == "red true dark\n"
    failing = Step("w", "j", "3. Fail", run="false\necho never")
    result = runner.run(failing)
    assert (result.returncode, result.stdout) == (1, "")
