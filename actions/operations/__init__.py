"""Every write to an action goes through here: one path per change, each atomic, each recording
its domain events and recomputing the RAG it touches. The admin and the API both call these.

``actions`` saves, completes and signs off actions; ``progress`` records progress updates;
``revisions`` moves deadlines; ``recalculation`` recomputes stored RAGs; ``service_settings``
saves a service's thresholds; ``recommendations`` saves recommendations. Import from the module.
"""
