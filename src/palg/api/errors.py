"""Every error as JSON: 404 for what the caller may not see, 403 for what they may see but not
do, 422 with messages by field for input that does not validate."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from palg.access import MSG_NOT_FOUND
from palg.api.auth import MSG_UNAUTHENTICATED

MSG_INVALID = "Some of the input is not valid."
MSG_FORBIDDEN = "You do not have permission to do this."
MSG_BAD_REQUEST = "The request could not be read: it may be too large or malformed."


def _field_name(loc: tuple | list) -> str:
    """`("body", "payload", "name")` -> "name"; `("path", "programme_id")` -> "programme_id"."""
    if not loc:
        return NON_FIELD_ERRORS
    parts = [str(part) for part in loc[1:]]
    if loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or str(loc[0])


def _invalid(api: NinjaAPI, request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    return api.create_response(request, {"detail": MSG_INVALID, "errors": errors}, status=422)


def register(api: NinjaAPI) -> None:
    """Install the JSON error handlers on the API."""

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # Whatever the reason, the body is the same so nothing about the object leaks.
        return api.create_response(request, {"detail": MSG_NOT_FOUND}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or MSG_FORBIDDEN}, status=403)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = exc.message if exc.message != "Unauthorized" else MSG_UNAUTHENTICATED
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="palg"'
        return response

    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields or a broken multipart upload:
    # Django would answer with an HTML page; API clients get JSON.
    @api.exception_handler(SuspiciousOperation)
    @api.exception_handler(MultiPartParserError)
    def unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": MSG_BAD_REQUEST}, status=400)

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            return _invalid(api, request, exc.message_dict)
        return _invalid(api, request, {NON_FIELD_ERRORS: exc.messages})

    @api.exception_handler(NinjaValidationError)
    def malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            message = str(error.get("msg", MSG_INVALID)).removeprefix("Value error, ")
            errors.setdefault(_field_name(error.get("loc", ())), []).append(message)
        return _invalid(api, request, errors)
