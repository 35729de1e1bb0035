"""Entities -> RDF: one named graph per source document, one for shared entities.

Each document's graph holds the document, its paragraphs, the evidence spans and the
facts it states (statements, roles, participation, session-challenge designations,
mentions, citations). The entities graph holds the canonical descriptions (meetings,
sessions, actors, persons, initiatives, cited documents, challenges) that the linker
merged across documents; each points at the evidence that introduced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from cndkg.gazetteers import Gazetteer
from cndkg.iris import (
    CND,
    DEFAULT_BASE,
    OA,
    SCHEMA,
    WD,
    Names,
    selector,
    slug,
)
from cndkg.link import Linked, person_key
from cndkg.model import (
    ActorRef,
    Document,
    Evidence,
    Mentions,
    Paragraph,
    RoleMention,
    StatementMention,
)

DOC_KIND = {
    "chairs-summary": CND.ChairsSummary,
    "session-report": CND.SessionReport,
    "official-records-report": CND.SessionReport,
    "delegation-report": CND.DelegationReport,
    "round-table-summary": CND.RoundTableSummary,
    "slide-transcript": CND.SlidePresentation,
}
CITED_KIND = {
    "Resolution": CND.Resolution,
    "Declaration": CND.Declaration,
    "Convention": CND.Convention,
    "Report": CND.Report,
    "WorldDrugReport": CND.WorldDrugReport,
    "ConferenceRoomPaper": CND.ConferenceRoomPaper,
    "Strategy": CND.Document,
    "Document": CND.Document,
}


def lit(value: str) -> Literal:
    return Literal(value, lang="en")


PREFIXES = {"cnd": CND, "schema": SCHEMA, "skos": SKOS, "dcterms": DCTERMS, "oa": OA, "wd": WD}
CONTEXT_CHARS = 32  # of the paragraph's text around a quote, as its oa:prefix and oa:suffix


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.bind("id", Namespace(base))
    return graph


def names_of(parsed: dict[str, Document], base: str = DEFAULT_BASE) -> Names:
    """The IRI scheme of a build: each document under its identity, not its file."""
    return Names(base, {key: doc.identity for key, doc in parsed.items()})


def build_graphs(
    linked: Linked,
    parsed: dict[str, Document],
    gaz: Gazetteer,
    base: str = DEFAULT_BASE,
    consume: bool = False,
    names: Names | None = None,
) -> Iterator[Graph]:
    """Yield the dataset one named graph at a time: each document's graph, then the
    entities graph last (documents decide which actors it describes). A caller that
    streams the graphs holds one document's triples, not the whole archive's; with
    `consume`, each parsed document is dropped from `parsed` once its graph is made.
    Given `names` (names_of the same documents), it collects the IRIs that moved."""
    names = names or names_of(parsed, base)
    entities = Graph(identifier=names.graph("entities"))
    writer = _Writer(names, entities, gaz, linked)
    names.number_statements(
        (st.key, st.session_key, linked.actor(st.speaker).path, st.evidence)
        for m in linked.documents
        for st in m.statements
    )
    # linking may give a document's mention the evidence another document has for the
    # same thing: that evidence is described from its own document's text, read now,
    # before the documents are consumed
    for m in linked.documents:
        for ev in evidence_of(m):
            if ev.doc_id != m.doc_id and ev.doc_id in parsed:
                own = parsed[ev.doc_id]
                para = next((p for p in own.paragraphs if p.label == ev.paragraph), None)
                writer.foreign[ev] = located(own, ev, para)
    writer.challenges()
    writer.meetings()
    for mentions in linked.documents:
        g = Graph(identifier=names.source_graph(mentions.doc_id))
        doc = parsed.pop(mentions.doc_id) if consume else parsed[mentions.doc_id]
        writer.document(g, doc, mentions)
        yield g
    writer.actors()
    yield entities


def build(
    linked: Linked,
    parsed: dict[str, Document],
    gaz: Gazetteer,
    base: str = DEFAULT_BASE,
) -> Dataset:
    """The whole dataset in memory: entities graph plus one graph per document."""
    ds = bind_prefixes(Dataset(), base)
    assert isinstance(ds, Dataset)
    for g in build_graphs(linked, parsed, gaz, base):
        target = ds.graph(g.identifier)
        target.addN((s, p, o, target) for s, p, o in g)
    return ds


def evidence_of(m: Mentions) -> Iterable[Evidence]:
    """Every evidence span of a document's facts, once per span."""
    seen: set[tuple[int, int]] = set()
    items: list[Evidence] = []
    items += [x.evidence for x in m.meetings] + [x.evidence for x in m.sessions]
    items += [c.evidence for s in m.sessions for c in s.challenges]
    items += [x.evidence for x in m.statements]
    items += [x.members_evidence for x in m.statements if x.members_evidence]
    items += [x.evidence for x in m.roles] + [x.evidence for x in m.participations]
    items += [x.evidence for x in m.initiatives] + [x.evidence for x in m.citations]
    items += [x.evidence for x in m.framed_challenges]
    items += [r for x in m.framed_challenges for r in x.responses]
    items += [x.evidence for x in m.challenge_mentions]
    for ev in items:
        if (ev.start, ev.end) not in seen:
            seen.add((ev.start, ev.end))
            yield ev


@dataclass(frozen=True)
class Located:
    """What an evidence span needs from its own document's text: the oa:prefix and
    oa:suffix around the quote and the page it begins on."""

    prefix: str
    suffix: str
    page: int | None


def located(doc: Document, ev: Evidence, para: Paragraph | None) -> Located:
    prefix, suffix = quote_context(doc.source.text, ev, para)
    return Located(prefix, suffix, doc.source.page_at(ev.start))


def quote_context(text: str, ev: Evidence, para: Paragraph | None) -> tuple[str, str]:
    """The oa:prefix and oa:suffix of a quote: up to CONTEXT_CHARS characters of the
    source text just before and after it, never beyond its paragraph (Web Annotation
    counts them in the source, so a client finds the quote again from them)."""
    lo, hi = 0, len(text)
    if para is not None and para.segments:
        lo, hi = para.segments[0].start, para.segments[-1].end
    before = text[max(lo, ev.start - CONTEXT_CHARS) : max(lo, ev.start)]
    after = text[min(hi, ev.end) : min(hi, ev.end + CONTEXT_CHARS)]
    return before, after


class _Writer:
    def __init__(self, names: Names, entities: Graph, gaz: Gazetteer, linked: Linked) -> None:
        self.n = names
        self.e = entities
        self.gaz = gaz
        self.linked = linked
        self.used_actors: set[str] = set()
        self.persons: dict[str, URIRef] = {}
        self.person_keys: dict[str, str] = {}  # one IRI per person, however spelt
        self.foreign: dict[Evidence, Located] = {}  # evidence of another document
        self.roles_made: set[URIRef] = set()

    # -- shared entities -------------------------------------------------------------
    def challenges(self) -> None:
        e, n = self.e, self.n
        scheme = n.challenge_scheme()  # the ontology's: one scheme holds C01-C11
        for code, entry in sorted(self.gaz.entries["challenge"].items()):
            c = n.challenge(code)
            e.add((c, RDF.type, CND.MinisterialDeclarationChallenge))
            e.add((c, SKOS.inScheme, scheme))
            e.add((c, SKOS.topConceptOf, scheme))
            e.add((c, CND.code, Literal(code)))
            e.add((c, SKOS.prefLabel, lit(entry.label)))
            e.add((c, RDFS.label, lit(entry.label)))
            for alt in entry.alt_labels:
                e.add((c, SKOS.altLabel, lit(alt)))
        for code, fc in sorted(self.linked.framed.items()):
            c = n.challenge(code)
            e.add((c, RDF.type, CND.Challenge))
            e.add((c, CND.code, Literal(code)))
            e.add((c, SKOS.prefLabel, lit(fc.label)))
            e.add((c, RDFS.label, lit(fc.label)))
            e.add((c, CND.framedBy, n.source(fc.evidence.doc_id)))
            self.evidence_link(e, c, fc.evidence)

    def meetings(self) -> None:
        e, n = self.e, self.n
        for key, m in sorted(self.linked.meetings.items()):
            node = n.meeting(key)
            e.add((node, RDF.type, CND[m.kind]))
            e.add((node, RDFS.label, lit(m.name)))
            e.add((node, SCHEMA.name, lit(m.name)))
            if m.start:
                e.add((node, CND.startDate, Literal(m.start, datatype=XSD.date)))
            if m.end:
                e.add((node, CND.endDate, Literal(m.end, datatype=XSD.date)))
            if m.place:
                place = n.place(m.place)
                e.add((node, CND.location, place))
                e.add((place, RDF.type, CND.Place))
                e.add((place, RDFS.label, lit(m.place)))
            if m.parent_key and m.parent_key in self.linked.meetings:
                e.add((node, CND.partOf, n.meeting(m.parent_key)))
            if m.number:
                e.add((node, CND.sessionNumber, Literal(m.number, datatype=XSD.integer)))
            if m.ordinal:
                e.add((node, CND.ordinal, Literal(m.ordinal, datatype=XSD.integer)))
            if m.commission:
                org = self.gaz.get("org", m.commission.upper())
                if org:
                    e.add((node, CND.convenedBy, self.org_node(org.code)))
            for ev in self.linked.meeting_evidence.get(key, [])[:3]:
                self.evidence_link(e, node, ev)
        for key, s in sorted(self.linked.sessions.items()):
            node = self.session_node(key)
            if s.kind == "RoundTable":
                e.add((node, RDF.type, CND.MeetingPart))
            else:
                e.add((node, RDF.type, CND[s.kind]))
                e.add((node, RDFS.label, lit(s.name)))
                e.add((node, SCHEMA.name, lit(s.name)))
                if s.date:
                    e.add((node, CND.startDate, Literal(s.date, datatype=XSD.date)))
                    e.add((node, CND.endDate, Literal(s.date, datatype=XSD.date)))
                if s.meeting_key:
                    e.add((node, CND.partOf, n.meeting(s.meeting_key)))
                self.evidence_link(e, node, s.evidence)
            if s.part_of_day:
                e.add((node, CND.partOfDay, Literal(s.part_of_day)))

    def session_node(self, key: str) -> URIRef:
        if key in self.linked.meetings:
            return self.n.meeting(key)
        return self.n.session(key)

    def event_node(self, key: str) -> URIRef:
        return self.session_node(key) if key in self.linked.sessions else self.n.meeting(key)

    def org_node(self, code: str) -> URIRef:
        path = f"org/{slug(code)}"
        self.used_actors.add(path)
        self.linked.actors.setdefault(path, self.linked.actor(ActorRef("org", code, code)))
        return self.n(path)

    def actor_node(self, ref: ActorRef) -> URIRef:
        a = self.linked.actor(ref)
        self.used_actors.add(a.path)
        return self.n(a.path)

    def actors(self) -> None:
        e, n = self.e, self.n
        for path in sorted(self.used_actors):
            a = self.linked.actors[path]
            node = n(path)
            e.add((node, RDF.type, CND[a.kind]))
            e.add((node, RDFS.label, lit(a.name)))
            e.add((node, SCHEMA.name, lit(a.name)))
            e.add((node, SKOS.prefLabel, lit(a.name)))
            for alt in a.alt_labels:
                e.add((node, SKOS.altLabel, lit(alt)))
            if a.code:
                e.add((node, CND.code, Literal(a.code)))
            if a.kind == "State":
                e.add((node, CND.iso3166Alpha3, Literal(a.code)))
            if a.wikidata:
                e.add((node, SCHEMA.sameAs, URIRef(a.wikidata)))
            if a.country:
                e.add((node, CND.civilSocietyOf, n(f"state/{a.country}")))
                if f"state/{a.country}" not in self.used_actors:
                    self._state_stub(a.country)

    def _state_stub(self, iso: str) -> None:
        ref = ActorRef("state", iso, iso)
        a = self.linked.actor(ref)
        node = self.n(a.path)
        self.e.add((node, RDF.type, CND.State))
        self.e.add((node, RDFS.label, lit(a.name)))
        self.e.add((node, SCHEMA.name, lit(a.name)))
        self.e.add((node, SKOS.prefLabel, lit(a.name)))
        self.e.add((node, CND.code, Literal(a.code)))
        self.e.add((node, CND.iso3166Alpha3, Literal(a.code)))
        if a.wikidata:
            self.e.add((node, SCHEMA.sameAs, URIRef(a.wikidata)))

    def evidence_link(self, g: Graph, fact: URIRef, ev: Evidence) -> None:
        g.add((fact, CND.evidence, self.n.evidence(ev)))

    # -- per document ----------------------------------------------------------------
    def document(self, g: Graph, doc: Document, m: Mentions) -> None:
        n = self.n
        meta = doc.source.meta
        src = n.source(doc.doc_id)
        g.add((src, RDF.type, CND.SourceDocument))
        g.add((src, RDF.type, DOC_KIND.get(meta.genre, CND.Document)))
        g.add((src, RDFS.label, lit(meta.title or doc.doc_id)))
        g.add((src, DCTERMS.title, lit(meta.title or doc.doc_id)))
        g.add((src, CND.genre, Literal(meta.genre or "other")))
        g.add((src, CND.originalFileName, Literal(meta.original_file_name)))
        g.add((src, CND.mediaType, Literal(doc.source.media_type)))
        g.add((src, DCTERMS.language, Literal(meta.language)))
        if meta.date:
            g.add((src, DCTERMS.issued, Literal(meta.date, datatype=XSD.date)))
        if meta.symbol:
            g.add((src, CND.documentSymbol, Literal(meta.symbol)))
            g.add((src, DCTERMS.identifier, Literal(meta.symbol)))
        if meta.issuer:
            issuer = self.gaz.lookup("org", meta.issuer)
            if issuer:
                g.add((src, CND.issuedBy, self.org_node(issuer.code)))
        if m.about_meeting and m.about_meeting in self.linked.meetings:
            g.add((src, CND.aboutMeeting, n.meeting(m.about_meeting)))
        for para in doc.paragraphs:
            p = n.paragraph(doc.doc_id, para.label)
            g.add((p, RDF.type, CND.Footnote if para.kind == "footnote" else CND.Paragraph))
            g.add((p, CND.paragraphLabel, Literal(para.label)))
            g.add((p, RDFS.label, Literal(f"{doc.doc_id} {para.label}")))
            g.add((p, CND.paragraphText, Literal(para.text)))
            g.add((p, CND.paragraphOf, src))
            g.add((src, CND.hasParagraph, p))
            if para.number is not None:
                g.add((p, CND.paragraphNumber, Literal(para.number, datatype=XSD.integer)))
            if para.section:
                g.add((p, CND.sectionLabel, Literal(para.section[:300])))
            if para.page is not None:
                g.add((p, CND.pageNumber, Literal(para.page, datatype=XSD.integer)))
            g.add((p, CND.charStart, Literal(para.segments[0].start, datatype=XSD.integer)))
            g.add((p, CND.charEnd, Literal(para.segments[-1].end, datatype=XSD.integer)))
        self.designations(g, m)
        for st in m.statements:
            self.statement(g, st)
        for r in m.roles:
            self.role(g, doc.doc_id, r)
        for pm in m.participations:
            self.participation(g, pm.meeting_key, pm.actor, pm.kind, pm.evidence)
        self.initiatives(g, m)
        self.citations(g, m)
        self.framed(g, m)
        self.challenge_mentions(g, m)
        paragraphs = {p.label: p for p in doc.paragraphs}
        for ev in evidence_of(m):
            at = self.foreign.get(ev) or located(doc, ev, paragraphs.get(ev.paragraph))
            self.write_evidence(g, ev, at)

    def write_evidence(self, g: Graph, ev: Evidence, at: Located) -> None:
        """An evidence span in Web Annotation terms: a specific resource of its source
        document with a text quote selector (the quote, and the paragraph's text just
        before and after it) and a text position selector (its offsets in the source
        text), plus our paragraph and the PDF page it begins on."""
        node = self.n.evidence(ev)
        g.add((node, RDF.type, CND.Evidence))
        g.add((node, RDF.type, OA.SpecificResource))
        g.add((node, OA.hasSource, self.n.source(ev.doc_id)))
        g.add((node, CND.evidenceParagraph, self.n.paragraph(ev.doc_id, ev.paragraph)))
        if at.page is not None:
            g.add((node, CND.pageNumber, Literal(at.page, datatype=XSD.integer)))
        quote, position = selector(node, "quote"), selector(node, "position")
        g.add((node, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(ev.quote)))
        if at.prefix:
            g.add((quote, OA.prefix, Literal(at.prefix)))
        if at.suffix:
            g.add((quote, OA.suffix, Literal(at.suffix)))
        g.add((node, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(ev.start, datatype=XSD.integer)))
        g.add((position, OA.end, Literal(ev.end, datatype=XSD.integer)))

    def designations(self, g: Graph, m: Mentions) -> None:
        for s in m.sessions:
            node = self.session_node(s.key)
            for c in s.challenges:
                challenge = self.n.challenge(c.code)
                d = self.n.designation(s.key, c.code)
                g.add((d, RDF.type, CND.ChallengeDesignation))
                g.add((d, CND.designatedSession, node))
                g.add((d, CND.designatedChallenge, challenge))
                g.add((node, CND.addressesChallenge, challenge))
                self.evidence_link(g, d, c.evidence)

    def statement(self, g: Graph, st: StatementMention) -> None:
        node = self.n.statement(st.key)
        g.add((node, RDF.type, CND.Statement))
        speaker = self.actor_node(st.speaker)
        g.add((node, CND.speaker, speaker))
        g.add((node, CND.inSession, self.event_node(st.session_key)))
        g.add((node, CND.rightOfReply, Literal(st.right_of_reply)))
        label = f"Statement by {self.linked.actor(st.speaker).name}"
        if st.right_of_reply:
            label += " (right of reply)"
        g.add((node, RDFS.label, lit(label)))
        if st.capacity:
            g.add((node, CND.speakerCapacity, Literal(st.capacity)))
        if st.title:
            g.add((node, CND.speakerTitle, Literal(st.title)))
        self.evidence_link(g, node, st.evidence)
        if st.on_behalf_of is not None:
            group_ref = st.on_behalf_of
            if group_ref.kind == "group" and not group_ref.code:
                group = self.n.unnamed_group(st.key)
                g.add((group, RDF.type, CND.GroupOfStates))
                g.add((group, RDFS.label, lit(group_ref.name)))
                g.add((group, SCHEMA.name, lit(group_ref.name)))
            else:
                group = self.actor_node(group_ref)
            g.add((node, CND.onBehalfOf, group))
            if st.members:
                # the members of this statement's group, as its footnote lists them
                grouping = self.n.statement_members(st.key)
                g.add((node, CND.onBehalfOfMembers, grouping))
                g.add((grouping, RDF.type, CND.GroupOfStates))
                g.add((grouping, RDFS.label, lit(f"Members of {group_ref.name}")))
                for member in st.members:
                    g.add((grouping, CND.hasMember, self.actor_node(member)))
                if st.members_evidence:
                    self.evidence_link(g, grouping, st.members_evidence)

    def role(self, g: Graph, doc_id: str, r: RoleMention) -> None:
        who = r.person or r.position or r.country or r.organization
        node = self.n.role(doc_id, r.evidence.paragraph, r.role, who)
        n = 1
        while node in self.roles_made:  # the same words twice in one paragraph: two roles
            n += 1
            node = self.n.role(doc_id, r.evidence.paragraph, r.role, who, n)
        self.roles_made.add(node)
        g.add((node, RDF.type, CND.RoleAssignment))
        g.add((node, CND.role, CND[r.role]))
        if r.meeting_key:
            g.add((node, CND.inMeeting, self.event_node(r.meeting_key)))
        who = r.person or r.position
        g.add((node, RDFS.label, lit(f"{r.role}: {who}".strip())))
        if r.person:
            person = self.n.person(person_key(r.person, self.person_keys))
            g.add((node, CND.holder, person))
            if person not in self.persons.values():
                # the first spelling names the person ("KROIS" and "Krois" are one)
                self.persons[r.person] = person
                self.e.add((person, RDF.type, CND.Person))
                self.e.add((person, RDFS.label, lit(r.person)))
                self.e.add((person, SCHEMA.name, lit(r.person)))
            if r.country:
                self.e.add(
                    (
                        person,
                        CND.representsCountry,
                        self.actor_node(ActorRef("state", r.country, r.country)),
                    )
                )
        if r.title:
            g.add((node, CND.personTitle, Literal(r.title)))
        if r.position:
            g.add((node, CND.position, Literal(r.position)))
        if r.country:
            g.add((node, CND.forCountry, self.actor_node(ActorRef("state", r.country, r.country))))
        if r.organization:
            org = self.org_node(r.organization)
            target = org
            if r.unit:
                unit = self.n.unit(r.organization, r.unit)
                self.e.add((unit, RDF.type, CND.OrganizationalUnit))
                self.e.add((unit, RDFS.label, lit(f"{r.organization} {r.unit}")))
                self.e.add((unit, CND.unitOf, org))
                target = unit
            g.add((node, CND.forOrganization, target))
        self.evidence_link(g, node, r.evidence)

    def participation(
        self, g: Graph, meeting: str, actor: ActorRef, kind: str, ev: Evidence
    ) -> None:
        if not meeting:
            return
        a = self.linked.actor(actor)
        node = self.n.participation(meeting, a.path, kind)
        g.add((node, RDF.type, CND.Participation))
        g.add((node, CND.participant, self.actor_node(actor)))
        g.add((node, CND.inMeeting, self.event_node(meeting)))
        g.add((node, CND.participationKind, Literal(kind)))
        g.add((node, RDFS.label, lit(f"{a.name}: {kind}")))
        self.evidence_link(g, node, ev)

    def initiatives(self, g: Graph, m: Mentions) -> None:
        for im in m.initiatives:
            node = self.n.initiative(im.key)
            self.e.add((node, RDF.type, CND[im.kind] if im.kind else CND.Initiative))
            self.e.add((node, RDFS.label, lit(im.name)))
            self.e.add((node, SCHEMA.name, lit(im.name)))
            entry = self.gaz.get("initiative", im.key)
            if entry:
                for alt in entry.alt_labels:
                    self.e.add((node, SKOS.altLabel, lit(alt)))
                if entry.led_by:
                    self.e.add(
                        (
                            node,
                            CND.ledBy,
                            self.actor_node(ActorRef("state", entry.led_by, entry.led_by)),
                        )
                    )
            if im.owner:
                # a State runs its own programmes: the State's entity, never an "org/usa"
                state = self.gaz.get("state", im.owner)
                owner = (
                    self.actor_node(ActorRef("state", state.code, state.label))
                    if state
                    else self.org_node(im.owner)
                )
                self.e.add((node, CND.runBy, owner))
            mention = self.n.mention(im.evidence.doc_id, im.evidence.paragraph, slug(im.key))
            g.add((mention, RDF.type, CND.InitiativeMention))
            g.add((mention, CND.mentions, node))
            g.add((mention, RDFS.label, lit(f"Mention of {im.name}")))
            if im.session_key:
                g.add((mention, CND.mentionedIn, self.event_node(im.session_key)))
            for code in im.challenge_codes:
                g.add((mention, CND.inContextOfChallenge, self.n.challenge(code)))
            self.evidence_link(g, mention, im.evidence)

    def citations(self, g: Graph, m: Mentions) -> None:
        src = self.n.source(m.doc_id)
        for c in m.citations:
            cited = self.n.cited_document(c.identifier, c.symbol)
            self.e.add((cited, RDF.type, CITED_KIND.get(c.kind, CND.Document)))
            self.e.add((cited, DCTERMS.identifier, Literal(c.identifier)))
            self.e.add((cited, RDFS.label, lit(c.title or c.identifier)))
            if c.symbol:
                self.e.add((cited, CND.documentSymbol, Literal(c.symbol)))
            if c.number:
                self.e.add((cited, CND.resolutionNumber, Literal(c.number)))
            if c.title:
                self.e.add((cited, DCTERMS.title, lit(c.title)))
            node = self.n.citation(m.doc_id, c.evidence.paragraph, c.identifier)
            g.add((node, RDF.type, CND.Citation))
            g.add((node, CND.citingDocument, src))
            g.add((node, CND.citedDocument, cited))
            g.add((node, RDFS.label, lit(f"Citation of {c.identifier}")))
            g.add((src, CND.cites, cited))
            self.evidence_link(g, node, c.evidence)

    def framed(self, g: Graph, m: Mentions) -> None:
        for fc in m.framed_challenges:
            challenge = self.n.challenge(fc.code)
            if fc.same_as:
                mention = self.n.mention(m.doc_id, fc.evidence.paragraph, fc.code)
                g.add((mention, RDF.type, CND.ChallengeMention))
                g.add((mention, CND.mentions, challenge))
                g.add((mention, CND.inContextOfChallenge, challenge))
                g.add((mention, RDFS.label, lit(f"Mention of challenge {fc.code}")))
                if m.about_meeting:
                    g.add((mention, CND.mentionedIn, self.event_node(m.about_meeting)))
                self.evidence_link(g, mention, fc.evidence)
            for i, rev in enumerate(fc.responses):
                r = self.n.response(m.doc_id, rev.paragraph, i + 1)
                g.add((r, RDF.type, CND.Response))
                g.add((r, RDFS.label, lit(f"Response to {fc.code}")))
                g.add((r, CND.respondsTo, challenge))
                g.add((r, CND.proposedIn, self.n.source(m.doc_id)))
                g.add((r, CND.responseText, Literal(rev.quote)))
                self.evidence_link(g, r, rev)

    def challenge_mentions(self, g: Graph, m: Mentions) -> None:
        for cm in m.challenge_mentions:
            node = self.n.mention(m.doc_id, cm.evidence.paragraph, cm.code)
            challenge = self.n.challenge(cm.code)
            g.add((node, RDF.type, CND.ChallengeMention))
            g.add((node, CND.mentions, challenge))
            g.add((node, CND.inContextOfChallenge, challenge))
            g.add((node, RDFS.label, lit(f"Mention of challenge {cm.code}")))
            if cm.context_key:
                g.add((node, CND.mentionedIn, self.event_node(cm.context_key)))
            self.evidence_link(g, node, cm.evidence)
