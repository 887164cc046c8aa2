"""Prices at the counter: campaigns, tag-colour markdowns, discounts, the counter's settings."""
