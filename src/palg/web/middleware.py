"""Nothing palg serves may be kept by a browser or a proxy cache: its pages and API answers
carry set content (meeting records, live sessions, cards, the pulse), private journals and
people's details, which must not outlive the sign-in on a shared computer or land in a cache.

One rule, here, rather than a decorator on each view: every response without a Cache-Control
of its own is marked private and no-store. A view that knows better (a calendar feed, the live
poll) sets its own header and keeps it. Static files never get here: WhiteNoise, earlier in the
chain, answers them with their long-lived caching.
"""

from django.utils.cache import add_never_cache_headers


def no_store_by_default(get_response):
    def middleware(request):
        response = get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    return middleware
