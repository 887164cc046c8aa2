"""Running tallies of garments kept by the database's triggers, which the shop-wide counts read.

services.py defines the tallies, their triggers, and how they are counted, folded and read;
cli.py is `flask tallies verify|rebuild|fold`.
"""
