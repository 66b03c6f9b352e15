"""Deploy tests: the app behind nginx with HTTPS, several processes, PostgreSQL and Redis."""
