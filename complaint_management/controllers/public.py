"""The public complaint form, for people without a portal account."""
