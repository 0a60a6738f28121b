from django.urls import path

from . import views

app_name = "importers"

urlpatterns = [
    path("new/", views.upload, name="upload"),
    path("jurisdictions/register/", views.register_jurisdiction, name="register_jurisdiction"),
    path("programs/<int:pk>/download.<str:fmt>", views.download_program, name="download"),
    path("<uuid:key>/preview/", views.preview, name="preview"),
    path("<uuid:key>/confirm/", views.confirm, name="confirm"),
    path("<uuid:key>/cancel/", views.cancel, name="cancel"),
    path("<uuid:key>/result/", views.result, name="result"),
]
