"""The per-document build report: what each source gave, and whether it was published.

One document never sinks a build: a file that cannot be read, or whose facts break a
shape (a sh:Violation), is held back with its reason, and every other document is
published; a sh:Warning is listed with its document, which is published. This is
the record of that, printed by `cndkg build`, written to the release's manifest and
shown by the web app.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from cndkg.model import Mentions

PUBLISHED = "published"
HELD_BACK = "held back"  # its facts break a shape: none of them is published
UNREADABLE = "unreadable"  # the pipeline could not read it: 0 facts


@dataclass
class DocumentReport:
    doc_id: str
    file: str
    status: str = PUBLISHED
    media_type: str = ""
    genre: str = ""
    pages: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # sh:Warning results: published anyway
    diagnostics: list[str] = field(default_factory=list)  # matched, resolved to nothing
    identity: str = ""  # what the document is (its IRI: source/<identity>); cndkg.iris

    @property
    def total(self) -> int:
        return sum(self.facts.values())

    def line(self) -> str:
        counts = ", ".join(f"{n} {kind}" for kind, n in self.facts.items() if n) or "0 facts"
        head = f"{self.status:10s} {self.file}"
        if self.media_type:
            head += f" [{self.media_type}{', ' + self.genre if self.genre else ''}]"
        text = f"{head}: {counts}"
        for reason in self.reasons[:5]:
            text += f"\n             - {reason}"
        if len(self.reasons) > 5:
            text += f"\n             - ... and {len(self.reasons) - 5} more"
        for warning in self.warnings[:5]:
            text += f"\n             - warning: {warning}"
        if len(self.warnings) > 5:
            text += f"\n             - ... and {len(self.warnings) - 5} more warnings"
        return text

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["total"] = self.total
        return data


def fact_counts(m: Mentions) -> dict[str, int]:
    """Facts extracted from a document, by kind."""
    return {
        "meetings": len(m.meetings),
        "sessions": len(m.sessions),
        "statements": len(m.statements),
        "roles": len(m.roles),
        "participations": len(m.participations),
        "initiatives": len(m.initiatives),
        "citations": len(m.citations),
    }
