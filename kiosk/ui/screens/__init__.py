"""One module per screen; each shows state and emits what the person chose."""
