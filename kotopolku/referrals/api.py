"""The referrals API (placeholder router while it is written; replaced before landing)."""

from ninja import Router

router = Router()
