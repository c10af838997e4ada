"""Bootstrap intervals on known distributions: they cover the truth, widen for small samples, repeat exactly."""

import math
import random

from traza.stats import inference

MEDIAN_OF_EXPONENTIAL_20 = 20 * math.log(2)
P90_OF_EXPONENTIAL_20 = 20 * math.log(10)


def _covered(truth: float, draw, statistic, trials: int = 60) -> int:
    rng = random.Random(11)
    found = 0
    for trial in range(trials):
        estimate = inference.estimate(draw(rng), statistic, seed=trial)
        found += estimate.low <= truth <= estimate.high
    return found


def test_a_median_interval_covers_the_true_median_in_most_trials():
    assert (
        _covered(MEDIAN_OF_EXPONENTIAL_20, lambda rng: [rng.expovariate(1 / 20) for _ in range(200)], inference.median)
        >= 51
    )


def test_a_90th_percentile_interval_covers_the_truth_in_most_trials():
    assert (
        _covered(P90_OF_EXPONENTIAL_20, lambda rng: [rng.expovariate(1 / 20) for _ in range(400)], inference.p90) >= 51
    )


def test_a_share_interval_covers_the_true_share_in_most_trials():
    assert _covered(0.3, lambda rng: [float(rng.random() < 0.3) for _ in range(250)], inference.share) >= 51


def test_a_mean_per_month_interval_covers_the_true_mean_in_most_trials():
    draw = lambda rng: [float(sum(rng.random() < 0.4 for _ in range(50))) for _ in range(24)]  # noqa: E731
    assert _covered(20.0, draw, inference.mean) >= 51


def test_the_quick_quantile_resampling_gives_what_resampling_the_values_gives():
    rng = random.Random(5)
    values = [float(round(rng.expovariate(1 / 15))) for _ in range(300)]
    quick = inference.estimate(values, inference.p90)
    slow = sorted(inference.p90(rng.choices(values, k=len(values))) for _ in range(2000))
    assert abs(quick.low - inference.quantile(slow, 0.025)) <= 2
    assert abs(quick.high - inference.quantile(slow, 0.975)) <= 2


def test_a_difference_interval_covers_the_true_difference_and_excludes_zero_when_it_is_large():
    rng = random.Random(3)
    covered = 0
    for trial in range(40):
        before = [rng.expovariate(1 / 30) for _ in range(150)]
        after = [rng.expovariate(1 / 20) for _ in range(150)]
        change = inference.difference(before, after, inference.median, seed=trial)
        covered += change.low <= (20 - 30) * math.log(2) <= change.high
    assert covered >= 34
    big = inference.difference([30.0 + n % 9 for n in range(80)], [5.0 + n % 9 for n in range(80)], inference.median)
    assert big.value == -25 and big.clears_zero and big.high < 0
    same = inference.difference(
        [float(n % 3 == 0) for n in range(80)], [float(n % 3 == 0) for n in range(80)], inference.share
    )
    assert not same.clears_zero


def test_a_share_difference_interval_covers_the_true_difference():
    rng = random.Random(8)
    hits = 0
    for trial in range(40):
        before = [float(rng.random() < 0.2) for _ in range(300)]
        after = [float(rng.random() < 0.35) for _ in range(300)]
        change = inference.difference(before, after, inference.share, seed=trial)
        hits += change.low <= 0.15 <= change.high
    assert hits >= 34


def test_a_tiny_sample_gives_a_wide_interval_and_none_gives_none():
    rng = random.Random(4)
    small = inference.estimate([3.0, 40.0, 8.0, 15.0], inference.median)
    large = inference.estimate([rng.expovariate(1 / 20) for _ in range(2000)], inference.median)
    assert (small.high - small.low) > 5 * (large.high - large.low)
    assert inference.estimate([], inference.median) == inference.Estimate(None, None, None, 0)
    assert not inference.difference([], [1.0], inference.median).clears_zero


def test_the_same_seed_gives_the_same_interval():
    rng = random.Random(2)
    values = [rng.expovariate(1 / 9) for _ in range(500)]
    for statistic in (inference.median, inference.p90, inference.mean):
        assert inference.estimate(values, statistic) == inference.estimate(values, statistic)
    assert inference.difference(values, values[:200], inference.p90) == inference.difference(
        values, values[:200], inference.p90
    )
    assert inference.estimate(values, inference.p90, seed=1) != inference.estimate(values, inference.p90, seed=2)
