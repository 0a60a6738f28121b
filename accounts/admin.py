from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Account


class AccountInline(admin.StackedInline):
    model = Account
    fields = ["role", "jurisdiction", "unit", "phone"]
    autocomplete_fields = ["unit"]
    can_delete = False
    extra = 0


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "jurisdiction", "unit"]
    list_filter = ["role", "jurisdiction"]
    list_select_related = ["user", "jurisdiction", "unit"]
    search_fields = ["user__username", "user__first_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithAccountAdmin(UserAdmin):
    inlines = [AccountInline]
