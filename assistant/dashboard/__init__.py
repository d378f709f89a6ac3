"""The safeguarding dashboard: where the headteacher, the DSL team and the chair of
governors read and act on reports. Server-rendered pages over ``assistant.cases``, so
every read and every action goes through ``CaseStore`` and is audited there.

``python -m assistant.dashboard`` serves it; ``python -m assistant.dashboard.accounts``
manages who may sign in.
"""
