"""API of casework: assessments, plans, deadlines and contacts under /api/v1/clients/{id}/."""

from __future__ import annotations

from ninja import Router

router = Router()
