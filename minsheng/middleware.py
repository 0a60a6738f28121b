from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import is_valid_path
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class ChineseFirstLocaleMiddleware(MiddlewareMixin):
    """Simplified Chinese unless the visitor chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a government
    portal speaks Chinese first, whatever language the browser was installed in.
    The public pages carry their language in the URL (/en/…, Chinese unprefixed) so that a
    shared link reads the same for everyone; only the other pages follow the cookie.
    """

    def process_request(self, request):
        in_path = translation.get_language_from_path(request.path_info)
        if in_path:
            translation.activate(in_path)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            supported = {code for code, _ in settings.LANGUAGES}
            language = chosen if chosen in supported else settings.LANGUAGE_CODE
            translation.activate(language)
            if language != settings.LANGUAGE_CODE and not is_valid_path(request.path_info):
                # An unprefixed public page is the Chinese one; a visitor who chose another
                # language is sent to that language's URL of the same page.
                translated = f"/{language}{request.path_info}"
                if request.method in ("GET", "HEAD") and is_valid_path(translated):
                    query = request.META.get("QUERY_STRING", "")
                    return HttpResponseRedirect(translated + (f"?{query}" if query else ""))
                translation.activate(settings.LANGUAGE_CODE)
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
