from django.urls import path

from palg.live import card_views, contract_views, cycle_views, views

# Included under "sessions/": one live session per meeting, named by the meeting's id.
urlpatterns = [
    path("<int:meeting_id>/", views.live_session, name="live-session"),
    path("<int:meeting_id>/state/", views.live_state, name="live-state"),
    path("<int:meeting_id>/version/", views.live_version, name="live-version"),
    path("<int:meeting_id>/control/", views.live_control, name="live-control"),
    path("<int:meeting_id>/prepare/", views.live_prepare, name="live-prepare"),
    path("<int:meeting_id>/end/", views.live_end, name="live-end"),
    path("<int:meeting_id>/presence/", views.live_presence, name="live-presence"),
    path("<int:meeting_id>/bid/", views.live_bid, name="live-bid"),
    path("<int:meeting_id>/bid/withdraw/", views.live_bid_withdraw, name="live-bid-withdraw"),
    path("<int:meeting_id>/presenters/", views.live_presenters, name="live-presenters"),
    path("<int:meeting_id>/contribute/", views.live_contribute, name="live-contribute"),
    path("<int:meeting_id>/note/", views.live_note, name="live-note"),
    path("<int:meeting_id>/post-anyway/", views.live_post_anyway, name="live-post-anyway"),
    path("<int:meeting_id>/cards/", cycle_views.live_card_add, name="live-card-add"),
    path(
        "<int:meeting_id>/cards/<int:card_id>/report/",
        cycle_views.live_card_report,
        name="live-card-report",
    ),
    path("<int:meeting_id>/review/", cycle_views.live_review, name="live-review"),
    path("<int:meeting_id>/pulse/", cycle_views.live_pulse, name="live-pulse"),
    path("cards/", card_views.my_experiments, name="my-experiments"),
    path("cards/new/", card_views.card_new, name="card-new"),
    path("cards/<int:card_id>/", card_views.card_detail, name="card-detail"),
    path("cards/<int:card_id>/status/", card_views.card_status, name="card-status"),
    path("cards/<int:card_id>/observations/", card_views.card_observe, name="card-observe"),
    path("sets/<int:group_id>/pulse/", cycle_views.pulse_trend, name="pulse-trend"),
    path("sets/<int:group_id>/contract/", contract_views.contract_page, name="contract"),
    path(
        "sets/<int:group_id>/contract/accept/",
        contract_views.contract_accept,
        name="contract-accept",
    ),
]
