"""TODO cycle"""

ID = {
}

EN = {
}
