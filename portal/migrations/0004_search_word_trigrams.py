"""A trigram index for the infix match of the search ("Fläche" inside "Brachflächenrecycling"), PostgreSQL only.

`term LIKE '%flach%'` cannot use a B-tree; at a nationwide programme's vocabulary (600,000
stems) the sequential scan alone costs 30 ms per query stem. pg_trgm's GIN index answers the
same LIKE with the same rows, so results stay identical on every engine; SQLite (small
programmes) keeps the scan. pg_trgm is a trusted extension: the database owner may create it.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_word_trigram_idx ON portal_searchword USING gin (term gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS search_word_trigram_idx"]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_fill_search_words")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]
