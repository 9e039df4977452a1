"""Alphabetical order as a German reader expects it, on both database engines.

SQLite compares bytes, so "ÖPNV-Initiative" came after "Zukunftscampus" and "chemstars.nrw" after every
capital letter; PostgreSQL follows the database's collation, which may well be "C". Lists sorted "A–Z" order
by `GermanOrder(field)`: on PostgreSQL the ICU collation "de-x-icu" (Debian's server is built with ICU), on
SQLite a collation registered on every connection that applies DIN 5007-1 (umlauts as their base letter,
ß as ss, case ignored) and breaks ties by the text itself, so the order is total and stable.
"""

from __future__ import annotations

import unicodedata

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.functions import Collate

SQLITE_COLLATION = "german"
POSTGRESQL_COLLATION = "de-x-icu"


def sort_key(text: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), text


def _compare(a: str, b: str) -> int:
    left, right = sort_key(a), sort_key(b)
    return (left > right) - (left < right)


class GermanOrder(Collate):
    def __init__(self, expression):
        super().__init__(expression, SQLITE_COLLATION)

    def as_postgresql(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(POSTGRESQL_COLLATION)
        return self.as_sql(compiler, connection, **extra_context)


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


def connect() -> None:
    connection_created.connect(_register, dispatch_uid="operations-collation-german")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _register(None, connection)
