"""The distinct stems of an index built before `SearchWord` existed (derived data; no rebuild needed)."""

from django.db import migrations


def fill(apps, schema_editor):
    SearchTerm = apps.get_model("portal", "SearchTerm")
    SearchWord = apps.get_model("portal", "SearchWord")
    terms = SearchTerm.objects.order_by().values_list("term", flat=True).distinct()
    SearchWord.objects.bulk_create(
        (SearchWord(term=t) for t in terms.iterator()), batch_size=5000, ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_search_words")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
