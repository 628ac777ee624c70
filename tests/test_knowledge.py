"""The tutor's knowledge: phrased questions in, the right term and kind out.

The table below is the contract: varied phrasings, typos, abbreviations, plurals, context
("in k-means"), wrong premises, and off-topic questions that must be answered honestly with
suggestions instead of a guess.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections import defaultdict

import pytest

from tests.helpers import ROOT
from tutor.core.knowledge import (
    Knowledge,
    KnowledgeAnswer,
    _compact,
    _tokens,
    looks_like_question,
)
from tutor.core.lessons import Item, LessonPack
from tutor.core.loader import load_pack

P, H = "parameter", "hyperparameter"
D, N = "depends", "neither"  # the name means different things; a concept, not a quantity
DIFF = "difference between parameter and hyperparameter"
EPOCHS = "epoch vs iteration vs batch"
UNKNOWN = object()  # expected term for questions the tutor must not pretend to know

# (question, expected term, expected answer)
QUESTIONS: list[tuple[str, object, str | None]] = [
    # "what is X": definitions, in many phrasings
    ("what is a learning rate?", "learning rate", H),
    ("What is the learning rate", "learning rate", H),
    ("what's lr", "learning rate", H),
    ("what is LR?", "learning rate", H),
    ("what does the learning rate do", "learning rate", H),
    ("define epoch", "epoch", N),
    ("what is an epoch?", "epoch", N),
    ("what are epochs", "epoch", N),
    ("explain dropout", "dropout", H),
    ("tell me about lasso", "lasso", N),
    ("can you explain gradient descent?", "gradient descent", N),
    ("do you know what overfitting is?", "overfitting", N),
    ("what is underfitting", "underfitting", N),
    ("what is a validation set?", "validation set", N),
    ("what's the test set for", "test set", N),
    ("what is grid search", "grid search", N),
    ("what is random search?", "random search", N),
    ("what is cross validation", "cross-validation", N),
    ("what is k-fold cross-validation?", "cross-validation", N),
    ("what is the MSE", "mean squared error", N),
    ("what is rmse?", "root mean squared error", N),
    ("what is an optimizer", "optimiser", N),
    ("what is the adam optimizer?", "adam", N),
    ("what is adagrad", "adagrad", N),
    ("what is regularization", "regularisation", N),
    ("what is a feature?", "feature", N),
    ("what are labels", "label", N),
    ("what is a model?", "model", N),
    ("what is training", "training", N),
    ("what is inference?", "inference", N),
    ("what is a centroid", "centroid", P),
    ("what's inertia in k-means?", "inertia", N),
    ("what is the elbow method", "elbow method", N),
    ("what is a loss function?", "loss function", N),
    ("what is sgd", "stochastic gradient descent", N),
    ("what is backprop?", "backpropagation", N),
    ("what is a hyperparameter?", "hyperparameter", H),
    ("what is a parameter", "parameter", P),
    ("what are hyperparameters", "hyperparameter", H),
    ("what is a model parameter?", "parameter", P),
    ("define hyperparameter", "hyperparameter", H),
    ("what is hyperparameter tuning?", "hyperparameter tuning", N),
    ("what is the number of parameters of a network", "number of parameters", N),
    ("what does NN mean?", "neural network", N),
    ("what is an MLP", "neural network", N),
    ("what is knn", "k-nearest neighbours", N),
    ("what is k-NN?", "k-nearest neighbours", N),
    ("what is kmeans", "k-means", N),
    ("what is svm?", "support vector machine", N),
    ("what is PCA", "principal component analysis", N),
    ("what is xgboost?", "gradient boosting", N),
    ("tell me about random forests", "random forest", N),
    ("what is naive bayes", "naive bayes", N),
    ("explain the bias-variance tradeoff", "bias-variance trade-off", N),
    ("what is a batch?", "batch", N),
    ("what is the batch size", "batch size", H),
    ("what is m?", "slope m", P),
    ("what is the slope", "slope m", P),
    ("what are weights?", "weight", P),
    ("what is a weight in a neural network?", "weights", P),
    ("what is early stopping", "early stopping", N),
    ("what is data leakage?", "data leakage", N),
    ("what is the decision threshold?", "decision threshold (0.5 by default)", H),
    ("how many layers should a network have?", "number of layers", H),
    ("what is learned by k-means?", "k-means", N),
    ("so for knn, what is k", "k, the number of neighbours", H),
    # "is X a parameter / hyperparameter?": yes/no relative to what was asked
    ("is batch size a parameter?", "batch size", H),
    ("Is the batch size a hyperparameter?", "batch size", H),
    ("is the number of epochs learned?", "number of epochs", H),
    ("is epochs a hyperparameter", "number of epochs", H),
    ("are epochs parameters?", "number of epochs", H),
    ("is the learning rate a parameter or a hyperparameter?", "learning rate", H),
    ("batch size: parameter or hyperparameter?", "batch size", H),
    ("is momentum set before training?", "momentum", H),
    ("should the learning rate be tuned?", "learning rate", H),
    ("do we learn the weights from data?", "weight", P),
    ("are the weights hyperparameters?", "weight", P),
    ("are biases parameters", "bias", P),
    ("is the slope learned", "slope m", P),
    ("is the intercept a hyperparameter?", "intercept", P),
    ("is k a hyperparameter", "k", H),
    ("in k-means, is k a hyperparameter?", "k, the number of clusters", H),
    ("is k in k-means a hyperparameter", "k, the number of clusters", H),
    ("is k a hyperparameter for knn?", "k, the number of neighbours", H),
    ("is k in k-fold a hyperparameter", "k", H),
    ("is the number of clusters a parameter?", "k, the number of clusters", H),
    ("are centroids learned?", "centroid", P),
    ("is dropout learned?", "dropout", H),
    ("is the dropout rate a hyperparameter", "dropout", H),
    ("are embeddings parameters?", "embedding", P),
    ("is batch norm gamma a parameter", "batch-norm scale and shift (gamma and beta)", P),
    ("is gamma in batch norm a parameter?", "batch-norm scale and shift (gamma and beta)", P),
    ("is gamma in an svm a hyperparameter?", "gamma of the RBF kernel", H),
    ("is gamma of the rbf kernel learned?", "gamma of the RBF kernel", H),
    ("is beta in Adam a hyperparameter?", "Adam's beta1 and beta2", H),
    ("is beta in batchnorm learned?", "batch-norm scale and shift (gamma and beta)", P),
    ("are adam's betas hyperparameters?", "Adam's beta1 and beta2", H),
    (
        "is the threshold of logistic regression a hyperparameter?",
        "decision threshold (0.5 by default)",
        H,
    ),
    ("is the threshold in a decision tree a parameter?", "split thresholds", P),
    ("is alpha in lasso a hyperparameter?", "alpha, the L1 penalty strength", H),
    ("is alpha in naive bayes learned?", "smoothing alpha (Laplace smoothing)", H),
    (
        "are the alphas in svm parameters?",
        "support vectors and their weights (dual coefficients)",
        P,
    ),
    ("is the random seed a hyperparameter?", "random seed", H),
    ("is random_state a parameter", "random_state", H),
    ("are the svm alphas parameters?", "support vectors and their weights (dual coefficients)", P),
    ("is the regularization parameter a hyperparameter", "regularisation strength", H),
    ("is weight decay a parameter", "weight decay (L2 penalty strength)", H),
    ("is the kernel a hyperparameter", "kernel (linear, polynomial, RBF)", H),
    ("is C a hyperparameter in svm", "C, the soft-margin penalty", H),
    ("is c in logistic regression a hyperparameter", "C, the inverse regularisation strength", H),
    ("is the number of trees a hyperparameter", "number of trees", H),
    ("is max depth a hyperparameter?", "maximum depth", H),
    ("are class priors learned", "class priors", P),
    ("is the number of components a hyperparameter in pca", "number of components to keep", H),
    ("are the principal components parameters?", "principal components", P),
    ("is the number of neurons a hyperparameter", "number of neurons per layer", H),
    ("are hidden units hyperparameters", "number of neurons per layer", H),
    ("is the number of layers learned?", "number of layers", H),
    ("is the optimizer a hyperparameter", "which optimiser to use (SGD, Adam, Adagrad)", H),
    (
        "is the activation function a hyperparameter",
        "choice of activation function (ReLU, tanh, …)",
        H,
    ),
    ("is the learning rate in gradient boosting a hyperparameter", "learning rate (shrinkage)", H),
    (
        "is the number of iterations a hyperparameter?",
        "number of iterations (linear regression)",
        H,
    ),
    ("is knn's stored data a parameter?", "stored training examples", P),
    ("I wonder if k is a hyperparameter", "k", H),
    ("so is the learning rate a hyperparameter then?", "learning rate", H),
    # concepts that are neither kind
    ("is gradient descent a hyperparameter?", "gradient descent", N),
    ("is rmse a hyperparameter", "root mean squared error", N),
    ("is adam a parameter", "adam", N),
    # "why is X a ...?"
    ("why is k a hyperparameter", "k", H),
    ("why is the learning rate a hyperparameter?", "learning rate", H),
    ("why are weights parameters?", "weight", P),
    ("why is the slope a hyperparameter?", "slope m", P),
    ("why is the intercept a parameter", "intercept", P),
    ("why are hyperparameters important?", "hyperparameter", H),
    ("why not tune on the test set?", "test set", N),
    # the difference, and other comparisons
    ("difference between parameter and hyperparameter?", DIFF, N),
    ("what is the difference between a parameter and a hyperparameter", DIFF, N),
    ("parameters vs hyperparameters", DIFF, N),
    ("hyper parameter vs parameter?", DIFF, N),
    ("how do parameters and hyperparameters differ?", DIFF, N),
    ("what's the difference between an epoch and an iteration", EPOCHS, N),
    ("epoch vs batch", EPOCHS, N),
    ("difference between ridge and lasso", "regularisation", N),
    ("difference between weights and biases", "weight", N),
    # typos, spelling variants, hyphens and spacing
    ("what is a lerning rate", "learning rate", H),
    ("is the numbr of epocks learned", "number of epochs", H),
    ("paramter or hyperparamter: batch sise", "batch size", H),
    ("what are centriods?", "centroid", P),
    ("explain regularizaton", "regularisation", N),
    ("what is overfiting", "overfitting", N),
    ("what is the momentun", "momentum", H),
    ("is the batch-size a hyperparameter", "batch size", H),
    ("what is a hyper-parameter?", "hyperparameter", H),
    ("what is k means", "k-means", N),
    ("what is the learningrate", "learning rate", H),
    ("what is a nueron", "neuron", N),
    ("what is dropuot", "dropout", H),
    ("what is a neighbor in knn", "k-nearest neighbours", N),
    # it depends on the model: said so, not guessed
    ("is c a parameter?", "c", D),
    ("is gamma a hyperparameter", "gamma", D),
    ("is beta a parameter?", "beta", D),
    ("is the threshold a hyperparameter?", "threshold", D),
    ("is alpha a hyperparameter?", "alpha", D),  # a setting in most libraries, learned in PReLU
    # off-topic or unknown: said honestly, with suggestions
    ("what's the capital of France?", UNKNOWN, None),
    ("who won the world cup?", UNKNOWN, None),
    ("what is the best pizza in Rome", UNKNOWN, None),
    ("what is the weight of an elephant?", UNKNOWN, None),
    ("what is a flux capacitor", UNKNOWN, None),
    ("is banana a hyperparameter?", UNKNOWN, None),
    ("what is lernnig raet", UNKNOWN, None),
    ("is it a parameter?", UNKNOWN, None),
    ("what is this?", UNKNOWN, None),
]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return Knowledge(load_pack())


def test_the_table_is_big_and_varied() -> None:
    assert len(QUESTIONS) >= 100
    assert len({question.lower() for question, _, _ in QUESTIONS}) == len(QUESTIONS)
    assert sum(1 for _, term, _ in QUESTIONS if term is UNKNOWN) >= 8


@pytest.mark.parametrize(
    ("question", "term", "answer"), QUESTIONS, ids=[q for q, _, _ in QUESTIONS]
)
def test_phrased_questions(knowledge: Knowledge, question: str, term: object, answer: str | None):
    found = knowledge.ask(question)
    assert isinstance(found, KnowledgeAnswer)
    if term is UNKNOWN:
        assert not found.known, found
        assert found.term is None and found.answer is None
        assert len(found.suggestions) == 3, found.suggestions
        assert "n't" in found.text or "not" in found.text or "Which term" in found.text
        return
    assert found.known, found.text
    assert (found.term, found.answer) == (term, answer), found.text
    assert found.text.strip()


YES_NO = [
    ("is batch size a parameter?", "No"),
    ("is batch size a hyperparameter?", "Yes"),
    ("is the slope learned?", "Yes"),
    ("is the slope set before training?", "No"),
    ("are the weights hyperparameters?", "No"),
    ("isn't the learning rate a hyperparameter?", "Yes"),
    ("is gradient descent a hyperparameter?", "No"),
    ("is k in k-means a parameter", "No"),
    ("are embeddings parameters?", "Yes"),
]


@pytest.mark.parametrize(("question", "start"), YES_NO)
def test_yes_or_no_is_relative_to_what_was_asked(knowledge: Knowledge, question: str, start: str):
    assert knowledge.ask(question).text.startswith(start)


def test_either_or_questions_just_state_the_kind(knowledge: Knowledge) -> None:
    text = knowledge.ask("is the learning rate a parameter or a hyperparameter?").text
    assert not text.startswith(("Yes", "No"))
    assert "is a hyperparameter" in text


def test_a_wrong_premise_is_corrected(knowledge: Knowledge) -> None:
    text = knowledge.ask("why is the slope a hyperparameter?").text
    assert text.startswith("Actually")
    assert "parameter, not a hyperparameter" in text


def test_debated_items_say_so(knowledge: Knowledge) -> None:
    text = knowledge.ask("is the random seed of k-means a hyperparameter?").text
    assert "Debated" in text or "debated" in text or "many say" in text


def _ambiguous(pack: LessonPack) -> dict[str, list[Item]]:
    """Names that items of different kinds share (normalised key -> those items)."""
    named: dict[str, dict[str, Item]] = defaultdict(dict)
    for item in pack.items.values():
        if not item.question:  # table rows are statements, not quantities
            for name in (item.term, *item.aliases):
                named[_compact(_tokens(name))][item.id] = item
    return {
        key: list(items.values())
        for key, items in named.items()
        if len({item.answer for item in items.values()}) > 1
    }


def test_names_with_several_meanings_are_known() -> None:
    assert {"c", "gamma", "beta", "threshold", "alpha"} <= set(_ambiguous(load_pack()))


@pytest.mark.parametrize("kind", [P, H])
def test_ambiguous_names_list_every_meaning(knowledge: Knowledge, kind: str) -> None:
    """Asked about a name that means a parameter in one model and a hyperparameter in
    another, the answer says it depends, lists each model's meaning, and suggests a question
    naming a model, which then gets that model's answer."""
    for key, items in _ambiguous(load_pack()).items():
        found = knowledge.ask(f"is {key} a {kind}?")
        assert found.answer == "depends" and found.known, (key, found.text)
        assert found.text.startswith("It depends on the model"), found.text
        for item in items:
            assert item.term.lower() in found.text.lower(), (key, item.id, found.text)
        assert f"is {key} in {items[-1].family} a hyperparameter?" in found.text
        for item in items:
            follow_up = f"is {key} in {item.family} a {kind}?"
            again = knowledge.ask(follow_up)
            assert again.answer == item.answer, (follow_up, again.text)


def test_unknown_suggestions_are_close_terms(knowledge: Knowledge) -> None:
    assert "learning rate" in knowledge.ask("what is lernnig raet").suggestions
    off_topic = knowledge.ask("what's the capital of France?")
    assert not off_topic.known and len(off_topic.suggestions) == 3
    assert "won't guess" in off_topic.text


def test_every_glossary_term_and_alias_is_found(knowledge: Knowledge) -> None:
    pack = load_pack()
    missed = []
    for entry in pack.glossary:
        for name in (entry.term, *entry.aliases):
            found = knowledge.ask(f"what is {name}?")
            if "_" in name:  # a library identifier: the library's own entry answers, alike
                if found.term != name or found.answer != (entry.answer or "neither"):
                    missed.append(name)
            elif found.term != entry.term:
                missed.append(name)
    assert not missed


def test_every_item_is_classified_by_its_names(knowledge: Knowledge) -> None:
    """Asked about any of its names, an item gets its own key (names that several models use
    for things of different kinds aside: see test_ambiguous_names_list_every_meaning)."""
    pack = load_pack()
    ambiguous = _ambiguous(pack)
    wrong = []
    for item in pack.items.values():
        if item.question or item.answer not in ("parameter", "hyperparameter"):
            continue  # table rows are statements; "neither" items sit in neither box
        for name in (item.term, *item.aliases):
            if _compact(_tokens(name)) in ambiguous:
                continue
            found = knowledge.ask(f"is {name} a parameter or a hyperparameter?")
            if found.answer != item.answer:
                wrong.append((item.id, name, found.term, found.answer))
    assert not wrong


def test_the_answer_is_a_frozen_dataclass() -> None:
    answer = KnowledgeAnswer("k", "hyperparameter", "text", ["k-means"], True)
    assert [f.name for f in dataclasses.fields(answer)] == [
        "term",
        "answer",
        "text",
        "suggestions",
        "known",
        "model",
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.term = "x"  # type: ignore[misc]


def test_knowledge_uses_the_standard_library_only() -> None:
    code = (
        "import sys; from tutor.core.knowledge import Knowledge; "
        "from tutor.core.loader import load_pack; Knowledge(load_pack()).ask('what is k?'); "
        "bad = [m for m in ('numpy', 'textual', 'prompt_toolkit', 'rich') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


QUESTION_LIKE = [
    "what is a learning rate?",
    "is batch size a parameter?",
    "why is k a hyperparameter",
    "difference between parameter and hyperparameter?",
    "explain dropout",
    "define epoch",
    "tell me about lasso",
    "what's a hyperparameter",
    "What is a parameter?",
    "how does gradient descent work?",
    "what about momentum?",
    "is the number of epochs learned?",
    "is the batch size a hyperparamter?",
    "can you explain regularisation?",
    "so is the learning rate a hyperparameter then?",
    "in k-means, is k a hyperparameter?",
    "I wonder if k is a hyperparameter",
    "lr vs batch size?",
    "parameters vs hyperparameters",
    "why are hyperparameters important?",
    "what's the capital of France?",
    "what is a model?",
    "do you know what overfitting is?",
    "what does the learning rate do",
]

ANSWER_LIKE = [
    "parameter",
    "hyperparameter",
    "Hyperparameter?",
    "hyper-parameter",
    "I think it's a hyperparameter",
    "i think its a parameter?",
    "is it a parameter?",
    "is it learned?",
    "is this a hyperparameter?",
    "isn't that a parameter?",
    "why is it a hyperparameter?",
    "why is that?",
    "why?",
    "what is it?",
    "what is it, a parameter?",
    "it's learned from the data",
    "we set it before training",
    "parameter, because it is learned",
    "not a hyperparameter",
    "does fit change it?",
    "hint",
    "skip",
    "why",
    "",
    "maybe?",
    "both",
    "banana",
    "learned?",
]


@pytest.mark.parametrize("text", QUESTION_LIKE)
def test_looks_like_a_question(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize("text", ANSWER_LIKE)
def test_looks_like_an_answer_not_a_question(text: str) -> None:
    assert not looks_like_question(text)


@pytest.mark.parametrize(
    "question",
    [
        "how do I split data into train and test sets?",
        "which is faster, catboost or xgboost?",
        "is random forest better than a neural network?",
        "how do I reduce overfitting in a random forest?",
        "who made lightgbm?",
        "can catboost handle text features?",
        "catboost vs xgboost, which one trains faster?",
    ],
)
def test_how_to_questions_about_no_quantity_are_outside_the_course(
    knowledge: Knowledge, question: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer is None and not found.known
    assert "practical question" in found.text


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("how do I choose the learning rate?", "hyperparameter"),
        ("how do i tune max_depth in xgboost", "hyperparameter"),
        ("how can I get the coefficients out of a LinearRegression?", "parameter"),
        ("where does the intercept come from?", "parameter"),
        ("when is k chosen?", "hyperparameter"),
    ],
)
def test_how_to_questions_about_a_quantity_still_say_its_kind(
    knowledge: Knowledge, question: str, answer: str
) -> None:
    assert knowledge.ask(question).answer == answer


@pytest.mark.parametrize(
    ("question", "answer", "term"),
    [
        ("does kmeans learn k?", "hyperparameter", "k, the number of clusters"),
        (
            "does knn learn k from the training data?",
            "hyperparameter",
            "k, the number of neighbours",
        ),
        ("pca.components_ — param or hyperparam", "parameter", "components_"),
        ("is kmeans.cluster_centers_ learned?", "parameter", "cluster_centers_"),
        (
            "when i run DecisionTreeClassifier().fit(X, y) does max_depth change?",
            "hyperparameter",
            "max_depth",
        ),
        (
            "torch.optim.Adam(model.parameters(), lr=1e-3) - is lr a hyperparameter?",
            "hyperparameter",
            "lr",
        ),
        ("in k-NN is k learned?", "hyperparameter", "k, the number of neighbours"),
        ("KMeans(n_clusters=4).fit(X) are the centres learned", "parameter", "cluster_centers_"),
        ("is the mean of a StandardScaler learned from X?", "parameter", "mean_"),
    ],
)
def test_the_quantity_is_read_past_models_objects_and_calls(
    knowledge: Knowledge, question: str, answer: str, term: str
) -> None:
    found = knowledge.ask(question)
    assert (found.answer, found.term) == (answer, term)


@pytest.mark.parametrize("question", ["what is a t-test?", "what is an f-test"])
def test_a_letter_in_a_hyphenated_word_is_not_the_quantity_of_that_letter(
    knowledge: Knowledge, question: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer is None and not found.known


def test_a_p_value_is_a_measurement_not_the_minkowski_p(knowledge: Knowledge) -> None:
    found = knowledge.ask("what is a p-value")
    assert (found.answer, found.term) == ("neither", "p_value"), found


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("is slope_clip a hyperparameter?", "slope_clip"),
        ("my_layer(bias_shift=0.5) — is bias_shift learned?", "bias_shift"),
    ],
)
def test_a_word_inside_an_unknown_name_is_not_the_quantity(
    knowledge: Knowledge, question: str, name: str
) -> None:
    """slope_clip is not the slope m of a fitted line, bias_shift not a network's bias."""
    found = knowledge.ask(question)
    assert not found.known and found.term in (None, name)
    assert found.answer is None or "guess" in found.text  # no answer, or a guess that says so


def test_negative_slope_is_the_leaky_relu_setting(knowledge: Knowledge) -> None:
    found = knowledge.ask("nn.LeakyReLU(negative_slope=0.01) — is negative_slope learned?")
    assert (found.known, found.answer) == (True, "hyperparameter")
    assert "PReLU" in found.text


def test_a_known_word_beside_an_unknown_name_is_still_answered(knowledge: Knowledge) -> None:
    assert knowledge.ask("is the slope in my_model a parameter?").answer == "parameter"


@pytest.mark.parametrize(
    ("question", "answer", "term"),
    [
        ("are the trees learned", "parameter", "tree_"),
        ("the values at the leaves of a tree, learned?", "parameter", "values at leaves"),
        ("how many trees, learned?", "hyperparameter", "number of trees"),
        ("is the tree count learned", "hyperparameter", "number of trees"),
    ],
)
def test_the_fitted_trees_are_not_the_number_of_trees(
    knowledge: Knowledge, question: str, answer: str, term: str
) -> None:
    found = knowledge.ask(question)
    assert (found.answer, found.term) == (answer, term), found.text


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("the intercept... that's the bit I type in myself, isn't it?", "parameter"),
        ("is the learning rate the one you pick", "hyperparameter"),
        ("are the weights the pieces the network learns", "parameter"),
    ],
)
def test_a_placeholder_noun_beside_the_quantity_is_not_another_subject(
    knowledge: Knowledge, question: str, answer: str
) -> None:
    assert knowledge.ask(question).answer == answer


@pytest.mark.parametrize(
    "question",
    [
        "SGDClassifier(loss='hinge') — is loss a hyperparameter?",
        "is loss a hyperparameter in SGDClassifier?",
    ],
)
def test_a_word_an_estimator_takes_as_an_argument_is_that_argument(
    knowledge: Knowledge, question: str
) -> None:
    assert knowledge.ask(question).answer == "hyperparameter"


def test_a_claim_about_something_else_is_not_answered_with_the_models_list(
    knowledge: Knowledge,
) -> None:
    """The list of what Dropout sets and learns would answer "parameter" without checking."""
    found = knowledge.ask("the random mask nn.Dropout samples each pass: is that a parameter?")
    assert not found.text.startswith("In a dropout layer, the hyperparameters")
    listing = knowledge.ask("what are the hyperparameters of xgboost?")
    assert listing.text.startswith("In XGBoost, the hyperparameters")


def test_a_constructor_argument_without_a_note_is_known_from_scikit_learn(
    knowledge: Knowledge,
) -> None:
    """GaussianNB takes priors (a setting); what it learns is class_prior_."""
    assert knowledge.ask("is priors in GaussianNB a hyperparameter?").answer == "hyperparameter"
    assert knowledge.ask("is class_prior_ learned?").answer == "parameter"
    assert knowledge.ask("is verbose in LogisticRegression a hyperparameter?").answer == "neither"


def test_an_unknown_word_is_named_as_typed_not_as_corrected(knowledge: Knowledge) -> None:
    found = knowledge.ask("what does zero_grad do?")
    assert found.answer is None and "“grad”" in found.text and "“grid”" not in found.text
