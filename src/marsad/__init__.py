"""marsad — conflict reporting turned into a geocoded, coded record of events."""

__version__ = "0.1.0"

from marsad.model import Document  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402

__all__ = ["Document", "Pipeline", "__version__"]
