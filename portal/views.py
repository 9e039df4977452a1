"""Public pages. Thin: reads come from querysets, `places.figures`, `portal.filters` and `portal.maps`.

Every read of projects starts from `Project.objects.published()`; a project
that no published document states is shown nowhere (404 on its own URL).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from operations.caching import memoized
from operations.uploads import CAPTIONS_MEDIA_TYPE, IMAGE_TYPES, VIDEO_TYPES, attachment_headers, safe_media_type
from places import attribution, figures
from places.models import District, LocalReference, Municipality
from programmes import funding as funding_fields
from programmes.models import ActionField, Ministry, Project, ProjectPhoto
from sources.models import DocumentKind, Provenance, SourceDocument
from sources.printed_pages import printed_page

from . import indicator_views, maps
from .charts import status_chart
from .content import DEFAULT_PAGES, render_body
from .filters import SORTS, ProjectFilterForm, ResultPaginator, apply
from .models import ContentPage, SignLanguageTopic, SignLanguageVideo

PAGE_SIZE = 20
MAP_MODES = {"projekte": gettext_lazy("Anzahl der Projekte"), "foerderung": gettext_lazy("zugeordnete Förderung")}


# --- start ----------------------------------------------------------------------------------


@require_safe
def start(request):
    matrix = figures.status_matrix()
    places = figures.municipality_figures()
    mode = request.GET.get("karte") if request.GET.get("karte") in MAP_MODES else "projekte"
    report = figures.newest_progress_report()
    return render(
        request,
        "portal/start.html",
        {
            "matrix": matrix,
            "chart": status_chart(matrix),
            "funding": figures.funding_total(),
            "report": report,
            "report_summary": report.summary if report and report.summary.get("total") else None,
            "changes": figures.latest_changes(),
            "map": _choropleth(places, mode),
            "map_mode": mode,
            "map_modes": MAP_MODES,
            "places": places,
            "region_wide": figures.published().filter(region_wide=True).count(),
            "action_fields": ActionField.objects.all(),
        },
    )


def _choropleth(places: list[figures.PlaceFigures], mode: str) -> dict:
    base = maps.base_map()
    if mode == "foerderung":
        values = {p.municipality.slug: p.funding for p in places}
        bounds, legend = maps.legend_for(list(values.values()), _euro)
    else:
        values = {p.municipality.slug: p.projects for p in places}
        bounds, legend = maps.legend_for(list(values.values()), str)
    areas = []
    for p in places:
        shape = base.shapes.get(p.municipality.slug)
        if shape is None:
            continue
        value = values[p.municipality.slug]
        if mode == "foerderung":
            label = _("%(name)s: %(value)s zugeordnete Förderung") % {
                "name": p.municipality.name,
                "value": (_("rund %s") % _euro(value) if p.approx else _euro(value)) if value else _("keine Angabe"),
            }
        else:
            label = _("%(name)s: %(count)s Projekte mit Ortsbezug") % {"name": p.municipality.name, "count": value}
        p.shade = maps.shade(value, bounds)
        areas.append(maps.Area(shape, p.municipality.get_absolute_url(), label, p.shade))
    return {
        "base": base,
        "areas": areas,
        "legend": legend,
        "title": MAP_MODES[mode],
        "tiles": maps.tiles(base, settings.PORTAL_MAP_TILE_URL),
    }


def _highlight_map(selected: set[str], *, link_selected: bool = True) -> dict:
    """All municipalities in grey, the selected ones dark (and linked)."""
    base = maps.base_map()
    areas = []
    for slug, shape in base.shapes.items():
        current = slug in selected
        areas.append(
            maps.Area(
                shape,
                reverse("portal:municipality", args=[slug]) if current and link_selected else None,
                shape.name,
                5 if current else 0,
                current=current,
            )
        )
    # Selected ones last, so their outline is drawn on top.
    areas.sort(key=lambda a: a.current)
    return {"base": base, "areas": areas, "tiles": maps.tiles(base, settings.PORTAL_MAP_TILE_URL)}


def _euro(value) -> str:
    from .templatetags.portal_tags import euro

    return euro(value)


# --- projects -------------------------------------------------------------------------------


@require_safe
def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    result = apply(form)
    paginator = ResultPaginator(result.projects, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    sort_query = query.copy()
    sort_query.pop("sortierung", None)
    context = {
        "form": form,
        "filter_fields": [
            (form[name], form.values.get(name, ""))
            for name in ("handlungsfeld", "status", "ressort", "kommune", "saeule", "foerderung")
        ],
        "page": page,
        "paginator": paginator,
        # first, last and the pages around the current one: 100,000 hits would otherwise link 5,000 pages
        "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "sort": result.sort,
        "chosen_sort": form.values.get("sortierung", ""),
        "sorts": [(key, label) for key, (label, _o) in SORTS.items() if key != "relevanz" or result.query_terms],
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "active": form.active_filters(),
        "searching": bool(result.query_terms),
        "total": memoized("portal-published-count", figures.published().count)
        if form.active_filters()
        else paginator.count,
    }
    # htmx asks for the result list only; the history restore of htmx wants the whole page.
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "portal/includes/project_results.html" if partial else "portal/project_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _parliamentary_questions(project) -> dict:
    """Answered Kleine Anfragen that name the project, and answer documents stating it that are no such record."""
    from answers.models import ParliamentaryQuestion

    questions = list(ParliamentaryQuestion.objects.answered().mentioning(project).order_by("-answered_on"))
    registered = {q.source_document_id for q in questions}
    papers = [p for p in figures.parliamentary_papers(project) if p.pk not in registered]
    return {"papers": papers, "parliamentary_questions": questions}


@require_safe
def project_detail(request, slug: str):
    project = get_object_or_404(
        Project.objects.published().select_related("action_field", "ministry", "parent", "programme"), slug=slug
    )
    funding = project.current_funding()
    statuses = list(project.status_records.newest_first().select_related("document").defer("document__text"))
    references = list(
        project.local_references.select_related("municipality", "municipality__district").order_by("municipality__name")
    )
    reference_sources = _sources_for(LocalReference, [r.pk for r in references])
    money = attribution.project_money({r.project_id for r in references})
    for ref in references:
        ref.sources = reference_sources.get(ref.pk, [])
        ref.share = money[ref.project_id].shares[ref.pk]
    indicators = indicator_views.project_indicators(project)
    # Summary, funding and milestones are shown in their own, structured blocks.
    sections = [
        s
        for s in project.current_sections().select_related("document").defer("document__text")
        if s.key not in ("funding", "summary", "milestones")
    ]
    milestones = list(project.current_milestones().select_related("document").defer("document__text"))
    report = funding.document if funding else (sections[0].document if sections else None)
    return render(
        request,
        "portal/project.html",
        {
            "project": project,
            "funding": funding,
            "funding_rows": funding_fields.statement_rows(funding) if funding else [],
            "funding_correction": funding.correction if funding else None,
            "funding_corrected": funding.corrected_statement() if funding else None,
            "funding_history": project.funding_statements.newest_first().select_related("document"),
            "milestone_years": _group_milestones(milestones),
            "milestones": milestones,
            "milestone_span": (min(m.start_line for m in milestones), max(m.end_line for m in milestones))
            if milestones
            else None,
            "sections": sections,
            "status_records": statuses,
            "references": references,
            "indicators": indicators,
            "subprojects": project.subprojects.all(),
            "children": Project.objects.published().filter(parent=project).order_by("code"),
            **_parliamentary_questions(project),
            "ideas": project.proposal_links.public()
            .select_related("proposal")
            .order_by("proposal__source", "proposal__number"),
            "provenance": Provenance.objects.for_record(project).order_by("field", "-document__as_of"),
            "photos": project.photos.filter(published=True),
            "roles": project.roles.select_related("organisation", "document")
            .defer("document__text")
            .order_by("role", "organisation__name", "start_line"),
            "map": _highlight_map({r.municipality.slug for r in references}) if references else None,
            "page_number": printed_page(report, project.code) if report else None,
            "report": report,
        },
    )


def _group_milestones(milestones) -> list[tuple[str, list]]:
    groups: list[tuple[str, list]] = []
    for m in milestones:
        label = f"{m.year}/{m.year_end}" if m.year_end else str(m.year)
        if groups and groups[-1][0] == label:
            groups[-1][1].append(m)
        else:
            groups.append((label, [m]))
    return groups


def _sources_for(model, pks) -> dict[int, list[Provenance]]:
    from django.contrib.contenttypes.models import ContentType

    result: dict[int, list[Provenance]] = {}
    rows = Provenance.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks)
    ).select_related("document")
    # A full order: PostgreSQL returns rows without ORDER BY in storage order, which a restore changes.
    for prov in rows.order_by("document__as_of", "field", "start_line", "pk"):
        result.setdefault(prov.object_id, []).append(prov)
    return result


# --- places ---------------------------------------------------------------------------------


@require_safe
def municipality_list(request):
    places = figures.municipality_figures()
    mode = request.GET.get("karte") if request.GET.get("karte") in MAP_MODES else "projekte"
    districts = District.objects.order_by("name")
    return render(
        request,
        "portal/municipality_list.html",
        {
            "places": places,
            "map": _choropleth(places, mode),
            "map_mode": mode,
            "map_modes": MAP_MODES,
            "districts": districts,
        },
    )


@require_safe
def municipality_detail(request, slug: str):
    municipality = get_object_or_404(Municipality.objects.select_related("district").defer("geometry"), slug=slug)
    references = list(
        LocalReference.objects.filter(municipality=municipality, project__in=figures.published())
        .select_related("project", "project__action_field", "project__ministry")
        .order_by("project__code", "pk")
    )
    reference_sources = _sources_for(LocalReference, [r.pk for r in references])
    money = attribution.project_money({r.project_id for r in references})
    for ref in references:
        ref.sources = reference_sources.get(ref.pk, [])
        ref.share = money[ref.project_id].shares[ref.pk]
    concerned = {r.project_id for r in references}
    region_wide = (
        figures.published()
        .filter(region_wide=True)
        .exclude(pk__in=concerned)
        .select_related("action_field")
        .order_by("code")
    )
    (place,) = attribution.money_by_place(figures.published(), [municipality])
    neighbours = (
        Municipality.objects.filter(district=municipality.district).exclude(pk=municipality.pk).defer("geometry")
        if municipality.district
        else Municipality.objects.none()
    )
    return render(
        request,
        "portal/municipality.html",
        {
            "municipality": municipality,
            "references": references,
            "region_wide": region_wide,
            "place": place,
            "status_counts": _status_counts([r.project for r in references]),
            "neighbours": neighbours,
            "map": _highlight_map({municipality.slug}, link_selected=False),
        },
    )


def _status_counts(projects) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for p in projects:
        counts[p.status] = counts.get(p.status, 0) + 1
    return [(s.value, s.label, counts[s.value]) for s in figures.STATUS_ORDER if counts.get(s.value)]


# --- action fields and ministries -----------------------------------------------------------


@require_safe
def action_field_list(request):
    matrix = figures.status_matrix()
    fields = ActionField.objects.annotate(
        project_count=Count("projects", filter=Q(projects__in=figures.published()))
    ).order_by("position")
    return render(request, "portal/action_field_list.html", {"fields": fields, "matrix": matrix})


@require_safe
def action_field_detail(request, slug: str):
    field = get_object_or_404(ActionField, slug=slug)
    projects = figures.published().filter(action_field=field)
    return render(request, "portal/group_detail.html", _group_context(field, projects, "handlungsfeld", field.slug))


@require_safe
def ministry_list(request):
    ministries = (
        Ministry.objects.annotate(project_count=Count("projects", filter=Q(projects__in=figures.published())))
        .filter(project_count__gt=0)
        .prefetch_related("names")
        .order_by("name")
    )
    return render(request, "portal/ministry_list.html", {"ministries": ministries})


@require_safe
def ministry_detail(request, slug: str):
    ministry = get_object_or_404(Ministry.objects.prefetch_related("names"), slug=slug)
    projects = figures.published().filter(ministry=ministry)
    context = _group_context(ministry, projects, "ressort", ministry.slug)
    context["former_names"] = [n for n in ministry.names.all() if n.name != ministry.name]
    return render(request, "portal/group_detail.html", context)


def _group_context(group, projects, param: str, value: str) -> dict:
    listing = list(figures.with_current_funding(projects).select_related("action_field", "ministry").order_by("code"))
    matrix = figures.status_matrix(projects)
    return {
        "group": group,
        "kind": "ministry" if param == "ressort" else "action_field",
        "projects": listing,
        "matrix": matrix,
        "chart": status_chart(matrix),
        "funding": figures.funding_total(projects),
        "list_url_query": f"{param}={value}",
    }


# --- documents ------------------------------------------------------------------------------


@require_safe
def reports(request):
    documents = SourceDocument.objects.order_by("kind", "-date", "title")
    groups = []
    for kind, label in DocumentKind.choices:
        members = [d for d in documents if d.kind == kind]
        if members:
            groups.append((kind, label, members))
    # "Berichte" in the menu comes here: the published progress reports (PDF, Word) first, the sources after.
    from reporting.models import ReportingPeriod

    periods = ReportingPeriod.objects.published().newest_first()
    return render(request, "portal/reports.html", {"groups": groups, "periods": periods})


@require_safe
def source_document(request, pk: int):
    document = get_object_or_404(SourceDocument, pk=pk)
    start, end = _line_param(request.GET.get("von")), _line_param(request.GET.get("bis"))
    lines = document.text.splitlines()
    return render(
        request,
        "portal/source.html",
        {
            "document": document,
            "lines": list(enumerate(lines, start=1)),
            "highlight_start": start or 0,
            "highlight_end": max(end or 0, start or 0),
            "cited": [(n, t) for n, t in enumerate(lines, start=1) if start and start <= n <= max(end or 0, start)][
                :40
            ],
            "cited_project": figures.project_at_line(document, start) if start else None,
        },
    )


@require_safe
def source_download(request, pk: int):
    document = get_object_or_404(SourceDocument, pk=pk)
    if document.file:
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            handle = None
        if handle is not None:
            return attachment_headers(
                FileResponse(
                    handle,
                    as_attachment=True,
                    filename=document.filename,
                    content_type=safe_media_type(document.media_type),
                )
            )
    response = HttpResponse(document.text, content_type="text/plain; charset=utf-8")
    name = document.filename.rsplit(".", 1)[0] + ".txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return attachment_headers(response)


# --- photos -----------------------------------------------------------------------------------


@require_safe
def project_photo(request, pk: int):
    """A published photo of a published project, with a fixed image type; MEDIA_ROOT itself is never served."""
    photo = get_object_or_404(
        ProjectPhoto.objects.filter(published=True, project__in=Project.objects.published()), pk=pk
    )
    content_type = IMAGE_TYPES.get(photo.image.name.rsplit(".", 1)[-1].lower())
    if content_type is None:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return attachment_headers(FileResponse(handle, content_type=content_type))


# --- programme overview -----------------------------------------------------------------------


@require_safe
def programme_overview(request):
    from django.utils import timezone

    from .overview import programme_overview as build

    overview = build(today=timezone.localdate())
    context = {
        "overview": overview,
        "field_chart": status_chart(overview.by_action_field),
        "ministry_chart": status_chart(overview.by_ministry),
    }
    return render(request, "portal/programme_overview.html", context)


# --- Deutsche Gebärdensprache ---------------------------------------------------------------


@require_safe
def sign_language(request):
    """One slot per topic BITV NRW names; a slot shows its video only once the office published it complete."""
    videos = {v.topic: v for v in SignLanguageVideo.objects.all()}
    slots = [(topic, label, videos.get(topic)) for topic, label in SignLanguageTopic.choices]
    return render(request, "portal/sign_language.html", {"slots": slots})


def _published_video(topic: str) -> SignLanguageVideo:
    video = SignLanguageVideo.objects.filter(topic=topic).first()
    if video is None or not video.shown:
        raise Http404
    return video


@require_safe
def sign_language_file(request, topic: str, part: str):
    video = _published_video(topic)
    stored = video.video if part == "video" else video.captions
    if part == "video":
        extension = stored.name.rsplit(".", 1)[-1].lower()
        content_type = VIDEO_TYPES.get(extension, "application/octet-stream")
    else:
        content_type = CAPTIONS_MEDIA_TYPE
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # Played by <video>/<track> on our own page; for a browser that navigates to it, still a download.
    return attachment_headers(FileResponse(handle, content_type=content_type))


def _line_param(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 8 else None


# --- content pages --------------------------------------------------------------------------


@require_safe
def content_page(request, slug: str):
    page = ContentPage.objects.filter(slug=slug).first()
    if page is None:
        if slug not in DEFAULT_PAGES:
            raise Http404
        title, body = DEFAULT_PAGES[slug]
        page = ContentPage(slug=slug, title=title, body=body)
    return render(request, "portal/content_page.html", {"page": page, "body": render_body(page.body)})


# Robots may read everything public; the office's pages and log-ins are of no use in a search index.
ROBOTS_DISALLOW = ("/admin/", "/konto/", "/berichte/arbeit/", "/kennzahlen/leitstelle/", "/ideen/leitstelle/")
# The office's pages exist under /en/ too (config/urls.py); the admin does not.
ROBOTS_DISALLOW += tuple(
    f"/{code}{path}"
    for code, _name in settings.LANGUAGES
    if code != settings.LANGUAGE_CODE
    for path in ROBOTS_DISALLOW[1:]
)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('portal:sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page links; the icon is the fingerprinted SVG.
    return HttpResponsePermanentRedirect(static("portal/favicon.svg"))
