"""Text, title, date and language from HTML, PDF and HWPX documents."""
