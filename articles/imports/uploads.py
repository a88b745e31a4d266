"""Stop reading an upload once its files pass ARTICLES_MAX_UPLOAD_BYTES, instead of spooling it all to disk."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from articles.settings import describe_size, import_limits


class UploadLimitHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts file bytes across the request and stops past the limit.

    The reason is left on request.upload_refused for the view to show; Django discards the rest of
    the body without storing it.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = import_limits().max_upload_bytes
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                self.request.upload_refused = (
                    f"The upload is over {describe_size(self.limit)} (ARTICLES_MAX_UPLOAD_BYTES); "
                    "nothing was stored. Upload the files in several parts."
                )
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers build the file
