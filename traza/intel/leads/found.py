"""What each kind's computation hands to the writer: a lead as the data supports it now."""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Found:
    """One lead found by a recompute, before it is written (`subject_key` is what makes it the same lead)."""

    kind: str
    subject_key: str
    score: float
    reasons: list[dict]
    first_seen: date
    last_seen: date
    trace_ids: set[int] = field(default_factory=set)
    person_ids: set[int] = field(default_factory=set)


def reason(code: str, strength: float, value: float | str, **details: float | str) -> dict:
    """One reason item: which indicator, how strong (0 to 1), its figure, and what its sentence needs besides."""
    return {"code": code, "strength": round(min(max(strength, 0.0), 1.0), 3), "value": value, **details}


def combined_score(reasons: list[dict], weights: dict[str, float]) -> float:
    """0 to 100: each reason weighs its strength times the kind's weight for it; independent reasons add up
    as probabilities do (1 − Π(1 − w·s)), so no single indicator can carry a lead alone to 100."""
    remaining = 1.0
    for item in reasons:
        remaining *= 1.0 - weights.get(item["code"], 0.0) * item["strength"]
    return round(100.0 * (1.0 - remaining), 1)
