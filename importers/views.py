"""The web upload for office staff: upload → preview (dry run, corrections) → confirm.

The uploaded bytes wait in MEDIA_ROOT/imports/pending/<uuid>.bin (never served, never
executed); the session keeps who uploaded them, the original name, the checksum and the
corrections made on the preview. Nothing is written to the database before 确认导入.
"""

import hashlib
import uuid
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scope import scope_of
from minsheng.lib.names import clean_name, unit_key
from minsheng.lib.text import clean_inline
from projects import divisions
from projects.choices import TaskStatus
from projects.models import Jurisdiction, Unit

from . import exporters, pipeline
from .detect import candidates_from, detect_jurisdiction
from .document import ImportFailed, RowWarning
from .forms import SKIP, PreviewForm, UnitMergeForm, UploadForm, unregistered_message
from .layout import ParsedProgram, all_rows, role_of
from .mapping import remember
from .models import ColumnProfile
from .save import ImportReport, program_notes, save_program

SESSION_KEY = "pending_imports"
RESULTS_KEY = "import_results"


def importer_required(view):
    """Staff who may import (accounts.scope); anonymous users go to the login page."""

    @staff_member_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not scope_of(request.user).may_import():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def refusal(user, jurisdiction) -> str | None:
    """Why `user` may not import into `jurisdiction`, or None when it may."""
    if jurisdiction is None or scope_of(user).may_import_into(jurisdiction):
        return None
    return _("您只能导入本行政区的计划，不能导入到%(name)s（%(code)s）。") % {
        "name": jurisdiction.name,
        "code": jurisdiction.code,
    }


# -- pending uploads -----------------------------------------------------------------


def pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "pending"


def pending_path(key: str) -> Path:
    return pending_dir() / f"{uuid.UUID(key)}.bin"


def store_upload(request, upload, jurisdiction, year) -> str:
    data = b"".join(upload.chunks())
    key = str(uuid.uuid4())
    pending_dir().mkdir(parents=True, exist_ok=True)
    pending_path(key).write_bytes(data)
    entries = request.session.get(SESSION_KEY, {})
    entries[key] = {
        "name": Path(upload.name or "upload").name[:255],
        "user": request.user.pk,
        "sha256": hashlib.sha256(data).hexdigest(),
        "jurisdiction": jurisdiction.code if jurisdiction else None,
        "year": year,
        "columns": None,  # None: the roles read from the header
        "header_row": None,  # None: the row whose words are a header; else the office's pick
        "profile": None,  # the saved mapping applied, by name
        "header": None,  # labels of the columns, kept so a failed re-read can be corrected
        "roles": None,
        "resolved": None,  # the jurisdiction code the last successful preview used
    }
    request.session[SESSION_KEY] = entries
    return key


def load_pending(request, key) -> tuple[dict, bytes]:
    """The session entry and bytes of `key`; 404 unless the current user uploaded it."""
    key = str(key)
    entry = request.session.get(SESSION_KEY, {}).get(key)
    if entry is None or entry.get("user") != request.user.pk:
        raise Http404(_("没有这个待导入的文件。"))
    try:
        data = pending_path(key).read_bytes()
    except OSError:
        forget_pending(request, key)
        raise Http404(_("待导入的文件已不存在，请重新上传。")) from None
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise Http404(_("待导入的文件已被改动，请重新上传。"))
    return entry, data


def save_entry(request, key, entry) -> None:
    entries = request.session.get(SESSION_KEY, {})
    entries[str(key)] = entry
    request.session[SESSION_KEY] = entries


def forget_pending(request, key) -> None:
    pending_path(str(key)).unlink(missing_ok=True)
    entries = request.session.get(SESSION_KEY, {})
    entries.pop(str(key), None)
    request.session[SESSION_KEY] = entries


# -- reading -------------------------------------------------------------------------


def read_pending(entry: dict, data: bytes) -> tuple[str | None, ParsedProgram | None, list[str]]:
    """(jurisdiction code the file names, parsed program, error messages).

    Until the office maps the columns itself, a mapping it saved for the jurisdiction
    is tried first: it applies when the file has every header word it names."""
    entry["profile"] = None
    if entry["columns"] is None and entry.get("header_row") is None and entry["jurisdiction"]:
        for profile in ColumnProfile.objects.filter(jurisdiction__code=entry["jurisdiction"]):
            try:
                result = pipeline.parse_document(
                    data, entry["name"], year=entry["year"], mapping=profile.mapping
                )
            except ImportFailed:
                continue
            entry["profile"] = profile.name
            return *result, []
    try:
        file_code, parsed = pipeline.parse_document(
            data,
            entry["name"],
            year=entry["year"],
            columns=entry["columns"],
            header_row=entry.get("header_row"),
        )
    except ImportFailed as exc:
        return None, None, exc.messages or [str(exc)]
    return file_code, parsed, []


def unknown_file_jurisdiction(entry: dict, data: bytes) -> tuple[list[str], object | None]:
    """(errors, division to offer for registration) when the file names its jurisdiction
    (interchange JSON) and that jurisdiction is not registered: checked before the rest of
    the file is read. ([], None) when there is nothing to say."""
    try:
        code = pipeline.file_jurisdiction(data, entry["name"])
    except ImportFailed as exc:
        return exc.messages, None
    chosen = entry["jurisdiction"]
    if code is None or (chosen and chosen != code):
        return [], None  # no code in the file, or a conflict said by resolve_jurisdiction
    if Jurisdiction.objects.filter(code=code).exists():
        return [], None
    division = divisions.by_code().get(code)
    if division is None:
        return [
            _("文件中的行政区划代码“%(code)s”没有登记，也不在全国行政区划表中。") % {"code": code}
        ], None
    return [unregistered_message(division)], division


def may_register(user, division) -> bool:
    """May `user` register `division` (Scope.may_register_below the nearest one above it)?"""
    return division is not None and scope_of(user).may_register_below(
        divisions.registered_ancestor(division)
    )


def profile_mapping(entry: dict) -> dict | None:
    """The mapping of the profile the preview applied, so the import reads what was shown."""
    if not entry.get("profile"):
        return None
    profile = ColumnProfile.objects.filter(name=entry["profile"]).first()
    return profile.mapping if profile else None


def candidate_rows(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    """The first rows of the file's tables, (index as read_program counts, cell texts), for
    the office to point at the header when none was recognised."""
    try:
        rows = all_rows(pipeline.parse_raw(data, name))
    except ImportFailed:
        return []
    found = []
    for index, row in enumerate(rows[:40]):
        texts = [clean_inline(t) for t in row.texts()]
        if sum(1 for t in texts if t) >= 2:
            found.append((index, texts))
    return found[:15]


def column_labels(parsed: ParsedProgram) -> list[str]:
    """One label per column: the header text over it, or its position when it has none."""
    return [label or _("第%(n)d列") % {"n": n} for n, label in enumerate(parsed.header, 1)]


def task_rows(parsed: ParsedProgram, report: ImportReport | None) -> list[dict]:
    """The parsed table as it will be saved, with the warnings that name each row.

    A warning names its rows and items as data (`RowWarning`), never only in its words,
    so an English preview attaches it to the same rows as a Chinese one."""
    categories = {c.number: c.name for c in parsed.categories}
    created = set(report.units_created) if report else set()
    aliases = dict(report.units_matched_by_alias) if report else {}
    placed = [w for w in parsed.warnings if isinstance(w, RowWarning)]
    rows = []
    for task in parsed.tasks:
        warnings = [w for w in placed if w.concerns(task.where, task.number)]
        lead_key = unit_key(task.lead_unit) if task.lead_unit else None
        units = []
        for index, written in enumerate(task.units):
            name = clean_name(written)
            units.append(
                {
                    "name": written,
                    "person": task.persons[index] if index < len(task.persons) else "",
                    "lead": lead_key is not None and unit_key(written) == lead_key,
                    "created": name in created,
                    "alias_of": aliases.get(name),
                }
            )
        try:
            status = TaskStatus(task.status).label
        except ValueError:
            status = task.status
        rows.append(
            {
                "task": task,
                "category": categories.get(task.category, ""),
                "units": units,
                "status": status,
                "warnings": warnings,
                "milestone_dates": [m.due for m in task.milestones],
            }
        )
    return rows


def resolve_jurisdiction(entry, file_code, parsed, errors) -> tuple[Jurisdiction | None, str]:
    """The jurisdiction to import into and how it was found ("chosen", "file", "detected",
    "ambiguous"). A conflict between the choice and the file is added to `errors`."""
    chosen = entry["jurisdiction"]
    if file_code and chosen and file_code != chosen:
        errors.append(
            _("文件属于行政区 %(file)s，与选择的 %(chosen)s 不一致。")
            % {"file": file_code, "chosen": chosen}
        )
        return None, "ambiguous"
    if chosen or file_code:
        how = "chosen" if chosen else "file"
        return Jurisdiction.objects.filter(code=chosen or file_code).first(), how
    jurisdictions = Jurisdiction.objects.select_related("parent").order_by("code")
    detection = detect_jurisdiction([parsed.title, entry["name"]], candidates_from(jurisdictions))
    if detection.code:
        return Jurisdiction.objects.filter(code=detection.code).first(), "detected"
    return None, "ambiguous"


# -- views ---------------------------------------------------------------------------


@importer_required
@require_http_methods(["GET", "POST"])
def upload(request):
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"jurisdiction": request.GET.get("jurisdiction")},
    )
    if request.method == "POST" and form.is_valid():
        if reason := refusal(request.user, form.cleaned_data["jurisdiction"]):
            form.add_error("jurisdiction", reason)
        else:
            key = store_upload(
                request,
                form.cleaned_data["file"],
                form.cleaned_data["jurisdiction"],
                form.cleaned_data["year"],
            )
            return redirect("importers:preview", key=key)
    offer = form.offer
    return render(
        request,
        "importers/upload.html",
        {
            "form": form,
            "max_size": settings.IMPORT_MAX_UPLOAD_BYTES / 1048576,
            "offer": offer,
            "may_register": may_register(request.user, offer),
        },
    )


@importer_required
@require_POST
def register_jurisdiction(request):
    """Register a division of the national list (with its missing ancestors), then go back
    to the upload form with it chosen."""
    division = divisions.by_code().get(request.POST.get("code", ""))
    if division is None:
        raise Http404(_("全国行政区划表中没有这个代码。"))
    if not may_register(request.user, division):
        raise PermissionDenied
    if not Jurisdiction.objects.filter(code=division.code).exists():
        jurisdiction, created = divisions.register(division)
        messages.success(
            request,
            _("已登记行政区：%(names)s。")
            % {"names": "、".join(f"{j.name}（{j.code}）" for j in created)},
        )
    pending = request.POST.get("pending", "")
    if pending in request.session.get(SESSION_KEY, {}):
        # Registered from the preview of a file naming it: back to that preview.
        return redirect("importers:preview", key=pending)
    return redirect(f"{reverse('importers:upload')}?jurisdiction={division.code}")


@importer_required
@require_http_methods(["GET", "POST"])
def preview(request, key):
    entry, data = load_pending(request, key)
    header = entry.get("header")
    invalid_form = None
    rows = None
    if entry.get("header_row") is not None or entry.get("rows_offered"):
        rows = candidate_rows(data, entry["name"])
    if request.method == "POST":
        form = PreviewForm(request.POST, header=header, rows=row_choices(rows))
        if not form.is_valid():
            invalid_form = form  # shown with its errors; the file is read as before
        else:
            jurisdiction = form.cleaned_data["jurisdiction"]
            entry["jurisdiction"] = jurisdiction.code if jurisdiction else None
            entry["year"] = form.cleaned_data["year"]
            header_row = form.chosen_header_row()
            if "reset_columns" in request.POST:
                entry["columns"] = entry["header_row"] = None
            elif header_row is not None and header_row != entry.get("header_row"):
                # Another row is the header: its columns are read afresh.
                entry["header_row"], entry["columns"] = header_row, None
            elif form.columns() is not None:
                entry["columns"] = form.columns()
    errors, offer = unknown_file_jurisdiction(entry, data)
    refused_early = bool(errors)
    if refused_early:
        file_code, parsed = None, None
    else:
        file_code, parsed, errors = read_pending(entry, data)
    if parsed is None and errors and not refused_early:
        # No header recognised (or the mapping given fails): offer the rows to choose from,
        # and the columns of the chosen (or most likely) row to map.
        rows = rows or candidate_rows(data, entry["name"])
        entry["rows_offered"] = bool(rows)
        if rows and entry["columns"] is None:
            chosen = dict(rows).get(entry.get("header_row"))
            if chosen is None:
                entry["header_row"], chosen = max(rows, key=lambda r: sum(1 for t in r[1] if t))
            entry["header"] = [t or _("第%(n)d列") % {"n": n} for n, t in enumerate(chosen, 1)]
            entry["roles"] = [(role_of(t) or "extra") if t else None for t in chosen]
    report = None
    jurisdiction, how = None, "ambiguous"
    if parsed is not None:
        entry["header"] = column_labels(parsed)
        entry["roles"] = list(parsed.columns)
        jurisdiction, how = resolve_jurisdiction(entry, file_code, parsed, errors)
        if reason := refusal(request.user, jurisdiction):
            errors.append(reason)
            jurisdiction, how = None, "ambiguous"
        if jurisdiction is not None:
            try:
                report = save_program(parsed, jurisdiction, dry_run=True)
            except ImportFailed as exc:
                errors.extend(exc.messages)
    entry["resolved"] = jurisdiction.code if report is not None else None
    merge_form = None
    entry["new_units"] = list(report.units_created) if report is not None else []
    if entry["new_units"]:
        # Every unit the import would create, so the office can say it is an existing one.
        merge_form = UnitMergeForm(
            names=entry["new_units"], units=Unit.objects.filter(jurisdiction=jurisdiction)
        )
    save_entry(request, key, entry)

    roles = entry.get("roles") or []
    initial = {"jurisdiction": entry["jurisdiction"], "year": entry["year"]}
    for index, _label in enumerate(entry.get("header") or []):
        role = roles[index] if index < len(roles) else None
        initial[f"col_{index}"] = role or SKIP
    initial["header_row"] = entry.get("header_row")
    form = invalid_form or PreviewForm(
        initial=initial,
        header=entry.get("header"),
        rows=row_choices(rows) if entry.get("rows_offered") else None,
    )
    return render(
        request,
        "importers/preview.html",
        {
            "key": key,
            "entry": entry,
            "form": form,
            "errors": errors,
            "parsed": parsed,
            "report": report,
            "jurisdiction": jurisdiction,
            "how": how,
            "rows": task_rows(parsed, report) if parsed is not None else [],
            # What the file says outside the items, so the office sees it was read.
            "notes": program_notes(parsed) if parsed is not None else [],
            "can_confirm": report is not None and not errors,
            "columns_changed": entry["columns"] is not None or entry.get("header_row") is not None,
            "profile": entry.get("profile"),
            "merge_form": merge_form,
            "offer": offer,
            "may_register": may_register(request.user, offer),
        },
    )


def row_choices(rows) -> list[tuple[int, str]] | None:
    if not rows:
        return None
    return [
        (index, _("第%(n)d行：") % {"n": index + 1} + " | ".join(t for t in texts if t)[:80])
        for index, texts in rows
    ]


@importer_required
@require_POST
def confirm(request, key):
    entry, data = load_pending(request, key)
    if not entry.get("resolved"):
        messages.error(request, _("请先在预览中确认行政区和年度。"))
        return redirect("importers:preview", key=key)
    # Checked again here: the preview's answer is only as good as the rules when it ran.
    if reason := refusal(request.user, Jurisdiction.objects.filter(code=entry["resolved"]).first()):
        messages.error(request, reason)
        return redirect("importers:preview", key=key)
    merge_form = UnitMergeForm(
        request.POST,
        names=entry.get("new_units") or [],
        units=Unit.objects.filter(jurisdiction__code=entry["resolved"]),
    )
    if not merge_form.is_valid():
        messages.error(request, _("所选的已有单位不属于该行政区，请重新选择。"))
        return redirect("importers:preview", key=key)
    try:
        report = pipeline.import_document(
            data,
            entry["name"],
            entry["resolved"],
            year=entry["year"],
            columns=entry["columns"],
            header_row=entry.get("header_row"),
            mapping=profile_mapping(entry),
            user=request.user,
            unit_merges=merge_form.merges(),
        )
    except ImportFailed as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("importers:preview", key=key)
    if entry["columns"] is not None and entry.get("header"):
        # The office's own mapping is applied to the jurisdiction's next file of this header.
        remember(report.program.jurisdiction, entry["header"], entry["columns"])
    forget_pending(request, key)
    results = request.session.get(RESULTS_KEY, {})
    results[str(key)] = {
        "user": request.user.pk,
        "name": entry["name"],
        "lines": report.lines(),
        "program": report.program.pk,
    }
    request.session[RESULTS_KEY] = results
    return redirect("importers:result", key=key)


@importer_required
@require_POST
def cancel(request, key):
    entry, _data = load_pending(request, key)
    forget_pending(request, key)
    messages.info(request, _("已取消导入 %(name)s，上传的文件已删除。") % {"name": entry["name"]})
    return redirect("importers:upload")


@importer_required
@require_http_methods(["GET"])
def result(request, key):
    outcome = request.session.get(RESULTS_KEY, {}).get(str(key))
    if outcome is None or outcome.get("user") != request.user.pk:
        raise Http404(_("没有这次导入的结果。"))
    return render(
        request,
        "importers/result.html",
        {
            "outcome": outcome,
            "program_url": reverse("admin:projects_program_change", args=[outcome["program"]]),
        },
    )


@staff_member_required
def download_program(request, pk: int, fmt: str):
    """The program in the official layout (.docx, .xlsx) or as interchange JSON, published or
    not: for those who read it in full. Outside one's scope it does not exist (ids are
    sequential); the public downloads published programs from the portal."""
    table = request.GET.get("table")
    if fmt not in exporters.CONTENT_TYPES or table not in (None, "plan", "summary"):
        raise Http404
    scope = scope_of(request.user)
    program = get_object_or_404(scope.programs().select_related("jurisdiction"), pk=pk)
    if not scope.may_read_program(program):
        raise PermissionDenied
    response = HttpResponse(
        exporters.render(program, fmt, table), content_type=exporters.CONTENT_TYPES[fmt]
    )
    kind = {"plan": "任务分解表", "summary": "完成情况汇总表"}.get(table, "民生实事")
    filename = f"{program.jurisdiction.name}{program.year}年{kind}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
