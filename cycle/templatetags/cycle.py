from django import template
from django.db.models import Exists, F, OuterRef, Subquery

from projects.models import Program

register = template.Library()


def program_link_annotations() -> dict:
    """What cycle_program_links() needs, as annotations of a Program query: a page that
    reads its program anyway gets them in the same query (Program.objects...annotate(**…))."""
    from cycle.choices import EvaluationState, SessionState
    from cycle.models import Evaluation, VoteSession

    published = Evaluation.objects.filter(
        program=OuterRef("pk"), state=EvaluationState.PUBLISHED
    )
    return {
        "cycle_voted": Exists(
            VoteSession.objects.filter(program=OuterRef("pk"), state=SessionState.CONFIRMED)
        ),
        "cycle_evaluated": Exists(published),
        "cycle_rate": Subquery(published.values("overall_rate")[:1]),
    }


@register.inclusion_tag("cycle/_program_links.html")
def cycle_program_links(program):
    """Links from a public program page to its vote and its evaluation: from the program's
    program_link_annotations() if it was read with them, else in one query."""
    if hasattr(program, "cycle_voted"):
        row = {
            "voted": program.cycle_voted,
            "evaluated": program.cycle_evaluated,
            "rate": program.cycle_rate,
        }
    else:
        row = (
            Program.objects.filter(pk=program.pk)
            .annotate(**program_link_annotations())
            .values(voted=F("cycle_voted"), evaluated=F("cycle_evaluated"), rate=F("cycle_rate"))
            .first()
        ) or {}
    return {"program": program, **row}
