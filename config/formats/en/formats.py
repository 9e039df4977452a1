# Dates on English pages in the British order ("26 November 2025"); Django's English defaults are American
# ("Nov. 26, 2025"). Templates ask for DATE_FORMAT, which German keeps as "26. November 2025". The other formats
# fall back to Django's English ones.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
