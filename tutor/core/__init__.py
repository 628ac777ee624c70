"""The UI-free core: lessons, engine, interpretation, knowledge and progress.

Nothing under this package imports textual, prompt_toolkit or rich.
"""
