"""Comparisons: programme-wide counts and what changed since the last report, a project between two
periods, and two versions of one report. Pure reads; the templates show the results side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from operations.sanitize import sanitize
from programmes.models import ProjectStatus
from sources.models import DocumentKind, SourceDocument

from .prefill import CONTENT_FIELDS

STATUS_ORDER = ("completed", "continued", "in_progress", "not_pursued", "under_review")
STATUS_LABELS = dict(ProjectStatus.choices)


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(STATUS_ORDER, 0)


def _baseline(period) -> dict[str, int] | None:
    """Programme-wide counts before this period: the previous period's, else the newest imported report's."""
    if period.previous is not None and period.previous.status_counts:
        return {k: int(period.previous.status_counts.get(k) or 0) for k in STATUS_ORDER}
    document = (
        SourceDocument.objects.of_kind(DocumentKind.PROGRESS_REPORT)
        .filter(as_of__lt=period.cut_off)
        .order_by("-as_of")
        .first()
    )
    if document is not None and document.summary.get("total"):
        return {k: int(document.summary.get(k) or 0) for k in STATUS_ORDER}
    return None


def programme_counts(period) -> dict[str, int]:
    """Status counts of all projects of the programme as of this period.

    A published period keeps the counts frozen at publication. An open period starts from the
    counts before it and moves each reported project from its previous status to its reported one;
    projects the period does not report on keep their status. Without any baseline it counts the
    period's reports alone.
    """
    if period.is_published and period.status_counts:
        counts = {k: int(period.status_counts.get(k) or 0) for k in STATUS_ORDER}
        counts["total"] = int(period.status_counts.get("total") or sum(counts.values()))
        return counts
    reports = list(period.reports.values_list("previous_status", "status"))
    baseline = _baseline(period)
    if baseline is None:
        counts = _empty_counts()
        for _before, now in reports:
            if now in counts:
                counts[now] += 1
    else:
        counts = dict(baseline)
        for before, now in reports:
            if before == now:
                continue
            if before in counts:
                counts[before] -= 1
            if now in counts:
                counts[now] += 1
    counts = {k: max(v, 0) for k, v in counts.items()}
    counts["total"] = sum(counts.values())
    return counts


def counts_rows(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Rows for the chart and the table beside it, in a fixed order, without empty statuses."""
    total = counts.get("total") or sum(counts.get(k, 0) for k in STATUS_ORDER) or 1
    return [
        {"key": k, "label": str(STATUS_LABELS[k]), "count": counts.get(k, 0), "share": counts.get(k, 0) / total}
        for k in STATUS_ORDER
        if counts.get(k)
    ]


@dataclass
class StatusChange:
    code: str
    title: str
    before: str
    after: str


@dataclass
class ProgrammeChanges:
    """ "What changed since the last report": per status the difference, and the projects that moved."""

    previous_label: str
    deltas: list[dict[str, Any]] = field(default_factory=list)
    moves: list[StatusChange] = field(default_factory=list)
    new_projects: list[str] = field(default_factory=list)
    funding_changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headline(self) -> str:
        parts = [f"{d['delta']:+d} {d['label']}" for d in self.deltas if d["delta"]]
        return ", ".join(parts)


def programme_changes(period) -> ProgrammeChanges | None:
    now = programme_counts(period)
    if period.previous is not None:
        before = programme_counts(period.previous)
        label = period.previous.title
    elif period.previous_counts:
        before = {k: int(v) for k, v in period.previous_counts.items() if k in STATUS_ORDER}
        label = period.previous_counts.get("label", "") or "letzter Bericht"
    else:
        baseline = _baseline(period)
        if baseline is None:
            return None
        before, label = baseline, "letzter importierter Bericht"
    changes = ProgrammeChanges(previous_label=label)
    for key in STATUS_ORDER:
        if key not in before and not now.get(key):
            continue
        old, new = before.get(key), now.get(key, 0)
        changes.deltas.append(
            {
                "key": key,
                "label": str(STATUS_LABELS[key]),
                "before": old,
                "after": new,
                "delta": (new - old) if old is not None else 0,
            }
        )
    previous_reports = {}
    if period.previous is not None:
        previous_reports = {r.project_id: r for r in period.previous.reports.all()}
    for report in period.reports.select_related("project").order_by("position"):
        if report.previous_status and report.status and report.previous_status != report.status:
            changes.moves.append(
                StatusChange(
                    report.project.code,
                    report.title,
                    str(STATUS_LABELS.get(report.previous_status, report.previous_status)),
                    str(STATUS_LABELS.get(report.status, report.status)),
                )
            )
        before_report = previous_reports.get(report.project_id)
        if period.previous is not None and before_report is None:
            changes.new_projects.append(f"{report.title} ({report.project.code})")
        if before_report is not None:
            for name, label in (("volume_eur", "Volumen"), ("spent_eur", "verausgabt")):
                old, new = getattr(before_report, name), getattr(report, name)
                if old != new and (old is not None or new is not None):
                    changes.funding_changes.append(
                        {"code": report.project.code, "title": report.title, "what": label, "before": old, "after": new}
                    )
    return changes


# --- text differences --------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    import re

    return re.findall(r"\s+|[^\s]+", text or "")


def word_diff(old: str, new: str) -> SafeString:
    """HTML of `new` with deletions as <del> and insertions as <ins>, escaped; words, not characters."""
    a, b = _tokens(old), _tokens(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return sanitize("".join(out))  # every piece above is escaped; the sanitiser is the second line


def _paragraphs(text: str) -> list[str]:
    import re

    return [p for p in re.split(r"\n\s*\n|\n(?=[-•*] )", (text or "").strip()) if p.strip()]


def paragraph_diff(old: str, new: str) -> SafeString:
    """HTML of `new` compared paragraph by paragraph: a lightly edited paragraph shows its changed words, a
    rewritten one is shown whole as removed and added (word marks all over a new text help nobody read it)."""
    a, b = _paragraphs(old), _paragraphs(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [f"<p>{escape(p)}</p>" for p in b[j1:j2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        if op == "replace" and len(olds) == len(news):
            for before, after in zip(olds, news, strict=True):
                if SequenceMatcher(None, _tokens(before), _tokens(after), autojunk=False).ratio() >= 0.5:
                    out.append(f"<p>{word_diff(before, after)}</p>")
                else:
                    out.append(f"<p><del>{escape(before)}</del></p><p><ins>{escape(after)}</ins></p>")
            continue
        out += [f"<p><del>{escape(p)}</del></p>" for p in olds]
        out += [f"<p><ins>{escape(p)}</ins></p>" for p in news]
    return sanitize("".join(out))


def display_value(name: str, value: Any) -> str:
    """A field's value as readable text, for diffs and side-by-side views."""
    if value in (None, ""):
        return ""
    if name == "status":
        return str(STATUS_LABELS.get(value, value))
    if name == "milestones":
        return "\n".join(format_milestone(m) for m in value)
    if name == "indicators":
        from .indicator_entries import describe

        return "\n".join(describe(i) for i in value)
    if name == "local_references":
        from .documents.content import place_detail

        # What the rows say about each place, so that a changed amount shows in a comparison, not only the names.
        return "\n".join(place_detail(r) or r.get("name", r.get("ags", "")) for r in value)
    if name == "links":
        return "\n".join(value)
    if name == "funding_determinable":
        return str(_("ja")) if value else str(_("nein"))
    return german_value(name, value)


def german_value(name: str, value: Any) -> str:
    """Amounts, shares and dates as a German reader writes them: "2.100.000 €", "90 %", "31.12.2025"."""
    from datetime import date
    from decimal import Decimal, InvalidOperation

    from operations.german_numbers import format_date_de, format_euro, format_number_de

    if isinstance(value, date):
        return format_date_de(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # JSON of a historical version keeps dates as ISO strings
            return format_date_de(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if name.endswith("_eur"):
            return format_euro(number)
        if name.endswith("_percent"):
            return f"{format_number_de(number)}\u00a0%"
        return format_number_de(number)
    return str(value)


def format_milestone(m: dict[str, Any]) -> str:
    when = str(m.get("year", ""))
    if m.get("year_end"):
        when += f"/{m['year_end']}"
    if m.get("month"):
        when += f"-{int(m['month']):02d}"
        if m.get("day"):
            when += f"-{int(m['day']):02d}"
    text = m.get("text", "")
    if m.get("subproject"):
        text = f"{m['subproject']}: {text}"
    return f"{when}: {text}"


@dataclass
class FieldDiff:
    name: str
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def html(self) -> SafeString:
        # Long texts compare by paragraph; short values (title, figures) by word.
        if "\n" in self.old or "\n" in self.new or max(len(self.old), len(self.new)) > 200:
            return paragraph_diff(self.old, self.new)
        return word_diff(self.old, self.new)


def field_label(name: str) -> str:
    from .models import ProjectReport

    return str(ProjectReport._meta.get_field(name).verbose_name)


def compare_content(old: Any, new: Any, *, only_changed: bool = False) -> list[FieldDiff]:
    """Field-by-field comparison of two reports or two historical versions of one."""
    rows = []
    for name in CONTENT_FIELDS:
        a = display_value(name, getattr(old, name, None)) if old is not None else ""
        b = display_value(name, getattr(new, name, None)) if new is not None else ""
        row = FieldDiff(name, field_label(name), a, b)
        if row.changed or not only_changed:
            rows.append(row)
    return rows
