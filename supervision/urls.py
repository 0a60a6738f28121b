from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="export"),
    path("tasks/<int:pk>/remind/", views.remind, name="remind"),
    path("tasks/<int:pk>/notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>.docx", views.notice_docx, name="notice_docx"),
    path("programs/<int:pk>/publish/", views.program_publish, name="publish"),
]
