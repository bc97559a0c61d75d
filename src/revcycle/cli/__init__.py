"""The `revcycle` command line (Typer + Rich)."""
