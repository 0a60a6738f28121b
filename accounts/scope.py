"""Who may see and do what: the one place that decides, asked by every view, admin page,
download, import page, API answer and template.

A login is one of:
- an **administrator** (superuser): everything;
- a **supervision office** (督查室 account with `progress.review_report`): reads the programs of
  its jurisdiction and of every jurisdiction below it (a city office its districts, a county
  office its towns); reviews, publishes, imports and opens accounts only in its own
  jurisdiction; reminds and issues notices in its own jurisdiction and, below it, where the
  lower jurisdiction allows it (`Jurisdiction.parent_office_may_act`);
- a **unit reporter** (account with a unit and `progress.file_report`): the tasks on which its
  unit is a responsible unit; the lead unit files the report, co-units contribute;
- anyone else (anonymous, inactive, a login without account): nothing here; the public site
  starts from `Program.objects.published()` instead.

Views turn the answers into responses: an object outside `tasks()` (or `programs()`, …) answers
404, so its existence is not revealed; a visible object on which the login may not act, 403.
"""

from __future__ import annotations

from functools import cached_property

from django.db.models import Q, QuerySet

ATTRIBUTE = "_minsheng_scope"


def scope_of(user) -> Scope:
    """The scope of `user`, built once per request (it is kept on the user object)."""
    scope = getattr(user, ATTRIBUTE, None)
    if scope is None or scope.user is not user:
        scope = Scope(user)
        try:
            setattr(user, ATTRIBUTE, scope)
        except AttributeError:  # AnonymousUser and other read-only objects
            pass
    return scope


class Scope:
    def __init__(self, user):
        self.user = user

    # -- who this is -------------------------------------------------------------------

    @cached_property
    def account(self):
        """The login's account with its jurisdiction (one query), or None."""
        user = self.user
        if not (user.is_authenticated and user.is_active) or user.is_superuser:
            return None
        from .models import Account

        account = (
            Account.objects.select_related("jurisdiction", "unit").filter(user=user.pk).first()
        )
        if account is not None:
            # Later `user.account` reads use this object instead of querying again.
            Account.user.field.remote_field.set_cached_value(user, account)
        return account

    @cached_property
    def is_admin(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active and self.user.is_superuser)

    @cached_property
    def office(self):
        """The supervision office's jurisdiction, when this login is one."""
        account = self.account
        if account and account.is_supervisor and self.user.has_perm("progress.review_report"):
            return account.jurisdiction
        return None

    @cached_property
    def subtree(self) -> str:
        """The path prefix of the office's subtree. A jurisdiction saved without its path
        (written around save()) must not widen the scope to everything: fall back to its code."""
        return self.office.path or f"{self.office.code}/"

    @cached_property
    def unit_id(self) -> int | None:
        """The reporter's unit, when this login is one."""
        account = self.account
        if account and account.is_reporter and self.user.has_perm("progress.file_report"):
            return account.unit_id
        return None

    @property
    def is_office(self) -> bool:
        return self.office is not None

    @property
    def is_reporter(self) -> bool:
        return self.unit_id is not None

    @property
    def is_member(self) -> bool:
        """Anyone with a workbench: administrator, office or unit."""
        return self.is_admin or self.is_office or self.is_reporter

    # -- what this login may read --------------------------------------------------------

    def jurisdiction_q(self, path: str = "jurisdiction") -> Q:
        """A filter on the jurisdiction reached through `path` (e.g. "program__jurisdiction"):
        everything for an administrator, the office's subtree, the unit's own jurisdiction."""
        if self.is_admin:
            return Q()
        if self.office is not None:
            return Q(**{f"{path}__path__startswith": self.subtree})
        if self.unit_id is not None:
            return Q(**{path: self.account.jurisdiction_id})
        return Q(pk__in=[])

    def own_jurisdiction_q(self, path: str = "jurisdiction") -> Q:
        """Only the login's own jurisdiction (where an office acts): accounts, imports."""
        if self.is_admin:
            return Q()
        if self.account is not None and (self.office is not None or self.unit_id is not None):
            return Q(**{path: self.account.jurisdiction_id})
        return Q(pk__in=[])

    def jurisdictions(self, queryset: QuerySet | None = None) -> QuerySet:
        from projects.models import Jurisdiction

        queryset = Jurisdiction.objects.all() if queryset is None else queryset
        if self.is_admin:
            return queryset
        if self.office is not None:
            return queryset.filter(path__startswith=self.subtree)
        if self.unit_id is not None:
            return queryset.filter(pk=self.account.jurisdiction_id)
        return queryset.none()

    def tasks(self, queryset: QuerySet | None = None) -> QuerySet:
        """The tasks this login may open."""
        from projects.models import Task

        queryset = Task.objects.all() if queryset is None else queryset
        if self.is_admin:
            return queryset
        if self.office is not None:
            return queryset.filter(program__jurisdiction__path__startswith=self.subtree)
        if self.unit_id is not None:
            return queryset.filter(assignments__unit=self.unit_id)
        return queryset.none()

    def programs(self, queryset: QuerySet | None = None) -> QuerySet:
        """Programs in full, published or not: an office's subtree; a unit's own programs."""
        from projects.models import Program

        queryset = Program.objects.all() if queryset is None else queryset
        if self.is_admin:
            return queryset
        if self.office is not None:
            return queryset.filter(jurisdiction__path__startswith=self.subtree)
        if self.unit_id is not None:
            return queryset.filter(tasks__assignments__unit=self.unit_id).distinct()
        return queryset.none()

    def accounts(self, queryset: QuerySet | None = None) -> QuerySet:
        """Logins (with their phone numbers) an office manages: its own jurisdiction's only."""
        from .models import Account

        queryset = Account.objects.all() if queryset is None else queryset
        if self.is_admin:
            return queryset
        if self.office is not None:
            return queryset.filter(jurisdiction=self.office.pk)
        return queryset.none()

    # -- what this login may do ------------------------------------------------------------

    def _task_jurisdiction(self, task):
        return task.program.jurisdiction

    def may_see(self, task) -> bool:
        if self.is_admin:
            return True
        if self.office is not None:
            return self._task_jurisdiction(task).is_within(self.office)
        if self.unit_id is not None:
            return any(a.unit_id == self.unit_id for a in task.assignments.all())
        return False

    def is_lead_of(self, task) -> bool:
        return self.unit_id is not None and any(
            a.unit_id == self.unit_id and a.is_lead for a in task.assignments.all()
        )

    def is_co_unit_of(self, task) -> bool:
        return self.unit_id is not None and any(
            a.unit_id == self.unit_id and not a.is_lead for a in task.assignments.all()
        )

    def may_file(self, task) -> bool:
        """Write and submit the task's reports: the lead unit."""
        return self.is_lead_of(task)

    def may_contribute(self, task) -> bool:
        """Add a co-unit's part and evidence to the lead unit's report."""
        return self.is_co_unit_of(task)

    def may_remove_evidence(self, task, attachment) -> bool:
        """Remove evidence from a report still being written (workflow.detach says when): the
        lead unit any of it, a co-unit only what its own people uploaded."""
        if self.may_file(task):
            return True
        if not self.may_contribute(task) or attachment.uploaded_by is None:
            return False
        uploader = getattr(attachment.uploaded_by, "account", None)
        return uploader is not None and uploader.unit_id == self.unit_id

    def may_review(self, task) -> bool:
        """Approve or return reports, decide extensions, publish photos: the task's own office."""
        return self.is_admin or (
            self.office is not None and self._task_jurisdiction(task).pk == self.office.pk
        )

    def may_supervise(self, task) -> bool:
        """Remind (催办) and issue notices: the own office, and an office above where the
        task's jurisdiction allows it."""
        return self.may_supervise_in(self._task_jurisdiction(task))

    def may_supervise_in(self, jurisdiction) -> bool:
        """may_supervise for every task of `jurisdiction` (the dashboard's buttons)."""
        if self.is_admin:
            return True
        if self.office is None:
            return False
        if jurisdiction.pk == self.office.pk:
            return True
        return jurisdiction.is_within(self.office) and jurisdiction.parent_office_may_act

    def may_manage_program(self, program) -> bool:
        """Publish, unpublish, re-import and download the program's unpublished tables."""
        return self.is_admin or (
            self.office is not None and program.jurisdiction_id == self.office.pk
        )

    def may_read_program(self, program) -> bool:
        """Read the program in full (unpublished included): its office and the offices above."""
        if self.is_admin:
            return True
        if self.office is not None:
            return program.jurisdiction.is_within(self.office)
        return False

    def may_import_into(self, jurisdiction) -> bool:
        return self.is_admin or (
            self.office is not None
            and jurisdiction.pk == self.office.pk
            and self.user.has_perm("projects.add_program")
        )

    def may_register_below(self, ancestor) -> bool:
        """Registering a division from the national list whose nearest registered ancestor
        is `ancestor` (None: nothing above it is registered): an administrator, or an
        office that imports and whose subtree holds that ancestor, i.e. the office of a
        jurisdiction above the new one."""
        if self.is_admin:
            return True
        return (
            ancestor is not None
            and self.office is not None
            and self.user.has_perm("projects.add_program")
            and (ancestor.path or f"{ancestor.code}/").startswith(self.subtree)
        )

    def may_open_accounts(self) -> bool:
        return self.office is not None and self.user.has_perm("accounts.add_account")

    def may_open_account_for(self, unit) -> bool:
        """An office opens reporter logins for its own jurisdiction's units only."""
        return self.may_open_accounts() and unit.jurisdiction_id == self.office.pk

    def users(self, queryset: QuerySet | None = None) -> QuerySet:
        """Logins an office may read in the user admin: those of its accounts, never an
        administrator."""
        from django.contrib.auth import get_user_model

        queryset = get_user_model()._default_manager.all() if queryset is None else queryset
        if self.is_admin:
            return queryset
        if self.office is not None:
            return queryset.filter(account__in=self.accounts(), is_superuser=False)
        return queryset.none()

    def may_import(self) -> bool:
        """Open the import pages at all (into which jurisdiction: `may_import_into`)."""
        return self.is_admin or (
            self.office is not None and self.user.has_perm("projects.add_program")
        )

    def may_act_in(self, jurisdiction_id) -> bool:
        """Change things (in the admin) that belong to this jurisdiction: its own office."""
        return self.is_admin or (self.office is not None and jurisdiction_id == self.office.pk)

    @property
    def uses_admin(self) -> bool:
        """The admin opens for administrators and for office staff (read only, mostly)."""
        return self.is_admin or (self.office is not None and self.user.is_staff)

    # -- the yearly cycle: calls, candidates, votes, evaluations (cycle app) ---------------

    def may_run_consultation(self, jurisdiction) -> bool:
        """Open calls, triage proposals, draft candidates, run votes and evaluations: the
        jurisdiction's own office (a county office does not run its towns' votes)."""
        return self.is_admin or (self.office is not None and jurisdiction.pk == self.office.pk)

    def may_read_consultation(self, jurisdiction) -> bool:
        """Read calls, proposals (without the proposers' contacts), candidates and results:
        the own office and the offices above (the county sees its towns roll up)."""
        if self.is_admin:
            return True
        return self.office is not None and jurisdiction.is_within(self.office)

    def may_see_proposer(self, jurisdiction) -> bool:
        """A proposer's name and phone: the office that runs the call only."""
        return self.may_run_consultation(jurisdiction)

    def may_give_opinion(self, proposal) -> bool:
        """Answer a proposal the office forwarded: the unit it went to."""
        return self.unit_id is not None and proposal.forwarded_to_id == self.unit_id
