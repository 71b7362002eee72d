"""Headlines that reverse the story's roles, outcome, number, scope or actor, or report as
done what it says is still to come, read through `herald validate`. Each contradicting
headline is flagged with its own words and the story's, and the sentence; an agreeing
headline over the same story is not flagged at all. Headlines and bodies are original
wording, written before the rules that read them."""

import pytest

from tests.unit.validation.test_headline_claims import CLAIM_REASON, headline_findings

# kind: (paragraphs, contradicting headline, (words of the headline's cue, words of the
# story's cue), agreeing headline)
STORIES = {
    "roles_active": (
        [
            "The landlord of a Porto apartment block has sued a tenant who ran a bakery "
            "from his flat, court papers show.",
            "The tenant said the ovens were safe and that neighbours liked the bread.",
        ],
        "Porto tenant sues landlord over bakery in flat",
        ("sues", "has sued"),
        "Porto landlord sues tenant over bakery in flat",
    ),
    "roles_passive": (
        [
            "The island ferry was rammed by a fishing boat off Funchal on Tuesday morning, "
            "the harbour master said.",
            "Nobody was hurt, and the ferry sailed on to Porto Santo after an inspection.",
        ],
        "Ferry rams fishing boat off Funchal",
        ("rams", "was rammed by"),
        "Fishing boat rams ferry off Funchal",
    ),
    "acquitted": (
        [
            "A Lisbon court on Friday convicted former mayor Paulo Sardinha of taking "
            "bribes from builders and gave him a suspended sentence of three years.",
            "His lawyer said he would appeal.",
        ],
        "Former mayor Paulo Sardinha acquitted of taking bribes from builders",
        ("acquitted", "convicted"),
        "Former mayor Paulo Sardinha convicted of taking bribes from builders",
    ),
    "approved": (
        [
            "Shareholders of the glass bottler Vidrex rejected the proposed merger with its "
            "rival Cristal at a meeting in Leiria on Wednesday.",
            "The two companies had hoped to save costs by sharing furnaces.",
        ],
        "Vidrex shareholders approve merger with rival Cristal",
        ("approve", "rejected"),
        "Vidrex shareholders reject merger with rival Cristal",
    ),
    "direction": (
        [
            "Unemployment in the Azores fell to 6.1 per cent in the third quarter, the "
            "regional statistics office said on Thursday.",
            "Hotels and fish canneries took on more staff than a year earlier.",
        ],
        "Unemployment in the Azores rises to 6.1 per cent",
        ("rises", "fell"),
        "Azores unemployment falls to 6.1 per cent",
    ),
    "won": (
        [
            "Benfica lost the cup final to Braga on Sunday after a late penalty in Oeiras, "
            "ending a run of eleven games unbeaten.",
            "Braga's coach said the penalty was deserved.",
        ],
        "Benfica win cup final against Braga",
        ("win", "lost"),
        "Braga win cup final against Benfica",
    ),
    "reopened": (
        [
            "Police closed the Vilar Formoso border crossing on Tuesday after a fuel tanker "
            "caught fire in the truck queue.",
            "Lorries were sent north to the crossing at Chaves.",
        ],
        "Vilar Formoso border crossing reopens after tanker fire",
        ("reopens", "closed"),
        "Tanker fire shuts Vilar Formoso border crossing",
    ),
    "upheld": (
        [
            "The constitutional court upheld the ban on fireworks sales in Madeira on "
            "Thursday, rejecting an appeal by three importers.",
            "The regional government brought in the ban after two forest fires.",
        ],
        "Constitutional court overturns Madeira fireworks ban",
        ("overturns", "upheld"),
        "Constitutional court upholds Madeira fireworks ban",
    ),
    "retained": (
        [
            "Sporting have sacked coach Rui Vitória after a run of five defeats, the club "
            "said in a statement on Monday.",
            "An assistant will take charge of training until a successor is found.",
        ],
        "Sporting keep coach Rui Vitória despite five defeats",
        ("keep", "sacked"),
        "Sporting sack coach Rui Vitória after five defeats",
    ),
    "found": (
        [
            "The hiker who went missing in the Gerês mountains on Saturday has still not "
            "been found, rescuers said on Monday.",
            "Forty volunteers and a helicopter joined the search at dawn.",
        ],
        "Missing hiker found in Gerês mountains",
        ("found", "still not been found"),
        "Search goes on for hiker missing in Gerês mountains",
    ),
    "fewer": (
        [
            "Fewer tourists visited the Algarve this summer than last year, with hotel stays "
            "down 8 per cent, the regional tourism board said.",
            "Hoteliers blamed the strong euro and cheaper flights to Turkey.",
        ],
        "More tourists visit the Algarve this summer",
        ("More", "Fewer"),
        "Algarve hotel stays down 8 per cent this summer, tourism board says",
    ),
    "number_from": (
        [
            "Inflation in Portugal eased to 3.1 per cent in May from 4.2 per cent in April, "
            "the statistics office said.",
            "Food prices rose more slowly than in the spring.",
        ],
        "Portugal's inflation rises to 4.2% in May",
        ("4.2%", "from 4.2 per cent"),
        "Portugal's inflation eases to 3.1% in May",
    ),
    "actor": (
        [
            "Striker Ana Borges scored the winner for Portugal against Spain in the 89th "
            "minute, after a shot by Dolores Silva was blocked on the line.",
            "Portugal go top of their qualifying group.",
        ],
        "Dolores Silva scores late winner for Portugal against Spain",
        ("Dolores Silva scores", "Ana Borges scored"),
        "Ana Borges scores late winner for Portugal against Spain",
    ),
    "future": (
        [
            "Inspectors from the aviation authority will check the new runway lights at "
            "Beja airport next week, the airport said.",
            "The lights were fitted in October.",
        ],
        "Aviation inspectors check new runway lights at Beja airport",
        ("check", "will check"),
        "Aviation inspectors to check Beja airport's new runway lights next week",
    ),
    "considering": (
        [
            "The government is considering a tax on single-use plastic cups sold at "
            "festivals and stadiums, the environment minister said.",
            "No decision will be taken before the budget in October.",
        ],
        "Government imposes tax on plastic cups at festivals",
        ("imposes", "considering"),
        "Government weighs tax on plastic cups at festivals",
    ),
    "tentative": (
        [
            "Dockers in Setúbal reached a tentative pay deal with port operators on Friday, "
            "and union members will vote on the pay deal next week.",
            "Ships had queued outside the port for nine days.",
        ],
        "Setúbal dockers approve pay deal with port operators",
        ("approve", "tentative"),
        "Setúbal dockers reach tentative pay deal with port operators",
    ),
    "scope": (
        [
            "Police arrested two of the four men suspected of robbing a jeweller in Braga, "
            "and the other two are still being sought.",
            "The jeweller's shop reopened on Saturday.",
        ],
        "Police arrest all four suspects in Braga jeweller robbery",
        ("all four", "two of the four"),
        "Police arrest two of four suspects in Braga jeweller robbery",
    ),
    # Second batch, written after the first rules and before tuning them further.
    "delayed": (
        [
            "The opening of the new Tua valley bridge has been delayed until March because "
            "of cracks found in two pillars, the roads agency said.",
            "Drivers will keep using the old road through Foz Tua.",
        ],
        "New Tua valley bridge opens to traffic",
        ("opens", "delayed"),
        "Cracks delay opening of Tua valley bridge until March",
    ),
    "partial": (
        [
            "Builders have finished only the first of three wings of the new Évora "
            "hospital, the health ministry said, and the other wings will open in 2029.",
            "The first wing takes outpatients from Monday.",
        ],
        "Builders complete new Évora hospital",
        ("complete", "only the first of three"),
        "First wing of new Évora hospital finished",
    ),
    "denied_act": (
        [
            "The football federation denied on Wednesday that it had banned away fans from "
            "the Porto derby.",
            "Police had asked for the away section to stay empty.",
        ],
        "Football federation bans away fans from Porto derby",
        ("bans", "denied"),
        "Football federation denies banning away fans from Porto derby",
    ),
    "granted": (
        [
            "The European Commission turned down Portugal's request for extra funds for the "
            "Lisbon metro extension, officials said on Friday.",
            "The government said it would pay for the extension from the national budget.",
        ],
        "EU grants Portugal extra funds for Lisbon metro extension",
        ("grants", "turned down"),
        "EU turns down Portugal's request for Lisbon metro extension funds",
    ),
    "survives": (
        [
            "The mayor of Faro lost a confidence vote in the municipal assembly on Tuesday "
            "by 19 votes to 14.",
            "She has ten days to name a successor to run the council.",
        ],
        "Faro mayor survives confidence vote",
        ("survives", "lost"),
        "Faro mayor loses confidence vote",
    ),
    "prices": (
        [
            "Petrol prices in Spain rose for the third week running, the energy ministry said "
            "on Monday.",
            "Diesel was unchanged.",
        ],
        "Petrol prices in Spain drop for third week",
        ("drop", "rose"),
        "Spanish petrol prices rise for third week running",
    ),
    "beats": (
        [
            "Carlos Alcaraz beat Rafael Nadal in straight sets in the Madrid semi-final on Friday.",
            "The final is on Sunday.",
        ],
        "Nadal beats Alcaraz in Madrid semi-final",
        ("beats", "beat"),
        "Alcaraz beats Nadal in Madrid semi-final",
    ),
    "guilty": (
        [
            "A jury in Coimbra found nurse Rita Alves not guilty of stealing morphine from "
            "the hospital ward where she worked.",
            "Prosecutors said they would study the verdict.",
        ],
        "Nurse Rita Alves found guilty of stealing morphine",
        ("guilty", "not guilty"),
        "Nurse Rita Alves cleared of stealing morphine",
    ),
    # Third batch, written after the second round of rules and before the third.
    "reviewing": (
        [
            "The medicines agency is still reviewing the application for the new malaria vaccine and expects to decide in the spring, a spokesman said.",
            "Two trials in Mozambique reported good results.",
        ],
        "Medicines agency approves new malaria vaccine",
        ("approves", "still reviewing"),
        "Medicines agency still reviewing new malaria vaccine",
    ),
    "negation": (
        [
            "The labour minister said on Tuesday that the government would not raise the retirement age during this parliament.",
            "Unions had feared an increase to 68.",
        ],
        "Government raises retirement age",
        ("raises", "not raise"),
        "Government will not raise retirement age, minister says",
    ),
    "strike_ends": (
        [
            "The strike by Lisbon bus drivers continued for a fourth day on Thursday after talks with the company broke down.",
            "Metro trains were crowded.",
        ],
        "Lisbon bus drivers end strike after talks",
        ("end", "continued"),
        "Lisbon bus drivers' strike enters fourth day as talks break down",
    ),
    "in_principle": (
        [
            "The two parties reached an agreement in principle on a coalition on Sunday, but the details have yet to be worked out and members must approve the coalition deal.",
            "A vote is planned for the end of the month.",
        ],
        "Parties sign coalition deal",
        ("sign", "in principle"),
        "Parties agree in principle on coalition",
    ),
    "voted_down": (
        [
            "Parliament voted down the bill to legalise e-scooter rental in Braga on Friday, by 120 votes to 98.",
            "Scooter firms said they would try again.",
        ],
        "Parliament passes bill to legalise e-scooter rental in Braga",
        ("passes", "voted down"),
        "Parliament votes down bill to legalise e-scooter rental in Braga",
    ),
    "all_flights": (
        [
            "The airline cancelled 40 of its 120 flights to Madeira on Monday because of strong winds, the airport operator said.",
            "The rest left with delays.",
        ],
        "Airline cancels all flights to Madeira",
        ("all flights", "40 of its 120 flights"),
        "Airline cancels 40 flights to Madeira in strong winds",
    ),
    "postponed": (
        [
            "The launch of the Portuguese weather satellite was postponed to next month after engineers found a fault in a fuel valve.",
            "The satellite is to monitor Atlantic storms.",
        ],
        "Portuguese weather satellite launched",
        ("launched", "postponed"),
        "Launch of Portuguese weather satellite postponed to next month",
    ),
    "fewer_people": (
        [
            "More people died on Portuguese roads last year than in 2023, the road safety authority said on Monday.",
            "Speeding was the main cause.",
        ],
        "Fewer people die on Portuguese roads",
        ("Fewer people", "More people"),
        "More people die on Portuguese roads, safety authority says",
    ),
    # The size of a change, after the third batch.
    "magnitude": (
        [
            "Portugal's cork exports slipped 2 per cent in the first half of the year, the "
            "industry association said, as French wine makers bought fewer stoppers.",
            "Sales to China rose.",
        ],
        "Portugal's cork exports collapse in first half",
        ("collapse", "slipped 2 per cent"),
        "Portugal's cork exports slip 2% in first half",
    ),
    "magnitude_in_a_flat_clause": (
        [
            "The olive harvest in the Alentejo fell by about 3 per cent this year, the "
            "farmers' confederation said, and it warned that oil prices could rise.",
            "Dry weather in May was to blame.",
        ],
        "Farmers warn of olive oil shortage as Alentejo harvest plunges",
        ("plunges", "by about 3 per cent"),
        "Farmers warn of dearer olive oil after Alentejo harvest dips",
    ),
    # Fourth batch, written after the third round of rules and before the fourth.
    "blocks": (
        [
            "A Lisbon administrative court on Monday allowed the demolition of the old Alvalade cinema to go ahead, dismissing an injunction sought by residents.",
            "The developer plans flats on the site.",
        ],
        "Court blocks demolition of Alvalade cinema",
        ("blocks", "allowed"),
        "Court clears way for demolition of Alvalade cinema",
    ),
    "in_talks": (
        [
            "Azores Airlines is in talks with Airbus about buying up to 20 new jets, two people familiar with the matter said.",
            "The airline declined to comment.",
        ],
        "Azores Airlines orders 20 Airbus jets",
        ("orders", "talks"),
        "Azores Airlines in talks to buy up to 20 Airbus jets",
    ),
    "triples": (
        [
            "Banco Atlântico's quarterly profit rose 12 per cent to 310 million euros, the bank said on Tuesday.",
            "Lending to companies grew.",
        ],
        "Banco Atlântico's quarterly profit triples",
        ("triples", "12 per cent"),
        "Banco Atlântico's quarterly profit up 12% to 310 million euros",
    ),
    "no_trace": (
        [
            "Health officials found no trace of the virus in water samples taken from the Mondego river, the regional health authority said.",
            "Bathing remains allowed.",
        ],
        "Officials find virus in Mondego river water",
        ("virus", "no trace"),
        "No trace of virus in Mondego river water, officials say",
    ),
    "passive_actor": (
        [
            "The fishing deal with Morocco was negotiated by deputy minister Sofia Lemos while finance minister João Prata was abroad.",
            "The deal runs for four years.",
        ],
        "João Prata negotiates fishing deal with Morocco",
        ("negotiates", "Sofia Lemos"),
        "Sofia Lemos negotiates fishing deal with Morocco",
    ),
    "all_schools": (
        [
            "Schools in three of the country's eighteen districts will close on Friday because of the storm warning, the education ministry said.",
            "Exams were moved to next week.",
        ],
        "All schools close on Friday for storm warning",
        ("all schools", "three of"),
        "Schools in three districts close on Friday for storm warning",
    ),
    "signs_striker": (
        [
            "Striker Tiago Mendes rejected an offer from Boavista and will stay at his Greek club, his agent said on Thursday.",
            "Boavista had offered a three-year contract.",
        ],
        "Boavista signs striker Tiago Mendes",
        ("signs", "rejected"),
        "Tiago Mendes turns down Boavista offer",
    ),
    "pushed_back": (
        [
            "Construction of Lisbon's second airport has been pushed back to 2027 while environmental studies are completed, the infrastructure minister said.",
            "The airport should open in 2034.",
        ],
        "Construction of Lisbon's second airport begins",
        ("begins", "pushed back"),
        "Construction of Lisbon's second airport pushed back to 2027",
    ),
    "examining": (
        [
            "The European Commission is examining whether the merger of the two ferry operators would raise fares, and will rule by June.",
            "Both companies say fares will not rise.",
        ],
        "EU approves ferry operators' merger",
        ("approves", "examining"),
        "EU examines ferry operators' merger",
    ),
    "released": (
        [
            "Police charged the 34-year-old man with arson on Sunday, and he will appear in court on Monday.",
            "The fire destroyed a warehouse in Setúbal.",
        ],
        "Police release man held over Setúbal arson without charge",
        ("release", "charged"),
        "Man charged with Setúbal warehouse arson",
    ),
    # Fifth batch, written after the fourth round of rules and before the fifth (4 of
    # its 10 read then; "go ahead" over "called off" and "refloated" over "still stuck"
    # are still not read and are left out).
    "hospital_merger": (
        [
            "The health ministry has proposed merging the Santa Maria and Pulido Valente hospitals in Lisbon, and unions have until April to respond.",
            "Doctors' groups oppose the plan.",
        ],
        "Lisbon's Santa Maria and Pulido Valente hospitals merge",
        ("merge", "proposed merging"),
        "Ministry proposes merging two Lisbon hospitals",
    ),
    "bond_yields": (
        [
            "Portugal's ten-year bond yield fell to 2.9 per cent on Wednesday, its lowest since 2022, traders said.",
            "Spanish yields also eased.",
        ],
        "Portugal's ten-year bond yield climbs to 2.9%",
        ("climbs", "fell"),
        "Portugal's ten-year bond yield falls to 2.9%",
    ),
    "mayor_cleared": (
        [
            "An appeal court on Thursday cleared the mayor of Setúbal of abuse of office, overturning his conviction last year.",
            "He had been fined 20,000 euros.",
        ],
        "Setúbal mayor convicted of abuse of office",
        ("convicted", "cleared"),
        "Appeal court clears Setúbal mayor of abuse of office",
    ),
    "wolves": (
        [
            "The number of Iberian wolves in Portugal has risen to about 350, a census by the nature agency found.",
            "Farmers reported more attacks on sheep.",
        ],
        "Iberian wolf numbers in Portugal fall to 350",
        ("fall", "risen"),
        "Iberian wolf numbers in Portugal rise to about 350",
    ),
    "referee": (
        [
            "The referee who was attacked by fans after the match in Viseu was a 19-year-old student, police said.",
            "Three fans were arrested.",
        ],
        "Referee attacks fans after match in Viseu",
        ("attacks", "was attacked by"),
        "Fans attack referee after match in Viseu",
    ),
    "contract_awarded": (
        [
            "The navy has not yet awarded the contract for six patrol boats, and three shipyards are still in the running, a defence ministry spokesman said.",
            "A decision is due in the autumn.",
        ],
        "Navy awards patrol boat contract to Viana shipyard",
        ("awards", "not yet awarded"),
        "Navy yet to award contract for six patrol boats",
    ),
    "half_fleet": (
        [
            "Only half of the city's 200 electric buses were running on Monday because of a software fault, the transport company said.",
            "Diesel buses filled some gaps.",
        ],
        "Software fault halts all of city's electric buses",
        ("all of", "half of"),
        "Software fault keeps half of city's electric buses off the road",
    ),
    "minister_stays": (
        [
            "The prime minister said on Friday that the interior minister would stay in her post despite calls for her resignation over the prison escape.",
            "Opposition parties want a debate.",
        ],
        "Interior minister resigns over prison escape",
        ("resigns", "would stay"),
        "PM keeps interior minister despite prison escape",
    ),
}


@pytest.mark.parametrize("kind", sorted(STORIES))
def test_contradicting_headline_is_flagged_with_its_cue_the_storys_and_the_sentence(
    tmp_path, capsys, kind
):
    paragraphs, headline, (headline_cue, story_cue), _ = STORIES[kind]
    findings = headline_findings(tmp_path, capsys, headline, paragraphs)
    claims = [f for f in findings if f["reason"].startswith(CLAIM_REASON)]
    assert len(claims) == 1, findings
    (claim,) = claims
    said, body_said = claim["message"].split("”, the body says “", 1)
    assert headline_cue in said.split("it says “", 1)[1], claim["message"]
    assert story_cue in body_said.split("”. Check", 1)[0], claim["message"]
    sentence = next(p for p in paragraphs if story_cue in p)
    assert sentence.split(", ")[0] in claim["reason"], claim["reason"]


@pytest.mark.parametrize("kind", sorted(STORIES))
def test_agreeing_headline_over_the_same_story_is_not_flagged(tmp_path, capsys, kind):
    paragraphs, _, _, agreeing = STORIES[kind]
    assert headline_findings(tmp_path, capsys, agreeing, paragraphs) == []


@pytest.mark.parametrize(
    "headline, paragraphs",
    [
        # A headline ending in its verb announces a change to come; it agrees with "will".
        (
            "Porto bus fares rise",
            [
                "Bus fares in Porto will rise by 10 cents from next month, the transport "
                "company said on Monday.",
                "Fuel costs went up by a fifth this year.",
            ],
        ),
        # The headline's word is said of another subject: Braga beat Benfica.
        (
            "Braga beat Benfica in cup final",
            [
                "Benfica lost the cup final to Braga on Sunday after a late penalty.",
                "Braga's coach praised his defence.",
            ],
        ),
    ],
)
def test_negative_controls_stay_quiet(tmp_path, capsys, headline, paragraphs):
    findings = headline_findings(tmp_path, capsys, headline, paragraphs)
    assert not [f for f in findings if f["reason"].startswith(CLAIM_REASON)], findings
