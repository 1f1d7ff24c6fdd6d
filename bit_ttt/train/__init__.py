"""Training pipeline for bit_ttt (placeholder until issue 3 lands)."""
