"""The register journal: a gapless, hash-chained sequence of register events per till."""
