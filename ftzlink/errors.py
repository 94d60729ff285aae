"""The one exception type ftzlink raises for bad input.

Every check at the edge of the package (readers, loaders, public index functions, report
parameters) raises :class:`FtzlinkError` with a message that names the file, row, column,
label or parameter at fault and, where possible, what to do about it.
"""


class FtzlinkError(ValueError):
    """Bad input to ftzlink: the message names what is wrong and where.

    Subclasses :class:`ValueError`, so ``except ValueError`` also catches it.
    """
