"""The PySide6 desktop window. Only this package imports Qt; it talks to searchapp.core.library."""
