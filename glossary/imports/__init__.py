"""Imports: termbases and flashcards from other tools, read into candidate concepts."""
