"""Django's PostgreSQL backend for the test run, flushing with DELETE (``base.py``)."""
