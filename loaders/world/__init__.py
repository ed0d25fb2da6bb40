"""The IMF world store's world-scale queries (Ibis on DuckDB)."""
