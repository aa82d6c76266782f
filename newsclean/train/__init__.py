"""Training code for newsclean's learned scorers (needs the ``[train]`` extra: LightGBM, scikit-learn).

``python -m newsclean.train.html`` trains the HTML block scorer (see docs/model.md).
"""
