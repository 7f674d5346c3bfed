"""URL map: pages, the JSON API, /healthz."""

from __future__ import annotations

from django.urls import path

from exdose.web import views_auth, views_builder, views_clinic, views_logs, views_patient

app_name = "web"

urlpatterns = [
    path("", views_auth.home, name="home"),
    path("healthz", views_auth.healthz, name="healthz"),
    path("login/", views_auth.login_view, name="login"),
    path("logout/", views_auth.logout_view, name="logout"),
    path("invite/<str:token>/", views_auth.invite_view, name="invite"),
    path("setup/<str:token>/", views_auth.setup_view, name="setup"),
    path("clinic/", views_clinic.patients, name="patients"),
    path("clinic/patients/<int:patient_id>/", views_clinic.patient_page, name="patient"),
    path("clinic/patients/<int:patient_id>/invite", views_clinic.invite, name="invite_patient"),
    path("clinic/patients/<int:patient_id>/archive", views_clinic.archive, name="archive"),
    path(
        "clinic/patients/<int:patient_id>/programme/new",
        views_clinic.new_programme,
        name="new_programme",
    ),
    path("clinic/patients/<int:patient_id>/import", views_clinic.import_log, name="import"),
    path(
        "clinic/patients/<int:patient_id>/proposal/accept",
        views_clinic.accept_proposal,
        name="accept",
    ),
    path(
        "clinic/patients/<int:patient_id>/proposal/dismiss",
        views_clinic.dismiss_proposal,
        name="dismiss",
    ),
    path("clinic/patients/<int:patient_id>/sets.csv", views_clinic.sets_csv, name="sets_csv"),
    path("clinic/patients/<int:patient_id>/handout", views_clinic.handout_job, name="handout"),
    path(
        "clinic/patients/<int:patient_id>/methods.<str:fmt>",
        views_clinic.methods_job,
        name="methods",
    ),
    path(
        "clinic/programmes/<int:programme_id>/edit",
        views_clinic.edit_programme,
        name="edit_programme",
    ),
    path("clinic/versions/<int:version_id>/file", views_clinic.version_file, name="version_file"),
    path("clinic/jobs/<int:job_id>/", views_clinic.job_status, name="job"),
    path("clinic/arms/", views_clinic.arms, name="arms"),
    path("clinic/arms/arm", views_clinic.arm, name="arm"),
    path("clinic/check", views_clinic.check_fragment, name="check"),
    path("clinic/dose", views_clinic.dose_fragment, name="dose"),
    path("clinic/exercises", views_clinic.exercise_search, name="exercises"),
    path(
        "clinic/patients/<int:patient_id>/programme/build",
        views_builder.build_new,
        name="build_new",
    ),
    path("clinic/programmes/<int:programme_id>/build", views_builder.build_edit, name="build_edit"),
    path("clinic/builder/check", views_builder.build_check, name="build_check"),
    path("clinic/builder/dose", views_builder.build_dose, name="build_dose"),
    path("clinic/builder/exercises", views_builder.build_exercises, name="build_exercises"),
    path("clinic/imports/<int:import_id>/", views_logs.import_detail, name="import_detail"),
    path("clinic/imports/<int:import_id>/resolve", views_logs.resolve, name="resolve_names"),
    path("clinic/exercises/choices", views_logs.exercise_choices, name="exercise_choices"),
    path("clinic/names/", views_logs.aliases, name="aliases"),
    path("clinic/names/<int:alias_id>/forget", views_logs.delete_alias, name="forget_alias"),
    path("clinic/language", views_logs.set_language, name="clinic_language"),
    path("me/", views_patient.today_view, name="me"),
    path("me/session/<int:week>/<int:day>/", views_patient.session_view, name="me_session"),
    path("me/sets", views_patient.log_set, name="me_set"),
    path("me/pain", views_patient.log_pain, name="me_pain"),
    path("me/history", views_patient.history, name="me_history"),
    path("me/export.json", views_patient.export_json, name="me_export"),
    path("me/sets.csv", views_patient.export_csv, name="me_csv"),
    path("me/handout", views_patient.handout, name="me_handout"),
    path("me/jobs/<int:job_id>/", views_patient.my_job, name="me_job"),
]
