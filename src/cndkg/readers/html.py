"""A saved web page -> its main text, without menus, boilerplate or comments.

trafilatura does the boilerplate removal (the maintained tool for it); we keep its
Markdown output, so headings stay headings for the structure parser, and take the
page's own title and date (a blog post's date, when its body gives none) as hints.
"""

from __future__ import annotations

from cndkg.model import SourceError


def read_html(html: str, name: str) -> tuple[str, dict[str, str]]:
    import trafilatura

    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_recall=True,
        with_metadata=False,
    )
    if not text or not text.strip():
        raise SourceError("web page without a main text (only menus or boilerplate)", name)
    hints: dict[str, str] = {}
    meta = trafilatura.extract_metadata(html)
    if meta is not None:
        for key in ("title", "date", "sitename", "author"):
            value = getattr(meta, key, None)
            if value:
                hints[key] = str(value)
    title = hints.get("title", "")
    if title and title not in text[:2000]:
        text = f"# {title}\n\n{text}"  # the post's title, which the body often omits
    return text.strip() + "\n", hints
