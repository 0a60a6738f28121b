"""The admin asks accounts.scope too, and denies by default.

Every model admin registered on the site (ours and the third-party ones: auth, axes, auditlog)
either declares its scope by mixing in `ScopedAdmin`, or is wrapped in `AdministratorsOnly`:
a model admin that forgets to say whose rows it shows shows nothing to anyone but an
administrator. Settings install `ScopedAdminConfig` in place of 'django.contrib.admin'.
"""

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404

from .scope import scope_of


def _is_admin(request) -> bool:
    return scope_of(request.user).is_admin


class NotFoundOutsideScope:
    """A change, history or delete page of a row outside the login's scope answers 404, as
    on the rest of the site (Django's admin would redirect to the index with a message)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class AdministratorsOnly(NotFoundOutsideScope):
    """For a model admin without a declared scope: nothing for anyone else."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if _is_admin(request) else queryset.none()

    def has_module_permission(self, request):
        return _is_admin(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _is_admin(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return _is_admin(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return _is_admin(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_admin(request) and super().has_delete_permission(request, obj)


def scoped_choices(admin_site, request, queryset, *, acting=True):
    """The rows of `queryset` a login may pick in a form (`acting`: those its model's admin
    lets it act on) or in a list filter (those it reads); none when that model's admin
    declares no scope. Administrators: all."""
    if _is_admin(request):
        return queryset
    related_admin = admin_site._registry.get(queryset.model)
    if isinstance(related_admin, ScopedAdmin):
        return related_admin.scope_queryset(request, queryset, acting=acting)
    return queryset.none()


class ScopedChoices:
    """Foreign-key and many-to-many choices limited to what the login may act on."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = scoped_choices(self.admin_site, request, formfield.queryset)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = scoped_choices(self.admin_site, request, formfield.queryset)
        return formfield


class ScopedAdmin(NotFoundOutsideScope, ScopedChoices):
    """A model admin whose rows belong to a jurisdiction, reached through `scope_path`
    ("program__jurisdiction"; "" for Jurisdiction itself). Rows are read within the login's
    scope (an office: its jurisdiction and those below) and changed, deleted, picked in forms
    and touched by bulk actions only where the login acts (an office: its own jurisdiction)."""

    scope_path = "jurisdiction"

    def scope_queryset(self, request, queryset, *, acting=False):
        scope = scope_of(request.user)
        if self.scope_path == "":
            if acting:
                return queryset.filter(scope.own_jurisdiction_q("pk"))
            return scope.jurisdictions(queryset)
        if acting:
            return queryset.filter(scope.own_jurisdiction_q(self.scope_path))
        return queryset.filter(scope.jurisdiction_q(self.scope_path))

    def jurisdiction_id_of(self, obj):
        if not self.scope_path:
            return obj.pk
        *through, last = self.scope_path.split("__")
        try:
            for name in through:
                obj = getattr(obj, name)
        except Exception:  # a missing related row (a user without account): nowhere
            return None
        return getattr(obj, f"{last}_id", None)

    def _acts_on(self, request, obj) -> bool:
        return obj is None or scope_of(request.user).may_act_in(self.jurisdiction_id_of(obj))

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._acts_on(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._acts_on(request, obj)

    def response_action(self, request, queryset):
        # Bulk actions (delete included) run on the selected rows the login acts on only.
        return super().response_action(
            request, self.scope_queryset(request, queryset, acting=True)
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            # Autocomplete fills a form field: offer what the field will accept.
            queryset = scoped_choices(self.admin_site, request, queryset)
        return queryset, may_have_duplicates


class ScopedAdminSite(AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, ScopedAdmin):
            admin_class = type(
                admin_class.__name__,
                (AdministratorsOnly, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


class ScopedAdminConfig(AdminConfig):
    default = False
    default_site = "accounts.admin_site.ScopedAdminSite"
