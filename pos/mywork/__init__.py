"""A participant's work: sorting, the till, the workshop and attendance on one page, and the follow-up PDF."""
