"""What every response shape shares (pydantic v2).

Each context's `schemas.py` declares its answers as subclasses of `Out`: strict, extra fields
refused, and documented in the OpenAPI document (serialization mode) with every field that is
always sent marked required. A key the API leaves out instead of sending `null` is declared with
`omitted_if_none()`: it is not required in the document and not sent when it is None.

Shapes are built with `XxxOut.from_model(...)` classmethods from the PynamoDB models; services
return them, routes return what services give, and `api_route` serializes (and, outside Lambda,
checks) the answer against the schema the route declares.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

OUT = ConfigDict(extra="forbid", strict=True, json_schema_serialization_defaults_required=True)
_OUTPUT_TITLES: set[str] = set()


def output_titles() -> set[str]:
    """Names of the response shapes: a ValidationError titled so is a bug of ours (500), not bad input."""
    return _OUTPUT_TITLES


def _is_none(value: Any) -> bool:
    return value is None


def omitted_if_none() -> Any:
    """A field the JSON leaves out when it has no value (`summary` on later pages, ...)."""
    return Field(default=None, exclude_if=_is_none)


class Out(BaseModel):
    model_config = OUT

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _OUTPUT_TITLES.add(cls.__name__)

    def __getitem__(self, key: str) -> Any:
        """Read access by key, as on the dicts services returned before they returned shapes."""
        if key not in type(self).model_fields:
            raise KeyError(key)
        return getattr(self, key)


class PersonRef(Out):
    user_id: str
    name: str

