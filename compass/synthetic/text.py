"""Words for synthetic niches: hashtag vocabularies, caption templates, handles, nicknames, bios.

Everything here is plain data plus small pure helpers; randomness comes from the caller's generator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

GENERIC_TAGS = ("fyp", "foryou", "foryoupage", "viral", "trending", "fy", "xyzbca", "tiktok")


@dataclass(frozen=True)
class Lexicon:
    """A niche's words. ``tags`` are ordered by popularity (rank 1 first)."""

    tags: tuple[str, ...]
    topics: tuple[str, ...]  # "leg day": fits "my {topic} routine"
    goals: tuple[str, ...]  # "build muscle": fits "3 ways to {goal}"
    things: tuple[str, ...]  # plural noun: fits "5 {things} I wish I knew sooner"
    words: tuple[str, ...]  # short handle words
    roles: tuple[str, ...]  # bio / nickname roles
    emoji: tuple[str, ...]


def _words(s: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(w.strip() for w in s.split(sep))


def _lex(tags: str, topics: str, goals: str, things: str, words: str, roles: str, emoji: str) -> Lexicon:
    fields = (tags, topics, goals, things, words, roles)
    return Lexicon(*(_words(x, "|") for x in fields), emoji=_words(emoji))


LEXICONS: dict[str, Lexicon] = {
    "fitness": _lex(
        "gym|fitness|workout|gymtok|fitnessmotivation|legday|homeworkout|fittok|protein|glutes|"
        "fitnesstips|weightloss|gains|strengthtraining|cardio|mealprep|personaltrainer|abs|"
        "powerlifting|mobility|running|calisthenics|bodybuilding|pilates|creatine|gymgirl|hiit|"
        "fatloss|physique|stretching",
        "leg day|progressive overload|creatine|protein intake|glute training|cardio|mobility work|"
        "deadlifts|home workouts|meal prep|push day|core training",
        "build muscle|lose fat|grow your glutes|fix your posture|get stronger|stay consistent|"
        "hit a new PR|do your first pull-up",
        "exercises|gym mistakes|supplements|warm-ups|high-protein snacks|ab moves|stretches",
        "lifts|fit|strong|gains|gym|sweat|moves|training|reps",
        "Personal Trainer|Fitness Coach|Strength Coach|Online Coach|Lifter|Pilates Instructor",
        "💪 🏋️ 🔥 🥗 🍑 ⏱️",
    ),
    "cooking": _lex(
        "recipe|cooking|foodtok|easyrecipe|food|dinner|baking|healthyrecipes|mealprep|airfryer|"
        "pasta|dessert|breakfast|homecooking|comfortfood|vegan|lunchideas|sourdough|onepotmeal|"
        "cookingtiktok|budgetmeals|snack|chicken|salad|glutenfree",
        "sourdough|weeknight dinners|meal prep|air fryer cooking|pasta night|baking|knife skills|"
        "budget meals|breakfast",
        "cook faster|eat healthier|save money on groceries|bake better bread|meal prep for the week|"
        "impress your guests",
        "recipes|kitchen hacks|pantry staples|sauces|5-ingredient dinners|baking mistakes",
        "eats|kitchen|cooks|bakes|food|chef|table|bites",
        "Home Cook|Chef|Recipe Developer|Baker|Food Blogger",
        "🍝 🥘 🍳 🧁 🌶️ 😋",
    ),
    "beauty": _lex(
        "makeup|skincare|beauty|makeuptutorial|grwm|skincareroutine|beautytok|makeuphacks|"
        "glowingskin|acne|nails|hair|haircare|lipstick|foundation|eyeliner|drugstoremakeup|spf|"
        "selfcare|skintok|nailart|curlyhair|lashes|contour",
        "skincare|my morning routine|drugstore makeup|SPF|curly hair care|nail art|winged liner|"
        "foundation matching",
        "clear your skin|make your makeup last|grow your hair|fix cakey foundation|glow up",
        "products|makeup mistakes|skincare steps|drugstore dupes|hair tools|lip combos",
        "glow|beauty|glam|makeup|skin|lashes|looks",
        "Makeup Artist|Esthetician|Beauty Creator|Hair Stylist|Nail Tech",
        "💄 ✨ 💅 🧴 💋 🌸",
    ),
    "gaming": _lex(
        "gaming|gamer|gamingtiktok|fortnite|minecraft|valorant|callofduty|twitch|streamer|"
        "gamingclips|ps5|xbox|nintendo|roblox|apexlegends|pcgaming|gamingsetup|clips|esports|"
        "leagueoflegends|speedrun|retrogaming",
        "ranked|my gaming setup|aim training|speedrunning|patch notes|retro games|controller settings",
        "rank up faster|improve your aim|build a gaming PC|win more games|get better at building",
        "settings|games|tips|clips|hidden details|builds",
        "plays|gamer|gg|clips|pixel|noob|respawn|lag",
        "Streamer|Content Creator|Pro Player|Gamer",
        "🎮 🕹️ 🔥 😂 👾 🏆",
    ),
    "finance": _lex(
        "money|personalfinance|investing|moneytok|financetok|budgeting|stocks|financialfreedom|"
        "sidehustle|savingmoney|investingforbeginners|crypto|realestate|retirement|creditscore|"
        "passiveincome|taxes|debtfree|frugal|wealth",
        "budgeting|index funds|credit scores|side hustles|emergency funds|taxes|Roth IRAs",
        "save more money|pay off debt|start investing|build credit|retire early|stop overspending",
        "money mistakes|side hustles|budget apps|investing rules|money habits",
        "money|cash|wealth|invest|budget|finance|coin",
        "CPA|Financial Educator|Investor|Money Coach|Personal Finance Nerd",
        "💸 📈 💰 🏦 🧾 🤑",
    ),
    "travel": _lex(
        "travel|traveltok|travelgram|wanderlust|vacation|traveltips|bucketlist|europe|roadtrip|"
        "beach|solotravel|budgettravel|hiddengems|italy|japan|hiking|travelhacks|airport|"
        "digitalnomad|vanlife|cityguide",
        "solo travel|packing|travel hacks|airport lounges|hidden gems|road trips|budget travel",
        "travel cheaper|pack lighter|find cheap flights|travel solo|plan the perfect trip",
        "travel hacks|packing mistakes|hidden gems|places|cheap destinations",
        "travels|wander|roams|abroad|trips|away|passport",
        "Travel Creator|Digital Nomad|Travel Blogger|Photographer",
        "✈️ 🌍 🏝️ 🧳 📍 🗺️",
    ),
    "comedy": _lex(
        "comedy|funny|humor|skit|relatable|memes|lol|comedytiktok|prank|funnyvideos|sketch|"
        "standup|parody|jokes|fail|roast|storytime|improv",
        "work meetings|family dinners|roommates|first dates|group chats|Mondays",
        "survive Monday|win an argument|get out of plans|make it to Friday",
        "types of people|things|coworkers|excuses|red flags",
        "funny|lol|jokes|laughs|skits|bits",
        "Comedian|Actor|Professional Overthinker|Sketch Writer",
        "😂 🤣 💀 😭 🙃 🎭",
    ),
    "pets": _lex(
        "dog|cat|pets|dogsoftiktok|catsoftiktok|puppy|kitten|petsoftiktok|dogtraining|goldenretriever|"
        "rescuedog|cute|animals|frenchie|doglover|catlover|puppytraining|adoptdontshop",
        "puppy training|leash walking|cat behavior|rescue life|grooming|pet food",
        "train your puppy|stop leash pulling|help a shy rescue|keep your cat entertained",
        "training tips|dog toys|pet hacks|cat habits|grooming mistakes",
        "paws|pup|doggo|kitty|woof|meow|pets",
        "Dog Trainer|Rescue Mom|Vet Tech|Cat Dad|Pet Parent",
        "🐶 🐱 🐾 🦴 ❤️ 🥺",
    ),
}


def lexicon_for(name: str) -> Lexicon:
    """The niche's lexicon; an unknown niche gets one built around its own name."""
    key = re.sub(r"[^a-z0-9]", "", name.lower()) or "niche"
    if key in LEXICONS:
        return LEXICONS[key]
    title = re.sub(r"[^\w ]+", "", name).strip() or key  # no punctuation: it would split caption sentences
    return Lexicon(
        tags=(
            key,
            f"{key}tok",
            f"{key}tips",
            f"{key}life",
            f"{key}community",
            f"learn{key}",
            "howto",
            "tips",
            "routine",
            "beginner",
            "hacks",
            "motivation",
            "dailyvlog",
            "explore",
            f"{key}101",
            "tutorial",
            "lifehacks",
            "learnontiktok",
        ),
        topics=(title, f"{title} basics", f"my {title} setup", f"{title} for beginners"),
        goals=(f"get better at {title}", f"start with {title}", "stay consistent", "level up"),
        things=("tips", "mistakes", "tools", "habits", "ideas"),
        words=(key[:10], "daily", "life", "hq", "club"),
        roles=(f"{title} Creator", f"{title} Nerd", "Creator", "Coach"),
        emoji=("✨", "🔥", "👇", "📌", "💡"),
    )


FIRST = _words(
    "mia emma olivia ava sophia isabella luna chloe zoe lily grace ella nora maya aria leah jade "
    "ruby sara nina tess kim jess amy kate liam noah ethan mason lucas leo jack ryan dan sam max alex "
    "ben tom jake luke owen eli kai theo omar ivan marco diego raj arjun wei jin yuki hana tariq amara "
    "zara priya lena"
)
LAST = _words(
    "smith johnson lee garcia brown miller davis wilson moore taylor anderson thomas martin clark "
    "lewis walker young king wright lopez hill scott green adams baker nelson carter rivera kim "
    "nguyen patel khan silva rossi"
)
CITIES = (
    "NYC",
    "LA",
    "London",
    "Toronto",
    "Sydney",
    "Austin",
    "Chicago",
    "Miami",
    "Berlin",
    "Dublin",
    "Manila",
    "Lagos",
    "Dubai",
    "Madrid",
    "Seattle",
    "Denver",
    "Atlanta",
    "Melbourne",
    "Paris",
)
ADJ = _words(
    "Golden Midnight Electric Summer Broken Neon Velvet Paper Silver Wild Sweet Lost Crystal Lonely "
    "Cosmic Heavy Slow Bright"
)
NOUN = _words(
    "Hearts Dreams Lights Roads Waves Skies Bones Roses Echoes Nights Fire Rain Ghosts Stars Days "
    "Mirrors Rivers"
)
SOUND_SUFFIX = ("", "", "", " (Sped Up)", " (Remix)", " - Slowed", " (Live)", " (feat. {artist})")

QUESTION = (
    "Did you know this about {topic}?",
    "Why is nobody talking about {topic}?",
    "Are you making these {topic} mistakes?",
    "Want to {goal}?",
    "Is {topic} overrated?",
    "How do you {goal} without burning out?",
    "Which one are you?",
    "Can you really {goal} in 30 days?",
    "What would you add to this {topic} list?",
)
NUMBER = (
    "{n} ways to {goal}",
    "{n} {things} I wish I knew sooner",
    "{n} {topic} tips that actually work",
    "{n} signs you need to rethink your {topic}",
    "{n} {things} you need to try",
    "{day} days of trying to {goal}, here is what happened",
)
IMPERATIVE = (
    "Stop doing this if you want to {goal}",
    "Try this before your next {topic} session",
    "Save this for your next {topic} day",
    "Don't skip this {topic} tip",
    "Watch this before you {goal}",
    "Never make this {topic} mistake again",
)
STATEMENT = (
    "My {topic} routine",
    "This changed how I think about {topic}",
    "Honest thoughts on {topic}",
    "POV: you finally {goal}",
    "Trying to {goal} like",
    "{topic} check",
    "Just a little {topic} for today",
    "Been working on my {topic}",
    "Storytime: the day I decided to {goal}",
)
HOOKS = (QUESTION, NUMBER, IMPERATIVE, STATEMENT)  # index = hook kind; kind 4 = no text, hashtags only
FOLLOW_UPS = (
    "",
    "",
    "Follow for more.",
    "Part 2 coming soon.",
    "Let me know in the comments.",
    "Save this for later.",
    "Tag a friend who needs this.",
    "Link in bio.",
)

BIO_PITCH = ("Helping you {g}", "Daily tips to {g}", "Here to help you {g}")
BIO_CTA = ("👇 free guide", "DM for collabs", "New videos every week", "👇 shop my favorites")
_FIRST_SENTENCE = re.compile(r"\s*([^.!?\n#]*)([.!?\n#]|$)")


def opens_with_question(caption: str | None) -> bool:
    """True when the caption's first sentence (before any ``.``, ``!``, newline or ``#``) ends with ``?``."""
    if not caption:
        return False
    m = _FIRST_SENTENCE.match(caption)
    return bool(m and m.group(2) == "?" and re.search(r"\w", m.group(1)))


def captions(
    rng: np.random.Generator, lex: Lexicon, kinds: np.ndarray, emoji_p: float, hashtags: list[tuple[str, ...]]
) -> list[str]:
    """One caption per video: a hook of the given kind, maybe an emoji and a follow-up, then its hashtags."""
    n = len(kinds)
    r = rng.random((n, 8))
    tpl_n = np.array([len(HOOKS[k]) if k < 4 else 1 for k in kinds])
    tpl = (r[:, 0] * tpl_n).astype(int)
    topic = (r[:, 1] * len(lex.topics)).astype(int)
    goal = (r[:, 2] * len(lex.goals)).astype(int)
    thing = (r[:, 3] * len(lex.things)).astype(int)
    num = 3 + (r[:, 4] * 8).astype(int)
    emo = (r[:, 5] * len(lex.emoji)).astype(int)
    fol = (r[:, 6] * len(FOLLOW_UPS)).astype(int)
    use_emoji = r[:, 7] < emoji_p
    out = []
    for i in range(n):
        tags = " ".join("#" + t for t in hashtags[i])
        if kinds[i] == 4:
            out.append(tags)
            continue
        text = HOOKS[kinds[i]][tpl[i]].format(
            topic=lex.topics[topic[i]],
            goal=lex.goals[goal[i]],
            things=lex.things[thing[i]],
            n=num[i],
            day=num[i] * 10,
        )
        parts = [text[0].upper() + text[1:]]
        if use_emoji[i]:
            parts.append(lex.emoji[emo[i]])
        if FOLLOW_UPS[fol[i]]:
            if not use_emoji[i] and text[-1] not in "?!.":
                parts[0] += "."
            parts.append(FOLLOW_UPS[fol[i]])
        if tags:
            parts.append(tags)
        out.append(" ".join(parts))
    return out


def _b36(x: int, width: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    for _ in range(width):
        x, d = divmod(x, 36)
        s = digits[d] + s
    return s


def handle(rng: np.random.Generator, lex: Lexicon, code: int) -> str:
    """A realistic handle; ``code`` (0 <= code < 36**4, distinct per creator) makes it unique in its niche."""
    first, last, word = rng.choice(FIRST), rng.choice(LAST), rng.choice(lex.words)
    stem = (
        f"{first}.{word}",
        f"{first}_{word}",
        f"{word}with{first}",
        f"the{word}{first}",
        f"{first}{last}",
        f"{first}.{last}",
        f"{word}by{first}",
        f"{first}{word}",
    )[rng.integers(8)]
    stem = re.sub(r"[^a-z0-9._]", "", stem.lower())[:18].strip("._")
    sep = ("", "_", ".")[rng.integers(3)]
    return f"{stem}{sep}{_b36(code, 4)}"


def nickname(rng: np.random.Generator, lex: Lexicon, handle_: str) -> str:
    first = handle_.split(".")[0].split("_")[0]
    first = next((f for f in FIRST if f in first), first).title()
    role = lex.roles[rng.integers(len(lex.roles))]
    return (
        f"{first} {rng.choice(LAST).title()}",
        f"{first} | {role}",
        f"{first} {rng.choice(lex.emoji)}",
        f"Coach {first}" if "Coach" in role else f"{first} ✨",
        handle_,
    )[rng.integers(5)]


def bio(rng: np.random.Generator, lex: Lexicon) -> str:
    lines = [f"{lex.roles[rng.integers(len(lex.roles))]} {rng.choice(lex.emoji)}"]
    if rng.random() < 0.6:
        lines.append(f"📍 {rng.choice(CITIES)}")
    if rng.random() < 0.7:
        goal = lex.goals[rng.integers(len(lex.goals))]
        lines.append(BIO_PITCH[rng.integers(len(BIO_PITCH))].format(g=goal))
    if rng.random() < 0.5:
        lines.append(BIO_CTA[rng.integers(len(BIO_CTA))])
    return "\n".join(lines)


def sound_title(rng: np.random.Generator) -> tuple[str, str]:
    """(title, artist) of a commercial track."""
    first, last = rng.choice(FIRST).title(), rng.choice(LAST).title()
    artist = (f"{first} {last}", f"DJ {first}", f"The {rng.choice(ADJ)} {rng.choice(NOUN)}", f"Lil {first}")[
        rng.integers(4)
    ]
    feat = f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}"
    suffix = SOUND_SUFFIX[rng.integers(len(SOUND_SUFFIX))].format(artist=feat)
    title = f"{rng.choice(ADJ)} {rng.choice(NOUN)}{suffix}"
    return title, artist
