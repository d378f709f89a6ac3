"""Rasa input channels. Imported by the Rasa server (Python 3.10), so nothing here may
import the ML stack: only ``rasa``, the standard library and ``assistant.config``."""
