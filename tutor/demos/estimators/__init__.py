"""Small numpy estimators in scikit-learn style, one module per family.

``base`` holds the estimator rules every model follows, ``validation`` the hyperparameter
constraints (declared as data by each model, checked in one place). The families:
``linear_model``, ``neighbors``, ``tree``, ``ensemble``, ``naive_bayes``, ``cluster``,
``decomposition`` and ``neural_network``. Import a model from its family's module; this
package imports nothing, so naming one model never loads the others.
"""
