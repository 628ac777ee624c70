"""A question in Spanish, French, German, Portuguese or Italian, put in English words for the
knowledge lookup: "werden die Gewichte im neuronalen Netz gelernt?" -> "are the weights in the
neural network learned?".

Word by word over a closed vocabulary (the function words of a yes-no question and the names
of the quantities this course covers), which is enough for the lookup, whose reading does not
depend on word order beyond short phrases. A line with fewer than two of those languages'
function words is left as typed, so English questions, and identifiers inside them, never
change.
"""

from __future__ import annotations

import re

from tutor.core.language.lazy import lazy
from tutor.core.language.normalise import fold
from tutor.core.language.vocabulary import SIDES, TRANSLATIONS, WORDS, words

# Words that mark a line as written in one of those languages: none of them is English.
_FOREIGN = words(
    """
    de la le les des du der das den dem des ein eine einen um uma os el los las una une il gli
    sont est ist sind werden wird sao son sono ou oder und et com avec mit con pelo pela nel
    dans im del dal durante wahrend pendant lors ao au aux par por per vom zum zur sobre o e
    wie ich unter como comment puis beim nicht sich auch pas nao se si lo en delle della dello
    degli dei nelle sur auf fur para pero aber mais sao quoi qual quale cual welche
    """
)

# Phrases first (longest first within each entry), then single words; all folded, no accents.
# The reader's own translations (vocabulary.TRANSLATIONS: model, data, training, ...) follow.
_TERMS: tuple[tuple[str, str], ...] = (
    (
        r"tasa de aprendizaje|taxa de aprendizado|taxa de aprendizagem|taux d(?:e)? ?apprentissage|"
        r"tasso di apprendimento|lernrate",
        "learning rate",
    ),
    (
        r"red(?:es)? neuronal(?:es)?|rede neural|redes neurais|reseaux? de neurones|"
        r"reseaux? neuronaux|reseau neuronal|neuronal(?:e|en)? netz(?:werk|es)?|rete neurale|"
        r"reti neurali",
        "neural network",
    ),
    (
        r"tamano del? lote|tamanho do lote|taille du? (?:lot|batch)|batchgrosse|"
        r"dimensione del batch",
        "batch size",
    ),
    (r"por que|porque|pourquoi|warum|perche", "why"),
    (r"numero de|numero di|nombre de|anzahl der|anzahl an|quantidade de", "number of"),
    (
        r"wie installiere ich|como instalo|como (?:puedo|posso) instalar|comment installer|"
        r"come installo|come (?:posso )?installare",
        "how can i install",
    ),
    (r"wie kann ich|como puedo|como posso|comment puis ?-? ?je|come posso", "how can i"),
    (r"installiere|installieren|instalar|installer|installare", "install"),
    (r"unter|sous|bajo|sotto", "on"),
    (r"pesos|poids|gewichte|gewichten|pesi", "weights"),
    (r"peso|gewicht", "weight"),
    (r"sesgos|biais|vieses|verzerrungen", "biases"),
    (r"sesgo|vies", "bias"),
    (r"centroides|zentroide|zentroiden|centroidi|centros", "centroids"),
    (r"capas|camadas|couches|schichten|strati|livelli", "layers"),
    (r"capa|camada|couche|schicht|strato|livello", "layer"),
    (
        r"regresion lineal|regressao linear|regression lineaire|lineare regression|"
        r"regressione lineare",
        "linear regression",
    ),
    (
        r"regresion logistica|regressao logistica|regression logistique|"
        r"logistische regression|regressione logistica",
        "logistic regression",
    ),
    (r"valores|valeurs|werte|valori", "values"),
    (r"valor|valeur|wert|valore", "value"),
    (r"delle|della|dello|degli|dei", "of the"),
    (r"epocas|epoques|epochen|epoche", "epochs"),
    (r"arboles|arvores|arbres|baume|alberi", "trees"),
    (r"arbol|arvore|arbre|baum|albero", "tree"),
    (r"profundidad|profundidade|profondeur|tiefe|profondita", "depth"),
    (r"vecinos|vizinhos|voisins|nachbarn|vicini", "neighbours"),
    (r"coeficientes|koeffizienten|coefficienti", "coefficients"),
    (r"intercepto|achsenabschnitt|intercetta|ordonnee a l(?:e)? ?origine", "intercept"),
    (
        r"regularizacion|regularizacao|regularisierung|regolarizzazione|regularisation",
        "regularisation",
    ),
    (r"semilla|semente|graine|seme", "seed"),
    (r"umbral|limiar|seuil|schwellenwert|soglia", "threshold"),
    (r"hojas|folhas|feuilles|blatter|foglie", "leaves"),
    (r"apprises|aprendidos|aprendidas|appresi", "learned"),
    (r"fixes|fixados|fijados|fissati|fixiert|festgelegt", "fixed"),
    (r"elegidos|escolhidos|scelti", "chosen"),
    (r"ajustados|ajustes|angepasst", "fitted"),
    (r"sont|son|sono|sind|werden|sao", "are"),
    (r"est|ist|wird|es|e", "is"),
    (r"(?:^|(?<=[¿¡] ))(?:o|a)", "the"),  # Portuguese "o", "a" open a question: "the"
    (r"ou|oder|o", "or"),
    (r"und|et|y", "and"),
    (r"los|las|les|el|la|le|der|die|das|den|dem|des|os|as|il|lo|gli", "the"),
    (r"un|una|une|um|uma|ein|eine|einen", "a"),
    (r"del|dal|du|do|da|vom|pelo|pela|par|por|per|von", "by"),
    (r"de|di", "of"),
    (r"beim|nello|nella", "in the"),
    (r"en|dans|im|nel|no|na|in", "in"),
    (r"durante|wahrend|pendant|lors", "during"),
    (r"con|com|avec|mit", "with"),
    (r"si|se|ob", "whether"),
)
_PATTERNS = [(lazy(rf"\b(?:{source})\b"), english) for source, english in _TERMS]
_LETTERS = re.compile(r"[a-z]+")


def is_foreign(text: str) -> bool:
    """Whether a line holds at least two function words of the five languages."""
    return sum(word in _FOREIGN for word in _LETTERS.findall(fold(text))) >= 2


def in_english_words(text: str) -> str:
    """The question in English words when it is written in one of the five languages (answer
    words and the reader's own translations included); otherwise the text as typed."""
    if not is_foreign(text):
        return text
    folded = re.sub(r"\b(qu|[dljnsmtc]) ?' ?", r"\1e ", fold(text))  # d'une: de une
    pieces = []
    for word in re.findall(r"[a-z0-9_]+|[^\sa-z0-9_]", folded):
        side = WORDS.get(word)
        pieces.append(side if side in SIDES else word)
    out = " ".join(pieces)
    for pattern, english in _PATTERNS:
        out = pattern.sub(english, out)
    for pattern, english in TRANSLATIONS:
        out = pattern.sub(english, out)
    return re.sub(r" (?=[?,.!:;])", "", out)
