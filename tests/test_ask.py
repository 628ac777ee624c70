"""Questions about library quantities: the reader, the vocabulary and the `tutor ask` contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import pytest

from tests.helpers import ROOT, run_tutor
from tutor.core.knowledge import KINDS, Knowledge
from tutor.core.knowledge import vocabulary as vocabulary_module
from tutor.core.loader import load_pack

P, H, D, N = "parameter", "hyperparameter", "depends", "neither"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return Knowledge(load_pack())


# (question, answer, term or None to skip, model or None to skip). Where the lesson pack
# knows the quantity under its own name and agrees, its term answers (the lessons' spoiler
# guard matches on it), so only library-only names pin the term.
READINGS = [
    # an unknown word (a model name) does not block the answer
    ("is subsample in GradientBoostingClassifier a hyperparameter?", H, "subsample", None),
    ("is subsample a hyperparameter?", H, None, None),
    ("is frobnicate in GradientBoostingClassifier a hyperparameter?", None, None, None),
    # the answer is about the quantity, not the model
    ("are ridge regression's coefficients parameters?", P, "coef_", "Ridge"),
    ("are the coefficients of a Lasso learned?", P, None, None),
    # what the quantity is said to be, and the answers listed after a colon, are no quantity
    ("In Lasso, is alpha a weight or a hyperparameter?", H, None, None),
    ("In SGDRegressor, what is eta0: a weight the model fits or a hyperparameter?", H, None, None),
    # statistics reports, reinforcement learning, sequence models
    ("is the BIC of my regression a hyperparameter?", N, "bic", None),
    ("in DQN, is the discount factor learned by the agent?", H, None, None),
    ("does the q-learning agent learn its Q-table?", P, None, None),
    ("is the teacher forcing ratio tuned?", H, None, None),
    # prose that spells a library flag: "for each", "multiclass"
    ("lightgbm shows a value for each leaf, is that value learned?", P, None, None),
    ("does an HMM infer how many hidden states there are from the data?", H, None, None),
    ("Lasso on a multi-output y gives coef_ of shape (2, 5). still parameters?", P, "coef_", None),
    ("in y = b0 + b1*x, is b1 something I pick?", P, "coef_", None),  # a formula's names
    # the learner marks which of the quantities named is the one asked about
    (
        "KMeans: cluster_centers_ are learned right? and n_clusters is the hyperparameter? "
        "mostly asking about cluster_centers_",
        P,
        "cluster_centers_",
        None,
    ),
    # architectures by name, and outputs that are margins
    ("froze a resnet50 with requires_grad=False. its weights still parameters?", P, None, None),
    ("predict(output_margin=True) margins from xgboost: parameters?", N, "predict()", None),
    ("how long does it take to train a vgg16 on my laptop?", None, None, None),
    # a number passed by position, asked about tersely after the call
    ("nn.Conv2d(3, 16, 5) the 16 = ?", H, "16", None),
    ("Dense(128, activation='tanh'): the 128 is ??", H, "128", None),
    # "numbers" that are values, not a count
    ("the numbers in the end leaves of a tree: does the tree learn them?", P, None, None),
    ("is the number of trees learned?", H, None, None),
    ("is the intercept of LinearRegression learned?", P, None, None),
    # the model picks the meaning
    ("is alpha in Ridge a hyperparameter?", H, None, None),
    ("is alpha in MLPClassifier learned?", H, "alpha", "MLPClassifier"),
    ("is reg_alpha in XGBoost a parameter?", H, "reg_alpha", "XGBoost"),
    ("is gamma in SVC a hyperparameter?", H, None, None),
    ("is gamma in xgboost a hyperparameter?", H, "gamma", "XGBoost"),
    ("is gamma in BatchNormalization a parameter?", P, "gamma", None),
    ("is gamma in StepLR a hyperparameter?", H, "gamma", None),
    ("is the kernel in a Keras Dense layer a parameter?", P, "kernel", None),
    ("is the kernel of an SVC a hyperparameter?", H, None, None),
    ("is weights='distance' in KNeighborsClassifier a hyperparameter?", H, "weights", None),
    ("are the weights of nn.Linear parameters?", P, None, None),
    ("is momentum in BatchNorm2d a hyperparameter?", H, "momentum", None),
    ("is eps in DBSCAN a hyperparameter?", H, "eps", "DBSCAN"),
    ("is the number of folds in cross-validation a hyperparameter?", H, None, None),
    ("is best_params_ of GridSearchCV a parameter?", H, "best_params_", None),
    ("are the alphas in adaboost learned?", P, "estimator_weights_", None),
    ("is the momentum term in batch normalization a hyperparameter?", H, "momentum", None),
    ("are the filters in a CNN learned?", P, None, None),
    ("is filters in Conv2D a hyperparameter?", H, None, None),
    ("is the number of frozen layers a hyperparameter?", H, None, None),
    ("number of filters in Conv2D is a hyperparameter?", H, None, None),
    ("is the loss a parameter?", N, None, None),
    ("is loss='hinge' in SGDClassifier a hyperparameter?", H, "loss", None),
    ("is the train-test split a hyperparameter?", H, None, None),
    ("is data augmentation a hyperparameter?", H, None, None),
    ("is the choice of model a hyperparameter?", H, None, None),
    ("is the minimum number of samples required to split a node a hyperparameter?", H, None, None),
    ("is the minimum sum of instance weight needed in a child a parameter?", H, None, None),
    ("is the number of gradient boosted trees a hyperparameter?", H, None, None),
    # word collisions
    ("is class_weight a parameter?", H, "class_weight", None),
    ("is class weight a hyperparameter?", H, None, None),
    ("is min_samples_leaf a hyperparameter?", H, None, None),
    ("are min_samples in DBSCAN data points?", H, "min_samples", None),
    ("is the feed-forward size of a transformer a hyperparameter?", H, None, None),
    ("is min_child_weight a weight that xgboost learns?", H, "min_child_weight", None),
    # library names for quantities
    ("is max_depth a hyperparameter?", H, None, None),
    ("is n_estimators a hyperparameter?", H, None, None),
    ("is num_leaves in LightGBM a hyperparameter?", H, "num_leaves", "LightGBM"),
    ("is colsample_bytree a hyperparameter?", H, "colsample_bytree", None),
    ("is weight_decay a parameter?", H, "weight_decay", None),
    ("are betas in Adam hyperparameters?", H, None, None),
    ("is warmup_steps a hyperparameter?", H, "warmup_steps", None),
    ("is running_mean learned?", P, "running_mean", None),
    ("is l2_leaf_reg in catboost a hyperparameter?", H, "l2_leaf_reg", "CatBoost"),
    ("is early_stopping_rounds a hyperparameter?", H, None, None),
    ("are the leaf values of xgboost trees parameters?", P, None, None),
    # code in the question
    ("is the 128 in nn.Linear(128, 64) a hyperparameter?", H, "128", None),
    ("is the vocabulary of a BPE tokenizer learned?", P, None, None),
    ("is the learning rate of a neural network learned?", H, None, None),
    ("does loss.backward() update the weights?", P, None, None),
    ("is the gamma in torch.optim.lr_scheduler.StepLR a parameter?", H, "gamma", None),
    # typos in library names
    ("is colsample_bytre a hyperparameter?", H, "colsample_bytree", None),
    ("is coeff_ a parameter?", P, "coef_", None),
    ("is num_leafs a hyperparameter?", H, "num_leaves", None),
    ("is learnig_rate in xgboost a hyperparameter?", H, "learning_rate", "XGBoost"),
    ("is weight_hh_l0 in an LSTM a parameter?", P, None, None),
    # software settings, bookkeeping and measures are neither
    ("is n_jobs a hyperparameter?", N, "n_jobs", None),
    ("is verbose a hyperparameter?", N, "verbose", None),
    ("is copy_X a hyperparameter?", N, "copy_X", None),
    ("is n_features_in_ a parameter?", N, "n_features_in_", None),
    ("is n_iter_ a parameter?", N, "n_iter_", None),
    ("is inertia_ a parameter?", N, "inertia_", None),
    ("is num_workers in a DataLoader a hyperparameter?", N, "num_workers", None),
    ("is C a hyperparameter?", H, "C", None),  # capital C: the SVM's; c is also an intercept
    ("is the value of C found by gradient descent?", H, "C", None),
    # in obj.name the object is a variable (or names the model), the name is the quantity
    ("reg.coef_ is param or hyperparam", P, "coef_", None),
    ("lr.coef_ learned or set?", P, "coef_", None),
    ("clf.C tuned or fit?", H, "C", None),
    ("pca.components_ learned?", P, "components_", "PCA"),
    # after the code, the prose names the quantity, with or without its "?"
    (
        "DataLoader(ds, batch_size=64, num_workers=4) does num_workers change the model",
        N,
        "num_workers",
        None,
    ),
    ("model.fit(X, y, epochs=10, batch_size=32) batch_size what kind", H, "batch_size", None),
    (
        "SGD(model.parameters(), lr=0.01, momentum=0.9): momentum is a hyperparameter yes",
        H,
        "momentum",
        None,
    ),
    (
        "gmm = GaussianMixture(n_components=3).fit(X); gmm.weights_ - param?",
        P,
        "weights_",
        "GaussianMixture",
    ),
    # a longer name that holds a course term, and "how many" as a number
    ("Dense kernel: param or hyper?", P, None, None),
    ("does gradient boosting figure out how many trees to use?", H, None, None),
    # voting and stacking ensembles: what you list before fit, what fit makes of it
    (
        "VotingClassifier(weights=[2, 1, 1]): I set those weights by hand. Hyperparameters?",
        H,
        "weights",
        "VotingClassifier",
    ),
    ("is final_estimator in StackingClassifier a hyperparameter?", H, "final_estimator", None),
    ("is final_estimator_ of a StackingClassifier learned?", P, "final_estimator_", None),
    # after a colon, the asking clause names the quantity
    (
        "StackingClassifier with a LogisticRegression final_estimator: are the combiner's "
        "coefficients hyperparameters?",
        P,
        None,
        None,
    ),
    # what does the learning is not what is learned
    ("in nn.LSTM, are weight_hr_l0 and bias_hh_l1 learned by the optimizer?", P, None, None),
    ("are the weights updated by gradient descent?", P, None, None),
    # nothing in the question settles it
    ("is gamma a hyperparameter?", D, None, None),
    ("is beta a parameter?", D, None, None),
    ("sigma, is that one learned?", D, "sigma", None),
    ("mu: parameter or hyperparameter?", D, "mu", None),  # not the difference of the kinds
    ("is sigma in an rbf svm a hyperparameter?", H, "sigma", None),
    ("is sigma in GaussianNB learned?", P, "sigma", "GaussianNB"),
    ("number of hidden states in an HMM, parameter or hyperparameter?", H, None, None),
    ("in temperature scaling, is the fitted temperature a parameter?", P, None, None),
    ("is the sampling temperature a hyperparameter?", H, None, None),
    # questions in other languages: accents, elisions and singular nouns read
    ("Les poids d'une couche Dense dans Keras sont des paramètres ?", P, None, None),
    ("O intercepto de uma regressão linear é um parâmetro ou um hiperparâmetro?", P, None, None),
    ("In XGBoost, i valori delle foglie sono parametri?", P, None, "XGBoost"),
    ("le taux d'apprentissage, c'est un paramètre appris ?", H, None, None),
    ("¿cómo instalo pytorch en ubuntu?", None, None, None),  # not the C of "cómo"
]


@pytest.mark.parametrize(("question", "answer", "term", "model"), READINGS)
def test_the_reader_answers_about_the_quantity(
    knowledge: Knowledge, question: str, answer: str | None, term: str | None, model: str | None
) -> None:
    found = knowledge.ask(question)
    assert found.answer == answer, found.text
    if answer is None:
        assert not found.known
    if term is not None:
        assert found.term == term, found
    if model is not None:
        assert found.model == model, found


AGREES = [
    "is max_depth a hyperparameter?",
    # "params" inside pasted code is an argument's name, not a claim that it is a parameter
    "With AdamW(params, lr=3e-4, weight_decay=0.01), is weight_decay something to tune?",
    "are cluster_centers_ parameters?",
    "n_jobs is just a software setting, isn't it?",
    "isn't colsample_bytree a hyperparameter?",
    "is num_leaves set before training?",
    "is coef_ learned during fit?",
    "is max_depth not a parameter?",
    "are the splits in a random forest learned?",
    "is the learning rate in t-SNE a hyperparameter?",
    "is the depth parameter in CatBoost a hyperparameter?",
    "the learning rate is not learned, right?",
    "max_depth isn't learned, is it?",
    "do parameters change during training?",
    "are weights adjusted during training?",
]
DISAGREES = [
    "is max_depth a parameter?",
    "is coef_ a hyperparameter?",
    "is the lr of Adam learned?",
    "is n_jobs a hyperparameter?",
    "is coef_ not learned?",
    "is the slope in linear regression set by hand?",
    "are the splits in a random forest hyperparameters?",
    "isn't the learning rate learned?",
    "i thought the weights were hyperparameters?",
    "do hyperparameters change during training?",
    "is k in knn determined by training?",
]


@pytest.mark.parametrize("question", AGREES)
def test_a_right_premise_is_agreed_with_first(knowledge: Knowledge, question: str) -> None:
    assert knowledge.ask(question).text.startswith("Yes"), knowledge.ask(question).text


@pytest.mark.parametrize("question", DISAGREES)
def test_a_wrong_premise_is_corrected_first(knowledge: Knowledge, question: str) -> None:
    assert knowledge.ask(question).text.startswith("No"), knowledge.ask(question).text


def test_why_with_a_wrong_premise_starts_by_correcting_it(knowledge: Knowledge) -> None:
    text = knowledge.ask("why is coef_ a hyperparameter?").text
    assert text.startswith("Actually, coef_ is a parameter")


def test_a_comparison_claims_nothing(knowledge: Knowledge) -> None:
    text = knowledge.ask("What is the difference between weights and hyperparameters?").text
    assert not text.startswith(("Yes", "No")), text


@pytest.mark.parametrize(
    "question", ["why is max_depth a hyperparameter?", "why isn't n_jobs a hyperparameter?"]
)
def test_why_with_a_right_premise_explains_without_yes_or_no(
    knowledge: Knowledge, question: str
) -> None:
    text = knowledge.ask(question).text
    assert not text.startswith(("Yes", "No", "Actually")), text


def test_an_unknown_fitted_name_gets_a_guess_that_says_so(knowledge: Knowledge) -> None:
    found = knowledge.ask("is frobnication_matrix_ a parameter?")
    assert not found.known and found.answer == P
    assert "guess" in found.text and not found.text.startswith(("Yes", "No"))


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("If I fix the degrees of freedom of a Student-t likelihood at nu=4 in advance, is nu a "
         "hyperparameter?", H),
        ("I set the zorblax to 0.1 by hand before running my topic model. Hyperparameter?", H),
        ("We keep the zorblax fixed at 4 in advance. Is that a hyperparameter?", H),
    ],
)  # fmt: skip
def test_an_unknown_quantity_the_learner_describes_gets_a_guess_from_the_description(
    knowledge: Knowledge, question: str, answer: str
) -> None:
    found = knowledge.ask(question)
    assert not found.known and found.answer == answer, found
    assert "guess from your own description" in found.text


def test_an_unknown_name_asked_param_or_hyper_is_not_the_difference_of_the_kinds(
    knowledge: Knowledge,
) -> None:
    found = knowledge.ask("QuantileTransformer n_frobs param or hyper")
    assert found.answer is None and not found.known and found.term == "n_frobs", found


@pytest.mark.parametrize(
    "question",
    [
        "is the frobnication rate of a zorblax learned from the data?",  # asks, states nothing
        "is zorblax a learned parameter",  # a question without its "?"
        "Hyperparameters are set before training. Is that right?",  # a definition
        # the description is of other quantities than the one asked about
        "The encoder's Dense kernels and biases are trained by backprop. Is zorb_dim learned too?",
    ],
)
def test_a_hypothesis_or_another_quantity_is_no_description(
    knowledge: Knowledge, question: str
) -> None:
    assert "guess from your own description" not in knowledge.ask(question).text


def test_an_unknown_setting_of_a_named_library_gets_a_guess_that_says_so(
    knowledge: Knowledge,
) -> None:
    found = knowledge.ask("is frob_level in xgboost a parameter?")
    assert not found.known and found.answer == H and found.model == "XGBoost"
    assert "guess" in found.text and not found.text.startswith(("Yes", "No"))


@pytest.mark.parametrize(
    "question",
    [
        "what is the weight of an elephant?",
        "how do I fix a linux kernel panic?",
        "how do I learn to play guitar?",
        "how deep is the ocean?",
        "is banana a hyperparameter?",
        "what's the learning rate of a toddler?",
        "what's the momentum of a car at 60 mph?",
    ],
)
def test_off_topic_questions_are_answered_as_unknown(knowledge: Knowledge, question: str) -> None:
    found = knowledge.ask(question)
    assert found.answer is None and not found.known, found.text
    assert len(found.suggestions) == 3


@pytest.mark.parametrize(
    ("question", "model", "listed"),
    [
        ("what are the hyperparameters of a random forest?", "RandomForestClassifier", "max_depth"),
        ("which hyperparameters does XGBoost have?", "XGBoost", "colsample_bytree"),
        ("what does a linear regression learn?", "LinearRegression", "coef_"),
    ],
)
def test_a_model_named_with_the_kind_lists_what_it_sets_and_learns(
    knowledge: Knowledge, question: str, model: str, listed: str
) -> None:
    found = knowledge.ask(question)
    assert found.model == model and found.known, found
    assert listed in found.text and "(the parameters)" in found.text


@pytest.mark.parametrize(
    ("question", "model"),
    [
        ("which numbers in a random forest are learned and which do I set?",
         "RandomForestClassifier"),
        ("what does LogisticRegression learn and what do I have to set?", "LogisticRegression"),
        ("list the parameters vs hyperparameters for xgboost pls", "XGBoost"),
    ],
)  # fmt: skip
def test_a_model_asked_for_both_kinds_lists_both_and_depends(
    knowledge: Knowledge, question: str, model: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer == D and found.model == model, found
    assert "the hyperparameters" in found.text and "(the parameters)" in found.text


def test_either_kind_of_a_quantity_is_not_a_request_for_both_lists(knowledge: Knowledge) -> None:
    assert knowledge.ask("keras MultiHeadAttention key_dim param or hyper").answer != D


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("what is gradient descent?", N),
        ("how does momentum work?", H),
        ("what is k in k-means?", H),
    ],
)
def test_a_term_of_the_course_is_still_explained(
    knowledge: Knowledge, question: str, answer: str
) -> None:
    found = knowledge.ask(question)
    assert found.known and found.answer == answer, found


def test_depends_lists_the_libraries_meanings_and_how_to_ask(knowledge: Knowledge) -> None:
    text = knowledge.ask("is gamma a hyperparameter?").text
    assert text.startswith("It depends on the model")
    assert "XGBoost" in text and "batch normalisation" in text and "StepLR" in text


# --- the vocabulary data -------------------------------------------------------------------------


def test_every_quantity_has_a_kind_an_explanation_and_known_places() -> None:
    loaded = vocabulary_module.load()
    groups = {group for model in loaded.models.values() for group in model.groups}
    for sense in loaded.senses:
        assert sense.kind in KINDS and sense.kind != D, sense
        assert len(sense.text) > 40, sense
        assert sense.where <= groups, (sense.name, sense.where - groups)


def test_every_scikit_learn_name_listed_has_a_written_explanation() -> None:
    loaded = vocabulary_module.load()
    assert not [sense.name for sense in loaded.senses if sense.generated]
    assert len(loaded.estimators) >= 60


def test_the_data_files_are_shipped_inside_the_package() -> None:
    data = ROOT / "tutor" / "core" / "knowledge" / "data"
    assert {p.name for p in data.iterdir()} >= {"quantities.toml", "models.toml", "sklearn.json"}
    with (data / "quantities.toml").open("rb") as handle:
        assert len(tomllib.load(handle)["q"]) >= 200


def test_the_vocabulary_loads_on_the_first_question_only() -> None:
    code = (
        "import sys; from tutor.core.knowledge import Knowledge, vocabulary; "
        "from tutor.core.loader import load_pack; k = Knowledge(load_pack()); "
        "before = vocabulary.load.cache_info().currsize; k.ask('is max_depth learned?'); "
        "after = vocabulary.load.cache_info().currsize; "
        "bad = [m for m in ('numpy', 'sklearn', 'torch', 'xgboost', 'textual', 'rich') "
        "if m in sys.modules]; print(before, after, bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.stdout.split() == ["0", "1", "[]"], result.stdout + result.stderr


# --- `tutor ask` ---------------------------------------------------------------------------------


def test_ask_json_contract(tmp_path) -> None:
    result = run_tutor(
        ["ask", "is subsample in GradientBoostingClassifier a hyperparameter?", "--json"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"answer", "term", "model", "text", "suggestions", "known"}
    assert data["answer"] == H and data["term"] == "subsample"
    assert data["model"] == "GradientBoostingClassifier" and data["known"] is True
    assert data["text"].startswith("Yes") and isinstance(data["suggestions"], list)
    depends = json.loads(
        run_tutor(["ask", "is gamma a hyperparameter?", "--json"], tmp_path).stdout
    )
    assert depends["answer"] == D and depends["known"] is True
    neither = json.loads(
        run_tutor(["ask", "is n_jobs a hyperparameter", "--json"], tmp_path).stdout
    )
    assert neither["answer"] == N
    unknown = json.loads(run_tutor(["ask", "who wrote hamlet?", "--json"], tmp_path).stdout)
    assert unknown["answer"] is None and unknown["known"] is False
    assert len(unknown["suggestions"]) == 3


def test_ask_prints_plain_readable_text(tmp_path) -> None:
    result = run_tutor(["ask", "is batch size a parameter?"], tmp_path)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert out.startswith("No") and "**" not in out and "hyperparameter" in out


def test_ask_shows_control_characters_in_the_question_safely(tmp_path) -> None:
    result = run_tutor(["ask", "what is \x1b[31mflux\x07?"], tmp_path)
    assert result.returncode == 0
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout


def test_ask_without_a_question_is_a_usage_error(tmp_path) -> None:
    result = run_tutor(["ask", " "], tmp_path)
    assert result.returncode == 2 and b"ask needs a question" in result.stderr


@pytest.mark.parametrize(
    ("item", "question"),
    [
        ("tree-max-depth", "is max_depth in xgboost a hyperparameter?"),
        ("kmeans-centroids", "are cluster_centers_ learned?"),
        ("opt-weight-decay", "is weight_decay in AdamW a parameter?"),
    ],
)
def test_a_library_question_about_the_open_item_is_held_back(
    tmp_path, item: str, question: str
) -> None:
    """The lesson's spoiler guard matches the library's term to the open item's names."""
    from tutor.core.engine import Engine
    from tutor.core.progress import ProgressStore

    store = ProgressStore(tmp_path, "ada")
    engine = Engine(load_pack(), store, items=[item], run_demos=False)
    engine.start()
    found = engine.reply(question)[0]
    assert found.answer is None and "nudge" in found.text, found
    store.close()


def test_any_text_gets_an_answer_in_the_contract(knowledge: Knowledge) -> None:
    """Hostile or odd input never raises and always answers within the contract."""
    import random
    import string

    rng = random.Random(7)
    odd = [
        " ".join(f"abc_defg_{i}x" for i in range(200)),
        "is " + "max_depth " * 300 + "a hyperparameter?",
        "x" * 5000,
        "is nn." + "a." * 300 + "weight learned?",
        "\x1b[31m is coef_ \x00 learned?",
        "Linear(" + "1," * 300 + ")? is 1 a hyperparameter",
        "what's the capital of France?",
    ]
    odd += [
        "".join(rng.choice(string.printable + "_.()'’") for _ in range(rng.randint(0, 300)))
        for _ in range(150)
    ]
    for text in odd:
        found = knowledge.ask(text)
        assert found.answer in (*KINDS, None), (text, found)
        assert isinstance(found.text, str) and found.text.strip()
        assert found.answer is None or found.known or "guess" in found.text


@pytest.mark.parametrize(
    "question",
    ["kernel: learned or set?", "is the slope a parameter or not?", "is max_depth learned or not?"],
)
def test_an_either_or_question_claims_nothing(knowledge: Knowledge, question: str) -> None:
    found = knowledge.ask(question)
    assert found.known and not found.text.startswith(("Yes", "No")), found.text
    opening = found.text.lstrip("*")
    assert opening[0].isupper() or opening.startswith(str(found.term)), found.text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hardtanh min_val=-1.0, is it learned?", "hyperparameter"),
        ("bias_hh_l0 in LSTM, param or hyperparam", "parameter"),
    ],
)
def test_an_unknown_name_gets_a_guess_from_its_form(
    knowledge: Knowledge, question: str, kind: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer == kind and not found.known, found
    assert "guess" in found.text


@pytest.mark.parametrize(
    "question",
    [
        "pandas dropped my column after get_dummies, how do I keep it?",
        "Training gives NaN after two epochs with lr=1e-3. Any ideas?",
        "My notebook throws a TypeError on fit(). How do I fix it?",
        "How do I count the trainable parameters of a PyTorch model?",
        "for images, is a CNN still better than a vision transformer?",
        # troubleshooting: an error, a warning, a fix, a recommendation
        "LightGBM prints '[Warning] No further splits with positive gain'. Is my model broken?",
        "Keras fit error: 'ValueError: Shapes (None, 1) and (None, 10) are incompatible'.",
        "pip install catboost fails on my laptop, any known workaround?",
        "Optuna vs GridSearchCV - which should I learn first?",
        "How do I set up 5-fold cross-validation with early stopping in LightGBM?",
        "which gpu should i buy for training transformers?",
        "catboost import error says no module named six, help",
        "my validation accuracy is stuck at 60%, what's wrong?",
        "the loss turns into nan after a few batches, why",
        "how many images do I need to train a CNN?",
        "write me a haiku about backpropagation",
        "what's the derivative of tanh?",
        # a lesson on another topic: a tutorial, or the difference between two concepts
        "explain convolution to me like I'm ten",
        "how does a transformer actually work?",
        "what's the difference between classification and regression?",
    ],
)
def test_practical_questions_anywhere_in_the_line_are_not_answered(
    knowledge: Knowledge, question: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer is None and not found.known, found


@pytest.mark.parametrize(
    ("question", "answer", "opening"),
    [
        ("I wrote self.alpha = nn.Parameter(torch.ones(1)). Is alpha a hyperparameter?", P, "No"),
        (
            "self.temperature = self.add_weight(shape=(), trainable=True): is this learned?",
            P,
            "",
        ),
        ("self.scale = nn.Parameter(torch.ones(1)) — is scale a parameter?", P, "Yes"),
    ],
)
def test_a_value_the_code_registers_as_trainable_is_a_parameter(
    knowledge: Knowledge, question: str, answer: str, opening: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer == answer and found.text.startswith(opening), found


@pytest.mark.parametrize(
    ("question", "method", "opening"),
    [
        ("the probabilities I get from predict_proba, are they parameters?", "predict_proba", "No"),
        ("are the distances that kneighbors() returns parameters?", "kneighbors", "No"),
        ("cross_val_score fold scores: hyperparameters or parameters?", "cross_val_score", ""),
        ("lgbm get_score() importances aren't parameters, right?", "get_score", "Yes"),
        ("the output that nn.GRU returns, is it a learned parameter?", "GRU", "No"),
        ("model.count_params() returns 3M. hyperparameter?", "count_params", "No"),
    ],
)
def test_what_a_prediction_or_report_method_returns_is_neither(
    knowledge: Knowledge, question: str, method: str, opening: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer == "neither" and found.term == f"{method}()", found
    assert found.text.startswith(opening), found


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("is n_neighbors=5 used by predict()? is it learned?", H),  # a setting is named
        ("does a bigger learning rate make it predict better? is it a hyperparameter?", H),
        ("what's returned by model.get_weights(), parameters?", P),  # the model's own values
        ("the weights that nn.Linear(4, 2) holds are learned, right?", P),
    ],
)
def test_a_method_named_beside_a_setting_or_the_models_own_values_is_not_an_output(
    knowledge: Knowledge, question: str, answer: str
) -> None:
    assert knowledge.ask(question).answer == answer


def test_registered_code_that_is_frozen_or_only_context_decides_nothing(
    knowledge: Knowledge,
) -> None:
    frozen = knowledge.ask("self.w = nn.Parameter(x, requires_grad=False): is w learned?")
    assert "registers it" not in frozen.text
    context = knowledge.ask("I have self.w = nn.Parameter(x). Is the learning rate tuned?")
    assert "registers it" not in context.text


@pytest.mark.parametrize(
    "question",
    ["QuantileTransformer quantiles_: hyperparameter?", "is booster_ of LGBMClassifier learned?"],
)
def test_an_unlisted_name_in_fits_form_is_guessed_a_parameter_not_respelt(
    knowledge: Knowledge, question: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer == P and not found.known and "guess" in found.text, found


@pytest.mark.parametrize(
    ("question", "term", "answer"),
    [
        # the code names settings with values; the asking part names the quantity
        ("`Ridge(alpha=0.5)`: is coef_ something I tune?", "coef_", P),
        (
            "`SVC(kernel='rbf', C=10)`: are the dual_coef_ values something I choose?",
            "dual_coef_",
            P,
        ),
        (
            "`LogisticRegression(C=1.0, max_iter=1000)` on churn data. Is `model.coef_` something "
            "to add to my grid, or does fit() learn it?",
            "coef_",
            P,
        ),
        (
            "`RandomForestClassifier(n_estimators=500, n_jobs=-1)`: should I include n_jobs in "
            "my param_grid too?",
            "n_jobs",
            N,
        ),
        (
            "LinearRegression(fit_intercept=True) - the intercept itself is learned, but is the "
            "fit_intercept flag a hyperparameter?",
            "fit_intercept",
            H,
        ),
        # ... unless the asking part points back at the code, compares, or names a place
        (
            "LightGBM `num_leaves=31`: do I need to tune it, or does LightGBM learn how many "
            "leaves each tree needs?",
            "num_leaves",
            H,
        ),
        ("XGBoost `nthread=16`: should I tune it alongside max_depth?", "nthread", N),
        ("`criterion='gini'` vs `'entropy'` in sklearn trees: is that a hyperparameter?", None, H),
    ],
)
def test_the_quantity_is_the_one_the_asking_part_names_after_the_code(
    knowledge: Knowledge, question: str, term: str | None, answer: str
) -> None:
    found = knowledge.ask(question)
    assert found.answer == answer, found
    if term is not None:
        assert found.term == term, found


def test_a_function_called_in_the_question_is_not_guessed_to_be_a_setting(
    knowledge: Knowledge,
) -> None:
    for question in (
        "What's the difference between `model.eval()` and `with torch.no_grad():` in PyTorch?",
        "Should I call `booster.get_dump()` in PyTorch?",
    ):
        found = knowledge.ask(question)
        assert found.answer is None and "this is a guess" not in found.text, found


def test_the_rank_of_a_matrix_is_not_loras() -> None:
    found = Knowledge(load_pack()).ask("is the rank of a matrix a hyperparameter?")
    assert "LoRA" not in found.text


def test_hmm_as_a_filler_names_no_model(knowledge: Knowledge) -> None:
    assert knowledge.ask("hmm, is k a hyperparameter?").answer == H


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "DecisionTreeClassifier: max_depth is a hyperparameter. But the split thresholds "
            "in tree_.threshold, are those parameters?",
            P,
        ),
        (
            "In a neural net the weights and biases are the parameters. Is the number of "
            "hidden layers a hyperparameter then?",
            H,
        ),
    ],
)
def test_after_a_kind_settled_the_asking_sentence_names_the_quantity(
    knowledge: Knowledge, question: str, answer: str
) -> None:
    assert knowledge.ask(question).answer == answer


# Quantities of libraries beyond scikit-learn's estimators, as learners name them.
LIBRARY_QUANTITIES = [
    ("GaussianProcessRegressor(kernel=RBF(1.0)): is the length scale learned?", P),
    ("is n_restarts_optimizer of a gaussian process a hyperparameter?", H),
    ("is log_marginal_likelihood_value_ a parameter of my GPR?", N),
    ("in LoRA, is the rank r learned during fine-tuning?", H),
    ("is lora_alpha trained with the adapter?", H),
    ("are the lora_A and lora_B matrices parameters?", P),
    ("is log_every_n_steps in the Lightning Trainer a hyperparameter?", N),
    ("rate_drop is like dropout, so a hyperparameter?", H),
    ("is the gain column of an xgboost tree dump a parameter?", N),
    ("XGBoost picks a default direction for missing values; is that learned?", P),
    ("keras PReLU layer has alpha: is it learned?", P),
    ("LeakyReLU negative_slope gets learned like PReLU does?", H),
    ("is weight in nn.CrossEntropyLoss learned?", H),
    ("is std a hyperparameter in nn.init.normal_?", H),
    ("hmmlearn: is transmat_ a parameter?", P),
    ("number of hidden states in a hidden markov model: parameter or hyperparameter?", H),
    ("in ARIMA, is p a hyperparameter?", H),
    ("statsmodels ExponentialSmoothing fits smoothing_level; parameter?", P),
]


@pytest.mark.parametrize(("question", "answer"), LIBRARY_QUANTITIES)
def test_quantities_of_gaussian_processes_adapters_layers_losses_and_time_series(
    knowledge: Knowledge, question: str, answer: str
) -> None:
    assert knowledge.ask(question).answer == answer


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("¿los pesos de una red neuronal se aprenden?", P),
        ("les centroïdes du k-means sont-ils appris ou choisis ?", P),
        ("wird die Lernrate beim Training gelernt?", H),
        ("a profundidade da árvore é um hiperparâmetro?", H),
        ("il numero di vicini in knn è un parametro o un iperparametro?", H),
        ("wie installiere ich xgboost unter Windows?", None),
    ],
)
def test_questions_in_five_languages_are_answered_about_their_quantity(
    knowledge: Knowledge, question: str, answer: str | None
) -> None:
    found = knowledge.ask(question)
    assert found.answer == answer, found


def test_an_english_question_is_read_as_typed() -> None:
    from tutor.core.language.translate import in_english_words

    for question in ("is max_depth a hyperparameter? e.g. in a forest", "how do I set C?"):
        assert in_english_words(question) == question


def test_mean_as_a_verb_names_no_mean(knowledge: Knowledge) -> None:
    found = knowledge.ask("more points means more parameters?")
    assert found.term != "means_" and "Gaussian mixture" not in found.text, found
    assert knowledge.ask("are the means in a gaussian mixture parameters?").answer == P


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("does a bigger k mean more parameters?", "k"),
        ("what does k mean?", "k"),
        ("what does k mean in k-means?", "k, the number of clusters"),
    ],
)
def test_the_verb_mean_after_a_letter_is_not_k_means(
    knowledge: Knowledge, question: str, term: str
) -> None:
    found = knowledge.ask(question)
    assert (found.term, found.answer) == (term, H), found


@pytest.mark.parametrize(
    "question",
    [
        "do more layers mean more parameters?",
        "does a bigger max_depth mean more parameters?",
        "does a larger k mean more parameters?",
    ],
)
def test_a_count_of_parameters_is_not_asked_as_a_kind(knowledge: Knowledge, question: str) -> None:
    """More layers do mean more parameters: the reply states the kind of the quantity named,
    it does not open with "No" as if asked whether layers are parameters."""
    found = knowledge.ask(question)
    assert found.answer == H and not found.text.lower().startswith("no"), found


def test_how_to_choose_a_quantity_still_says_its_kind(knowledge: Knowledge) -> None:
    assert knowledge.ask("how do I choose k in k-means?").answer == H
    assert knowledge.ask("how should I tune the learning rate?").answer == H


@pytest.mark.parametrize(
    ("question", "term"),
    [
        (
            "clf = AdaBoostClassifier(n_estimators=50, learning_rate=1.0). Each stump splits "
            "at a threshold. Is that threshold learned?",
            "threshold",
        ),
        ("layer = Dense(16, bias_initializer='zeros'). Is that bias updated by training?", "bias"),
        (
            "KMeans(n_clusters=4, n_init=10). Each cluster has a centroid. Is this centroid "
            "found by fit?",
            "cluster_centers_",
        ),
    ],
)
def test_the_asking_sentence_names_the_quantity_after_code(
    knowledge: Knowledge, question: str, term: str
) -> None:
    """ "that threshold" names a new quantity with a determiner; it does not point back at the
    settings the code gives."""
    found = knowledge.ask(question)
    assert (found.answer, found.term) == (P, term), found


def test_a_last_sentence_that_points_back_asks_about_the_code(knowledge: Knowledge) -> None:
    found = knowledge.ask("GradientBoostingRegressor(max_depth=3). Does the booster learn it?")
    assert (found.answer, found.term) == (H, "max_depth"), found


_ASK_EVERY_QUESTION = """
import json, sys
from tests.ask_corpus import load
from tutor.core.knowledge import Knowledge
from tutor.core.loader import load_pack
knowledge = Knowledge(load_pack())
rows = [row for row in load() if row.get("split", "dev").startswith("dev")]
print(json.dumps([[knowledge.ask(row["question"]).answer, knowledge.ask(row["question"]).term]
                  for row in rows]))
"""


def test_answers_do_not_depend_on_the_order_of_sets() -> None:
    """Python orders sets of strings by a hash seeded anew in each process: an answer that
    followed that order would change from one run to the next."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", _ASK_EVERY_QUESTION],
            capture_output=True, text=True, cwd=ROOT, check=True, timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]  # fmt: skip
    assert json.loads(runs[0]) == json.loads(runs[1])
