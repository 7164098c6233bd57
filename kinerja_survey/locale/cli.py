"""TODO cli"""

ID = {
}

EN = {
}
