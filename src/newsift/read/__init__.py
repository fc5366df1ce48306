"""Reading: any news input to clean text plus what is known about it.

``load(item)`` is the front of the pipeline: bytes from a file, stdin or a URL,
decoded, then cleaned (trafilatura for HTML, the scrape cleaner for plain
text) unless ``raw``. Each step lives in its own module.
"""

from .document import Document, Item, load

__all__ = ["Document", "Item", "load"]
