"""Label printing: the per-station print queue, manufacturer codes, direct printers."""
