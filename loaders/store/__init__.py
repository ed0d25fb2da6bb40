"""Where records are kept: the bundled snapshot, its validated Parquet copy, and the cache of live refreshes."""
