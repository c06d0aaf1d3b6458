"""Subcommands of the ``exportwatch`` CLI, one module each; ``exportwatch.cli`` registers them."""
