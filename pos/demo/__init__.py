"""The demo shop: a realistic year of one charity boutique, for trying the app."""
