"""Screens: the chat, the help screen and confirmations."""
