"""Delivery of domain events: the dispatcher, the subscriber wiring, retries and dead letters.

The top of the layer order: it names every context's events and subscribers, and no context
imports it.
"""
