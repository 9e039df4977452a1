"""A synthetic programme at scale, written with bulk_create in batches: how many rows per second?

Usage:
  .venv/bin/python bench/synthetic_programme.py                       # small: 1,000 projects, in-memory SQLite
  DATABASE_URL=postgres://… .venv/bin/python bench/synthetic_programme.py --projects 100000 \
      --municipalities 500 --milestones 2000000 --periods 5 [--format json] [--no-index]

Writes into the database named by DATABASE_URL (migrated first; it should be empty): the programme's
reference data, the 53 Ruhr municipalities plus synthetic ones up to --municipalities, one progress
report per period (a SourceDocument), and per project: title and summary in German-like text, a
status record and a funding statement per period, milestones spread over the periods, report sections
(newest period), 1–4 local references, and the provenance rows that make it public. Then it builds
the search index (unless --no-index). Prints rows, seconds and rows/s per table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SYLLABLES = [
    "ruhr",
    "metro",
    "bild",
    "ung",
    "zent",
    "rum",
    "werk",
    "stadt",
    "quar",
    "tier",
    "wasser",
    "stoff",
    "energie",
    "netz",
    "mobil",
    "ität",
    "forsch",
    "campus",
    "grün",
    "fläche",
    "hafen",
    "brache",
    "kultur",
    "sport",
    "arbeit",
    "schule",
    "kita",
    "wald",
    "klima",
    "zug",
    "rad",
    "weg",
    "labor",
    "gründ",
    "er",
]
NOUNS = [
    "Mobilitätszentrale",
    "Wasserstoffnetz",
    "Gründerzentrum",
    "Radschnellweg",
    "Quartierszentrum",
    "Forschungscampus",
    "Klimaresilienz",
    "Brachflächenrecycling",
    "Fachkräfteallianz",
    "Bildungsoffensive",
    "Kulturhauptstadt",
    "Sportpark",
    "Innovationslabor",
    "Digitalagentur",
    "Gesundheitsregion",
    "Hafenareal",
]
ADJECTIVES = ["regionale", "vernetzte", "nachhaltige", "digitale", "klimaneutrale", "interkommunale", "innovative"]
VERBS = ["stärkt", "verbindet", "fördert", "entwickelt", "qualifiziert", "begleitet", "erschließt", "vernetzt"]
OBJECTS = [
    "die Metropole Ruhr",
    "kleine und mittlere Unternehmen",
    "Schülerinnen und Schüler",
    "die Quartiere",
    "Hochschulen und Betriebe",
    "die Kommunen im Revier",
    "junge Menschen",
    "die Wasserstoffwirtschaft",
]
SECTIONS = [
    ("mehrwert", "Mehrwert"),
    ("vorgehen", "Vorgehen"),
    ("aktueller_stand", "Aktueller Stand"),
    ("ausblick", "Ausblick"),
]
STATUSES = ["in_progress", "completed", "continued", "not_pursued"]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


class Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def word(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4))).capitalize()

    def title(self) -> str:
        r = self.rng
        return f"{r.choice(ADJECTIVES).capitalize()} {r.choice(NOUNS)} {self.word()}"

    def sentence(self) -> str:
        r = self.rng
        return f"Das Projekt {r.choice(VERBS)} {r.choice(OBJECTS)} mit einem {r.choice(ADJECTIVES)}n {r.choice(NOUNS)} in {self.word()}."

    def paragraph(self, n: int = 3) -> str:
        return " ".join(self.sentence() for _ in range(n))


class Writer:
    """bulk_create in batches, timed per model."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.stats: dict[str, list[float]] = {}

    def write(self, model, rows: list) -> list:
        started = time.perf_counter()
        created = model.objects.bulk_create(rows, batch_size=self.batch)
        entry = self.stats.setdefault(model._meta.label, [0, 0.0])
        entry[0] += len(rows)
        entry[1] += time.perf_counter() - started
        return created


def generate(args) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction

    from places.models import FundingBasis, LocalReference, Municipality, MunicipalityKind
    from places.services import load_municipalities
    from portal.indexing import index_projects
    from programmes.models import (
        ActionField,
        FundingStatement,
        Milestone,
        Ministry,
        Project,
        ProjectSection,
        StatusRecord,
    )
    from programmes.services import ensure_reference_data
    from sources.models import DocumentKind, Provenance, SourceDocument

    rng = random.Random(args.seed)
    words = Words(rng)
    writer = Writer(args.batch)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    programme = ensure_reference_data()
    load_municipalities()
    fields = list(ActionField.objects.all())
    ministries = list(Ministry.objects.all())
    existing = Municipality.objects.count()
    extra = [
        Municipality(
            ags=f"09{900000 + i:06d}",
            name=f"{words.word()}stadt",
            slug=f"synthetisch-{i}",
            kind=MunicipalityKind.choices[0][0],
            population=rng.randint(5_000, 300_000),
        )
        for i in range(max(0, args.municipalities - existing))
    ]
    writer.write(Municipality, extra)
    municipalities = list(Municipality.objects.values_list("pk", flat=True))

    documents = writer.write(
        SourceDocument,
        [
            SourceDocument(
                kind=DocumentKind.PROGRESS_REPORT,
                title=f"Synthetischer Fortschrittsbericht {2020 + p}",
                filename=f"synthetisch-{2020 + p}.txt",
                sha256=f"{args.seed:08x}{p:056x}",
                date=date(2020 + p, 12, 31),
                as_of=date(2020 + p, 12, 31),
                year=2020 + p,
                text="(synthetisch)",
            )
            for p in range(args.periods)
        ],
    )
    newest = documents[-1]
    project_type = ContentType.objects.get_for_model(Project)
    milestones_per_project = max(0, args.milestones // max(1, args.projects))

    chunk = args.batch
    for offset in range(0, args.projects, chunk):
        with transaction.atomic():
            projects = writer.write(
                Project,
                [
                    Project(
                        programme=programme,
                        code=f"{(n % 99) + 1:02d}-{n // 99:05d}",
                        title=words.title(),
                        slug=f"p{n}",
                        action_field=rng.choice(fields),
                        ministry=rng.choice(ministries),
                        status=rng.choice(STATUSES),
                        summary=words.paragraph(2),
                    )
                    for n in range(offset, min(args.projects, offset + chunk))
                ],
            )
            statuses, funding, milestones, sections, references, provenance = [], [], [], [], [], []
            for project in projects:
                for document in documents:
                    statuses.append(
                        StatusRecord(project=project, document=document, status=project.status, wording="in Umsetzung")
                    )
                    volume = Decimal(rng.randint(1, 5000) * 10_000)
                    funding.append(
                        FundingStatement(
                            project=project,
                            document=document,
                            text=f"Projektvolumen: {volume} Euro",
                            volume_eur=volume,
                            state_share_percent=Decimal(rng.choice([50, 80, 90, 100])),
                        )
                    )
                for position in range(milestones_per_project):
                    document = documents[position * len(documents) // max(1, milestones_per_project)]
                    milestones.append(
                        Milestone(
                            project=project,
                            document=document,
                            position=position,
                            year=2018 + position % 10,
                            month=rng.randint(1, 12),
                            text=words.sentence(),
                        )
                    )
                for position, (key, heading) in enumerate(SECTIONS):
                    sections.append(
                        ProjectSection(
                            project=project,
                            document=newest,
                            key=key,
                            heading=heading,
                            text=words.paragraph(3),
                            position=position,
                        )
                    )
                for municipality in rng.sample(municipalities, rng.randint(1, 4)):
                    references.append(
                        LocalReference(
                            project=project,
                            municipality_id=municipality,
                            description=words.sentence(),
                            funding_eur=Decimal(rng.randint(1, 500) * 1_000),
                            funding_basis=FundingBasis.EXACT,
                        )
                    )
                provenance.append(
                    Provenance(
                        content_type=project_type,
                        object_id=project.pk,
                        field="title",
                        document=newest,
                        start_line=1,
                        end_line=1,
                        value=project.title,
                    )
                )
            writer.write(StatusRecord, statuses)
            writer.write(FundingStatement, funding)
            writer.write(Milestone, milestones)
            writer.write(ProjectSection, sections)
            writer.write(LocalReference, references)
            writer.write(Provenance, provenance)
        if args.progress:
            print(f"  {min(args.projects, offset + chunk)} / {args.projects} Projekte", file=sys.stderr, flush=True)

    index_seconds = None
    if args.index:
        t = time.perf_counter()
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        for i in range(0, len(ids), 2000):
            index_projects(ids[i : i + 2000])
        index_seconds = time.perf_counter() - t
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh bulk-loaded tables have no statistics yet; without them the planner guesses badly.
            cursor.execute("ANALYZE")
            # The settings docs/operations.md recommends (SSD storage; a search's grouping of tens of thousands of
            # hits kept in memory instead of spilling to disk), so the bench measures the documented set-up.
            name = connection.settings_dict["NAME"]
            cursor.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
            cursor.execute(f"ALTER DATABASE \"{name}\" SET work_mem = '32MB'")
    total = time.perf_counter() - started
    rows = sum(n for n, _ in writer.stats.values())
    write_seconds = sum(s for _, s in writer.stats.values())
    return {
        "scale": {
            "projects": args.projects,
            "municipalities": args.municipalities,
            "milestones": args.milestones,
            "periods": args.periods,
        },
        "database": os.environ["DATABASE_URL"].split("@")[-1],
        "tables": {
            label: {"rows": n, "seconds": round(s, 2), "rows_per_s": round(n / s) if s else None}
            for label, (n, s) in writer.stats.items()
        },
        "rows": rows,
        "write_seconds": round(write_seconds, 2),
        "rows_per_s": round(rows / write_seconds) if write_seconds else None,
        "search_index_seconds": round(index_seconds, 2) if index_seconds is not None else None,
        "total_seconds": round(total, 2),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--municipalities", type=int, default=100)
    parser.add_argument("--milestones", type=int, default=20000)
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--no-index", dest="index", action="store_false")
    parser.add_argument("--progress", action="store_true")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    setup_django()
    result = generate(args)
    if args.format == "json":
        print(json.dumps(result, indent=2))
        return
    print(f"Synthetisches Programm: {result['scale']} in {result['database']}")
    print(f"{'Tabelle':32} {'Zeilen':>10} {'s':>8} {'Zeilen/s':>10}")
    for label, t in result["tables"].items():
        print(f"{label:32} {t['rows']:>10} {t['seconds']:>8} {t['rows_per_s'] or '-':>10}")
    print(f"{'gesamt (Schreiben)':32} {result['rows']:>10} {result['write_seconds']:>8} {result['rows_per_s']:>10}")
    if result["search_index_seconds"] is not None:
        print(f"Suchindex: {result['search_index_seconds']} s; insgesamt {result['total_seconds']} s")


if __name__ == "__main__":
    main()
