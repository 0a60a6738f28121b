"""Forms of the web upload: the file itself, then the corrections made on the preview."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from projects.models import Jurisdiction

from .layout import ROLE_LABELS

SKIP = "-"  # a column mapped to "不导入"


def size_text(size: int) -> str:
    """A size in MB for messages; small limits (tests) in KB so they never read "0 MB"."""
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB".replace(".0 MB", " MB")
    return f"{size / 1024:.1f} KB"


class ImportSettingsForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label=_("行政区"),
        queryset=Jurisdiction.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("自动识别"),
    )
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        min_value=1949,
        max_value=2100,
        help_text=_("文件标题中没有年度时必须填写"),
    )


class UploadForm(ImportSettingsForm):
    file = forms.FileField(
        label=_("文件"),
        help_text=_("支持 .docx、.xlsx、.csv、.doc 和文本文件"),
        error_messages={
            "empty": _("上传的文件是空的。"),
            "required": _("请选择要导入的文件。"),
        },
    )

    field_order = ["file", "jurisdiction", "year"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件太大（%(size)s），上限为 %(limit)s。"),
                code="too_large",
                params={"size": size_text(upload.size), "limit": size_text(limit)},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("上传的文件是空的。"), code="empty")
        return upload


class PreviewForm(ImportSettingsForm):
    """Year, jurisdiction and one role per column of the table's header."""

    def __init__(
        self,
        *args,
        header: list[str] | None = None,
        rows: list[tuple[int, str]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.header = header or []
        if rows:
            # Nothing recognised as the header: the office says which row it is.
            self.fields["header_row"] = forms.TypedChoiceField(
                label=_("表头所在行"),
                choices=[(index, text) for index, text in rows],
                coerce=int,
                required=False,
            )
        choices = [*ROLE_LABELS.items(), (SKIP, _("不导入"))]
        for index, label in enumerate(self.header):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=label or _("第%(n)d列") % {"n": index + 1},
                choices=choices,
                required=False,
            )

    def column_fields(self):
        return [self[f"col_{index}"] for index in range(len(self.header))]

    def columns(self) -> list[str | None] | None:
        """The mapping chosen, or None when the form carried no column fields."""
        if not self.header or "col_0" not in self.data:
            return None
        values = [self.cleaned_data.get(f"col_{i}") for i in range(len(self.header))]
        return [value if value and value != SKIP else None for value in values]

    def chosen_header_row(self) -> int | None:
        """The header row chosen, or None when the form did not offer the choice."""
        if "header_row" not in self.fields or self.data.get("header_row") in (None, ""):
            return None
        return self.cleaned_data.get("header_row")


class UnitMergeForm(forms.Form):
    """For each unit the import would create: create it, or take it as another name of an
    existing unit of the jurisdiction (saved as its alias, so the next import matches)."""

    def __init__(self, *args, names=(), units=(), **kwargs):
        from .save import similar_units

        super().__init__(*args, **kwargs)
        self.names = list(names)
        units = list(units)
        for index, name in enumerate(self.names):
            choices = [("", _("新建单位"))] + [
                (str(unit.pk), _("同已有单位：%(name)s") % {"name": unit.name})
                for unit in similar_units(name, units)
            ]
            self.fields[f"merge_{index}"] = forms.ChoiceField(
                label=name, choices=choices, required=False
            )

    def merge_fields(self):
        return [self[f"merge_{index}"] for index in range(len(self.names))]

    def merges(self) -> dict[str, int]:
        """Unit name the file writes → id of the existing unit chosen for it."""
        chosen = {}
        for index, name in enumerate(self.names):
            value = self.cleaned_data.get(f"merge_{index}")
            if value:
                chosen[name] = int(value)
        return chosen
