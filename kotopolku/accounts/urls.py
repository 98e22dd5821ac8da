from django.contrib.auth import views as auth_views
from django.urls import path

from kotopolku.accounts import admin_views, grant_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path("profile/", views.profile, name="profile"),
    path("profile/phone/", views.profile_phone, name="profile_phone"),
    path("profile/password/", views.password_change, name="password_change"),
    path("profile/tokens/new/", views.token_create, name="token_create"),
    path("profile/tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("confirm/", views.reauth_view, name="reauth"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("users/", admin_views.user_list, name="user_list"),
    path("users/new/", admin_views.user_create, name="user_create"),
    path("users/<uuid:user_id>/", admin_views.user_detail, name="user_detail"),
    path("users/<uuid:user_id>/edit/", admin_views.user_edit, name="user_edit"),
    path("users/<uuid:user_id>/unlock/", admin_views.user_unlock, name="user_unlock"),
    path("users/<uuid:user_id>/roles/new/", admin_views.membership_add, name="membership_add"),
    path("roles/<uuid:membership_id>/end/", admin_views.membership_end, name="membership_end"),
    path("grants/", grant_views.grant_list, name="grant_list"),
    path("grants/<uuid:grant_id>/", grant_views.grant_decide, name="grant_decide"),
    path("events/", grant_views.security_events_page, name="security_events"),
]
