"""The Voilà apps: thin widget views over ``kinerja_survey.cycle``.

``rater``      the rater app (``notebooks/penilaian.ipynb``): personal link, task list, forms
``admin``      the admin app (``notebooks/admin.ipynb``): roster, cycles, assignments, links, rates
``dashboard``  the results dashboard (``notebooks/hasil.ipynb``), meeting mode by default
``serve``      the locked-down Voilà servers behind ``kinerja-survey serve``
``forkserver`` the process the rater server forks its kernels from
``voila``      what the apps share (the request's query parameters)
"""
