from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class ChineseFirstLocaleMiddleware(MiddlewareMixin):
    """Simplified Chinese unless the visitor chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a government
    portal speaks Chinese first, whatever language the browser was installed in.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        # The thread serves the next request (or test) in Chinese again.
        translation.activate(settings.LANGUAGE_CODE)
        return response


class OpenDataCorsMiddleware:
    """Read-only CORS for the open-data API: any site may GET /api/v1/ from a browser.

    Nothing there needs a login or a cookie, and nothing but GET, HEAD and OPTIONS is
    served, so a wildcard origin is safe; the rest of the portal sends no CORS header."""

    PREFIX = "/api/v1/"
    METHODS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIX) and request.method in self.METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            if request.method == "OPTIONS":
                response["Access-Control-Allow-Methods"] = ", ".join(self.METHODS)
                response["Access-Control-Max-Age"] = "86400"
        return response
