"""The demo lab: small numpy models, probes that check answers, sweeps that show effects.

Importing ``tutor.demos`` or ``tutor.demos.registry`` never imports numpy; a demo's module is
imported when the demo first runs.
"""

import os

# One BLAS thread per process: the demos' matrices are small, and a classroom server runs one
# tutor per learner, so extra BLAS threads only fight over the cores (7x slower on two busy
# cores). Set before numpy is first imported, which happens inside this package.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
