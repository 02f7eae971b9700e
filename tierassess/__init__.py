"""tierassess: measure a data centre's readiness for Tier III and plan the way there.

The core is a library of functions over pydantic models (``tierassess.core.models``); the command line
(``tierassess.cli``) only parses, calls the core and prints. Heavy libraries (pandas, reportlab) are
imported by the functions that need them, never at package import.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
