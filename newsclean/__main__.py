"""``python -m newsclean``: the ``newsclean`` command."""

import sys

from newsclean.cli import main

sys.exit(main())
