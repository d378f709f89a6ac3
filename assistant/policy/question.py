"""What a message says before any retrieval: its language, its facts, and whether it
describes an incident rather than asks about a rule.

Plain functions over text, no models: cheap, predictable and easy to test.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUESTION_CHARS = 1000  # the engine reads this much of a message; more is not a question

# Common English words: a message with letters but none of these is not in English.
_ENGLISH = frozenset(
    "a about after all allowed am an and any are as at be been being but by can could "
    "did do does doing for friend from get got had has have he her him his how i if "
    "in is it its me my no not of on or our she should so some than that the their "
    "them then there they this to up us was we were what when where which who why "
    "will with would yes you your ok okay pupil pupils staff teacher parent parents "
    "child school head".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40}
_AGE = re.compile(
    r"\b(?:aged?|age of|is|are|who'?s|she'?s|he'?s|they'?re|i'?m|i am|turn|turned|turns|turning|"
    r"just)\s+(?:(?:now|only|actually|already|currently|still|just|all)\s+)?(\d{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r")(?:\s*-?ish)?\b(?!\s*(?:mins?|minutes?|hours?|hrs?|days?|weeks?|months?|%|pm|am)\b)|"
    r"\b(\d{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r")\s*(?:-|\s)?(?:yrs?|years?)(?:\s*-?\s*old)?\b(?!\s+(?:ago|back|later|before|since))"
    r"|\b(\d{1,2})\s*yo\b|(?:[,(]|\b(?:sons?|daughters?|kids?|child|boys?|girls?|lads?|"
    r"nieces?|nephews?|brothers?|sisters?|bro|sis)'?s)\s*(\d{1,2}) now\b|"
    r"\bin (?:their|his|her) ([2-5]0)'?s\b|\bgrown[- ]?up (?:now)?,? ?(?:like |about |around )?"
    r"(\d{1,2})\b|"
    r"\b(?:pupils?|students?|kids?|boys?|girls?|lads?) now (\d{1,2})\b(?! ?(?:mins?|minutes?|"
    r"hours?|hrs?|days?|weeks?|months?|%|pm|am|of)\b)|"
    r"\bin (?:their|his|her) (twenties|thirties|forties)\b",
    re.IGNORECASE,
)

PLATFORMS = {
    "facebook": ("facebook", "fb", "face book", "messenger"),
    "instagram": ("instagram", "insta", "ig", "instagramm"),
    "twitter": ("twitter", "tweet", "x.com"),
    "snapchat": ("snapchat", "snap", "snapchatting", "snapchatted"),
    "tiktok": ("tiktok", "tik tok"),
    "whatsapp": ("whatsapp", "whats app", "whatsap", "whatsapping", "whatsapped"),
    "youtube": ("youtube", "you tube"),
    "linkedin": ("linkedin", "linked in"),
}

_PLATFORM_WORDS = frozenset(w for words in PLATFORMS.values() for w in words if w.isalpha())
_PLATFORM_WORD = "(?:" + "|".join(sorted(_PLATFORM_WORDS)) + ")"

# Describing something that has happened or is happening, or asking to report it.
_DONE = (
    r"(?:messaging|msging|msg'?ing|facetiming|sending|posting|threatening|bullying|adding|"
    r"friending|contacting|harassing|following|dm[-']?ing|texting|sharing|taunting|abusing|"
    r"chatting|snapchatting|liking|"
    r"commenting|asking (?:for )?(?:her|him|them)|picking on|ganging up on|being (?:nasty|mean|"
    r"horrible|vile|rude)|taking (?:photos|pics|pictures|videos?)|filming|watching|making (?:fake|"
    r"nasty|horrible|mean|rude|fun)|asking (?:my |the |our )?"
    r"(?:class|kids|children|pupils|girls|boys)\b)"
)
_INCIDENT = re.compile(
    r"\b(?:"
    + "|".join(
        (
            r"i(?:'m| am) (?:worried|concerned|scared)",
            r"i(?: have|'?ve)? (?:seen|saw|spotted|noticed|found|heard|received|caught)|"
            r"i got(?! (?:the|a|my|this) (?:job|post|role))",
            r"^\s*(?:just )?(?:saw|seen|spotted|noticed|found|heard|caught) ",
            r"(?:has|have|had) (?:posted|put|written|shared|commented|added)",
            # ("do i need to tell anyone?" asks a duty)
            r"(?<!do i )(?<!do we )(?:want|need|would like|wish) to (?:report|disclose|raise|tell)",
            r"report(?:ing)? (?:a|an|this|some|my)|make a (?:report|disclosure)|disclos(?:e|ure)",
            r"(?:is|are|has been|have been|(?:'?ve|'?s) been|been|keeps?|kept|was|were|started|"
            r"s?he'?s|they'?re) " + _DONE,
            r"(?:is|are|being|been|was|got|getting) (?:bullied|threatened|harassed|groomed|abused|"
            r"targeted|picked on|wound up)",
            r"(?:has|have) been (?:nasty|mean|horrible|vile|rude|cruel|awful)",
            r"(?:has|have|'s|'ve) been on (?:\w+ )?(?:" + _PLATFORM_WORD + r"|(?:her|his|their) "
            r"phones?)\b",
            r"(?:s?he|they) (?:was|were) (?:on|using) (?:\w+ )?" + _PLATFORM_WORD + r"\b",
            r"caught (?:a|an|one of (?:my|the|our)|some|two|three) ",
            r"threatened (?:me|us|to)|(?:slag|slagging|slagged) (?:\w+ ){0,2}off",
            r"(?:getting|got|gets|been given) (?:loads of |so much |a lot of |some )?(?:grief|"
            r"abuse|stick|hassle|hate)\b",
            r"(?:getting|got|gets) (?:really |very |so |a bit )?(?:nasty|horrible|vile|abusive|out "
            r"of hand)\b",
            r"(?:saying|says|said|writing|write|writes|wrote|posting|posted) (?:horrible|nasty|"
            r"mean|vile|awful|rude|horrid|bad) (?:things|stuff|comments)\b",
            r"(?:gonna|going to|will) (?:destroy|ruin|expose|name and shame)\b",
            r"(?:tried|trying|try|tries) (?:to )?(?:add|adding|follow|following|friend|friending)"
            r" (?:me|him|her|his|their|(?:mr|mrs|miss|ms|sir) [a-z]+)\b",
            # a member of staff on their phone where children are ("was scrolling fb on her
            # phone in the hall", "was on insta on her phone in the playground")
            r"(?:was|were) (?:scrolling|on (?:\w+ ){0,2}?(?:her|his|their) (?:own )?(?:phones?|"
            r"mobiles?))\b",
            r"\bbullying (?:my|our) |\bganging up on (?:my|our|her|him|them|a|the) ",
            r"(?:getting|got|gets|had|received|receives?|receiving) (?:\w+ ){0,3}?(?:nasty|"
            r"horrible|mean|vile|cruel|abusive|hurtful|threatening) (?:messages|msgs|texts|"
            r"comments|snaps|whatsapps|dms)\b",
            r"calling (?:her|him|them) (?:fat|ugly|stupid|thick|weird|smelly|a loser)\b",
            r"(?:got|get|gets|getting) (?:round|around|past) the (?:filter|firewall|blocks?)\b",
            r"(?:gonna|going to|will|(?:s?he|they)'?ll) '?sort (?:me|us|you|her|him) out\b",
            r"calling (?:\w+ ){0,3}?(?:names|a liar)\b",
            r"\b(?:(?<!\bi )(?<!\bwe )(?<!\bto )put|posted|shared|uploaded) (?:some |loads of )?"
            r"(?:pics|photos|pictures|videos?|"
            r"clips?|an? (?:pic|photo|picture|video|clip)) of (?:the |our |my |his |her )?(?:kids|"
            r"children|pupils|class|son|daughter|him|her|them)\b",
            r"(?:made|set up|started) an? (?:\w+ )?(?:group|chat|page|account) (?:just )?"
            r"(?:to|for) "
            r"(?:pick on|bully|laugh at|slag|make fun)",
            r"(?:someone|somebody)(?:'?s| has)? left an? ",
            r"pretending to be (?:a |an )?(?:\d+|kid|child|young|girl|boy)",
            r"asked (?:my|her|his|our|a|the) (?:\w+ )?for (?:photos|pics|pictures|nudes|selfies)",
            # the asker has told already ("reported a teacher to the head last wk")
            r"(?:^\W*|(?:i|we|i'?ve|ive|i have|we'?ve|already|just) )reported (?:a|an|the|my|this|"
            r"our|it|him|her)\b",
            r"(?:still|keeps?) (?:going on|happening)|(?:it'?s|its|it is) still going\b",
            r"(?:got|get|gets|was|were|been) caught\b",
            r"(?:someone|somebody|a parent|a colleague|a pupil|an?(?: \w+)? (?:mum|mom|dad|"
            r"parent)) (?:has )?(?:just )?(?:put|posted|wrote)\b",
            r"posted (?:about|a|on|in|under|photos|pics|pictures)",
            r"commented (?:on|under) (?:the|our) (?:school|class)",
            r"sent (?:me|him|her|my|a|them) ",
            # what someone did, or does, to a child: "followed him", "adds the kids on snap"
            r"(?:added|followed|friended|messaged|contacted|texted|dm'?d|snapchatted|airdropped|"
            r"(?:still )?(?:adds|follows|friends|messages|texts|dms|snapchats|chats (?:to|with)))"
            r" (?:him|her|them|my|our) ",
            r"(?:teachers|staff|tas|of them) still (?:follow|add|message|text|like) "
            r"(?:him|her|them|my|our) ",
            r"(?:liked|commented on|likes|comments on) (?:his|her|their) ",
            r"sent (?:[\w']+ ){1,3}?an? (?:friend |follow )?request",
            # (a parent asking for the asker's number is not: "one of the mums asked for my
            # number"; one asking for a child's is)
            r"(?:(?:asking|asked|asks) (?:me )?for (?:her|his|their)|(?<!\bmums )(?<!\bmum )"
            r"(?<!\bdads )(?<!\bdad )(?<!\bparent )(?<!\bparents )(?:asking|asked|asks) (?:me )?"
            r"for my) (?:snap\w*|insta\w*|number|username|address)",
            r"(?:adds|follows|friends|messages|texts|dms|contacts|snapchats) (?:the |our |some |"
            r"loads of )?(?:kids|children|pupils|students)\b",
            r"(?:got|gets?|getting|received|had) (?:a |an |some |loads of )?(?:\w+ )?(?:dms?|"
            r"messages?|msgs?|texts?|whatsapps?|snaps?|comments?|(?:friend |follow )?requests?) "
            r"(?:on (?:\w+ ){1,2})?(?:from|off)\b",
            r"accepted (?:his|her|their|my|our|an?) (?:\w+ )?(?:friend |follow )?req(?:uest)?s?\b",
            r"showed (?:them|him|her|my|the (?:kids|class|children)) ",
            r"accepted (?:him|her|them) on\b",
            r"gave (?:him|her|them|my \w+) (?:his|her|their) (?:own )?(?:personal )?(?:mobile|"
            r"phone|number|snap\w*|insta\w*)",
            # photos taken on a personal phone, which staff must not do
            # (not what the asker would do: "can i take pics ... on my phone")
            r"(?:took|taken|takes|filmed|films|recorded|records|"
            r"(?<!\bi )(?<!\bwe )(?<!\bto )(?<!\bme )(?<!\bcan )(?<!\bjust )take|"
            r"(?<!\bim )(?<!\bi'm )(?<!\bam )(?<!\bbe )taking) "
            r"(?:[\w']+ ){0,8}?(?:on|with) (?:his|her|their|my) (?:own |personal )?"
            r"(?:phone|iphone|mobile)",
            r"(?:put|posted|shared|uploaded) (?:an? |some )?(?:pics?|photos?|pictures?|videos?|"
            r"clips?) (?:[\w']+ ){0,6}?on (?:his|her|their) (?:own |personal )?" + _PLATFORM_WORD,
            r"(?:has|have|got) (?:\w+ ){0,3}?(?:kids|children|pupils|students|(?:year|yr|y) ?"
            r"\d+s?) as (?:friends|followers)",
            r"(?:is|are) (?:\w+ )?(?:friends|connected) with (?:loads of |lots of |some |a few |"
            r"all |an? |one of )?(?:the |our |my )?(?:kids|children|pupils|students|lads?|boys?|"
            r"girls?|(?:year|yr|y) ?\d)",
        )
    )
    + ")",
    re.IGNORECASE,
)
# Who did it, and to whom: an adult's conduct towards a child is a disclosure. A title and
# a name ("mr hughes") is an adult here; so is a parent helper, a lunchtime supervisor or a
# mum's boyfriend.
_STAFF_ADULT = (
    r"colleagues?|teachers?|staff|member of staff|tas?|teaching assistants?|head ?teacher|head|"
    r"coach(?:es)?|governors?|volunteers?|lsas?|hltas?|learning support assistants?|(?:club )?"
    r"leaders?|instructors?|\w+ club (?:man|men|woman|women|lady|ladies|guy|bloke)|(?:parent )?"
    r"helpers?|supervisors?|(?:dinner|lunch) lad(?:y|ies)|"
    r"middays?|workers?|caretakers?|cleaners?|cooks?|secretary|receptionists?|trainees?|student "
    r"teachers?|tutors?|(?:mr|mrs|miss|ms|sir) [a-z]+|(?:lady|man|woman|bloke|guy|someone) who "
    r"(?:works?|helps?) (?:in|at) (?:the )?(?:school )?(?:school|kitchen|office)|(?:lady|ladies|"
    r"man|men|woman|women|bloke|guy|someone) who (?:does|do|runs?|takes?|helps? (?:at|with)) "
    r"(?:the )?(?:school |after ?school )?(?:\w+ )?(?:club|clubs|class|group|team)\b"
)
_ADULT = re.compile(
    r"\b(" + _STAFF_ADULT + r"|adults?|(?:mum|mom|mam)'?s (?:new )?(?:boyfriend|partner)|step ?"
    r"dad|step ?father|grown[- ]?ups?|grown (?:man|men|woman|women|adults?)|(?:a|some|this|that|"
    r"random|old(?:er)?) (?:man|woman|bloke|guy)|someone (?:she|he|they) met online|strangers?)\b",
    re.IGNORECASE,
)
_A_MEMBER_OF_STAFF = re.compile(r"\b(?:" + _STAFF_ADULT + r")\b", re.IGNORECASE)
_CHILD = re.compile(
    r"\b(pupils?|child(?:ren)?|kids?|students?|learners?|(?:step ?|grand)?(?:sons?|daughters?)|"
    r"grandkids?|grandchild(?:ren)?|girls?|boys?|lads?|twins?|nieces?|nephews?|"
    r"(?:netball|football|rugby|hockey|cricket|athletics|cross country|sports?) (?:squad|team)s?|"
    r"(?:little|baby|younger|kid) (?:brother|sister|bro|sis)|"
    r"(?:my|our|his|her) (?:class|eldest|youngest|oldest)|"
    r"(?:pics?|photos?|pictures?|videos?|vids?|clips?) of (?:the|their) class|"
    r"(?:y|yr|year) ?\d+s?|\d+ ?(?:yr|year)s?[- ]?olds?|\d+ ?yos?)\b",
    re.IGNORECASE,
)

# A child named only to say whose parent or teacher someone is ("a dad from yr 4", "a
# pupil's mum", "the yr1 teacher"): a parent's conduct towards staff is not a disclosure.
_A_CHILDS_PARENT = re.compile(
    r"\b(?:(?:a|the|one of the|my) (?:pupil|child|kid|student)'?s'? (?:parents?|mums?|dads?|"
    r"carers?)|(?:mums?|dads?|parents?|mothers?|fathers?|carers?) (?:from|of|in) (?:my |the |"
    r"our )?(?:(?:year|yr|y) ?\d+|reception|class \d+|(?:sons?|daughters?|kids?|child)'?s? "
    r"(?:old )?class)(?: class)?|(?:year|yr|y) ?\d+ (?:class )?"
    r"(?:teacher|ta|teaching assistant)s?)\b",
    re.IGNORECASE,
)
# A parent (or someone) saying things online about a member of staff ("another mum is
# slagging off mr t on fb, saying he shouldnt be allowed near kids"): conduct towards staff,
# whatever children the words name; not when what they say is an adult's conduct towards a
# child ("a dad rang saying a teacher has been dming his 10 yr old") or an age someone online
# claims ("someone on roblox saying hes 11").
# (a former partner only posting: "my partner says im overthinking it" is no such thing)
_POSTS_ONLINE = (
    r"post(?:s|ed|ing)?|put(?:s|ting)?|comment(?:s|ed|ing)?|call(?:s|ed|ing)?|slag(?:s|ged|"
    r"ging)?|writ(?:e|es|ing)|wrote|threaten(?:s|ed|ing)?"
)
_SAYS_ABOUT_STAFF = re.compile(
    r"(?:\b(?:mums?|moms?|dads?|parents?|carers?|someone|somebody|people)\b(?: [\w']+){0,5}? "
    r"(?:" + _POSTS_ONLINE + r"|sa(?:y|ys|ying|id)|messag(?:es|ed|ing) me)|\b(?:my|her|his) "
    r"(?:ex|ex-?(?:husband|wife|partner))\b(?: [\w']+){0,5}? (?:" + _POSTS_ONLINE + r"))"
    r"\b(?! (?:that )?(?:s?he'?s|hes|shes|they'?re|(?:(?:a|the|her|his|their|our|one "
    r"of (?:the|our|my)) (?:\w+ )?)?(?:" + _STAFF_ADULT + r")(?: (?:has|had|is|was|keeps?))?"
    r"(?: been)? \w+(?:ing|ed)\b))",
    re.IGNORECASE,
)
_ME = re.compile(r"\b(?:me|i'?m|i am)\b", re.IGNORECASE)
# An adult named only as the one to tell ("should she tell her teacher"), as the school
# answering ("the head says she'll warn all the parents") or as who is not asking ("asking
# as a mum not staff"): not who did it.
_TOLD_TO = re.compile(
    r"\b(?:tell|told|telling|speak to|spoke to|talk to|talked to) (?:her|his|their|the|my|your|a) "
    r"(?:class )?(?:teacher|head(?: ?teacher)?|ta)\b|\bnot (?:a )?(?:staff|teacher|member of "
    r"staff)\b|\b(?:the )?head(?: ?teacher| of year)? (?:says|said|has said|replied|reckons)\b",
    re.IGNORECASE,
)
# The asker's own role ("what am i meant to do, im only a trainee"), and what the asker did
# themselves ("im a TA and ive been messaging a yr6 boy"): see escalation().
_ASKERS_ROLE = re.compile(
    r"\b(?:i'?m|i am|as)(?: only| just)? an? (?:[\w-]+ ){0,2}?(?:" + _STAFF_ADULT + r")\b",
    re.IGNORECASE,
)
_I_DID = re.compile(
    r"\bi(?:'?ve| have| had| was|'?m| am)? (?:been |just |also |accidentally )?(?:messag\w*|"
    r"text\w*|sent|send\w*|add\w*|follow\w*|friend\w*|accept\w*|took|tak(?:e|es|ing)|film\w*|"
    r"post\w*|shar\w+|gave|giv(?:e|ing)|snapchat\w*|dm\w*|contact\w*|lik(?:e|ed|ing)|comment\w*|"
    r"chat\w*)\b",
    re.IGNORECASE,
)

_OUTSIDE_HOURS = re.compile(
    r"\b(after school|after work|out of (?:school|work) hours|outside (?:of )?(?:school|work|"
    r"lesson)s?(?: hours| time)?|evenings?|at night|weekends?|holidays?|hols|half[- ]?term|"
    r"saturdays?|sundays?|(?:mon|tues|wednes|thurs|fri)day (?:night|evening)s?|at home|when "
    r"(?:all )?the (?:kids|children|pupils) (?:have )?(?:all )?(?:gone|left)|pupils are off site|"
    r"(?:gone|went) home|"
    r"after (?:pick ?up|home ?time|the (?:last )?bell|hours|(?:half )?(?:three|four|five|six)|"
    r"[4-9]\b(?![.:]?\d| ?am| (?:weeks?|days?|months?|years?|yrs?|mins?|minutes?|hours?|hrs?|"
    r"times?|of)\b)|"
    r"[3-6](?:[.:][0-5]\d(?: ?pm)?| ?pm))|(?:[5-9]|1[01])(?:[.:][0-5]\d)? ?pm|once school "
    r"(?:has |is )?(?:finished|over|closed))\b",
    re.IGNORECASE,
)
_IN_HOURS = re.compile(
    r"\b(in class|lessons?|teaching|during (?:the )?(?:school )?day|school day|work ?time|at "
    r"work|on duty|working day|break ?time|(?:lunch|dinner) ?(?:time|break|hour)|(?:my|morning|"
    r"afternoon) break|play ?time|ppa(?: time)?|free period|in school hours|school hours)\b",
    re.IGNORECASE,
)
# Working time that is not teaching ("in my PPA", "at lunch", "on my break"): a rule for
# lesson time does not apply then.
_OUT_OF_LESSONS = re.compile(
    r"\b(?:ppa|free period|(?:my|morning|afternoon|lunch|coffee|tea) break|break ?time|"
    r"(?:at|during|over|in) (?:my |the )?lunch(?: ?time| hour)?|(?:lunch|dinner) ?time|"
    r"play ?time)\b",
    re.IGNORECASE,
)
# Looking after pupils ("while watching the kids at lunch"): wherever that is, pupils are there.
_SUPERVISING = re.compile(
    r"\b(?:watching|supervising|minding|looking after) (?:the )?(?:kids|children|pupils|class)\b",
    re.IGNORECASE,
)
# Pupils around, whatever the time ("kids still waiting to be collected", "at after school
# club", "on the playground", or looking after them): a rule for "where pupils are" applies.
_PUPILS_PRESENT = re.compile(
    _SUPERVISING.pattern + r"|"
    r"(?<!\bno )\b(?:kids|children|pupils|students)\b(?: \w+)?? (?:are |is )?(?:still )?(?:waiting|"
    r"around|about|here|there|present|on site|in the room|playing|being collected|with "
    r"(?:me|us))\b|"
    # (not who someone is friends or chats with: "a teacher was friends with kids on fb")
    r"(?<!friends )(?<!friend )(?<!mates )(?<!chatting )(?<!connected )"
    r"\b(?:with|around|in front of) (?:the )?(?:kids|children|pupils|class)\b|"
    r"\b(?:while|when|whilst) (?:the )?(?:kids|children|pupils|class) (?:are|is) "
    r"(?:in\b(?! (?:the )?(?:assembly|lunch|hall|pe|swimming|church|bed|forest school))|(?:doing|"
    r"busy|working|reading|writing|getting on)\b)|"
    r"(?<!after )\bafter[- ]school club\b(?! (?:has |is )?(?:finished|ended|over|done))|"
    r"\bbreakfast club\b|"
    r"\b(?:on|in|at) the (?:playground|field|yard|dinner hall|lunch hall)\b|\bon (?:playground|"
    r"yard|gate|lunch|dinner) duty\b|\b(?:at|during) (?:the )?(?:after[- ]school )?(?:netball|"
    r"football|sports day|swimming)\b",
    re.IGNORECASE,
)
# ...unless they have gone ("in the playground once all the kids have gone").
_PUPILS_GONE = re.compile(
    r"\b(?:kids|children|pupils|class)\b (?:have |has |had |are |is )?(?:all )?(?:gone|left|"
    r"(?:been )?(?:collected|picked up))\b|\b(?:every|each) ?(?:kid|child|pupil|one|body)"
    r"(?: has|'s|s| is) (?:gone|left|(?:been )?(?:collected|picked up))\b|"
    r"\bpupils are off site\b|\b(?:kids|children|pupils)\b (?:aren'?t|are not|arent) (?:due|"
    r"(?:in|here|back|there) yet)\b",
    re.IGNORECASE,
)
# Somewhere pupils are not ("in the staffroom", "in my car at lunch"): a rule for "where
# pupils are" does not apply there.
_AWAY_FROM_PUPILS = re.compile(
    r"\b(?:(?:in|from) (?:the )?staff ?room|(?:in|from) (?:the )?ppa room|(?:in|from) my car|"
    r"away from (?:the )?(?:kids|children|pupils|class)|no (?:kids|children|pupils) (?:are )?"
    r"(?:around|about|there|present|in the room)|(?:on my own|by myself|alone) in (?:the |my )?"
    r"(?:class ?room|room)|(?:kids|children|pupils|class) (?:are |is )?(?:all )?(?:in|at|out at|"
    r"away at) (?:assembly|play ?time|lunch|pe|swimming|forest school|church))\b",
    re.IGNORECASE,
)
# An emergency ("if someone gets hurt can i ring for help on my mobile"): the policy's words
# for it ("such as in emergency circumstances") decide, wherever they are.
EMERGENCY = re.compile(
    r"\b(?:emergenc(?:y|ies)|(?:call|ring|phone|get) (?:for )?help|999|ambulance|(?:gets?|got|"
    r"is|was|been) (?:hurt|injured)|injur(?:y|ies|ed)|(?:has|had|have) an accident|(?:something|"
    r"anything) (?:goes|went|has gone) wrong)\b",
    re.IGNORECASE,
)
_SCHOOL_DEVICE = re.compile(
    r"\b(?:school|class|classroom|staff ?room|nursery|office|library|hall|ict suite)(?:'s)? "
    r"(?:laptop|computer|pc|ipad|tablet|phone|camera|equipment|device)s?\b|"
    r"\b(?:work|work-provided) (?:laptop|computer|pc|phone|ipad|camera|device)s?\b|"
    r"\b(?:school |office |the )?landline\b|\bschool (?:gave|gives|has given|provided|provides|"
    r"issued) (?:us|me|them) (?:a |an )?(?:mobile|phone|ipad|tablet|laptop)\b",
    re.IGNORECASE,
)
_PERSONAL_DEVICE = re.compile(
    r"\b(?:my|own|personal|private) (?:own )?(?:mobile|phone|iphone|laptop|macbook|chromebook|ipad|"
    r"tablet|device|camera|watch)s?\b|\b(?:use|using) mine\b",
    re.IGNORECASE,
)
# A personal device used as a tool for the class ("my phone as a timer in lessons", "play
# music off my phone in pe"): the rule on using one directly with learners.
_WITH_LEARNERS = re.compile(
    r"\bas (?:an?|the) (?:\w+ )?(?:timer|stop ?watch|tuner|metronome|calculator|visuali[sz]er|"
    r"speaker)\b|"
    r"\b(?:timer|stop ?watch|tuner|metronome) (?:app )?on (?:my|his|her) (?:own )?(?:phone|mobile)|"
    # ("plug my own laptop into the board")
    r"\bplug(?:ging)? (?:my|his|her) (?:own )?(?:phone|mobile|iphone|laptop|macbook|chromebook|"
    r"ipad|tablet) (?:in(?:to)?|to) (?:the |a )?(?:(?:interactive|smart|white) ?)?(?:board|"
    r"projector|screen|tv|speaker)s?\b|"
    # (the asker's doing, not "a kid playing on my phone")
    r"(?:\b(?:i|we|u|to|me) (?:just )?(?:play|show|put on|stream)\b(?: [\w']+){0,5}?|^\W*(?:music|"
    r"songs?|tracks?|videos?|vids?|clips?)\b(?: [\w']+){0,2}?) (?:off|from|on|thru|through) (?:my|"
    r"his|her) (?:own )?(?:phone|mobile|iphone|laptop|ipad|tablet)\b",
    re.IGNORECASE,
)
# A messaging group a member of staff would run with pupils or families ("set up a whatsapp
# group with the netball parents"): the rule on contacting them from one's own device.
_GROUP_CHAT = re.compile(
    r"\b(?:set(?:ting)? ?up|setup|mak(?:e|es|ing)|start(?:s|ing)?|creat(?:e|es|ing)|run(?:s|ning)?|"
    r"open(?:s|ing)?|hav(?:e|ing)|do(?:ing)?|allowed|thinking of) (?:a |an |our |my |the )?"
    r"(?:[\w']+ )?(?:whats ?app|wa|messenger|snap ?chat|snap|group ?chat|text)\b(?: group| chat)?"
    r"(?: [\w']+){0,6}? (?:with|w|for) (?:the |my |our |all |some |a few )?(?:[\w']+ ){0,2}?"
    r"(?:parents|mums|moms|dads|families|carers|kids|children|pupils|girls|boys|class|team|"
    r"players|them|(?:year|yr|y) ?\d)\b|"
    r"\b(?:whats ?app|messenger|snap ?chat) group with (?:me|us) in it\b",
    re.IGNORECASE,
)
# Selling, advertising, fundraising or campaigning ("can i put my etsy link on the school fb",
# "share my justgiving with the class parents", "ive got spaces for new students"): the rule
# against personal financial interests and campaigns answers it, not the one on naming the
# school with the head's permission. Raising money for the school itself is not that, nor is
# plugging a laptop into the board.
_PROMOTION = re.compile(
    r"\b(?:advertis(?:e|ing)|adverts?|plug(?! (?:[\w']+ ){0,3}?in(?:to)?\b)|flog|promote|promo|"
    r"sell|selling(?! page)|petitions?|campaign\w*|justgiving|gofundme|fundrais\w*|"
    r"sponsored (?:walk|swim|run|ride|silence)|sponsor me|bookings|clients|customers|"
    r"spaces (?:for|left|available)|etsy|flyers?|paid camp)\b|£\s?\d",
    re.IGNORECASE,
)
_FOR_THE_SCHOOL = re.compile(
    r"\b(?:pta|friends of (?:the )?school|school (?:fair|fete|fund))\b", re.IGNORECASE
)
# A device named only to be set aside ("from the landline rather than my mobile", "i dont
# have a school ipad"), or only as where a photo is sent on to ("a pic on my phone and send
# it to the class ipad").
_SET_ASIDE = re.compile(
    r"\b(?:(?:rather than|instead of|not|(?:better|worse|quicker|easier|faster|nicer|clearer) "
    r"than|had to use|(?:do ?n'?t|haven'?t) (?:have|got)(?: an?| any)?)\s+(?:on |from |using |"
    r"with )?|(?:send|sent|"
    r"upload|transfer|move|airdrop)\w* (?:it |them |\w+ )?(?:to|onto|into|on) )"
    r"(?:the |my |a |our )?$",
    re.I,
)
_OUT_OF_ACTION = re.compile(
    r"\s*(?:is|are|'s|was|were|has|have)?\s*(?:always |often |usually |still |forever )?"
    r"(?:been )?(?:broken|broke|not working|useless|rubbish|no good|"
    r"isn'?t working|not charged|dead|died|flat|lost|missing|playing up|out of (?:battery|"
    r"charge)|being (?:fixed|repaired)|(?:has|have)n'?t got (?:any )?signal|(?:has|have|got) no "
    r"signal)\b",
    re.IGNORECASE,
)
_PERMISSION = re.compile(
    r"\b(?:head(?: ?teacher)?|ht|the head) (?:has |have |had )?(?:(?:said|says) (?:(?:it'?s|"
    r"it is|that'?s|thats) (?:ok|okay|fine|alright)|yes|(?:i|we) (?:can|could|may))|(?:given|"
    r"gave|granted) "
    r"(?:me |us )?(?:permission|the (?:ok|go[- ]ahead)|approval)|approved|agreed|okayed|ok'?d|"
    r"signed (?:it )?off)\b|\b(?:with|got|have|had) (?:the )?(?:head(?: ?teacher)?'?s?|ht'?s?) "
    r"(?:permission|approval|ok|go[- ]ahead)\b",
    re.IGNORECASE,
)
# A former pupil ("ex pupil", "my old year 6 kid", "a girl I taught in yr 6", "he left
# hartest last year"): the rules for former pupils under 18 apply, not those for pupils.
_FORMER_PUPIL = re.compile(
    r"\b(?:ex|former|old|past)[- ]?(?:(?:year|yr|y) ?\d+ )?(?:pupils?|students?|kids?|"
    r"child(?:ren)?|learners?)\b|\b(?:i|we) (?:used to teach|taught)\b|\b(?:i|we) (?:supported|"
    r"looked after|worked with|had in my class) (?:\w+ ){0,2}?(?:yrs?|years?|ages) ago\b|"
    r"\b(?:from|in) my old class\b|\bused to be in my (?:\w+ )?(?:class|club|team|group|form)\b|"
    r"\bleft (?:hartest|the school|our school|school|us) (?:last|in|at|this|ages|years|a while|"
    r"(?:\d+|two|three|four|five) ?(?:yrs?|years?|months?|terms?))\b|\bused to "
    r"(?:go to|come to|attend|be at) (?:hartest|our school|this school|the school)\b|\bwent to "
    r"(?:hartest|our school)\b",
    re.IGNORECASE,
)
# Parents and carers as the people asked about ("can teachers be friends with parents on
# fb", "a pupil's mum"), counted only when no other child, age or former pupil is named
# (see extract_facts).
_PARENTS = re.compile(
    r"\b(?:(?:a|the|one of the|my) (?:pupil|child|kid|student)'?s'? )?(?:parents?|mums?|"
    r"mothers?|dads?|fathers?|carers?|grandparents?)\b",
    re.IGNORECASE,
)
# A pupil at this primary school ("a pupil", "year 6 kids", "a girl in my class"): under 12,
# so a rule for those under 13 or 18 applies without asking their age.
_PUPIL_HERE = re.compile(
    r"\b(?:pupils?|(?:y|yr|year) ?[1-6]s?|in reception|reception (?:class|kids?|child(?:ren)?|"
    r"pupils?|boys?|girls?)|(?:in|from|of) my class)\b",
    re.IGNORECASE,
)
# A parent asking about staff contacting them ("can my TA friend me on facebook"): the
# parent in question is the one asking. Their own child named as whose teacher it is ("my
# son's teacher") is not a child asked about.
_CONTACTS_ME = re.compile(
    r"\b(?:friend|add|follow|message|messaging|dm|text|texting|contact|email|ring|call|"
    r"request|accept)(?:e?d|s)? me\b|\bfriends? with me\b",
    re.IGNORECASE,
)
_WHOSE = re.compile(
    r"\b(?:my|our) (?:son|daughter|child|kid|boy|girl)'?s?'? (?=teacher|ta|class|form)",
    re.IGNORECASE,
)
# Another adult at the school as the one befriended or contacted ("can i friend a
# colleague", "friends with a teacher"), counted only when no child, age or former pupil is
# named: the rules for those under 18 are not about them.
_COLLEAGUE = re.compile(
    r"\b(?:friend|friends with|add|adding|follow|following|message|dm|accept|connect with|"
    r"requests? from)\s+(?:(?:a|an|my|our|the|other|another|fellow|some|one of the|one of my|"
    r"all the)\s+)*(?:colleagues?|teachers?|staff|members? of staff|governors?|tas?|teaching "
    r"assistants?|supply(?: teachers?)?|head(?: ?teacher)?|co-?workers?|workmates?|adults?|"
    r"lsas?|dinner lad(?:y|ies)|caretaker|office staff)\b",
    re.IGNORECASE,
)
# A pupil has sent the member of staff a request ("Harry in yr 6 keeps sending me friend
# requests", "a girl in my class tried to add me"), as against asking whether to accept one:
# what must be done about it is the answer (see PolicyEngine._decide).
_REQUEST_SENT = re.compile(
    r"\b(?:sent|sends|send|sending)\s+(?:me|him|her|us)\s+(?:a |an |another |loads of |lots of )?"
    r"(?:\w+ )?(?:friend|follow)\s*req(?:uest)?s?\b|\b(?:got|had|received|getting|get) (?:a |an "
    r"|another )?(?:\w+ )?(?:friend|follow) req(?:uest)?s? from\b|\b(?:tried|trying|tries|try) "
    r"to (?:add|friend|follow) (?:me|him|her|us)\b|\brequested to (?:follow|friend|add) "
    r"(?:me|my)\b|\b(?:got|had|received|getting) (?:a |an |another )?(?:dm|pm|message|msg)s? (?:on "
    r"[\w ]{0,25}?)?from (?:one of )?(?:my|a|the|one)\b",
    re.IGNORECASE,
)
# ...whether to accept it, that is: "havent accepted it" asks what to do about it.
_ACCEPT = re.compile(r"(?<!not )(?<!n't )(?<!nt )\baccept", re.IGNORECASE)
# Whose account a post goes on: the school's own ("the school twitter", "our fb page") or
# the asker's ("my insta", "my personal facebook"). Rules for the school's official
# channels do not answer a question about a personal account, and the other way round.
_PLATFORM_OR_PAGE = (
    r"(?:fb|facebook|twitter|x|insta(?:gram)?|tiktok|youtube|snap(?:chat)?|page|account|acc?t|"
    r"feed|profile|channel|socials|social media|blog)"
)
_OFFICIAL_ACCOUNT = re.compile(
    rf"\b(?:the |our )?school(?:'?s)? (?:own |official )?{_PLATFORM_OR_PAGE}\b|"
    rf"\bofficial (?:school )?{_PLATFORM_OR_PAGE}s?\b",
    re.IGNORECASE,
)
_PERSONAL_ACCOUNT = re.compile(
    rf"\bmy (?:own |personal |private )?{_PLATFORM_OR_PAGE}\b|"
    rf"\b(?:personal|private) {_PLATFORM_OR_PAGE}\b",
    re.IGNORECASE,
)
_FAMILY = re.compile(
    r"\b(niece|nephew|cousin|grand(?:son|daughter|child)|my (?:own )?(?:son|daughter|child|kids?)|"
    r"my (?:own )?(?:boy|girl|lad|little one)(?='s\b| is\b)|"
    r"family|related|relative|godchild|step ?(?:son|daughter)|\w+[- ]in[- ]law|my (?:little |"
    r"big |baby |younger |older )?(?:bro|brother|sis|sister))\b",
    re.IGNORECASE,
)
# A parent's relative on the staff ("my mum is a dinner lady at the school").
_WORKS_THERE = re.compile(
    r"\b(?:teach(?:es|ing)?|works?|working) (?:at|in|for)\b|\b(?:is|'s) (?:a|an|the) (?:teacher|ta|"
    r"teaching assistant|dinner lady|caretaker|cleaner|cook|governor|head|lsa|secretary)\b|"
    r"\b(?:is|'s|s) the (?:caretaker|head|cook|secretary)\b",
    re.IGNORECASE,
)
# ...or a member of staff the parent knew before ("his teacher is an old mate from school",
# "the teacher lives next door").
_STAFF_WE_KNOW = re.compile(
    r"\b(?:teacher|ta|head|coach)\b[\w ]{0,20}?\b(?:is|'s) (?:an? |my |our )?(?:old |best |good |"
    r"close )?(?:mate|friend|neighbou?r)\b|\blives next door\b|\b(?:was|were|went) (?:at |to )?"
    r"school (?:with me|together)\b",
    re.IGNORECASE,
)
# ...or a tie with a pupil's family from before the job, which the policy also asks staff
# to discuss ("i babysit for a reception family", "my best mate's son is in my class").
_KNOWN_BEFORE = re.compile(
    r"\bbabysit\w*|\b(?:best |oldest |old )?(?:mate|friend)'?s'? (?:kids?|son|daughter|boy|girl|"
    r"little (?:boy|girl|one|lad))\b|\bneighbou?r'?s?\b|\b(?:long )?before (?:i|she|he) (?:started|"
    r"worked|joined)\b|\bfrom (?:way )?back\b|\b(?:oldest|best) (?:mate|friend)\b|\b(?:was|were|"
    r"went) (?:at |to )?school (?:with (?:me|her|him)|together)\b|\balready (?:mates|friends) with "
    r"(?:their|his|her|the) (?:mums?|dads?|parents?)\b",
    re.IGNORECASE,
)


# Stated facts by the names annotations use (force_when), and how each is read from Facts.
_STATED = {
    "school_equipment": lambda facts: facts.device == "school",
    "personal_device": lambda facts: facts.device == "personal",
    "working_day": lambda facts: facts.time == "in_hours",
    "outside_hours": lambda facts: facts.time == "outside_hours",
    "official_account": lambda facts: facts.account == "official",
}
STATED_FACTS = tuple(_STATED)


@dataclass(frozen=True)
class Facts:
    """Facts stated in a question that can change which rule applies."""

    age: int | None = None
    platform: str | None = None
    time: str | None = None  # "in_hours" or "outside_hours"
    device: str | None = None  # "school" or "personal"
    permission: bool = False  # the headteacher has given permission
    # a family link, or an older tie, between staff and a pupil ("my nephew is in yr 2"; a
    # parent: "my mum is a dinner lady there")
    family: bool = False
    former_pupil: bool = False  # about someone who has left the school
    pupils_present: bool = False  # pupils are around, whatever the time
    away_from_pupils: bool = False  # somewhere pupils are not, such as the staffroom
    out_of_lessons: bool = False  # working time without teaching: a break, PPA
    parents_only: bool = False  # about parents or carers, with no child or age named
    colleague: bool = False  # about another adult at the school, with no child or age named
    pupil_here: bool = False  # about a pupil at the school, so under 12
    with_learners: bool = False  # a personal device used as a tool for the class
    group_chat: bool = False  # a messaging group the asker would run with pupils or families
    promotion: bool = False  # selling, advertising, fundraising or campaigning, not the school's
    request_received: bool = False  # a pupil has sent the asker a request, not "can I accept?"
    account: str | None = None  # "official" (the school's) or "personal", where one is named
    emergency: bool = False  # someone hurt or help needed now ("ring 999 on my phone")

    def stated(self) -> frozenset[str]:
        """The facts by the names annotations use (``force_when``)."""
        return frozenset(name for name, holds in _STATED.items() if holds(self))

    def merged_over(self, earlier: Facts) -> Facts:
        """These facts, with gaps filled from an earlier question's."""
        return Facts(
            age=self.age if self.age is not None else earlier.age,
            platform=self.platform or earlier.platform,
            time=self.time or earlier.time,
            device=self.device or earlier.device,
            permission=self.permission or earlier.permission,
            family=self.family or earlier.family,
            former_pupil=self.former_pupil or earlier.former_pupil,
            pupils_present=self.pupils_present or earlier.pupils_present,
            away_from_pupils=self.away_from_pupils or earlier.away_from_pupils,
            out_of_lessons=self.out_of_lessons or earlier.out_of_lessons,
            parents_only=self.parents_only,  # "what about their parents?" asks about them
            colleague=self.colleague,
            pupil_here=self.pupil_here or earlier.pupil_here,
            with_learners=self.with_learners or earlier.with_learners,
            group_chat=self.group_chat or earlier.group_chat,
            promotion=self.promotion or earlier.promotion,
            request_received=self.request_received or earlier.request_received,
            account=self.account or earlier.account,
            emergency=self.emergency or earlier.emergency,
        )


def clean(text: str | None, limit: int | None = MAX_QUESTION_CHARS) -> str:
    """Normalised text the engine reads: NFKC, no control characters, at most ``limit``
    characters (None: all of it, to tell whether anything was cut)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return " ".join(text.split())[:limit]


# Social media named or done ("tweet about world book day", "does the social media policy
# apply to me"): what the policy is about, however close a question about the day itself is.
_ABOUT_SOCIAL_MEDIA = re.compile(
    r"\b(?:" + _PLATFORM_WORD + r"|social (?:media|network\w*)|"
    r"tweet\w*|posted|posting|posts? (?:on|in|it|an?|about|that|pics|photos|pictures|videos?|"
    r"this|them|stuff|my|our|the|up)|upload\w*|blog\w*|dm'?s?|friend requests?|"
    r"follow(?:ed|ing|s)?|"
    # photos of pupils on a personal phone ("a photo of him reading ... on my phone")
    r"(?:photos?|pics?|pictures?|videos?)(?:\W+[\w']+){0,8}?\W+(?:on|with) (?:my|her|his|their|"
    r"your) (?:own |personal )?(?:phone|mobile|iphone))\b",
    re.IGNORECASE,
)


def about_social_media(text: str) -> bool:
    return bool(_ABOUT_SOCIAL_MEDIA.search(text))


def has_words(text: str) -> bool:
    return bool(_WORD.search(text))


def looks_english(text: str) -> bool:
    """Enough common English words among the words that belong to a language: platform
    names ("facebook", "insta") are written alike in every language, so they count for
    neither side."""
    words = [w for w in (w.lower() for w in _WORD.findall(text)) if w not in _PLATFORM_WORDS]
    if len(words) < 3:
        return True  # too short to tell; retrieval will say if it means nothing
    known = sum(w in _ENGLISH for w in words)
    return known / len(words) >= 0.15


# The age a question is about when it looks ahead ("he's 12, when he is 13 can he have fb?").
_AGE_TO_COME = re.compile(
    r"\b(?:when|once|after|until|till) (?:s?he|they|my \w+) (?:is|turns|gets to|reaches|hits|"
    r"will be|'?s)\s+(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)


def stated_age(text: str) -> int | None:
    """The age the text asks about: one it looks ahead to, or else the first it gives
    ("aged 17", "she's only 15", "a 9 yr old")."""
    for match in (*_AGE_TO_COME.finditer(text), *_AGE.finditer(text)):
        raw = next(g for g in match.groups() if g)
        word = raw.lower()
        value = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(word) or _DECADES[word]
        if 3 <= value <= 99:
            return value
    return None


def extract_facts(text: str, asker: str = "staff") -> Facts:
    """The facts a question states. A parent (``asker``) asking about being contacted
    themselves asks about a parent."""
    age = stated_age(text)
    lowered = f" {text.lower()} "
    platform = next(
        (
            name
            for name, words in PLATFORMS.items()
            if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words)
        ),
        None,
    )
    time = (
        "outside_hours" if _OUTSIDE_HOURS.search(text)
        else "in_hours" if _IN_HOURS.search(text)
        else None
    )  # fmt: skip
    # A device that is broken, lost or set aside is not the one they ask to use; of the
    # others, the later one is ("the school camera is broken, can I use my phone?").
    devices = [(m.start(), kind) for kind, pattern in (("school", _SCHOOL_DEVICE),
               ("personal", _PERSONAL_DEVICE)) for m in pattern.finditer(text)
               if not _OUT_OF_ACTION.match(text, m.end())
               and not _SET_ASIDE.search(text[max(0, m.start() - 20):m.start()])]  # fmt: skip
    device = max(devices)[1] if devices else None
    former_pupil = bool(_FORMER_PUPIL.search(text))
    accounts = [kind for kind, pattern in (("official", _OFFICIAL_ACCOUNT),
                ("personal", _PERSONAL_ACCOUNT)) if pattern.search(text)]  # fmt: skip
    account = accounts[0] if len(accounts) == 1 else None  # both named: which is unclear
    pupil_here = not former_pupil and bool(_PUPIL_HERE.search(_PARENTS.sub(" ", text)))
    no_child = age is None and not former_pupil and not _CHILD.search(_WHOSE.sub(" ", text))
    return Facts(
        age=age,
        platform=platform,
        time=time,
        device=device,
        permission=bool(_PERMISSION.search(text)),
        family=bool(_FAMILY.search(text) or _KNOWN_BEFORE.search(text))
        if asker == "staff"
        else bool(
            (_A_RELATIVE.search(text) and _WORKS_THERE.search(text)) or _STAFF_WE_KNOW.search(text)
        ),
        former_pupil=former_pupil,
        pupils_present=bool(_PUPILS_PRESENT.search(text)) and not _PUPILS_GONE.search(text),
        away_from_pupils=bool(_AWAY_FROM_PUPILS.search(text) or _PUPILS_GONE.search(text))
        and not _SUPERVISING.search(text),
        out_of_lessons=bool(_OUT_OF_LESSONS.search(text)),
        parents_only=bool(
            (_PARENTS.search(text) or (asker == "parent" and _CONTACTS_ME.search(text)))
            and age is None
            and not former_pupil
            and not _CHILD.search(_PARENTS.sub(" ", _WHOSE.sub(" ", text)))
        ),
        colleague=asker == "staff" and bool(_COLLEAGUE.search(text) and no_child),
        pupil_here=pupil_here,
        with_learners=bool(_WITH_LEARNERS.search(text))
        and not (_AWAY_FROM_PUPILS.search(text) or _PUPILS_GONE.search(text)),
        group_chat=bool(_GROUP_CHAT.search(text)),
        promotion=bool(_PROMOTION.search(text)) and not _FOR_THE_SCHOOL.search(text),
        request_received=bool(
            _REQUEST_SENT.search(text) and not _ACCEPT.search(text) and pupil_here
        ),
        account=account,
        emergency=bool(EMERGENCY.search(text)),
    )


_FOLLOW_UP = re.compile(
    r"^\s*(?:and|but|so|ok(?:ay)?|what|how)?\s*(?:if|about|abt|bout)\b|^\s*(?:and|but|or|also)\b|"
    r"^\s*(?:what|how) about\b|^\s*(?:is it|would it be) (?:different|the same)\b",
    re.IGNORECASE,
)


def is_follow_up(text: str) -> bool:
    """A short message that only makes sense after the previous question:
    "what if she's 19?", "and on Instagram?", "what about after school?"."""
    return len(_WORD.findall(text)) <= 10 and bool(_FOLLOW_UP.search(text))


_SPLIT = re.compile(
    r"(?<=\?)\s+(?=\S)|\s+(?:and also|also)\s+(?=(?:can|is|are|do|does|should|am|what|how|who)\b)",
    re.I,
)


# "... and can I ...": a second question only when what comes before it is a question too;
# "I'm a TA and can I use my phone at lunch" is one.
_AND_ASKS = re.compile(
    r"\s+and\s+(?=(?:can|could|may|should|is|are|do|does|am)\s+(?:i|we|staff|teachers?|"
    r"you|they|pupils?|parents?)\b)",
    re.I,
)


_CONJUNCTION = re.compile(r"^\s*(?:and|but|also|or|so|plus)\b\s*", re.IGNORECASE)


def _asks_something(text: str) -> bool:
    """Is this piece of a message a question of its own ("and does she have to...")?"""
    return bool(_OPENS_AS_QUESTION.search(_CONJUNCTION.sub("", text)) or _ASKS.search(text))


def split_questions(text: str) -> list[str]:
    """Separate questions in one message ("can I X? and can I Y?", "can I X and can I
    Y"), in order. What follows a question without asking anything itself ("can I friend
    him? he used to go to hartest") is more of that question, not another."""
    parts: list[str] = []
    for part in _SPLIT.split(text):
        if part and part.strip():
            opens = _OPENS_AS_QUESTION.search(part)
            for piece in _AND_ASKS.split(part.strip()) if opens else [part.strip()]:
                if parts and (
                    not (opens or _asks_something(piece)) or _CHECKS_BACK.search(parts[-1])
                ):
                    parts[-1] = f"{parts[-1]} {piece}"
                else:
                    parts.append(piece)
    questions = [p for p in parts if has_words(p)]
    return questions or [text]


# Asking whether what one did was right ("i said no. was that right? do i need to tell
# someone"): the question that follows is the one to answer, with what went before.
_CHECKS_BACK = re.compile(
    r"\b(?:was (?:that|this|i) (?:right|ok|okay|correct|the right thing)|did i do (?:the )?right"
    r"(?: thing)?)\W*$",
    re.IGNORECASE,
)
# A message that opens as a question ("can I...", "what should...", "if a parent..."), or is
# phrased as one anywhere ("..., is that ok?", "who do I tell"), as against a statement of
# what happened; and words that ask for a report.
_OPENS_AS_QUESTION = re.compile(
    r"^\s*(?:can|could|may|should|shud|is|are|am|do|does|will|would|must|who|what|how|why|"
    r"where|when|which|if|say|suppose|supposing|hypothetically|(?:what|how|who|where)'?s|"
    r"(?:ok|okay|alright|allowed) (?:to|if))\b",
    re.IGNORECASE,
)
_ASKS = re.compile(
    r"\?\s*$|\b(?:can|could|should|shud|may|must) (?:i|we|they|staff|teachers?)\b|"
    r"\b(?:is|was) (?:that|it|this) (?:ok|okay|alright|allowed|fine|on us)\b|"
    r"\b(?:am i|are we|are they) allowed\b|\bwho do (?:i|we) tell\b|"
    # a question after what led up to it: "my daughter just turned 13, is fb ok now"
    r"[,.;:]\s*(?:(?:and|but|so)\s+)?(?:can|could|may|should|is|are|am|do|does|will|would|who|"
    r"what|how|where|which)\s+(?:i|we|you|u|she|he|they|it|that|this|fb|facebook|insta|my|the|"
    r"there|work|school|anyone|someone|staff|teachers?|parents?)\b",
    re.IGNORECASE,
)
# ("as far as school is concerned" is not a concern)
_REPORT_WORDS = re.compile(r"\b(?:report|disclos\w*|worried|(?<!is )concerned)\b", re.IGNORECASE)


# Asks what one must do ("do I still have to tell anyone", "who do I report it to", "no idea
# who to go to"), rather than whether something is allowed.
_UNSURE = r"(?:not sure|unsure|don'?t know|dont know|dunno|no idea)"
_ASKS_DUTY = re.compile(
    r"\b(?:do|does|would|will) (?:i|we|they|staff|teachers?|you|(?:the )?(?:school|head(?: ?"
    r"teacher)?)) (?:still |also )?(?:have|need|"
    r"got) to\b|\b(?:must|should|shall|do) (?:i|we) (?:be )?(?:tell|telling|report|reporting|"
    r"inform|informing|let)\b|\b(?:am i|are we) "
    r"(?:meant|supposed|required|expected|obliged) to\b|\bwho (?:do|should|must) (?:i|we) "
    r"(?:tell|report|inform|go to|speak to|talk to|contact)\b|"
    r"\bwhat (?:do|should|must) (?:i|we|s?he|they|my \w+) do\b|"
    r"\b(?:who|where) (?:do|should|can) (?:i|we) (?:complain|make a complaint)\b|"
    r"\bis it (?:compulsory|mandatory|a requirement)\b|\bwho (?:i'?m|i am|we'?re|we are) (?:meant|"
    r"supposed) to (?:tell|report to|speak to|go to)\b|"
    rf"\b{_UNSURE} what (?:to do|(?:i|we) (?:should|must|need to) do)\b|"
    rf"\b{_UNSURE} who to (?:tell|report (?:it |this )?to|speak to|go to|contact)\b",
    re.IGNORECASE,
)
# Asks what a word means ("what does cyber bullying mean", "what counts as social media"):
# the policy explains, it does not rule.
_MEANING = re.compile(
    r"\bwhat (?:does|do) (?:\w+ ){1,5}?(?:actually |really |exactly )?mean\b(?=\W*$|\s*[,.;?!])|"
    r"\bwhat(?:'?s| is| are) meant by\b|\bwhat "
    r"(?:counts|count|is counted) as\b|\b(?:definition|meaning) of\b|^\W*define\b|"
    # the age a platform sets, a fact the policy gives ("what age does fb let kids join")
    r"^\W*(?:what(?:'?s| is)? (?:the )?(?:min(?:imum)? )?age (?:limit )?(?:does|do|can|is|for|on|"
    r"are|should)|how old (?:do|does|should|must) (?:kids|children|you|u|they|a child) (?:have "
    r"to |need to )?be)\b(?!.*\b(?:ex|former|old) (?:pupils?|students?|kids))",
    re.IGNORECASE,
)
# "what (will) happen(s)", said of something ("...if my son sends his teacher a request?")
# or of someone ("...to me if i get caught on fb at work?").
_WHAT_HAPPENS = (
    r"\bwhat (?:(?:actually|really|exactly) )?(?:happens?|(?:will|would|could) (?:(?:actually|"
    r"really) )?happen)"
)
_TO_SOMEONE = r" to (?:me|us|him|her|them)\b"
# ...or to the asker for what they do ("what happens if i get caught on snap at work").
_IF_I_DO = (
    r" if (?:i|we) (?:(?:accidentally|just|ever|still|then) )?(?:break|breach|get caught|got "
    r"caught|am caught|'?m caught|post|share|put|use|go on|am on|'?m on|accept|add|follow|"
    r"message|friend|ignore|don'?t|do not|refuse|forget)\b"
)
# Asks what follows when something happens ("what happens if my son sends his teacher a
# friend request?", "would i be told?"): answered by the duty it sets off, not by the rule
# it breaks.
_ASKS_WHAT_FOLLOWS = re.compile(
    _WHAT_HAPPENS + rf"\b(?!{_TO_SOMEONE}|{_IF_I_DO})|"
    r"\bwhat(?:'?s| is) (?:meant|supposed) to happen\b|"
    r"\b(?:keep|kept) (?:me|us|parents) (?:in the loop|updated|informed|posted)\b|"
    r"\bwhat (?:will |would |does |do |is )?"
    r"(?:(?:the )?(?:school|head(?: ?teacher)?)|they) (?:will |would |is going to |gonna )?"
    r"(?:actually |really )?(?:do|doing)\b|"
    r"\b(?:will|would|do|does) (?:i|we|parents|the parents|they) (?:be|get) (?:told|informed|"
    r"contacted|notified|rung|called|a (?:phone )?call)\b|\b(?:will|would|wud) (?:you|u|(?:the )?"
    r"school|they|the head|someone) (?:(?:tell|contact|ring|call|inform) (?:me|us|parents|"
    r"her|him|them)|let (?:me|us|parents|her|him|them) know)\b|"
    r"\bwill (?:i|we|parents) (?:hear|find out)\b",
    re.IGNORECASE,
)
# What becomes of someone ("if i break the phone rules what happens to me", "what happens if
# i get caught on snap at work", "is it gross misconduct if..."): the clause on consequences
# explains; it is not a ruling, nor the duty it sets off.
_ASKS_CONSEQUENCE = re.compile(
    _WHAT_HAPPENS + rf"(?:{_TO_SOMEONE}|{_IF_I_DO})|\b(?:gross misconduct|sackable)\b",
    re.IGNORECASE,
)
# Whether what someone did is allowed ("is that even allowed??", "is she allowed to do that").
_ASKS_IF_ALLOWED = re.compile(
    r"\b(?:is|was|are) (?:that|it|this|s?he|they) (?:even |actually |really )?(?:allowed|ok|okay|"
    r"alright|normal|right|fine|appropriate)\b|\ballowed\W*$|(?:^|[.!?]\s*)is (?:ok|okay|alright|"
    r"fine|normal)\W*$",
    re.IGNORECASE,
)
_ASKS_HOW = re.compile(
    r"^\W*(?:how (?:(?:do|can|should|would|could|shall) )?(?:i|u|you|we|parents?|staff)|is there "
    r"(?:a|any) way (?:to|of|i can|we can))\b",
    re.IGNORECASE,
)
_WHY = re.compile(
    r"^\W*(?:(?:and|but|so|ok|okay|honestly|seriously|genuinely|sorry|hi|hello|hey|um+|hmm+|"
    r"right|out of interest|can i ask|may i ask|(?:quick|genuine|honest|serious) question|just "
    r"wondering|(?:just )?curious)\W+)?(?:why|y (?=do|does|is|are|"
    r"cant|can't|should))\b|\bwhy\W*$|"
    # after what the asker has told ("he walks home, why does his phone have to sit in the
    # office all day"), and "how come" as "why"
    r"[,.;:!?]\s*(?:(?:but|so|and) )?(?:why|how come) (?=(?:do|does|did|is|are|has|"
    r"have|must|can'?t|cant|should|isn'?t|aren'?t|won'?t|wont|not|the|we|they|you|u|he|she|i|my|"
    r"our|nobody|no)\b)|"
    r"^\W*(?:(?:and|but|so|ok|okay|hi|hey)\W+)?how come\b|"
    r"\bwhat(?:'?s| is) the (?:point|reason) (?:of|for|behind)\b|\bwhat(?:'?s| is) the (?:point|"
    r"reason)\W*$|\bwhy (?:is|was) (?:this|that)\b|\bbut (?:why|y) (?=do|does|is|are|arent|aren't|"
    r"cant|can't|should|can)|\brule (?:\w+ )?(?:is|are) (?:actually |really )?for\W*$",
    re.IGNORECASE,
)


_ASKER_ACTS = re.compile(
    r"\b(?:can|could|may|am|should|do|shall|must) (?:i|we)\b|\b(?:i(?:'m| am)?|we(?:'re| are)?) "
    r"(?:allowed|ok)\b",
    re.IGNORECASE,
)
_STAFF_ACT = re.compile(
    r"\b(?:can|could|may|should|do|must|are) (?:staff|teachers|tas|members of staff)\b",
    re.IGNORECASE,
)
_MY_CHILD = re.compile(
    r"\bmy (?:child|children|kids?|son|daughter|boy|girl|eldest|youngest|little one|lad)\b",
    re.IGNORECASE,
)


_OWN_USE = re.compile(
    r"\b(?:is|are) (?:(?:s?he|they|it|" + _PLATFORM_WORD + r") )(?:\w+ )?(?:ok|okay|alright|"
    r"allowed|fine|old enough)\b|\b(?:have|get|use|go on|join|be on) (?:a |an )?"
    + _PLATFORM_WORD
    + r"\b",
    re.IGNORECASE,
)


def asks_about_own_use(text: str) -> bool:
    """Asks whether someone may use a platform themselves ("is she ok to have fb", "is insta
    ok for her"), not about contact with staff."""
    return bool(_OWN_USE.search(text))


def asks_about_own_conduct(text: str) -> bool:
    """Asks what the asker may or must do themselves ("can I...", "do I have to...")."""
    return bool(_ASKER_ACTS.search(text))


def staff_ask_about_staff(text: str) -> bool:
    """A member of staff asking what they, or staff as a whole, may or must do ("do staff have
    to hand their phones in like the kids do")."""
    return asks_about_own_conduct(text) or bool(_STAFF_ACT.search(text))


def about_the_family(text: str) -> bool:
    """A parent asking about what they may do ("can I post about the teacher?"), or what
    their own child may do with no member of staff in it ("can my daughter take her phone
    in?"), or whether a child may use a platform ("his sister's 14, is fb ok at that age"):
    staff rules do not answer that."""
    return asks_about_own_conduct(text) or bool(
        (_MY_CHILD.search(text) or (asks_about_own_use(text) and not _SCHOOL_USES.search(text)))
        and not _ADULT.search(text)
    )


# The school as the one that would use a platform ("should the school have a fb page").
_SCHOOL_USES = re.compile(r"\bschool (?:\w+ )?(?:have|use|get|go on|join|be on)\b", re.IGNORECASE)


# "Can a pupil be excluded for...?", "could I get in trouble for...?": a yes/no question
# about a sanction, where "No: ..." would read as "they cannot be".
_ASKS_ABOUT_A_SANCTION = re.compile(
    r"\b(?:can|could|will|would|might|may|do|does|did|are|is) (?:\w+ ){1,3}?(?:be|get|got) "
    r"(?:excluded|expelled|suspended|punished|sacked|fired|disciplined|banned|told off|"
    r"(?:in|into) trouble)\b",
    re.IGNORECASE,
)


def asks_about_a_sanction(text: str) -> bool:
    """Asks whether someone can be punished for something, not whether it may be done."""
    return bool(_ASKS_ABOUT_A_SANCTION.search(text))


# Whether the policy as a whole covers a person ("does this policy apply to supply
# teachers?", "am I covered by the policy?"), not whether one of its rules forbids something.
_WHO_IT_COVERS = re.compile(
    r"\b(?:does|do|will|would) (?:(?:all|any) (?:of )?)?(?:the|this|these|your|our|that) "
    r"(?:school'?s )?"
    r"(?:social media )?"
    r"(?:policy|rules|stuff) (?:\w+ )?(?:apply|applies|cover|covers) (?:to )?(?:me|us|you|them|"
    r"him|her|(?:a |an |the |our )?(?:\w+ )?(?:teachers?|staff|assistants?|tas?|volunteers?|"
    r"governors?|helpers?|students?|cleaners?|caretakers?|cooks?|parents?|coaches|coach|supervisors?|"
    r"visitors?|contractors?|agency \w+))\b(?! (?:blog|page|account|group|chat|site|network|"
    r"room|forum|drive|email)s?\b)|\b(?:am i|are we|are they|is (?:s?he|a \w+)) (?:even |still "
    r"|also )?(?:covered|included) (?:by|in|under) (?:the|this|your) (?:social media )?policy\b|"
    r"\b(?:am i|are we) (?:even |still |also )?(?:covered|included) (?:by|in|under) (?:this|it)\b|"
    r"\b(?:do|does) (?:the |our )?(?:governors?|volunteers?|(?:parent )?helpers?|students?|"
    r"trainees?|supply \w+|agency \w+|visitors?|contractors?|coach(?:es)?|cleaners?|caretakers?|"
    r"cooks?) (?:also |still )?(?:have to |need to |got to )?(?:follow|stick to|abide by) "
    r"(?:this|it|the (?:social media )?policy|these rules)\b|"
    r"\bcount(?:s|ed)? as (?:social media|social networking)\b|"
    r"\bdo (?:i|we) (?:follow|go by|stick to) the (?:staff|parents?'?) (?:rules|ones|policy)\b",
    re.IGNORECASE,
)


def asks_who_it_covers(text: str) -> bool:
    """Asks whether the policy applies to someone: who it covers says, not a rule in it."""
    return bool(_WHO_IT_COVERS.search(text))


# About the policy document itself: its dates, its author, whether it is current.
_ABOUT_THE_POLICY = re.compile(
    r"\b(?:this|the|your|school'?s?|social media) policy\b.{0,30}?\b(?:up to date|out of "
    r"date|current|valid|in date|reviewed|updated|due (?:for )?(?:a )?review|approved|written|"
    r"prepared)(?: (?:yet|now|still|anymore|any more|or not|at all))?\W*$|\bwho (?:wrote|"
    r"prepared|approved|signed off) (?:the|this|your) (?:social media )?policy\b|\bwhen "
    r"(?:was|is|were) (?:the|this|your) (?:social media )?policy\b",
    re.IGNORECASE,
)


def asks_about_the_policy(text: str) -> bool:
    """Asks about the policy document (when it was approved or reviewed, who wrote it, is it
    current), not about what it says: the cover page answers that."""
    return bool(_ABOUT_THE_POLICY.search(text))


@dataclass(frozen=True)
class Asks:
    """What a question asks for besides whether something may be done: it changes which
    clause answers and whether the answer is a ruling."""

    duty: bool = False  # what one must do ("do I have to tell anyone?")
    why: bool = False  # the reason behind a rule
    sanction: bool = False  # whether someone can be punished
    coverage: bool = False  # whom the policy covers
    meaning: bool = False  # what a word means
    what_follows: bool = False  # what happens next, or whether the asker will be told
    how: bool = False  # the way to do something ("how do i report an under 13 on fb?")
    allowed: bool = False  # whether what someone did is allowed ("is that even allowed?")
    consequence: bool = False  # what becomes of someone ("what happens to me if...")


def what_it_asks(text: str) -> Asks:
    return Asks(
        duty=asks_about_a_duty(text),
        why=asks_why(text),
        sanction=asks_about_a_sanction(text),
        coverage=asks_who_it_covers(text),
        meaning=bool(_MEANING.search(text)),
        what_follows=bool(_ASKS_WHAT_FOLLOWS.search(text)),
        how=bool(_ASKS_HOW.search(_INTRO.sub("", text))),
        allowed=bool(_ASKS_IF_ALLOWED.search(text)),
        consequence=bool(_ASKS_CONSEQUENCE.search(text)),
    )


def asks_why(text: str) -> bool:
    """Asks for the reason behind a rule ("why is facebook not allowed for under 13s?"),
    not whether something may be done."""
    return bool(_WHY.search(text))


def asks_about_a_duty(text: str) -> bool:
    """Asks what one must do, so a clause that puts a duty on the asker answers it."""
    return bool(_ASKS_DUTY.search(text))


def asks_about_a_rule(text: str) -> bool:
    """Is this a question to answer from the policy, rather than a report to take? The
    NLU may hear a concern in "a mum keeps messaging me, is that ok?": the asker wants the
    rule first (and is offered a report), not the report form."""
    asks = _OPENS_AS_QUESTION.search(text) or _ASKS.search(text)
    return bool(asks) and not _REPORT_WORDS.search(text)


# A greeting or who is asking, before the message proper: "Hi,", "Deputy here.", "I'm a TA."
_INTRO = re.compile(
    r"^\s*(?:(?:hi|hello|hiya|hey|morning|afternoon|good (?:morning|afternoon|evening))\b[\s,!.]*|"
    # ("dinner lady here caught a yr6", not "a ta here has been messaging my son")
    r"(?:[\w']+ ){1,3}here(?:\s*[,.!:-]+\s*|\s+(?!(?:has|have|is|are|was|were|keeps?|been|"
    r"who|that|s?he)\b))|"
    r"(?:i'?m|i am) (?:a|an|the|only a) [\w ]{1,30}?[,.!]\s*)+",
    re.IGNORECASE,
)


def opens_as_a_question(text: str) -> bool:
    """Asked in the abstract from its first word ("what should I do if a parent...", after
    any greeting)? Stricter than ``asks_about_a_rule``: "a dad posted that he'll sort me
    out, is that ok?" still describes an incident, and keeps its escalation."""
    opening = _INTRO.sub("", text)
    return bool(_OPENS_AS_QUESTION.search(opening)) and not _REPORT_WORDS.search(text)


# Someone has reached out to the asker ("just added me on snap"): an incident when it is a
# pupil, whom the policy asks staff to report. A former pupil who adds or messages them asks
# the rule on former pupils ("my old yr6 kid is 17 now and added me, can i accept"), as
# most writers of eval/ label it; what they did beyond that still tells of an incident.
_CONTACTED_ME = re.compile(
    r"\b(?:added|followed|friended|requested|messaged|dm'?d|texted|snapchatted) me\b|\basked "
    r"(?:if|whether) (?:she|he|they) (?:can|could) (?:follow|add|friend|message) me\b|\brequested "
    r"to (?:follow|friend|add) (?:me|my)\b",
    re.I,
)
# ...unless it was a parent ("a mum messaged me on fb about her sons reading").
_A_PARENT_CONTACTED_ME = re.compile(
    r"\b(?:mum|mom|dad|parent|carer|gran|grandad|grandma|nan)s?\b(?: [\w']+){0,6}? (?:added|"
    r"followed|friended|requested|messaged|dm'?d|texted|snapchatted|(?:keeps?|has been|is) "
    r"(?:messaging|dm[-']?ing|texting|whatsapping|emailing|contacting)) me\b",
    re.IGNORECASE,
)
# Whether to answer a parent who got in touch ("can i just reply?") asks a rule, unless
# the message was hostile or names someone at the school (what they did is told).
_MAY_I_REPLY = re.compile(
    r"\b(?:can|could|may|should|shall) i (?:just )?(?:reply|respond|answer|write back|message "
    r"(?:her|him|them) back|get back to (?:her|him|them))\b",
    re.IGNORECASE,
)
_HOSTILE = re.compile(
    r"\b(?:abus\w*|threat\w*|rude|nasty|horrible|vile|aggressive|swear\w*|insult\w*)\b",
    re.IGNORECASE,
)
# "how do i report a kid under 13 on fb": asking the way to tell, which is not yet a telling
# (though what follows may be one: "how do i report a teacher who's been messaging my son").
_HOW_TO_TELL = re.compile(
    r"^\W*(?:how|who|where) (?:do|can|should|would|could|shall) (?:i|u|you|we|parents?|staff) "
    r"(?:\w+ )?(?:report|tell|flag|raise|disclose)\b",
    re.IGNORECASE,
)
# Heard what the rules are ("heard staff cant have phones in class"), not what happened.
_HEARD_A_RULE = re.compile(
    r"^\W*(?:i(?:'?ve)? )?heard (?:that )?(?:staff|teachers|parents|pupils|kids|you|we|(?:the )?"
    r"school) "
    r"(?:can'?t|cannot|can|aren'?t|are not|are|must|have to|should|shouldn'?t)\b",
    re.IGNORECASE,
)


# "if a parent tells me a teacher is messaging kids, what do I do?": someone telling, in a
# question, of what might be told; no incident has been told yet (it, this or that would
# point back at one: "he messaged my son. if i report it...").
_IF_SOMEONE_TELLS = re.compile(
    r"\b(?:if|when|once) (?:i|we|you|someone|somebody|anyone|a parent|parents|a colleague|"
    r"a pupil|a child|a member of staff) (?:\w+ )?(?:report(?:s|ed)?|tell(?:s)?|told|"
    r"disclose[sd]?|raise[sd]?|flag(?:s|ged)?)\b(?! (?:it|this|that|him|her)\b)|"
    r"\b(?:if|when|once) (?:i|we|you|someone|the school|the head) (?:get|gets|receive|receives|"
    r"have|has) an? (?:disclosure|report|complaint|concern)\b|"
    r"\b(?:if|when|once) (?:a |an |the )?(?:teacher|member of staff|colleague|pupil|child|"
    r"parent|someone|somebody|staff) (?:\w+ )?(?:gets?|is|was) reported\b",
    re.IGNORECASE,
)


# An adult who is friends with someone's child ("one of our teachers is friends with her
# 10yo on insta"), unless the adult is family ("my sister ... is fb friends with my 9yo").
_FRIENDS_WITH_A_CHILD = re.compile(
    r"\b(?:is|are) (?:\w+ )?(?:friends|connected) with (?:her|his|their|my|our) (?:\d+ ?(?:yo|"
    r"yr old|year old)|son|daughter|child|kid|boy|girl|lad)\b|"
    r"\b(?:is|are) (?:still )?(?:on|in) (?:her|his|their) (?:\w+ )?friends(?: list)?\b",
    re.IGNORECASE,
)
_A_RELATIVE = re.compile(
    r"\bmy (?:sister|brother|aunt|auntie|uncle|cousin|mum|mom|dad|husband|wife|partner|niece|"
    r"nephew|\w+-in-law)\b",
    re.IGNORECASE,
)
# A child reaching out to an adult ("my daughter sent her teacher a follow request"): the
# child's conduct, which staff report, not an adult's towards a child.
_A_CHILD_REACHED_OUT = re.compile(
    r"\b(?:(?:step ?|grand)?(?:son|daughter)|child|kid|boy|girl|lad|\d+ ?yo|\d+ ?(?:yr|year)s?"
    r"[- ]?olds?|(?:my|our) (?:yr|year) ?(?:\d|r|rec))\b(?: \([^)]*\))?"
    # (no adult between: "my son says mr jones added my daughter" is what mr jones did)
    r"(?: (?!(?:mr|mrs|miss|ms|sir|teacher|ta|coach|staff)\b)\w+){0,3} (?:(?:sent|"
    r"added|followed|requested|messaged|(?:tried|trying|try|tries) (?:to )?(?:add|adding|follow|"
    r"friend)) (?:(?:her|his|their|my|the|a) )?(?:old |class )?"
    r"(?:teacher|ta|teaching assistant|coach|(?:mr|mrs|miss|ms) [a-z]+)|(?:added|followed|"
    r"requested|(?:tried|trying|try|tries) (?:to )?(?:add|follow|friend)) (?:me|my))\b",
    re.IGNORECASE,
)


# A child's own account, passed on by the one telling ("her son says mr jones has been
# snapchatting him"): what an adult did to a child, however the message reached the asker.
_A_CHILD_SAYS = re.compile(
    r"\b(?:her|his|their|my|our) (?:step ?|grand)?(?:son|daughter|child|kid|boy|girl|lad)s? "
    r"(?:says|said|has said|told (?:me|her|him|them|us))\b",
    re.IGNORECASE,
)


def names_a_member_of_staff(text: str) -> bool:
    """Does the text name someone who works or helps at the school (not a stranger online)?"""
    return bool(_A_MEMBER_OF_STAFF.search(_TOLD_TO.sub(" ", text)))


def asks_before_reporting(text: str) -> bool:
    """Is this a question to answer before any report is taken? A rule asked about (see
    ``asks_about_a_rule``), the way to report something ("how do i report an under 13 on
    facebook"), a duty ("do i need to tell anyone?") or what follows ("wud u tell me if my
    son tried 2 add his teacher"): the answer comes first, with the offer to report."""
    asks = what_it_asks(text)
    return (
        asks_about_a_rule(text) or bool(_HOW_TO_TELL.search(text)) or asks.duty or asks.what_follows
    )


def escalation(text: str, sounds_like_incident: bool = False) -> str | None:
    """``disclosure`` (an adult's conduct towards children), ``report`` (another incident),
    or None when the message asks about a rule in the abstract. ``sounds_like_incident``
    is the verdict of the nearest labelled examples, which catch what the patterns here
    do not."""
    if _HEARD_A_RULE.search(text):
        return None
    how = _HOW_TO_TELL.search(text)
    told = _INCIDENT.search(text, how.end() if how else 0) or (
        None if _A_RELATIVE.search(text) else _FRIENDS_WITH_A_CHILD.search(text)
    )
    described = (
        told
        or (sounds_like_incident and not how)
        or (
            _CONTACTED_ME.search(text)
            and not _A_PARENT_CONTACTED_ME.search(text)
            and _CHILD.search(text)
            and not _FORMER_PUPIL.search(text)
            and not (_KNOWN_BEFORE.search(text) or _STAFF_WE_KNOW.search(text))
            and (stated_age(text) or 0) < 18
        )
    )
    if not described or opens_as_a_question(text):
        return None
    if (stated_age(text) or 0) >= 18 and (_FORMER_PUPIL.search(text) or _CONTACTED_ME.search(text)):
        return None  # a former pupil grown up: the rules for children no longer apply
    asking = _IF_SOMEONE_TELLS.search(text)
    if asking and (told is None or asking.start() <= told.start()):
        return None
    # Who did it: not the one to tell, nor the asker (introduced, or naming their role),
    # unless the asker tells of what they did themselves.
    actors = _TOLD_TO.sub(" ", text)
    if not _I_DID.search(text):
        actors = _ASKERS_ROLE.sub(" ", _INTRO.sub("", actors))
    if (
        _ADULT.search(actors)
        and _CHILD.search(_A_CHILDS_PARENT.sub(" ", text))
        and not _A_CHILD_REACHED_OUT.search(text)
        and not (
            _SAYS_ABOUT_STAFF.search(text)
            and (names_a_member_of_staff(text) or _ME.search(text))
            and not _A_CHILD_SAYS.search(text)
        )
    ):
        return "disclosure"
    if (
        _A_PARENT_CONTACTED_ME.search(text)
        and _MAY_I_REPLY.search(text)
        and not (_HOSTILE.search(text) or _A_MEMBER_OF_STAFF.search(actors))
    ):
        return None
    return "report"
