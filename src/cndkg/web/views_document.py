"""Source documents for people: the index of every document of the build, and each
document as numbered paragraphs under its own headings, with a table of contents."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template
from markupsafe import Markup, escape

from cndkg.web import words
from cndkg.web.rows import local, select
from cndkg.web.sparql import published

bp = Blueprint("document_views", __name__)

# "I. Chair's summary ...", "II. ...", "Chapter III": the document's chapters; every
# other heading (A. Background, (b) Thematic Session 1 ...) is a section of one
CHAPTER = re.compile(r"^(?:[IVXL]+\.\s|chapter\s+[IVXL\d]+\b)", re.IGNORECASE)


@bp.route("/documents")
def documents() -> str:
    """Every source document of the build: what it is, what it gave, or why it was held
    back, with the build's report on it."""
    release = published().current()
    docs = release.manifest.get("documents", [])
    meta = {
        r["file"]: r
        for r in select("""SELECT ?src ?file ?title ?issued ?genre ?issuerName ?symbol WHERE {
            ?src a cnd:SourceDocument ; cnd:originalFileName ?file .
            OPTIONAL { ?src dcterms:title ?title } OPTIONAL { ?src dcterms:issued ?issued }
            OPTIONAL { ?src cnd:genre ?genre }
            OPTIONAL { ?src cnd:issuedBy/rdfs:label ?issuerName }
            OPTIONAL { ?src cnd:documentSymbol ?symbol } }""")
    }
    rows = []
    for d in docs:
        m = meta.get(d.get("file", ""), {})
        rows.append(
            {
                **d,
                "title": m.get("title") or d.get("title") or d.get("file", ""),
                "symbol": m.get("symbol") or d.get("symbol", ""),
                "issuer": m.get("issuerName", ""),
                "issued": words.date_words(m.get("issued")),
                "iso": m.get("issued", ""),
                "genre": m.get("genre") or d.get("genre", ""),
                "page": local(m["src"]) if m.get("src") else "",
                "kinds": [(k, n) for k, n in (d.get("facts") or {}).items() if n],
            }
        )
    rows.sort(key=lambda r: (r["status"] != "published", r["iso"], r["title"]))
    held = sum(1 for d in docs if d.get("status") != "published")
    return render_template("documents.html", rows=rows, held=held, release=release.path.name)


def document_page(iri: str) -> str:
    """A source document as numbered paragraphs under its headings, a table of contents
    first, extracted entities linked in place."""
    meta = select(f"""SELECT ?title ?genre ?issued ?file ?issuerName ?symbol WHERE {{
        <{iri}> dcterms:title ?title ; cnd:genre ?genre ; cnd:originalFileName ?file .
        OPTIONAL {{ <{iri}> dcterms:issued ?issued }}
        OPTIONAL {{ <{iri}> cnd:issuedBy/rdfs:label ?issuerName }}
        OPTIONAL {{ <{iri}> cnd:documentSymbol ?symbol }} }}""")
    if not meta:
        abort(404)
    paragraphs = select(
        f"""SELECT ?p ?label ?text ?start ?kind ?section WHERE {{
        ?p cnd:paragraphOf <{iri}> ; cnd:paragraphLabel ?label ; cnd:paragraphText ?text ;
           cnd:charStart ?start .
        OPTIONAL {{ ?p cnd:sectionLabel ?section }}
        BIND (IF(EXISTS {{ ?p a cnd:Footnote }}, "Footnote", "Paragraph") AS ?kind)
        }} ORDER BY xsd:integer(?start)""",
        max_rows=100_000,
    )
    mentioned = select(
        f"""SELECT DISTINCT ?label ?e ?name WHERE {{
        ?fact cnd:evidence ?ev . ?ev oa:hasSource <{iri}> ;
              cnd:evidenceParagraph/cnd:paragraphLabel ?label .
        {{ ?fact cnd:speaker ?e }} UNION {{ ?fact cnd:mentions ?e }}
        UNION {{ ?fact cnd:citedDocument ?e }} UNION {{ ?fact cnd:participant ?e }}
        UNION {{ ?fact cnd:holder ?e }} UNION {{ ?fact cnd:designatedChallenge ?e }}
        UNION {{ ?fact cnd:hasMember ?e }}
        {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }}
        UNION {{ ?e dcterms:identifier ?name }} }}""",
        max_rows=100_000,
    )
    by_paragraph: dict[str, list[tuple[str, str]]] = {}
    for r in mentioned:
        by_paragraph.setdefault(r["label"], []).append((r["name"], r["e"]))
    seen: set[str] = set()
    blocks: list[dict[str, object]] = []  # headings and paragraphs, in reading order
    toc: list[dict[str, object]] = []
    section = None
    for p in paragraphs:
        if p["p"] in seen:
            continue
        seen.add(p["p"])
        heading = heading_text(p.get("section", ""))
        if heading and heading != section and p["kind"] != "Footnote":
            section = heading
            entry: dict[str, object] = {
                "id": f"s-{len(toc) + 1}",
                "text": heading,
                "level": 2 if CHAPTER.match(heading) else 3,
            }
            toc.append(entry)
            blocks.append({"heading": entry})
            if heading_text(p["text"]) == heading:  # the paragraph is the heading itself
                entry["label"] = p["label"]
                continue
        blocks.append(
            {
                "label": p["label"],
                "kind": p["kind"],
                "html": link_entities(p["text"], by_paragraph.get(p["label"], [])),
            }
        )
    return render_template(
        "document.html", iri=iri, meta=meta[0], blocks=blocks, toc=toc,
        count=len(seen),
    )  # fmt: skip


def heading_text(section: str) -> str:
    """A section label as a heading: no list dash, no Markdown emphasis."""
    text = words.readable(section or "")
    return re.sub(r"^[-*]\s+", "", text).strip()


def link_entities(text: str, names: list[tuple[str, str]]) -> Markup:
    """Wrap each name of an entity extracted from this paragraph in a link to its page."""
    spans: list[tuple[int, int, str]] = []
    for name, iri in sorted(names, key=lambda x: -len(x[0])):
        if len(name) < 3:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if all(m.end() <= a or m.start() >= b for a, b, _ in spans):
                spans.append((m.start(), m.end(), iri))
    out, pos = [], 0
    for a, b, iri in sorted(spans):
        out.append(escape(text[pos:a]))
        out.append(Markup('<a class="entity" href="{}">{}</a>').format(local(iri), text[a:b]))
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)
