"""Draw the real app answering one question and save it as docs/app.svg (for the README).

    .venv/bin/python scripts/screenshot.py [OUT.svg]

It runs the full-screen app headless at 80x24 on a throwaway progress store, types an answer
with Textual's Pilot and saves the screen with Textual's ``save_screenshot``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.core.session import Session  # noqa: E402
from tutor.settings import Settings, open_pack, open_store  # noqa: E402
from tutor.tui.app import TutorApp  # noqa: E402

ANSWER = "it's learned from the data, so a parameter"


async def shoot(out: Path, size: tuple[int, int] = (80, 24)) -> Path:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(data_dir=Path(data), learner="ada")
        store = open_store(settings)
        session = Session(open_pack(settings, strict=True), store, seed=0)
        app = TutorApp(session, default_theme="textual-dark")
        async with app.run_test(size=size) as pilot:
            await _settle(pilot)  # the opening plays up to the first question
            for key in ANSWER:
                await pilot.press(key if key != " " else "space")
            await pilot.press("enter")
            await _settle(pilot)
            out.parent.mkdir(parents=True, exist_ok=True)
            app.save_screenshot(filename=out.name, path=str(out.parent))
        store.close()
    return out


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app._busy and not app._jobs:
            return


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "app.svg"
    print(asyncio.run(shoot(target)))
