"""The DCAT-AP.de catalogue of the open datasets, as one RDF graph serialised to Turtle and JSON-LD.

It reads the dataset registry, so every dataset offered for download is
described here with one distribution per format, and GovData / Open.NRW can
harvest it. Licence, publisher and contact come from settings (OPEN_DATA_*).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from operations import site
from places.models import Municipality
from sources.models import SourceDocument

from . import published
from .exports import formats_for
from .registry import open_datasets

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
GEOSPARQL_WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")

EU = "http://publications.europa.eu/resource/authority/"
THEME_TAXONOMY = URIRef(f"{EU}data-theme")
THEMES = (URIRef(f"{EU}data-theme/GOVE"), URIRef(f"{EU}data-theme/REGI"), URIRef(f"{EU}data-theme/ECON"))
# The files are generated from the live registry on every request: always there, no planned end.
AVAILABILITY = URIRef(f"{EU}planned-availability/STABLE")
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
OPENAPI = URIRef("https://spec.openapis.org/oas/v3.1.0")
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
# What a person deciding between the files needs to know (dct:description of each distribution).
FORMAT_DESCRIPTIONS = {
    "csv": "Für Programme: UTF-8 ohne BOM, Komma als Trennzeichen, Punkt als Dezimalzeichen, maschinenlesbare "
    "Spaltennamen und Codes. Spalten, Typen und Einheiten beschreibt datapackage.json.",
    "excel.csv": "Für Microsoft Excel mit deutschen Einstellungen: UTF-8 mit BOM, Semikolon als Trennzeichen, "
    "Dezimalkomma, deutsche Spaltennamen und Bezeichnungen.",
    "xlsx": "Excel-Arbeitsmappe mit typisierten Zellen und einem Blatt „Hinweise“ zu Lizenz und Spalten.",
    "json": "JSON mit Lizenz, Quelle und Erstellungszeitpunkt; je Eintrag dieselben Felder wie die CSV-Datei.",
    "geojson": "GeoJSON (WGS 84) mit den Gemeindegrenzen und den Angaben je Kommune als Eigenschaften.",
}
# Labels of the vocabulary entries the catalogue points to: the mandatory shapes want a skos:prefLabel on every
# skos:Concept and a title on the theme scheme, and a harvester validating offline has no EU tables to look them up.
CONCEPT_LABELS = {
    URIRef(f"{EU}data-theme/GOVE"): "Regierung und öffentlicher Sektor",
    URIRef(f"{EU}data-theme/REGI"): "Regionen und Städte",
    URIRef(f"{EU}data-theme/ECON"): "Wirtschaft und Finanzen",
    AVAILABILITY: "stabil",
    PUBLISHER_TYPE: "Regionalbehörde",
}
PROGRAMME_START = date(2018, 1, 1)
NRW_STATE_KEY = "05"
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"


def build_graph(request: HttpRequest | None = None) -> Graph:
    def absolute(path: str) -> str:
        return site.absolute(path, request)

    g = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatde", DCATDE),
        ("dcatap", DCATAP),
        ("locn", LOCN),
        ("adms", ADMS),
        ("skos", SKOS),
    ):
        g.bind(prefix, namespace)

    def typed(node: URIRef, kind: URIRef) -> URIRef:
        # The range shapes check the class of every object; the EU vocabularies are not loaded by a harvester
        # that validates offline, so the catalogue states the class of each object it points to.
        g.add((node, RDF.type, kind))
        if node in CONCEPT_LABELS:
            g.add((node, SKOS.prefLabel, Literal(CONCEPT_LABELS[node], lang="de")))
        return node

    site_root = absolute("/")
    catalog = URIRef(absolute(reverse("opendata:catalog_ttl")))
    publisher = URIRef(settings.OPEN_DATA_PUBLISHER_URI or site_root)
    licence = typed(URIRef(settings.OPEN_DATA_LICENSE), DCTERMS.LicenseDocument)
    data_page = typed(URIRef(absolute(reverse("opendata:data"))), FOAF.Document)
    modified = published.last_modified() or timezone.now()
    # Issued when the first edition was published, as a document states it (the report itself or its press
    # release); the day a copy was imported here is no publication date. Unknown: no dct:issued at all
    # (a later edition's date would claim the data appeared later than it did).
    first_edition = published.reports().exclude(as_of=None).order_by("as_of").first()
    issued = first_edition.date if first_edition is not None else None
    last_document = SourceDocument.objects.exclude(as_of=None).order_by("-as_of").first()
    themes = [typed(theme, SKOS.Concept) for theme in THEMES]
    typed(THEME_TAXONOMY, SKOS.ConceptScheme)
    g.add((THEME_TAXONOMY, DCTERMS.title, Literal("Datenthemen (EU-Vokabular data-theme)", lang="de")))

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER, lang="de")))
    g.add((publisher, DCTERMS.type, typed(PUBLISHER_TYPE, SKOS.Concept)))

    contact = BNode()
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(settings.OPEN_DATA_PUBLISHER, lang="de")))
    if settings.OPEN_DATA_CONTACT_EMAIL:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}")))
    g.add((contact, VCARD.hasURL, data_page))

    spatial = BNode()
    g.add((spatial, RDF.type, DCTERMS.Location))
    g.add((spatial, LOCN.geographicName, Literal("Ruhrgebiet", lang="de")))
    box = _bounding_box()
    if box:
        bbox, centroid = box
        g.add((spatial, DCAT.bbox, Literal(bbox, datatype=GEOSPARQL_WKT)))
        g.add((spatial, DCAT.centroid, Literal(centroid, datatype=GEOSPARQL_WKT)))
    # DCAT-AP.de 3.0 names the places of the political geocoding as dct:spatial (dcatde:politicalGeocodingURI
    # is deprecated): the state and each of the 53 municipalities.
    places = [typed(URIRef(f"{GEOCODING}stateKey/{NRW_STATE_KEY}"), DCTERMS.Location)]
    places += [
        typed(URIRef(f"{GEOCODING}municipalityKey/{ags}"), DCTERMS.Location)
        for ags in Municipality.objects.order_by("ags").values_list("ags", flat=True)
    ]

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
    g.add((catalog, FOAF.homepage, data_page))
    g.add((catalog, DCTERMS.language, typed(URIRef(f"{EU}language/DEU"), DCTERMS.LinguisticSystem)))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, DCAT.themeTaxonomy, THEME_TAXONOMY))
    if issued is not None:
        # The catalogue's data appeared with the first edition; the day of a local import is no such date.
        g.add((catalog, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    g.add((catalog, DCTERMS.modified, Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add((catalog, DCTERMS.spatial, spatial))

    service = URIRef(absolute("/api/v1/"))
    g.add((catalog, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("Ruhr-Monitor REST-API", lang="de")))
    g.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "Lesender Zugriff auf alle veröffentlichten Datensätze als JSON, mit denselben Filtern wie die "
                "Downloads; beschrieben als OpenAPI 3.1.",
                lang="de",
            ),
        )
    )
    g.add((service, DCTERMS.publisher, publisher))
    g.add((service, DCAT.contactPoint, contact))
    for theme in themes:
        g.add((service, DCAT.theme, theme))
    for keyword in ("Ruhr-Konferenz", "API", "offene Daten"):
        g.add((service, DCAT.keyword, Literal(keyword, lang="de")))
    g.add((service, DCTERMS.conformsTo, typed(OPENAPI, DCTERMS.Standard)))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.endpointDescription, URIRef(absolute("/api/v1/openapi.json"))))
    g.add((service, DCTERMS.license, licence))
    g.add((service, DCTERMS.accessRights, typed(URIRef(f"{EU}access-right/PUBLIC"), DCTERMS.RightsStatement)))

    frequency = typed(URIRef(f"{EU}frequency/IRREG"), DCTERMS.Frequency)
    access = typed(URIRef(f"{EU}access-right/PUBLIC"), DCTERMS.RightsStatement)
    availability = typed(AVAILABILITY, SKOS.Concept)
    level = URIRef(f"{GEOCODING}Level/municipality")
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
        for theme in themes:
            g.add((node, DCAT.theme, theme))
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCAT.contactPoint, contact))
        if settings.OPEN_DATA_CONTRIBUTOR_ID:
            g.add((node, DCATDE.contributorID, URIRef(settings.OPEN_DATA_CONTRIBUTOR_ID)))
        # New reports arrive every one or two years, corrections at any time.
        g.add((node, DCTERMS.accrualPeriodicity, frequency))
        g.add((node, DCTERMS.modified, Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
        if issued is not None:
            g.add((node, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
        g.add((node, DCTERMS.temporal, temporal))
        g.add((node, DCTERMS.spatial, spatial))
        for place in places:
            g.add((node, DCTERMS.spatial, place))
        g.add((node, DCATDE.politicalGeocodingLevelURI, level))
        g.add((node, DCAT.landingPage, data_page))
        g.add((node, DCTERMS.accessRights, access))
        for fmt in formats_for(dataset):
            url = URIRef(absolute(reverse("opendata:download", args=[dataset.slug, fmt.key])))
            distribution = URIRef(f"{url}#distribution")
            g.add((node, DCAT.distribution, distribution))
            g.add((distribution, RDF.type, DCAT.Distribution))
            g.add((distribution, DCTERMS.title, Literal(f"{dataset.title} – {fmt.label}", lang="de")))
            g.add((distribution, DCTERMS.description, Literal(FORMAT_DESCRIPTIONS[fmt.key], lang="de")))
            g.add((distribution, DCAT.accessURL, url))
            g.add((distribution, DCAT.downloadURL, url))
            g.add(
                (
                    distribution,
                    DCTERMS.format,
                    typed(URIRef(f"{EU}file-type/{FILE_TYPES[fmt.key]}"), DCTERMS.MediaTypeOrExtent),
                )
            )
            g.add(
                (
                    distribution,
                    DCAT.mediaType,
                    typed(
                        URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt.key]}"),
                        DCTERMS.MediaType,
                    ),
                )
            )
            g.add((distribution, DCATAP.availability, availability))
            g.add((distribution, DCTERMS.license, licence))
            g.add((distribution, DCATDE.licenseAttributionByText, Literal(settings.OPEN_DATA_ATTRIBUTION, lang="de")))
            g.add(
                (distribution, DCTERMS.modified, Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime))
            )
    return g


def _bounding_box() -> tuple[str, str] | None:
    """WKT polygon around all municipality boundaries (the Ruhr area) and the WKT point at its centre."""
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
    centre = f"POINT({round((w + e) / 2, 5)} {round((s + n) / 2, 5)})"
    return f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))", centre


def turtle(request: HttpRequest | None = None) -> bytes:
    return build_graph(request).serialize(format="turtle", encoding="utf-8")


def jsonld(request: HttpRequest | None = None) -> bytes:
    return build_graph(request).serialize(format="json-ld", encoding="utf-8", indent=1)
