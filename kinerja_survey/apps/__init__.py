"""The Voilà apps: thin widget views over ``kinerja_survey.cycle``.

``rater``        the rater app (``notebooks/penilaian.ipynb``): personal link, task list, forms
``feedback``     continuous feedback notes in the rater app: write, edit, read what one received
``dialog``       the dialog kinerja's state model: the supervisor records, the employee acknowledges
``employee``     the employee's own results after publication, opened with their personal link
``admin``        the admin app (``notebooks/admin.ipynb``): roster, cycles, assignments, links, rates
``closing``      the admin app's "Penutupan & hasil" tab: hasil kerja, organisation predikat, publication
``periods_tab``  the admin app's "Periode & pengembangan" tab: next period, stakeholders, dialogs
``review_tab``   the admin app's "Cakupan penilai" tab: raters below a minimum with cause and fix, by level
``correction``   the admin app's "Data pribadi" tab: a person's data corrected (audited) and exported for them
``downloads``    ``offer``: the one way a file leaves an app, recorded in the export log first
``calibration``  the calibration meeting view (``notebooks/kalibrasi.ipynb``)
``dashboard``    the results dashboard (``notebooks/hasil.ipynb``), meeting mode by default
``serve``        the locked-down Voilà servers behind ``kinerja-survey jalankan``
``voila_server`` the locked-down Voilà server itself, run in each child process ``serve`` starts
``forkserver``   the process the rater server forks its kernels from
``accounts``     who is logged in: the login and first-account pages, the account a page's kernel is told
``limits``       capacity: zmq and open-file limits sized for ``max_kernels``, its default from memory, the waiting room
``idle``         idle rater pages save, give their kernel back and resume at the same item
``voila``        what the apps share (the request's query parameters)
``boundary``     the one error boundary of every app: ``App`` and ``ErrorBoundary`` for widget callbacks
``html``         the one ``esc`` and ``html_table`` of the apps (no pandas at import: the rater kernel uses it)
"""
