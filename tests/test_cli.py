"""The one-shot commands: listings, pipes, warnings and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.helpers import MINI, ROOT, run_tutor, tutor_env


def test_listings_as_json(tmp_path) -> None:
    lessons = json.loads(run_tutor(["lessons", "--json"], tmp_path).stdout)
    assert [row["id"] for row in lessons][:2] == ["parameters", "parameters-elsewhere"]
    items = json.loads(run_tutor(["items", "--json"], tmp_path).stdout)
    assert len(items) >= 60 and {"id", "term", "family", "model", "answer"} <= items[0].keys()
    table = run_tutor(["items"], tmp_path).stdout.decode().splitlines()[0]
    assert table.split() == ["id", "term", "family", "answer"]


def test_a_closed_pipe_is_not_an_error(tmp_path) -> None:
    for command in (["items"], ["items", "--json"], ["lessons"], ["progress", "--json"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "tutor.cli", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=tutor_env(tmp_path),
            cwd=ROOT,
        )
        process.stdout.read(10)
        process.stdout.close()  # the reader goes away, like `| head -c 10`
        err = process.stderr.read()
        assert process.wait(timeout=60) == 0, err
        assert b"Traceback" not in err


def test_listings_warn_about_lessons_that_did_not_load(tmp_path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    (pack / "03-bad.toml").write_text(
        'id = "bad"\ntitle = "Bad"\norder = 3\n[[steps]]\nask = "x"\n'
    )
    result = run_tutor(["lessons", "--lessons", str(pack)], tmp_path)
    assert result.returncode == 0
    assert b"first" in result.stdout and b"bad" not in result.stdout
    assert f"{pack / '03-bad.toml'}:5: item 'x'".encode() in result.stderr


def test_ask_one_shot(tmp_path) -> None:
    data = json.loads(
        run_tutor(["ask", "is the learning rate a parameter?", "--json"], tmp_path).stdout
    )
    assert data["answer"] == "hyperparameter" and data["text"].startswith("No")
    unknown = json.loads(
        run_tutor(["ask", "what is the capital of France?", "--json"], tmp_path).stdout
    )
    assert unknown["answer"] is None and unknown["suggestions"]
