"""The public program page shows the vote and the evaluation: drop the cached pages when
either changes (portal.cache)."""

from django.db.models.signals import post_delete, post_save

from portal.cache import bump

from .models import Evaluation, VoteSession

for _model in (VoteSession, Evaluation):
    post_save.connect(bump, sender=_model, dispatch_uid=f"cycle-bump-save-{_model.__name__}")
    post_delete.connect(bump, sender=_model, dispatch_uid=f"cycle-bump-delete-{_model.__name__}")
