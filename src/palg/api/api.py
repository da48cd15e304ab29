from ninja import NinjaAPI

api = NinjaAPI(title="palg API", version="1", urls_namespace="api")
