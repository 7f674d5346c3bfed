"""exdose web: the clinic in a browser (Django + htmx) with a JSON API under /api/v1/.

Every call into the exdose library goes through `exdose.web.services`, so the pages, the API
and the command line show the same numbers.
"""
