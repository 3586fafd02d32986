"""policykg: English-language Chinese local-government policy texts → an RDF knowledge graph.

Imports nothing heavy: the public functions import their stages when called.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
