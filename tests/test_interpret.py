"""The interpreter reads answers generously and never guesses."""

from __future__ import annotations

import pytest

from tutor.core.interpret import Answer, Command, Question, Unclear, interpret

P, H = "parameter", "hyperparameter"

ANSWERS = [
    ("parameter", P),
    ("Parameter", P),
    ("  PARAMETER  ", P),
    ("parameters", P),
    ("param", P),
    ("params", P),
    ("paramter", P),
    ("parmeter", P),
    ("parametre", P),
    ("hyperparameter", H),
    ("Hyper-Parameter", H),
    ("hyper parameter", H),
    ("hyper_parameter", H),
    ("hyper", H),
    ("hyperparam", H),
    ("hyperparamter", H),
    ("hyperparmeter", H),
    ("hp", H),
    ("HYPERPARAMETERS", H),
    ("1", P),
    ("2", H),
    ("p", P),
    ("h", H),
    ("I think it's a hyperparameter", H),
    ("i think its a parameter", P),
    ("it's learned from the data", P),
    ("it is learnt during training", P),
    ("the data decides it", P),
    ("the model learns it", P),
    ("learned by gradient descent", P),
    ("we set it before training", H),
    ("it is chosen by hand", H),
    ("set manually", H),
    ("you pick it before fitting", H),
    ("it's tuned", H),
    ("a setting we choose", H),
    ("not a hyperparameter", P),
    ("it's not a parameter", H),
    ("it isn't a hyperparameter", P),
    ("isn't learned from data", H),
    ("not learned", H),
    ("parameter, because it is learned", P),
    ("hyperparameter because we choose it", H),
    ("parameter since the fit finds it", P),
    ("hyperparameter; set before training", H),
    ("hyperparameter, not a parameter", H),
    ("a parameter, not a hyperparameter", P),
    ("is it a parameter?", P),
    ("hyperparameter?", H),
    ("Parameters.", P),
    ("it is a parameter because the model learns it", P),
    ("maybe a hyperparameter", H),
    ("probably a parameter", P),
    ("it's a hyperparameter since we choose it before training", H),
]


# negation reaches only its own clause; "no," and "wait" are corrections, not negations
NEGATION_AND_CORRECTION = [
    ("no, it's a parameter", P),
    ("no, hyperparameter", H),
    ("learned? no, set before training", H),
    ("not learned, so hyperparameter", H),
    ("I don't think it's a parameter", H),
    ("I don't think it's a hyperparameter", P),
    ("i dont think its a parameter", H),
    ("I wouldn't call it a hyperparameter", P),
    ("non-hyperparameter", P),
    ("hyperparameter, no wait, parameter", P),
    ("parameter... actually, hyperparameter", H),
    ("the fit doesn't change it", H),
    ("fitting changes it", P),
    ("the data doesn't decide it", H),
    ("it's fixed", H),
    ("it's trained", P),
    ("user-defined", H),
    ("it can't be learned", H),
    ("set before the model is trained", H),
    ("we choose it before training begins", H),
]
ANSWERS += NEGATION_AND_CORRECTION


@pytest.mark.parametrize(("text", "expected"), ANSWERS)
def test_answers_are_read_generously(text: str, expected: str) -> None:
    reading = interpret(text)
    assert isinstance(reading, Answer), reading
    assert reading.choice == expected


@pytest.mark.parametrize("text", ["parameter", "Hyperparameter", "hyper-parameter"])
def test_plain_words_need_no_reading_note(text: str) -> None:
    reading = interpret(text)
    assert isinstance(reading, Answer) and reading.plain and reading.reading == ""


@pytest.mark.parametrize("text", ["param", "it's learned from the data", "not a parameter", "2"])
def test_free_text_says_how_it_was_read(text: str) -> None:
    reading = interpret(text)
    assert isinstance(reading, Answer) and not reading.plain
    assert reading.choice in reading.reading


UNCLEAR = [
    "banana",
    "both",
    "maybe",
    "",
    "   ",
    "parameter or hyperparameter",
    "I don't know",
    "not sure",
    "either",
    "idk",
    "perhaps",
    "42",
    "maybe?",
    "the weather is nice",
    "\x1b[31m",
    "/frobnicate",
]


@pytest.mark.parametrize("text", UNCLEAR)
def test_unclear_input_is_never_guessed(text: str) -> None:
    assert isinstance(interpret(text), Unclear)


COMMANDS = [
    ("hint", "hint"),
    ("/hint", "hint"),
    ("HINT", "hint"),
    ("why", "why"),
    ("/why", "why"),
    ("skip", "skip"),
    ("/skip", "skip"),
    ("back", "back"),
    ("repeat", "repeat"),
    ("/repeat", "repeat"),
    ("progress", "progress"),
    ("help", "help"),
    ("/help", "help"),
    ("quit", "quit"),
    ("/quit", "quit"),
    ("exit", "quit"),
    ("give me a hint", "hint"),
    ("i give up", "skip"),
]


@pytest.mark.parametrize(("text", "name"), COMMANDS)
def test_commands(text: str, name: str) -> None:
    assert interpret(text) == Command(name)


@pytest.mark.parametrize(
    "text",
    [
        "what is a learning rate?",
        "is batch size a parameter?",
        "why is k a hyperparameter?",
        "explain dropout",
        "difference between parameter and hyperparameter?",
        "what does the learning rate do",
        "define epoch",
    ],
)
def test_questions_are_not_graded(text: str) -> None:
    assert isinstance(interpret(text), Question)
