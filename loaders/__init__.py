"""Trade-figure loaders: record schema, bundled snapshot, live sources, reconciliation views and CLI."""
