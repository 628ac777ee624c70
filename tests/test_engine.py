"""The conversation engine on a small lesson pack, without any front end."""

from __future__ import annotations

from tutor.core import events as ev
from tutor.core.engine import Engine
from tutor.core.progress import ProgressStore


def kinds(events: list[ev.Event]) -> list[str]:
    return [event.kind for event in events]


def last_ask(events: list[ev.Event]) -> ev.Ask:
    return [event for event in events if isinstance(event, ev.Ask)][-1]


def test_start_explains_then_asks(mini_pack, store) -> None:
    events = Engine(mini_pack, store).start()
    assert kinds(events) == ["lesson_start", "say", "ask"]
    assert last_ask(events).item == "slope"
    assert last_ask(events).choices == ["parameter", "hyperparameter"]


def test_right_and_wrong_answers_get_specific_feedback(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    right = engine.reply("parameter")
    feedback = right[0]
    assert isinstance(feedback, ev.Feedback) and feedback.correct
    assert "Fitting the line" in feedback.text  # the item's why, not a generic line
    assert last_ask(right).item == "rate"
    wrong = engine.reply("it's learned from the data")
    feedback = wrong[0]
    assert isinstance(feedback, ev.Feedback) and not feedback.correct
    assert feedback.understood == "parameter" and feedback.expected == "hyperparameter"
    assert "I read that as" in feedback.text
    assert "hyperparameter" in feedback.text


def test_item_demo_follows_feedback_with_item_id(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    events = engine.reply("parameter")
    assert kinds(events)[:2] == ["feedback", "demo"]
    assert events[1].item == "slope"


def test_unclear_input_is_not_graded(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    for text in ["banana", "both", "maybe", ""]:
        events = engine.reply(text)
        assert kinds(events) == ["clarify"]
    assert store.attempts() == []


def test_hint_skip_why_back_repeat(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    assert kinds(engine.reply("why")) == ["clarify"]  # nothing answered yet
    hint = engine.reply("hint")
    assert kinds(hint) == ["hint"] and "change" in hint[0].text
    skipped = engine.reply("/skip")
    assert isinstance(skipped[0], ev.Reveal) and skipped[0].answer == "parameter"
    assert store.attempts()[-1].skipped and not store.attempts()[-1].correct
    why = engine.reply("why")
    assert kinds(why) == ["say"] and "slope" in why[0].text
    repeat = engine.reply("repeat")
    assert kinds(repeat) == ["say", "ask"] and repeat[-1].item == "rate"
    back = engine.reply("back")
    assert last_ask(back).item == "slope"
    again = engine.reply("parameter")
    assert again[0].correct and not again[0].first_try


def test_lesson_end_counts_first_tries_and_moves_on(mini_pack, store) -> None:
    engine = Engine(mini_pack, store)
    engine.start()
    engine.reply("hyperparameter")  # wrong on the first try
    events = engine.reply("hyperparameter")
    end = next(e for e in events if isinstance(e, ev.LessonEnd))
    assert (end.lesson, end.correct, end.total) == ("first", 1, 2)
    assert last_ask(events).item == "k"
    assert store.position("first") == (4, True)


def test_course_end_and_quit(mini_pack, store) -> None:
    engine = Engine(mini_pack, store, lesson="second")
    engine.start()
    events = engine.reply("hyperparameter")
    assert kinds(events)[-1] == "end" and engine.finished
    assert events[-1].reason == "finished"
    assert kinds(Engine(mini_pack, store).start())[-1] != "end"  # lesson "first" is not done
    engine = Engine(mini_pack, store)
    engine.start()
    assert engine.reply("quit")[-1] == ev.End("quit")


def test_resume_at_first_unanswered_question(mini_pack, tmp_path) -> None:
    first = ProgressStore(tmp_path, "ada")
    engine = Engine(mini_pack, first)
    engine.start()
    engine.reply("parameter")
    first.close()
    second = ProgressStore(tmp_path, "ada")
    events = Engine(mini_pack, second).start()
    assert events[0].resumed
    assert "Welcome back" in events[1].text
    assert last_ask(events).item == "rate"
    assert "Now the rate." in [e.text for e in events if isinstance(e, ev.Say)]
    second.close()


def test_drill_on_chosen_items(mini_pack, store) -> None:
    engine = Engine(mini_pack, store, items=["k", "slope"])
    events = engine.start()
    assert last_ask(events).item == "k"
    events = engine.reply("hyperparameter")
    assert last_ask(events).item == "slope"
    events = engine.reply("parameter")
    assert kinds(events)[-2:] == ["lesson_end", "end"]
    assert store.position("first") == (0, False)  # a drill does not move the course


def test_demo_failure_is_reported_and_lesson_goes_on(mini_pack, store) -> None:
    def broken(name, args, seed):
        raise RuntimeError("boom")

    engine = Engine(mini_pack, store, demo_runner=broken)
    engine.start()
    events = engine.reply("parameter")
    assert kinds(events)[:2] == ["feedback", "error"]
    assert last_ask(events).item == "rate"


def test_feedback_wording_varies(mini_pack, tmp_path) -> None:
    openers = set()
    for seed in range(6):
        store = ProgressStore(tmp_path / str(seed), "ada")
        engine = Engine(mini_pack, store, seed=seed)
        engine.start()
        openers.add(engine.reply("parameter")[0].text.split(".")[0])
        store.close()
    assert len(openers) >= 3


def test_events_are_json_serialisable(mini_pack, store) -> None:
    import json

    engine = Engine(mini_pack, store)
    for event in engine.start() + engine.reply("param") + engine.reply("progress"):
        data = json.loads(json.dumps(event.to_dict()))
        assert data["event"] == event.kind


def test_chat_questions_do_not_give_away_the_open_answer(tmp_path) -> None:
    from tutor.core.loader import load_pack

    pack = load_pack()
    store = ProgressStore(tmp_path, "ada")
    engine = Engine(pack, store, items=["opt-batch-size"], run_demos=False)
    engine.start()
    same = engine.reply("is the batch size a hyperparameter?")[0]
    assert same.answer is None and "nudge" in same.text
    related = engine.reply("what is a batch?")[0]
    assert "gradient step" in related.text  # the definition stays
    assert "hyperparameter" not in related.text.replace("(I've left out", "")
    assert related.answer is None
    other = engine.reply("what is a learning rate?")[0]
    assert other.answer == "hyperparameter" and other.known
    about_it = engine.reply("is it estimated from the training set?")
    assert about_it[0].answer is None and "nudge" in about_it[0].text
    assert engine.pending is not None and engine.pending.id == "opt-batch-size"  # not graded
    store.close()
