"""The other Voilà apps and the server (apps/): closing and calibration tabs, the employee page, kinerja-survey serve."""

ID = {
    "app.db_unavailable": "Basis data tidak dapat dibuka: {error}",
}

EN = {
    "app.db_unavailable": "The database cannot be opened: {error}",
}
