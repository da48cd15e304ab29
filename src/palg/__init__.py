"""palg: a self-hostable platform for Peer Action Learning Groups."""

__version__ = "0.1.0"
