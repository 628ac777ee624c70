"""Word classes the reader's model generalises through.

A learner who writes "the solver works it out" uses words the training lines may never have
held together; mapping each word to what it is about (something the fit does, the data, a
choice, a person, a time before training) gives the model features that carry from
"the optimiser finds it" to "the solver computes it". The classes are features, not rules:
the trained model decides what each one (and each pair) is worth.

Words are written accent-free and lower case, as ``normalise`` leaves them; English first,
then the common words of Spanish, French, German, Portuguese and Italian.
"""

from __future__ import annotations

import functools

from tutor.core.language.vocabulary import words

_CLASSES: dict[str, str] = {
    # what the fit does to a quantity
    "FIT": """
        learn learns learned learnt learning learnable learnings fit fits fitted fitting
        estimate estimates estimated estimating estimation optimise optimises optimised
        optimising optimize optimizes optimized optimizing update updates updated updating
        converge converges converged converging compute computes computed computing calculate
        calculates calculated calculating derive derives derived infer infers inferred discover
        discovers discovered find finds found figure figures figured solve solves solved
        adjust adjusts adjusted adapt adapts adapted backprop backpropagation backpropagated
        minimise minimises minimised minimize minimizes minimized nudge nudged nudges emerge
        emerges emerged obtain obtained extracted determined produce produces produced
        outcome result results output automatically automatic itself trainable
        aprendido aprende aprender aprendizaje aprendizado aprendida aprendem appris apprend
        apprennent apprentissage gelernt lernt lernen erlernt appreso impara imparato imparano
        apprendimento ajustado ajusta entrenado entrenamiento treinado treino entraine
        entrainement trainiert addestrato addestramento calculado calcule calcola berechnet
        calcolato estimado estime geschatzt stimato optimizado optimiert ottimizzato
        """,
    # who or what does it
    "MACHINE": """
        algorithm algorithms algo computer machine solver optimizer optimiser optimizers
        network net autograd gradient gradients descent sgd adam adagrad rmsprop backward
        procedure loop algoritmo algorithme algorithmus maquina rechner computadora
        """,
    "DATA": """
        data dataset datasets sample samples examples observations points rows records instances
        evidence labels datos donnees daten dados dati ejemplos exemples beispiele esempi
        """,
    "CHOOSE": """
        choose chooses chose chosen choosing choice pick picks picked picking select selects
        selected selecting selection specify specifies specified decide decides decided decision
        configure configured config configuration configurable tune tunes tuned tuning tweak
        tweaks tweaked tweaking adjustable knob knobs dial dials lever levers slider switch
        toggle option options argument arguments arg args kwarg kwargs given give gives giving
        provide provided supply supplied pass passed hardcode hardcoded hardcoding typed enter
        entered assign assigned predefined preset prespecified default defaults search grid
        gridsearch gridsearchcv randomizedsearchcv optuna hyperopt crossvalidation validation
        experiment experimenting trial tries trying tried setting settings set constructor
        instantiate instantiated instantiating init put puts putting design designed designing
        elegido elegir elijo escoger escolhido escolho escolher choisi choisit choisir
        gewahlt wahlt wahlen gewaehlt scelto scelgo scegliere fijado fixe festgelegt definido
        defini definito configurado configurato eingestellt einstellen impostato
        """,
    "PERSON": """
        human humans person people user users engineer engineers practitioner practitioners
        scientist scientists programmer programmers developer developers designer researcher
        analyst modeler modeller hand manually manual myself yourself ourselves us me
        usuario utilisateur benutzer utente nutzer manualmente manuellement manuell mano
        """,
    "BEFORE": """
        before beforehand advance upfront priori prior ahead begin beginning initially
        fixed fix constant stays stay same unchanged static frozen outside external externally
        antes avant vorher prima vorab
        """,
    "DURING": """
        during while whilst throughout inside internally durante pendant wahrend
        """,
    "TRAINING": """
        training train trains trained allenamento
        """,
}

_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly")


@functools.cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, text in _CLASSES.items():
        for word in words(text):
            table.setdefault(word, name)
    return table


def concept(word: str) -> str | None:
    """The class of a normalised word ("solver" -> "MACHINE"), or None when it has none."""
    table = _table()
    found = table.get(word)
    if found is not None or len(word) < 5:
        return found
    for suffix in _SUFFIXES:  # a form the lists do not spell out: "recomputes", "handpicked"
        if word.endswith(suffix) and word[: -len(suffix)] in table:
            return table[word[: -len(suffix)]]
    return None


def concept_words() -> frozenset[str]:
    """Every word the classes name (typos of the long ones are put right by ``normalise``)."""
    return frozenset(_table())
