"""The network around a trace, a person, a dealer or a lead: people, dealers, guns and recoveries, and their links.

What it holds is what the viewer may read: traces through `traces_visible_to`, people named in them
(and those sharing an address or an id with them, shown but opened only when visible), the records of a
visible person. A person's label is their name only while the viewer holds a live reveal grant for
them; otherwise the start of the opaque key. The graph stops growing at MAX_NODES (`truncated`).
Every step is a fixed number of set-based queries, whatever the number of nodes.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_
from typing import cast

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import pgettext

from traza.agencies.models import User
from traza.industry.models import MultipleSale
from traza.intel.models import Person, PersonRecord
from traza.intel.selectors.dealers import dealer_for
from traza.intel.selectors.leads import lead_by_number, leads_visible_to
from traza.intel.selectors.people import (
    masked_label,
    names_of,
    person_for,
    revealed_person_ids,
    traces_of_people,
    visible_person_ids,
)
from traza.tracing.models import Trace
from traza.tracing.selectors import licensees_by_rds, trace_by_number, traces_visible_to

MAX_NODES = 300
TRACES_PER_STEP = 100
SYMMETRIC = {"address", "id"}
Source = PersonRecord.Source


@dataclass(frozen=True)
class Window:
    """The dates the network is drawn for: recoveries, purchases and sales between `start` and `end`."""

    start: date | None = None
    end: date | None = None

    def on(self, column: str) -> Q:
        bounds = {f"{column}__gte": self.start, f"{column}__lte": self.end}
        return Q(**{key: value for key, value in bounds.items() if value is not None})


@dataclass
class Graph:
    """Nodes and edges as Cytoscape.js reads them, growing up to MAX_NODES."""

    user: User
    window: Window
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[str, dict] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)  # person pk -> node id
    truncated: bool = False

    def node(self, node_id: str, kind: str, label: str, url: str = "", **extra) -> bool:
        """Add a node (once); False when the graph is full and it was left out."""
        if node_id in self.nodes:
            return True
        if len(self.nodes) >= MAX_NODES:
            self.truncated = True
            return False
        self.nodes[node_id] = {"id": node_id, "kind": kind, "label": label, "url": url, **extra}
        return True

    def edge(self, source: str, target: str, kind: str) -> None:
        """Add a link between two nodes already in the graph; a shared address or id is one link either way."""
        if kind in SYMMETRIC:
            source, target = sorted((source, target))
        if source in self.nodes and target in self.nodes:
            edge_id = f"{source}>{target}:{kind}"
            self.edges[edge_id] = {"id": edge_id, "source": source, "target": target, "kind": kind}

    def person(self, person: Person) -> str | None:
        node_id = f"person:{person.key}"
        if not self.node(node_id, "person", "", reverse("intel-person", args=[person.key])):
            return None
        self.people[person.pk] = node_id
        return node_id

    def dealer(self, rds: str, name: str) -> str | None:
        node_id = f"dealer:{rds}"
        label = name or rds
        return node_id if self.node(node_id, "dealer", label, reverse("intel-dealer", args=[rds])) else None

    def elements(self) -> dict:
        """What the endpoint answers: people labelled by name or mask, edge labels in the reader's language."""
        self._label_people()
        words = edge_words()
        edges = [{**edge, "label": words[edge["kind"]]} for edge in self.edges.values()]
        return {
            "nodes": [{"data": node} for node in self.nodes.values()],
            "edges": [{"data": edge} for edge in edges],
            "truncated": self.truncated,
            "max_nodes": MAX_NODES,
        }

    def _label_people(self) -> None:
        revealed = revealed_person_ids(self.user, self.people)
        names = names_of(revealed)
        visible = visible_person_ids(self.user, self.people)
        for pk, node_id in self.people.items():
            node = self.nodes[node_id]
            node["label"] = names.get(pk) or masked_label(node_id.removeprefix("person:"))
            node["revealed"] = pk in names
            node["expandable"] = pk in visible
            if pk not in visible:
                node["url"] = ""


def edge_words() -> dict[str, str]:
    return {
        "bought": pgettext("network edge", "bought"),
        "bought_at": pgettext("network edge", "bought at"),
        "sold": pgettext("network edge", "sold"),
        "recovered": pgettext("network edge", "recovered in"),
        "possessed": pgettext("network edge", "had it when recovered"),
        "address": pgettext("network edge", "shares an address with"),
        "id": pgettext("network edge", "shares an id number with"),
    }


# Seeds: what the network is drawn around.


def network_of_trace(*, user: User, number: str, window: Window) -> dict:
    """A trace's gun, recovery, dealer and people, and what the records say of those people."""
    trace = trace_by_number(traces_visible_to(user), number)
    graph = Graph(user=user, window=window)
    people = add_traces(graph, Trace.objects.filter(pk=trace.pk))
    add_people(graph, people)
    return graph.elements()


def network_of_person(*, user: User, key: str, window: Window) -> dict:
    """A person, what their records say and the people sharing an address or an id with them."""
    person = person_for(user=user, key=key)
    graph = Graph(user=user, window=window)
    add_people(graph, [person])
    return graph.elements()


def network_of_dealer(*, user: User, rds: str, window: Window) -> dict:
    """A dealer and the newest of its traces the viewer may read, with their guns, recoveries and people."""
    licensee = dealer_for(user=user, rds=rds)
    graph = Graph(user=user, window=window)
    graph.dealer(licensee.rds_key, licensee.display_name)
    add_traces(graph, traces_visible_to(user).filter(retail_licensee_rds=licensee.rds_key))
    return graph.elements()


def network_of_lead(*, user: User, number: str, window: Window) -> dict:
    """A lead's traces the viewer may read and the people it rests on (404 for a lead they may not read)."""
    lead = lead_by_number(leads_visible_to(user), number)
    graph = Graph(user=user, window=window)
    people = add_traces(graph, traces_visible_to(user).filter(pk__in=lead.lead_traces.values("trace_id")))
    add_people(graph, [*people, *Person.objects.filter(pk__in=lead.lead_people.values("person_id"))])
    return graph.elements()


def network_expand(*, user: User, node_id: str, window: Window) -> dict:
    """The neighbourhood of one node the viewer may open: a person, a dealer, a gun or a recovery."""
    kind, _sep, value = node_id.partition(":")
    graph = Graph(user=user, window=window)
    if kind == "person":
        add_people(graph, [person_for(user=user, key=value)])
    elif kind == "dealer":
        return network_of_dealer(user=user, rds=value, window=window)
    elif kind in ("gun", "recovery"):
        traces = traces_visible_to(user).filter(_node_traces(kind, value))
        if not traces.exists():
            raise Http404
        add_people(graph, add_traces(graph, traces))
    else:
        raise Http404
    return graph.elements()


def _node_traces(kind: str, value: str) -> Q:
    """The traces behind a gun node (make and serial, or one trace) or a recovery node (place and date)."""
    parts = value.split("|")
    if kind == "gun" and len(parts) == 2:
        make = int(parts[0]) if parts[0].isdecimal() else None
        return Q(make_id=make, serial_key=parts[1]) if parts[1] else Q(pk=-1)
    if kind == "gun" and len(parts) == 1 and parts[0].isdecimal():
        return Q(pk=int(parts[0]))
    if kind == "recovery" and len(parts) == 4:
        try:
            day = date.fromisoformat(parts[3])
        except ValueError:
            raise Http404 from None
        region, town = parts[1] or None, int(parts[2]) if parts[2].isdecimal() else None
        return Q(recovery_country=parts[0], recovery_region_id=region, recovery_municipality_id=town, recovery_date=day)
    raise Http404


# Building blocks: each adds a batch of rows in a fixed number of queries.


def add_traces(graph: Graph, traces: QuerySet[Trace]) -> list[Person]:
    """Each trace's gun, recovery and retail dealer, and its buyer and possessor; returns those people."""
    rows = list(
        traces.filter(graph.window.on("recovery_date"))
        .select_related("make", "recovery_region", "recovery_municipality")
        .order_by("-recovery_date", "-pk")[:TRACES_PER_STEP]
    )
    licensees = licensees_by_rds(trace.retail_licensee_rds for trace in rows)
    for trace in rows:
        gun = _gun_of_trace(graph, trace)
        place = _recovery(graph, trace)
        if gun and place:
            graph.edge(gun, place, "recovered")
        if trace.retail_licensee_rds:
            licensee = licensees.get(trace.retail_licensee_rds)
            dealer = graph.dealer(trace.retail_licensee_rds, licensee.display_name if licensee else "")
            if gun and dealer:
                graph.edge(dealer, gun, "sold")
    return _people_of_traces(graph, rows)


def _people_of_traces(graph: Graph, traces: list[Trace]) -> list[Person]:
    by_purchase = {trace.purchase_id: trace for trace in traces if trace.purchase_id}
    by_trace = {trace.pk: trace for trace in traces}
    records = PersonRecord.objects.filter(
        Q(source=Source.PURCHASE, source_id__in=list(by_purchase))
        | Q(source=Source.POSSESSOR, source_id__in=list(by_trace))
    ).select_related("person")
    people = []
    for record in records.exclude(person=None):
        trace = (
            by_purchase.get(record.source_id) if record.source == Source.PURCHASE else by_trace.get(record.source_id)
        )
        node = graph.person(cast(Person, record.person)) if trace else None
        if node:
            graph.edge(node, _gun_id(cast(Trace, trace)), "bought" if record.source == Source.PURCHASE else "possessed")
            people.append(cast(Person, record.person))
    return people


def _gun_id(trace: Trace) -> str:
    return f"gun:{trace.make_id or ''}|{trace.serial_key}" if trace.serial_key else f"gun:{trace.pk}"


def _gun_of_trace(graph: Graph, trace: Trace) -> str | None:
    make = trace.make.name if trace.make else trace.manufacturer
    label = " ".join(part for part in (make, trace.model, trace.serial_number) if part)
    url = reverse("trace-detail", args=[trace.number])
    node_id = _gun_id(trace)
    return node_id if graph.node(node_id, "gun", label, url, expandable=True, trace=trace.number) else None


def _recovery(graph: Graph, trace: Trace) -> str | None:
    town = trace.recovery_municipality
    region = trace.recovery_region
    place = ", ".join(part for part in (town.name if town else "", region.local_name if region else "") if part)
    label = f"{place or trace.recovery_country} · {trace.recovery_date.isoformat()}"
    key = "|".join(
        (
            trace.recovery_country,
            trace.recovery_region_id or "",
            str(trace.recovery_municipality_id or ""),
            trace.recovery_date.isoformat(),
        )
    )
    node_id = f"recovery:{key}"
    return node_id if graph.node(node_id, "recovery", label, expandable=True) else None


def add_people(graph: Graph, people: list[Person]) -> None:
    """What each visible person's records say: dealers they bought at, guns of multiple sales, their traces,
    and the people sharing an address or an id with them."""
    allowed = visible_person_ids(graph.user, [person.pk for person in people])
    visible = [person for person in dict.fromkeys(people) if person.pk in allowed]
    if not visible:
        return
    for person in visible:
        graph.person(person)
    add_traces(graph, traces_visible_to(graph.user).filter(traces_of_people([person.pk for person in visible])))
    _add_purchases(graph, visible)
    _add_multiple_sales(graph, visible)
    _add_neighbours(graph, visible)


def _add_purchases(graph: Graph, people: list[Person]) -> None:
    records = PersonRecord.objects.filter(graph.window.on("seen_on"), person__in=people, source=Source.PURCHASE)
    pairs = set(records.exclude(licensee_rds="").values_list("person_id", "licensee_rds"))
    licensees = licensees_by_rds(rds for _pk, rds in pairs)
    for person_id, rds in sorted(pairs):
        licensee = licensees.get(rds)
        dealer = graph.dealer(rds, licensee.display_name if licensee else "")
        if dealer and person_id in graph.people:
            graph.edge(graph.people[person_id], dealer, "bought_at")


def _add_multiple_sales(graph: Graph, people: list[Person]) -> None:
    records = PersonRecord.objects.filter(graph.window.on("seen_on"), person__in=people, source=Source.MULTIPLE_SALE)
    owner = dict(records.values_list("source_id", "person_id"))
    sales = MultipleSale.objects.filter(pk__in=list(owner)).select_related("make").order_by("-sale_date")
    licensees = licensees_by_rds(sale.licensee_rds for sale in sales)
    for sale in sales[:TRACES_PER_STEP]:
        node_id = f"gun:{sale.make_id or ''}|{sale.serial_key}"
        make = sale.make.name if sale.make else sale.manufacturer
        label = " ".join(part for part in (make, sale.model, sale.serial_number) if part)
        if not graph.node(node_id, "gun", label, expandable=False):
            continue
        graph.edge(graph.people.get(owner[sale.pk], ""), node_id, "bought")
        licensee = licensees.get(sale.licensee_rds)
        dealer = graph.dealer(sale.licensee_rds, licensee.display_name if licensee else "")
        if dealer:
            graph.edge(dealer, node_id, "sold")


def _add_neighbours(graph: Graph, people: list[Person]) -> None:
    mine = list(PersonRecord.objects.filter(person__in=people).values_list("person_id", "street", "zip", "id_number"))
    addresses = {(street, zip_code): pk for pk, street, zip_code, _id in mine if street and zip_code}
    ids = {id_number: pk for pk, _street, _zip, id_number in mine if id_number}
    conditions = [Q(street=street, zip=zip_code) for street, zip_code in addresses]
    if ids:
        conditions.append(Q(id_number__in=list(ids)))
    if not conditions:
        return
    others = (
        PersonRecord.objects.filter(reduce(or_, conditions))
        .exclude(person=None)
        .exclude(person__in=people)
        .select_related("person")
    )
    for record in others[:MAX_NODES]:
        node = graph.person(cast(Person, record.person))
        source_pk = addresses.get((record.street, record.zip)) if record.street else None
        if node and source_pk:
            graph.edge(graph.people[source_pk], node, "address")
        if node and record.id_number in ids:
            graph.edge(graph.people[ids[record.id_number]], node, "id")
