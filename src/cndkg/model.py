"""The typed records that pass between pipeline stages.

Sources -> Document (parse) -> Mentions (extract) -> entities and RDF (link, build).
Every extracted fact carries an Evidence pointing at a verbatim span of the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


class CndkgError(Exception):
    """An error that names its source and, where known, where in it."""

    def __init__(self, message: str, source: str = "", locator: str = "") -> None:
        self.message = message
        self.source = source
        self.locator = locator
        where = ":".join(p for p in (source, locator) if p)
        super().__init__(f"{where}: {message}" if where else message)


class SourceError(CndkgError):
    """A source document that cannot be read as a document of this genre."""


class ExtractionError(CndkgError):
    """Extraction met something it cannot represent."""


@dataclass(frozen=True)
class SourceMetadata:
    """What the sidecar (or the text itself) says about a document."""

    doc_id: str
    title: str = ""
    issuer: str = ""
    date: date | None = None
    symbol: str = ""
    genre: str = ""
    language: str = "en"
    original_file_name: str = ""
    from_sidecar: bool = False
    # what the document is, for its IRIs (cndkg.iris.document_key): never its file name
    identity: str = ""


@dataclass(frozen=True)
class SourceDocument:
    """A published file (the source of record) and the text derived from it (the
    evidence base: every quote is a span of `text`)."""

    path: Path
    text: str
    meta: SourceMetadata
    media_type: str = "text/plain"
    # (offset in text, page number) where each page of a PDF begins
    page_starts: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page of the published file a character of `text` comes from."""
        page = None
        for start, number in self.page_starts:
            if start > offset:
                break
            page = number
        return page


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) in the original source text."""

    start: int
    end: int


@dataclass
class Paragraph:
    """A paragraph as printed: a label ("V.15", "fn8", "¶3") and its text segments.

    A paragraph split by a page break or by footnotes is one paragraph with several
    segments; `text` joins them with a single space.
    """

    label: str
    number: int | None
    part: str
    section: str
    segments: list[Span]
    text: str
    kind: str = "paragraph"  # paragraph | heading | bullet | footnote
    footnote_refs: list[str] = field(default_factory=list)
    # (mark, position in text) of each footnote marker
    footnote_positions: list[tuple[str, int]] = field(default_factory=list)
    # offsets: text index -> original index, one entry per character of `text`
    offsets: list[int] = field(default_factory=list, repr=False)
    page: int | None = None  # the page of the published file it starts on (PDFs)

    def span_of(self, start: int, end: int) -> Span:
        """Map a [start, end) range of `text` to the original source."""
        if not self.offsets or end <= start:
            return Span(self.segments[0].start, self.segments[0].start)
        return Span(self.offsets[start], self.offsets[end - 1] + 1)


@dataclass
class Section:
    """A heading and the paragraphs under it, as the document's outline gives them."""

    label: str
    title: str
    level: int
    part: str


@dataclass
class Document:
    source: SourceDocument
    paragraphs: list[Paragraph]
    footnotes: dict[str, Paragraph]
    sections: list[Section]

    @property
    def doc_id(self) -> str:
        return self.source.meta.doc_id

    @property
    def identity(self) -> str:
        """What the document is (its symbol, or its content's hash): its IRIs' part."""
        return self.source.meta.identity or self.source.meta.doc_id

    def quote(self, span: Span) -> str:
        return self.source.text[span.start : span.end]


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    paragraph: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class ActorRef:
    """An actor as the text names it, resolved to a gazetteer code where possible.

    kind: state | org | cso | group | person
    """

    kind: str
    code: str
    name: str


@dataclass
class MeetingMention:
    key: str
    kind: str
    name: str
    evidence: Evidence
    start: date | None = None
    end: date | None = None
    place: str = ""
    parent_key: str = ""
    number: int | None = None
    ordinal: int | None = None
    commission: str = ""
    month: str = ""  # "2019-03" when the text gives only a month


@dataclass
class ChallengeRef:
    """A challenge as a session heading or a paragraph words it."""

    code: str
    label: str
    evidence: Evidence


@dataclass
class SessionMention:
    key: str
    meeting_key: str
    kind: str
    name: str
    evidence: Evidence
    date: date | None = None
    part_of_day: str = ""
    challenges: list[ChallengeRef] = field(default_factory=list)
    first_paragraph: str = ""


@dataclass
class Outline:
    """The outline of a document: the meetings and sessions it is about, and where each
    paragraph belongs. The outline stage makes it (cndkg.outline); extraction reads it."""

    meetings: dict[str, MeetingMention] = field(default_factory=dict)
    sessions: list[SessionMention] = field(default_factory=list)
    # paragraph index -> (meeting key, session key)
    context: dict[int, tuple[str, str]] = field(default_factory=dict)
    main_meeting: str = ""
    commission: str = "cnd"
    # the thematic discussions one Chair's summary covers, by the first one's key
    rounds: dict[str, list[str]] = field(default_factory=dict)
    # a session report's plenary meetings, by number ("10", "closing"), where it dates them
    meeting_dates: dict[str, date] = field(default_factory=dict)
    body_code: str = ""  # the commission whose session it is, as the gazetteer codes it
    body_name: str = ""

    def siblings(self, key: str) -> list[str]:
        return self.rounds.get(key, [key])

    def add(self, m: MeetingMention) -> MeetingMention:
        """Keep one mention per key, filling what a later mention adds."""
        old = self.meetings.get(m.key)
        if old is None:
            self.meetings[m.key] = m
            return m
        for attr in ("start", "end", "place", "parent_key", "number", "ordinal", "month"):
            if not getattr(old, attr) and getattr(m, attr):
                setattr(old, attr, getattr(m, attr))
        return old


@dataclass
class StatementMention:
    key: str
    session_key: str
    speaker: ActorRef
    evidence: Evidence
    on_behalf_of: ActorRef | None = None
    members: list[ActorRef] = field(default_factory=list)
    members_evidence: Evidence | None = None
    right_of_reply: bool = False
    capacity: str = ""
    title: str = ""


@dataclass
class RoleMention:
    role: str
    meeting_key: str
    evidence: Evidence
    person: str = ""
    title: str = ""
    position: str = ""
    country: str = ""
    organization: str = ""
    unit: str = ""


@dataclass
class ParticipationMention:
    meeting_key: str
    actor: ActorRef
    kind: str
    evidence: Evidence


@dataclass
class InitiativeMention:
    name: str
    key: str
    evidence: Evidence
    kind: str = "Initiative"
    owner: str = ""
    session_key: str = ""
    challenge_codes: list[str] = field(default_factory=list)


@dataclass
class CitationMention:
    identifier: str
    kind: str
    evidence: Evidence
    title: str = ""
    symbol: str = ""
    number: str = ""


@dataclass
class FramedChallenge:
    """A challenge framed by a document outside the 2019 Ministerial Declaration."""

    code: str
    label: str
    evidence: Evidence
    same_as: str = ""
    responses: list[Evidence] = field(default_factory=list)


@dataclass
class ChallengeMentionRecord:
    code: str
    evidence: Evidence
    context_key: str = ""


@dataclass
class Mentions:
    doc_id: str
    meetings: list[MeetingMention] = field(default_factory=list)
    sessions: list[SessionMention] = field(default_factory=list)
    statements: list[StatementMention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)
    participations: list[ParticipationMention] = field(default_factory=list)
    initiatives: list[InitiativeMention] = field(default_factory=list)
    citations: list[CitationMention] = field(default_factory=list)
    framed_challenges: list[FramedChallenge] = field(default_factory=list)
    challenge_mentions: list[ChallengeMentionRecord] = field(default_factory=list)
    actors: list[tuple[ActorRef, Evidence]] = field(default_factory=list)
    about_meeting: str = ""
    # triggers that matched but resolved to nothing publishable, with the paragraph
    diagnostics: list[str] = field(default_factory=list)
