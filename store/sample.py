"""Realistic sample data: a year of an advisor's inquiries, for the demo, tests and benches.

Shaped like the published annual reports (design.md 1.4): about 400 inquiries a year, fewer in
July and at Christmas, a third complaints, a quarter taken up, guidance involved in half,
mostly by phone, a few citizens who come back. The people are invented.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from store.calendar import OfficeCalendar
from store.model import Citizen, Department, InquiryDraft, Representative
from store.repository import Store
from store.taxonomy import Channel, Kind, Taxonomy

MONTH_WEIGHTS = (9, 9, 10, 8, 9, 8, 4, 8, 10, 10, 9, 6)
DEPARTMENT_WEIGHTS = (61, 13, 5, 18, 2, 2, 5, 2)  # taken-up mix of the reports' eight units
CHANNEL_WEIGHTS = {Channel.PHONE: 58, Channel.EMAIL: 22, Channel.WALK_IN: 8,
                   Channel.LETTER: 3, Channel.CHAT: 7, Channel.OWN_INITIATIVE: 2}
FIRST_NAMES = ("Anne", "Bo", "Camilla", "Dorthe", "Emil", "Freja", "Gustav", "Hanne", "Ib",
               "Jonas", "Karen", "Lars", "Mette", "Niels", "Oda", "Per", "Rikke", "Søren",
               "Tove", "Ulla", "Viggo", "Yrsa", "Åse")
LAST_NAMES = ("Aagaard", "Bisgaard", "Dalsgaard", "Eskildsen", "Fogh", "Gram", "Hvid",
              "Kjær", "Lund", "Mørk", "Nygaard", "Overgaard", "Riis", "Skov", "Thygesen",
              "Vestergaard")
SUBJECTS = (
    ("processing_time", "Lang ventetid på afgørelse"),
    ("guidance", "Spørgsmål om muligheder for hjælp"),
    ("case_information", "Sagen er ikke tilstrækkeligt oplyst"),
    ("hearing", "Ikke hørt før afgørelsen"),
    ("access_to_files", "Anmodning om aktindsigt ikke besvaret"),
    ("record_keeping", "Oplysninger fra samtale ikke noteret"),
    ("decision_reasoning", "Afgørelse uden begrundelse"),
    ("complaint_guidance", "Hvordan klager jeg?"),
    ("communication", "Utilfreds med tonen i et møde"),
    ("coordination", "Forvaltningerne taler ikke sammen"),
    ("progression", "Sagen står stille"),
    ("other", "Andet"),
)
TOPIC_WEIGHTS = (16, 16, 9, 5, 5, 4, 9, 6, 13, 6, 8, 3)


@dataclass(frozen=True)
class SampleInquiry:
    draft: InquiryDraft
    callbacks: tuple[datetime, ...] = ()


class _Generator:
    def __init__(self, calendar: OfficeCalendar, taxonomy: Taxonomy, seed: int) -> None:
        self.calendar = calendar
        self.taxonomy = taxonomy
        self.rng = random.Random(seed)
        self.units = [(area, unit) for area, units in taxonomy.departments.items()
                      for unit in units] or [(area, None) for area in taxonomy.departments]
        self.citizens: list[Citizen] = []

    def received(self, day: date) -> datetime:
        rng = self.rng
        if self.calendar.is_working_day(day) and rng.random() < 0.9:
            clock = time(rng.randint(self.calendar.opens.hour, self.calendar.closes.hour - 1),
                         rng.randrange(0, 60, 5))
        else:
            clock = time(rng.randint(7, 22), rng.randrange(0, 60))
        return datetime.combine(day, clock, tzinfo=self.calendar.timezone)

    def citizen(self, channel: Channel) -> Citizen | None:
        rng = self.rng
        if channel is Channel.OWN_INITIATIVE or rng.random() < 0.06:
            return None  # anonymous
        if self.citizens and rng.random() < 0.13:
            return rng.choice(self.citizens)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        citizen = Citizen(
            name=name, phone=f"{rng.randint(20, 99)}{rng.randint(0, 999999):06d}",
            email=(f"{name.split()[0].lower()}.{rng.randint(1, 999)}@example.dk"
                   if channel in (Channel.EMAIL, Channel.CHAT) else ""))
        self.citizens.append(citizen)
        return citizen

    def callback_time(self, now: datetime) -> datetime:
        """A promised call-back around now: some overdue, some today, some in a day or two."""
        calendar, rng = self.calendar, self.rng
        today = calendar.local_date(now)
        day = rng.choice((calendar.add_working_days(today, rng.randint(0, 2)),
                          today - timedelta(days=1)))
        return datetime.combine(day, time(rng.randint(9, 15), rng.randrange(0, 60, 15)),
                                tzinfo=calendar.timezone)

    def inquiry(self, received_at: datetime, now: datetime) -> SampleInquiry:
        rng, calendar = self.rng, self.calendar
        channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
        index = rng.choices(range(len(SUBJECTS)), TOPIC_WEIGHTS)[0]
        primary, subject = SUBJECTS[index]
        topics = {primary}
        if primary != "guidance" and rng.random() < 0.42:
            topics.add("guidance")
        topics.update(rng.sample(list(self.taxonomy.topics.codes), rng.choice((0, 0, 1))))
        area, unit = self.units[rng.choices(range(len(self.units)),
                                            DEPARTMENT_WEIGHTS[:len(self.units)] or None)[0]]
        taken_up = rng.random() < 0.27
        meetings = rng.choice((1, 1, 2)) if taken_up and rng.random() < 0.4 else 0
        handling = {"advice"} if not taken_up else {"forwarding", "investigation"}
        if rng.random() < 0.2:
            handling.add("signposting")
        if rng.random() < 0.06:
            handling.add("complaint_help")
        if meetings:
            handling.add("meeting")
        answer_days = rng.choices((0, 1, 2, 3, 4, 6), (20, 30, 20, 18, 7, 5))[0]
        answer_day = calendar.add_working_days(calendar.office_day(received_at), answer_days)
        first_response = max(received_at, datetime.combine(
            answer_day, time(rng.randint(9, 15), rng.randrange(0, 60)),
            tzinfo=calendar.timezone))
        closed = first_response + timedelta(days=rng.choice((0, 0, 2, 7, 21, 45)))
        callbacks: tuple[datetime, ...] = ()
        recent = now - received_at < timedelta(days=14)
        if first_response > now or (recent and rng.random() < 0.3):  # not answered yet
            first_response = closed = None
            if rng.random() < 0.6:
                callbacks = (self.callback_time(now),)
        elif closed > now:
            closed = None
            if rng.random() < 0.3:
                callbacks = (self.callback_time(now),)
        citizen = self.citizen(channel)
        return SampleInquiry(InquiryDraft(
            received_at=received_at, channel=channel,
            kind=Kind.COMPLAINT if rng.random() < 0.38 else Kind.OTHER,
            citizen=citizen,
            on_behalf_of=(Representative(name=f"{rng.choice(FIRST_NAMES)} (pårørende)",
                                         relation="pårørende")
                          if citizen and rng.random() < 0.08 else None),
            subject=subject, description=f"{subject}. Borgeren ønsker at blive ringet op.",
            department=Department(area=area, unit=unit), primary_topic=primary,
            topics=tuple(sorted(topics)), handling=tuple(sorted(handling)),
            taken_up=taken_up, meetings=meetings, first_response_at=first_response,
            closed_at=closed, outcome="Vejledt" if closed else ""), callbacks)


LARGE_MEAN = 500


def sample_inquiries(start: date, end: date, now: datetime, calendar: OfficeCalendar,
                     taxonomy: Taxonomy, per_year: int = 400,
                     seed: int = 2026) -> Iterator[SampleInquiry]:
    """About ``per_year`` inquiries a year received from ``start`` to ``end``, seasonal."""
    generator = _Generator(calendar, taxonomy, seed)
    day = start
    mean_weight = sum(MONTH_WEIGHTS) / 12
    while day <= end:
        expected = per_year / 365 * MONTH_WEIGHTS[day.month - 1] / mean_weight
        for _ in range(_poisson(generator.rng, expected)):
            received_at = generator.received(day)
            if received_at <= now:
                yield generator.inquiry(received_at, now)
        day += timedelta(days=1)


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > LARGE_MEAN:  # e**-mean underflows: the normal approximation is as good here
        return max(0, round(rng.gauss(mean, mean ** 0.5)))
    count, threshold, product = 0, pow(2.718281828459045, -mean), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def load_sample_year(store: Store, now: datetime, per_year: int = 400,
                     seed: int = 2026, progress: Callable[[int], None] | None = None) -> int:
    """Fill a store with the year up to ``now``, call-backs included; the count stored."""
    today = store.calendar.local_date(now)
    samples = sorted(sample_inquiries(today - timedelta(days=365), today, now, store.calendar,
                                      store.taxonomy, per_year, seed),
                     key=lambda sample: sample.draft.received_at)
    created = store.import_inquiries([sample.draft for sample in samples], by="demo",
                                     progress=progress)
    for inquiry, sample in zip(created, samples, strict=True):
        for due_at in sample.callbacks:
            store.schedule_callback(inquiry.ref, due_at, note="Ring borgeren op", by="demo")
    return len(created)
