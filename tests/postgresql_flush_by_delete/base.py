"""Django's PostgreSQL backend, but a flush empties the tables with ``DELETE``.

The test suite's ``transaction=True`` tests (the browser tests, the live-server and
subprocess tests) end with a flush of every table. PostgreSQL's ``TRUNCATE`` of the
schema's ~100 tables gives each table and index a new file and drops the old ones at
commit: 2-6 s of wall time per flush on the shared two-core machine (0.16-0.19 s of
the server's CPU), against 0.01-0.1 s (0.00-0.03 s) for ``DELETE`` of the few rows a
test leaves (docs/development.md, "Suite time"). Every foreign key Django creates on
PostgreSQL is ``DEFERRABLE INITIALLY DEFERRED``, so the deletes run in any order and
the keys are checked at the flush's commit: a key that is not deferrable makes the
flush fail loudly. Resetting sequences or cascading to tables outside the flush
(neither asked by the suite) keep Django's ``TRUNCATE``.

Only the tests use it: ``django_db_modify_db_settings`` in tests/conftest.py names
this package as the engine when ``DATABASE_URL`` is PostgreSQL (Django's documented
way of subclassing a built-in backend).
"""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return super().sql_flush(style, tables, reset_sequences=reset_sequences,
                                     allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} "
            f"{style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
