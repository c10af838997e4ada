"""`field__any=[...]`: membership in a long list of values, as one array on PostgreSQL; `field__like_any`.

A plain `__in` with thousands of values sends thousands of parameters, each parsed on both ends;
the engine asks such questions a few times per batch of traces. Elsewhere it is `IN (…)`.
"""

from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, values]
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
            return f"{lhs} LIKE ANY(%s)", [*params, patterns]
        if not patterns:
            return "1 = 0", params
        each = [value for pattern in patterns for value in (*params, pattern)]
        return "(" + " OR ".join([f"{lhs} LIKE %s"] * len(patterns)) + ")", each


Field.register_lookup(AnyOf)
Field.register_lookup(LikeAny)
ForeignObject.register_lookup(AnyOf)
