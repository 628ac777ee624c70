"""tutor: learn the difference between model parameters and hyperparameters."""

__version__ = "0.1.0"
