"""Text -> document structure: paragraphs, sections, footnotes, with offsets kept."""

from cndkg.parse.structure import parse_document

__all__ = ["parse_document"]
