"""kinerja-survey: 360-degree BerAKHLAK performance surveys for Indonesian civil servants (ASN).

The package follows the flow of a survey cycle; each layer uses only the layers before it
(``tests/test_layout.py`` checks it):

``collect``   who is rated by whom, on what: NIP, roster files, the instrument, rater assignments
``store``     the survey database: schema, frozen migrations, errors for people, the ``Store``
``analysis``  scores with anonymity thresholds, predikat, reliability, fairness, and
              ``analysis.results`` where a cycle's results are put together once
``present``   feedback reports (HTML/PDF), Excel/CSV exports, plots
``cycle``     the use cases every front end calls: import, assign, links, open/close, results
``apps``      the Voilà apps (rater, admin, dashboard) and their server; ``cli`` the command line;
              ``demo`` a simulated agency

Base modules any layer may use: ``frames`` (the long *ratings frame* contract every analysis
function takes), ``vocab`` (PermenPANRB 6/2022 labels), ``errors`` (``KinerjaError``, the one
base exception) and ``i18n`` with its per-area catalogs in ``locale`` (every text a person
reads: Bahasa Indonesia, English on request).
"""

__version__ = "0.1.0"
