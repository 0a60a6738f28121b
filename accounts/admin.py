from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .admin_site import ScopedAdmin, ScopedChoices
from .models import Account
from .scope import scope_of


class AccountInline(ScopedChoices, admin.StackedInline):
    model = Account
    fields = ["role", "jurisdiction", "unit", "phone"]
    autocomplete_fields = ["unit"]
    can_delete = False
    extra = 0


@admin.register(Account)
class AccountAdmin(ScopedAdmin, admin.ModelAdmin):
    """An office reads its own jurisdiction's accounts (phone numbers included), nobody
    else's. Opening a login is done at /work/accounts/, which always creates a new user for
    a unit of the office's jurisdiction; this form attaches an account to any existing user,
    so only administrators add here."""

    list_display = ["user", "role", "jurisdiction", "unit"]
    list_filter = ["role", "jurisdiction"]
    list_select_related = ["user", "jurisdiction", "unit"]
    search_fields = ["user__username", "user__first_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def scope_queryset(self, request, queryset, *, acting=False):
        return scope_of(request.user).accounts(queryset)

    def has_add_permission(self, request):
        return scope_of(request.user).is_admin and super().has_add_permission(request)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithAccountAdmin(ScopedAdmin, UserAdmin):
    """An office reads the logins of its own accounts only, never an administrator's."""

    scope_path = "account__jurisdiction"
    inlines = [AccountInline]

    def scope_queryset(self, request, queryset, *, acting=False):
        return scope_of(request.user).users(queryset)
