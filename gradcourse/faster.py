"""nbgrader's own checks, done once where it does them again for every cell.

nbgrader checks each cell's ``metadata.nbgrader`` against its schema with
``jsonschema.validate``, which first checks the *schema* itself: for every
cell, twice per notebook graded (sanitizing and recording), about a quarter
of a second per notebook of a lesson's size.  :func:`apply` makes that module
check each schema once and every cell against it, as before: the same
errors, raised by the same code.  Importing :mod:`gradcourse.guard` (every
door to autograding) or :mod:`gradcourse.parallel` applies it.
"""

import functools
import types

import jsonschema


@functools.lru_cache(maxsize=None)
def _checker(key):
    schema = _schemas[key]
    jsonschema.validators.validator_for(schema).check_schema(schema)
    return jsonschema.validators.validator_for(schema)(schema)


_schemas = {}


def _validate(instance, schema):
    key = id(schema)
    _schemas.setdefault(key, schema)  # kept alive, so its id is never another schema's
    error = jsonschema.exceptions.best_match(_checker(key).iter_errors(instance))  # as jsonschema.validate
    if error is not None:
        raise error


def apply():
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, types.SimpleNamespace):
        common.jsonschema = types.SimpleNamespace(validate=_validate, ValidationError=jsonschema.ValidationError)
