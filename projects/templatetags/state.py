"""Template access to the state rules, for values a template cannot compute without `today`."""

from django import template

from projects import rules

register = template.Library()


@register.filter
def report_overdue_on(task, today) -> bool:
    """{% if task|report_overdue_on:today %}: rules.report_overdue for a task."""
    return rules.report_overdue(task.next_report_due, today)
