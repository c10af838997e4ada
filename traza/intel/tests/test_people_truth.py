"""The truth set: 50,000 purchase records of made-up people with planted variants, relatives and moves, through
the real path (records in the database, collected, trained on, resolved), scored pair by pair against the truth.
"""

from collections import Counter

import pytest

from traza.industry.models import Purchase
from traza.intel.people.services import people_resolve_all
from traza.intel.people.synthetic import purchase_records, purchases_insert, true_pairs

pytestmark = pytest.mark.django_db
RECORDS = 50_000


def pairs(groups: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in groups.values())


def test_pairwise_precision_and_recall_on_50000_records():
    truth = purchases_insert(purchase_records(RECORDS, seed=10))
    summary = people_resolve_all()
    assert summary.records == RECORDS
    keys = dict(Purchase.objects.values_list("transaction_ref", "person_key"))
    found = [keys[f"S{line}"] for line in range(1, RECORDS + 1)]
    predicted = pairs(Counter(found))
    correct = pairs(Counter(zip(found, truth, strict=True)))
    precision, recall = correct / predicted, correct / true_pairs(truth)
    figures = f"precision {precision:.4f} recall {recall:.4f} ({correct} of {predicted} pairs found right)"
    assert precision >= 0.995, figures
    assert recall >= 0.99, figures
    print(figures)
