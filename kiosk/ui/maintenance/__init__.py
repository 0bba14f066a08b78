"""Maintenance mode for clinic staff: login, diagnostics, visual check, settings, today's receptions, exit."""
