"""The bundled registry (CSV files beside this module)."""
from pathlib import Path


def path() -> Path:
    """Folder of the bundled registry."""
    return Path(__file__).parent
