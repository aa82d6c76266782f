"""newsclean: turn scraped news pages into clean articles, with every removal explained.

>>> import newsclean
>>> article = newsclean.clean("Sign up for our newsletter\\n\\nThe council met on Monday.")
>>> article.body
'The council met on Monday.'
>>> article.removed[0].category
'newsletter-plug'
"""

from newsclean.article import Article, Removal
from newsclean.detect.registry import DETECTORS, Detector, DetectorInfo
from newsclean.errors import InputError, InputTypeError, MissingInputError, NewscleanError, OptionError, RulesError
from newsclean.normalize.byline import Byline, Role, find_author_bio, find_byline, parse_byline
from newsclean.normalize.dates import PublishedDate, find_date, parse_date
from newsclean.options import Options
from newsclean.output import render
from newsclean.pipeline import clean, clean_file, detect_kind
from newsclean.review import review_html
from newsclean.run.many import clean_many
from newsclean.run.task import Result, Task, clean_input

__all__ = [
    "Article",
    "Byline",
    "DETECTORS",
    "Detector",
    "DetectorInfo",
    "InputError",
    "InputTypeError",
    "MissingInputError",
    "NewscleanError",
    "OptionError",
    "Options",
    "PublishedDate",
    "Removal",
    "Result",
    "Role",
    "RulesError",
    "Task",
    "clean",
    "clean_file",
    "clean_input",
    "clean_many",
    "detect_kind",
    "find_author_bio",
    "find_byline",
    "find_date",
    "parse_byline",
    "parse_date",
    "render",
    "review_html",
]
__version__ = "0.1.0"
