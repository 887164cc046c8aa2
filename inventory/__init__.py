"""The garment before it is sold: donations, items, categories, codes and labels."""
