"""The version of the package and of the dataset it ships (one number for both)."""

__version__ = "0.3.2"
