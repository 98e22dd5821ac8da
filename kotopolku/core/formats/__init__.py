"""Date and time formats (settings.FORMAT_MODULE_PATH): Finnish conventions in every UI
language (issue 15). Kotopolku's readers are in Finland: a Swedish page writes 6.12.2026, not
2026-12-06, and an English one 6.12.2026 and 14:30, not 12/06/2026 and 2:30 p.m. Finnish itself uses
Django's fi formats as they are; anything not set here comes from Django's own locale formats
(numbers, for one)."""
