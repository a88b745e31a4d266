"""A bulk action on rows that are not ids ("abc", "1.5", 30 digits) is sent back to its list with a message.

The admin's changelist puts the posted `_selected_action` values straight into `pk__in`: a value the
key field cannot read was a ValueError, and an integer past the database's range an OverflowError
(both a 500). Applies to every ModelAdmin, django.contrib.auth's as well.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Field
from django.http import HttpResponseRedirect
from django.utils.deprecation import MiddlewareMixin

from articles.web.methods import ADMIN_APP


def is_row_id(value: str, *, key: Field) -> bool:
    """Return whether value reads as a value of the key field that the database can hold."""
    try:
        row_id = key.to_python(value)
    except ValidationError:
        return False
    if row_id is None or row_id == "":
        return False
    if isinstance(row_id, int):
        low, high = connection.ops.integer_field_range(key.get_internal_type())
        return (low is None or row_id >= low) and (high is None or row_id <= high)
    return True


class BulkActionSelectionMiddleware(MiddlewareMixin):
    """Send a changelist action whose selected rows are not ids back to the list, saying which value."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        # django.contrib.admin marks each ModelAdmin view with its ModelAdmin (ModelAdmin.get_urls).
        model_admin = getattr(view_func, "model_admin", None)
        if request.method != "POST" or model_admin is None or request.resolver_match.app_name != ADMIN_APP:
            return None
        if "action" not in request.POST:
            return None
        key = model_admin.model._meta.pk
        wrong = [value for value in request.POST.getlist("_selected_action") if not is_row_id(value, key=key)]
        if not wrong:
            return None
        shown = repr(wrong[0][:20])
        messages.error(
            request,
            f"No action was run: {shown} is not the id of any {model_admin.model._meta.verbose_name}. "
            "Tick the rows in the list and choose the action again.",
        )
        return HttpResponseRedirect(request.get_full_path())
