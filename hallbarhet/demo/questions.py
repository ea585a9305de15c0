"""The demo questions: a dozen in different states, made through the same operations
that the screens use, so that their history (Events) is real."""

from datetime import date, timedelta

from ..extensions import db
from ..issues.lifecycle import change_status
from ..issues.operations import IssueInput, create_issue
from ..meetings.operations import publish_agenda
from ..models import AgendaItem, AskedFor, IssueKind, IssueStatus, ItemKind, MeetingStatus
from ..triage import operations as triage


def add_questions(networks, administrations, users, meetings, today: date) -> None:
    coordinator = users["coordinator"]
    representative = users["representative"]
    neh, nsh = networks["neh"], networks["nsh"]
    # The work areas the question form offers (an existing network's retired ones are not).
    areas = {
        area.name: area for n in networks.values() for area in n.work_areas if not area.retired
    }
    _held_meeting_question(users, networks, administrations, meetings, areas)
    coming = {key: m for key, m in meetings.items() if m.status == MeetingStatus.PLANNED}
    neh_next, neh_later, neh_last = (
        m
        for (slug, _), m in sorted(coming.items(), key=lambda kv: kv[1].starts_at)
        if slug == "neh"
    )
    nsh_next, nsh_later = (
        m
        for (slug, _), m in sorted(coming.items(), key=lambda kv: kv[1].starts_at)
        if slug == "nsh"
    )

    def ask(
        user,
        network,
        title,
        description,
        kind,
        asked_for,
        area,
        minutes=20,
        affected=(),
        goals=(),
        desired=None,
        submit=True,
    ):
        return create_issue(
            user,
            IssueInput(
                network_id=network.id,
                title=title,
                description=description,
                kind=kind,
                asked_for=asked_for,
                work_area_id=areas[area].id if area in areas else None,
                estimated_minutes=minutes,
                affected_ids=[administrations[a].id for a in affected],
                goals=list(goals),
                desired_meeting_id=desired.id if desired else None,
                presenter=user.name,
            ),
            submit=submit,
        )

    def answer(issue, *values):
        for question, value in zip(
            ("affects_several", "info_for_all", "needs_dialogue", "short_info"),
            values,
            strict=True,
        ):
            if value is not None:  # an open question is not an answer in the history
                triage.assess(coordinator, issue, question, value)

    solar = ask(
        users["ahmed.hassan"],
        neh,
        "Solcellsanläggningar på kommunens fastigheter",
        "Vi vill planera utbyggnaden av solceller tillsammans med de förvaltningar som "
        "hyr lokalerna.",
        IssueKind.DIALOGUE,
        AskedFor.DIALOGUE,
        "Klimat- och energifrågor",
        30,
        ("BUF", "VOF", "SF"),
        (7, 13),
        neh_next,
    )
    answer(solar, True, False, True, None)
    triage.schedule(coordinator, solar, neh_next, solar.version, kind=ItemKind.DIALOGUE, minutes=30)

    storm = ask(
        representative,
        neh,
        "Skyfallsplan för kommunen: intern remiss",
        "Utkastet till skyfallsplan skickas på intern remiss. Vi behöver synpunkter på "
        "ansvarsfördelningen innan beslut i KS.",
        IssueKind.CONSULTATION,
        AskedFor.INPUT,
        "Klimatanpassning",
        40,
        ("SBF", "TF", "KLF"),
        (11, 13),
        neh_next,
    )
    answer(storm, True, True, True, None)
    triage.schedule(
        coordinator, storm, neh_next, storm.version, kind=ItemKind.CONSULTATION, minutes=40
    )

    heat = ask(
        users["maria.holm"],
        neh,
        "Värmeböljor och äldreomsorgen",
        "Kort information om den nya rutinen för värmebölja inom vård och omsorg.",
        IssueKind.INFORMATION,
        AskedFor.INFORMATION,
        "Klimatanpassning",
        10,
        ("SOC",),
        (3, 13),
        neh_next,
    )
    answer(heat, True, False, False, True)
    triage.schedule(
        coordinator, heat, neh_next, heat.version, kind=ItemKind.SHORT_INFORMATION, minutes=10
    )
    publish_agenda(coordinator, neh_next, neh_next.version, notify=False)

    ask(
        users["karin.berg"],
        neh,
        "Avfallsplan 2027–2030: förankring i förvaltningarna",
        "Förslaget till ny avfallsplan behöver förankras innan det går till fullmäktige.",
        IssueKind.ANCHORING,
        AskedFor.ANCHORING,
        "Avfallsplan",
        45,
        ("TF", "SF", "KLF"),
        (11, 12),
        neh_later,
    )
    chem = ask(
        users["lena.nord"],
        neh,
        "Kemikaliesmart förskola",
        "Erfarenheter från tre förskolor som har bytt material och städmetoder.",
        IssueKind.EXCHANGE,
        AskedFor.DIALOGUE,
        "Giftfri miljö",
        20,
        ("SF",),
        (3, 12),
        neh_last,
    )
    answer(chem, True, None, None, None)
    ask(
        representative,
        neh,
        "Klimatfärdplan 2030: uppföljning av åtgärderna",
        "Halvårsuppföljningen av klimatfärdplanens åtgärder per förvaltning.",
        IssueKind.INFORMATION,
        AskedFor.INFORMATION,
        "Koldioxidmålet",
        15,
        (),
        (13,),
    )
    returned = ask(
        representative,
        neh,
        "Laddstolpar för tjänstebilar",
        "Behov av fler laddplatser vid kommunhusen.",
        IssueKind.DIALOGUE,
        AskedFor.INPUT,
        "Klimat- och energifrågor",
        15,
    )
    triage.return_issue(
        coordinator,
        returned,
        returned.version,
        "Vilka förvaltningar berörs? Fyll i berörda förvaltningar och beräknat antal platser.",
    )
    parked = ask(
        users["karin.berg"],
        neh,
        "Gemensam kampanj om matsvinn",
        "En kommunövergripande kampanj under våren.",
        IssueKind.DIALOGUE,
        AskedFor.DIALOGUE,
        "Miljökommunikation",
        20,
        ("BUF", "VOF"),
        (12,),
    )
    triage.park(
        coordinator, parked, parked.version, "Tas upp på temat miljökommunikation nästa termin."
    )
    bikes = ask(
        users["ahmed.hassan"],
        neh,
        "Cykelpool för personal",
        "Förslag om elcyklar för tjänsteresor.",
        IssueKind.DIALOGUE,
        AskedFor.INPUT,
        "Koldioxidmålet",
        10,
    )
    triage.refer(coordinator, bikes, bikes.version, "Arbetsgruppen för hållbara tjänsteresor")
    ask(
        representative,
        neh,
        "Miljödiplomering av förvaltningen",
        "Utkast: ska fler förvaltningar diplomeras?",
        IssueKind.DIALOGUE,
        AskedFor.DIALOGUE,
        "Miljökommunikation",
        20,
        submit=False,
    )

    children = ask(
        users["lena.nord"],
        nsh,
        "Barnrättsbaserade beslut i nämnderna",
        "Ett gemensamt stöd för barnkonsekvensanalyser i tjänsteskrivelser.",
        IssueKind.DIALOGUE,
        AskedFor.DIALOGUE,
        "Barnkonventionen, barnperspektiv",
        40,
        ("SOC", "KFF", "KLF"),
        (4, 10, 16),
        nsh_next,
    )
    answer(children, True, True, True, None)
    triage.schedule(
        coordinator, children, nsh_next, children.version, kind=ItemKind.DIALOGUE, minutes=40
    )
    ask(
        users["johan.strand"],
        nsh,
        "Handlingsplan mot mäns våld mot kvinnor",
        "Remissversion av handlingsplanen: vilka åtaganden tar varje förvaltning?",
        IssueKind.CONSULTATION,
        AskedFor.INPUT,
        "Våldsförebyggande arbete",
        45,
        ("BUF", "VOF", "AMF"),
        (5, 16),
        nsh_later,
    )
    ask(
        users["maria.holm"],
        nsh,
        "Samråd med nationella minoriteter",
        "Information om årets samråd med sverigefinnar och romer.",
        IssueKind.INFORMATION,
        AskedFor.INFORMATION,
        "Nationella minoriteter",
        10,
        (),
        (10, 16),
    )
    rural = ask(
        users["karin.berg"],
        nsh,
        "Bredband på landsbygden",
        "Frågan om bredbandsutbyggnad.",
        IssueKind.INFORMATION,
        AskedFor.INFORMATION,
        "Landsbygdsfrågor",
        10,
    )
    triage.decline(
        coordinator, rural, rural.version, "Hanteras av Tillväxtutskottet, inte av nätverket."
    )


def _held_meeting_question(users, networks, administrations, meetings, areas) -> None:
    """A question that was on the agenda of this semester's first NEH meeting."""
    held = next(
        m for (slug, _), m in meetings.items() if slug == "neh" and m.status == MeetingStatus.HELD
    )
    coordinator = users["coordinator"]
    issue = create_issue(
        users["representative"],
        IssueInput(
            network_id=networks["neh"].id,
            title="Energi- och klimatprogrammet: förvaltningarnas åtgärder 2027",
            description="Varje förvaltning beskriver sina tre viktigaste åtgärder.",
            kind=IssueKind.DIALOGUE,
            asked_for=AskedFor.DIALOGUE,
            work_area_id=areas["Koldioxidmålet"].id if "Koldioxidmålet" in areas else None,
            estimated_minutes=45,
            affected_ids=[a.id for a in administrations.values()],
            goals=[7, 13],
        ),
        submit=True,
    )
    change_status(issue, IssueStatus.SCHEDULED, coordinator, held.name)
    held.items.insert(
        len(held.items) - 1,
        AgendaItem(
            title=issue.title,
            kind=ItemKind.DIALOGUE,
            allotted_minutes=45,
            issue=issue,
            presenter=users["representative"].name,
        ),
    )
    # The agenda as it was published six days before the meeting: nothing on it changed
    # since. The question stays scheduled: its minutes, not yet written, say what became
    # of it.
    held.published_at = held.starts_at - timedelta(days=6)
    for position, item in enumerate(held.items):
        item.position = position
        item.updated_at = held.published_at - timedelta(days=1)
    db.session.commit()
