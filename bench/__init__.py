"""The benchmark of the site at scale: synthetic records (synth), the runner (run)."""
