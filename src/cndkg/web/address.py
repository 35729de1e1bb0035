"""The address the service calls itself by, in every self-description (VoID, service
description, download links, Link headers), never taken from a request's Host header.

In order: the PUBLIC_URL setting (CNDKG_PUBLIC_URL), as a deployment states it; behind
a proxy trusted by the TRUST_PROXY setting, the X-Forwarded-Host and -Proto it sends
(werkzeug's ProxyFix puts them in the environ, create_app installs it); else the
address the server listens on (WSGI's SERVER_NAME and SERVER_PORT, PEP 3333). A Host
header is the client's to choose: behind nginx's default `proxy_pass` it is
127.0.0.1:8080, and a description built from it would advertise that to the world.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request

DEFAULT_PORTS = {"http": "80", "https": "443"}


def public_root() -> str:
    """The service's root URL without a trailing slash, e.g. https://cndkg.example.org."""
    configured = str(current_app.config.get("PUBLIC_URL") or "")
    if configured:
        return configured.rstrip("/")
    return root_of(request.environ, bool(current_app.config.get("TRUST_PROXY")))


def root_of(environ: dict[str, Any], trust_proxy: bool) -> str:
    scheme = str(environ.get("wsgi.url_scheme") or "http")
    prefix = str(environ.get("SCRIPT_NAME") or "").rstrip("/")
    if trust_proxy and environ.get("HTTP_X_FORWARDED_HOST"):
        # ProxyFix (x_host=1) copied the proxy's X-Forwarded-Host into HTTP_HOST
        return f"{scheme}://{environ['HTTP_HOST']}{prefix}"
    host = str(environ.get("SERVER_NAME") or "localhost")
    port = str(environ.get("SERVER_PORT") or DEFAULT_PORTS.get(scheme, ""))
    if ":" in host and not host.startswith("["):  # an IPv6 address
        host = f"[{host}]"
    if port and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return f"{scheme}://{host}{prefix}"
