"""WSGI entry point: `gunicorn server:app`."""

from cndkg.web import create_app

app = create_app()
