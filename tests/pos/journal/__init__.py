"""Tests of pos/journal/."""
