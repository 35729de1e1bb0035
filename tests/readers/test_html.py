"""A saved web page is read as its main text: menus, boilerplate and comments removed.

The page is the seed NGO post (data/sources/000_..., a real blog post) put back into the
markup such a blog serves: navigation, a sidebar of recent posts, a comment thread and a
footer around the article. trafilatura removes them; the post's own title and date stay.
"""

from __future__ import annotations

import html
from pathlib import Path

from cndkg.parse import parse_document
from cndkg.readers import HTML
from cndkg.sources import read_source
from tests.conftest import SOURCES

POST = next(SOURCES.glob("000_*.txt"))


def saved_page(tmp_path: Path) -> Path:
    text = POST.read_text(encoding="utf-8")
    body = text.split("IPO DELEGATION AT UNITED NATIONS CND 2024 THEMATIC DISCUSSIONS", 1)[1]
    body = body.split("IPO News Room", 1)[0]  # the conversion's own chrome after the post
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    article = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>IPO Delegation at United Nations CND 2024 Thematic Discussions</title>
<meta property="article:published_time" content="2024-11-16T09:00:00+00:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About IPO</a></li>
<li><a href="/blog">Blog</a></li><li><a href="/login">Log In</a></li></ul></nav>
<main><article>
<h1>IPO Delegation at United Nations CND 2024 Thematic Discussions</h1>
{article}
</article>
<aside><h2>Recent Posts</h2><ul><li><a href="/p/1">IPO at the 66th CND</a></li>
<li><a href="/p/2">See All</a></li></ul><p>78 views</p></aside>
<section id="comments" class="comments"><h2>2 comments</h2>
<div class="comment"><p>Great work, congratulations to the whole delegation team!</p></div>
<div class="comment"><p>Proud of you all. Subscribe to our newsletter.</p></div>
</section></main>
<footer><p>© 2024 International Police Organization. All rights reserved.</p></footer>
</body></html>"""
    path = tmp_path / "ipo-post.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_saved_page_keeps_the_article_and_drops_the_chrome(tmp_path: Path) -> None:
    source = read_source(saved_page(tmp_path))
    assert source.media_type == HTML
    text = source.text
    assert "The third intersessional meeting of the 67th session of the Commission" in text
    assert "Delegates from Colombia, Peru" in text
    for chrome in ("Log In", "Recent Posts", "Great work", "newsletter", "All rights reserved"):
        assert chrome not in text, chrome


def test_saved_page_gives_its_title_and_date(tmp_path: Path) -> None:
    meta = read_source(saved_page(tmp_path)).meta
    assert meta.title == "IPO Delegation at United Nations CND 2024 Thematic Discussions"
    assert str(meta.date) == "2024-11-16"


def test_saved_page_parses_into_paragraphs(tmp_path: Path) -> None:
    doc = parse_document(read_source(saved_page(tmp_path)))
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("In this high-level event, IPO was present") for t in texts)
