"""Training the learned scorers (needs the ``[train]`` extra: LightGBM, scikit-learn).

``python -m newsclean.train`` trains the text line scorer; ``python -m newsclean.train.html`` the
HTML block scorer (see docs/model.md).
"""
