"""Tests of pos/campaigns/."""
