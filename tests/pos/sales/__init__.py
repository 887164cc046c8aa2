"""Tests of pos/sales/."""
