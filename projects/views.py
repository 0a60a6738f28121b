from django.db.models import Count, Q
from django.shortcuts import render

from .choices import TaskStatus
from .models import Program


def home(request):
    """Every imported program with its item count and completion rate."""
    programs = (
        Program.objects.select_related("jurisdiction")
        .annotate(
            task_count=Count("tasks"),
            completed_count=Count("tasks", filter=Q(tasks__status=TaskStatus.COMPLETED)),
        )
        .order_by("jurisdiction__code", "-year")  # the page groups by jurisdiction
    )
    return render(request, "projects/home.html", {"programs": programs})
