"""The counter and after: till sessions, sales, receipts, journal, reports and feedback."""
