from django.urls import path, re_path

from . import views

app_name = "cycle"

CODE_YEAR = r"^(?P<code>[0-9]{6,9})/(?P<year>[0-9]{4})/"

urlpatterns = [
    # The office (督查室)
    path("office/", views.office_home, name="office"),
    path("office/calls/new/", views.call_new, name="call_new"),
    path("office/calls/<int:pk>/", views.call_detail, name="call"),
    path("office/calls/<int:pk>/proposals.xlsx", views.call_export, name="call_export"),
    path("office/proposals/<int:pk>/triage/", views.proposal_triage, name="triage"),
    path("office/candidates/<str:code>/new/", views.candidate_new, name="candidate_new"),
    path("office/candidates/<str:code>/<int:year>/", views.candidate_list, name="candidates"),
    path(
        "office/candidates/<str:code>/<int:year>.docx",
        views.candidates_docx,
        name="candidates_docx",
    ),
    path("office/candidate/<int:pk>/", views.candidate_edit, name="candidate_edit"),
    path("office/sessions/new/", views.session_new, name="session_new"),
    path("office/sessions/<int:pk>/", views.session_detail, name="session"),
    path("office/sessions/<int:pk>/codes/", views.session_codes, name="session_codes"),
    path("office/sessions/<int:pk>/tally/", views.session_tally, name="session_tally"),
    path("office/sessions/<int:pk>/confirm/", views.session_confirm, name="session_confirm"),
    path("office/programs/<int:pk>/evaluation/", views.evaluation_new, name="evaluation_new"),
    path("office/evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("office/evaluations/<int:pk>/codes/", views.evaluation_codes, name="evaluation_codes"),
    path("office/evaluations/<int:pk>/tally/", views.evaluation_tally, name="evaluation_tally"),
    path(
        "office/evaluations/<int:pk>/publish/",
        views.evaluation_publish,
        name="evaluation_publish",
    ),
    # Units
    path("work/opinions/", views.opinions, name="opinions"),
    path("work/proposals/<int:pk>/opinion/", views.opinion, name="opinion"),
    # Deputies
    path("ballot/<int:pk>/", views.ballot, name="ballot"),
    path("evaluate/<int:pk>/", views.evaluation_ballot, name="evaluation_ballot"),
    # The public
    path("lookup/", views.lookup, name="lookup"),
    re_path(CODE_YEAR + r"$", views.call_public, name="call_public"),
    re_path(CODE_YEAR + r"proposals/$", views.proposals_summary, name="proposals"),
    re_path(CODE_YEAR + r"vote/$", views.vote_public, name="vote"),
    re_path(CODE_YEAR + r"evaluation/$", views.evaluation_public, name="evaluation_public"),
    re_path(
        CODE_YEAR + r"(?P<number>[0-9]+(?:\([0-9]+\))?)/rate/$",
        views.citizen_rate,
        name="rate",
    ),
]
