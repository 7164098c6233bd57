"""TODO reports"""

ID = {
}

EN = {
}
