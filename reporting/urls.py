"""URLs of the reporting cycle under /berichte/: the published reports for everyone, the workspace under
/berichte/arbeit/ for signed-in editors, reviewers and the programme office."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    # workspace (log-in; rules decide the rest)
    path("arbeit/", views.tasks, name="tasks"),
    path("arbeit/eroeffnen/", views.open_period_view, name="open_period"),
    path("arbeit/leitstelle/", views.cockpit, name="cockpit"),
    path("arbeit/bericht/<int:pk>/ressort/", views.assign_ministry_view, name="assign_ministry"),
    path("arbeit/bericht/<int:pk>/", views.report_detail, name="report"),
    path("arbeit/bericht/<int:pk>/einreichen/", views.submit, name="submit"),
    path("arbeit/bericht/<int:pk>/aenderungen-erbitten/", views.request_changes_view, name="request_changes"),
    path("arbeit/bericht/<int:pk>/freigeben/", views.approve, name="approve"),
    path("arbeit/bericht/<int:pk>/kommentieren/", views.comment, name="comment"),
    path("arbeit/bericht/<int:pk>/versionen/", views.versions, name="versions"),
    path("arbeit/bericht/<int:pk>/vorschau/", views.report_preview, name="report_preview"),
    path("arbeit/bericht/<int:pk>/kennzahlen/", views.indicators, name="indicators"),
    path("arbeit/bericht/<int:pk>/kennzahlen/<int:index>/", views.indicator_edit, name="indicator_edit"),
    path("arbeit/bericht/<int:pk>/kennzahlen/<int:index>/wert/", views.indicator_value, name="indicator_value"),
    path(
        "arbeit/bericht/<int:pk>/kennzahlen/<int:index>/wert-entfernen/",
        views.indicator_value_remove,
        name="indicator_value_remove",
    ),
    path("arbeit/bericht/<int:pk>/kennzahlen/<int:index>/entfernen/", views.indicator_remove, name="indicator_remove"),
    path("arbeit/bericht/<int:pk>/versionen/<int:history_id>/wiederherstellen/", views.restore, name="restore"),
    path("arbeit/<slug:slug>/", views.dashboard, name="dashboard"),
    path("arbeit/<slug:slug>/texte/", views.period_texts, name="period_texts"),
    path("arbeit/<slug:slug>/erinnern/", views.send_reminders_view, name="remind"),
    path("arbeit/<slug:slug>/auswahl/", views.bulk_action, name="bulk"),
    path("arbeit/<slug:slug>/fristen/", views.deadlines, name="deadlines"),
    path("arbeit/<slug:slug>/vorschau.<str:fmt>", views.preview, name="preview"),
    path("arbeit/<slug:slug>/uebersicht.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("arbeit/<slug:slug>/veroeffentlichen/", views.publish, name="publish"),
    path("arbeit/<slug:slug>/erratum/", views.erratum, name="erratum"),
    path("erstellung/<uuid:key>/", views.render_job, name="render_job"),
    path("erstellung/<uuid:key>/datei/", views.render_job_file, name="render_job_file"),
    # public: published periods only
    path("", views.period_list, name="periods"),
    path("projekt/<str:code>/vergleich/", views.project_comparison, name="project_comparison"),
    path("<slug:slug>/", views.period_detail, name="period"),
    path("<slug:slug>/bericht.<str:fmt>", views.period_download, name="download"),
]
