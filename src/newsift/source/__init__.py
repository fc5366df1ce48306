"""The publishing outlet: domains, names, self-naming lines in a text, reliability ratings.

``newsift.outlet.identify_outlet`` puts these together for a document. The
pieces a CLI or a user needs directly:

- :func:`load_user_ratings` / :func:`use_ratings_file` / :func:`set_user_ratings`:
  a user's own ratings, overriding or adding to the shipped Lin et al. (2023) table;
- :func:`rating_for`: the rating of a URL or domain;
- :func:`resolve_name`: an outlet's name to its domain.
"""

from .domains import registrable_domain
from .mentions import outlet_in_text
from .outlets import resolve_name
from .ratings import LIN2023, RATINGS_ENV, Rating, load_user_ratings, rating_for, set_user_ratings, use_ratings_file

__all__ = [
    "LIN2023",
    "RATINGS_ENV",
    "Rating",
    "load_user_ratings",
    "outlet_in_text",
    "rating_for",
    "registrable_domain",
    "resolve_name",
    "set_user_ratings",
    "use_ratings_file",
]
