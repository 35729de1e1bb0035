"""cndkg: the open knowledge graph of the UN Commission on Narcotic Drugs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cndkg")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
