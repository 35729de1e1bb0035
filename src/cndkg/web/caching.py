"""HTTP caching of what a build answers: an ETag from the build's identity, and 304.

Everything the linked-data and SPARQL GET routes answer is a function of the release,
the request's URL, the headers it negotiates on and the address the service calls
itself by (address.py); the ETag is a digest of exactly those, so it is known before the
answer is computed and a revalidation (If-None-Match, RFC 9110 section 13.1.2) costs no
query. A new build gives every answer a new ETag.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, request

from cndkg.web.address import public_root

NEGOTIATED = ("Accept", "Accept-Encoding")


def release_cached(view: Callable[..., Response]) -> Callable[..., Response]:
    """Answer 304 to a GET whose If-None-Match holds the answer's ETag; tag a 200."""

    @wraps(view)
    def cached(*args: Any, **kwargs: Any) -> Response:
        if request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        tag = answer_etag(current_app.extensions["cndkg"].current().path.name)
        if request.if_none_match.contains(tag):
            response = Response(status=304)
            response.set_etag(tag)
        else:
            response = view(*args, **kwargs)
            if response.status_code != 200 or response.headers.get("ETag"):
                return response
            response.set_etag(tag)
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['CACHE_MAX_AGE']}"
        response.vary.update(("Accept",))
        return response

    return cached


def answer_etag(release: str) -> str:
    parts = [release, public_root(), request.full_path]
    parts += [request.headers.get(name, "") for name in NEGOTIATED]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
