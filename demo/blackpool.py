"""Blackpool Youth Justice Service, inspected by HMIP in May and June 2021 (seed 001).

From the report to Blackpool's Children and Young People's Scrutiny Committee, 27 January 2022:
rated Good, with three aspects Outstanding; the Youth Justice Minister praised the out-of-court
disposal work ("the joint working that underpins the delivery of out-of-court disposals has been
exemplary"), so the three Outstanding standards chosen here are out-of-court planning, delivery and
policy and provision. The six recommendations are verbatim. The actions are what the report says
was done (ACORN recording, My Target Plan, audits and learning circles, visits to four high
performing services, a bespoke EET package) and what its plan would plausibly hold next.
The exact fieldwork and publication dates and the people are illustrative.
"""

from datetime import date
from typing import Any

from inspections.choices import Addressee, InspectionKind, Rating
from tenancy.choices import AgencyKind, BoardRole, DigestSchedule, ServiceRole

G, OUT, RI = Rating.GOOD, Rating.OUTSTANDING, Rating.REQUIRES_IMPROVEMENT
MANAGER = "claire.hartley"
OWNER, EET, QA, HEALTH = "jo.morgan", "sam.pickering", "nadia.hussain", "liam.carter"
CHAIR = "alison.reed"

STAFF = [
    {"username": MANAGER, "first_name": "Claire", "last_name": "Hartley",
     "role": ServiceRole.SERVICE_MANAGER, "job_title": "Head of Youth Justice", "login": True},
    {"username": OWNER, "first_name": "Jo", "last_name": "Morgan",
     "role": ServiceRole.PLAN_OWNER, "job_title": "YJS Team Manager", "login": True},
    {"username": EET, "first_name": "Sam", "last_name": "Pickering",
     "role": ServiceRole.PLAN_OWNER, "job_title": "Education, Employment and Training Practitioner"},
    {"username": QA, "first_name": "Nadia", "last_name": "Hussain",
     "role": ServiceRole.PLAN_OWNER, "job_title": "YJS Team Manager (quality assurance)"},
    {"username": HEALTH, "first_name": "Liam", "last_name": "Carter",
     "role": ServiceRole.PLAN_OWNER, "job_title": "YJS Health Practitioner"},
]  # fmt: skip

_BOARD: list[dict[str, Any]] = [
    {"username": CHAIR, "first_name": "Alison", "last_name": "Reed", "agency": "council",
     "seat": BoardRole.CHAIR, "job_title": "Director of Children's Services (chair)", "login": True},
    {"username": "mark.davies", "first_name": "Mark", "last_name": "Davies", "agency": "police",
     "seat": BoardRole.MEMBER, "job_title": "Superintendent, Blackpool West Division"},
    {"username": "priya.shah", "first_name": "Priya", "last_name": "Shah", "agency": "probation",
     "seat": BoardRole.MEMBER, "job_title": "Head of Probation Delivery Unit"},
    {"username": "helen.ward", "first_name": "Helen", "last_name": "Ward", "agency": "health",
     "seat": BoardRole.MEMBER, "job_title": "Designated Nurse, Safeguarding Children"},
    {"username": "tom.fielding", "first_name": "Tom", "last_name": "Fielding", "agency": "education",
     "seat": BoardRole.MEMBER, "job_title": "Assistant Director, Education and SEND"},
    {"username": "gemma.lloyd", "first_name": "Gemma", "last_name": "Lloyd", "agency": "opcc",
     "seat": BoardRole.MEMBER, "job_title": "Policy and Commissioning Manager"},
]  # fmt: skip
BOARD_MEMBERS = [{**member, "role": ServiceRole.BOARD_MEMBER} for member in _BOARD]

RECOMMENDATIONS = [
    {
        "number": 1,
        "text": "Evaluate the effectiveness of interventions to ensure they are meeting children's needs and reducing re-offending.",
        "addressee": Addressee.SERVICE_MANAGER,
        "standards": ["2.3", "3.3"],
        "actions": [
            {
                "reference": "1a",
                "title": "Record every intervention with the ACORN model",
                "description": "Practitioners move to ACORN recording (Aim, Content, Outcome, Risk, Next steps) for all interventions, so delivery is clear, consistent and based on identified need.",
                "owner": OWNER,
                "start": date(2021, 9, 1),
                "due": date(2021, 12, 31),
                "progress": [
                    (
                        date(2021, 10, 29),
                        "green",
                        "All practitioners trained; ACORN templates live in the case system.",
                    ),
                ],
                "completed": date(2021, 12, 17),
                "signed_off": (date(2022, 1, 26), CHAIR),
            },
            {
                "reference": "1b",
                "title": "Use My Target Plan with children",
                "description": "Practitioners agree targets with each child in the My Target Plan format and review them at every contact, to evidence the effect of interventions.",
                "owner": OWNER,
                "start": date(2021, 10, 1),
                "due": date(2022, 3, 31),
                "progress": [
                    (
                        date(2022, 1, 14),
                        "green",
                        "My Target Plan in use for two thirds of open cases; learning circle held in December.",
                    ),
                ],
                "completed": date(2022, 3, 25),
                "signed_off": (date(2022, 5, 18), CHAIR),
            },
            {
                "reference": "1c",
                "title": "Report intervention outcomes and reoffending to the Executive Board",
                "description": "A quarterly report linking completed interventions to reoffending and desistance outcomes, reviewed at each Executive Board.",
                "owner": QA,
                "start": -200,
                "due": 75,
                "progress": [
                    (
                        -12,
                        "green",
                        "Second quarterly outcomes report presented; the board asked for a breakdown by intervention type, now added.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 2,
        "text": "Provide thorough and effective initial assessment of children's health and educational needs, including communication skills and dyslexia.",
        "addressee": Addressee.MANAGEMENT_BOARD,
        "standards": ["2.1", "3.1"],
        "actions": [
            {
                "reference": "2a",
                "title": "Speech, language and communication screening at first assessment",
                "description": "The YJS health practitioner screens every child's communication needs before the first assessment is signed off.",
                "owner": HEALTH,
                "agency": "health",
                "start": -120,
                "due": 20,
                "progress": [
                    (
                        -9,
                        "amber",
                        "Screening tool agreed with the CCG; two practitioners still to complete training, booked for next month.",
                    ),
                ],
            },
            {
                "reference": "2b",
                "title": "Dyslexia screening with the education inclusion team",
                "description": "Education colleagues screen for dyslexia when a child's assessment shows literacy difficulties, and the result informs the intervention plan.",
                "owner": OWNER,
                "agency": "education",
                "start": -90,
                "due": 10,
                "revision": (
                    60,
                    "The screening licence is bought through the council's annual procurement round, which closes next month.",
                ),
                "progress": [
                    (
                        -20,
                        "green",
                        "Referral route agreed with the inclusion team; screening starts once the licence is in place.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 3,
        "text": "Reduce the unacceptably high NEET (not in education, training or employment) rates for the over-16 caseload by getting more children into further education provision and vocational training, including access to services where children can gain the personal, life and social skills they need to work towards employment.",
        "addressee": Addressee.MANAGEMENT_BOARD,
        "standards": ["1.3"],
        "actions": [
            {
                "reference": "3a",
                "title": "Learn from Knowsley, Wigan, Stockport and Salford",
                "description": "The EET practitioner and a team manager visit four services HMIP identified as high performing with NEET children, to find out what they do differently and what Blackpool can emulate.",
                "owner": EET,
                "start": date(2021, 11, 1),
                "due": date(2022, 3, 31),
                "progress": [
                    (
                        date(2022, 2, 11),
                        "green",
                        "Visits to Knowsley and Wigan done; Stockport and Salford booked for March.",
                    ),
                ],
                "completed": date(2022, 3, 30),
                "signed_off": (date(2022, 5, 18), CHAIR),
            },
            {
                "reference": "3b",
                "title": "Bespoke intervention package for children not yet ready for EET",
                "description": "Personal, life and social skills sessions that build self-esteem, confidence and motivation before a child moves into education, training or employment.",
                "owner": EET,
                "start": -150,
                "due": 5,
                "progress": [
                    (
                        -30,
                        "green",
                        "Package piloted with the first group; feedback from children used to shorten the sessions.",
                    ),
                ],
                "completed": -10,
            },
            {
                "reference": "3c",
                "title": "Secure vocational training places for the over-16 caseload",
                "description": "Agree a guaranteed interview route into further education and vocational courses for over-16s supervised by the YJS.",
                "owner": EET,
                "agency": "education",
                "start": -180,
                "due": -14,
                "progress": [
                    (
                        -21,
                        "red",
                        "The college could not confirm places for the spring intake; escalated to the Assistant Director, Education.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 4,
        "text": "Ensure that in all children's records there is a plan to keep other people safe and contingency planning if issues in the child's life increase the likelihood of harmful behaviour.",
        "addressee": Addressee.SERVICE_MANAGER,
        "standards": ["2.2", "3.2"],
        "actions": [
            {
                "reference": "4a",
                "title": "Audit children's plans and hold learning circles",
                "description": "A series of audits and learning circles with practitioners at the end of 2021 to embed ACORN, My Target Plan and contingency planning.",
                "owner": QA,
                "start": date(2021, 10, 4),
                "due": date(2021, 12, 31),
                "completed": date(2021, 12, 20),
                "signed_off": (date(2022, 1, 26), CHAIR),
            },
            {
                "reference": "4b",
                "title": "Team managers support practitioners on contingency planning",
                "description": "Team managers check contingency planning in supervision for every child and re-audit a sample each quarter.",
                "owner": QA,
                "start": -240,
                "due": 120,
                "progress": [
                    (
                        -50,
                        "green",
                        "Quarterly re-audit: contingency plans present in 18 of 20 sampled records.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 5,
        "text": "Where risk to the child's safety or wellbeing is identified, put in place clear contingency planning for circumstances where the risk may increase.",
        "addressee": Addressee.SERVICE_MANAGER,
        "standards": ["2.2"],
        "actions": [
            {
                "reference": "5a",
                "title": "Safety and wellbeing contingency plans checked at management oversight",
                "description": "Management oversight of every plan where a risk to the child's safety or wellbeing is identified confirms what will be done if the risk increases.",
                "owner": OWNER,
                "agency": "council",
                "start": -100,
                "due": 45,
                "progress": [
                    (
                        -6,
                        "amber",
                        "Oversight template updated; children's social care still to agree the shared escalation route.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 6,
        "text": "Where risk to other people is identified, put in place clear contingency planning for circumstances where the risk may increase.",
        "addressee": Addressee.SERVICE_MANAGER,
        "standards": ["2.2"],
        "actions": [
            {
                "reference": "6a",
                "title": "Risk-to-others contingency plans shared with police",
                "description": "Where a risk to other people is identified, the contingency plan is shared with the police liaison officer and reviewed at the risk panel.",
                "owner": OWNER,
                "agency": "police",
                "start": -160,
                "due": 90,
                "progress": [
                    (
                        -8,
                        "green",
                        "Risk panel terms of reference updated; police liaison officer attends fortnightly.",
                    ),
                ],
            },
        ],
    },
]

SERVICE = {
    "name": "Blackpool Youth Justice Service (demo)",
    "local_authorities": ["Blackpool"],
    "manager": MANAGER,
    "agencies": {
        "council": ("Blackpool Council Children's Services", AgencyKind.CHILDREN_SERVICES),
        "police": ("Lancashire Constabulary", AgencyKind.POLICE),
        "probation": ("The Probation Service, North West", AgencyKind.PROBATION),
        "health": ("NHS Blackpool Clinical Commissioning Group", AgencyKind.HEALTH),
        "education": ("Blackpool Council Education and SEND", AgencyKind.EDUCATION),
        "opcc": ("Office of the Police and Crime Commissioner for Lancashire", AgencyKind.OPCC),
    },
    "staff": STAFF,
    "board": {
        "name": "Youth Justice Executive Board",
        # The report: the plan is monitored "bi-monthly via the Executive Board".
        "digest_schedule": DigestSchedule.BEFORE_MEETING,
        "digest_days_before_meeting": 7,
        "meetings_in_days": [18, 79],
        "members": BOARD_MEMBERS,
    },
    "inspection": {
        "framework": "2021",
        "kind": InspectionKind.JOINT,
        "title": "HMIP inspection of Blackpool youth justice services, May–June 2021",
        "fieldwork_start_on": date(2021, 5, 24),
        "fieldwork_end_on": date(2021, 6, 11),
        "published_on": date(2021, 9, 7),
        "published_rating": Rating.GOOD,
        "ratings": {
            "1.1": G,
            "1.2": G,
            "1.3": G,
            "1.4": G,
            "2.1": G,
            "2.2": RI,
            "2.3": G,
            "2.4": G,
            "3.1": G,
            "3.2": OUT,
            "3.3": OUT,
            "3.4": OUT,
            "4.1": Rating.NOT_RATED,
        },
    },
    "recommendations": RECOMMENDATIONS,
}
