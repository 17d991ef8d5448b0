"""Entry point: `flask --app app run` (what `make run` does)."""

from records import create_app

app = create_app()
