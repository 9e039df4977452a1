"""THE authorization table: every URL pattern of the project, who may open it, and with which arguments.

tests/test_authorization_matrix.py walks the real URL resolver; a pattern missing here fails as "unclassified
URL", so a new view cannot ship without a decision about who may see it. Keys are "namespace:name" (or the
route for unnamed patterns); the admin site (namespace "admin") is classified as a whole.

Expected answers per role: 200, 403, 404, 405, LOGIN (redirect to the log-in page), ADMIN_LOGIN (redirect
to the admin's log-in), REDIRECT (any other redirect).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .authz_world import DRAFT_WORD, HIDDEN_PROPOSAL_WORD, ROLES, UNPUBLISHED_WORD, World

LOGIN = "login"
ADMIN_LOGIN = "admin_login"
REDIRECT = "redirect"

Expect = dict[str, object]


def _expect(**by_role) -> Expect:
    default = by_role.pop("default", None)
    table = {role: by_role.get(role, default) for role in ROLES}
    missing = [r for r, v in table.items() if v is None]
    assert not missing, missing
    return table


# --- access classes -------------------------------------------------------------------------------------
PUBLIC = _expect(default=200)
ANY_LOGIN = _expect(anonymous=LOGIN, default=200)
WORKSPACE = _expect(anonymous=LOGIN, no_role=403, default=200)  # reporting.view_tasks
# office + reviewers
INTERNAL = _expect(
    anonymous=LOGIN, no_role=403, editor_a=403, coordinator_a=403, deputy_a=403, editor_b=403, default=200
)
OFFICE = _expect(anonymous=LOGIN, office=200, superuser=200, default=403)
CHANGE_A = _expect(  # change_indicators
    anonymous=LOGIN, editor_a=200, coordinator_a=200, deputy_a=200, office=200, superuser=200, default=403
)
REPORT_OF_A = _expect(anonymous=LOGIN, no_role=403, editor_b=403, default=200)  # reporting.view_report
ADMIN = _expect(superuser=200, default=ADMIN_LOGIN)
POST_ONLY_LOGIN_FIRST = _expect(anonymous=LOGIN, default=405)
POST_ONLY = _expect(default=405)

# Django grants a superuser every permission, so the view lets it through; the service then refuses the
# action for the report's state and the view answers 400 with the report page, the typed comment still in
# its box (nothing changes: checked). Those who may read the report but not decide get that page with 403.
SUPERUSER_REFUSED_BY_SERVICE = _expect(anonymous=LOGIN, superuser=400, default=403)

# What each role may ever read outside public pages (public pages show nothing of it to anyone).
SECRETS_BY_ROLE: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "no_role": frozenset(),
    "editor_b": frozenset(),
    "editor_a": frozenset({"draft", "unpublished"}),  # both belong to ministry A
    "coordinator_a": frozenset({"draft", "unpublished"}),
    "deputy_a": frozenset({"draft", "unpublished"}),  # while she stands in for ministry A
    "reviewer": frozenset({"draft", "unpublished", "hidden_proposal"}),
    "office": frozenset({"draft", "unpublished", "hidden_proposal", "contact"}),
    "superuser": frozenset({"draft", "unpublished", "hidden_proposal", "contact"}),
}


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[World], dict] = lambda w: {}
    query: str = ""
    expect: Expect | None = None  # overrides the row's expectation for this case


@dataclass(frozen=True)
class Post:
    """A state-changing request: roles outside `allowed` must get `denied` (per role) and change nothing."""

    allowed: frozenset[str]
    data: Callable[[World], dict] = lambda w: {}
    denied: Expect = field(default_factory=lambda: _expect(anonymous=LOGIN, default=403))
    csrf_exempt: str = ""  # the reason, when the view is deliberately exempt


@dataclass(frozen=True)
class Row:
    expect: Expect
    cases: tuple[Case, ...] = (Case(),)
    public: bool = True  # a public page shows no secret to anyone, however privileged
    post: Post | None = None


def _c(kwargs: Callable[[World], dict] = lambda w: {}, query: str = "", expect: Expect | None = None) -> Case:
    return Case(kwargs, query, expect)


OFFICE_ROLES = frozenset({"office", "superuser"})
INTERNAL_ROLES = frozenset({"reviewer", "office", "superuser"})
LOGGED_IN = frozenset(set(ROLES) - {"anonymous"})
WORKSPACE_ROLES = frozenset(LOGGED_IN - {"no_role"})
EVERYONE = frozenset(ROLES)
A_EDITORS = frozenset({"editor_a", "coordinator_a", "deputy_a", "office", "superuser"})  # may change A's draft
# May submit A's draft, which editor A drafted: she, her coordinator and the office; not the deputy, who did not.
A_SUBMITTERS = frozenset({"editor_a", "coordinator_a", "office", "superuser"})

DATASET_FORMATS = ("csv", "excel.csv", "xlsx", "json")


def _datasets() -> tuple[Case, ...]:
    from opendata.registry import DATASETS

    cases = [_c(lambda w, s=slug, f=fmt: {"slug": s, "fmt": f}) for slug in DATASETS for fmt in DATASET_FORMATS]
    cases.append(_c(lambda w: {"slug": "municipalities", "fmt": "geojson"}))
    return tuple(cases)


def _status_token(w: World) -> str:
    from proposals.services import status_token

    return status_token(w.published_proposal)


def _report_post(w: World) -> dict:
    return {
        "version": w.draft_report.version,
        "title": "Überschrieben",
        "recent_development": "Von Unbefugten geändert",
    }


TABLE: dict[str, Row] = {
    # --- accounts (django.contrib.auth) -----------------------------------------------------------------
    "login": Row(PUBLIC, post=Post(EVERYONE, lambda w: {"username": "leitstelle", "password": "falsch"})),
    "logout": Row(POST_ONLY, post=Post(EVERYONE)),
    "password_change": Row(ANY_LOGIN, post=Post(LOGGED_IN, lambda w: {"old_password": "x"}), public=False),
    "password_change_done": Row(ANY_LOGIN, public=False),
    "password_reset": Row(PUBLIC, post=Post(EVERYONE, lambda w: {"email": "niemand@example.org"})),
    "password_reset_done": Row(PUBLIC),
    "password_reset_confirm": Row(PUBLIC, (_c(lambda w: {"uidb64": "MQ", "token": "falsch-falsch"}),)),
    "password_reset_complete": Row(PUBLIC),
    # Everyone's own account page: how she gets the cycle's mails (sofort / täglich).
    "accounts:account": Row(ANY_LOGIN, post=Post(LOGGED_IN, lambda w: {"mail_frequency": "immediate"}), public=False),
    # --- accounts: the office's people and ministry pages ------------------------------------------------
    "accounts:people": Row(
        OFFICE,
        public=False,
        post=Post(
            OFFICE_ROLES,
            lambda w: {
                "first_name": "Neu",
                "last_name": "Person",
                "email": "neu@example.org",
                "role": "ministry_editor",
                "ministry": w.ministry_a.pk,
            },
        ),
    ),
    # Vertretungen: the office for every ministry, an editor or coordinator for her own. Editors of ministry B (the
    # deputy among them) cannot name editor B for ministry B: the form refuses her, nothing changes.
    "accounts:deputies": Row(
        _expect(anonymous=LOGIN, no_role=403, reviewer=403, default=200),
        public=False,
        post=Post(
            frozenset({"editor_a", "coordinator_a", "office", "superuser"}),
            lambda w: {
                "vertretung-user": w.users["editor_b"].pk,
                "vertretung-ministry": w.ministry_a.pk,
                "vertretung-valid_from": "01.07.2099",
                "vertretung-valid_until": "31.07.2099",
            },
            _expect(anonymous=LOGIN, no_role=403, reviewer=403, default=200),
        ),
    ),
    "accounts:person": Row(
        OFFICE,
        (_c(lambda w: {"pk": w.users["editor_a"].pk}),),
        public=False,
        post=Post(OFFICE_ROLES, lambda w: {"role": "reviewer", "ministry": "", "is_active": ""}),
    ),
    "programmes:ministries": Row(OFFICE, public=False),
    "programmes:ministry": Row(
        OFFICE,
        (_c(lambda w: {"pk": w.ministry_a.pk}),),
        public=False,
        post=Post(OFFICE_ROLES, lambda w: {"name": "Umbenannt", "abbreviation": "UMB"}),
    ),
    # --- reporting: answers to parliament ---------------------------------------------------------------
    "answers:index": Row(PUBLIC),
    "answers:municipality": Row(PUBLIC, (_c(lambda w: {"slug": "bochum"}),)),
    "answers:district": Row(PUBLIC, (_c(lambda w: {"slug": "ennepe-ruhr-kreis"}),)),
    # The office's query reads unpublished projects as far as programmes.view_draft allows: a role is needed,
    # a bare account gets 403, editor B must not see ministry A's unpublished project (SECRETS_BY_ROLE).
    "answers:query": Row(
        WORKSPACE,
        (
            _c(),
            _c(query="municipality=bochum"),
            _c(query="municipality=bochum&format=csv"),
            _c(query="municipality=bochum&format=xlsx"),
            _c(query="district=ennepe-ruhr-kreis&format=docx"),
        ),
        public=False,
    ),
    "answers:save_query": Row(
        _expect(anonymous=LOGIN, no_role=403, default=405),
        post=Post(WORKSPACE_ROLES, lambda w: {"title": "Neu"}),
    ),
    "answers:saved_query": Row(
        _expect(anonymous=LOGIN, no_role=403, default=REDIRECT), (_c(lambda w: {"key": w.saved_query.key}),)
    ),
    # --- answers: Kleine Anfragen ---------------------------------------------------------------------------
    "answers:list": Row(WORKSPACE, public=False),
    "answers:register": Row(OFFICE, post=Post(OFFICE_ROLES, lambda w: {"text": "1. Welche?"}), public=False),
    "answers:detail": Row(
        WORKSPACE,
        (_c(lambda w: {"pk": w.kleine_anfrage.pk}),),
        public=False,
        post=Post(A_EDITORS, lambda w: {"version": w.kleine_anfrage.version, "answer_1": "Geändert"}),
    ),
    "answers:document": Row(
        REPORT_OF_A,  # the office, reviewers and the answering ministry's editors
        (
            _c(lambda w: {"pk": w.kleine_anfrage.pk, "fmt": "docx"}),
            _c(lambda w: {"pk": w.kleine_anfrage.pk, "fmt": "pdf"}),
        ),
        public=False,
    ),
    "answers:send": Row(
        POST_ONLY_LOGIN_FIRST,
        (_c(lambda w: {"pk": w.kleine_anfrage.pk}),),
        post=Post(OFFICE_ROLES, lambda w: {"answered_on": "2026-04-01"}),
    ),
    "answers:withdraw": Row(
        POST_ONLY_LOGIN_FIRST, (_c(lambda w: {"pk": w.kleine_anfrage.pk}),), post=Post(OFFICE_ROLES)
    ),
    "answers:public": Row(PUBLIC, (_c(lambda w: {"term": 18, "number": w.answered_anfrage.number}),)),
    # an answer recorded without a generated document (like an imported one) has only its Drucksache
    "answers:public_document": Row(
        _expect(default=404), (_c(lambda w: {"term": 18, "number": w.answered_anfrage.number, "fmt": "pdf"}),)
    ),
    # --- reporting cycle: workspace -----------------------------------------------------------------------
    "reporting:tasks": Row(WORKSPACE, public=False),
    "reporting:open_period": Row(
        OFFICE,
        public=False,
        post=Post(
            OFFICE_ROLES, lambda w: {"title": "Fortschrittsbericht 2099", "cut_off": "2099-01-01", "due": "2099-02-01"}
        ),
    ),
    "reporting:report": Row(
        REPORT_OF_A,
        (_c(lambda w: {"pk": w.draft_report.pk}),),
        public=False,
        post=Post(A_EDITORS, _report_post),
    ),
    "reporting:submit": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.draft_report.pk}),),
        post=Post(A_SUBMITTERS),
    ),
    "reporting:request_changes": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.draft_report.pk}),),
        # a draft is not under review: nobody may request changes yet
        post=Post(frozenset(), lambda w: {"comment": "Bitte ändern"}, SUPERUSER_REFUSED_BY_SERVICE),
    ),
    "reporting:approve": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.draft_report.pk}),),
        post=Post(frozenset(), denied=SUPERUSER_REFUSED_BY_SERVICE),
    ),
    "reporting:comment": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.draft_report.pk}),),
        post=Post(
            frozenset({"editor_a", "coordinator_a", "deputy_a", "reviewer", "office", "superuser"}),
            lambda w: {"comment": "Hinweis"},
        ),
    ),
    "reporting:indicators": Row(
        REPORT_OF_A,
        (_c(lambda w: {"pk": w.draft_report.pk}),),
        public=False,
        post=Post(
            A_EDITORS, lambda w: {"neu-version": w.draft_report.version, "neu-name": "Neu", "neu-unit": "Anzahl"}
        ),
    ),
    "reporting:indicator_edit": Row(
        CHANGE_A,
        (_c(lambda w: {"pk": w.draft_report.pk, "index": 0}),),
        public=False,
        post=Post(A_EDITORS, lambda w: {"version": w.draft_report.version, "name": "Umbenannt", "unit": "Anzahl"}),
    ),
    "reporting:indicator_value": Row(
        CHANGE_A,
        (_c(lambda w: {"pk": w.draft_report.pk, "index": 0}),),
        public=False,
        post=Post(A_EDITORS, lambda w: {"version": w.draft_report.version, "value": "12", "as_of": "2026-06-30"}),
    ),
    "reporting:indicator_value_remove": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.draft_report.pk, "index": 0}),),
        post=Post(A_EDITORS, lambda w: {"version": w.draft_report.version}),
    ),
    "reporting:indicator_remove": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.draft_report.pk, "index": 0}),),
        post=Post(A_EDITORS, lambda w: {"version": w.draft_report.version}),
    ),
    "reporting:versions": Row(REPORT_OF_A, (_c(lambda w: {"pk": w.draft_report.pk}),), public=False),
    "reporting:restore": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.draft_report.pk, "history_id": w.draft_report_history_id}),),
        post=Post(A_EDITORS),
    ),
    "reporting:dashboard": Row(INTERNAL, (_c(lambda w: {"slug": w.open_period.slug}),), public=False),
    "reporting:period_texts": Row(
        OFFICE,
        (_c(lambda w: {"slug": w.open_period.slug}),),
        public=False,
        post=Post(OFFICE_ROLES, lambda w: {"editorial": "Geändert"}),
    ),
    "reporting:remind": Row(
        OFFICE, (_c(lambda w: {"slug": w.open_period.slug}),), public=False, post=Post(OFFICE_ROLES)
    ),
    "reporting:cockpit": Row(OFFICE, public=False),
    "reporting:report_preview": Row(REPORT_OF_A, (_c(lambda w: {"pk": w.draft_report.pk}),), public=False),
    "reporting:deadlines": Row(
        OFFICE,
        (_c(lambda w: {"slug": w.open_period.slug}),),
        public=False,
        post=Post(OFFICE_ROLES, lambda w: {f"frist_{w.ministry_a.pk}": "31.12.2098"}),
    ),
    "reporting:assign_ministry": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.draft_report.pk}),),
        post=Post(
            OFFICE_ROLES,
            lambda w: {f"ressort-{w.draft_report.pk}-ministry": w.ministry_b.pk},
            _expect(anonymous=LOGIN, default=403),
        ),
    ),
    "reporting:bulk": Row(
        POST_ONLY,
        (_c(lambda w: {"slug": w.open_period.slug}),),
        # everyone in the workspace may ask; each report is then checked by its own rule (here: a draft,
        # which nobody can approve, so nothing changes for anyone)
        post=Post(
            frozenset({"editor_a", "coordinator_a", "deputy_a", "editor_b", "reviewer", "office", "superuser"}),
            lambda w: {"aktion": "freigeben", "reports": [w.draft_report.pk]},
            _expect(anonymous=LOGIN, no_role=403, default=302),
        ),
    ),
    "reporting:preview": Row(
        OFFICE,
        tuple(_c(lambda w, f=fmt: {"slug": w.open_period.slug, "fmt": f}) for fmt in ("txt", "docx")),
        public=False,
    ),
    "reporting:overview_xlsx": Row(OFFICE, (_c(lambda w: {"slug": w.open_period.slug}),), public=False),
    "reporting:publish": Row(
        OFFICE, (_c(lambda w: {"slug": w.open_period.slug}),), public=False, post=Post(OFFICE_ROLES)
    ),
    "reporting:erratum": Row(
        OFFICE,
        (_c(lambda w: {"slug": w.published_period.slug}),),
        public=False,
        post=Post(OFFICE_ROLES, lambda w: {"project": w.project_a.pk, "text": "Korrektur"}),
    ),
    "reporting:render_job": Row(
        OFFICE,
        (
            _c(lambda w: {"key": w.draft_job.key}),
            _c(lambda w: {"key": w.draft_job.key}, query="format=json"),
            _c(lambda w: {"key": w.public_job.key}, expect=_expect(anonymous=200, default=200)),
        ),
        public=False,
    ),
    "reporting:render_job_file": Row(
        OFFICE,
        (
            _c(lambda w: {"key": w.draft_job.key}),
            _c(lambda w: {"key": w.public_job.key}, expect=PUBLIC),
        ),
        public=False,
    ),
    # --- reporting cycle: public --------------------------------------------------------------------------
    "reporting:periods": Row(PUBLIC),
    "reporting:project_comparison": Row(
        PUBLIC,
        (
            _c(lambda w: {"code": w.project_a.code}),
            _c(lambda w: {"code": w.project_b.code}),
        ),
        public=False,  # shows the open period's draft to those who may read it (reporting.view_report)
    ),
    "reporting:period": Row(
        PUBLIC,
        (
            _c(lambda w: {"slug": w.published_period.slug}),
            _c(lambda w: {"slug": w.open_period.slug}, expect=_expect(default=404)),
        ),
    ),
    "reporting:download": Row(
        PUBLIC,
        (
            # every format of a report of this size renders while the reader waits (Typst: the PDF in under a second)
            *(_c(lambda w, f=fmt: {"slug": w.published_period.slug, "fmt": f}) for fmt in ("txt", "docx", "pdf")),
            _c(lambda w: {"slug": w.open_period.slug, "fmt": "txt"}, expect=_expect(default=404)),
        ),
    ),
    # --- proposals ---------------------------------------------------------------------------------------
    "proposals:status": Row(PUBLIC, (_c(lambda w: {"token": _status_token(w)}),)),
    "proposals:list": Row(PUBLIC, (_c(), _c(query=f"q={HIDDEN_PROPOSAL_WORD}"))),
    "proposals:matrix": Row(PUBLIC),
    "proposals:submit": Row(PUBLIC, post=Post(EVERYONE, lambda w: {"title": "Neue Idee"})),
    "proposals:thanks": Row(PUBLIC),
    "proposals:office_index": Row(INTERNAL, public=False),
    "proposals:office_review": Row(
        INTERNAL,
        (_c(lambda w: {"pk": w.hidden_proposal.pk}), _c(lambda w: {"pk": w.published_proposal.pk})),
        public=False,
    ),
    "proposals:office_moderate": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.hidden_proposal.pk}),),
        post=Post(OFFICE_ROLES, lambda w: {"action": "publish"}),
    ),
    "proposals:office_evaluate": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.hidden_proposal.pk}),),
        post=Post(OFFICE_ROLES, lambda w: {"effect": 3, "cost": 3, "benefit": 3, "summary": "gut"}),
    ),
    "proposals:office_decide": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.published_proposal.pk}),),
        post=Post(OFFICE_ROLES, lambda w: {"outcome": "rejected", "reason": "Nein"}),
    ),
    "proposals:office_match": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.published_proposal.pk, "code": w.project_a.code}),),
        post=Post(OFFICE_ROLES, lambda w: {"decision": "confirm", "relation": "partly", "reason": "passt"}),
    ),
    "proposals:office_delete_contact": Row(
        POST_ONLY,
        (_c(lambda w: {"pk": w.published_proposal.pk}),),
        post=Post(OFFICE_ROLES, lambda w: {"note": "auf Wunsch"}),
    ),
    "proposals:detail": Row(
        PUBLIC,
        (
            _c(lambda w: {"source": w.published_proposal.source, "number": w.published_proposal.number}),
            _c(
                lambda w: {"source": w.hidden_proposal.source, "number": w.hidden_proposal.number},
                expect=_expect(default=404),  # stricter than the rule: unreleased ideas only in the office view
            ),
        ),
        public=False,
    ),
    # --- api: REST -------------------------------------------------------------------------------------
    "api:v1:openapi-json": Row(PUBLIC),
    "api:v1:openapi-view": Row(PUBLIC),
    "api:v1:index": Row(PUBLIC),
    "api:v1:api-root": Row(PUBLIC),
    "api:v1:projects": Row(
        PUBLIC, (_c(query="page_size=200"), _c(query=f"q={UNPUBLISHED_WORD}"), _c(query=f"q={DRAFT_WORD}"))
    ),
    "api:v1:project": Row(
        PUBLIC,
        (
            _c(lambda w: {"code": w.project_a.code}),
            _c(lambda w: {"code": w.unpublished.code}, expect=_expect(default=404)),
        ),
    ),
    "api:v1:project_milestones": Row(
        PUBLIC,
        (
            _c(lambda w: {"code": w.project_a.code}),
            _c(lambda w: {"code": w.unpublished.code}, expect=_expect(default=404)),
        ),
    ),
    "api:v1:project_funding": Row(
        PUBLIC,
        (
            _c(lambda w: {"code": w.project_a.code}),
            _c(lambda w: {"code": w.unpublished.code}, expect=_expect(default=404)),
        ),
    ),
    "api:v1:project_local_references": Row(
        PUBLIC,
        (
            _c(lambda w: {"code": w.project_a.code}),
            _c(lambda w: {"code": w.unpublished.code}, expect=_expect(default=404)),
        ),
    ),
    "api:v1:municipalities": Row(PUBLIC, (_c(query="page_size=200"),)),
    "api:v1:municipality": Row(PUBLIC, (_c(lambda w: {"ags": "05911000"}),)),
    "api:v1:districts": Row(PUBLIC),
    "api:v1:district": Row(PUBLIC, (_c(lambda w: {"ags": "05954"}),)),
    "api:v1:ministries": Row(PUBLIC),
    "api:v1:ministry": Row(PUBLIC, (_c(lambda w: {"slug": w.ministry_a.slug}),)),
    "api:v1:action_fields": Row(PUBLIC),
    "api:v1:action_field": Row(PUBLIC, (_c(lambda w: {"slug": "mobilitaet"}),)),
    "api:v1:reports": Row(PUBLIC),
    "api:v1:report": Row(PUBLIC, (_c(lambda w: {"id": w.document.pk}),)),
    "api:v1:reporting_periods": Row(PUBLIC),
    "api:v1:documents": Row(PUBLIC),
    "api:v1:document": Row(PUBLIC, (_c(lambda w: {"id": w.document.pk}),)),
    "api:v1:proposals": Row(PUBLIC, (_c(query="page_size=200"),)),
    "api:v1:proposal": Row(
        PUBLIC,
        (
            _c(lambda w: {"id": f"{w.published_proposal.source}-{w.published_proposal.number}"}),
            _c(lambda w: {"id": f"{w.hidden_proposal.source}-{w.hidden_proposal.number}"}, expect=_expect(default=404)),
        ),
    ),
    "api:v1:programme_indicators": Row(PUBLIC),
    "api:v1:programme_indicator": Row(PUBLIC, (_c(lambda w: {"slug": w.programme_indicator.slug}),)),
    "api:v1:datasets": Row(PUBLIC),
    "api:v1:dataset": Row(PUBLIC, (_c(lambda w: {"slug": "projects"}),)),
    "api:v1:changes": Row(PUBLIC, (_c(query="page_size=200"),)),
    "api:^api/": Row(_expect(default=404), (_c(lambda w: {}, query=""),)),
    # --- api: downloads, catalogue, feeds, alerts ---------------------------------------------------------
    "opendata:catalog_ttl": Row(PUBLIC),
    "opendata:catalog_jsonld": Row(PUBLIC),
    "opendata:data": Row(PUBLIC),
    "opendata:full_dump": Row(PUBLIC),
    "opendata:datapackage": Row(PUBLIC),
    "opendata:report_dump": Row(PUBLIC, (_c(lambda w: {"pk": w.document.pk}),)),
    "opendata:download": Row(PUBLIC, _datasets()),
    "alerts:feed_programme": Row(PUBLIC),
    "alerts:feed_project": Row(
        PUBLIC,
        (
            _c(lambda w: {"code": w.project_a.code}),
            _c(lambda w: {"code": w.unpublished.code}, expect=_expect(default=404)),
        ),
    ),
    "alerts:feed_municipality": Row(PUBLIC, (_c(lambda w: {"slug": "bochum"}),)),
    "alerts:feed_action_field": Row(PUBLIC, (_c(lambda w: {"slug": "mobilitaet"}),)),
    "alerts:feed_search": Row(PUBLIC, (_c(query="action_field=mobilitaet"), _c(query=f"q={UNPUBLISHED_WORD}"))),
    "alerts:subscribe": Row(PUBLIC, post=Post(EVERYONE, lambda w: {"email": "neu@example.org", "scope": "programme"})),
    "alerts:confirm": Row(PUBLIC, (_c(lambda w: {"token": w.confirm_token}),), post=Post(EVERYONE)),
    "alerts:unsubscribe": Row(
        PUBLIC,
        (_c(lambda w: {"token": w.unsubscribe_token}),),
        post=Post(
            EVERYONE, csrf_exempt="RFC 8058 one-click unsubscribe from mail clients; the signed token authorises"
        ),
    ),
    "opendata:round_trip": Row(OFFICE, public=False, post=Post(OFFICE_ROLES)),
    "opendata:round_trip_export": Row(
        OFFICE,
        (_c(lambda w: {"fmt": "xlsx"}), _c(lambda w: {"fmt": "csv"}, query="datensatz=projects")),
        public=False,
    ),
    "opendata:upload": Row(
        OFFICE,
        (_c(lambda w: {"key": w.upload.key}),),
        public=False,
        post=Post(OFFICE_ROLES, lambda w: {"action": "discard"}),
    ),
    # --- portal ------------------------------------------------------------------------------------------
    "portal:start": Row(PUBLIC),
    "portal:projects": Row(PUBLIC, (_c(), _c(query=f"q={UNPUBLISHED_WORD}"), _c(query=f"q={DRAFT_WORD}"))),
    "portal:project": Row(
        PUBLIC,
        (
            _c(lambda w: {"slug": w.project_a.slug}),
            _c(lambda w: {"slug": w.unpublished.slug}, expect=_expect(default=404)),
        ),
    ),
    "portal:municipalities": Row(PUBLIC),
    "portal:municipality": Row(PUBLIC, (_c(lambda w: {"slug": "bochum"}),)),
    "portal:action_fields": Row(PUBLIC),
    "portal:action_field": Row(PUBLIC, (_c(lambda w: {"slug": "mobilitaet"}),)),
    "portal:ministries": Row(PUBLIC),
    "portal:ministry": Row(PUBLIC, (_c(lambda w: {"slug": w.ministry_a.slug}),)),
    "portal:indicators": Row(PUBLIC),
    "portal:programme_indicator": Row(PUBLIC, (_c(lambda w: {"slug": w.programme_indicator.slug}),)),
    "programmes:indicator_manage": Row(OFFICE, public=False),
    "programmes:indicator_create": Row(
        OFFICE, public=False, post=Post(OFFICE_ROLES, lambda w: {"name": "Neue Kennzahl", "unit": "Anzahl"})
    ),
    "programmes:indicator_edit": Row(
        OFFICE,
        (_c(lambda w: {"slug": w.programme_indicator.slug}),),
        public=False,
        post=Post(OFFICE_ROLES, lambda w: {"name": "Umbenannt", "version": w.programme_indicator.version}),
    ),
    "programmes:indicator_delete": Row(
        OFFICE, (_c(lambda w: {"slug": w.programme_indicator.slug}),), public=False, post=Post(OFFICE_ROLES)
    ),
    "portal:reports": Row(PUBLIC),
    "portal:source": Row(PUBLIC, (_c(lambda w: {"pk": w.document.pk}),)),
    "portal:source_download": Row(PUBLIC, (_c(lambda w: {"pk": w.document.pk}),)),
    "portal:page": Row(
        PUBLIC,
        tuple(
            _c(lambda w, s=slug: {"slug": s})
            for slug in ("impressum", "datenschutz", "barrierefreiheit", "leichte-sprache")
        ),
    ),
    "portal:sign_language": Row(PUBLIC),
    "organisations:list": Row(PUBLIC),
    "organisations:detail": Row(
        PUBLIC,
        (
            _c(lambda w: {"slug": "ruhr-universitaet-bochum"}),
            _c(lambda w: {"slug": "intern-gmbh"}, expect=_expect(default=404)),
        ),
    ),
    "api:v1:organisations": Row(PUBLIC),
    "api:v1:organisation": Row(
        PUBLIC,
        (
            _c(lambda w: {"slug": "ruhr-universitaet-bochum"}),
            _c(lambda w: {"slug": "intern-gmbh"}, expect=_expect(default=404)),
        ),
    ),
    "portal:programme_overview": Row(PUBLIC),
    # no photo in the world: nobody gets a file; the published case is in portal/tests/test_project_photos.py
    "portal:project_photo": Row(_expect(default=404), (_c(lambda w: {"pk": 999999}),)),
    # an empty slot has no file for anyone; a published one is a public file (portal tests)
    "portal:sign_language_file": Row(_expect(default=404), (_c(lambda w: {"topic": "kontakt", "part": "video"}),)),
    "portal:sitemap": Row(PUBLIC),
    "portal:robots": Row(PUBLIC),
    "portal:favicon": Row(PUBLIC, (_c(expect=_expect(default=REDIRECT)),)),
}

# The admin site as a whole: staff only; its URLs are checked per registered model (changelist and add form).
ADMIN_ROW = Row(ADMIN, public=False)
