"""Tests of pos/tills/."""
