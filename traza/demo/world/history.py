"""When things happened: Mexico's access policy over the world's years, and how soon each agency traces.

The FORMATS files carry no submission time (the importer stamps the time of the import), so the world
writes two demo-only files beside them, applied by `demo_load` after the import:

- `policies.csv`: the dated access-policy settings of each country. Mexico is `central` (only the
  federal prosecutor's delegations, designated, hold accounts and submit for the other agencies) until
  `POLICY_CHANGE`, then `distributed`. The US is `distributed` throughout.
- `history.csv`: for each trace request, who submitted it for the recovering agency (the designated
  delegation, when the request was submitted under `central`), when, and how many hours the first
  resolution took. A gun recovered under `central` but still waiting when the policy changed is
  submitted by its own agency, late: the transition spills over into the first weeks of `distributed`.

What the statistics should find (planted here, measured in the demo's tests):

- Submission lag (recovery → submission). Under `central` a Mexican gun waits for the seizing agency
  to hand it to the delegation (median 14 days, times the agency's level and own pace) and then in the
  delegation's queue (median 10 days): about 26 days at the median. Under `distributed` an agency that
  took its own accounts (70% of them) submits itself in about 6 days at the median; the others keep
  their old pace. Designated agencies' own guns take about 5 days; US agencies 1.5 (federal) to 4
  (municipal) days. Every lag is log-normal, and 3% of requests lie in a drawer 2 to 7 months more.
- Coverage (guns traced among guns seized): each Mexican agency traces a minority of its seized guns
  (12% to 45%, drawn per agency) under `central`; after the change the agencies that took accounts
  trace 1.4 to 2.2 times as many (at most 85%), the others about as before.
- Time to complete: minutes, since every chain the world resolves runs on electronic records; the
  traces left waiting on a licensee's answer have no completion time.
- Time of day: requests go in during the submitting agency's office hours, in its own time zone (Mexico
  City's for every Mexican agency), busiest in the late morning. A request due on a weekend mostly waits
  for Monday; a few go in at night or on the weekend (a seizure at night, a duty officer), and urgent
  requests far more often.
"""

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from traza.demo.world.sampling import Weighted

POLICY_CHANGE = date(2025, 1, 15)
#: No request is submitted after this day: the world's history ends (sampling.END) a little before.
LAST_SUBMISSION = date(2026, 8, 31)
#: (country, policy, from): the access-policy settings, oldest first; the first predates every recovery.
POLICIES = (
    ("MX", "central", date(2023, 1, 2)),
    ("US", "distributed", date(2023, 1, 2)),
    ("MX", "distributed", POLICY_CHANGE),
)
#: The hour (UTC) a policy setting takes effect on its day.
POLICY_HOUR = 6
POLICY_NOTE = "Mundo de demostración: el historial de políticas de acceso que comparan las estadísticas."
POLICY_COLUMNS = ("country", "policy", "effective_at", "note")
HISTORY_COLUMNS = ("agency_code", "request_ref", "submitted_by", "submitted_at", "hours_to_complete")

#: Median days from the recovery to the submission, by who submits.
US_LAG = {"federal": 1.5, "state": 3.0, "municipal": 4.0}
HANDOVER_LAG = 14.0
DELEGATION_QUEUE = 10.0
OWN_LAG = 6.0
DESIGNATED_LAG = 5.0
LEVEL_PACE = {"federal": 0.8, "state": 1.0, "municipal": 1.3}
ADOPTERS = 0.7
DRAWER_SHARE = 0.03

#: The time zone of every Mexican agency's office, and of each US state's (El Paso County keeps mountain time).
MEXICO_ZONE = "America/Mexico_City"
US_ZONES = {
    "AZ": "America/Phoenix", "CA": "America/Los_Angeles", "DC": "America/New_York", "IL": "America/Chicago",
    "NM": "America/Denver", "TX": "America/Chicago",
}  # fmt: skip
COUNTY_ZONES = {"48141": "America/Denver"}
#: The local hour a request goes in on a working day: most in the late morning, fewer after lunch.
OFFICE_HOURS = Weighted(range(8, 19), (4, 9, 13, 14, 12, 9, 5, 6, 9, 8, 4))
#: The hour of one that goes in at night: the evening of a seizure more than the small hours.
NIGHT_HOURS = Weighted((*range(19, 24), *range(8)), (9, 8, 7, 5, 4, 3, 2, 2, 1, 1, 1, 2, 5))
#: The share of requests that go in at night, and of those due on a weekend that go in then and not on Monday.
AFTER_HOURS = 0.05
URGENT_AFTER_HOURS = 0.4


@dataclass(frozen=True)
class Habit:
    """How one agency traces: the share of its seized guns it submits before and after the change, its pace."""

    coverage_before: float
    coverage_after: float
    pace: float
    adopts: bool


class Habits:
    """Every agency's habits, drawn once per world; the lag and coverage of each of its recoveries."""

    def __init__(self, rng: random.Random, agencies: list):
        self.rng = rng
        self.mexican = {a.code for a in agencies if a.country == "MX"}
        self.designated = {a.code for a in agencies if is_designated(a)}
        self.habits = {a.code: self._draw(a) for a in agencies}

    def _draw(self, agency) -> Habit:
        rng = self.rng
        pace = LEVEL_PACE.get(agency.level, 1.0) * math.exp(rng.gauss(0, 0.35))
        if agency.country != "MX":
            return Habit(1.0, 1.0, pace, adopts=False)
        if agency.code in self.designated:
            share = rng.uniform(0.5, 0.8)
            return Habit(share, share, pace, adopts=False)
        before = rng.uniform(0.12, 0.45)
        adopts = rng.random() < ADOPTERS
        after = min(0.85, before * rng.uniform(1.4, 2.2)) if adopts else before * rng.uniform(0.9, 1.1)
        return Habit(before, after, pace, adopts)

    def coverage(self, code: str, on: date) -> float:
        """The share of the guns this agency seized on `on` that it submits for tracing."""
        habit = self.habits[code]
        return habit.coverage_before if on < POLICY_CHANGE else habit.coverage_after

    def central(self, code: str, on: date) -> bool:
        """Whether a gun this agency recovered on `on` reaches Traza through a designated agency."""
        return code in self.mexican and on < POLICY_CHANGE and code not in self.designated

    def lag_days(self, agency, on: date) -> float:
        """Days from the recovery to the submission of one of the agency's guns."""
        rng, habit = self.rng, self.habits[agency.code]
        if agency.country != "MX":
            days = _lognormal(rng, US_LAG.get(agency.level, 3.0) * habit.pace, 0.8)
        elif agency.code in self.designated:
            days = _lognormal(rng, DESIGNATED_LAG, 0.6)
        elif on < POLICY_CHANGE or not habit.adopts:
            days = _lognormal(rng, HANDOVER_LAG * habit.pace, 0.6) + _lognormal(rng, DELEGATION_QUEUE, 0.5)
        else:
            days = _lognormal(rng, OWN_LAG * habit.pace, 0.7)
        if rng.random() < DRAWER_SHARE:
            days += rng.uniform(60, 210)
        return days

    def minutes_to_resolve(self) -> float:
        """The engine's first pass over a request: records in Traza answer in minutes."""
        return self.rng.uniform(2, 40)


def central_at(moment: datetime) -> bool:
    """Whether Mexico's policy was still `central` at this moment: a designated agency could submit for others."""
    return moment < datetime.combine(POLICY_CHANGE, time(POLICY_HOUR), tzinfo=UTC)


def is_designated(agency) -> bool:
    """The federal prosecutor's headquarters and state delegations hold accounts for the others."""
    return agency.country == "MX" and agency.kind == "prosecutor" and agency.level == "federal"


def office_zone(agency) -> ZoneInfo:
    """The time zone the agency's office keeps."""
    if agency.country == "MX":
        return ZoneInfo(MEXICO_ZONE)
    return ZoneInfo(COUNTY_ZONES.get(agency.municipality) or US_ZONES[agency.state])


def submission_day(rng: random.Random, recovered: date, lag_days: float) -> date:
    """The day `lag_days` after the recovery: never after LAST_SUBMISSION (a later one is drawn again within the
    days left)."""
    left = (LAST_SUBMISSION - recovered).days
    return recovered + timedelta(days=int(lag_days) if lag_days <= left else rng.randint(0, left))


def submitted_at(rng: random.Random, day: date, zone: ZoneInfo, *, urgent: bool) -> datetime:
    """When a request due on `day` goes in (local time of `zone`): in office hours, on the Monday after a weekend,
    now and then at night or on the weekend itself (urgent requests far more often)."""
    after_hours = URGENT_AFTER_HOURS if urgent else AFTER_HOURS
    monday = day + timedelta(days=7 - day.weekday())
    if day.weekday() >= 5 and monday <= LAST_SUBMISSION and rng.random() >= after_hours:
        day = monday
    hour = (NIGHT_HOURS if rng.random() < after_hours else OFFICE_HOURS).pick(rng)
    return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=zone)


def policy_rows() -> list[tuple[str, str, str, str]]:
    return [
        (country, policy, f"{day.isoformat()}T{POLICY_HOUR:02d}:00:00+00:00", POLICY_NOTE)
        for country, policy, day in POLICIES
    ]


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))
