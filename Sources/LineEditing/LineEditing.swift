// LineEditing
import CLibEdit
