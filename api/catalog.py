"""The DCAT-AP.de catalogue of the open datasets, as one RDF graph serialised to Turtle and JSON-LD.

It reads the dataset registry, so every dataset offered for download is
described here with one distribution per format, and GovData / Open.NRW can
harvest it. Licence, publisher and contact come from settings (OPEN_DATA_*).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from places.models import Municipality
from sources.models import SourceDocument

from . import published
from .exports import formats_for
from .registry import open_datasets

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
ADMS = Namespace("http://www.w3.org/ns/adms#")

EU = "http://publications.europa.eu/resource/authority/"
THEMES = (URIRef(f"{EU}data-theme/GOVE"), URIRef(f"{EU}data-theme/REGI"), URIRef(f"{EU}data-theme/ECON"))
FILE_TYPES = {
    "csv": "CSV",
    "excel.csv": "CSV",
    "xlsx": "XLSX",
    "json": "JSON",
    "geojson": "GEOJSON",
}
MEDIA_TYPES = {
    "csv": "text/csv",
    "excel.csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "geojson": "application/geo+json",
}
PROGRAMME_START = date(2018, 1, 1)
NRW_STATE_KEY = "05"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_graph() -> Graph:
    g = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatde", DCATDE),
        ("locn", LOCN),
        ("adms", ADMS),
    ):
        g.bind(prefix, namespace)

    site = absolute("/")
    catalog = URIRef(absolute(reverse("api:catalog_ttl")))
    publisher = URIRef(settings.OPEN_DATA_PUBLISHER_URI or site)
    licence = URIRef(settings.OPEN_DATA_LICENSE)
    modified = published.last_modified() or timezone.now()
    # Issued when the first edition was published, as a document states it (the report itself or its press
    # release); the day a copy was imported here is no publication date. Unknown: no dct:issued at all
    # (a later edition's date would claim the data appeared later than it did).
    first_edition = published.reports().exclude(as_of=None).order_by("as_of").first()
    issued = first_edition.date if first_edition is not None else None
    last_document = SourceDocument.objects.exclude(as_of=None).order_by("-as_of").first()

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER, lang="de")))

    contact = BNode()
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(settings.OPEN_DATA_PUBLISHER, lang="de")))
    if settings.OPEN_DATA_CONTACT_EMAIL:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}")))
    g.add((contact, VCARD.hasURL, URIRef(absolute(reverse("api:data")))))

    spatial = BNode()
    g.add((spatial, RDF.type, DCTERMS.Location))
    g.add((spatial, LOCN.geographicName, Literal("Ruhrgebiet", lang="de")))
    box = _bounding_box()
    if box:
        g.add((spatial, DCAT.bbox, Literal(box, datatype=URIRef("http://www.opengis.net/ont/geosparql#wktLiteral"))))

    temporal = BNode()
    g.add((temporal, RDF.type, DCTERMS.PeriodOfTime))
    g.add((temporal, DCAT.startDate, Literal(PROGRAMME_START.isoformat(), datatype=XSD.date)))
    if last_document is not None:
        g.add((temporal, DCAT.endDate, Literal(last_document.as_of.isoformat(), datatype=XSD.date)))

    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("Ruhr-Monitor: offene Daten der Ruhr-Konferenz", lang="de")))
    g.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Projekte, Status, Meilensteine, Projektvolumen und Ortsbezüge der Ruhr-Konferenz des Landes "
                "Nordrhein-Westfalen für die 53 Kommunen des Ruhrgebiets, mit Quellenangabe je Wert.",
                lang="de",
            ),
        )
    )
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, FOAF.homepage, URIRef(absolute(reverse("api:data")))))
    g.add((catalog, DCTERMS.language, URIRef(f"{EU}language/DEU")))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, DCTERMS.modified, Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add((catalog, DCTERMS.spatial, spatial))

    service = URIRef(absolute("/api/v1/"))
    g.add((catalog, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("Ruhr-Monitor REST-API", lang="de")))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.endpointDescription, URIRef(absolute("/api/v1/openapi.json"))))
    g.add((service, DCTERMS.license, licence))

    municipality_keys = list(Municipality.objects.order_by("ags").values_list("ags", flat=True))
    for dataset in open_datasets():
        node = URIRef(absolute(reverse("api:v1:dataset", args=[dataset.slug])))
        g.add((catalog, DCAT.dataset, node))
        g.add((service, DCAT.servesDataset, node))
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(f"ruhr-monitor-{dataset.slug}")))
        g.add((node, DCTERMS.title, Literal(dataset.title, lang="de")))
        g.add((node, DCTERMS.description, Literal(dataset.description, lang="de")))
        for keyword in dataset.keywords:
            g.add((node, DCAT.keyword, Literal(keyword, lang="de")))
        for theme in THEMES:
            g.add((node, DCAT.theme, theme))
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCATDE.maintainer, publisher))
        g.add((node, DCAT.contactPoint, contact))
        if settings.OPEN_DATA_CONTRIBUTOR_ID:
            g.add((node, DCATDE.contributorID, URIRef(settings.OPEN_DATA_CONTRIBUTOR_ID)))
        # New reports arrive every one or two years, corrections at any time.
        g.add((node, DCTERMS.accrualPeriodicity, URIRef(f"{EU}frequency/IRREG")))
        g.add((node, DCTERMS.modified, Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
        if issued is not None:
            g.add((node, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
        g.add((node, DCTERMS.temporal, temporal))
        g.add((node, DCTERMS.spatial, spatial))
        g.add(
            (
                node,
                DCATDE.politicalGeocodingLevelURI,
                URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality"),
            )
        )
        g.add(
            (
                node,
                DCATDE.politicalGeocodingURI,
                URIRef(f"http://dcat-ap.de/def/politicalGeocoding/stateKey/{NRW_STATE_KEY}"),
            )
        )
        for ags in municipality_keys:
            g.add(
                (
                    node,
                    DCATDE.politicalGeocodingURI,
                    URIRef(f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{ags}"),
                )
            )
        g.add((node, DCAT.landingPage, URIRef(absolute(reverse("api:data")))))
        g.add((node, DCTERMS.accessRights, URIRef(f"{EU}access-right/PUBLIC")))
        for fmt in formats_for(dataset):
            url = URIRef(absolute(reverse("api:download", args=[dataset.slug, fmt.key])))
            distribution = URIRef(f"{url}#distribution")
            g.add((node, DCAT.distribution, distribution))
            g.add((distribution, RDF.type, DCAT.Distribution))
            g.add((distribution, DCTERMS.title, Literal(f"{dataset.title} – {fmt.label}", lang="de")))
            g.add((distribution, DCAT.accessURL, url))
            g.add((distribution, DCAT.downloadURL, url))
            g.add((distribution, DCTERMS.format, URIRef(f"{EU}file-type/{FILE_TYPES[fmt.key]}")))
            g.add(
                (
                    distribution,
                    DCAT.mediaType,
                    URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt.key]}"),
                )
            )
            g.add((distribution, DCTERMS.license, licence))
            g.add((distribution, DCATDE.licenseAttributionByText, Literal(settings.OPEN_DATA_ATTRIBUTION, lang="de")))
            g.add(
                (distribution, DCTERMS.modified, Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime))
            )
    return g


def _bounding_box() -> str | None:
    """WKT polygon around all municipality boundaries (the Ruhr area)."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords):
        if coords and isinstance(coords[0], int | float):
            xs.append(coords[0])
            ys.append(coords[1])
            return
        for item in coords:
            walk(item)

    for geometry in Municipality.objects.exclude(geometry=None).values_list("geometry", flat=True):
        walk(geometry.get("coordinates", []))
    if not xs:
        return None
    w, e, s, n = min(xs), max(xs), min(ys), max(ys)
    return f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"


def turtle() -> bytes:
    return build_graph().serialize(format="turtle", encoding="utf-8")


def jsonld() -> bytes:
    return build_graph().serialize(format="json-ld", encoding="utf-8", indent=1)
