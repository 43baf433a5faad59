"""The demo outlet's English stories: a headline, the first two sentences and the tags.

The rest of each body comes from its desk's stock paragraphs
(:data:`newsdesk.demo.newsroom.BEATS`), picked with a seeded generator so every run
writes the same words. Tag use is deliberately uneven: a few tags carry many posts,
most carry one or two, as on a real news site.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    title: str
    beat: str
    tags: tuple[str, ...]
    lead: str
    detail: str
    by: str = ""  # reporter keys joined by "+", "staff" for the shared byline; "" = the desk's
    hours_ago: float | None = None  # fixed age; otherwise a seeded one within the year
    sticky: bool = False
    excerpt: str = ""
    video: str = ""  # a link alone on its line: the body shows an embed placeholder
    image: bool = True
    language: str = "en"
    category: str = ""  # section slug; "" = the desk's
    body: str = ""  # the whole body, written out; "" = built from the desk's paragraphs


STORIES: tuple[Story, ...] = (
    # --- city hall ---------------------------------------------------------------------
    Story(
        "Council approves next year's budget after a long debate",
        "council",
        ("Eastmere", "City Council", "Budget"),
        "Eastmere City Council approved its budget for the coming year on Tuesday night, "
        "after a session that ran past eleven o'clock.",
        "The plan keeps the main services at their current level and sets aside money for "
        "road repairs and the riverside parks.",
    ),
    Story(
        "What the new city budget means for your street",
        "council",
        ("City Council", "Budget", "Eastmere"),
        "From pothole repairs to library hours, the budget agreed this month touches almost "
        "every street in Eastmere. We read the documents so you do not have to.",
        "The largest single item is street maintenance, followed by parks and the public "
        "library service.",
        hours_ago=20,
        sticky=True,
        excerpt="A street-by-street guide to the budget the council agreed this month: "
        "repairs, parks, libraries and what they cost.",
    ),
    Story(
        "Council votes to extend library opening hours",
        "council",
        ("City Council", "Libraries", "Eastmere"),
        "Every branch library will stay open until eight on weekday evenings from next "
        "month, after a unanimous council vote.",
        "The change follows a survey in which most respondents asked for later opening.",
    ),
    Story(
        "New rules for street markets agreed at city hall",
        "council",
        ("City Council", "Markets"),
        "Street markets will be able to trade on Sundays under new rules agreed by the "
        "council's licensing committee.",
        "Stallholders will also be able to apply for a single licence covering the whole year.",
    ),
    Story(
        "Council sets out a plan for 400 new homes in Northgate",
        "council",
        ("City Council", "Housing", "Eastmere"),
        "A former depot in Northgate could become a neighbourhood of 400 homes, a school and "
        "a small park under plans published by the council.",
        "A public consultation on the design opens next week and runs for eight weeks.",
    ),
    Story(
        "Recycling collections to move to a fortnightly schedule",
        "council",
        ("City Council", "Recycling", "Eastmere"),
        "Household recycling will be collected every two weeks instead of every week, with "
        "larger bins delivered to each home beforehand.",
        "The council says the change will cut lorry journeys by a third.",
    ),
    Story(
        "Volunteers needed to run the autumn community count",
        "council",
        ("City Council", "Volunteers", "Community"),
        "The city is looking for two hundred volunteers to help with its autumn community "
        "count, a door-to-door survey of how residents use local services.",
        "Volunteers will receive training and a small allowance for travel.",
    ),
    Story(
        "Council backs a youth panel to advise on parks",
        "council",
        ("City Council", "Parks", "Community"),
        "Young people aged fourteen to nineteen will be able to join a new panel that "
        "advises the council on the design of parks and playgrounds.",
        "The panel will meet four times a year and present its ideas in public.",
    ),
    Story(
        "City hall opens its doors for heritage weekend",
        "council",
        ("City Council", "Museums", "Eastmere"),
        "The council chamber, the clock tower and the old map room will be open to the "
        "public for free guided tours over the heritage weekend.",
        "Tours run every half hour and places are given out on the day.",
    ),
    Story(
        "Councillors agree a new bridge inspection programme",
        "council",
        ("City Council", "Bridges", "Transport"),
        "All eleven bridges over the Wend will be inspected on a rolling five-year cycle "
        "under a programme agreed by councillors.",
        "The first inspections, of the two oldest stone bridges, begin in the spring.",
    ),
    # --- transport -----------------------------------------------------------------------
    Story(
        "Tram line extension to Southbank gets the green light",
        "transport",
        ("Transport", "Trams", "Eastmere", "City Council"),
        "The tram line will be extended across the river to Southbank, adding four stops "
        "and linking the district to the city centre in twelve minutes.",
        "Construction is expected to take two years.",
    ),
    Story(
        "Night buses return on weekend routes",
        "transport",
        ("Transport", "Buses", "Eastmere"),
        "Night buses will run again on Friday and Saturday nights on the city's three "
        "busiest routes.",
        "Services will leave the central station every thirty minutes until four in the morning.",
    ),
    Story(
        "New protected cycle lane opens along the Wend",
        "transport",
        ("Transport", "Cycling", "River Wend"),
        "A two-kilometre cycle lane separated from traffic by a low kerb opened along the "
        "river on Monday.",
        "The lane links the university with the Old Harbour.",
    ),
    Story(
        "Ferry crossing at the Old Harbour to run all year",
        "transport",
        ("Transport", "River Wend", "Eastmere"),
        "The small passenger ferry between the Old Harbour and Southbank will run through "
        "the winter for the first time.",
        "A covered waiting area is being built on each bank.",
    ),
    Story(
        "Bike-share scheme passes one million journeys",
        "transport",
        ("Transport", "Cycling", "Eastmere"),
        "Eastmere's bike-share scheme recorded its millionth journey this week, three years "
        "after the first bicycles appeared on the streets.",
        "The most popular docking station is outside the central library.",
    ),
    Story(
        "Roadworks on Northgate Road to finish early",
        "transport",
        ("Transport", "Eastmere"),
        "Resurfacing work on Northgate Road will finish a week ahead of schedule, the "
        "transport office said.",
        "Both lanes are expected to reopen on Thursday morning.",
        hours_ago=30,
    ),
    Story(
        "Station forecourt redesign puts pedestrians first",
        "transport",
        ("Transport", "Cycling", "Community"),
        "The forecourt of the central station will be redesigned with wider pavements, "
        "benches and covered cycle parking.",
        "Taxis and drop-offs will move to a side street.",
    ),
    # --- education -----------------------------------------------------------------------
    Story(
        "Schools pilot a longer reading hour",
        "education",
        ("Schools", "Libraries", "Eastmere"),
        "Four primary schools will add twenty minutes of reading to each school day from "
        "next term.",
        "Pupils will choose their own books from a new shared collection.",
    ),
    Story(
        "Pupils build a weather station on the school roof",
        "education",
        ("Schools", "Weather"),
        "Pupils at Millbrook Primary have built a working weather station, and their "
        "readings now appear on a screen in the school hall.",
        "The project was part of a science week run with the university.",
    ),
    Story(
        "Free swimming lessons for every primary pupil",
        "education",
        ("Schools", "Swimming", "Community"),
        "Every primary pupil in the city will be offered ten free swimming lessons a year "
        "under a scheme agreed with the city's pools.",
        "Lessons will take place during the school day.",
    ),
    Story(
        "Adult evening classes fill up in record time",
        "education",
        ("Schools", "Community", "Eastmere"),
        "Places on the city's adult evening classes, from bookkeeping to pottery, were all "
        "taken within two days of opening.",
        "Organisers are adding extra sessions in the spring.",
    ),
    Story(
        "Chess club teaches strategy to the city's youngest players",
        "education",
        ("Schools", "Chess"),
        "A chess club for children aged six to ten now meets in three school libraries every week.",
        "Volunteers from the city chess society run the sessions.",
    ),
    # --- weather -------------------------------------------------------------------------
    Story(
        "Weekend forecast: bright and breezy with a chance of showers",
        "weather",
        ("Weather", "Eastmere"),
        "The weekend will start bright and breezy, with showers moving in from the west on "
        "Sunday afternoon.",
        "Temperatures will reach seventeen degrees in the city centre.",
        by="staff",
        hours_ago=3,
    ),
    Story(
        "Heat warning issued as temperatures climb",
        "weather",
        ("Weather", "Heatwave", "Climate"),
        "A heat warning is in place for Eastmere until Friday, with temperatures expected to "
        "pass thirty-two degrees.",
        "Residents are advised to drink plenty of water and check on elderly neighbours.",
    ),
    Story(
        "First snow of the winter settles on the northern hills",
        "weather",
        ("Weather", "Snow", "Eastmere"),
        "The first snow of the winter settled on the hills north of the city overnight.",
        "Gritting lorries were out on the main roads before dawn.",
    ),
    Story(
        "Storm brings strong gusts to the coast",
        "weather",
        ("Weather", "Storms", "Eastmere"),
        "A storm brought gusts of up to ninety kilometres an hour to the coast on Tuesday, "
        "bringing down branches across the city.",
        "Ferries were suspended for the afternoon.",
        by="staff",
    ),
    Story(
        "Driest spring in twenty years, records show",
        "weather",
        ("Weather", "Climate", "River Wend"),
        "This spring was the driest in Eastmere for twenty years, according to records from "
        "the city's weather station.",
        "The level of the Wend at Millbrook weir is the lowest since records began there.",
    ),
    Story(
        "Fog delays morning ferries on the Wend",
        "weather",
        ("Weather", "River Wend", "Transport"),
        "Thick fog delayed the first ferries of the day on Wednesday, with crossings "
        "resuming shortly after nine.",
        "Visibility on the river fell below fifty metres.",
        by="staff",
    ),
    Story(
        "How the city's weather station has kept records since 1893",
        "weather",
        ("Weather", "Museums", "Climate"),
        "For more than a century, someone has read the instruments at Eastmere's weather "
        "station every morning at nine.",
        "The handwritten ledgers are now being scanned for researchers.",
    ),
    Story(
        "Frost warning for gardeners as nights turn cold",
        "weather",
        ("Weather", "Eastmere"),
        "Gardeners are advised to protect tender plants tonight, with a ground frost likely "
        "in the valley.",
        "The cold spell is expected to last until the weekend.",
        by="staff",
        hours_ago=9,
    ),
    # --- environment ---------------------------------------------------------------------
    Story(
        "Volunteers count sixty bird species on the riverbank",
        "environment",
        ("Parks", "River Wend", "Community"),
        "Volunteers recorded sixty species of bird along the Wend during this year's "
        "riverbank count, five more than last year.",
        "A pair of kingfishers was seen near the weir for the first time in a decade.",
    ),
    Story(
        "Air quality improves on streets closed to through traffic",
        "environment",
        ("Air Quality", "Transport", "Climate"),
        "Air quality has improved on the streets around the Old Harbour since they were "
        "closed to through traffic, a year of measurements shows.",
        "Nitrogen dioxide levels fell by a quarter.",
    ),
    Story(
        "Rooftop beehives arrive at the central library",
        "environment",
        ("Bees", "Libraries", "Eastmere"),
        "Six beehives have been installed on the flat roof of the central library, looked "
        "after by a local beekeeping society.",
        "The first honey is expected next summer.",
    ),
    Story(
        "New wetland park opens at Millbrook",
        "environment",
        ("Wetlands", "Parks", "River Wend", "Eastmere"),
        "A new wetland park with boardwalks and bird hides opened on former farmland at Millbrook.",
        "The wetland also stores floodwater after heavy rain.",
    ),
    Story(
        "City plants two thousand trees in a single weekend",
        "environment",
        ("Parks", "Volunteers", "Climate", "Eastmere"),
        "More than five hundred volunteers planted two thousand young trees in parks and "
        "along streets over the weekend.",
        "Each tree has a tag so residents can help water it through its first summer.",
    ),
    Story(
        "Flood defences: what the council's plan means for the riverside",
        "environment",
        ("City Council", "River Wend", "Climate", "Eastmere"),
        "The council's new flood plan combines raised banks in the city centre with "
        "wetlands upstream that can hold water after storms.",
        "We walked the length of the plan with the engineers who drew it.",
        by="iris+jonah",
        sticky=True,
    ),
    Story(
        "Rebuilding the Riverside: the old warehouses",
        "environment",
        ("River Wend", "Eastmere", "City Council"),
        "The brick warehouses along the Wend once stored grain for half the region. The "
        "first part of our series asks what they should become.",
        "Three of the seven buildings are already being converted into workshops and homes.",
        hours_ago=962,
    ),
    Story(
        "Rebuilding the Riverside: a park on the water",
        "environment",
        ("River Wend", "Parks", "Eastmere"),
        "In the second part of our series, we visit the floating gardens being built on "
        "old barges moored by the Old Harbour.",
        "The gardens will be open to the public from next spring.",
        hours_ago=794,
    ),
    Story(
        "Rebuilding the Riverside: who the river is for",
        "environment",
        ("River Wend", "Community", "Eastmere"),
        "The last part of our series listens to the people who use the river every day: "
        "rowers, anglers, ferry crews and walkers.",
        "Their answers are as varied as the river itself.",
        hours_ago=626,
    ),
    # --- science -------------------------------------------------------------------------
    Story(
        "University team maps the Wend's underground springs",
        "science",
        ("River Wend", "Climate"),
        "Researchers have mapped more than forty springs that feed the Wend from below, "
        "using temperature sensors laid along the riverbed.",
        "The springs keep the river cool in summer, which matters for fish.",
    ),
    Story(
        "Student-built robot wins regional engineering prize",
        "science",
        ("Robotics", "Schools"),
        "A robot that sorts recycling by colour and shape, built by a team of sixth-form "
        "students, has won a regional engineering prize.",
        "The team will now compete in the national final.",
    ),
    Story(
        "Citizen scientists help track the city's hedgehogs",
        "science",
        ("Volunteers", "Parks", "Community"),
        "Hundreds of residents are recording hedgehog sightings in their gardens for a "
        "university study.",
        "Early results suggest that small gaps under fences make a big difference.",
    ),
    Story(
        "Lichens on old walls reveal a century of cleaner air",
        "science",
        ("Air Quality", "Climate"),
        "Lichens growing on the city's old stone walls show how much cleaner the air has "
        "become over the last hundred years.",
        "Some species that vanished in the last century have returned.",
    ),
    Story(
        "Museum opens a gallery of fossils found in the valley",
        "science",
        ("Museums", "Eastmere"),
        "The city museum has opened a gallery of fossils found in the Wend valley, from "
        "ancient shells to the teeth of long-extinct fish.",
        "Many of the fossils were found by amateur collectors.",
    ),
    Story(
        "Seed library helps gardeners save local varieties",
        "science",
        ("Libraries", "Community"),
        "Gardeners can now borrow seeds from the central library and return seeds from "
        "their own harvest at the end of the season.",
        "The collection includes a bean variety grown in the valley for generations.",
    ),
    # --- space ---------------------------------------------------------------------------
    Story(
        "Meteor shower peaks this week: where to watch",
        "space",
        ("Astronomy", "Weather"),
        "One of the year's best meteor showers peaks this week, with up to sixty shooting "
        "stars an hour visible under dark skies.",
        "Clear skies are forecast for Thursday night.",
        hours_ago=44,
    ),
    Story(
        "Observatory's restored telescope sees first light",
        "space",
        ("Astronomy", "Telescopes", "Eastmere"),
        "The brass telescope at the city observatory has been restored and pointed at the "
        "sky again for the first time in thirty years.",
        "Its first target was the moon.",
    ),
    Story(
        "Stargazing evening draws crowds to Riverside Park",
        "space",
        ("Astronomy", "Parks", "Community"),
        "More than a thousand people came to Riverside Park for a stargazing evening, "
        "when the park lights were switched off for two hours.",
        "Volunteers set up twenty telescopes on the lawn.",
    ),
    Story(
        "Why the moon looks bigger near the horizon",
        "space",
        ("Astronomy",),
        "The moon looks enormous when it rises, but measure it and it is the same size as "
        "when it is high in the sky.",
        "The effect is an illusion, and scientists still debate exactly how it works.",
    ),
    # --- arts, books, food ---------------------------------------------------------------
    Story(
        "Film club screens an open movie classic under the stars",
        "arts",
        ("Film", "Festivals", "Community"),
        "The Eastmere film club held an outdoor screening of a short animated film made "
        "and shared freely by an open-source studio.",
        "The film is free to watch online; the link is below.",
        video="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    ),
    Story(
        "Summer festival line-up announced",
        "arts",
        ("Festivals", "Music", "Eastmere"),
        "The summer festival will fill the Old Harbour with music, dance and street food "
        "over three days in July.",
        "Most events are free.",
    ),
    Story(
        "Harbour Theatre reopens after a winter of repairs",
        "arts",
        ("Theatre", "Eastmere"),
        "The Harbour Theatre has reopened after a winter of repairs to its roof and stage.",
        "The first production is a comedy written by a local playwright.",
    ),
    Story(
        "Youth orchestra's first tour takes in five towns",
        "arts",
        ("Music", "Schools"),
        "The Eastmere Youth Orchestra will play in five towns on its first tour this summer.",
        "Sixty young musicians will travel by train with their instruments.",
    ),
    Story(
        "Open studios weekend invites visitors into artists' workshops",
        "arts",
        ("Festivals", "Museums", "Community"),
        "Forty artists will open their studios to visitors over the weekend, from "
        "printmakers to glassblowers.",
        "A free map of the studios is available at the museum.",
    ),
    Story(
        "Poetry month brings verse to buses and trams",
        "books",
        ("Poetry", "Buses", "Trams", "Libraries"),
        "Short poems by local writers will replace advertisements on buses and trams for a month.",
        "Passengers are invited to vote for their favourite.",
    ),
    Story(
        "Book fair returns to the Corn Exchange",
        "books",
        ("Libraries", "Festivals", "Eastmere"),
        "The book fair returns to the Corn Exchange this weekend with sixty stalls of new "
        "and second-hand books.",
        "Entry is free and children's books are half price on Sunday.",
    ),
    Story(
        "Library reading group picks its hundredth book",
        "books",
        ("Libraries", "Community"),
        "The central library's reading group has chosen its hundredth book, eight years "
        "after it first met.",
        "Members voted for a novel about a lighthouse keeper.",
    ),
    Story(
        "Valley flour returns to the city's bakeries",
        "food",
        ("Bakeries", "Markets"),
        "Flour milled in the Wend valley is back in the city's bakeries after a restored "
        "watermill began grinding again.",
        "Bakers say the bread has a deeper, nuttier taste.",
    ),
    Story(
        "Saturday market adds a second square",
        "food",
        ("Markets", "Eastmere", "City Council"),
        "The Saturday market will spread into a second square from next month, making room "
        "for thirty more stalls.",
        "Priority will go to growers from within thirty kilometres.",
    ),
    Story(
        "Harvest supper feeds four hundred at the Corn Exchange",
        "food",
        ("Community", "Festivals", "Volunteers"),
        "Four hundred people sat down together for the annual harvest supper, cooked by "
        "volunteers from produce given by local farms.",
        "Leftovers went to the city's food bank.",
    ),
    # --- sport (the desk files under the shared byline) ----------------------------------
    Story(
        "Eastmere Rovers win the derby in front of a full house",
        "sport",
        ("Football", "Eastmere"),
        "Eastmere Rovers beat their neighbours two goals to one in a lively derby at "
        "Riverside Park.",
        "The winning goal came five minutes from time.",
        hours_ago=26,
    ),
    Story(
        "City marathon route unveiled",
        "sport",
        ("Running", "Eastmere", "Transport"),
        "The route for the first Eastmere marathon follows the river, crosses four bridges "
        "and finishes in the Old Harbour.",
        "Roads along the route will close for the morning.",
    ),
    Story(
        "Rowing crews race on the Wend at the spring regatta",
        "sport",
        ("Rowing", "River Wend"),
        "More than eighty crews raced on the Wend at the spring regatta.",
        "The home club won six of the twelve finals.",
    ),
    Story(
        "Women's football team promoted after unbeaten season",
        "sport",
        ("Football", "Eastmere"),
        "Eastmere Rovers Women have been promoted after a season without a single defeat.",
        "The team scored sixty goals in twenty games.",
    ),
    Story(
        "Outdoor pool reopens with a heated lane",
        "sport",
        ("Swimming", "Parks"),
        "The outdoor pool in Riverside Park has reopened with a heated lane for "
        "early-morning swimmers.",
        "The pool opens at half past six on weekdays.",
    ),
    Story(
        "Park run celebrates its five hundredth Saturday",
        "sport",
        ("Running", "Parks", "Community"),
        "The free five-kilometre park run celebrated its five hundredth Saturday with cake "
        "and a record turnout.",
        "More than six hundred runners and walkers took part.",
    ),
    Story(
        "Youth chess team takes national bronze",
        "sport",
        ("Chess", "Schools"),
        "The city's youth chess team won bronze at the national championships.",
        "The youngest player in the team is nine.",
        image=False,
    ),
)

SERIES_PARTS = (
    "Rebuilding the Riverside: the old warehouses",
    "Rebuilding the Riverside: a park on the water",
    "Rebuilding the Riverside: who the river is for",
)

SCHEDULED = Story(
    "Preview: the lantern parade returns next week",
    "arts",
    ("Festivals", "Community", "Eastmere"),
    "The lantern parade returns to the Old Harbour next week, with more than a thousand "
    "handmade lanterns.",
    "Workshops to make lanterns are open to everyone.",
)

DRAFT = Story(
    "Questions for the harbour master",
    "transport",
    ("Transport", "River Wend"),
    "Notes for an interview about winter ferry services.",
    "To be confirmed: times, crew numbers, waiting shelters.",
    image=False,
)
