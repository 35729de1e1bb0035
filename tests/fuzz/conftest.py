"""The fuzz tests use the web fixtures (the app over the seed build)."""

from tests.web.conftest import app, build_dir, client  # noqa: F401
