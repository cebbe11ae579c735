"""renketsu (連結): consolidated financial statements and restructuring simulation for corporate groups."""

__version__ = "0.1.0"
