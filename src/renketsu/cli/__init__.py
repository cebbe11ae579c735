"""The command line: thin commands over the engine; each command lives in its own module."""
