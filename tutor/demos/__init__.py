"""The demo lab: small numpy models, probes that check answers, sweeps that show effects.

Importing ``tutor.demos`` or ``tutor.demos.registry`` never imports numpy; a demo's module is
imported when the demo first runs.
"""
