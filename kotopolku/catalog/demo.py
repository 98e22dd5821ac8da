"""Demo entries of the offering tray (placeholder while it is written)."""


def load() -> None:
    return None
