"""Run a GitHub workflow's ``run:`` steps here, in order, as far as they need no GitHub.

Each step is first read for what it calls: every ``make`` target must exist (``make -n``,
whose commands are read the same way), every command given as a path must be there, and
every script handed to ``bash`` or ``python`` must exist. Then the steps that need nothing
from GitHub or the network run with ``bash -eo pipefail`` in the checkout, with the
environment the workflow, the job and the step set and the files GitHub gives every step
(``GITHUB_OUTPUT``, ``GITHUB_ENV``, ``GITHUB_STEP_SUMMARY``). The others are named with the
reason they cannot run here, so a new step is never skipped unnoticed.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Steps that cannot run on this machine, found by what their command contains.
CANNOT_RUN_HERE: tuple[tuple[str, str], ...] = (
    (
        "playwright install",
        "downloads Chromium and installs its system libraries (network, root); "
        "the browser lookup finds this machine's",
    ),
    ("pip install", "downloads packages; the prepared .venv stands in for it"),
    ("--external", "fetches every source's own site"),
    ("git push", "writes to the repository on GitHub"),
)

# Steps replaced by a dry run: `make test` runs the suite this check is part of.
DRY_RUNS: dict[str, str] = {"make test": "make -n test"}

_SEPARATORS = {"&&", "||", ";", "|", "(", ")", "!", "{", "}", "&", ";;", "|&"}
_KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for"}
_REDIRECTIONS = {">", ">>", "<", "<<", ">&", "<&", ">|"}
_INTERPRETERS = {"bash", "sh", "python", "python3"}


@dataclass(frozen=True)
class Step:
    """One step of one job, with the environment it runs in."""

    workflow: str
    job: str
    name: str
    run: str | None = None
    uses: str | None = None
    id: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    working_directory: str | None = None

    @property
    def where(self) -> str:
        return f"{self.workflow} / {self.job} / {self.name}"


def workflow_steps(path: Path) -> list[Step]:
    """Every step of every job of the workflow at ``path``, in file order."""
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    top_env = {str(k): str(v) for k, v in (data.get("env") or {}).items()}
    steps = []
    for job_id, job in data["jobs"].items():
        job_env = {**top_env, **{str(k): str(v) for k, v in (job.get("env") or {}).items()}}
        for number, step in enumerate(job.get("steps", []), start=1):
            run, uses = step.get("run"), step.get("uses")
            name = step.get("name") or (f"run {run.splitlines()[0]}" if run else str(uses))
            env = {**job_env, **{str(k): str(v) for k, v in (step.get("env") or {}).items()}}
            steps.append(
                Step(
                    workflow=path.name,
                    job=str(job_id),
                    name=f"{number}. {name}",
                    run=run,
                    uses=uses,
                    id=step.get("id"),
                    env=env,
                    working_directory=step.get("working-directory"),
                )
            )
    return steps


def why_not_run(step: Step) -> str | None:
    """Why ``step`` cannot run on this machine, or None when it can."""
    if step.uses is not None:
        return f"a GitHub action ({step.uses})"
    assert step.run is not None
    for needle, reason in CANNOT_RUN_HERE:
        if needle in step.run:
            return reason
    if "${{" in step.run or any("${{" in value for value in step.env.values()):
        return "it needs a GitHub expression evaluated"
    return None


def simple_commands(script: str) -> list[list[str]]:
    """The words of each simple command of a shell script (enough for workflow steps)."""
    commands: list[list[str]] = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        current: list[str] = []
        skip_next = False
        for token in lexer:
            if skip_next:
                skip_next = False
            elif token in _SEPARATORS or (not current and token in _KEYWORDS):
                if current:
                    commands.append(current)
                current = []
            elif token in _REDIRECTIONS:
                skip_next = True
            elif not current and "=" in token and not token.startswith("="):
                continue  # VAR=value before a command, or an assignment on its own
            else:
                current.append(token)
        if current:
            commands.append(current)
    return commands


def problems(script: str, cwd: Path, where: str) -> list[str]:
    """What ``script`` calls that is not there: make targets, commands and scripts."""
    found: list[str] = []
    for words in simple_commands(script):
        command, arguments = words[0], words[1:]
        if "/" in command and not (cwd / command).exists():
            found.append(f"{where}: {command} does not exist")
        if Path(command).name in _INTERPRETERS and arguments:
            first = arguments[0]
            if not first.startswith("-") and not (cwd / first).is_file():
                found.append(f"{where}: {first} does not exist")
        if command == "make":
            targets = [a for a in arguments if not a.startswith("-") and "=" not in a]
            # As a workflow runs it: not inside the make that runs this suite, whose
            # MAKELEVEL and MAKEFLAGS would change what make prints ("make[1]: ...").
            outer = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")
            dry = subprocess.run(
                ["make", "-n", *targets],
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                env={k: v for k, v in os.environ.items() if k not in outer},
            )
            if dry.returncode != 0:
                message = dry.stderr.strip().splitlines()[-1] if dry.stderr.strip() else ""
                found.append(f"{where}: make {' '.join(targets)}: {message}")
            else:
                found.extend(problems(dry.stdout, cwd, f"{where} (make {' '.join(targets)})"))
    return found


@dataclass
class Runner:
    """The files GitHub hands each step of one job, and what the steps wrote to them."""

    checkout: Path
    scratch: Path
    base_env: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)

    def github_env(self, step: Step) -> dict[str, str]:
        files = {
            name: self.scratch / f"{name.lower()}-{len(self.outputs)}"
            for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")
        }
        for file in files.values():
            file.write_text("", encoding="utf-8")
        env = {
            **self.base_env,
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.checkout),
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(self.scratch),
            **{name: str(path) for name, path in files.items()},
            **self.env,
            **step.env,
        }
        if self.path:
            env["PATH"] = os.pathsep.join([*reversed(self.path), env.get("PATH", "")])
        return env

    def run(self, step: Step) -> subprocess.CompletedProcess[str]:
        """Run ``step`` as GitHub runs a bash step, and keep what it wrote for later steps."""
        assert step.run is not None
        env = self.github_env(step)
        script = DRY_RUNS.get(step.run.strip(), step.run)
        cwd = self.checkout / (step.working_directory or ".")
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        self.outputs[step.id or step.name] = _pairs(Path(env["GITHUB_OUTPUT"]))
        self.env.update(_pairs(Path(env["GITHUB_ENV"])))
        self.path.extend(Path(env["GITHUB_PATH"]).read_text(encoding="utf-8").split())
        return result


def _pairs(file: Path) -> dict[str, str]:
    """``name=value`` lines, as steps write them to GITHUB_OUTPUT and GITHUB_ENV."""
    pairs = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep:
            pairs[name] = value
    return pairs
