"""The course's language view for JupyterLab: the prebuilt extension ships in the wheel's
``share/jupyter/labextensions/@gradcourse/language-view``."""

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    # for `jupyter labextension develop`, which links the build output from the source tree
    return [{"src": "labextension", "dest": "@gradcourse/language-view"}]
