"""Training the line scorer (``python -m newsclean.train``; needs the ``[train]`` extra)."""
