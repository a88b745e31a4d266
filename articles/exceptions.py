"""Errors of the archive. Plain Python: the cleaning and tagging packages use them without Django."""


class ArchiveError(Exception):
    """Base of every error the archive reports to a person."""


class CleaningError(ArchiveError):
    """A page could not be turned into an article (empty, binary, undecodable, no body)."""

    def __init__(self, message: str, *, filename: str, reason: str = ""):
        super().__init__(message)
        self.filename = filename
        self.reason = reason  # a cleaning.RefusalReason value, to count refusals by cause


class InvalidSearchQuery(ArchiveError):
    """A search request whose parameters cannot be used (bad page number, bad date)."""

    def __init__(self, message: str, *, query: str):
        super().__init__(message)
        self.query = query


class PageOutOfRangeError(InvalidSearchQuery):
    """A result page past the last one (page 99 of 1)."""

    def __init__(self, message: str, *, query: str, last_page: int):
        super().__init__(message, query=query)
        self.last_page = last_page


class UnsafeUploadError(ArchiveError):
    """An uploaded file or archive member refused for safety (unsafe path, link, bomb, wrong kind, too big)."""

    def __init__(self, message: str, *, path: str):
        super().__init__(message)
        self.path = path


class RoleFormatError(ArchiveError):
    """A leader's role record that is not {"title", "from", "to"} with years or days."""

    def __init__(self, message: str, *, leader_name: str = ""):
        super().__init__(message)
        self.leader_name = leader_name


class ArticleImportError(ArchiveError):
    """A page that cannot be stored as an article (too large), with the file it came from."""

    def __init__(self, message: str, *, path: str):
        super().__init__(message)
        self.path = path


class SearchIndexBuildError(ArchiveError):
    """A new search index could not be written (a writer process failed); the live index is untouched."""

    def __init__(self, message: str, *, path: str):
        super().__init__(message)
        self.path = path
