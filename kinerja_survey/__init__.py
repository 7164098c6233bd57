"""kinerja-survey: 360-degree BerAKHLAK performance surveys for Indonesian civil servants (ASN).

One module per concern: ``nip``, ``roster``, ``instrument``, ``assignment``, ``store``,
``demo``, ``apps``, ``reliability``, ``scoring``, ``fairness``, ``reports``, ``cli``.
Analysis modules work on the long-format *ratings frame* described in ``kinerja_survey.frames``.
"""

__version__ = "0.1.0"
