"""Official-layout exports (.docx, .xlsx) are added by the Word and Excel issue."""

FORMATS: dict = {}
