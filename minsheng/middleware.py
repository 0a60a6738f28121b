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
