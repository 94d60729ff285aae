"""ftzlink: industry-linkage analytics for China's pilot free trade zones."""

from ftzlink.data.readers import read_table
from ftzlink.data.tidy import to_long, to_matrix
from ftzlink.errors import FtzlinkError

__version__ = "0.1.0"

__all__ = ["FtzlinkError", "read_table", "to_long", "to_matrix", "__version__"]
