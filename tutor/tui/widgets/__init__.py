"""Widgets of the chat screen, one module each."""
