"""Medway Youth Offending Team, inspected by HMIP on 24–28 February 2020 (seed 004).

From the report to Medway's Children and Young People Overview and Scrutiny Committee, 23 July
2020: published 4 June 2020; of the twelve standards 7 Good, 4 Requires improvement and 1
Inadequate, "only 1 point away from a 'good' judgement" (18 of 36). The report does not say which
standard had which rating, so they are chosen from its findings: a board with too many new
members to evidence its understanding (1.1), inconsistent practice with girls and children at risk
of exploitation (1.3, 2.2, 2.4), and joint out-of-court work with Kent Police under review (3.4).

The report does not list HMIP's recommendations (they are in its Appendix B), so the
recommendations here are paraphrases of its findings and say so in their text.
The people are invented.
"""

from datetime import date
from typing import Any

from inspections.choices import Addressee, InspectionKind, Rating
from tenancy.choices import AgencyKind, BoardRole, DigestSchedule, ServiceRole

G, RI, INADEQUATE = Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE
MANAGER, OWNER, DATA = "dan.fletcher", "kerry.osei", "martin.blake"
CHAIR = "ruth.ingram"
PARAPHRASE = "[Paraphrase of the council report's findings, not HMIP's wording.] "

STAFF = [
    {"username": MANAGER, "first_name": "Dan", "last_name": "Fletcher",
     "role": ServiceRole.SERVICE_MANAGER, "job_title": "Head of Youth Justice", "login": True},
    {"username": OWNER, "first_name": "Kerry", "last_name": "Osei",
     "role": ServiceRole.PLAN_OWNER, "job_title": "YOT Team Manager", "login": True},
    {"username": DATA, "first_name": "Martin", "last_name": "Blake",
     "role": ServiceRole.PLAN_OWNER, "job_title": "YOT Data and Intelligence Officer"},
]  # fmt: skip

_BOARD: list[dict[str, Any]] = [
    {"username": CHAIR, "first_name": "Ruth", "last_name": "Ingram", "agency": "council",
     "seat": BoardRole.CHAIR, "job_title": "Director of Children's Services (chair)", "login": True},
    {"username": "steve.harlow", "first_name": "Steve", "last_name": "Harlow", "agency": "police",
     "seat": BoardRole.MEMBER, "job_title": "Superintendent, Medway Community Safety Unit"},
    {"username": "angela.moss", "first_name": "Angela", "last_name": "Moss", "agency": "probation",
     "seat": BoardRole.MEMBER, "job_title": "Head of Service, National Probation Service Kent"},
    {"username": "farah.malik", "first_name": "Farah", "last_name": "Malik", "agency": "health",
     "seat": BoardRole.MEMBER, "job_title": "Consultant in Public Health"},
    {"username": "gareth.lowe", "first_name": "Gareth", "last_name": "Lowe", "agency": "education",
     "seat": BoardRole.MEMBER, "job_title": "Head of Inclusion"},
    {"username": "lucy.brennan", "first_name": "Lucy", "last_name": "Brennan", "agency": "opcc",
     "seat": BoardRole.MEMBER, "job_title": "Commissioning Officer"},
    {"username": "tom.ashby", "first_name": "Tom", "last_name": "Ashby", "agency": "vru",
     "seat": BoardRole.MEMBER, "job_title": "Violence Reduction Unit Programme Lead"},
]  # fmt: skip
BOARD_MEMBERS = [{**member, "role": ServiceRole.BOARD_MEMBER} for member in _BOARD]

RECOMMENDATIONS = [
    {
        "number": 1,
        "text": PARAPHRASE
        + "The Youth Justice Partnership Board should understand the specific needs of the children the YOT works with and agree its strategies as a partnership to meet them.",
        "addressee": Addressee.MANAGEMENT_BOARD,
        "standards": ["1.1"],
        "actions": [
            {
                "reference": "1a",
                "title": "Appoint a YOT data and intelligence officer",
                "description": "A dedicated officer gives the board a quarterly profile of the YOT's children, its strengths and its areas for development.",
                "owner": DATA,
                "start": date(2020, 6, 15),
                "due": date(2020, 12, 31),
                "progress": [
                    (
                        date(2020, 10, 2),
                        "green",
                        "Officer in post; first quarterly profile drafted for the October board.",
                    ),
                ],
                "completed": date(2020, 12, 11),
                "signed_off": (date(2021, 1, 19), CHAIR),
            },
            {
                "reference": "1b",
                "title": "Induction for new board members",
                "description": "Each new member spends a session with the YOT and reads the needs profile before their first board.",
                "owner": MANAGER,
                "agency": "council",
                "start": -60,
                "due": 40,
                "progress": [
                    (-5, "green", "Induction pack agreed; three of five new members inducted."),
                ],
            },
        ],
    },
    {
        "number": 2,
        "text": PARAPHRASE
        + "The YOT should make the quality of practice consistent, especially for girls and for children at risk of exploitation.",
        "addressee": Addressee.SERVICE_MANAGER,
        "standards": ["2.2", "2.4"],
        "actions": [
            {
                "reference": "2a",
                "title": "Practice guidance and audit for work with girls and children at risk of exploitation",
                "owner": OWNER,
                "start": -90,
                "due": 12,
                "progress": [
                    (-15, "amber", "Guidance written; the audit of ten cases is half done."),
                ],
            },
        ],
    },
    {
        "number": 3,
        "text": PARAPHRASE
        + "Kent Police and the YOT should review their joint out-of-court work, including why more children in contact with the police receive no further action.",
        "addressee": Addressee.PARTNER_AGENCY,
        "agency": "police",
        "standards": ["3.4"],
        "actions": [
            {
                "reference": "3a",
                "title": "Joint review of 'no further action' outcomes with Kent Police",
                "owner": OWNER,
                "agency": "police",
                "start": -120,
                "due": -5,
                "progress": [
                    (
                        -25,
                        "amber",
                        "Data for the last two quarters exchanged; joint panel date not yet agreed.",
                    ),
                ],
            },
        ],
    },
]

SERVICE = {
    "name": "Medway Youth Justice Service (demo)",
    "local_authorities": ["Medway"],
    "manager": MANAGER,
    "agencies": {
        "council": ("Medway Council Children's Services", AgencyKind.CHILDREN_SERVICES),
        "police": ("Kent Police", AgencyKind.POLICE),
        "probation": ("National Probation Service, Kent", AgencyKind.PROBATION),
        "health": ("Medway Public Health", AgencyKind.HEALTH),
        "education": ("Medway Council Education and Inclusion", AgencyKind.EDUCATION),
        "opcc": ("Office of the Kent Police and Crime Commissioner", AgencyKind.OPCC),
        "vru": ("Kent and Medway Violence Reduction Unit", AgencyKind.OTHER),
    },
    "staff": STAFF,
    "board": {
        "name": "Youth Justice Partnership Board",
        "digest_schedule": DigestSchedule.WEEKLY,
        "meetings_in_days": [35],
        "members": BOARD_MEMBERS,
    },
    "inspection": {
        "framework": "2018",
        "kind": InspectionKind.SINGLE,
        "title": "HMIP inspection of youth offending services in Medway, February 2020",
        "fieldwork_start_on": date(2020, 2, 24),
        "fieldwork_end_on": date(2020, 2, 28),
        "published_on": date(2020, 6, 4),
        "published_score": 18,
        "published_rating": Rating.REQUIRES_IMPROVEMENT,
        "ratings": {
            "1.1": RI,
            "1.2": G,
            "1.3": RI,
            "1.4": G,
            "2.1": G,
            "2.2": RI,
            "2.3": G,
            "2.4": RI,
            "3.1": G,
            "3.2": G,
            "3.3": G,
            "3.4": INADEQUATE,
        },
    },
    "recommendations": RECOMMENDATIONS,
}
