"""A runtime shaped like the LMS's, for every measured block: what a learner's request reads and writes there.

Modelled on edx-platform's ``lms/djangoapps/courseware/model_data.py``
(``FieldDataCache``, ``DjangoKeyValueStore``) and
``lms/djangoapps/courseware/user_state_client.py``
(``DjangoXBlockUserStateClient``):

- **Learner state**: one JSON row per learner and block
  (:class:`~sexmot_bench.models.LearnerBlockState`, as ``courseware_studentmodule``), read
  for the block and its descendants in one query when the request starts (``FieldDataCache``)
  and, when the block saves, written as ``DjangoXBlockUserStateClient.set_many`` does:
  ``get_or_create`` of the row, the saved fields laid over the stored JSON, one ``UPDATE``.
- **Shared state** (``Scope.user_state_summary``): one row per block and field
  (:class:`~sexmot_bench.models.SummaryField`, as ``XModuleUserStateSummaryField``), read in
  the same pass at the start and saved from the cached row object (``find_or_create``, ``save``),
  so two requests that read the same tally both write their own count over it, as in the LMS.
- **Content and settings**: from an in-memory course structure built once per process from
  the scenario (the LMS reads its cached course structure), handed to each request as a fresh
  dictionary per block; never written by a learner's request.

- **Asides**: none, as in the LMS while ``XBlockAsidesConfig`` is off (its default).

Left out: the modulestore's own lookups and the deserialization of the cached structure, the
history rows (``StudentModuleHistory``), grading signals and completion, user preferences and
user info scopes, the LMS's middleware, authentication and courseware access checks. Rendering,
services, handler dispatch and URL building are the SDK workbench's, the same for every block.
"""
import json

from django.http import Http404
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import InvalidScopeError, NoSuchUsage
from xblock.field_data import FieldData
from xblock.fields import Scope

AUTHORED = (Scope.content, Scope.settings, Scope.children, Scope.parent)
STRUCTURE = {}


def load_structure(usage_ids):
    """Copy every authored field of these blocks and their descendants into the process's structure.

    Called once per process after the scenarios are registered (``wsgi``, the in-process tasks);
    later requests never read content from the database.
    """
    from workbench.runtime import WorkbenchRuntime  # noqa: PLC0415

    runtime = WorkbenchRuntime("structure")
    pending = list(usage_ids)
    while pending:
        usage_id = pending.pop()
        if usage_id in STRUCTURE:
            continue
        block = runtime.get_block(usage_id)
        stored = block._field_data  # noqa: SLF001
        STRUCTURE[usage_id] = {
            name: stored.get(block, name) for name, field in block.fields.items()
            if field.scope in AUTHORED and stored.has(block, name)
        }
        pending.extend(STRUCTURE[usage_id].get("children", []))


def _tree(usage_id):
    ids, pending = [], [usage_id]
    while pending:
        current = pending.pop()
        ids.append(current)
        pending.extend(STRUCTURE[current].get("children", []))
    return ids


class RequestFieldData(FieldData):
    """One request's field data: learner and shared rows read once at the start, content from the structure."""

    def __init__(self, student_id, root_usage_id):
        from .models import LearnerBlockState, SummaryField  # noqa: PLC0415

        super().__init__()
        self.student_id = student_id
        usage_ids = _tree(root_usage_id)
        self.authored = {usage_id: dict(STRUCTURE[usage_id]) for usage_id in usage_ids}
        self.state = {row.usage_key: json.loads(row.state) for row in
                      LearnerBlockState.objects.filter(student_id=student_id, usage_key__in=usage_ids)}
        self.summary = {(row.usage_key, row.field_name): row for row in
                        SummaryField.objects.filter(usage_key__in=usage_ids)}

    @staticmethod
    def _where(block, name):
        return block.fields[name].scope, str(block.scope_ids.usage_id)

    def get(self, block, name):
        scope, usage_id = self._where(block, name)
        if scope in AUTHORED:
            return self.authored[usage_id][name]
        if scope == Scope.user_state:
            return self.state.get(usage_id, {})[name]
        if scope == Scope.user_state_summary:
            return json.loads(self.summary[(usage_id, name)].value)
        raise KeyError(name)

    def has(self, block, name):
        try:
            self.get(block, name)
        except KeyError:
            return False
        return True

    def set(self, block, name, value):
        self.set_many(block, {name: value})

    def set_many(self, block, update_dict):
        learner, shared = {}, {}
        for name, value in update_dict.items():
            scope, usage_id = self._where(block, name)
            if scope == Scope.user_state:
                learner[name] = value
            elif scope == Scope.user_state_summary:
                shared[name] = value
            else:
                raise InvalidScopeError(f"a learner's request cannot write {scope} ({name})")
        if learner:
            self._write_learner_state(block, learner)
        for name, value in shared.items():
            self._write_summary_field(block, name, value)

    def delete(self, block, name):
        scope, usage_id = self._where(block, name)
        if scope != Scope.user_state:
            raise InvalidScopeError(f"a learner's request cannot delete {scope} ({name})")
        current = dict(self.state.get(usage_id, {}))
        current.pop(name, None)
        self._store_learner_state(block, current, replace=True)

    def _write_learner_state(self, block, fields):
        self._store_learner_state(block, fields, replace=False)

    def _store_learner_state(self, block, fields, replace):
        """``DjangoXBlockUserStateClient.set_many``: get or create the row, lay the fields over it, update."""
        from .models import LearnerBlockState  # noqa: PLC0415

        usage_id = str(block.scope_ids.usage_id)
        row, created = LearnerBlockState.objects.get_or_create(
            student_id=self.student_id, usage_key=usage_id,
            defaults={"block_type": block.scope_ids.block_type, "state": json.dumps(fields)},
        )
        if created:
            current = dict(fields)
        else:
            current = {} if replace else json.loads(row.state or "{}")
            current.update(fields)
            row.state = json.dumps(current)
            row.save(force_update=True)
        self.state[usage_id] = current

    def _write_summary_field(self, block, name, value):
        """``FieldDataCache.set_many`` for a shared field: the row read at the start, saved with the new value."""
        from .models import SummaryField  # noqa: PLC0415

        usage_id = str(block.scope_ids.usage_id)
        row = self.summary.get((usage_id, name))
        if row is None:
            row, _ = SummaryField.objects.get_or_create(usage_key=usage_id, field_name=name)
            self.summary[(usage_id, name)] = row
        row.value = json.dumps(value)
        row.save()


def _runtime_class():
    from workbench.runtime import WorkbenchRuntime  # noqa: PLC0415

    class LmsShapedRuntime(WorkbenchRuntime):
        """The workbench's runtime with the LMS's rule for asides, and no workbench-only patching of blocks.

        The LMS asks ``XBlockAsidesConfig`` (``lms/djangoapps/lms_xblock/runtime.py``,
        ``applicable_aside_types``), which is off unless an operator turns it on; the XBlock
        ``Runtime`` it would otherwise fall back to scans every installed package's entry points on
        each render of each block, a cost the LMS does not pay.
        """

        def applicable_aside_types(self, block):
            return []

        def _patch_xblock(self, block):
            """Nothing: the workbench sets ``due`` to the current time on every render and handler call
            (for the LTI block), which makes xblock-free-text-response refuse each submission as past
            due; in the LMS ``due`` is the course's, here none."""

    return LmsShapedRuntime


def runtime_for(student_id, usage_id):
    """A runtime whose field data is the request's LMS-shaped store for the block at ``usage_id``."""
    runtime = _runtime_class()(student_id)
    runtime._services["field-data"] = RequestFieldData(student_id, usage_id)  # noqa: SLF001
    return runtime


def block_for(student_id, usage_id):
    """The block at ``usage_id`` for one learner's request."""
    return runtime_for(student_id, usage_id).get_block(usage_id)


def handler_view(request, usage_id, handler_slug, suffix=""):
    """``/lms/handler/<usage>/<handler>/``: the LMS's ``handle_xblock_callback`` reduced to what stores data."""
    student_id = request.GET.get("student", "student_1")
    if usage_id not in STRUCTURE:
        raise Http404(usage_id)
    try:
        block = block_for(student_id, usage_id)
    except NoSuchUsage as error:
        raise Http404 from error
    webob_request = django_to_webob_request(request)
    webob_request.path_info_pop()
    webob_request.path_info_pop()
    webob_request.path_info_pop()
    return webob_to_django_response(block.runtime.handle(block, handler_slug, webob_request, suffix))
