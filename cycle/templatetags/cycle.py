from django import template
from django.db.models import Exists, OuterRef, Subquery

from projects.models import Program

register = template.Library()


@register.inclusion_tag("cycle/_program_links.html")
def cycle_program_links(program):
    """Links from a public program page to its vote and its evaluation, in one query."""
    from cycle.choices import EvaluationState, SessionState
    from cycle.models import Evaluation, VoteSession

    published = Evaluation.objects.filter(
        program=OuterRef("pk"), state=EvaluationState.PUBLISHED
    )
    row = (
        Program.objects.filter(pk=program.pk)
        .annotate(
            voted=Exists(
                VoteSession.objects.filter(program=OuterRef("pk"), state=SessionState.CONFIRMED)
            ),
            evaluated=Exists(published),
            rate=Subquery(published.values("overall_rate")[:1]),
        )
        .values("voted", "evaluated", "rate")
        .first()
    ) or {}
    return {"program": program, **row}
