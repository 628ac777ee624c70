"""A value the question's own code registers as trainable: ``self.alpha = nn.Parameter(...)``,
``self.temperature = self.add_weight(..., trainable=True)``.

Whatever its name (an alpha, a temperature, a scale), such a value is returned by
``model.parameters()`` (or ``trainable_weights``) and updated by the optimizer: a parameter.
The name decides nothing here, so the library vocabulary's usual meaning of "alpha" must not
answer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tutor.core.knowledge.answer import KnowledgeAnswer
from tutor.core.knowledge.replies import premise_right

if TYPE_CHECKING:
    from tutor.core.knowledge.reader import Reading

_REGISTERED = re.compile(
    r"(?:self\.)?(?P<name>[A-Za-z_]\w{0,40})\s*=\s*(?:torch\.)?(?:nn\.)?Parameter\s*\("
    r"|(?:self\.)?(?P<keras>[A-Za-z_]\w{0,40})\s*=\s*self\.add_weight\s*\("
)
_FROZEN = re.compile(r"requires_grad\s*=\s*False|trainable\s*=\s*False|\.requires_grad_\(\s*False")
_POINTING = re.compile(r"\b(?:this|it|that|these|those|here)\b", re.IGNORECASE)


def registered_parameter(question: str, reading: Reading | None) -> KnowledgeAnswer | None:
    """The answer when the question asks about a value its code registers as trainable
    (``reading``, the question's reading, says which kind the learner claims, if any)."""
    found = _REGISTERED.search(question)
    if found is None or _FROZEN.search(question):
        return None
    name = found.group("name") or found.group("keras")
    after = question[found.end() :]
    named_again = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", after) is not None
    if not (named_again or _POINTING.search(after)):
        return None  # the code is context; the question asks about something else
    how = "add_weight(trainable=True)" if found.group("keras") else "nn.Parameter"
    opening = ""
    if reading is not None and reading.asked in ("parameter", "hyperparameter"):
        right = premise_right("parameter", reading.asked, reading.negated)
        opening = "Yes — " if right else "No — "
    return KnowledgeAnswer(
        name,
        "parameter",
        f"{opening}{name} is a parameter here: your code makes it with {how}, so the model "
        "registers it with its trainable values and the optimizer updates it from the data at "
        "every step, whatever its name suggests. Its starting value is a choice you make; the "
        "value it ends with is learned. (Freeze it, with requires_grad=False or "
        "trainable=False, and it stays at the value you chose: then it is fixed before "
        "training, like a hyperparameter.)",
        known=True,
    )
