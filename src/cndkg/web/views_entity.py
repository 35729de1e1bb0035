"""What an entity page says, by what the entity is: a delegation's ledger of statements,
a challenge's sessions and timeline, a meeting's or session's summary. One SPARQL query
per section (never one per row); the ledger also downloads as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, abort

from cndkg.web import words
from cndkg.web.rows import local, select
from cndkg.web.sparql import published

bp = Blueprint("entity_views", __name__)

Row = dict[str, str]
Facts = dict[str, Any]

DELEGATION_TYPES = {
    "Actor", "State", "Organization", "GroupOfStates", "IntergovernmentalOrganization",
    "NonGovernmentalOrganization", "UNEntity", "RegionalOrganization", "CivilSociety",
    "OrganizationalUnit",
}  # fmt: skip
EVENT_TYPES = {"Meeting", "MeetingPart"}
CHALLENGE_TYPES = {"Challenge", "MinisterialDeclarationChallenge"}
SAFE_PATH = re.compile(r"[\w\-.~!$&'()*+,;=:@/%\u00a0-\U0010ffff]+")  # as linked.VALID_PATH
EVIDENCE = """?ev oa:hasSelector/oa:exact ?quote ; oa:hasSource ?doc ;
        oa:hasSelector/oa:start ?start ;
        cnd:evidenceParagraph/cnd:paragraphLabel ?para ."""


def kind_of(types: Iterable[str]) -> str:
    """Which page an entity gets: its cnd: types decide (a Person is an Actor too, but
    speaks for no delegation)."""
    found = set(types)
    if found & CHALLENGE_TYPES:
        return "challenge"
    if found & EVENT_TYPES:
        return "event"
    if "Statement" in found:
        return "statement"
    if "Person" in found:
        return "person"
    if found & DELEGATION_TYPES:
        return "delegation"
    return "other"


def entity_facts(iri: str) -> Facts:
    """Everything an entity page shows beyond its own triples, by kind."""
    types = [
        r["t"].rsplit("#", 1)[-1]
        for r in select(f"""SELECT ?t WHERE {{ <{iri}> a ?t .
            FILTER STRSTARTS(STR(?t), "https://w3id.org/cndkg/ontology#") }}""")
    ]
    kind = kind_of(types)
    facts: Facts = {"kind": kind, "labels": neighbour_labels(iri)}
    if kind == "delegation":
        facts["ledger"] = ledger(iri)
        facts["groups"] = groups_of(iri)
        facts["roles"] = roles(iri)
        facts["spoken_for"] = ledger(iri, on_behalf=True) if "GroupOfStates" in types else []
        facts["mentions"] = mentions(iri)
    elif kind == "statement":
        found = statements(f"BIND (<{iri}> AS ?st)")
        facts["statement"] = found[0] if found else {}
    elif kind == "person":
        facts["roles"] = roles(iri)
        facts["mentions"] = mentions(iri)
    elif kind == "challenge":
        facts.update(challenge_facts(iri))
        code = next(
            (r["code"] for r in select(f"SELECT ?code WHERE {{ <{iri}> cnd:code ?code }}")), ""
        )
        label = facts["labels"].get(iri, "")
        facts["title"] = f"{words.short_title(code, label)} ({code})" if code else ""
    elif kind == "event":
        facts.update(event_facts(iri))
    else:
        facts["mentions"] = mentions(iri)
        facts["owner"] = select(f"""SELECT ?owner ?name WHERE {{
            <{iri}> cnd:runBy ?owner . ?owner rdfs:label ?name }}""")
    facts["evidence"] = select(f"""SELECT ?quote ?doc ?para WHERE {{
        <{iri}> cnd:evidence ?ev . {EVIDENCE} }} ORDER BY ?doc xsd:integer(?start)""")
    return facts


def neighbour_labels(iri: str) -> dict[str, str]:
    """Labels of every IRI on the page's 'all properties' table, properties included (the
    ontology's rdfs:label), in one query."""
    rows = select(
        f"""SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{
        {{ BIND (<{iri}> AS ?x) }} UNION {{ <{iri}> ?x ?o }} UNION {{ <{iri}> ?p ?x }}
        UNION {{ ?x ?p <{iri}> }}
        UNION {{ ?s ?x <{iri}> }}
        ?x rdfs:label ?l }} GROUP BY ?x""",
        max_rows=20_000,
    )
    return {r["x"]: r["label"] for r in rows}


def _first_per(rows: list[Row], key: str) -> list[Row]:
    """One row per `key` (OPTIONAL patterns can repeat a row), in the query's order."""
    seen: dict[str, Row] = {}
    for r in rows:
        seen.setdefault(r[key], r)
    return list(seen.values())


def _members(where: str) -> dict[str, list[Row]]:
    """The members of the groups statements were made for, by statement."""
    out: dict[str, list[Row]] = defaultdict(list)
    for r in select(f"""SELECT DISTINCT ?st ?m ?name WHERE {{ {where}
            ?st cnd:onBehalfOfMembers/cnd:hasMember ?m . ?m rdfs:label ?name }}
            ORDER BY ?st ?name"""):
        out[r["st"]].append({"iri": r["m"], "name": r["name"]})
    return out


def ledger(iri: str, on_behalf: bool = False) -> list[dict[str, Any]]:
    """Every statement by the delegation (or, for a group, on its behalf): date,
    meeting, session, challenge, group with its members, right of reply, the sentence."""
    who = f"?st cnd:onBehalfOf <{iri}> ." if on_behalf else f"?st cnd:speaker <{iri}> ."
    return statements(who)


def statements(who: str) -> list[dict[str, Any]]:
    """The statements matched by the pattern `who` (binding ?st), as ledger rows."""
    rows = select(f"""SELECT ?st ?speaker ?speakerName ?reply ?session ?sessionName ?sStart
        ?isPart ?meeting ?meetingName ?mStart ?code ?chLabel ?challenge ?group ?groupName
        ?quote ?doc ?para ?start WHERE {{
        {who}
        ?st cnd:speaker ?speaker ; cnd:inSession ?session .
        OPTIONAL {{ ?speaker rdfs:label ?speakerName }}
        OPTIONAL {{ ?st cnd:rightOfReply ?reply }}
        OPTIONAL {{ ?session rdfs:label ?sessionName }}
        OPTIONAL {{ ?session cnd:startDate ?sStart }}
        BIND (EXISTS {{ ?session a cnd:MeetingPart }} AS ?isPart)
        OPTIONAL {{ ?session cnd:partOf ?meeting . ?meeting rdfs:label ?meetingName .
                    OPTIONAL {{ ?meeting cnd:startDate ?mStart }} }}
        OPTIONAL {{ ?session cnd:addressesChallenge ?challenge .
                    ?challenge cnd:code ?code ; rdfs:label ?chLabel }}
        OPTIONAL {{ ?st cnd:onBehalfOf ?group . ?group rdfs:label ?groupName }}
        OPTIONAL {{ ?st cnd:evidence ?ev . {EVIDENCE} }}
        }} ORDER BY ?sStart ?mStart ?doc xsd:integer(?start)""")
    members = _members(who)
    out: list[dict[str, Any]] = []
    for r in _first_per(rows, "st"):
        if r.get("isPart") != "true":  # said in a meeting itself: it is the meeting
            r["meeting"], r["meetingName"] = r["session"], r.get("sessionName", "")
            r["mStart"] = r.get("sStart", "")
        r["date"] = r.get("sStart") or r.get("mStart") or ""
        r["members"] = members.get(r["st"], [])  # type: ignore[assignment]
        r["right_of_reply"] = "yes" if r.get("reply") == "true" else ""
        out.append(r)
    return out


def groups_of(iri: str) -> list[Row]:
    """The groups the delegation was counted in, each with the statement made for it and
    the sentence (usually a footnote) that lists the members."""
    return _first_per(
        select(f"""SELECT ?gnode ?st ?speaker ?speakerName ?groupName ?session ?sessionName
        ?date ?quote ?doc ?para WHERE {{
        ?st cnd:onBehalfOfMembers ?gnode . ?gnode cnd:hasMember <{iri}> .
        ?st cnd:speaker ?speaker . ?speaker rdfs:label ?speakerName .
        OPTIONAL {{ ?st cnd:onBehalfOf/rdfs:label ?groupName }}
        OPTIONAL {{ ?st cnd:inSession ?session . ?session rdfs:label ?sessionName .
                    OPTIONAL {{ ?session cnd:startDate ?date }} }}
        OPTIONAL {{ ?gnode cnd:evidence ?ev . {EVIDENCE} }}
        }} ORDER BY ?date"""),
        "gnode",
    )


def roles(iri: str) -> list[Row]:
    """Roles held by the delegation's people (or by the person), with the meeting and the
    sentence that names them."""
    return _first_per(
        select(f"""SELECT ?a ?roleName ?person ?personName ?position ?meeting ?meetingName
        ?date ?quote ?doc ?para WHERE {{
        {{ ?a cnd:forCountry <{iri}> }} UNION {{ ?a cnd:forOrganization <{iri}> }}
        UNION {{ ?a cnd:forOrganization/cnd:unitOf <{iri}> }}
        UNION {{ ?a cnd:holder <{iri}> }} UNION {{ ?a cnd:holder/cnd:representsCountry <{iri}> }}
        ?a cnd:role/rdfs:label ?roleName .
        OPTIONAL {{ ?a cnd:holder ?person . ?person rdfs:label ?personName }}
        OPTIONAL {{ ?a cnd:position ?position }}
        OPTIONAL {{ ?a cnd:inMeeting ?meeting . ?meeting rdfs:label ?meetingName .
                    OPTIONAL {{ ?meeting cnd:startDate ?date }} }}
        OPTIONAL {{ ?a cnd:evidence ?ev . {EVIDENCE} }}
        }} ORDER BY ?date ?roleName"""),
        "a",
    )


def attribute(rows: list[Row]) -> list[Row]:
    """Put each passage under the meeting or session whose part of the document it is
    in: the one whose own source passage comes last before it in the same document (a
    session only within its own section: a 'Way forward' after the last session belongs
    to the meeting). A mention's cnd:mentionedIn can name a neighbouring meeting: a
    6 December 2023 paragraph was filed under the October meeting."""
    docs = sorted({r["doc"] for r in rows if r.get("doc")})
    if not docs:
        return rows
    values = " ".join(f"<{d}>" for d in docs)
    anchors: dict[str, list[tuple[int, int, str, Row]]] = defaultdict(list)
    for a in select(
        f"""SELECT ?e ?name ?doc ?start ?date ?end ?isPart ?section WHERE {{
        VALUES ?k {{ cnd:Meeting cnd:MeetingPart }} ?e a ?k ; cnd:evidence ?ev .
        VALUES ?doc {{ {values} }} ?ev oa:hasSource ?doc ; oa:hasSelector/oa:start ?start .
        OPTIONAL {{ ?ev cnd:evidenceParagraph/cnd:sectionLabel ?section }}
        ?e rdfs:label ?name . OPTIONAL {{ ?e cnd:startDate ?date }}
        OPTIONAL {{ ?e cnd:endDate ?end }}
        BIND (?k = cnd:MeetingPart AS ?isPart) }}""",
        max_rows=50_000,
    ):
        # at one offset, the most specific: a session, then the shortest meeting
        span = 0 if a.get("isPart") == "true" else 1 + _days(a.get("date"), a.get("end"))
        anchors[a["doc"]].append((int(a["start"]), -span, a["e"], a))
    for found in anchors.values():
        found.sort(key=lambda x: (x[0], x[1], x[3].get("date", "")))
    for r in rows:
        start = int(r.get("start") or 0)
        before = [
            a
            for a in anchors.get(r.get("doc", ""), [])
            if a[0] <= start
            and (a[3].get("isPart") != "true" or a[3].get("section") == r.get("section"))
        ]
        if before:
            best = max(before, key=lambda x: (x[0], x[1]))[3]
            r["context"], r["contextName"] = best["e"], best["name"]
            r["contextDate"] = best.get("date", "")
    return rows


def _days(start: str | None, end: str | None) -> int:
    import datetime as dt

    try:
        a = dt.date.fromisoformat((start or "")[:10])
        b = dt.date.fromisoformat((end or start or "")[:10])
    except ValueError:
        return 9999
    return (b - a).days


def mentions(iri: str) -> list[Row]:
    """Passages that mention (or, for a document, cite) the entity, each under the
    meeting it was said in."""
    rows = _first_per(
        select(f"""SELECT ?m ?quote ?doc ?para ?start ?section ?context ?contextName
        ?contextDate WHERE {{ {{ ?m cnd:mentions <{iri}> }} UNION {{ ?m cnd:citedDocument <{iri}> }}
        ?m cnd:evidence ?ev . {EVIDENCE}
        OPTIONAL {{ ?ev cnd:evidenceParagraph/cnd:sectionLabel ?section }}
        OPTIONAL {{ ?m cnd:mentionedIn ?context . ?context rdfs:label ?contextName .
                    OPTIONAL {{ ?context cnd:startDate ?contextDate }} }}
        }} ORDER BY ?doc xsd:integer(?start)"""),
        "m",
    )
    return sorted(attribute(rows), key=lambda r: (r.get("contextDate", ""), r["doc"]))


def challenge_facts(iri: str) -> Facts:
    """Sessions on the challenge by year, who spoke, initiatives raised, paragraphs."""
    sessions = select(f"""SELECT ?s ?name ?start ?end ?meeting ?meetingName
        (COUNT(DISTINCT ?st) AS ?statements) WHERE {{
        ?s cnd:addressesChallenge <{iri}> ; rdfs:label ?name .
        OPTIONAL {{ ?s cnd:startDate ?start }} OPTIONAL {{ ?s cnd:endDate ?end }}
        OPTIONAL {{ ?s cnd:partOf ?meeting . ?meeting rdfs:label ?meetingName }}
        OPTIONAL {{ ?st cnd:inSession ?s }}
        }} GROUP BY ?s ?name ?start ?end ?meeting ?meetingName ORDER BY ?start ?name""")
    sessions = _first_per(sessions, "s")
    by_year: dict[str, list[Row]] = defaultdict(list)
    for s in sessions:
        by_year[words.year(s.get("start")) or "undated"].append(s)
    speakers = select(f"""SELECT ?speaker ?name (COUNT(DISTINCT ?st) AS ?n)
        (GROUP_CONCAT(DISTINCT SUBSTR(STR(?d), 1, 4); separator=", ") AS ?years) WHERE {{
        ?s cnd:addressesChallenge <{iri}> . ?st cnd:inSession ?s ; cnd:speaker ?speaker .
        ?speaker rdfs:label ?name . OPTIONAL {{ ?s cnd:startDate ?d }}
        }} GROUP BY ?speaker ?name ORDER BY DESC(?n) ?name""")
    initiatives = select(f"""SELECT ?i ?name (COUNT(DISTINCT ?m) AS ?n) WHERE {{
        ?m a cnd:InitiativeMention ; cnd:mentions ?i .
        {{ ?m cnd:inContextOfChallenge <{iri}> }}
        UNION {{ ?m cnd:mentionedIn ?s . ?s cnd:addressesChallenge <{iri}> }}
        ?i rdfs:label ?name }} GROUP BY ?i ?name ORDER BY DESC(?n) ?name""")
    mentions_rows = mentions(iri)
    sessions_per_year = Counter(words.year(s.get("start")) for s in sessions)
    statements_per_year: Counter[str] = Counter()
    for s in sessions:
        statements_per_year[words.year(s.get("start"))] += int(s.get("statements") or 0)
    mentions_per_year = Counter(words.year(m.get("contextDate")) for m in mentions_rows)
    years = sorted(y for y in set(sessions_per_year) | set(mentions_per_year) if y)
    timeline: list[dict[str, Any]] = [
        {
            "year": y,
            "sessions": sessions_per_year.get(y, 0),
            "statements": statements_per_year.get(y, 0),
            "mentions": mentions_per_year.get(y, 0),
        }
        for y in years
    ]
    return {
        "sessions_by_year": sorted(by_year.items()),
        "speakers": speakers,
        "initiatives": initiatives,
        "mentions": mentions_rows,
        "timeline": timeline,
        "timeline_max": max([1, *(max(t["sessions"], t["mentions"]) for t in timeline)]),
    }


def event_facts(iri: str) -> Facts:
    """A meeting or session as a summary: when, where, chaired by whom, its parts, who
    spoke (and for whom), the documents before it and where it is reported."""
    within = f"""{{ ?st cnd:inSession <{iri}> }} UNION
        {{ ?st cnd:inSession ?part . ?part cnd:partOf+ <{iri}> }}"""
    about = _first_per(
        select(f"""SELECT ?x ?start ?end ?placeName ?parent ?parentName ?organizer
        ?organizerName ?code ?chLabel ?challenge WHERE {{
        BIND (<{iri}> AS ?x)
        OPTIONAL {{ ?x cnd:startDate ?start }} OPTIONAL {{ ?x cnd:endDate ?end }}
        OPTIONAL {{ ?x cnd:location/rdfs:label ?placeName }}
        OPTIONAL {{ ?x cnd:partOf ?parent . ?parent rdfs:label ?parentName }}
        OPTIONAL {{ ?x cnd:convenedBy ?organizer . ?organizer rdfs:label ?organizerName }}
        OPTIONAL {{ ?x cnd:addressesChallenge ?challenge .
                    ?challenge cnd:code ?code ; rdfs:label ?chLabel }} }}"""),
        "x",
    )
    officers = _first_per(
        select(f"""SELECT ?a ?roleName ?person ?personName ?country ?countryName ?position
        ?meeting ?meetingName ?quote ?doc ?para WHERE {{
        {{ ?a cnd:inMeeting <{iri}> }} UNION {{ ?a cnd:inMeeting ?meeting .
           ?meeting cnd:partOf+ <{iri}> }}
        ?a cnd:role/rdfs:label ?roleName .
        OPTIONAL {{ ?a cnd:inMeeting ?meeting . ?meeting rdfs:label ?meetingName }}
        OPTIONAL {{ ?a cnd:holder ?person . ?person rdfs:label ?personName }}
        OPTIONAL {{ ?a cnd:forCountry ?country . ?country rdfs:label ?countryName }}
        OPTIONAL {{ ?a cnd:position ?position }}
        OPTIONAL {{ ?a cnd:evidence ?ev . {EVIDENCE} }}
        }} ORDER BY ?roleName ?personName"""),
        "a",
    )
    parts = _first_per(
        select(f"""SELECT ?s ?name ?start ?end ?day ?code ?chLabel ?challenge
        (COUNT(DISTINCT ?st) AS ?statements) WHERE {{
        ?s cnd:partOf <{iri}> ; rdfs:label ?name .
        OPTIONAL {{ ?s cnd:startDate ?start }} OPTIONAL {{ ?s cnd:endDate ?end }}
        OPTIONAL {{ ?s cnd:partOfDay ?day }}
        OPTIONAL {{ ?s cnd:addressesChallenge ?challenge .
                    ?challenge cnd:code ?code ; rdfs:label ?chLabel }}
        OPTIONAL {{ {{ ?st cnd:inSession ?s }} UNION {{ ?st cnd:inSession/cnd:partOf+ ?s }} }}
        }} GROUP BY ?s ?name ?start ?end ?day ?code ?chLabel ?challenge
        ORDER BY ?start ?name"""),
        "s",
    )
    speakers = select(f"""SELECT ?speaker ?name (COUNT(DISTINCT ?st) AS ?n) WHERE {{
        {within} ?st cnd:speaker ?speaker . ?speaker rdfs:label ?name }}
        GROUP BY ?speaker ?name ORDER BY DESC(?n) ?name""")
    special = _first_per(
        select(f"""SELECT ?st ?speaker ?speakerName ?group ?groupName ?reply ?session
        ?sessionName ?date ?quote ?doc ?para ?start WHERE {{
        {within} ?st cnd:speaker ?speaker . ?speaker rdfs:label ?speakerName .
        {{ ?st cnd:onBehalfOf ?group . ?group rdfs:label ?groupName }}
        UNION {{ ?st cnd:rightOfReply true . BIND (true AS ?reply) }}
        OPTIONAL {{ ?st cnd:inSession ?session . ?session rdfs:label ?sessionName .
                    OPTIONAL {{ ?session cnd:startDate ?date }} }}
        OPTIONAL {{ ?st cnd:evidence ?ev . {EVIDENCE} }}
        }} ORDER BY ?date ?doc xsd:integer(?start)"""),
        "st",
    )
    members = _members(f"{within} ?st cnd:onBehalfOf ?anyGroup .")
    for s in special:
        s["members"] = members.get(s["st"], [])  # type: ignore[assignment]
    reported = select(f"""SELECT DISTINCT ?src ?title WHERE {{
        {{ <{iri}> cnd:evidence/oa:hasSource ?src }}
        UNION {{ ?src cnd:aboutMeeting <{iri}> }}
        ?src dcterms:title ?title }} ORDER BY ?title""")
    return {
        "about": about[0] if about else {},
        "officers": officers,
        "parts": parts,
        "speakers": speakers,
        "on_behalf": [s for s in special if s.get("groupName")],
        "replies": [s for s in special if s.get("reply") == "true"],
        "before": documents_before(iri),
        "reported": reported,
    }


def documents_before(iri: str) -> list[Row]:
    """Official documents (those with a UN symbol) cited in the meeting's or session's
    own part of a report: from its source passage to the next meeting's or session's."""
    anchors = select(
        f"""SELECT ?e ?doc ?start ?mine WHERE {{
        {{ <{iri}> cnd:evidence/oa:hasSource ?doc }}
        UNION {{ ?p cnd:partOf+ <{iri}> ; cnd:evidence/oa:hasSource ?doc }}
        VALUES ?k {{ cnd:Meeting cnd:MeetingPart }} ?e a ?k ; cnd:evidence ?ev .
        ?ev oa:hasSource ?doc ; oa:hasSelector/oa:start ?start .
        BIND (?e = <{iri}> || EXISTS {{ ?e cnd:partOf+ <{iri}> }} AS ?mine) }}""",
        max_rows=50_000,
    )
    ranges: list[tuple[str, int, int]] = []
    by_doc: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for a in anchors:
        by_doc[a["doc"]].append((int(a["start"]), a.get("mine") == "true"))
    for doc, found in by_doc.items():
        found = sorted(set(found))
        for i, (start, mine) in enumerate(found):
            if not mine:
                continue
            later = [s for s, m in found[i + 1 :] if not m and s > start]
            ranges.append((doc, start, min(later) if later else 1 << 62))
    if not ranges:
        return []
    values = " ".join(f"<{d}>" for d in sorted(by_doc))
    cited = select(f"""SELECT ?d ?symbol ?title ?quote ?doc ?para ?start WHERE {{
        VALUES ?doc {{ {values} }}
        ?c cnd:citingDocument ?doc ; cnd:citedDocument ?d ; cnd:evidence ?ev .
        ?d cnd:documentSymbol ?symbol . {EVIDENCE}
        OPTIONAL {{ ?d dcterms:title ?title }} }} ORDER BY xsd:integer(?start)""")
    inside = [
        r for r in cited if any(r["doc"] == d and a <= int(r["start"]) < b for d, a, b in ranges)
    ]
    return _first_per(inside, "d")


LEDGER_COLUMNS = [
    ("date", "date"), ("meeting", "meetingName"), ("session", "sessionName"),
    ("challenge", "code"), ("speaker", "speakerName"), ("on_behalf_of", "groupName"),
    ("group_members", "members"), ("right_of_reply", "right_of_reply"),
    ("sentence", "quote"), ("source", "source"), ("statement", "st"),
]  # fmt: skip


def ledger_records(iri: str) -> list[dict[str, str]]:
    """The ledger as flat records, one per statement, for CSV and JSON."""
    records = []
    for r in ledger(iri):
        record = {}
        for column, key in LEDGER_COLUMNS:
            if key == "members":
                record[column] = "; ".join(m["name"] for m in r.get("members", []))
            elif key == "source":
                path = local(r.get("doc", "")) if r.get("doc") else ""
                record[column] = f"{path}#p-{r.get('para', '')}" if path else ""
            elif key == "quote":
                record[column] = words.readable(r.get("quote", ""))
            else:
                record[column] = str(r.get(key) or "")
        records.append(record)
    return records


@bp.route("/ledger/<path:rest>.<any(csv, json):fmt>")
def ledger_download(rest: str, fmt: str) -> Response:
    """A delegation's statements as CSV or JSON: /ledger/state/CHE.csv."""
    if not SAFE_PATH.fullmatch(rest):
        abort(404)
    iri = published().current().base + rest
    if not select(f"SELECT ?p WHERE {{ <{iri}> ?p ?o }} LIMIT 1"):
        abort(404)
    records = ledger_records(iri)
    name = rest.replace("/", "-")
    if fmt == "json":
        body = json.dumps({"delegation": iri, "statements": records}, ensure_ascii=False, indent=1)
        response = Response(body, mimetype="application/json")
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, [c for c, _ in LEDGER_COLUMNS])
        writer.writeheader()
        writer.writerows(records)
        response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'inline; filename="{name}-statements.{fmt}"'
    return response


@bp.app_template_filter("readable")
def _readable(quote: str) -> str:
    return words.readable(quote)


@bp.app_template_filter("paragraph_link")
def paragraph_link(row: dict[str, str]) -> str:
    """The paragraph a fact was read from, on its document's page."""
    return f"{local(row['doc'])}#p-{row['para']}"


bp.add_app_template_filter(words.date_words, "date_words")
bp.add_app_template_filter(words.shorten, "shorten")
bp.add_app_template_filter(words.shorten_heading, "shorten_heading")
bp.add_app_template_filter(words.expandable, "expandable")
bp.add_app_template_filter(words.compact, "compact")
bp.add_app_template_filter(words.kind_words, "kind_words")


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"date_range_words": words.date_range_words, "short_title": words.short_title}
