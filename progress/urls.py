from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/reports/<str:period>/", views.report_edit, name="report"),
    path("tasks/<int:pk>/changes/new/", views.change_request_new, name="change_new"),
    path("reports/<int:pk>/review/", views.report_review, name="review"),
    path("reports/<int:pk>/contribution/", views.report_contribute, name="contribute"),
    path("reports/<int:pk>/attachments/", views.report_attach, name="attach"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("attachments/<int:pk>/publish/", views.attachment_publish, name="attachment_publish"),
    path("changes/<int:pk>/decide/", views.change_request_decide, name="change_decide"),
    path("accounts/", views.reporter_accounts, name="accounts"),
]
