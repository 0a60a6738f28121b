from django.contrib.auth.models import AnonymousUser

from .scope import scope_of


def scope(request):
    """`scope` in every template, so templates ask accounts.scope what to show. Nothing is
    queried until a template asks."""
    return {"scope": scope_of(getattr(request, "user", None) or AnonymousUser())}
