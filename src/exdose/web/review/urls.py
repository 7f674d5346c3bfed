"""URL map of the review workbench (under /review/, namespace `review`)."""

from __future__ import annotations

from django.urls import path

from exdose.web.review import views

app_name = "review"

urlpatterns = [
    path("", views.projects, name="projects"),
    path("<int:project_id>/", views.project_page, name="project"),
    path("<int:project_id>/reports", views.reports_fragment, name="reports"),
    path("<int:project_id>/upload", views.upload_view, name="upload"),
    path("<int:project_id>/link", views.link_view, name="link"),
    path("<int:project_id>/members", views.member_view, name="members"),
    path("<int:project_id>/studies/<int:study_id>/", views.verify, name="verify"),
    path("<int:project_id>/studies/<int:study_id>/rate", views.rate_view, name="rate"),
    path("<int:project_id>/studies/<int:study_id>/finish", views.finish_view, name="finish"),
    path("<int:project_id>/studies/<int:study_id>/final", views.final_view, name="final"),
    path(
        "<int:project_id>/reports/<int:report_id>/pages/<int:page>.png",
        views.page_image,
        name="page",
    ),
    path("<int:project_id>/conflicts", views.conflicts_view, name="conflicts"),
    path("<int:project_id>/outputs", views.outputs, name="outputs"),
    path("<int:project_id>/heatmap.<str:fmt>", views.heatmap, name="heatmap"),
    path("<int:project_id>/export.<str:fmt>", views.export, name="export"),
    path("<int:project_id>/agreement.json", views.agreement_json, name="agreement"),
    path("<int:project_id>/audit", views.audit_view, name="audit"),
]
