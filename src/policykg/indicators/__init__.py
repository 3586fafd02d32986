"""Make figures comparable: which indicator a figure measures, its aspect, whose it is and its year.

``notes.annotate`` reads one figure in its document (``measures``: the indicator of the scheme,
``scheme``, its words name; ``places``: whose; ``years``: which year; ``context``: the words before its
number; ``counts``: the classifier of a count); ``triples`` gives what the notes add to a graph.
May import: what each module's docstring says.
"""
