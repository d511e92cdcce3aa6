"""Money rules: quotes in grains, the Care Loop, the payment state machine."""
