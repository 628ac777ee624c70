"""Malformed lesson packs are reported as path:line: message, one test per kind of error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, run_tutor
from tutor.core.loader import LessonPackError, builtin_lessons_dir, load_pack, load_pack_lenient

GOOD_LESSON = """id = "extra"
title = "Extra"
order = 3

[[steps]]
say = "Hello."

[[steps]]
ask = "slope"
"""


def pack_with(tmp_path: Path, name: str, text: str) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    (root / name).write_text(text)
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(LessonPackError) as caught:
        load_pack(root)
    return caught.value.problems


CASES = [
    (
        "unknown key",
        GOOD_LESSON.replace("order = 3", 'order = 3\ncolour = "red"'),
        4,
        "unknown key 'colour'",
    ),
    ("missing field", GOOD_LESSON.replace('title = "Extra"\n', ""), 1, "missing field 'title'"),
    (
        "wrong type",
        GOOD_LESSON.replace("order = 3", 'order = "three"'),
        3,
        "field 'order' must be an integer",
    ),
    (
        "unknown demo",
        GOOD_LESSON + '\n[[steps]]\ndemo = "teleport"\n',
        12,
        "unknown demo 'teleport'",
    ),
    (
        "bad demo argument",
        GOOD_LESSON + '\n[[steps]]\ndemo = "explain"\nargs = { noot = "x" }\n',
        13,
        "has no argument 'noot'",
    ),
    (
        "missing demo argument",
        GOOD_LESSON + '\n[[steps]]\ndemo = "explain"\n',
        12,
        "needs argument 'note'",
    ),
    (
        "undefined item",
        GOOD_LESSON.replace('ask = "slope"', 'ask = "gravity"'),
        9,
        "item 'gravity' is referenced but not defined",
    ),
    (
        "duplicate id",
        GOOD_LESSON.replace('id = "extra"', 'id = "first"'),
        1,
        "duplicate lesson id 'first'",
    ),
    (
        "two kinds in a step",
        GOOD_LESSON.replace('say = "Hello."', 'say = "Hello."\nask = "k"'),
        5,
        "exactly one of say, demo or ask",
    ),
    (
        "toml syntax",
        GOOD_LESSON.replace('title = "Extra"', 'title = "Extra'),
        2,
        "TOML syntax error",
    ),
]


@pytest.mark.parametrize(("kind", "text", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_error_names_file_line_and_field(tmp_path, kind, text, line, message) -> None:
    root = pack_with(tmp_path, "03-extra.toml", text)
    found = problems(root)
    assert any(
        p.startswith(f"{root / '03-extra.toml'}:{line}: ") and message in p for p in found
    ), found


def test_item_errors_point_into_the_item_bank(tmp_path) -> None:
    items = (MINI / "items.toml").read_text()
    broken = items.replace(
        'answer = "hyperparameter"\nwhy = "k is', 'answer = "setting"\nwhy = "k is'
    )
    broken = broken.replace('id = "rate"', 'id = "slope"')
    root = pack_with(tmp_path, "items.toml", broken)
    found = problems(root)
    path = root / "items.toml"
    assert any(p.startswith(f"{path}:13: duplicate item id 'slope'") for p in found), found
    assert any(p.startswith(f"{path}:28: field 'answer'") for p in found), found


def test_markdown_in_multiline_strings_does_not_confuse_line_numbers(tmp_path) -> None:
    text = GOOD_LESSON.replace(
        'say = "Hello."', 'say = """\n[[steps]]\n[not a table]\nx = 1\n"""'
    ).replace('ask = "slope"', 'ask = "nope"')
    root = pack_with(tmp_path, "03-extra.toml", text)
    assert any(p.startswith(f"{root / '03-extra.toml'}:13: item 'nope'") for p in problems(root))


def test_files_over_one_megabyte_are_refused(tmp_path) -> None:
    big = GOOD_LESSON.replace('say = "Hello."', 'say = "' + "x" * 1_100_000 + '"')
    root = pack_with(tmp_path, "03-extra.toml", big)
    assert any("at most 1 MB" in p for p in problems(root))


def test_lenient_loading_keeps_the_good_lessons(tmp_path) -> None:
    root = pack_with(tmp_path, "03-extra.toml", GOOD_LESSON.replace("order = 3", "order = x"))
    pack, found = load_pack_lenient(root)
    assert [lesson.id for lesson in pack.lessons] == ["first", "second"]
    assert len(found) == 1 and "03-extra.toml:3:" in found[0]


def test_cli_reports_bad_pack_with_exit_2_and_no_traceback(tmp_path) -> None:
    root = pack_with(tmp_path, "03-extra.toml", GOOD_LESSON.replace('ask = "slope"', "ask = 3"))
    result = run_tutor(["check", str(root)], tmp_path / "data")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "Traceback" not in err
    assert f"{root / '03-extra.toml'}:9: field 'ask' must be a string" in err
    headless = run_tutor(["--headless", "--lessons", str(root)], tmp_path / "data")
    assert headless.returncode == 2 and headless.stdout == b""


def test_builtin_lessons_load_cleanly() -> None:
    pack = load_pack(builtin_lessons_dir())
    assert pack.lessons and pack.items


def test_one_run_reports_every_problem_of_the_item_bank(tmp_path) -> None:
    items = (MINI / "items.toml").read_text()
    broken = items.replace(
        'demo = "explain"\nargs = { note = "The slope comes out of the fit." }\n', ""
    )
    broken = broken.replace('id = "rate"', 'id = "slope"').replace(
        'answer = "hyperparameter"\nwhy = "k is', 'answer = "maybe"\nwhy = "k is'
    )
    root = pack_with(tmp_path, "items.toml", broken)
    found = "\n".join(problems(root))
    assert "missing field 'demo'" in found
    assert "duplicate item id 'slope'" in found
    assert "not 'maybe'" in found


def test_unreadable_pack_directory_is_a_one_line_error(tmp_path) -> None:
    import os

    root = pack_with(tmp_path, "03-extra.toml", GOOD_LESSON)
    if os.geteuid() == 0:
        pytest.skip("root reads any directory")
    root.chmod(0)
    try:
        result = run_tutor(["check", str(root)], tmp_path / "data")
    finally:
        root.chmod(0o755)
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_check_json_reports_a_malformed_pack_as_json(tmp_path) -> None:
    import json

    root = pack_with(tmp_path, "03-extra.toml", GOOD_LESSON.replace("order = 3", "order = x"))
    result = run_tutor(["check", str(root), "--json"], tmp_path / "data")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False and any("03-extra.toml:3:" in p for p in data["problems"])


def _claims_pack(tmp_path: Path, expect: str, kind: str = 'demo = "k_elbow"') -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    (root / "items.toml").write_text((MINI / "items.toml").read_text())
    (root / "01-a.toml").write_text(
        'id = "a"\ntitle = "A"\norder = 1\n\n[[steps]]\nask = "k"\n\n'
        f"[[steps]]\n{kind}\nexpect = [\n{expect}\n]\n"
    )
    return root


def test_claims_about_a_demo_load_as_data(tmp_path: Path) -> None:
    root = _claims_pack(
        tmp_path,
        '  { measure = "elbow_k", equals = "blobs" },\n'
        '  { measure = "inertia_rises", at_most = 0 },',
    )
    pack = load_pack(root, use_cache=False)
    step = pack.lessons[0].steps[1]
    assert [dict(claim) for claim in step.expect] == [
        {"measure": "elbow_k", "equals": "blobs"},
        {"measure": "inertia_rises", "at_most": 0},
    ]


@pytest.mark.parametrize(
    ("claims", "line", "message"),
    [
        ('  { measure = "elbow", equals = 3 },', 11, "demo 'k_elbow' has no measure 'elbow'"),
        (
            '  { measure = "elbow_k", equals = 3 },\n  { measure = "elbow_k", is = 3 },',
            12,
            "unknown key 'is'",
        ),
        ('  { measure = "elbow_k", below = 3, above = 1 },', 11, "needs exactly one of"),
        (
            '  { measure = "elbow_k", equals = "clusters" },',
            11,
            "'clusters', which is not a measure",
        ),
        ('  { measure = "elbow_k", below = true },', 11, "must be a number or a measure's name"),
        (
            '  { measure = "elbow_k", equals = 3, within = 1 },',
            11,
            "'within' goes with 'near' only",
        ),
        ("  { equals = 3 },", 10, "needs 'measure'"),  # no measure to find: the list's line
        ("", 10, "non-empty list"),
    ],
)
def test_bad_claims_are_reported_at_their_line(
    tmp_path: Path, claims: str, line: int, message: str
) -> None:
    root = _claims_pack(tmp_path, claims)
    with pytest.raises(LessonPackError) as raised:
        load_pack(root, use_cache=False)
    problems = raised.value.problems
    assert any(p.startswith(f"{root / '01-a.toml'}:{line}: ") and message in p for p in problems), (
        problems
    )


def test_claims_belong_to_demo_steps_only(tmp_path: Path) -> None:
    root = _claims_pack(tmp_path, '  { measure = "elbow_k", equals = 3 },', kind='say = "Hi."')
    with pytest.raises(LessonPackError) as raised:
        load_pack(root, use_cache=False)
    assert any("'expect' belongs to a demo step only" in p for p in raised.value.problems)


def test_check_fails_on_a_claim_its_demo_contradicts(tmp_path: Path) -> None:
    """The fixture lesson claims the new points pick degree 9; its demo picks 3."""
    fixture = ROOT / "tests" / "fixtures" / "claims"
    result = run_tutor(["check", str(fixture)], tmp_path / "data")
    out = result.stdout.decode()
    assert result.returncode == 1, out + result.stderr.decode()
    assert "FAIL overclaims" in out
    assert "lesson 'overclaims' step 2" in out and "01-overclaims.toml:9" in out
    assert "the claim 'best_degree equals 9' does not hold: best_degree = 3" in out
    assert "train_error_at_highest" not in out  # the claim that holds is not reported
    as_json = run_tutor(["check", str(fixture), "--json"], tmp_path / "data")
    assert as_json.returncode == 1
    (lesson,) = [r for r in json.loads(as_json.stdout)["lessons"] if r["lesson"] == "overclaims"]
    assert lesson["claims_holding"] == 1 and len(lesson["failures"]) == 1
