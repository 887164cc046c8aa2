"""Garments: what is sorted out of a donation, its price suggestions and the sorters' work log."""
