from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Unit


class MergeUnitsForm(forms.Form):
    """Which of the selected units survives a merge; the others are folded into it."""

    keep = forms.ModelChoiceField(
        label=_("保留的单位"), queryset=Unit.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = units
