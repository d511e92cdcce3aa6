"""Intent HTTP routes."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from hotstack_contracts import Intent, SiteSpec
from hotstack_libs.http import found

from . import store
from .deps import Deps, IntentsReader

router = APIRouter(prefix="/api", tags=["intents"])


class IntentView(BaseModel):
    """The intent read from an upload, or why it could not be read."""

    intent_id: str
    upload_id: str
    status: str
    extractor: str | None
    intent: Intent | None
    spec: SiteSpec | None
    failure_code: str | None
    failure_reason: str | None


@router.get("/intents/{upload_id}", response_model=IntentView)
async def get_intent(
    upload_id: str,
    principal: IntentsReader,
    deps: Deps,
) -> IntentView:
    """The extracted intent and site spec of one upload."""
    async with deps.sessions() as session:
        found_record = await store.find_for_upload(session, principal.tenant, upload_id)
    record = found(found_record, "intent (the upload has none yet)")
    return IntentView(
        intent_id=record.id,
        upload_id=record.upload_id,
        status=record.status,
        extractor=record.extractor,
        intent=Intent.model_validate_json(record.intent_json) if record.intent_json else None,
        spec=SiteSpec.model_validate_json(record.spec_json) if record.spec_json else None,
        failure_code=record.failure_code,
        failure_reason=record.failure_reason,
    )
