"""newsclean: turn scraped news pages into clean articles, with every removal explained.

>>> import newsclean
>>> article = newsclean.clean("Sign up for our newsletter\\n\\nThe council met on Monday.")
>>> article.body
'The council met on Monday.'
>>> article.removed[0].category
'newsletter-plug'
"""

from .article import Article, Removal
from .many import clean_many
from .byline import Byline, Role, find_author_bio, find_byline, parse_byline
from .dates import PublishedDate, find_date, parse_date
from .detectors import DETECTORS, DetectorInfo
from .errors import InputError, NewscleanError
from .pipeline import clean, clean_file, detect_kind

__all__ = [
    "Article",
    "Byline",
    "DETECTORS",
    "DetectorInfo",
    "InputError",
    "NewscleanError",
    "PublishedDate",
    "Removal",
    "Role",
    "clean",
    "clean_file",
    "clean_many",
    "detect_kind",
    "find_author_bio",
    "find_byline",
    "find_date",
    "parse_byline",
    "parse_date",
]
__version__ = "0.1.0"
