"""Why an export could not be produced, as catalogue keys so the reason reads in either language."""

from indicators.i18n import Translator


class ExportError(Exception):
    """An export that cannot be produced; `message(t)` says why in the reader's language."""

    key = ""

    def __init__(self, **params):
        super().__init__(f"{self.key}: {params}")
        self.params = params

    def message(self, t: Translator) -> str:
        return t(self.key, **self.params)


class NothingToExport(ExportError):
    """No submitted assessment in the scope: no file rather than an empty one."""

    key = "export.nothing"

    def __init__(self, scope: str | None = None):
        super().__init__(scope=scope)

    def message(self, t: Translator) -> str:
        return t(self.key, scope=self.params["scope"] or t("export.this_scope"))


class NoConsultationAnswers(NothingToExport):
    """No consultation answer yet: no file rather than an empty one."""

    key = "consult.nothing"

    def message(self, t: Translator) -> str:
        return t(self.key)


class FontMissing(ExportError):
    key = "export.font_missing"
