"""A reviewer's check of any report (.docx, .md, .txt): its figures recomputed from the parts it
states, its blanks, its problems without measures and, for a .docx, its GB/T 9704 layout."""
