"""Follow-ups and chat-form requests during a lesson: answered, never graded nor recorded."""

from __future__ import annotations

import json

from tutor.core import events as ev
from tutor.core.classroom import ClassJournal
from tutor.core.engine import Engine
from tutor.core.loader import load_pack
from tutor.core.progress import ProgressStore


def kinds(events: list[ev.Event]) -> list[str]:
    return [event.kind for event in events]


def test_a_question_typed_while_a_question_is_open_is_never_graded(mini_pack, tmp_path) -> None:
    store = ProgressStore(tmp_path / "data", "ada")
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    journal = ClassJournal(class_dir, "ada", login="ada")
    engine = Engine(mini_pack, store, journal=journal)
    engine.start()
    assert engine.pending is not None and engine.pending.id == "slope"
    for text in [
        "hmm, is dropout a hyperparameter?",
        "in k-means, is k a hyperparameter?",
        "remind me what a parameter is",
        "hint pls",
        "can you repeat the question?",
        "why does that matter?",
        "give me an example",
        "explain it more simply",
        "what's the difference again?",
        "what does slope mean here?",
        "1",
    ]:
        events = engine.reply(text)
        assert not any(isinstance(e, ev.Feedback | ev.Reveal) for e in events), (text, events)
        assert engine.pending is not None and engine.pending.id == "slope"
    assert store.attempts() == []
    records = [json.loads(line) for line in journal.path.read_text().splitlines() if line]
    assert not [record for record in records if record["kind"] == "attempt"]
    store.close()


def test_chat_forms_of_hint_repeat_and_why(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    assert kinds(engine.reply("hint pls")) == ["hint"]
    assert kinds(engine.reply("can you repeat the question?"))[-1] == "ask"
    engine.reply("parameter")
    why = engine.reply("how come?")
    assert kinds(why) == ["say"] and "Fitting the line" in why[0].text


def test_why_it_matters_uses_the_last_answer_or_the_lesson(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    before = engine.reply("why does that matter?")
    assert kinds(before) == ["say", "ask"] and "First steps" in before[0].text
    engine.reply("parameter")
    after = engine.reply("why does that matter?")
    assert "the slope m" in after[0].text and "Fitting the line" in after[0].text


def test_show_again_reruns_the_last_demo(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    first = next(e for e in engine.reply("parameter") if isinstance(e, ev.Demo))
    again = engine.reply("could I see that demo again?")
    demo = next(e for e in again if isinstance(e, ev.Demo))
    assert demo.demo == first.demo and demo.item == "slope" and demo.text == first.text
    assert kinds(again)[-1] == "ask"
    assert len(store.attempts()) == 1


def test_simpler_example_and_difference_keep_the_open_answer_back(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    engine.reply("parameter")  # now the learning rate question is open
    simpler = engine.reply("explain it more simply")[0].text
    assert "the learning rate" in simpler and "hyperparameter)" in simpler  # both options named
    example = engine.reply("give me an example")[0].text
    assert "learning rate" not in example and "For example" in example
    difference = engine.reply("what's the difference again?")[0].text
    assert "**parameter**" in difference and "**hyperparameter**" in difference


def test_define_a_word_of_the_question_without_the_answer(tmp_path) -> None:
    pack = load_pack()
    store = ProgressStore(tmp_path, "ada")
    engine = Engine(pack, store, items=["opt-batch-size"], run_demos=False)
    engine.start()
    events = engine.reply("what does batch mean here?")
    knowledge = events[0]
    assert isinstance(knowledge, ev.Knowledge) and knowledge.answer is None
    assert "hyperparameter" not in knowledge.text.lower().replace("hyperparameters", "")
    assert kinds(events)[-1] == "ask" and store.attempts() == []
    store.close()


def test_define_leaves_out_a_sentence_that_goes_on_about_the_item(tmp_path) -> None:
    """The glossary says "It is estimated by the fit ..., so it is a parameter." after naming
    the intercept: that sentence would answer the open question."""
    store = ProgressStore(tmp_path, "ada")
    engine = Engine(load_pack(), store, items=["intercept-c"], run_demos=False)
    engine.start()
    knowledge = engine.reply("what does intercept mean here?")[0]
    assert isinstance(knowledge, ev.Knowledge) and "intercept" in knowledge.text.lower()
    assert "parameter" not in knowledge.text.lower() and "estimated" not in knowledge.text
    store.close()


def test_how_the_reader_reads_answers(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    found = engine.reply("how do you read my answers?")[0]
    assert isinstance(found, ev.Knowledge)
    assert "**parameters**" in found.text and "**hyperparameters**" in found.text


def test_contradictions_and_numbers_get_a_clarify_that_says_why(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    contradiction = engine.reply("hyperparameter because gradient descent updates it")
    assert kinds(contradiction) == ["clarify"]
    assert "gradient descent updates it" in contradiction[0].text
    number = engine.reply("2")
    assert kinds(number) == ["clarify"] and "numbered" in number[0].text
    assert store.attempts() == []


# -- in each front end --------------------------------------------------------------------------

FRONT_END_SCRIPT = (
    "hmm, is dropout a hyperparameter?\nhint pls\nparameter\nwhy does that matter?\n"
    "can you show me again?\ngive me an example\n"
)


def test_follow_ups_in_headless_mode(tmp_path) -> None:
    from tests.helpers import MINI, json_events, run_tutor

    result = run_tutor(["--headless", "--lessons", str(MINI)], tmp_path, FRONT_END_SCRIPT)
    assert result.returncode == 0, result.stderr.decode()
    events = json_events(result.stdout)
    feedback = [e for e in events if e["event"] == "feedback"]
    assert len(feedback) == 1 and feedback[0]["item"] == "slope"  # only "parameter" was graded
    kinds = [e["event"] for e in events]
    assert kinds.count("knowledge") == 1 and kinds.count("hint") == 1
    assert kinds.count("demo") == 2  # the item's demo, and once more on request
    says = [e["text"] for e in events if e["event"] == "say"]
    assert any("the slope m" in text and "It matters because" in text for text in says)
    assert any(text.startswith("For example") for text in says)


def test_follow_ups_in_line_mode_with_piped_input(tmp_path) -> None:
    from tests.helpers import MINI, run_tutor

    result = run_tutor(["--plain", "--lessons", str(MINI)], tmp_path, FRONT_END_SCRIPT)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    flowing = " ".join(out.split())  # line mode wraps long lines
    graded = out.count("[right]") - out.count("[right] Your last answer")  # less the recaps
    assert graded == 1 and "[not quite]" not in out
    assert "It matters because" in flowing and "For example" in out
    assert "Demo:" in out  # "can you show me again?" ran the lesson's experiment


def test_follow_ups_in_the_app(tmp_path) -> None:
    import asyncio

    from tests.test_tui import make_app, say
    from tutor.tui.widgets.bubbles import FeedbackBubble

    async def run() -> None:
        app = make_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            from tests.tui_helpers import settle

            await settle(pilot)
            await say(pilot, "hmm, is dropout a hyperparameter?")
            assert len(app.query(FeedbackBubble)) == 0
            await say(pilot, "parameter")
            assert len(app.query(FeedbackBubble)) == 1
            await say(pilot, "why does that matter?")
            await say(pilot, "explain it more simply")
            assert len(app.query(FeedbackBubble)) == 1
            assert app.engine.store.attempts()[0].item == "slope"
            assert len(app.engine.store.attempts()) == 1

    asyncio.run(run())


def test_tutor_ask_explains_the_readers_own_numbers(tmp_path) -> None:
    from tests.helpers import run_tutor

    result = run_tutor(["ask", "how do you read my answers?"], tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "parameters" in out and "hyperparameters" in out and "confidence threshold" in out


def test_an_example_speaks_of_plural_terms_in_the_plural(tmp_path) -> None:
    store = ProgressStore(tmp_path, "ada")
    engine = Engine(load_pack(), store, items=["slope-m"], run_demos=False)
    engine.start()
    example = engine.reply("give me an example")[0].text
    assert "**the coefficients (w0 … wd)** are **parameters**" in example, example
    assert "is a **hyperparameter**" in example
    store.close()


def test_a_hesitant_answer_about_another_quantity_is_answered_not_graded(store) -> None:
    """Only the engine knows the open item: "the weights are learned?" asked while the slope is
    open asks about the weights; "the slope is learned?" is a hesitant answer."""
    engine = Engine(load_pack(), store)
    engine.start()
    assert engine.pending is not None and engine.pending.id == "slope-m"
    for asked in ("the weights are learned?", "epochs set by me?"):
        events = engine.reply(asked)
        assert kinds(events) == ["knowledge", "ask"] and store.attempts() == [], asked
    assert kinds(engine.reply("the slope is learned?"))[0] == "feedback"
    assert [attempt.item for attempt in store.attempts()] == ["slope-m"]


def test_a_hesitant_answer_that_names_only_a_kind_or_the_open_item_is_graded(tmp_path) -> None:
    """"parameter?" names a kind, not another quantity; "c'est" is not the C of an SVM; a
    line whose "it" is the open item answers it."""
    hesitant = [
        "parameter?",
        "umm hyperparameter??",
        "c'est un paramètre, non ?",
        "the fit finds it, no?",
        "it's learned during boosting?",
        "parameters, the ones the optimizer finds?",
    ]
    for number, text in enumerate(hesitant):
        store = ProgressStore(tmp_path, f"learner{number}")
        engine = Engine(load_pack(), store, items=["intercept-c"], run_demos=False)
        engine.start()
        assert kinds(engine.reply(text))[0] == "feedback", text
        assert [attempt.item for attempt in store.attempts()] == ["intercept-c"], text
        store.close()


def test_a_hesitant_line_about_another_named_quantity_asks_about_it(tmp_path) -> None:
    store = ProgressStore(tmp_path, "ada")
    engine = Engine(load_pack(), store, items=["kmeans-centroids"], run_demos=False)
    engine.start()
    for text in ("so C is a hyperparameter then?", "max_depth is hyper, isn't it?"):
        assert kinds(engine.reply(text)) == ["knowledge", "ask"], text
    assert store.attempts() == []
    store.close()
