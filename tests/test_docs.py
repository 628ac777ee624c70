"""The README and docs/: generated parts are current, and the commands they show work."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT, run_tutor
from tutor.demos.registry import DEMOS


def test_tutor_demos_lists_every_registered_demo_with_its_arguments(tmp_path) -> None:
    table = json.loads(run_tutor(["demos", "--json"], tmp_path).stdout)
    assert [row["name"] for row in table] == list(DEMOS)
    for row in table:
        declared = [param.name for param in DEMOS[row["name"]].params]
        assert [arg["name"] for arg in row["arguments"]] == declared
    probe = next(row for row in table if row["name"] == "probe")
    assert any(
        model["model"] == "kmeans" and "n_clusters" in model["quantities"]
        for model in probe["models"]
    )
    text = run_tutor(["demos"], tmp_path).stdout.decode()
    for name in DEMOS:
        assert f"\n{name}: " in f"\n{text}"
    assert "n_points (integer, default 30)" in text


def test_the_authoring_guide_shows_the_registry_as_it_is() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_docs.py"), "--check"],
        capture_output=True, text=True, timeout=60,
    )
    assert check.returncode == 0, check.stdout
    guide = (ROOT / "docs" / "authoring.md").read_text()
    for spec in DEMOS.values():
        assert f"### `{spec.name}`" in guide
        for param in spec.params:
            assert f"- `{param.name}` (" in guide


def test_the_readme_puts_the_set_up_commands_first_and_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = [line.strip() for line in readme.splitlines()[:12] if line.startswith("    ")]
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/tutor",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]
    assert "git clone" in readme and "(docs/app.svg)" in readme
    assert "## Performance" not in readme and "## Development" not in readme
    for doc in ("authoring", "performance", "development"):
        assert f"(docs/{doc}.md)" in readme and (ROOT / "docs" / f"{doc}.md").is_file()
    assert readme.index("## A short session") < readme.index("## Headless mode")


@pytest.mark.slow
def test_the_screenshot_script_draws_the_real_app(tmp_path) -> None:
    out = tmp_path / "app.svg"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(out)],
        capture_output=True, text=True, timeout=180, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    svg = out.read_text()
    assert svg.startswith("<svg") and "Verdict" in svg and "parameter" in svg


def test_the_readmes_sample_session_is_what_the_tutor_prints(tmp_path) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## A short session", 1)[1].split("\n## ", 1)[0]
    sample = [line[4:] for line in section.splitlines() if line.startswith("    ")]
    typed = [line.removeprefix("you> ") for line in sample if line.startswith("you> ")]
    shown = [line for line in sample if not line.startswith("you> ") and "..." not in line]
    run = run_tutor(["--plain"], tmp_path, "".join(f"{line}\n" for line in typed), COLUMNS="80")
    out = run.stdout.decode().splitlines()
    assert shown and all(line in out for line in shown), [row for row in shown if row not in out]
