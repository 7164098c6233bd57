"""TODO apps"""

ID = {
}

EN = {
}
