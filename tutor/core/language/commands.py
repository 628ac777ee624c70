"""The one command table: name, aliases, chat forms and help text.

The reader matches commands with it, the help text and the README's command list are written
from it, and the front ends complete from it. A leading ``/`` works for every name (``/hint``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tutor.core.language.distance import deletion_index, edit_distance, near
from tutor.core.language.lazy import LazyPattern, lazy


@dataclass(frozen=True)
class CommandSpec:
    name: str
    help: str  # what it does, a short clause for the help text and the README
    aliases: tuple[str, ...] = ()  # whole lines that mean the command (normalised)
    chat: tuple[str, ...] = ()  # regular expressions for whole lines in chat form


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "hint",
        "a nudge that does not give the answer away",
        ("clue", "tip", "nudge", "stuck", "help me"),
        (
            r"(can|could|may) (i|you) (please )?(have|get|give me|give) (a |another |some |me a )?"
            r"(hint|clue|tip|nudge)s?",
            r"(please )?(give|gimme|need|want) (me )?(a |another |some )?(hint|clue|tip|nudge)s?",
            r"i (need|want) (a |another |some )?(hint|clue|tip|nudge|help)s?",
            r"any (hint|clue|tip)s?",
            r"(a |another )?(hint|clue|tip|nudge)s?",
            r"(i am|im) stuck( hint| help)?( please)?",
            r"help me (out )?(a bit|a little)?",
            r"(a little|some) help",
            r"una pista|un indice|einen tipp|uma dica|un suggerimento",
            r"(dame|me das|me da|da me|donne moi|gib mir|dammi|me de|podes me dar) "
            r"(una |uma |un |einen |ein )?(pista|dica|indice|tipp|hinweis|suggerimento|aiuto)"
            r"( por favor| bitte| stp| per favore)?|podpowiedz|wskazowka",
        ),
    ),
    CommandSpec(
        "why",
        "why the last answer is what it is (after answering)",
        ("how come", "how so", "whyy", "y"),
        (
            r"(but |and )?why( is that| is it| so| though| exactly|s that| is it that way)?",
            r"why (was i wrong|was that (right|wrong|correct)|am i wrong)",
            r"explain (why|that answer|the last answer|the answer)",
            r"(show|give|tell) me (the |that )?(explanation|reasoning|reason)( for| of| behind)?"
            r"( the| that| my)?( last| previous)?( one| answer| question)?( i just did)?",
        ),
    ),
    CommandSpec(
        "skip",
        "shows the answer and moves on (counts as not correct)",
        (
            *("pass", "reveal", "next", "give up", "i surrender", "passer", "saltar", "pular"),
            *("salta", "siguiente", "suivant", "weiter", "proximo", "prossimo", "uberspringen"),
        ),
        (
            r"(ok |fine )?i give up( show me)?( the answer)?",
            r"(just )?(tell|show) me( the answer)?",
            r"show( the)? answer",
            r"(what is|whats) the answer",
            r"reveal( the answer)?",
            r"skip( this| this one| it| that| question)?",
            r"next( question| one)?",
            r"(lets |can we )?move on",
            r"can (we|i) skip( this| this one| it)?",
            r"i (do not|dont) (want|wanna) (to )?answer( this| this one| that)?",
            r"pass( on)?( this| this one| that)?",
            r"(i will|ill|i shall) pass( on)?( this| this one| that)?( one)?( thank you| thanks)?",
            r"dime la respuesta",
            r"(nachste|naechste|prossima|proxima|siguiente) (frage|domanda|pergunta|pregunta)"
            r"( bitte| per favore| por favor)?|(saltar|pular|passer|saltare|uberspringen) "
            r"(esta|esta pregunta|esta pergunta|cette question|questa|questa domanda|diese frage)",
        ),
    ),
    CommandSpec(
        "back",
        "back to the previous question",
        ("previous", "prev", "undo", "volver", "voltar", "zuruck", "retour", "indietro"),
        (
            r"(go |take me )?back( one| a question| to the (last|previous) (question|one))?",
            r"(the )?previous( question| one)?",
            r"can (we|i) go back( one)?",
            r"let me redo the last one",
            r"the one before",
            r"(volver|voltar|revenir|zuruck|tornare|torna) (atras|en arriere|indietro|a la anterior"
            r"|para a anterior|zur vorherigen frage)|(la |a )?(pregunta|pergunta) anterior"
            r"|(la )?question precedente|(la )?domanda precedente|(die )?vorherige frage",
        ),
    ),
    CommandSpec(
        "repeat",
        "shows the question again",
        ("again", "pardon", "come again", "one more time"),
        (
            r"repeat( the question| that| it)?",
            r"(can|could|would) you (please )?(repeat|say) (the question|that|it)( again)?",
            r"say (that |it )?again",
            r"(sorry )?what (was|is) the question( again)?",
            r"(sorry )?what was (it|that) again",
            r"ask (me )?(it |the question )?again",
            r"show (me )?the question( again)?",
            r"what are we (looking at|on)",
            r"what item is this|which (one|question|item) are we on",
            r"i missed the question",
            r"(please )?(display|show) (me )?the (item|question) again( please)?",
            r"(noch ?mal|otra vez|de nuevo|encore|de novo|ancora)( una volta| une fois)?"
            r"( bitte| por favor| please| sil (te|vous) plait| per favore)?"
            r"( la pregunta| die frage| la question| a pergunta| la domanda)?",
            r"(puedes|puede|podes|pode|peux tu|pouvez vous|kannst du|konnen sie|koennen sie|puoi|"
            r"potresti) (repetir|repeter|wiederholen|ripetere)( la pregunta| a pergunta"
            r"| la question| die frage| la domanda)?( por favor| bitte| per favore"
            r"| sil (te|vous) plait)?",
            r"(repite|repita|repete|repetez|wiederhole|ripeti|powtorz)( la pregunta| a pergunta"
            r"| la question| die frage| la domanda)?( por favor| bitte| per favore)?",
            r"(cual|qual) (era|e|es) (la|a) (pregunta|pergunta|domanda)"
            r"|was war (nochmal )?die frage",
        ),
    ),
    CommandSpec(
        "progress",
        "your progress so far",
        ("score", "status", "stats", "my score", "my progress"),
        (
            r"(show |see )?(me )?my (progress|score|stats)",
            r"how am i doing( so far)?",
            r"(what is|whats) my (score|progress)",
            r"how many (have i got|did i get|have i gotten) right( so far)?",
            r"how far (am i|have i got)",
            r"how much is left",
            r"(am i|are we) (close|near|nearly|almost) (to )?(done|finished|finishing|the end)"
            r"( yet)?",
            r"how (close|near) am i( to (the end|finishing|being done))?",
            r"how (many|much) (more|is left|are left|to go)( questions?)?",
            r"(could|can) you tell me how many (items|questions) (remain|are left|are remaining)",
            r"how many (items|questions) (remain|are left|are remaining)",
            r"(como|come) (voy|vou|estou indo|sto andando|va)( hasta ahora| ate agora| finora)?",
            r"(cuanto|quanto) (falta|me falta|manca|mi manca)( ainda| todavia| ancora)?",
            r"ou en suis i|(mon|mi|meu|il mio|mein) (progres|progreso|progresso|fortschritt"
            r"|score|punteggio|punktestand)",
        ),
    ),
    CommandSpec(
        "help",
        "what you can type",
        ("commands", "?", "menu", "options", "ayuda", "aide", "hilfe", "ajuda", "aiuto"),
        (
            r"(what|which) commands( are there| can i use)?",
            r"what can i (type|do|say)( here)?",
            r"how (does this work|do i use this|does this thing work)",
            r"(list|show)( the)? commands",
            r"(como|come) (funciona|funziona)( isso| esto| esso| questo)?|comment (ca|cela) marche"
            r"|wie funktioniert (das|es)( hier)?",
            r"(quelles sont les|quels sont les|cuales son los|quais sao os|quali sono i|welche) "
            r"(commandes|comandos|comandi|befehle)( gibt es)?|ayudame con los comandos",
        ),
    ),
    CommandSpec(
        "quit",
        "leave; your progress is saved",
        (
            *("exit", "bye", "goodbye", "stop", "q", "end", "close", "ciao", "adios", "tchau"),
            *("salir", "sair", "quitter", "beenden", "esci", "uscire"),
        ),
        (
            r":q|:wq",
            r"(ok )?(i am|im) done( for (today|now))?",
            r"thats (enough|it) for (today|now)",
            r"let me (out|go)",
            r"i (want|need) to (stop|quit|leave|go)",
            r"(i would|id) like to (end|stop|finish|leave)( the| this| my)?( session| lesson)?"
            r"( now)?( thank you| thanks| please)?",
            r"i (have|got) to go|gotta go",
            r"see (you|ya)( later| tomorrow)?",
            r"(quit|stop|exit|end|leave) (the )?(lesson|tutor|session|course)",
            r"(quit|exit|stop) please|au revoir|tschuss",
        ),
    ),
)
NAMES: tuple[str, ...] = tuple(spec.name for spec in COMMANDS)
BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in COMMANDS}

# Politeness and fillers that do not change which command is meant.
_AROUND = lazy(
    r"^(?:(?:um+|uh+|hm+|ok|okay|so|well|please|pls|plz|hey|erm)\b[ ,]*)+|"
    r"(?:[ ,]*\b(?:please|pls|plz|thanks|thank you|thx|now|then))+$"
)
# Words one typo away from a command name that mean something else.
_NOT_TYPOS = frozenset({"edit", "hunt", "ship", "hello", "hints", "bias", "exist", "wait", "hit"})


@functools.cache
def _chat_patterns() -> list[tuple[LazyPattern, str]]:
    return [(lazy(rf"(?:{source})"), spec.name) for spec in COMMANDS for source in spec.chat]


def _aliases() -> dict[str, str]:
    table = {spec.name: spec.name for spec in COMMANDS}
    for spec in COMMANDS:
        for alias in spec.aliases:
            table.setdefault(alias, spec.name)
    return table


_ALIASES = _aliases()


def slash_command(normal: str) -> str | None:
    """For a line starting with ``/``: the command it names, or "" for an unknown one."""
    if not normal.startswith("/"):
        return None
    rest = normal[1:].strip().split(" ")
    word = rest[0] if rest else ""
    return _ALIASES.get(word, "") if word else ""


def match_command(normal: str) -> str | None:
    """The command a normalised line means, or None. Whole-line matches only."""
    bare = normal.strip(" .!")
    if bare in _ALIASES:
        return _ALIASES[bare]
    if bare in {": q", ": wq", ": q !"}:
        return "quit"
    bare = re.sub(r"\s+", " ", re.sub(r"[,;:]", " ", bare)).strip()
    if bare in _ALIASES:
        return _ALIASES[bare]
    bare = _AROUND.sub("", bare).strip(" .!?,")
    if not bare:
        return None
    if bare in _ALIASES:
        return _ALIASES[bare]
    for pattern, name in _chat_patterns():
        if pattern.fullmatch(bare):
            return name
    if " " not in bare and bare.isalpha() and 3 <= len(bare) <= 9 and bare not in _NOT_TYPOS:
        for name in NAMES:
            if len(name) >= 4 and edit_distance(bare, name, 1) <= 1:
                return name
        for alias in ("exit", "quit"):
            if edit_distance(bare, alias, 1) <= 1:
                return "quit"
    respelt = _respelt(bare)
    if respelt != bare:
        return match_command(respelt)
    return None


@functools.cache
def command_words() -> frozenset[str]:
    """The words of the command table's names, aliases and chat forms, four letters or more."""
    texts = [*NAMES, *_ALIASES]
    texts += [source for spec in COMMANDS for source in spec.chat]
    return frozenset(word for text in texts for word in re.findall(r"[a-z]{4,}", text))


@functools.cache
def _command_index() -> dict[str, frozenset[str]]:
    return deletion_index(command_words())


def _respelt(line: str) -> str:
    """A short line with its misspelt command words put right ("nxet question", "go bck",
    "previos"): a word one edit from exactly one command word, unless it is a real word."""
    from tutor.core.language.normalise import known_words

    found = line.split(" ")
    if len(found) > 4:
        return line
    vocabulary = command_words()
    out = []
    for word in found:
        if (
            len(word) >= 3
            and word.isalpha()
            and word not in vocabulary
            and word not in _NOT_TYPOS
            and word not in known_words()
        ):
            candidates = near(word, _command_index())
            if len(candidates) == 1:
                word = candidates.pop()
        out.append(word)
    return " ".join(out)


def help_text() -> str:
    """The commands, in Markdown, as the help screen and the help reply show them."""
    return "; ".join(f"**{spec.name}** ({spec.help})" for spec in COMMANDS)
