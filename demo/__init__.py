"""Demonstration data from public council reports (``manage.py load_demo_data``).

Two services, each marked "(demo)": Medway's 2020 inspection (seed 004) and Blackpool's 2021
inspection (seed 001), with partner agencies, a board with partner members, staff logins and an
improvement plan. Everything is written through the same operations as real use, so the events,
RAGs and roll-ups are genuine. No child's data is held; the people are invented.
"""
