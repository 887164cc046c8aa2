"""Till sessions: opening with a float, cash movements, training mode, the X and Z reports, closing the day."""
