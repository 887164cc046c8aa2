"""The redesign workshop: designers turn donated garments into new pieces with a story.

models.py (tables), errors.py, services.py (the use cases), cookbook.py (the project as a PDF),
photos.py (stored photo files), forms.py, views.py (blueprint `workshop`) and api.py
(blueprint `workshop_api`). Labels know nothing of the workshop: app.py registers
`services.label_extras` with `inventory.labels.data.add_label_extras`.
"""
