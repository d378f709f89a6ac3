"""Custom actions: thin rasa_sdk adapters over the ``assistant`` core."""
