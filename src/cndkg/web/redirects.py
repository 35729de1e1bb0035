"""Old IRIs stay good: a path of the previous IRI scheme answers 301 with the new IRI.

Each build writes the IRIs that changed (cndkg.iris.Legacy -> cndkg.iris.Names) to its
release's redirects.tsv; a request for `/id/<old path>` is sent to `/id/<new path>`, or
to the new IRI itself where it lies outside the data's base (the challenges' concept
scheme is the ontology's). Anything else goes on to the linked-data routes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, redirect, request
from werkzeug.wrappers import Response

from cndkg.iris import REDIRECTS_FILE, read_redirects
from cndkg.web.sparql import published

bp = Blueprint("redirects", __name__)
PREFIX = "/id/"


@lru_cache(maxsize=2)  # the current release, and the one it replaces
def table(release: Path) -> dict[str, str]:
    """A release's redirect table, read once (none for a release without one)."""
    try:
        return read_redirects((release / REDIRECTS_FILE).read_text(encoding="utf-8"))
    except OSError:
        return {}


@bp.before_app_request
def moved() -> Response | None:
    if request.method not in ("GET", "HEAD") or not request.path.startswith(PREFIX):
        return None
    release = published().current()
    new = table(release.path).get(request.path[len(PREFIX) :])
    if new is None:
        return None
    base = release.base
    location = PREFIX + new[len(base) :] if new.startswith(base) else new
    if request.query_string:
        location += "?" + request.query_string.decode("latin-1")
    return redirect(location, 301)
