"""270/271 eligibility (005010X279A1): typed read, exact values, write back, hypothesis round trip."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.services.x12_files import summarize
from revcycle.x12 import InterchangeHeader, read_x12
from revcycle.x12.guides.parts import DatePeriod, Entity, Rejection, Trace
from revcycle.x12.guides.x270_271.model import Benefit, Eligibility, Member, Receiver, RelatedEntity, Source
from revcycle.x12.guides.x270_271.write import write_eligibility
from revcycle.x12.guides.x835.model import Procedure

ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000101*0*T*:~"
HEADER = InterchangeHeader("SENDER", "RECEIVER", 101, created=dt.datetime(2026, 1, 1, 12, 0), usage="T")


def interchange(functional_id: str, *transactions: list[str]) -> str:
    lines = [ISA, f"GS*{functional_id}*SENDER*RECEIVER*20260101*1200*1*X*005010X279A1~"]
    for body in transactions:
        control = body[0].split("*")[2].rstrip("~")
        lines += [*body, f"SE*{len(body) + 1}*{control}~"]
    lines += [f"GE*{len(transactions)}*1~", "IEA*1*000000101~", ""]
    return "\n".join(lines)


RESPONSE = [
    "ST*271*0001*005010X279A1~",
    "BHT*0022*11*INQ20260301*20260301*1015~",
    "HL*1**20*1~",
    "NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~",
    "PER*IC*PROVIDER SERVICES*TE*8005551212~",
    "HL*2*1*21*1~",
    "NM1*1P*2*SPRINGFIELD FAMILY MEDICINE*****XX*1234567893~",
    "HL*3*2*22*0~",
    "TRN*2*93175-0001*9877281234~",
    "NM1*IL*1*DOE*JANE*Q***MI*W987654~",
    "REF*Q4*W123456~",
    "REF*6P*GRP100*ACME GOLD~",
    "N3*12 ELM STREET~",
    "N4*SPRINGFIELD*IL*62701~",
    "DMG*D8*19800412*F~",
    "INS*Y*18*001*25~",
    "DTP*346*D8*20260101~",
    "EB*1*IND*30*PR*ACME GOLD PPO~",
    "EB*C*IND*30*PR**23*500*****Y~",
    "EB*C*IND*30*PR**29*250*****Y~",
    "EB*A*IND*98^86*PR**27**0.2****Y~",
    "EB*A*IND*98*PR**27**0.4****N~",
    "EB*B*IND*98*PR**27*25*****Y~",
    "MSG*COPAY WAIVED FOR PREVENTIVE VISITS~",
    "EB*G*FAM*30*PR**23*6000*****Y~",
    "DTP*291*RD8*20260101-20261231~",
    "EB*F*IND*PT*PR**22***VS*20***HC:97110~",
    "HSD*VS*20~",
    "EB*L~",
    "LS*2120~",
    "NM1*P3*1*JONES*MARCUS****XX*1987654328~",
    "N3*1 CLINIC WAY~",
    "N4*SPRINGFIELD*IL*62702~",
    "PER*IC**TE*2175550199~",
    "LE*2120~",
]

REJECTION = [
    "ST*271*0002*005010X279A1~",
    "BHT*0022*11*INQ20260302*20260302*0900~",
    "HL*1**20*1~",
    "NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~",
    "HL*2*1*21*1~",
    "NM1*1P*2*SPRINGFIELD FAMILY MEDICINE*****XX*1234567893~",
    "HL*3*2*22*1~",
    "NM1*IL*1*DOE*JOHN****MI*W555~",
    "HL*4*3*23*0~",
    "TRN*2*93175-0002*9877281234~",
    "NM1*03*1*DOE*JIMMY~",
    "AAA*N**67*C~",
    "AAA*N**71*C~",
    "DMG*D8*20150607*M~",
]

INQUIRY = [
    "ST*270*0001*005010X279A1~",
    "BHT*0022*13*INQ20260301*20260301*1015~",
    "HL*1**20*1~",
    "NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~",
    "HL*2*1*21*1~",
    "NM1*1P*2*SPRINGFIELD FAMILY MEDICINE*****XX*1234567893~",
    "PRV*PE*PXC*207Q00000X~",
    "HL*3*2*22*1~",
    "TRN*1*93175-0001*9877281234~",
    "NM1*IL*1*DOE*JOHN****MI*W555~",
    "DMG*D8*19790101*M~",
    "DTP*291*D8*20260301~",
    "EQ*30~",
    "HL*4*3*23*0~",
    "TRN*1*93175-0002*9877281234~",
    "NM1*03*1*DOE*JIMMY~",
    "DMG*D8*20150607*M~",
    "INS*N*19~",
    "DTP*291*D8*20260301~",
    "EQ*98^86^AL~",
    "EQ**HC:99213***1:2~",
]


def test_271_benefits_read_with_amounts_percents_periods_and_networks():
    # when
    result = read_x12(interchange("HB", RESPONSE), validate=True)
    response = result.models("271")[0]
    # then the file is valid and the subscriber's benefits are typed
    assert result.errors == []
    assert (response.purpose, response.reference, response.created) == (
        "11",
        "INQ20260301",
        dt.date(2026, 3, 1),
    )
    subscriber = response.sources[0].receivers[0].subscribers[0]
    assert (subscriber.member_id, subscriber.entity.last_or_organization) == ("W987654", "DOE")
    assert subscriber.demographics.birth_date == dt.date(1980, 4, 12)
    assert subscriber.date("346") == DatePeriod("346", dt.date(2026, 1, 1))
    deductibles = subscriber.benefits_with("C")
    assert [(b.time_period, b.amount) for b in deductibles] == [("23", Decimal(500)), ("29", Decimal(250))]
    coinsurance = subscriber.benefits_with("A", "98")
    assert [(b.percent, b.is_in_network) for b in coinsurance] == [
        (Decimal("0.2"), True),
        (Decimal("0.4"), False),
    ]
    assert coinsurance[0].service_types == ["98", "86"]
    copay = subscriber.benefits_with("B")[0]
    assert (copay.amount, copay.time_period, copay.messages) == (
        Decimal(25),
        "27",
        ["COPAY WAIVED FOR PREVENTIVE VISITS"],
    )
    out_of_pocket = subscriber.benefits_with("G")[0]
    assert out_of_pocket.dates == [DatePeriod("291", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "RD8")]


def test_271_limitation_quantity_procedure_and_related_entity():
    # when
    subscriber = read_x12(interchange("HB", RESPONSE)).models("271")[0].members()[0]
    # then
    limitation = subscriber.benefits_with("F")[0]
    assert (limitation.quantity_qualifier, limitation.quantity, limitation.procedure) == (
        "VS",
        Decimal(20),
        Procedure("HC", "97110", []),
    )
    assert limitation.deliveries == [["VS", "20"]]
    primary_care = subscriber.benefits_with("L")[0]
    assert primary_care.related_entities[0].entity == Entity(
        "P3", "1", "JONES", "MARCUS", id_qualifier="XX", id="1987654328"
    )
    assert primary_care.related_entities[0].address.lines == ["1 CLINIC WAY"]
    assert primary_care.related_entities[0].contacts[0].numbers == [("TE", "2175550199")]


def test_271_changed_member_id_keeps_the_submitted_one_in_ref_q4():
    # when
    subscriber = read_x12(interchange("HB", RESPONSE)).models("271")[0].members()[0]
    # then the payer's corrected id is in NM109 and the prior id in REF*Q4
    assert (subscriber.member_id, subscriber.prior_member_id) == ("W987654", "W123456")
    assert subscriber.identity_changed is True
    assert subscriber.traces == [Trace("2", "93175-0001", "9877281234")]


def test_271_dependent_rejections_and_second_transaction():
    # when
    responses = read_x12(interchange("HB", RESPONSE, REJECTION), validate=True).models("271")
    # then
    assert len(responses) == 2
    subscriber = responses[1].sources[0].receivers[0].subscribers[0]
    dependent = subscriber.dependents[0]
    assert dependent.entity.first == "JIMMY"
    assert dependent.rejections == [Rejection("N", "67", "C"), Rejection("N", "71", "C")]
    assert [m.entity.first for m in responses[1].members()] == ["JOHN", "JIMMY"]


def test_270_inquiry_reads_service_types_procedure_and_dependent():
    # when
    result = read_x12(interchange("HS", INQUIRY), validate=True)
    inquiry = result.models("270")[0]
    # then
    assert result.errors == []
    receiver = inquiry.sources[0].receivers[0]
    assert (receiver.provider.code, receiver.provider.id) == ("PE", "207Q00000X")
    subscriber = receiver.subscribers[0]
    assert [i.service_types for i in subscriber.inquiries] == [["30"]]
    dependent = subscriber.dependents[0]
    assert dependent.relationship == ["N", "19"]
    assert [(i.service_types, i.procedure, i.diagnosis_pointers) for i in dependent.inquiries] == [
        (["98", "86", "AL"], None, []),
        ([], Procedure("HC", "99213", []), ["1", "2"]),
    ]


def test_270_and_271_write_back_byte_identical():
    for functional_id, key, bodies in (("HS", "270", [INQUIRY]), ("HB", "271", [RESPONSE, REJECTION])):
        # given
        text = interchange(functional_id, *bodies)
        models = read_x12(text).models(key)
        # when
        written = write_eligibility(models, HEADER, sender="SENDER", receiver="RECEIVER", group_control=1)
        # then
        assert written == text


def test_a_271_built_in_code_is_valid_and_numbers_its_hl_levels():
    # given a response built from values, not read
    subscriber = Member(
        Entity("IL", "1", "DOE", "JANE", id_qualifier="MI", id="W1"),
        traces=[Trace("2", "T1", "9877281234")],
        benefits=[
            Benefit("1", "IND", ["30"]),
            Benefit("B", "IND", ["98"], amount=Decimal("20"), in_network="Y"),
        ],
        dependents=[Member(Entity("03", "1", "DOE", "JIM"), benefits=[Benefit("1", "IND", ["30"])])],
    )
    receiver = Receiver(
        Entity("1P", "2", "CLINIC", id_qualifier="XX", id="1234567893"), subscribers=[subscriber]
    )
    source = Source(Entity("PR", "2", "ACME", id_qualifier="PI", id="ACME01"), receivers=[receiver])
    response = Eligibility("271", "0001", "11", "R1", dt.date(2026, 3, 1), "1015", sources=[source])
    # when
    text = write_eligibility([response], HEADER, sender="SENDER", receiver="RECEIVER", group_control=1)
    # then
    result = read_x12(text, validate=True)
    assert result.errors == []
    assert [line for line in text.splitlines() if line.startswith("HL")] == [
        "HL*1**20*1~",
        "HL*2*1*21*1~",
        "HL*3*2*22*1~",
        "HL*4*3*23*0~",
    ]
    assert result.models("271")[0] == response


CODES = st.sampled_from(["1", "6", "A", "B", "C", "G", "F", "L", "CB"])
TEXT = st.text(alphabet="ABCDEFGHIJ KLMNOP0123456789", max_size=12)
MONEY = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)
PERCENT = st.decimals(min_value=0, max_value=1, places=2, allow_nan=False, allow_infinity=False)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def benefits(draw) -> Benefit:  # noqa: ANN001
    start = draw(DATES)
    return Benefit(
        draw(CODES),
        draw(st.sampled_from(["", "IND", "FAM", "EMP"])),
        draw(st.lists(st.sampled_from(["30", "98", "86", "AL", "MH", "UC", "1", "33"]), max_size=5)),
        draw(st.sampled_from(["", "PR", "HM", "MB"])),
        draw(TEXT),
        draw(st.sampled_from(["", "22", "23", "27", "29"])),
        draw(st.none() | MONEY),
        draw(st.none() | PERCENT),
        draw(st.sampled_from(["", "VS", "DY"])),
        draw(st.none() | st.integers(0, 99).map(Decimal)),
        draw(st.sampled_from(["", "Y", "N", "U"])),
        draw(st.sampled_from(["", "Y", "N", "U", "W"])),
        draw(st.none() | st.sampled_from([Procedure("HC", "99213", []), Procedure("HC", "97110", ["GP"])])),
        draw(st.lists(st.sampled_from(["1", "2", "3", "4"]), max_size=4, unique=True)),
        messages=draw(st.lists(TEXT.filter(bool), max_size=2)),
        dates=draw(
            st.lists(
                st.sampled_from([DatePeriod("291", start), DatePeriod("292", start, start, "RD8")]),
                max_size=2,
            )
        ),
        related_entities=draw(
            st.lists(
                st.just(
                    RelatedEntity(Entity("P3", "1", "JONES", "MARCUS", id_qualifier="XX", id="1987654328"))
                ),
                max_size=1,
            )
        ),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(benefits(), min_size=1, max_size=6))
def test_random_valid_271_benefits_write_and_read_back_equal(drawn):
    # given
    member = Member(Entity("IL", "1", "DOE", "JANE", id_qualifier="MI", id="W1"), benefits=drawn)
    receiver = Receiver(Entity("1P", "2", "CLINIC", id_qualifier="XX", id="1234567893"), subscribers=[member])
    source = Source(Entity("PR", "2", "ACME", id_qualifier="PI", id="ACME01"), receivers=[receiver])
    response = Eligibility("271", "0001", "11", "R1", dt.date(2026, 3, 1), "1015", sources=[source])
    # when
    text = write_eligibility([response], HEADER, sender="SENDER", receiver="RECEIVER", group_control=1)
    result = read_x12(text, validate=True)
    # then
    assert result.errors == []
    assert result.models("271")[0].members()[0].benefits == drawn


def test_parse_summary_of_271s():
    # when
    rows = summarize(read_x12(interchange("HB", RESPONSE, REJECTION)))
    # then
    assert [
        {k: row[k] for k in ("type", "subscribers", "dependents", "benefits", "rejections")} for row in rows
    ] == [
        {"type": "271", "subscribers": 1, "dependents": 0, "benefits": 9, "rejections": 0},
        {"type": "271", "subscribers": 1, "dependents": 1, "benefits": 0, "rejections": 2},
    ]
