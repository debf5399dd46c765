"""Tables brought in from files and pastes (worksheets, CSV, rows copied from Excel or WPS) as the
answers the questions take: they produce answer text, never figures of their own."""
