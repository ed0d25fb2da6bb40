"""One module a source: read a published file or API answer -> records in the record schema."""
