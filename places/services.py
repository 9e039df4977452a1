"""Loading the municipality reference data shipped under data/ruhr/."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from operations.caching import changes_public_data
from operations.errors import ServiceError

from .models import District, Municipality, MunicipalityKind


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    districts: int = 0


class ReferenceDataError(ServiceError):
    """Raised with a German message naming file and line."""


def _read_geojson(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        collection = json.load(fh)
    return {feature["properties"]["ags"]: feature for feature in collection["features"]}


@changes_public_data
@transaction.atomic
def load_municipalities(directory: Path | None = None) -> LoadResult:
    """Create or update the districts and municipalities from gemeinden.csv and gemeinden.geojson. Idempotent."""
    directory = directory or settings.RUHR_DATA_DIR
    csv_path = directory / "gemeinden.csv"
    features = _read_geojson(directory / "gemeinden.geojson")
    result = LoadResult()
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            ags = (row.get("ags") or "").strip()
            if len(ags) != 8 or not ags.isdigit():
                raise ReferenceDataError(
                    f"{csv_path.name}, Zeile {line_no}, Feld „ags“: kein 8-stelliger Gemeindeschlüssel ({ags!r})."
                )
            feature = features.get(ags)
            if feature is None:
                raise ReferenceDataError(
                    f"{csv_path.name}, Zeile {line_no}: keine Grenze für {ags} in gemeinden.geojson."
                )
            props = feature["properties"]
            district = None
            if not props.get("kreisfrei"):
                district, created = District.objects.get_or_create(
                    ags=props["kreis_ags"], defaults={"name": props["kreis"], "slug": slugify(props["kreis"])}
                )
                result.districts += int(created)
            values = {
                "name": row["name"],
                "official_name": props.get("name_official", ""),
                "slug": slugify(row["name"]),
                "kind": MunicipalityKind.INDEPENDENT_CITY
                if props.get("kreisfrei")
                else MunicipalityKind.DISTRICT_MUNICIPALITY,
                "district": district,
                "population": int(row["population"]),
                "population_date": date.fromisoformat(props["population_date"])
                if props.get("population_date")
                else None,
                "area_km2": Decimal(row["area_km2"]),
                "latitude": float(row["lat"]),
                "longitude": float(row["lon"]),
                "geometry": feature["geometry"],
            }
            existing = Municipality.objects.filter(ags=ags).first()
            if existing is None:
                Municipality.objects.create(ags=ags, **values)
                result.created += 1
                continue
            changed = [k for k, v in values.items() if getattr(existing, k) != v]
            if changed:
                for key in changed:
                    setattr(existing, key, values[key])
                existing.save(update_fields=changed)
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def ensure_municipalities() -> None:
    if not Municipality.objects.exists():
        load_municipalities()
