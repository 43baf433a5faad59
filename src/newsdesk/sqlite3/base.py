"""Django's SQLite backend, with the database file readable by its owner only.

SQLite creates a missing database file 0644 (less the umask) and gives the -wal, -shm
and -journal files it makes beside it the database file's own mode. Creating the file
first, empty and 0600 (:func:`newsdesk.private_files.create_private`), keeps all four
private from the start. An empty file is an empty SQLite database.
"""

from __future__ import annotations

from pathlib import Path

from django.db.backends.sqlite3 import base

from newsdesk import private_files


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        name = str(conn_params["database"])
        # A "file:" URI names its own options (in-memory test databases among them).
        if not (self.is_in_memory_db() or name.startswith("file:")):
            database = Path(name)
            if database.parent.is_dir():  # else SQLite says it cannot open the file
                private_files.create_private(database)
        return super().get_new_connection(conn_params)
