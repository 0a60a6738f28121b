"""The cycle's records in the admin, for administrators. Ballot codes and cast ballots are
not registered: nobody browses them (their counts are on the office pages)."""

from django.contrib import admin

from .models import (
    Call,
    Candidate,
    CandidateMilestone,
    CitizenRating,
    Evaluation,
    EvaluationTally,
    Proposal,
    Tally,
    VoteSession,
)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "jurisdiction", "year", "opens_on", "closes_on"]
    list_filter = ["jurisdiction", "year"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["receipt", "title", "field", "state"]
    list_filter = ["state", "field", "call"]
    search_fields = ["receipt", "title", "content"]
    raw_id_fields = ["merged_into", "forwarded_to"]


class CandidateMilestoneInline(admin.TabularInline):
    model = CandidateMilestone
    extra = 0


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "jurisdiction", "year", "lead_unit"]
    list_filter = ["jurisdiction", "year"]
    inlines = [CandidateMilestoneInline]
    filter_horizontal = ["co_units", "proposals"]


class TallyInline(admin.TabularInline):
    model = Tally
    extra = 0


@admin.register(VoteSession)
class VoteSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "jurisdiction", "year", "places", "state"]
    list_filter = ["state", "jurisdiction"]
    inlines = [TallyInline]


class EvaluationTallyInline(admin.TabularInline):
    model = EvaluationTally
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["program", "state", "overall_rate"]
    inlines = [EvaluationTallyInline]


@admin.register(CitizenRating)
class CitizenRatingAdmin(admin.ModelAdmin):
    list_display = ["task", "rating", "created"]
