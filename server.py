"""WSGI entry point for any WSGI server: `granian --interface wsgi server:app`."""

from cndkg.web import create_app

app = create_app()
