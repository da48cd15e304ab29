from django.urls import path

from palg.surveys import views

urlpatterns = [
    path("", views.my_surveys, name="my-surveys"),
    path("scores/", views.my_scores, name="my-scores"),
    path("<int:wave_id>/", views.survey_answer, name="survey-answer"),
    path("<int:wave_id>/<int:step>/", views.survey_step, name="survey-step"),
    path("programmes/<int:programme_id>/", views.programme_waves, name="programme-waves"),
]
