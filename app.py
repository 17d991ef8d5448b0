"""Entry point: `gunicorn app:app` (`make run`) and `flask --app app run` (`make dev`)."""

from records import create_app

app = create_app()
