"""Who and what the demo outlet is: its settings, people, sections and desks.

Everything here is invented and neutral: a fictional city (Eastmere, on the river
Wend), fictional reporters, quotes attributed to roles rather than to people.
Follow links point at placeholder profiles; the site only links to them.
"""

from __future__ import annotations

from dataclasses import dataclass

OUTLET = {
    "name": "The Daily Ledger",
    "tagline": "Local news, weather and culture from Eastmere",
    "language": "en",
    "copyright_holder": "The Daily Ledger Cooperative",
    "posts_per_page": 10,
}

STAFF_BYLINE = "Staff Writer"
IMAGE_CREDIT = "Illustration: Demo Studio"


@dataclass(frozen=True)
class Reporter:
    key: str
    display_name: str
    bio: str
    palette: str


REPORTERS = (
    Reporter(
        "iris",
        "Iris Calloway",
        "Iris Calloway covers weather, the river and the environment. Before joining the "
        "Ledger she spent six years at a regional forecasting office.",
        "sea",
    ),
    Reporter(
        "jonah",
        "Jonah Whitlock",
        "Jonah Whitlock reports on city hall, transport and schools. He has sat through "
        "more council budget sessions than he cares to count.",
        "slate",
    ),
    Reporter(
        "priya",
        "Priya Lindqvist",
        "Priya Lindqvist is the Ledger's science correspondent, writing about research "
        "at the university, the observatory and the natural world around Eastmere.",
        "dusk",
    ),
    Reporter(
        "theo",
        "Theo Marchetti",
        "Theo Marchetti writes about the arts, books and food, and edits the weekend listings.",
        "ember",
    ),
    Reporter(
        "mina",
        "مینا رهبر",
        "مینا رهبر دبیر بخش فارسی دیلی لجر است و دربارهٔ شهر، فرهنگ و علم می‌نویسد.",
        "saffron",
    ),
)

# Sections, parents before children: (name, slug, parent slug, description).
CATEGORIES = (
    ("News", "news", None, "What is happening in Eastmere."),
    ("City Hall", "city-hall", "news", "The council, its budget and its decisions."),
    ("Transport", "transport", "news", "Buses, trams, roads, bridges and bicycles."),
    ("Education", "education", "news", "Schools, libraries and learning."),
    ("Weather", "weather", None, "Forecasts, records and the seasons."),
    ("Science", "science", None, "Research from the university and beyond."),
    ("Environment", "environment", "science", "The river, the parks and the air."),
    ("Space", "space", "science", "The observatory and the night sky."),
    ("Culture", "culture", None, "Arts, books, food and festivals."),
    ("Arts", "arts", "culture", "Theatre, music, film and museums."),
    ("Books", "books", "culture", "Readings, libraries and new writing."),
    ("Food", "food", "culture", "Markets, bakeries and kitchens."),
    ("Sport", "sport", None, "Results and stories from Eastmere's teams."),
    ("فارسی", "فارسی", None, "خبرهای شهر به زبان فارسی."),
)

TAG_DESCRIPTIONS = {
    "Eastmere": "Everything about the city, from the Old Harbour to Northgate.",
    "City Council": "Meetings, votes and budgets of Eastmere City Council.",
    "Weather": "Forecasts and weather records for Eastmere and the Wend valley.",
    "Transport": "How Eastmere gets around.",
    "Community": "Neighbourhood groups, volunteers and local events.",
}

SERIES = {
    "title": "Rebuilding the Riverside",
    "description": "A three-part look at how Eastmere is reshaping the banks of the Wend.",
}


@dataclass(frozen=True)
class Beat:
    """One desk: where its stories are filed and the stock paragraphs its copy draws on."""

    category: str
    reporter: str
    palette: str
    subheadings: tuple[str, ...]
    paragraphs: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (words, who said them: a role, never a person)
    lists: tuple[tuple[str, tuple[str, ...]], ...]
    closings: tuple[str, ...]


BEATS: dict[str, Beat] = {
    "council": Beat(
        category="city-hall",
        reporter="jonah",
        palette="slate",
        subheadings=("What was decided", "How the vote went", "What happens next"),
        paragraphs=(
            "The proposal was debated for almost two hours before members agreed to "
            "send it forward with a small number of amendments.",
            "Officials said the cost would be spread over three financial years, and "
            "that no existing service would be cut to pay for it.",
            "Residents who spoke during the public comment period raised questions about "
            "timing, parking and the effect on small shops nearby.",
        ),
        quotes=(
            (
                "We have listened to the comments from every district, and the plan "
                "is better for it.",
                "the chair of the council's finance committee",
            ),
            (
                "This is a practical step, and we will report back on it in public.",
                "a spokesperson for the city",
            ),
        ),
        lists=(
            (
                "Key points",
                (
                    "The measure passed on its first reading.",
                    "A second reading is expected next month.",
                    "Public documents are available at the city library.",
                ),
            ),
        ),
        closings=(
            "The full minutes of the meeting will be published on the council's "
            "noticeboard within a week.",
            "The council meets again on the first Tuesday of next month.",
        ),
    ),
    "transport": Beat(
        category="transport",
        reporter="jonah",
        palette="slate",
        subheadings=("What changes for passengers", "The timetable", "Why now"),
        paragraphs=(
            "Transport officials said the change follows a year of passenger counts "
            "that showed crowding at peak hours on the busiest routes.",
            "The work will be carried out mostly at night to keep disruption to a "
            "minimum, with replacement buses where needed.",
            "Cycling groups welcomed the plan but asked for clearer signs at junctions "
            "where bicycle lanes meet the tram tracks.",
        ),
        quotes=(
            (
                "Our aim is simple: a service people can rely on without checking the "
                "timetable twice.",
                "the head of Eastmere's transport office",
            ),
            (
                "We know works are never convenient, so we have planned them in short stages.",
                "an engineer on the project",
            ),
        ),
        lists=(
            (
                "At a glance",
                (
                    "Services start fifteen minutes earlier on weekdays.",
                    "Night buses run on Fridays and Saturdays.",
                    "Printed timetables are free at every library.",
                ),
            ),
        ),
        closings=(
            "Passengers can find updated timetables at stations and on printed "
            "notices at every stop.",
            "A review of the changes is planned after six months.",
        ),
    ),
    "education": Beat(
        category="education",
        reporter="jonah",
        palette="meadow",
        subheadings=("In the classroom", "What parents should know", "Funding"),
        paragraphs=(
            "Teachers said the change would give pupils more time for reading and "
            "practical science, two areas the schools have prioritised this year.",
            "The scheme starts as a pilot in four schools and will be extended if "
            "the first term goes well.",
            "Parents' associations were consulted over the summer and most responses "
            "were positive.",
        ),
        quotes=(
            (
                "Children learn best when they have time to try, fail and try again.",
                "a head teacher in Millbrook",
            ),
            (
                "We wanted every family to hear about this before term begins.",
                "a member of the city's education board",
            ),
        ),
        lists=(
            (
                "Dates for families",
                (
                    "Information evenings are held in each school hall.",
                    "Registration closes at the end of the month.",
                    "The first sessions begin after the autumn break.",
                ),
            ),
        ),
        closings=(
            "Schools will send letters home with further details next week.",
            "The education board will publish a short report at the end of the year.",
        ),
    ),
    "weather": Beat(
        category="weather",
        reporter="iris",
        palette="sky",
        subheadings=("The outlook", "What to expect this week", "Looking ahead"),
        paragraphs=(
            "Forecasters said conditions could change quickly over the higher ground "
            "north of the city and advised walkers to check the outlook before setting off.",
            "Temperatures are expected to stay close to the seasonal average, with the "
            "coolest nights in the valley along the Wend.",
            "Records kept at the city's weather station since the 1890s show that spells "
            "like this are unusual but not unprecedented.",
        ),
        quotes=(
            (
                "It is a good week to keep an umbrella by the door and a jumper in your bag.",
                "the duty forecaster at the regional weather office",
            ),
            (
                "The pattern should settle by the weekend, though the evenings will stay cool.",
                "a meteorologist at the university",
            ),
        ),
        lists=(
            (
                "The forecast",
                (
                    "Monday: bright spells, light winds.",
                    "Tuesday: cloudy with showers in the afternoon.",
                    "Wednesday: clearer, cool overnight.",
                ),
            ),
        ),
        closings=(
            "The next full outlook will be published on Friday morning.",
            "Readers can send their weather photographs to the newsroom.",
        ),
    ),
    "environment": Beat(
        category="environment",
        reporter="iris",
        palette="moss",
        subheadings=("On the riverbank", "What the survey found", "How to take part"),
        paragraphs=(
            "Volunteers spent the morning recording species along a two-kilometre stretch "
            "of the Wend, from the weir at Millbrook to the Old Harbour.",
            "The parks department said the work is part of a ten-year plan to make the "
            "river corridor greener and easier to walk.",
            "Scientists will compare the results with counts taken five years ago to see "
            "how the habitat has changed.",
        ),
        quotes=(
            (
                "Every count adds to a picture that gets clearer each year.",
                "an ecologist with the parks department",
            ),
            (
                "The river is healthier than it was a decade ago, and people notice it.",
                "a volunteer coordinator",
            ),
        ),
        lists=(
            (
                "How to help",
                (
                    "Join a monthly clean-up on the first Saturday.",
                    "Record sightings of birds and insects.",
                    "Keep dogs on a lead near nesting areas.",
                ),
            ),
        ),
        closings=(
            "The next survey is planned for the spring.",
            "Results will be shared at a public talk in the central library.",
        ),
    ),
    "science": Beat(
        category="science",
        reporter="priya",
        palette="dusk",
        subheadings=("The research", "How the study worked", "Why it matters"),
        paragraphs=(
            "The team published its findings after two years of measurements, and says "
            "the results will need to be repeated at other sites.",
            "Students from the university took part in the fieldwork, collecting samples "
            "and logging data in all weather.",
            "The work was funded by a research council grant and the data will be made "
            "available to other researchers.",
        ),
        quotes=(
            (
                "The most exciting results are the ones that raise new questions.",
                "the lead researcher on the project",
            ),
            (
                "We were careful to check each measurement twice before drawing conclusions.",
                "a member of the research team",
            ),
        ),
        lists=(
            (
                "The study in brief",
                (
                    "Two years of measurements.",
                    "More than four hundred samples.",
                    "Data shared openly with other teams.",
                ),
            ),
        ),
        closings=(
            "The university will hold a public lecture on the findings next term.",
            "The researchers plan a second phase of the study next year.",
        ),
    ),
    "space": Beat(
        category="space",
        reporter="priya",
        palette="night",
        subheadings=("Where to look", "At the observatory", "Clear skies"),
        paragraphs=(
            "The best views will be after midnight, away from street lights, with the "
            "eastern horizon clear.",
            "The city observatory will open its dome to visitors, weather permitting, "
            "with volunteers on hand to explain what can be seen.",
            "No special equipment is needed, although binoculars will show more detail.",
        ),
        quotes=(
            (
                "Give your eyes twenty minutes to adjust to the dark and you will see far more.",
                "a volunteer at the city observatory",
            ),
            (
                "The sky is the one exhibition that is free to everyone.",
                "the observatory's education officer",
            ),
        ),
        lists=(
            (
                "Tips for stargazers",
                (
                    "Check the forecast for clear skies.",
                    "Dress warmly, even in summer.",
                    "Use a red light to keep your night vision.",
                ),
            ),
        ),
        closings=(
            "The observatory holds open evenings on the second Friday of each month.",
            "Readers who take photographs of the night sky are welcome to share them.",
        ),
    ),
    "arts": Beat(
        category="arts",
        reporter="theo",
        palette="ember",
        subheadings=("On stage", "Behind the scenes", "Tickets and times"),
        paragraphs=(
            "Rehearsals began in the spring, with a cast drawn from across the city and "
            "a small orchestra of local musicians.",
            "The organisers kept ticket prices low and reserved a number of free seats "
            "for students and first-time visitors.",
            "The venue has been refurbished over the winter, with better seating and an "
            "accessible entrance on the river side.",
        ),
        quotes=(
            (
                "We wanted to make something the whole city could share.",
                "the director of the production",
            ),
            (
                "The audience on opening night was the warmest we have had in years.",
                "a member of the theatre's staff",
            ),
        ),
        lists=(
            (
                "Practical information",
                (
                    "Performances run from Thursday to Sunday.",
                    "Doors open forty minutes before the start.",
                    "Relaxed performances are held on Sunday afternoons.",
                ),
            ),
        ),
        closings=(
            "Tickets are available from the box office and at the door.",
            "The season continues with a programme of new work in the autumn.",
        ),
    ),
    "books": Beat(
        category="books",
        reporter="theo",
        palette="ember",
        subheadings=("The readings", "On the shelves", "For younger readers"),
        paragraphs=(
            "The library has extended its opening hours on weekday evenings and added a "
            "quiet reading room on the first floor.",
            "Writers from the region will read from new work, followed by conversations "
            "with the audience.",
            "The reading group meets monthly and new members are welcome at any time.",
        ),
        quotes=(
            (
                "A library is the city's living room, and we want it to feel that way.",
                "the head librarian",
            ),
            (
                "People still love to hold a book and talk about it with strangers.",
                "an organiser of the book fair",
            ),
        ),
        lists=(
            (
                "This month at the library",
                (
                    "Story time for children on Saturday mornings.",
                    "A poetry workshop on Wednesday evenings.",
                    "A second-hand book sale in the foyer.",
                ),
            ),
        ),
        closings=(
            "All events are free, though some need booking in advance.",
            "The full programme is available at every branch library.",
        ),
    ),
    "food": Beat(
        category="food",
        reporter="theo",
        palette="saffron",
        subheadings=("At the market", "In the kitchen", "The season's produce"),
        paragraphs=(
            "Stallholders arrive before dawn, and by nine the square is busy with "
            "shoppers comparing apples, cheeses and bread.",
            "Several of the city's bakeries now use flour milled in the valley, a "
            "return to a tradition that faded decades ago.",
            "Cooks say the best dishes of the season are the simplest ones, made with "
            "whatever is freshest that morning.",
        ),
        quotes=(
            (
                "People want to know where their food comes from, and they like to meet the grower.",
                "the market's manager",
            ),
            (
                "Good bread needs time more than anything else.",
                "a baker in the Old Harbour",
            ),
        ),
        lists=(
            (
                "In season now",
                (
                    "Early apples and pears.",
                    "Beans, courgettes and tomatoes.",
                    "Fresh herbs from the allotments.",
                ),
            ),
        ),
        closings=(
            "The market is open on Wednesdays and Saturdays from seven until two.",
            "Recipes from readers are welcome at the newsroom.",
        ),
    ),
    "sport": Beat(
        category="sport",
        reporter="",
        palette="meadow",
        subheadings=("The match", "Results", "What comes next"),
        paragraphs=(
            "The home side started brightly and took the lead before half-time, cheered "
            "on by a crowd of more than two thousand.",
            "Both coaches praised the spirit of the game, which was played in good "
            "humour despite the heavy pitch.",
            "The club's youth teams have grown quickly, with more than three hundred "
            "players registered this season.",
        ),
        quotes=(
            (
                "The players gave everything today, and that is all we ever ask.",
                "the club's head coach",
            ),
            (
                "Sport is at its best when it brings the whole neighbourhood together.",
                "a volunteer at the club",
            ),
        ),
        lists=(
            (
                "Fixtures",
                (
                    "Saturday: home match at Riverside Park.",
                    "Wednesday: cup tie away.",
                    "Sunday: youth tournament, all ages.",
                ),
            ),
        ),
        closings=(
            "Tickets for the next home game are on sale at the club shop.",
            "Full results and tables appear in the weekend edition.",
        ),
    ),
}

PAGES = (
    (
        "About",
        "<p>The Daily Ledger is a demonstration news site. The city of Eastmere, the river "
        "Wend and every reporter named here are invented; the stories, pictures and "
        "quotes exist to show what a newsdesk site looks like.</p>"
        "<h2>What you can try</h2>"
        "<ul><li>Browse tag, category, author and date archives.</li>"
        "<li>Read the three-part series <em>Rebuilding the Riverside</em>.</li>"
        "<li>Switch to the Persian section for right-to-left pages.</li>"
        "<li>Log in to the admin to write and publish a post.</li></ul>",
    ),
    (
        "Contact",
        "<p>The newsroom is a fiction, so no one will answer, but this is where a real "
        "outlet would list how to reach it.</p>"
        "<h2>Newsroom</h2>"
        '<p>Email: <a href="mailto:newsroom@example.org">newsroom@example.org</a><br>'
        "Post: 1 Ledger Lane, Eastmere</p>"
        "<h2>Corrections</h2>"
        "<p>If we got something wrong, write to "
        '<a href="mailto:corrections@example.org">corrections@example.org</a>.</p>',
    ),
)

# Placeholder profiles: the site links to them and never loads anything from them.
FOLLOW_LINKS = (
    ("facebook", "https://www.facebook.com/example"),
    ("x", "https://x.com/example"),
    ("telegram", "https://t.me/example"),
    ("instagram", "https://www.instagram.com/example"),
    ("youtube", "https://www.youtube.com/@example"),
)
