"""Pages for proposals: public list, detail, matrix and form; the office's queue and review page.

Views stay thin: reads come from querysets, changes from proposals.services.
Public views read only `Proposal.objects.public()` and published projects and
never touch contact data.
"""

from __future__ import annotations

from collections import Counter
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import loaded_once, permission_required
from programmes.models import Project

from . import services, spam
from .forms import (
    ContactDeletionForm,
    DecisionForm,
    EvaluationForm,
    MatchReviewForm,
    ModerationForm,
    ProposalFilterForm,
    ProposalSubmissionForm,
)
from .models import TAKEN_UP, LinkRelation, Proposal, ProposalContact, ProposalSource
from .services import ContactData, ProposalError
from .suggestions import rank_matches

PAGE_SIZE = 50


# --- public ----------------------------------------------------------------------------------


def proposal_list(request):
    public = Proposal.objects.public()
    themes = list(dict.fromkeys(public.order_by("source", "number").values_list("theme", flat=True)))
    form = ProposalFilterForm(request.GET or None, themes=[t for t in themes if t])
    proposals = public.with_public_links().for_listing()
    if form.is_valid():
        data = form.cleaned_data
        if data["herkunft"]:
            proposals = proposals.of_source(data["herkunft"])
        if data["thema"]:
            proposals = proposals.in_theme(data["thema"])
        if data["ergebnis"] == "taken_up":
            proposals = proposals.taken_up()
        elif data["ergebnis"]:
            proposals = proposals.with_outcome(data["ergebnis"])
        if data["q"]:
            proposals = proposals.search(data["q"])
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "proposals/list.html",
        {"form": form, "page": page, "proposals": page.object_list, "query": query.urlencode()},
    )


def proposal_detail(request, source: str, number: int):
    proposal = get_object_or_404(
        Proposal.objects.public().select_related("document").with_public_links(), source=source, number=number
    )
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "links": proposal.public_links,
            "municipalities": proposal.municipalities.order_by("name"),
        },
    )


def matrix(request):
    """The chambers' proposals × the projects that took them up, and per theme how many were taken up."""
    proposals = list(Proposal.objects.public().of_source(ProposalSource.CHAMBERS).with_public_links().for_listing())
    projects = sorted({link.project for p in proposals for link in p.public_links}, key=lambda p: p.code)
    rows = []
    for p in proposals:
        by_project = {link.project_id: link for link in p.public_links}
        rows.append((p, [by_project.get(project.pk) for project in projects]))
    themes: dict[str, Counter] = {}
    for p in proposals:
        counts = themes.setdefault(p.theme or _("ohne Thema"), Counter())
        counts["total"] += 1
        counts[p.outcome] += 1
        counts["taken_up"] += p.outcome in TAKEN_UP
    totals = Counter()
    for counts in themes.values():
        totals.update(counts)
    return render(
        request,
        "proposals/matrix.html",
        {
            "projects": projects,
            "rows": rows,
            "themes": themes.items(),
            "totals": totals,
            "relations": LinkRelation.choices,
        },
    )


def submit(request):
    if request.method == "POST":
        if spam.over_limit(request):
            return render(request, "proposals/rate_limited.html", status=429)
        form = ProposalSubmissionForm(request.POST)
        if form.is_spam:
            # Tell a bot nothing: it sees the same thank-you page, and nothing is stored.
            spam.count_submission(request)
            return redirect("proposals:thanks")
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = services.submit_proposal(
                    source=data["source"],
                    title=data["title"],
                    goal=data["goal"],
                    background=data["background"],
                    theme=data["theme"],
                    municipalities=data["municipalities"],
                    contact=ContactData(
                        name=data["name"], email=data["email"], organisation=data["organisation"], phone=data["phone"]
                    ),
                    acting_user=request.user,
                )
            except ProposalError as exc:
                form.add_error(None, str(exc))
            else:
                spam.count_submission(request)
                # The receipt (reference number and status link) is shown once, on the next page.
                request.session["proposal_receipt"] = services.status_token(proposal)
                return redirect("proposals:thanks")
    else:
        form = ProposalSubmissionForm()
    return render(request, "proposals/submit.html", {"form": form})


def thanks(request):
    proposal = None
    if token := request.session.pop("proposal_receipt", None):
        proposal = services.proposal_from_status_token(token)
    context = {"proposal": proposal}
    if proposal is not None:
        context["status_url"] = reverse("proposals:status", args=[token])
    return render(request, "proposals/thanks.html", context)


def status(request, token: str):
    """The submitter's view of her idea, reached through the signed link of the receipt and the mail."""
    proposal = services.proposal_from_status_token(token)
    if proposal is None:
        raise Http404
    return render(request, "proposals/status.html", {"proposal": proposal})


# --- programme office ---------------------------------------------------------------------


@permission_required("proposals.view_internal")
def office_index(request):
    queue = Proposal.objects.awaiting_moderation().prefetch_related("municipalities")
    proposals = (
        Proposal.objects.for_listing()
        .annotate(
            evaluation_count=Count("evaluations", distinct=True),
            last_evaluated=Max("evaluations__evaluated_at"),
            link_count=Count("links", distinct=True),
        )
        .exclude(status="submitted")
    )
    source = request.GET.get("herkunft")
    if source in ProposalSource.values:
        proposals = proposals.of_source(source)
    return render(
        request,
        "proposals/office_index.html",
        {"queue": queue, "proposals": proposals, "sources": ProposalSource.choices, "source": source},
    )


def _review(request, proposal: Proposal, *, status: int = 200, **forms):
    user = request.user
    can_decide = user.has_perm("proposals.decide_proposal", proposal)
    contact = None
    if user.has_perm("proposals.view_contact", proposal):
        contact = ProposalContact.objects.filter(proposal=proposal).first()
    links = list(proposal.links.select_related("project").order_by("project__code"))
    decision_initial = {
        "outcome": proposal.outcome,
        "reason": proposal.outcome_reason,
        "projects": [link.project for link in links],
    }
    matches = rank_matches([proposal], top=5)[proposal]
    context = {
        "proposal": proposal,
        "contact": contact,
        "evaluations": proposal.evaluations.select_related("evaluated_by"),
        "links": links,
        "matches": matches,
        "rejected": proposal.matches.rejected().select_related("project", "reviewed_by"),
        "events": proposal.events.select_related("actor")[:50],
        "can_decide": can_decide,
        "can_moderate": user.has_perm("proposals.moderate_proposal", proposal),
        "can_delete_contact": user.has_perm("proposals.delete_contact", proposal),
        "moderation_form": forms.get("moderation_form") or ModerationForm(),
        "evaluation_form": forms.get("evaluation_form") or EvaluationForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(initial=decision_initial),
        "contact_form": ContactDeletionForm(),
        "relations": LinkRelation.choices,
    }
    return render(request, "proposals/office_review.html", context, status=status)


@permission_required("proposals.view_internal")
def office_review(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("document", "decided_by"), pk=pk)
    return _review(request, proposal)


@loaded_once
def _proposal(request, pk: int, *args, **kwargs) -> Proposal:
    """The proposal an office action is about, 404 if unknown; read once for the guard and the view."""
    return get_object_or_404(Proposal.objects.select_related("document", "decided_by"), pk=pk)


def _office_action(perm: str):
    """POST-only office action on one proposal: the internal view first (so an editor learns nothing of which
    proposals exist), then `perm` on the proposal."""

    def decorator(view):
        @require_POST
        @permission_required("proposals.view_internal")
        @permission_required(perm, obj=_proposal)
        @wraps(view)
        def wrapped(request, pk: int, *args, **kwargs):
            return view(request, _proposal(request, pk), *args, **kwargs)

        return wrapped

    return decorator


def _back(proposal: Proposal):
    return redirect(reverse("proposals:office_review", args=[proposal.pk]))


@_office_action("proposals.moderate_proposal")
def office_moderate(request, proposal: Proposal):
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return _review(request, proposal, status=400, moderation_form=form)
    try:
        if form.cleaned_data["action"] == "publish":
            services.publish_proposal(proposal, acting_user=request.user)
            messages.success(request, _("Die Projektidee ist veröffentlicht."))
        else:
            services.reject_proposal(proposal, acting_user=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("Die Projektidee wird nicht veröffentlicht."))
    except ProposalError as exc:
        form.add_error(None, str(exc))
        return _review(request, proposal, status=400, moderation_form=form)
    return _back(proposal)


@_office_action("proposals.evaluate_proposal")
def office_evaluate(request, proposal: Proposal):
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return _review(request, proposal, status=400, evaluation_form=form)
    services.evaluate_proposal(proposal, acting_user=request.user, **form.cleaned_data)
    messages.success(request, _("Die Bewertung ist gespeichert."))
    return _back(proposal)


@_office_action("proposals.decide_proposal")
def office_decide(request, proposal: Proposal):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _review(request, proposal, status=400, decision_form=form)
    data = form.cleaned_data
    try:
        services.decide_proposal(
            proposal,
            acting_user=request.user,
            outcome=data["outcome"],
            reason=data["reason"],
            projects=data["projects"],
        )
    except ProposalError as exc:
        form.add_error(None, str(exc))
        return _review(request, proposal, status=400, decision_form=form)
    messages.success(request, _("Das Ergebnis ist gespeichert."))
    return _back(proposal)


@_office_action("proposals.review_match")
def office_match(request, proposal: Proposal, code: str):
    project = Project.objects.filter(code=code).first()
    if project is None:
        raise Http404
    form = MatchReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Die Angaben zur Zuordnung sind unvollständig."))
        return _back(proposal)
    data = form.cleaned_data
    terms = [t for t in data["terms"].split() if t][:10]
    try:
        if data["decision"] == "confirm":
            services.confirm_match(
                proposal,
                project,
                acting_user=request.user,
                relation=data["relation"],
                reason=data["reason"],
                score=data["score"],
                matched_terms=terms,
            )
            messages.success(request, _("Zuordnung zu %(code)s bestätigt.") % {"code": code})
        else:
            services.reject_match(
                proposal,
                project,
                acting_user=request.user,
                reason=data["reason"],
                score=data["score"],
                matched_terms=terms,
            )
            messages.success(
                request, _("Zuordnung zu %(code)s verworfen; sie wird nicht mehr vorgeschlagen.") % {"code": code}
            )
    except ProposalError as exc:
        messages.error(request, str(exc))
    return _back(proposal)


@_office_action("proposals.delete_contact")
def office_delete_contact(request, proposal: Proposal):
    form = ContactDeletionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if services.delete_contact(proposal, acting_user=request.user, reason=note):
        messages.success(request, _("Die Kontaktdaten sind gelöscht."))
    else:
        messages.info(request, _("Es sind keine Kontaktdaten gespeichert."))
    return _back(proposal)
