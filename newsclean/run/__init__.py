"""Running many documents: the unit of work, worker pools, folders, WARC, reports."""
