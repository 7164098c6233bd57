"""TODO dashboard"""

ID = {
}

EN = {
}
