from django.urls import path  # noqa: F401 (filled by the pages)

app_name = "casework"

urlpatterns: list = []
