"""Donations: what comes in by the bag, its cards and its kilo balance."""
