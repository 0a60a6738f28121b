from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="export"),
    path("remind/", views.bulk_remind, name="bulk_remind"),
    path("tasks/<int:pk>/remind/", views.remind, name="remind"),
    path("tasks/<int:pk>/notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>.docx", views.notice_docx, name="notice_docx"),
    path("programs/<int:pk>/publish/", views.program_publish, name="publish"),
    path("programs/<int:pk>/reporting/", views.reporting, name="reporting"),
    path("programs/<int:pk>/bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/<int:pk>/", views.bulletin_edit, name="bulletin"),
    path("bulletins/<int:pk>.docx", views.bulletin_docx, name="bulletin_docx"),
]

# The public site's list of published bulletins (included at /bulletins/).
public_urlpatterns = (
    [
        path("", views.public_bulletins, name="list"),
        path("<int:pk>.docx", views.public_bulletin_docx, name="docx"),
    ],
    "bulletins",
)
