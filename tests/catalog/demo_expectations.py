"""What the tray's demo data plants for the tests: its gaps, and the seeds' people kept out.

Planted for the overlap and gap views (tests/catalog/test_demo.py checks them):
- Overlaps: two language cafés in Kokkola (the city library and the Red Cross) on Tuesday
  evening in Finnish for adults; two Finnish conversation groups for women in Joensuu (the
  Settlement and the parish) on Wednesday morning.
- Gaps: no published service in Somali, Central Kurdish, Vietnamese or Dari in Kokkola and
  none in Tigrinya, Bengali, Chinese, Thai, Dari or Estonian in the Joensuu region, although
  the demo clients speak them (a Somali and a Dari group exist only as drafts); no youth services in
  Ilomantsi, Juuka, Polvijärvi or Heinävesi.
"""

from __future__ import annotations

import hashlib

from kotopolku.orgs.demo import JOENSUU_REGION, KOKKOLA

YOUTH_GAP_MUNICIPALITIES = ("146", "176", "607", "090")
GAP_LANGUAGES = {
    "kokkola": ("so", "ckb", "vi", "prs"),
    "joensuu": ("ti", "bn", "zh", "th", "prs", "et"),
}
REGION_CODES = {"kokkola": KOKKOLA, "joensuu": JOENSUU_REGION}

# The people named in the seed documents must not appear in the demo. They are kept here only
# as SHA-256 digests (first 16 hex digits; `seed_digest`): of each full name and distinctive
# surname, case-folded, and of each telephone number's 10 digits.
SEED_PERSON_DIGESTS = frozenset(
    {
        "005dea27bc120b28",
        "08b90f5f22bf87f9",
        "18dd9b30592e8fc2",
        "1db36060afe4c020",
        "274342e4d7b10aca",
        "2aa9fb219d938c43",
        "2ba32a818b3aada5",
        "35c4746c1fb1d358",
        "38fdafc04aa82928",
        "393b1502bb5de6ee",
        "3a146c745b36f7a8",
        "3e2e3f1d637764bd",
        "4518a736ec454944",
        "5000bd2878094350",
        "50b1d9ee9f15669f",
        "57ecb47196115c82",
        "59e4556e8e5595fd",
        "9a330c3ea6d11522",
        "a3c4347027119346",
        "a6a98e548abad4fe",
        "b36dbbd4d40ecda0",
        "bd5b82c75ce370ac",
        "cce359499c1fbae3",
        "cff68adc831fec5f",
        "d17bd6b9afb561f4",
        "e2b5fb733b8e676e",
        "e3b3a18b00347c87",
        "e5a524c7f7c383b6",
        "ea45a9232662337b",
        "fd7ce658fb1e7856",
    }
)
SEED_PHONE_DIGESTS = frozenset(
    {
        "00637abae0ebbebb",
        "126c709d4c388928",
        "259093bc15eeddf6",
        "312a36786decc374",
        "4c24a8b56db09f59",
        "6b2aff823c49b7cc",
        "95003c4cc4f96b04",
    }
)
PHONE_DIGITS = 10


def seed_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
