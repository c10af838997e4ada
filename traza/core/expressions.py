"""Query expressions Django does not ship."""

from django.db.models import BooleanField, Func


class InSubquery(Func):
    """`column IN (subquery)`, and on PostgreSQL `column = ANY(ARRAY(subquery))`.

    Inside an OR, PostgreSQL reads `IN (subquery)` as a filter over every row (a sequential scan);
    the array form is computed once and answered from the column's index, so scopes such as
    "own agency, or a partner's, or submitted by us" stay on indexes.
    """

    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()
    conditional = True

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, arg_joiner=" = ANY(ARRAY", template="%(expressions)s)", **extra_context
        )
