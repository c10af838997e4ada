"""`field__any=[...]`: membership in a long list of values, as one array on PostgreSQL; `field__like_any`.

A plain `__in` with thousands of values sends thousands of parameters, each parsed on both ends;
the engine asks such questions a few times per batch of traces. Elsewhere it is `IN (…)`.
"""

from collections.abc import Iterable

from django.db.models import Field, ForeignObject, Lookup


def array_literal(values: Iterable) -> str | list:
    """Integers or strings as one PostgreSQL array literal (`{1,2}`, `{"a","b"}`), to cast in the query.

    Django's cursor quotes parameters itself, and an array of thousands of values took it longer than
    the database takes to answer: the engine sends several such arrays per batch. Anything else is
    given back as a list, for the driver to send.
    """
    values = list(values)
    if all(type(v) is int for v in values):
        return "{" + ",".join(map(str, values)) + "}"
    if all(type(v) is str for v in values):
        if any('"' in v or "\\" in v for v in values):
            values = [v.replace("\\", "\\\\").replace('"', '\\"') for v in values]
        return '{"' + '","'.join(values) + '"}' if values else "{}"
    return values


def _array_param(lhs_field, values: list, connection) -> tuple[str, str | list]:
    """The placeholder and parameter of an array of `values` compared with a column of `lhs_field`."""
    literal = array_literal(values)
    column_type = lhs_field.cast_db_type(connection) if isinstance(literal, str) else None
    if column_type is None:
        return "%s", list(values)
    return f"%s::{column_type}[]", literal


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            placeholder, array = _array_param(self.lhs.output_field, values, connection)
            return f"{lhs} = ANY({placeholder})", [*params, array]
        if not values:
            return "1 = 0", params
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


class LikeAny(Lookup):
    """`serial_key__like_any=["AB?12?4", …]`: fits any of these partial serials (`?` one unknown character).

    One scan for a whole batch's partial serials: `LIKE ANY (array)` on PostgreSQL, ORed LIKEs elsewhere.
    """

    lookup_name = "like_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        patterns = [pattern.replace("?", "_") for pattern in self.rhs]
        if connection.vendor == "postgresql":
            placeholder, array = _array_param(self.lhs.output_field, patterns, connection)
            return f"{lhs} LIKE ANY({placeholder})", [*params, array]
        if not patterns:
            return "1 = 0", params
        each = [value for pattern in patterns for value in (*params, pattern)]
        return "(" + " OR ".join([f"{lhs} LIKE %s"] * len(patterns)) + ")", each


Field.register_lookup(AnyOf)
Field.register_lookup(LikeAny)
ForeignObject.register_lookup(AnyOf)
