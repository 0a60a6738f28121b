"""Who a login belongs to: a responsible unit, or the supervision office of a jurisdiction.

Permissions come from Django groups (see GROUP_FOR_ROLE); the account says *where* they apply.
Administrators are superusers and need no account.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import Jurisdiction, TimeStamped, Unit

from .choices import GROUP_FOR_ROLE, Role


class AccountQuerySet(models.QuerySet):
    def reporter_emails(self, unit) -> list[str]:
        """Addresses of the unit's active logins: who gets its reminders."""
        return sorted(
            self.filter(unit=unit, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )


class Account(TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="account",
    )
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="accounts"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="accounts",
        null=True,
        blank=True,
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["jurisdiction__code", "role", "unit__name", "user__username"]
        verbose_name = _("账号归属")
        verbose_name_plural = _("账号归属")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.REPORTER) & Q(unit__isnull=False))
                | (Q(role=Role.SUPERVISOR) & Q(unit__isnull=True)),
                name="account_reporter_has_unit",
                violation_error_message=_("单位填报员必须属于一个责任单位；督查室账号不属于单位。"),
            ),
        ]

    def __str__(self):
        return f"{self.user.get_username()}（{self.unit or self.jurisdiction}）"

    def clean(self):
        if self.role == Role.REPORTER and not self.unit_id:
            raise ValidationError({"unit": _("单位填报员必须属于一个责任单位。")})
        if self.role == Role.SUPERVISOR and self.unit_id:
            raise ValidationError({"unit": _("督查室账号不属于单位。")})
        if self.unit_id and self.jurisdiction_id and self.unit.jurisdiction_id != self.jurisdiction_id:
            raise ValidationError({"unit": _("责任单位必须属于账号所在行政区。")})

    def save(self, *args, **kwargs):
        if self.unit_id and not self.jurisdiction_id:
            self.jurisdiction_id = self.unit.jurisdiction_id
        super().save(*args, **kwargs)

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_reporter(self) -> bool:
        return self.role == Role.REPORTER

    @classmethod
    @transaction.atomic
    def create_user(cls, *, username, password, role, jurisdiction, unit=None, **fields):
        """A login with its account and the group of its role, in one step."""
        from django.contrib.auth import get_user_model

        # Supervisors read their jurisdiction's plan and reports in the admin too.
        fields.setdefault("is_staff", role == Role.SUPERVISOR)
        user = get_user_model().objects.create_user(username=username, password=password, **fields)
        account = cls(user=user, role=role, jurisdiction=jurisdiction, unit=unit)
        account.full_clean(exclude=["user"])
        account.save()
        user.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[role]))
        return account
