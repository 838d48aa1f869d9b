"""The scheduler's jobs: the morning digest, call-back reminders and the monthly summary.

Every job asks the store's clock for "now" and is idempotent: what was sent or compiled is
recorded as a marker in the store, per notifier, so a restart neither repeats a reminder nor
skips a month, and a notifier that failed is tried again at the next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from reports import FORMATS, Period, compute_summary, summary_document, write_summary
from reports.formatting import percent
from scheduler.notifiers import Notice, Notifier, deliver
from store import DueItem, DueKind, Store, Urgency
from store.agenda import callbacks_to_remind
from store.i18n import _

log = logging.getLogger("borgerdesk.scheduler")
DIGEST_KEEP = timedelta(days=3)
REMINDER_KEEP = timedelta(days=7)
FAILURE_KEEP = timedelta(days=7)  # what `borgerdesk check` reports
SUMMARY_KEEP = timedelta(days=3650)
COMPILED_MARKER = "summary-compiled:"  # + YYYY-MM: design.md's summaries_compiled


@dataclass(frozen=True)
class SchedulerSettings:
    office_name: str = "Borgerrådgiveren"
    digest_at: time = time(8, 0)
    lead_minutes: int = 15
    monthly_at: time = time(6, 0)
    formats: tuple[str, ...] = FORMATS
    exports_dir: Path | None = None  # default: exports/ in the data folder
    first_names: bool = True  # False: chat notifications name references only
    retention_months: int = 24
    retry_delays: tuple[float, ...] = (1, 2, 4)
    notifiers: tuple[Notifier, ...] = field(default_factory=tuple)


class Jobs:
    def __init__(self, store: Store, settings: SchedulerSettings) -> None:
        self.store = store
        self.settings = settings
        self.exports = settings.exports_dir or store.data_dir / "exports"

    # -- delivery ---------------------------------------------------------------------------
    def _send_once(self, marker: str | tuple[str, ...], notice: Notice,
                   keep: timedelta) -> int:
        """Send to every notifier that has not had it; the number that delivered now. A
        notice that stands for several things (months caught up) has a marker for each: a
        notifier that had every one of them gets nothing, and delivery marks them all."""
        markers = (marker,) if isinstance(marker, str) else marker
        delivered = 0
        for notifier in self.settings.notifiers:
            keys = [f"{one}:{notifier.name}" for one in markers]
            if all(self.store.desk.is_marked(key) for key in keys):
                continue
            if deliver(notifier, notice, self.settings.retry_delays):
                for key in keys:
                    self.store.desk.mark_once(key, keep)
                delivered += 1
            else:
                self.store.desk.mark_once(f"failed:{notifier.name}:{markers[-1]}", FAILURE_KEEP)
        return delivered

    def _line(self, item: DueItem) -> str:
        calendar = self.store.calendar
        who = ""
        if self.settings.first_names:
            inquiry = self.store.get(item.ref)
            if inquiry.citizen is not None and inquiry.citizen.name.strip():
                who = f" ({inquiry.citizen.name.split()[0]})"
        what = (_("first response") if item.kind is DueKind.FIRST_RESPONSE
                else _("call-back"))
        return f"{item.ref}{who}: {what} {calendar.short_text(item.due_at, with_time=True)}"

    # -- reminders --------------------------------------------------------------------------
    def reminders(self) -> int:
        """Run every minute: today's digest once it is due, and call-backs coming up. The
        number of notices delivered now."""
        now = self.store.clock()
        calendar = self.store.calendar
        today = calendar.local_date(now)
        digest_time = datetime.combine(today, self.settings.digest_at,
                                       tzinfo=calendar.timezone)
        delivered = 0
        if calendar.is_working_day(today) and now >= digest_time:
            delivered += self.digest(today, now)
        lead = timedelta(minutes=self.settings.lead_minutes)
        for item in callbacks_to_remind(self.store.inquiries(), now, calendar, lead):
            notice = Notice(_("Call-back soon: {ref}").format(ref=item.ref),
                            (self._line(item),), (item.ref,))
            delivered += self._send_once(
                f"callback:{item.ref}:{item.callback_id}:{item.due_at:%Y%m%d%H%M}",
                notice, REMINDER_KEEP)
        return delivered

    def digest(self, today: date, now: datetime) -> int:
        """One digest a working day: overdue, due today, due the next working day. After
        downtime only today's is sent, never a backlog. The notifiers that had it now."""
        items = self.store.agenda(now, working_days_ahead=1)
        sections = {Urgency.OVERDUE: _("Overdue"), Urgency.TODAY: _("Due today"),
                    Urgency.SOON: _("Due next working day")}
        lines = []
        for urgency, heading in sections.items():
            chosen = [item for item in items if item.urgency is urgency]
            if chosen:
                lines.append(f"{heading}:")
                lines += [f"  {self._line(item)}" for item in chosen]
        if not lines:
            lines = [_("Nothing is due.")]
        notice = Notice(_("Due {day}").format(day=self.store.calendar.short_text(now)),
                        tuple(lines), tuple(item.ref for item in items))
        return self._send_once(f"digest:{today.isoformat()}", notice, DIGEST_KEEP)

    # -- monthly summaries --------------------------------------------------------------------
    def months_to_compile(self) -> list[Period]:
        """Every whole month since the first inquiry (within the markers' lifetime) that the
        store does not record as compiled. The store, not a folder existing, is the record:
        a manual ``borgerdesk summary`` into the same folder neither hides nor loses a
        month."""
        years = self.store.years()
        if not years:
            return []
        first = min(self.store.calendar.local_date(i.received_at)
                    for i in self.store.inquiries(date(years[0], 1, 1), date(years[0], 12, 31)))
        today = self.store.calendar.local_date(self.store.clock())
        first = max(first, today - SUMMARY_KEEP + timedelta(days=31))
        month = Period.month(first.year, first.month)
        compiled = set(self.store.desk.marked(COMPILED_MARKER))
        missing = []
        while month.end < today.replace(day=1):
            if f"{COMPILED_MARKER}{month.start:%Y-%m}" not in compiled:
                missing.append(month)
            following = month.end + timedelta(days=1)
            month = Period.month(following.year, following.month)
        return missing

    def monthly_summaries(self) -> list[str]:
        """Compile each missing month: write its files (each one atomically, next to whatever
        else the folder holds), tell the notifiers, and only then record the months as
        compiled, so a crash halfway compiles them again. The months compiled.

        Catching up (a first start on existing data, or after downtime) compiles several
        months at once: the notifiers get one notice listing them with the latest month's
        headline figures, not one post and one e-mail per month."""
        compiled, headline = [], None
        for month in self.months_to_compile():
            label = f"{month.start:%Y-%m}"
            summary = compute_summary(self.store, month.start, month.end)
            write_summary(summary, self.settings.formats, self.exports / label,
                          self.store.taxonomy, self.settings.office_name)
            headline = self._headline(summary_document(summary), label)
            compiled.append(label)
            log.info("compiled the summary of %s", label)
        if headline is None:
            return compiled
        if len(compiled) == 1:
            notice = Notice(_("Monthly summary {month}").format(month=compiled[0]), headline)
        else:
            notice = Notice(
                _("Monthly summaries {first} to {last}").format(first=compiled[0],
                                                                last=compiled[-1]),
                (_("{count} months compiled: {months}").format(
                    count=len(compiled), months=", ".join(compiled)),
                 _("Latest, {month}:").format(month=compiled[-1]), *headline))
        self._send_once(tuple(f"summary:{label}" for label in compiled), notice, SUMMARY_KEEP)
        for label in compiled:
            self.store.desk.mark_once(f"{COMPILED_MARKER}{label}", SUMMARY_KEEP)
        return compiled

    def _headline(self, document: dict, label: str) -> tuple[str, ...]:
        response = document["response"]
        return (
            _("{count} inquiries ({complaints} complaints), {taken_up} taken up").format(
                count=document["inquiries"], complaints=document["by_kind"]["complaint"],
                taken_up=document["taken_up"]["count"]),
            _("Answered in time: {share} %").format(
                share=percent(response["share_within_target"])),
            _("Files: {path}").format(path=self.exports / label))

    # -- retention ----------------------------------------------------------------------------
    def purge(self) -> list[str]:
        """Weekly: anonymise inquiries closed longer ago than the retention period."""
        refs = self.store.privacy.purge(self.settings.retention_months, by="retention")
        if refs:
            log.info("anonymised %d inquiries past retention", len(refs))
        return refs
