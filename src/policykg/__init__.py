"""policykg: English-language Chinese local-government policy texts → an RDF knowledge graph.

Imports nothing heavy: the public functions import their stages when called.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "build", "figures", "track"]


def build(items, tolerance=None):
    """One graph (with promise checks) from text paths, folders or texts: see ``policykg.api.build``."""
    from policykg.api import build as run

    return run(items, tolerance)


def figures(graph):
    """One record (dict) per figure of ``graph``: see ``policykg.api.figures``."""
    from policykg.api import figures as run

    return run(graph)


def track(graph, about=None, year=None, indicator=None):
    """One record (dict) per promise check of ``graph``: see ``policykg.api.track``."""
    from policykg.api import track as run

    return run(graph, about=about, year=year, indicator=indicator)
