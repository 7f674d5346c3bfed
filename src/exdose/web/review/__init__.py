"""The review workbench: exdose pre-rates trial reports on CERT and TIDieR, two reviewers verify
every item blind to each other, a reconciler settles the disagreements, and the review's tables,
heatmap and agreement come out. A Django app of its own (models, pages, API router); every call
into the exdose library goes through `exdose.web.review.services`.
"""
