"""The answer vocabulary in one place: every word and phrase that names one of the two answers.

Words are written accent-free and lower case, as ``normalise`` leaves them. Phrases are
rewritten to the canonical word before anything else reads the text, so "tuning parameter",
"h-param" or "hiperparámetro" reach the reader, the model and the knowledge lookup as
"hyperparameter".
"""

from __future__ import annotations

import re

from tutor.core.language.lazy import LazyPattern, lazy

PARAMETER, HYPERPARAMETER = "parameter", "hyperparameter"


def words(text: str) -> frozenset[str]:
    """A set of words written as one string (long word lists stay readable)."""
    return frozenset(text.split())


SIDES = (PARAMETER, HYPERPARAMETER)

# Single words (after accents are stripped) that name an answer anywhere in a sentence.
WORDS: dict[str, str] = {
    "parameter": PARAMETER,
    "parameters": PARAMETER,
    "param": PARAMETER,
    "params": PARAMETER,
    "parametre": PARAMETER,  # French (paramètre), also a common misspelling
    "parametres": PARAMETER,
    "parametro": PARAMETER,  # Spanish, Portuguese, Italian
    "parametros": PARAMETER,
    "parametri": PARAMETER,
    "parametr": PARAMETER,
    "hyperparameter": HYPERPARAMETER,
    "hyperparameters": HYPERPARAMETER,
    "hyperparam": HYPERPARAMETER,
    "hyperparams": HYPERPARAMETER,
    "hyper": HYPERPARAMETER,
    "hyperp": HYPERPARAMETER,
    "hyp": HYPERPARAMETER,
    "hparam": HYPERPARAMETER,
    "hparams": HYPERPARAMETER,
    "metaparameter": HYPERPARAMETER,
    "metaparameters": HYPERPARAMETER,
    "hyperparametre": HYPERPARAMETER,
    "hyperparametres": HYPERPARAMETER,
    "hiperparametro": HYPERPARAMETER,  # Spanish, Portuguese
    "hiperparametros": HYPERPARAMETER,
    "iperparametro": HYPERPARAMETER,  # Italian
    "iperparametri": HYPERPARAMETER,
    "hiperparameter": HYPERPARAMETER,
    "paramz": PARAMETER,  # phone spellings
    "prmtr": PARAMETER,
    "prmtrs": PARAMETER,
    "hypers": HYPERPARAMETER,
    "hyperz": HYPERPARAMETER,
    "hparamz": HYPERPARAMETER,
    "hyperparamz": HYPERPARAMETER,
}
# Too short (or too common in other languages) to trust inside a sentence: only on their own.
ALONE: dict[str, str] = {
    "p": PARAMETER,
    "prm": PARAMETER,
    "parm": PARAMETER,
    "para": PARAMETER,
    "h": HYPERPARAMETER,
    "hp": HYPERPARAMETER,
    "hps": HYPERPARAMETER,
    "hypr": HYPERPARAMETER,
    "hyepr": HYPERPARAMETER,
}
# Typo targets: a misspelt word within the edit-distance limit of one of these is that side.
TYPO_TARGETS = (("hyperparameter", HYPERPARAMETER), ("parameter", PARAMETER))

# Names containing "parameter" that mean a hyperparameter ("tuning parameter") and short
# forms written as two words ("h param"). Applied to normalised text, longest first.
_HYPER_PHRASES = (
    r"params? dict(ionary)?",  # the settings passed to xgb.train or lgb.train
    r"(xgboost|xgb|lightgbm|lgbm|lgb|catboost|booster) params?",
    r"hyper parameters?",
    r"hyper params?",
    r"hyp params?",
    r"h params?",
    r"meta param(eter)?s?",
    r"tuning param(eter)?s?",
    r"tunable parameters?",
    r"user (defined|set|specified|chosen|supplied|provided) param(eter)?s?",
    r"user param(eter)?s?",
    r"(configuration|config) param(eter)?s?",
    r"regulari[sz]ation param(eter)?s?",
    r"(control|design|smoothing|algorithm|optimi[sz]er|preset) param(eter)?s?",
    r"(training|architecture|architectural|structural|search) param(eter)?s?",
    r"(hand|manually) (tuned|set|picked|chosen) param(eter)?s?",
    r"parameters? (to|of|for|in) the (constructor|estimator|optimi[sz]er|init|training loop)",
    r"(constructor|init|estimator|optimi[sz]er) param(eter)?s?",
    r"parameters? (of|for) the (algorithm|optimi[sz]er|training procedure)",
    # a name for one: "a tuned parameter", "a parameter for tuning" ("a parameter you choose"
    # says parameter and describes the other kind: a contradiction to ask about)
    r"(tuned|tunable|tuneable|tunnable|configurable|setting|preset|hand ?picked|knob( type)?) "
    r"param(eter)?s?",
    r"param(eter)?s? (for|to) (tuning|tune)",
)
PHRASES: list[tuple[LazyPattern, str]] = [
    (lazy(rf"\b(?:{source})\b"), HYPERPARAMETER) for source in _HYPER_PHRASES
]

# Words that undo what follows them in a clause. "no" is one only when it is not a
# correction ("no, it's learned"); the reader decides that before negation is read.
NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "nobody",
        "nothing",
        "nor",
        "cannot",
        "without",
        "none",
        "nicht",  # German
        "kein",
        "keine",
        "keinen",
        "pas",  # French (ne ... pas: only pas counts, so the pair is one negation)
        "nao",  # Portuguese
        "non",  # Italian, French
    }
)
# Prefixes that negate one word: "untrainable", "non-trainable", "unlearned".
NEGATING_PREFIX = lazy(
    r"\b(?:un|non )(trainable|learnable|learned|learnt|tuned|fitted|chosen|set|trained)\b"
)
# Where a negation stops.
CLAUSE_WORDS = frozenset(
    {
        "so",
        "but",
        "therefore",
        "hence",
        "thus",
        "because",
        "since",
        "cause",
        "cuz",
        "coz",
        "bc",
        "and",
        "yet",
        "though",
        "although",
        "whereas",
        "porque",
        "parce",
        "weil",
        "perche",
    }
)
# Markers after which the learner's own last word counts ("hyperparameter, no wait, parameter").
CORRECTION = lazy(
    r"\b(?:no wait|wait|actually|i mean|i meant|scratch that|on second thought|correction|"
    r"edit|sorry|oops|nah|nope|make that|change (?:my answer|that) to|i was wrong|nvm|"
    r"never ?mind|hold on|hang on|my bad|i take (?:that|it) back|or rather|jk|just kidding|"
    r"(?:i )?changed my mind|on reflection|on second thoughts|second thoughts|"
    r"ignore (?:that|this|what i (?:said|wrote|typed)(?: before| earlier)?))\b"
    r"|(?:^|[\s.!?,])(?:no|nein|non|nao)\s*[,.;:!]+"
    r"|\?\s*(?:no|nah|nope)\b"
    r"|(?:^|\s)\*(?=\s|\w)"
    r"|^no (?=it |its |thats |this |that |i |im |we |you |the |they )"
    r"|(?<=\bparameter )no (?=hyperparameter\b)|(?<=\bhyperparameter )no (?=parameter\b)"
)
# Hedges with no lean, on their own, are never graded.
NO_IDEA = lazy(
    r"\b(?:i do not know|i dont know|do not know|dont know|idk|dunno|no idea|not sure|unsure|"
    r"no clue|not a clue|beats me|who knows|hard to say|"
    r"(?:^|i |me |(?<=[.,;!?] ))(?:really |just |honestly |still |truly )?"
    r"(?:can not|cant) (?:tell|decide|say which|(?:pick|choose)(?: one| between(?: them| the two)?"
    r"| either)?(?= [.,;!?]|$))|i never know|(?:do not|dont) know which|"
    r"(?:rather|would) not commit|partly (?:one|a|the) .{0,30}partly|some (?:are )?(?:one|of each)"
    r"(?: and| ,) some|"
    r"i(?:d| would) need (?:to see|more)|depends (?:on )?(?:what|which) (?:you|we|one) "
    r"(?:mean|count|call)|"
    r"torn|no se|je ne sais pas|keine ahnung|nao sei|non lo so|"
    # undecided between the two: "so it's in between", "50/50 really", "... argh"
    r"(?:somewhere )?in between|half and half|fifty fifty|50 / 50|could go either way|"
    r"(?:do not|dont) hold me to (?:it|that)|(?<=[.,] )(?:ugh|argh|eh|meh)$|"
    # the learner's own learning: "I did not learn this yet in my university", "I give up"
    r"i (?:did not|didnt|have not|havent|never) (?:learn|learned|learnt|study|studied|covered|had)"
    r"(?: about)?(?: this| that| it)?(?: topic)? (?:yet|in (?:class|school|uni|university|"
    r"college|the course|my course|my university))|^(?:ok |okay |fine )?i give up\b(?! show))\b"
)
# Words that name the topic without saying anything about it ("training data", "the model").
TOPIC_WORDS = words(
    """data training model models slope intercept weights weight learning rate gradient descent
    algorithm network neural net the a an and of it its is thats this that what used
    during in on with for thing things number numbers value values line lines parameter
    hyperparameter"""
)
# Greetings and thanks: never an answer, whatever the model thinks.
SMALL_TALK = lazy(
    r"^(?:thanks|thank you|thx|ty|cheers|hi|hello|hey|yo|sup|good (?:morning|night|evening)|"
    r"nice|cool|great|awesome|wow|lol|haha|ok thanks|okay thanks)(?: (?:so much|a lot|you|"
    r"there|all))?$"
)
# Both kinds, or the kind left to the case: "a bit of each", "les deux", "it depends on the
# model", "learned in some models and set in others". Not "it depends on the data", a reason.
BOTH = lazy(
    r"\b(?:les deux|os dois|a bit of each)\b|"
    # "it depends" as the last word, not "it depends on the data" (a reason)
    r"(?:^|[,.;!?] |\bso (?:, )?)(?:it )?depends(?: on (?:the |which |what )?(?:model|setup|case|"
    r"situation|context|framework|library))?\s*[.!?]*\s*$|"
    r"\bsometimes\b.*\bsometimes\b|\bin some\b.*\bin (?:some|others|other)\b"
)

# A hedge that says a kind and takes it back in the same breath: "maybe hyper maybe not",
# "kinda the learned one kinda not", "might be a parameter, might not".
HEDGED_BOTH_WAYS = lazy(
    r"\b(maybe|perhaps|kinda|kind of|sort of|sorta|partly|might be|could be) (?:\S+ ){1,6}?"
    r"(?:, )?(?:or )?(?:\1|maybe|might|could|perhaps) not\b"
)

_LIKE = r"\b(like|same as|similar to|same kind as|kind of like|just like) (the )?"
# Phrases that describe one side in words, used as features of the trained model (the model
# learns how much each is worth; a negation in the same clause turns it around).
_NOT = (
    r"(?:(?:does|do|did|will|would|can|could|should|is|are) not |never |not |has no |have no |"
    r"had no |just |only )?(?:(?:get|gets|got|has|have|is allowed|are allowed) to |can |could )?"
)
_LEARNERS = (
    r"(?:the )?(?:data|model|training|algorithm|optimi[sz]er|gradient descent|fit|fitting|adam|"
    r"adamw|sgd|rmsprop|adagrad|"
    r"computer|machine|network|net|solver|backprop|training data|dataset|examples|observations|"
    r"samples|points|measurements|tree|forest|booster|boosting|k ?means|clustering|regression|"
    r"least squares fit|least squares|optimi[sz]ation|learning)"
)
_PEOPLE = (
    r"(?:we|you|i|user|the user|engineer|practitioner|programmer|human|person|people|researcher|"
    r"designer|scientist|nobody|no one|someone|somebody|a human|a person|whoever|team|developer|"
    r"dev|coder|analyst|modeller|modeler|experimenter|operator|teacher|me)"
)
_KNOWN_HYPER = (
    r"maxdepth|nestimators|nneighbors|learningrate|learning rate|lr|batch size|batchsize|epochs?|"
    r"dropout|momentum|weight decay|weightdecay|numboostround|minsamplesleaf|minsamplessplit|"
    r"maxfeatures|numleaves|the seed|random state|randomstate|k in k ?means|the number of "
    r"(?:trees|layers|clusters|neighbou?rs|epochs|iterations)|alpha in ridge|c in an? svm"
)
_KNOWN_PARAM = (
    r"weights?|bias(?:es)?|coef|coefficients?|intercept|slope|centroids?|theta|thetas|"
    r"support vectors|split thresholds|leaf values|embeddings"
)
_LIKE = r"\b(like|same as|similar to|same kind as|kind of like|just like) (the )?"
# Phrases that describe one side in words, used by the reader's rules and as features of the
# trained model. Each is written for its plain meaning; a negation before it in its clause, or
# inside it ("the data does not decide it"), turns it around.
_REASON_SOURCES: tuple[tuple[str, str], ...] = (
    (
        r"\b(learn(ed|t|s)?|fit(ted|s)?|estimat(ed|es?)|optimi[sz](ed|es?|e)?|trained|found|"
        r"comput(ed|es?)|calculat(ed|es?)|determined|derived|updat(ed|es?)|adjusted|discovered|"
        r"worked out)\b"
        r"( \w+){0,3} (from|by|on|during|with|in|when|through) (the )?(data|training|fitting|fit|"
        r"gradient descent|optimi[sz]ation|model|backprop\w*|examples|algorithm|samples|points)",
        PARAMETER,
    ),
    (
        rf"\b{_LEARNERS} {_NOT}"
        r"(learns?|decides?|determines?|sets?|estimates?|finds?|updates?|fits?|chooses?|picks?|"
        r"figures?|works?|computes?|changes?|adjusts?|moves?|gives?|tunes?|fills?|touch(es)?|"
        r"modif(y|ies)|alters?|handles?|learn|decide|set|find|update|change|touch|choose|pick|"
        r"tells?|takes care of|sorts? out|does that|does it|tweaks?|converges?|optimi[sz]es?|"
        r"control|controls|adapts?|returns?|spits? out|solves? for|lands? on|settles? on|"
        r"ends? up with|comes? up with|produces?|outputs?)\b",
        PARAMETER,
    ),
    (
        rf"\b{_LEARNERS} (has|have|gets?) no say",
        PARAMETER,  # written without its "no": the "no" inside turns it around
    ),
    (
        r"\b(learned|learnt|learnable|trainable|fitted|estimated|optimi[sz]ed|trained|computed|"
        r"calculated|derived)\b",
        PARAMETER,
    ),
    (
        r"\b(gradients?|coef|coefficients?|intercept|weights?|theta|thetas|statedict|requiresgrad)\b",
        PARAMETER,
    ),
    (
        rf"{_LIKE}({_KNOWN_PARAM})\b",
        PARAMETER,
    ),
    (
        rf"{_LIKE}({_KNOWN_HYPER})\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(set|chosen|picked|fixed|configured|specified|decided|given|selected|defined|"
        r"typed|hardcoded|hard coded)( \w+){0,3} (before|prior to|ahead of|in advance|up front|"
        r"upfront|beforehand|by hand|manually|by the user|by us|by me|by a human)\b",
        HYPERPARAMETER,
    ),
    (
        rf"\b{_PEOPLE} {_NOT}"
        r"(set|sets|choose|chooses|pick|picks|tune|tunes|decide|decides|configure|configures|"
        r"give|gives|specify|specifies|type|types|tweak|tweaks|select|selects|fix|fixes|"
        r"control|controls|pass|passes|feed|feeds|supply|supplies|provide|provides|put|puts|"
        r"write|writes|enter|enters|hardcode|decide on|settle on)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(tun(ed|ing|e|able)|tunnable|tweak\w*|knob|dial|setting|config\w*|grid search|"
        r"cross valid\w*|optuna|getparams|setparams|paramgrid|search space|default|constructor|"
        r"init|kwarg|argument|architecture|manual(ly)?|handpicked|hand picked|preset|predefined|"
        r"predetermined|beforehand|in advance|a priori|up front|upfront)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(before|prior to|ahead of) (the )?(training|fitting|fit|learning|model)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(user|human|hand|manually) (defined|set|specified|chosen|supplied|provided|given|"
        r"picked|tuned)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(?:youre|im|were|you are|i am|we are|its (?:me|you|us)|thats (?:me|you|us)) the "
        r"(?:one|ones|person|people|human)s? (?:who |that )?(?:gets? to )?(?:picks?|chooses?|sets?|"
        r"decides?|tunes?|selects?|controls?|fix(?:es)?)\b",
        HYPERPARAMETER,
    ),
    (r"\b(fixed|chosen|picked|selected|handpicked)\b", HYPERPARAMETER),
    # what does not move with the data: "stays at 0.01 whatever the data", "keeps 2 on any
    # dataset because I told it 2"
    (
        r"\b(stays?|remains?|keeps?|is always|always)( at| the same| fixed| put)?( \S+){0,3} "
        r"(whatever|regardless|on any|for any|with any|on every|for every)\b",
        HYPERPARAMETER,
    ),
    (r"\b(i|you|we) (just )?(tell|told|tells) it\b", HYPERPARAMETER),
    (r"\bup to (me|you|us|the user|whoever|the person)\b", HYPERPARAMETER),
    (
        r"\b(my|our|your|the users?|the engineers?) (own )?(decision|choice|call|pick)\b",
        HYPERPARAMETER,
    ),
    (r"\b(mine|ours|yours) to (choose|pick|decide|set)\b", HYPERPARAMETER),
    (
        r"\b(added|put|typed|entered|given|written|passed|chosen|picked) by (me|us|myself|"
        r"ourselves)\b",
        HYPERPARAMETER,
    ),
    (r"\bchoose (i|you|we|me)\b", HYPERPARAMETER),
    (r"\b(i|you) typed (that|it|this|them)\b", HYPERPARAMETER),
    (
        r"\b(different|other|new|more) (training )?(data|rows|examples|points|samples|dataset|"
        r"customers|inputs|emails|images)\b[^.]{0,50}\b(different|change|changes|moves|move|"
        r"shift|shifts)\b",
        PARAMETER,
    ),
    (
        r"\b(even if|even when|whatever|regardless of|no matter how)( \w+){0,3} data\b[^.]{0,40}"
        r"\b(stays|stay|remains|still)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(new|different|other|more) data( ,)? (the )?same (value|values|number|one)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(new|different|other|more) data( ,)? (a )?(new|different|other) (value|values|number|"
        r"numbers|one)\b",
        PARAMETER,
    ),
    # "you need the learning rate to estimate the weights": what the fit needs before it runs
    (
        r"\b(need|needs|needed|used|required|requires|use|uses)( \w+){0,7} (to|for) "
        r"(estimat\w*|fit\w*|learn\w*|find\w*|comput\w*|train\w*) (the )?(weights|parameters?|"
        r"params|coefficients|model)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(set|chosen|picked|decided|found|computed|estimated|determined|figured out|worked out|"
        r"adjusted|updated|changed|modified|moved|selected|fixed|tuned|learned|learnt|fitted|"
        r"calculated|optimi[sz]ed|given|produced|obtained) (automatically )?by (the )?(model|"
        r"algorithm|fit|fitting|training|data|optimi[sz]er|computer|machine|network|solver|"
        r"backprop\w*|tree|forest|booster|gradient descent|learning|it)\b",
        PARAMETER,
    ),
    (rf"\b{_LEARNERS} (just |only )?uses it\b", HYPERPARAMETER),
    (
        r"\b(moves?|changes?|shifts?|varies|evolves?)( around)? (while|as|when|during) "
        r"(we|you|the model|it|training|the training)",
        PARAMETER,
    ),
    (r"\b(controls?|governs?|steers?|limits?|caps?) (the |how )", HYPERPARAMETER),
    (
        r"\b(same|fixed|constant|unchanged) (value\b|during|while|every|whatever|on any)",
        HYPERPARAMETER,
    ),
    (r"\bdata (independent|agnostic)\b", HYPERPARAMETER),
    (r"\bdata (dependent|driven)\b", PARAMETER),
    (r"\b(new|different|other|more) data,? (same|unchanged|identical)\b", HYPERPARAMETER),
    (
        r"\b(new|different|other|more) data,? (new|different|another|other) (value|result)",
        PARAMETER,
    ),
    (r"\b(can not|cannot|cant|could not) (start|run|begin|train) without it\b", HYPERPARAMETER),
    (
        r"\b(needs?|requires?|needed) (it )?(to start|before|to run|to begin|up front)",
        HYPERPARAMETER,
    ),
    (
        r"\b(decides?|sets?|determines?|controls?|limits?|picks?) (the )?(models? |networks? |"
        r"trees? )?(size|pace|speed|depth|complexity|capacity|structure|shape|architecture|"
        r"number of|step size|strength)",
        HYPERPARAMETER,
    ),
    (
        r"\b(controls?|affects?|decides?|determines?|changes?|shapes?|governs?|influences?|sets?) "
        r"(how|the way|the speed|the pace|the rate)( \w+){0,5}",
        HYPERPARAMETER,
    ),
    (
        r"\b(updated|updates|changes|changed|adjusted|moves|moved|nudged|shifts|shifted) (at |on |"
        r"in |during |with )?(every|each) (training )?(step|iteration|epoch|update|batch|round|"
        r"pass)",
        PARAMETER,
    ),
    (
        r"\b(shapes?|controls?|governs?|configures?|drives?|steers?) the (training|learning|"
        r"fitting|optimi[sz]ation)( process| procedure| run| loop)?",
        HYPERPARAMETER,
    ),
    (
        r"\b(speed|pace|rate|size|length|number|strength|amount) of (the )?(learning|training|"
        r"each update|each step|updates?|steps?|regulari[sz]ation|passes|epochs)",
        HYPERPARAMETER,
    ),
    (
        r"\bhow (many|much|deep|long|big|fast|strongly) (passes|epochs|iterations|steps|clusters|"
        r"neighbou?rs|trees|layers|we|you|the)",
        HYPERPARAMETER,
    ),
    (
        r"\b(validation|validate|outer (loop|search)|grid|trying (values|options)|"
        r"try(ing)? (different|several|a few|many))\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(it|this|that) (does not|never|will not|did not) (change|move|update|get updated|"
        r"get learned|get trained)\b",
        PARAMETER,  # written without its "not": the negation inside turns it around
    ),
    (
        rf"\b{_LEARNERS} (has no effect on|does nothing to|never touches) it\b",
        PARAMETER,
    ),  # written without its "no": the negation inside turns it around
    (rf"\b{_LEARNERS} (leaves|ignores) it\b", HYPERPARAMETER),
    (r"\bbut (it|this|that) (does not|never does|will not)$", PARAMETER),  # the "not" turns it
    (r"\bbut (it|this|that) (stays|stays put|stays the same)$", HYPERPARAMETER),
    (
        r"\b(improves?|gets better|changes?|moves?|updates?|shifts?) (every|each|per|with each|"
        r"after each) (epoch|step|iteration|batch)",
        PARAMETER,
    ),
    (r"\b(inferred|infer|autograd|tracked|converges?|converged)\b", PARAMETER),
    (
        r"\b(budget|constraint|restriction|assumption|stopping rule|stopping criterion)\b",
        HYPERPARAMETER,
    ),
    (
        r"\b(written|typed|hard coded|hardcoded|put) in (the )?(code|script|config|notebook)",
        HYPERPARAMETER,
    ),
    (
        r"\b(decided|chosen|set|picked|fixed) when (building|designing|creating|making|writing|"
        r"defining)",
        HYPERPARAMETER,
    ),
    (
        r"\b(leave it to|up to|left to) the "
        r"(algorithm|model|data|fit|training|optimi[sz]er|solver)",
        PARAMETER,
    ),
    (
        r"\b(trailing underscore|ends? (in|with) (an )?underscore|fitted attribute|learned "
        r"attribute)",
        PARAMETER,
    ),
    (r"\b(an? )?output\b", PARAMETER),
    (r"\b(an? )?input\b", HYPERPARAMETER),
    (
        r"\b(comes?|came|coming) (out )?(from|of) (the )?(data|training|fit|fitting|least squares|"
        r"regression|optimi[sz]ation|examples)",
        PARAMETER,
    ),
)
REASONS: list[tuple[LazyPattern, str]] = [(lazy(source), side) for source, side in _REASON_SOURCES]
# The words a misspelling is put right to (one edit away, see ``normalise.respelt``): the
# words of the reason phrases and the long negations, five letters or more.
KEYWORDS = frozenset(
    word for source, _ in _REASON_SOURCES for word in re.findall(r"[a-z]{5,}", source)
) | frozenset(word for word in NEGATORS if len(word) >= 5)

# Words of the five other languages that the reader translates before reading (accents are
# already gone): the reasons people give are then read like English ones.
_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"mais|pero|aber", "but"),
    (
        r"aprende|aprendido|aprendida|aprenden|appris|apprend|apprendre|gelernt|lernt|aprendido|"
        r"appreso|impara|imparato|apprende",
        "learned",
    ),
    (r"datos|donnees|daten|dados|dati", "data"),
    (
        r"elegimos|elige|eliges|elegido|choisit|choisi|choisis|choisie|wahlt|gewahlt|escolhido|"
        r"escolhe|escolhemos|scelto|sceglie|scegliamo|festgelegt|fixe|fija|fissa|fixado|regle|"
        r"definido|defini|definito|eingestellt|einstellt",
        "chosen",
    ),
    (r"antes|avant|vorher|prima|davor", "before"),
    (
        r"entrenamiento|entrainement|treino|treinamento|addestramento|entrenar|entrainer|trainieren",
        "training",
    ),
    (r"a mano|a la main|von hand|a mao|manualmente|manuellement", "by hand"),
    (r"usuario|utilisateur|benutzer|utente|usuario", "user"),
    (r"modelo|modele|modell|modello", "model"),
    (r"calcula|calcule|calculado|calculee|berechnet|calcolato", "computed"),
    (
        r"scelgo|scegli|elijo|escojo|pongo|pones|escolho|wahle|entscheide|entscheidet|"
        r"bestimme|setze|decido|defino",
        "choose",
    ),
    (r"aprenda|aprendem|aprendemos|lernen|imparano|apprennent", "learned"),
    (r"trova|encuentra|trouve|findet|encontra", "finds"),
    (r"ajuste|ajustement|anpassung", "fit"),
    (
        r"sale del|sale de|viene de|viene del|vient de|vient du|vem de|vem do|kommt aus|"
        r"viene dal|viene dai",
        "comes from",
    ),
    (
        r"por quem programa|por quien programa|par qui programme|von wem programmiert|"
        r"da chi programma",
        "by the programmer",
    ),
    (r"io|yo|eu|ich|je", "i"),
    (r"tu|voce", "you"),
)
# Dutch, Polish, Turkish, Indonesian and Malay, Swahili, Tagalog and romanised Hindi: the words
# a reason is made of, so that the model reads them as it reads English ones
_OTHER_LANGUAGE_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (
        r"geleerd|leert|uczy sie|nauczony|nauczona|wyuczony|wyuczona|uczony|ogrenir|ogreniyor|"
        r"ogrenilir|ogrenilen|ogrendi|dipelajari|mempelajari|belajar|dipelajarinya|"
        r"inajifunza|hujifunza|kujifunza|imejifunza|natututo|natutunan|natuto|seekhta|seekhti|"
        r"seekhte|sikhta|sikhti|seekh leta|seekh leti|sikh jata|seekha",
        "learned",
    ),
    (
        r"kies|kiezen|gekozen|wybieram|wybieramy|wybrany|wybrana|ustawiam|ustawiamy|ustalamy|"
        r"ustalony|seciyorum|seceriz|seciyoruz|secilir|belirliyoruz|belirleriz|ayarliyoruz|"
        r"ayarlarim|pilih|memilih|dipilih|kita pilih|kita tentukan|ditentukan|menentukan|"
        r"tunachagua|nachagua|tunaweka|inachaguliwa|pinipili|pumipili|pinili|chunte|chunta|"
        r"chunti|chunna|chuna|tay karte|set karte",
        "chosen",
    ),
    (r"(?:egitimden|trainingden) once|onceden", "before training"),
    (r"vooraf|przed|sebelum|kabla|bago|pehle|pahle", "before"),
    (
        r"treningiem|trening|treningu|egitim|egitimden|egitimde|pelatihan|latihan|mafunzo|"
        r"pagsasanay",
        "training",
    ),
    (r"danych|dane|veri|veriden|verilerden|datanya|takwimu", "data"),
    (
        r"pata nahi|pata nahin|nahi pata|maloom nahi|malum nahi|tidak tahu|sijui",
        "i dont know",
    ),
    (r"niet|nie|degil|tidak|bukan|nahi|nahin|nahee|hakuna|hai?jifunzi", "not"),
    (r"sendiri|kendisi|yenyewe|khud", "itself"),
    (r"oblicza|obliczany|wyliczany|hesaplanir|hesaplar|dihitung|menghitung|inahesabu", "computed"),
)
TRANSLATIONS: list[tuple[LazyPattern, str]] = [
    (lazy(rf"\b(?:{source})\b"), english)
    for source, english in _TRANSLATIONS + _OTHER_LANGUAGE_TRANSLATIONS
]
# The words of those other languages, whose questions the reader cannot parse
OTHER_LANGUAGE_WORDS = frozenset(
    word
    for source, _ in _OTHER_LANGUAGE_TRANSLATIONS
    for alternative in source.split("|")
    for word in alternative.split(" ")
    if word.isalpha()
)
