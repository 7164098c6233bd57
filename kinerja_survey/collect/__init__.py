"""Collecting: who is rated by whom, on what.

``nip``          the 18-digit NIP: check digit rules, normalising (dots/spaces), pseudonyms
``roster``       SIMPEG/SIASN roster files (CSV/XLSX) read and validated row by row
``instrument``   the rating instrument (default BerAKHLAK: 7 core values x 3 behaviours)
``assignment``   rater assignments drawn from the org chart (self, supervisor, peers, subordinates)
``hasil_kerja``  Rating Hasil Kerja files (e-Kinerja/SIASN exports) read and checked row by row
``suggestions``  the library of development suggestions per competency (``data/saran_pengembangan.yaml``)
"""
