"""Sales feedback: what sold, at what price, how fast, for a designer, a valuer, a cohort and the shop."""
