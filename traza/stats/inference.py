"""Bootstrap intervals for the policy comparison: how sure a figure, and a change between two periods, is.

Percentile bootstrap, 95%, REPLICATES resamples, a fixed seed (a page shows the same interval each
time it is read). Pure Python, so each statistic draws its resamples the cheapest exact way:

- a quantile (median, 90th percentile) of n sorted values: the k-th smallest of a resample is the
  value at rank ceil(n·U) where U is the k-th smallest of n uniforms, a Beta(k, n + 1 − k) draw; the
  next one up follows from a Beta(1, n − k). Two draws a resample whatever n is, the same
  distribution as resampling the values and sorting them.
- a share (0/1 values): the number of ones in a resample is Binomial(n, p), drawn by inverting its
  distribution over the range that holds all but a negligible part of it.
- any other statistic (a mean of monthly counts): the values are resampled; a group of more than
  CAP values is first cut to CAP drawn at random, which makes its interval wider, never narrower.

`difference` resamples each group on its own and takes the interval of (after − before).
"""

import bisect
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

REPLICATES = 2000
CAP = 2000
SEED = 1968
LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    """A statistic with its interval (None throughout for no values); n is the (smaller) group's size."""

    value: float | None
    low: float | None
    high: float | None
    n: int

    @property
    def clears_zero(self) -> bool:
        """Whether the interval (of a difference) leaves out 0: a change chance alone hardly gives."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def quantile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (as PostgreSQL's percentile_cont)."""
    return _interpolate(sorted(values), fraction)


def _interpolate(ordered: Sequence[float], fraction: float) -> float:
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class Quantile:
    """A quantile of the values, resampled through the order statistics of uniforms."""

    def __init__(self, fraction: float):
        self.fraction = fraction

    def __call__(self, values: Sequence[float]) -> float:
        return quantile(values, self.fraction)

    def replicates(self, values: Sequence[float], rng: random.Random) -> list[float]:
        ordered, n = sorted(values), len(values)
        position = self.fraction * (n - 1)
        k, weight = int(position), position - int(position)
        found = []
        for _ in range(REPLICATES):
            u = rng.betavariate(k + 1, n - k)
            low = ordered[min(n - 1, math.ceil(n * u) - 1)] if u > 0 else ordered[0]
            if weight and k + 1 < n:
                v = u + (1 - u) * rng.betavariate(1, n - k - 1)
                high = ordered[min(n - 1, math.ceil(n * v) - 1)]
                low += (high - low) * weight
            found.append(low)
        return found


class Share:
    """The share of ones among 0/1 values, resampled as a binomial count."""

    def __call__(self, values: Sequence[float]) -> float:
        return sum(values) / len(values)

    def replicates(self, values: Sequence[float], rng: random.Random) -> list[float]:
        n = len(values)
        counts, cumulative = _binomial(n, self(values))
        return [
            counts[min(bisect.bisect_left(cumulative, rng.random()), len(counts) - 1)] / n for _ in range(REPLICATES)
        ]


def _binomial(n: int, p: float) -> tuple[list[int], list[float]]:
    """Binomial(n, p)'s counts within 12 standard deviations of n·p and their cumulative probabilities."""
    if p in (0.0, 1.0):
        return [round(n * p)], [1.0]
    spread = 12 * math.sqrt(n * p * (1 - p)) + 2
    counts = list(range(max(0, math.floor(n * p - spread)), min(n, math.ceil(n * p + spread)) + 1))
    base = math.lgamma(n + 1)
    logs = [
        base - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p) for k in counts
    ]
    top = max(logs)
    weights = [math.exp(x - top) for x in logs]
    total, running, cumulative = sum(weights), 0.0, []
    for weight in weights:
        running += weight
        cumulative.append(running / total)
    return counts, cumulative


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


median = Quantile(0.5)
p90 = Quantile(0.9)
share = Share()


def _replicates(values: Sequence[float], statistic: Callable, rng: random.Random) -> list[float]:
    if hasattr(statistic, "replicates"):
        return statistic.replicates(values, rng)
    values = rng.sample(list(values), CAP) if len(values) > CAP else list(values)
    return [statistic(rng.choices(values, k=len(values))) for _ in range(REPLICATES)]


def _bounds(replicates: list[float]) -> tuple[float, float]:
    tail = (1 - LEVEL) / 2
    ordered = sorted(replicates)
    return _interpolate(ordered, tail), _interpolate(ordered, 1 - tail)


def estimate(values: Sequence[float], statistic: Callable, *, seed: int = SEED) -> Estimate:
    """The statistic of `values` with its bootstrap interval (None throughout for no values)."""
    if not values:
        return Estimate(None, None, None, 0)
    low, high = _bounds(_replicates(values, statistic, random.Random(seed)))
    return Estimate(statistic(values), low, high, len(values))


def difference(before: Sequence[float], after: Sequence[float], statistic: Callable, *, seed: int = SEED) -> Estimate:
    """after − before, with the interval of the difference (each group resampled on its own)."""
    if not before or not after:
        return Estimate(None, None, None, min(len(before), len(after)))
    rng = random.Random(seed)
    one, two = _replicates(before, statistic, rng), _replicates(after, statistic, rng)
    low, high = _bounds([b - a for a, b in zip(one, two, strict=True)])
    return Estimate(statistic(after) - statistic(before), low, high, min(len(before), len(after)))
