"""TODO collect"""

ID = {
}

EN = {
}
