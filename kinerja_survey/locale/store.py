"""TODO store"""

ID = {
}

EN = {
}
