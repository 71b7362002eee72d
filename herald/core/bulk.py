"""Inserting many rows of one model at once, skipping those already there; and
one small ``UPDATE`` run thousands of times, its SQL built once.

``QuerySet.bulk_create`` builds a model instance for every row and passes every
value of every row through the query compiler: about 70 µs a row for a
subscriber, most of the time of a 100,000-row import or of making an issue's
deliveries. Rows of an import or a fan-out differ in a column or two (an
address, a name, a subscriber) and share the rest (the issue, the time, the
defaults), so ``insert_new_rows`` prepares the shared values once, from one
model instance, and sends the statement once with the DB-API's ``executemany``
(about 7 µs a row).

``row_update`` is the same idea for a statement that one process runs once per
item (a newsletter's record of each message): ``QuerySet.update`` builds and
compiles its query on every call, about 0.3 ms, several times the statement's
own cost on SQLite; ``row_update`` writes the SQL once and then only executes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import connection, transaction


def insert_new_rows(model, fields: Sequence[str], rows: Iterable[Sequence], **shared) -> None:
    """Insert one row of ``model`` per item of ``rows`` (values in the order of ``fields``).

    Every other column takes its value from ``shared`` or else the field's default
    (``auto_now_add``: now), the same for every row. A row that would break a unique
    constraint is skipped (``ON CONFLICT DO NOTHING``, SQLite and PostgreSQL), so a
    rerun or a concurrent writer adds nothing twice. One transaction.
    """
    meta = model._meta
    own = [meta.get_field(name) for name in fields]
    template = model(**shared)
    common = [f for f in meta.concrete_fields if f not in own and not f.primary_key]
    common_values = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in common]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in own + common)
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * (len(own) + len(common)))}) ON CONFLICT DO NOTHING")
    params = [[f.get_db_prep_save(value, connection) for f, value in zip(own, row, strict=True)]
              + common_values for row in rows]
    if not params:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)


def row_update(model, fields: Sequence[str], *, where: Sequence[str] = ("pk",),
               increment: Sequence[str] = ()) -> Callable[..., int]:
    """``UPDATE`` of ``model`` setting ``fields`` (and adding 1 to ``increment``) on the rows
    whose ``where`` fields equal the given values; its SQL is built once.

    Call the result with the values of ``fields`` then of ``where``, in order; it
    returns the number of rows changed. It runs on the calling thread's connection,
    in its transaction if one is open.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    own = [meta.get_field(name) for name in fields]
    keys = [meta.pk if name == "pk" else meta.get_field(name) for name in where]
    assignments = [f"{quote(f.column)} = %s" for f in own] + [
        f"{quote(c)} = {quote(c)} + 1" for c in (meta.get_field(n).column for n in increment)]
    sql = (f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} "
           f"WHERE {' AND '.join(f'{quote(f.column)} = %s' for f in keys)}")

    def update(*values) -> int:
        if len(values) != len(own) + len(keys):
            raise TypeError(f"{len(own) + len(keys)} values expected, {len(values)} given")
        params = [f.get_db_prep_save(v, connection) for f, v in zip(own, values, strict=False)]
        params += [f.get_db_prep_value(v, connection) for f, v in
                   zip(keys, values[len(own):], strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    return update
