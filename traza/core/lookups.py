"""`field__any=[...]`: membership in a long list of values, as one array on PostgreSQL.

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


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
