"""Validation of what handlers receive: a 400 with a clear message, and nothing changed."""
import re

import jsonschema
from xblock.exceptions import JsonHandlerError

# Control characters other than tab and newlines, and lone surrogates: no database stores them all.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def validate_payload(data, schema):
    """Check a decoded JSON payload against a JSON Schema; raise a 400 naming the first problem."""
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "the request"
        raise JsonHandlerError(400, f"Invalid input at {where}: {_describe(error)}")
    _reject_unstorable(data)
    return data


def _describe(error):
    """Say what the schema expects, from the schema alone: never echo the input, which may be learner text."""
    expected = error.validator_value
    messages = {
        "type": lambda: f"must be of type {expected}",
        "enum": lambda: "must be one of " + ", ".join(str(value) for value in expected),
        "maxLength": lambda: f"must be at most {expected} characters",
        "minLength": lambda: f"must be at least {expected} characters",
        "minimum": lambda: f"must be at least {expected}",
        "maximum": lambda: f"must be at most {expected}",
        "maxProperties": lambda: f"must have at most {expected} entries",
        "required": lambda: "is missing a required field (" + ", ".join(expected) + ")",
        "additionalProperties": lambda: "has a field that is not allowed",
        "propertyNames": lambda: "has a field name that is not allowed",
    }
    return messages.get(error.validator, lambda: f"does not satisfy {error.validator}")()


def _reject_unstorable(value):
    """Refuse text that a database would reject or mangle halfway through a write."""
    if isinstance(value, str) and _UNSTORABLE.search(value):
        raise JsonHandlerError(400, "Invalid input: the text contains control characters or invalid Unicode.")
    if isinstance(value, dict):
        for key, item in value.items():
            _reject_unstorable(key)
            _reject_unstorable(item)
    elif isinstance(value, list):
        for item in value:
            _reject_unstorable(item)
