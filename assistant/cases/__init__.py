"""Safeguarding cases: the durable store, routing, the audit trail and the outbox.

Nothing here imports Rasa. The action server saves reports through ``CaseStore``; the
dashboard and the notification worker read and act on the same tables.
"""
