"""One place for reading what learners type: normalisation, tokens, one edit distance,
negation scope, self-corrections, the answer vocabulary, the command table, and one decision
per line (answer, command, question, follow-up or unclear) with how the line was read.

The reader's trained model is loaded from package data on first use, with the standard
library only.
"""

from tutor.core.language.about import about_the_reader, asks_about_the_reader
from tutor.core.language.commands import COMMANDS, NAMES, CommandSpec, help_text, match_command
from tutor.core.language.distance import edit_distance
from tutor.core.language.followups import FOLLOW_UPS, match_follow_up
from tutor.core.language.negation import after_correction, negation_marks
from tutor.core.language.normalise import canonical_word, fold, normalise, tokens
from tutor.core.language.questions import (
    asks_about_the_open_item,
    looks_like_question,
    names_a_quantity_then_says,
)
from tutor.core.language.reader import (
    Answer,
    Command,
    FollowUp,
    Question,
    Reader,
    Reading,
    Unclear,
    UnclearReason,
    read,
)
from tutor.core.language.vocabulary import HYPERPARAMETER, PARAMETER

COMMAND_NAMES = NAMES

__all__ = [
    "COMMANDS",
    "COMMAND_NAMES",
    "FOLLOW_UPS",
    "HYPERPARAMETER",
    "NAMES",
    "PARAMETER",
    "Answer",
    "Command",
    "CommandSpec",
    "FollowUp",
    "Question",
    "Reader",
    "Reading",
    "Unclear",
    "UnclearReason",
    "about_the_reader",
    "after_correction",
    "asks_about_the_open_item",
    "asks_about_the_reader",
    "canonical_word",
    "edit_distance",
    "fold",
    "help_text",
    "looks_like_question",
    "match_command",
    "match_follow_up",
    "names_a_quantity_then_says",
    "negation_marks",
    "normalise",
    "read",
    "tokens",
]
