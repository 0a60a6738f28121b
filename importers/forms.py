"""Forms of the web upload: the file itself, then the corrections made on the preview."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Jurisdiction

from .layout import ROLE_LABELS

SKIP = "-"  # a column mapped to "不导入"


def size_text(size: int) -> str:
    """A size in MB for messages; small limits (tests) in KB so they never read "0 MB"."""
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB".replace(".0 MB", " MB")
    return f"{size / 1024:.1f} KB"


def unregistered_message(division) -> str:
    """What the upload form and the preview say of a division not registered yet."""
    return _("%(name)s（%(code)s）尚未登记，需要先登记才能导入。") % {
        "name": division.full_name,
        "code": division.code,
    }


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
        help_text=_("支持 .docx、.xlsx、.xls、.csv、.doc、网页（.html、.htm）和文本文件"),
        error_messages={
            "empty": _("上传的文件是空的。"),
            "required": _("请选择要导入的文件。"),
        },
    )

    other = forms.CharField(
        label=_("其他行政区"),
        required=False,
        max_length=40,
        help_text=_("不在上面列表中的行政区：填写行政区划代码或名称，例如 440104 或 广州市越秀区"),
    )

    field_order = ["file", "jurisdiction", "other", "year"]
    # A division of the national list that is not registered yet: the page offers to add it.
    offer = None

    def clean(self):
        from projects import divisions

        cleaned = super().clean()
        query = "".join((cleaned.get("other") or "").split())
        if not query or cleaned.get("jurisdiction"):
            return cleaned
        registered = Jurisdiction.objects.filter(models.Q(code=query) | models.Q(name=query))
        if len(registered) == 1:
            cleaned["jurisdiction"] = registered[0]
            return cleaned
        found = divisions.find(query)
        if not found:
            self.add_error("other", _("全国行政区划表中没有“%(query)s”。") % {"query": query})
        elif len(found) > 1:
            self.add_error(
                "other",
                _("“%(query)s”有多处，请填写代码：%(places)s")
                % {"query": query, "places": "、".join(f"{d.code} {d.full_name}" for d in found[:10])},
            )
        elif Jurisdiction.objects.filter(code=found[0].code).exists():
            cleaned["jurisdiction"] = Jurisdiction.objects.get(code=found[0].code)
        else:
            self.offer = found[0]
            self.add_error("other", unregistered_message(found[0]))
        return cleaned

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
