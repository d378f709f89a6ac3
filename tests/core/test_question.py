"""Reading a message: facts, incidents, language and size, without any model."""

from __future__ import annotations

import pytest

from assistant.policy.question import (
    MAX_QUESTION_CHARS,
    about_the_family,
    asks_about_a_duty,
    asks_about_a_rule,
    asks_about_a_sanction,
    asks_about_the_policy,
    asks_who_it_covers,
    asks_why,
    clean,
    escalation,
    extract_facts,
    has_words,
    looks_english,
    names_a_member_of_staff,
    split_questions,
    what_it_asks,
)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("can I friend a former pupil aged 17?", 17),
        ("my ex pupil is 16 now", 16),
        ("ex pupil now 19 at uni asked to be fb friends any problem", 19),
        ("the kids now 4 of them are in the club", None),
        ("she's nineteen", 19),
        ("a 12 year old on tiktok", 12),
        ("my 12yr old", 12),
        ("ex pupil who just turned 18", 18),
        ("an ex pupil who is now 22 wants to connect on linkedin", 22),
        ("she's only 15", 15),
        ("he is actually 19 now", 19),
        ("what about when he turns 13?", 13),
        ("a lad who used to be in my football club, 20 now, sent me a request", 20),
        ("a lad i taught 10 years ago found me on fb, hes 21 now", 21),
        ("my daughters 18 now, left hartest years ago", 18),
        ("my brothers 19 now and wants to add his old yr6 teacher on fb", 19),
        ("my daughter turn 13 in the summer, then she can have insta?", 13),
        ("my old year 6s are all 19 now", 19),
        ("im 19 and went to hartest, the head is still on my fb", 19),
        ("my first ever reception class are all 20ish now", 20),
        ("old pupils in their twenties now", 20),
        ("kids who left years ago and are grown up now, like 20", 20),
        ("my boy is 12 in year 6, when he is 13 in summer he can have facebook?", 13),
        ("there's 30 kids in my class", None),
        ("im 5 mins late for pick up", None),
        ("i taught her five years back", None),
        ("i'll be in class 3 now", None),
        ("can I friend a former pupil?", None),
        ("my son in Year 6", None),
    ],
)
def test_age_is_read_from_how_people_write_it(text: str, age: int | None) -> None:
    assert extract_facts(text).age == age


@pytest.mark.parametrize(
    ("text", "emergency"),
    [
        ("if someone gets hurt in the woods can i use my mobile to ring for help", True),
        ("can i ring 999 on my own phone if a child is injured", True),
        ("can i keep my phone on in class in case of an emergency", True),
        ("if something goes wrong on the residential am i allowed to use my own mobile", True),
        ("i accidentally accepted a pupil's friend request", False),
        ("can i ring a parent from my phone about a trip", False),
    ],
)
def test_an_emergency_is_noticed(text: str, emergency: bool) -> None:
    assert extract_facts(text).emergency is emergency


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("can i set up a whatsapp group with the netball parents", True),
        ("some of the parents want a whatsapp group with me in it, ok to set one up?", True),
        ("girls in my daughters class made a whatsapp group to slag her off", False),
    ],
)
def test_a_messaging_group_with_families_is_noticed(text: str, group: bool) -> None:
    assert extract_facts(text).group_chat is group


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("add me on fb", "facebook"),
        ("is insta ok", "instagram"),
        ("on Snap", "snapchat"),
        ("a dinner lady has been snapchatting him", "snapchat"),
        ("can i share our ofsted result on my linkedin", "linkedin"),
    ],
)
def test_platform_nicknames_are_recognised(text: str, platform: str) -> None:
    assert extract_facts(text).platform == platform


@pytest.mark.parametrize(
    ("text", "device"),
    [
        ("can i message her on the school laptop at lunch", "school"),
        ("can I use my own phone to take photos", "personal"),
        ("the school camera is broken, can i just use my iphone for the trip", "personal"),
        ("my phone died, can I borrow the school ipad", "school"),
        ("can i take photos on my own phone if the school camera is broken", "personal"),
        ("can i use the school ipad as my phone is flat", "school"),
        ("can i take photos on the class ipad", "school"),
        ("is the classroom laptop ok for the class blog", "school"),
        ("can I go on facebook at lunch", None),
        ("can i ring a parent from the office landline rather than my mobile", "school"),
        ("can i take a pic on my phone and send it to the class ipad later", "personal"),
        ("the school gave us a mobile for club, can i text parents on it", "school"),
        ("can i use my own ipad instead of the school laptop", "personal"),
        ("can i message him on fb from the staffroom computer at lunch", "school"),
        ("can i take pics on my phone? school ipad is always dead", "personal"),
        ("can i film them on my phone? my camera is loads better than the school ipad", "personal"),
        ("can i take pics with my own phone? the school ipad hasnt got any signal", "personal"),
        ("do i have to use the school ipad for the tracks or can i just use mine", "personal"),
        ("do i have to use my own phone for class dojo", "personal"),
        ("took pics on her own iphone, i thought staff had to use the school ipads", "personal"),
        ("can i go on fb on the school laptops? wifi is better than on my phone", "school"),
        (
            "can i use my own phone to get pics on the zipwire? school ipad is useless in the rain",
            "personal",
        ),
        (
            "can i film the kids on my phone to send to the parents? i dont have a school ipad",
            "personal",
        ),
        ("the class laptop is being fixed, can i use my own macbook", "personal"),
    ],
)
def test_the_device_asked_about_is_the_last_one_working(text: str, device: str | None) -> None:
    assert extract_facts(text).device == device


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("after school but a few kids are still waiting for their mums, can I text?", True),
        ("can I take a call at after-school club", True),
        ("after school club has finished and the kids have gone, can i use my phone", False),
        ("is it ok to check my phone in front of the class", True),
        ("can i use my phone after school when the kids have gone", False),
        ("can I text at the weekend", False),
        ("quiz night in the hall at 7.30pm, no kids there, can people take photos", False),
        ("can i have my phone out on the court side during after school netball", True),
        ("can i go on my phone in the playground once all the kids have gone", False),
        ("cross country after school, kids still with me, can i check my phone", True),
        ("can the dinner ladies be on their phones while watching the kids at lunch", True),
        ("everyones gone home after after-school club, can i go on my phone now", False),
        ("do i have to leave my phone in the van when im fixing stuff while the kids are in", True),
        ("can i check my phone while the kids are in assembly", False),
        ("what would the school do if they found a teacher was friends with kids on fb", False),
        ("can i reply to a text on my apple watch while the kids are doing spellings", True),
    ],
)
def test_pupils_still_around_are_noticed_whatever_the_time(text: str, present: bool) -> None:
    assert extract_facts(text).pupils_present is present


@pytest.mark.parametrize(
    ("text", "away"),
    [
        ("can i use my phone at lunch in the staffroom", True),
        ("can I ring my mum from my car at break", True),
        ("ok to check texts away from the kids?", True),
        ("can i make a call in my ppa, im on my own in the classroom", True),
        ("can i text my partner while the kids are all in assembly", True),
        ("once every kid has been collected can i use my phone in the hall", True),
        ("netball finished and all the kids have been picked up, can i use my phone", True),
        ("show starts at 6 and the kids arent due till half 5, can i use my phone", True),
        ("can i use my phone in the playground at lunch", False),
        ("can i lend my TA my phone to ring the office", False),
        ("can the dinner ladies be on their phones while watching the kids at lunch", False),
        ("everyones gone home after after-school club, can i go on my phone now", True),
    ],
)
def test_places_without_pupils_are_noticed(text: str, away: bool) -> None:
    assert extract_facts(text).away_from_pupils is away


@pytest.mark.parametrize(
    ("text", "out_of_lessons"),
    [
        ("can i listen to music on my phone during ppa", True),
        ("can i check my phone on my lunch break", True),
        ("is it ok to text at lunchtime", True),
        ("can i keep my phone in my pocket on the playground at dinner time", True),
        ("can i check my phone in lessons", False),
        ("i clean after 6 when all the kids have gone. can i listen to music on my phone?", False),
        ("can i video a kid playing on my phone to send to his mum", False),
        ("can i film the kids rehearsing the leavers play on my phone", False),
        ("can i text a parent to say their kid forgot their lunch", False),
    ],
)
def test_working_time_without_teaching_is_noticed(text: str, out_of_lessons: bool) -> None:
    assert extract_facts(text).out_of_lessons is out_of_lessons


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("once the kids have all gone home can i use my phone in my classroom", "outside_hours"),
        ("is it ok to text after 3.30 when the class has left", "outside_hours"),
        ("can I check facebook after pick up", "outside_hours"),
        ("can I check facebook in my lunch break", "in_hours"),
        ("can i go on insta on my own phone on a saturday", "outside_hours"),
        ("saw one of our yr 6s posting on insta on a sunday afternoon", "outside_hours"),
        ("is it ok to post about school on a friday night", "outside_hours"),
        ("a TA messaged her after 10pm", "outside_hours"),
        ("can i text a parent over half term", "outside_hours"),
        ("can i text a parent on friday in class", "in_hours"),
        ("my ex pupil is 3 years older now", None),
        ("i do the classrooms after 6 when all the kids have gone", "outside_hours"),
        ("can i text parents after 4 weeks of no reply", None),
        ("after 3 weeks of messages", None),
    ],
)
def test_the_time_asked_about_is_read_from_how_people_say_it(text: str, time: str | None) -> None:
    assert extract_facts(text).time == time


@pytest.mark.parametrize(
    ("text", "granted"),
    [
        ("HT said i can keep my phone on me in lessons this week", True),
        ("the head has said yes to me posting about sports day", True),
        ("got the head's ok to set up a class blog", True),
        ("the head said it's fine for me to go on facebook at lunch", True),
        ("do i need the heads ok to post about sports day", False),
        ("can the head give me permission to check facebook at work", False),
        ("what if the head says yes?", True),
        ("will the head say yes if i ask", False),
        ("does the head say it's ok to post about the trip", False),
    ],
)
def test_permission_already_given_is_told_from_permission_asked_for(
    text: str, granted: bool
) -> None:
    assert extract_facts(text).permission is granted


@pytest.mark.parametrize(
    ("text", "former"),
    [
        ("can i friend an ex pupil", True),
        ("my old yr 6 kid wants to follow me", True),
        ("a girl I taught in year 6 is 17 now", True),
        ("can my son follow his old teacher on insta, he left hartest last year", True),
        ("a pupil in my class sent me a friend request", False),
        ("can I follow my old teacher", False),
        ("can i be friends with my neighbours son? he used to go to hartest", True),
        ("a lad from my old class who's now 20 sent me a request", True),
        ("a lad who used to be in my football club sent me a request", True),
        ("a girl who left hartest 3 yrs ago is 14 now and followed me", True),
        ("a mum left us a nasty comment on the class page", False),
        ("lad i supported yrs ago is 20 now, messaged me on insta", True),
        ("a boy i support in yr 4 sent me a request", False),
    ],
)
def test_former_pupils_are_told_from_pupils(text: str, former: bool) -> None:
    assert extract_facts(text).former_pupil is former


@pytest.mark.parametrize(
    ("text", "asker", "parents_only"),
    [
        ("can teachers be friends with parents on fb", "staff", True),
        ("is it ok to add the mums and dads on whatsapp", "staff", True),
        ("can i be friends with a pupil's parent if we were friends before", "staff", True),
        ("can i friend a parent whose child is in my class", "staff", False),
        ("can i add an ex pupil's mum on insta", "staff", False),
        ("a dad of a 15 year old asked to follow me", "staff", False),
        ("can i friend a pupil on facebook", "staff", False),
        # A parent asking about being contacted themselves is the parent in question.
        ("can my TA friend me on facebook", "parent", True),
        ("is my daughter's teacher allowed to message me on whatsapp", "parent", True),
        ("can a pupil friend me", "staff", False),
        ("can my son friend me on facebook", "parent", False),
    ],
)
def test_questions_about_parents_alone_are_told_apart(
    text: str, asker: str, parents_only: bool
) -> None:
    """Rules for pupils under 18 do not answer them (see PolicyEngine._decide)."""
    assert extract_facts(text, asker).parents_only is parents_only


@pytest.mark.parametrize(
    ("text", "here"),
    [
        ("can i friend a pupil on facebook", True),
        ("is mr davies allowed to be friends with year 6 kids", True),
        ("a girl in my class wants to follow me", True),
        ("my son in yr5 wants snapchat", True),
        ("can i friend an ex pupil from my class", False),
        ("can i add a pupil's mum", False),
        ("can my son have facebook", False),
        ("i left it at reception", False),
    ],
)
def test_a_pupil_at_the_school_is_told_from_someone_of_unknown_age(text: str, here: bool) -> None:
    assert extract_facts(text).pupil_here is here


@pytest.mark.parametrize(
    ("text", "colleague"),
    [
        ("can i friend a colleague on facebook", True),
        ("can a governor be friends with a teacher", True),
        ("can i accept a friend request from a supply teacher", True),
        ("a pupil tried to add a teacher", False),
        ("can my son follow his teacher on insta", False),
        ("can i follow a teacher who is 17 and on work experience", False),
    ],
)
def test_questions_about_befriending_another_adult_are_told_apart(
    text: str, colleague: bool
) -> None:
    assert extract_facts(text).colleague is colleague


def test_a_teacher_is_a_colleague_only_to_staff() -> None:
    """A parent messaging the teacher asks the rule on staff and parents."""
    text = "can i message the teacher thru the school fb page instead of phoning"
    assert extract_facts(text, "staff").colleague
    assert not extract_facts(text, "parent").colleague


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("why is facebook not allowed for under 13s anyway", True),
        ("my son got banned from the computers for unblocking games, why?", True),
        ("so why can't we use phones in class", True),
        ("a parent asked me and i didnt know what to say. whats the reason", True),
        ("y do kids have to hand their phones in", True),
        ("whats the point of the rule about not naming the school", True),
        ("i not understand why school take phones from children all day. why is this?", True),
        ("honestly why cant we be friends with the kids online, theyre 10", True),
        ("genuine question, why arent we allowed to be friends with the kids on fb?", True),
        ("not trying to be awkward but why arent we allowed to take pics on our phones", True),
        ("for the induction pack: what do i say the no friending kids rule is actually for", True),
        ("he walks to mine after school, why does his phone have to sit in the office", True),
        ("how come nobody replies when i message the schools fb page", True),
        ("had a parent asking why the school isnt on tiktok, what do i say", False),
        ("can i use my phone in class", False),
        ("who do I tell and why does it matter who I tell first", False),
    ],
)
def test_asking_for_the_reason_is_told_from_asking_for_leave(text: str, why: bool) -> None:
    assert asks_why(text) is why


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("what does cyber bullying mean", True),
        ("whats meant by school representatives", True),
        ("what counts as social media", True),
        ("what does zero tolerance on cyber bullying actually mean, would he be excluded", True),
        ("definition of cyber bullying?", True),
        ("what age does fb let kids sign up", True),
        ("HOW OLD DO KIDS HAVE TO BE FOR FB", True),
        ("what age are kids meant to be for facebook", True),
        ("what age do ex pupils have to be before i can add them", False),
        ("what does the school do about cyber bullying", False),
        ("what does it mean if a pupil friends me, do i tell the head", False),
        ("is it mean to block a parent", False),
    ],
)
def test_asking_what_a_word_means_is_noticed(text: str, meaning: bool) -> None:
    assert what_it_asks(text).meaning is meaning


@pytest.mark.parametrize(
    ("text", "follows"),
    [
        ("would i be told if my son tried to add his teacher on instagram?", True),
        ("what happens if my son sends his teacher a friend request", True),
        ("will parents be informed if a pupil sends a friend request", True),
        ("will the school let me know if my daughter is on tiktok in class", True),
        ("wud u tell me if my son tried 2 add his teacher", True),
        ("will school let me know if my kid adds a teacher", True),
        ("mum says will school tell her if my little bro tries to add a teacher on insta", True),
        ("what does the school actually do about cyber bullying", True),
        ("my son tried to add his teacher on snap, what will the school do", True),
        ("if i tell the head, what actually happens next?", True),
        ("i told the head about a teacher, what happen now?", True),
        ("will she keep me in the loop or what", True),
        ("im going to the head tomorrow, what will actually happen??", True),
        (
            "a member of staff has been dming her 11yo. head's out, what's meant to happen",
            True,
        ),
        ("what happened was she left the group", False),
        ("if i break the phone rules what happens to me", False),
        ("caught a yr6 on youtube at wet play. what happens to him", False),
        ("can i tell the head about it", False),
        ("who do i tell", False),
        ("what should i do if a pupil sends me a friend request", False),
    ],
)
def test_asking_what_follows_is_noticed(text: str, follows: bool) -> None:
    assert what_it_asks(text).what_follows is follows


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ("how do i report an under 13 on fb", True),
        ("how i report my son facebook, he is 11", True),
        ("is there a way to get an underage kids fb account taken down", True),
        ("hi, how can parents complain about a post", True),
        ("can i show parents how to set up privacy settings", False),
    ],
)
def test_asking_the_way_to_do_something_is_noticed(text: str, how: bool) -> None:
    assert what_it_asks(text).how is how


@pytest.mark.parametrize(
    ("text", "duty"),
    [
        ("so if a pupil friends me and i dont accept do i still have to tell anyone", True),
        ("who do I report it to", True),
        ("am i supposed to tell the head", True),
        ("a dad sent me abusive texts at 11pm. do i report it", True),
        ("does the school have to check a new app before the kids use it", True),
        ("saw a TA taking pics of the kids on her phone today, not sure what to do", True),
        ("she was only placed with us last month and i dont know who i'm meant to tell", True),
        ("im in my first term and have no idea who to go to with this??", True),
        ("one of the TAs added my daughter on snapchat. who do i go to with this", True),
        ("what should she do if someone in her class puts a pic of her in the group chat", True),
        ("my class teacher puts pics of the kids on her insta. should i be telling someone", True),
        ("can i accept a pupil's friend request", False),
        ("is it ok to tell my friends where I work", False),
        ("she put a video of my grandson crying on her fb story. who do i complain to", True),
    ],
)
def test_asking_what_one_must_do_is_told_from_asking_leave(text: str, duty: bool) -> None:
    assert asks_about_a_duty(text) is duty


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm worried a colleague is messaging pupils on Snapchat", "disclosure"),
        ("a teacher has been sending my daughter messages on instagram", "disclosure"),
        ("a parent is threatening me on facebook", "report"),
        ("my son is being bullied on whatsapp", "report"),
        ("I want to report something", "report"),
        ("can I friend a former pupil aged 17?", None),
        ("what should I do if a parent threatens me online?", None),
        ("am I allowed to message parents on whatsapp", None),
        ("saw a volunteer taking photos of the kids on his own phone", "disclosure"),
        ("two TAs are messaging yr 5 pupils on snapchat", "disclosure"),
        ("a dad has posted on facebook that he'll get me at the gate", "report"),
        ("my sons TA added him on fortnite and theyve been chatting most nights", "disclosure"),
        ("mr clarke started following my 15 yr old on insta", "disclosure"),
        ("one of the lunchtime supervisors was taking pics of the kids on her phone", "disclosure"),
        ("some man we dont know sent my 9 yr old a friend request", "disclosure"),
        ("caught a yr 6 lad on snapchat in the toilets at lunchtime", "report"),
        ("a dad has put on fb that im useless and he'll sort me out. what do i do", "report"),
        ("a mum posted on fb she'll come and sort me out after i kept her son in", "report"),
        ("one of the TAs is friends with loads of year 5 kids on tiktok", "disclosure"),
        ("my son says the after school football coach adds the kids on snap", "disclosure"),
        ("my son got a DM on insta from his teacher saying well done. bit weird??", "disclosure"),
        ("a yr 4 girl says someone on roblox keeps asking for her snap, a grown up", "disclosure"),
        ("girls in my daughters class made a whatsapp group to slag her off", "report"),
        (
            "a dad from yr 4 is posting on the parents fb group that he'll deal with mrs clarke",
            "report",
        ),
        ("a mum from year 6 says mr price has been snapchatting her daughter", "disclosure"),
        ("the teacher helper take photo of my son with her own phone. is ok?", "disclosure"),
        ("my son's teacher put a photo of the nativity on her own insta", "disclosure"),
        ("a man who runs the after school club has been messaging my boy", "disclosure"),
        ("netball on saturday, can i take pics of the team on my phone for the school fb", None),
        ("a TA told me a colleague has been dm-ing a year 6 girl on insta", "disclosure"),
        ("parent rang, says one of our LSAs put pics of her son on her personal fb", "disclosure"),
        ("a mum told me the drama club man has been adding kids on snapchat", "disclosure"),
        ("my little brother says one of the TAs follows him on tiktok", "disclosure"),
        ("someone says hes 11 but hes asking her for pics", "report"),
        ("some girls in her class have been picking on her on facebook", "report"),
        ("the other boys parents wont speak to us and the bullying is STILL going on", "report"),
        ("someone put a racist meme in the staff whatsapp group", "report"),
        ("a mum is asking to add me on fb, is that ok?", None),
        ("one of my old yr 6s (shes 14 now) just added me on snap. accept or not??", "report"),
        ("an ex pupil, shes 19 now, added me on fb. can i accept", None),
        ("a parent added me on fb, can i accept", None),
        ("mr jones has been liking and commenting on my sons youtube videos", "disclosure"),
        ("my daughters teacher accepted her follow request on tiktok", "disclosure"),
        ("a dad rang, his girl is getting horrible msgs from kids in her class", "report"),
        ("mr smith filmed the yr 4s at sports day on his own phone", "disclosure"),
        ("someone shared the school post on their page, is that ok", None),
        ("Deputy here. If a member of staff has been messaging pupils, do we suspend them?", None),
        ("what happens if my son gets a friend request from a teacher", None),
        ("my brother is on the staff and is friends with my son on fb", None),
        ("if another parent is threatening a teacher on fb what does the school do", None),
        ("my son's teacher followed him on tiktok", "disclosure"),
        ("a TA messaged my daughter on snapchat last night", "disclosure"),
        ("if a teacher followed my son on tiktok would that be allowed", None),
        ("ive noticed a TA follows loads of our yr 6s on insta", "disclosure"),
        ("the new TA has half of yr 3 as friends on fb", "disclosure"),
        ("a supply teacher was asking my class for their snap names", "disclosure"),
        ("my sons TA airdropped him a video at school today", "disclosure"),
        ("three yr 5 boys have been vile to a lad in a whatsapp group", "report"),
        ("my daughter is getting picked on in the class whatsapp", "report"),
        ("a grandad commented on the school fb that hes coming in to sort the head out", "report"),
        ("my ex has posted on her fb that our daughters teacher is a useless cow", "report"),
        (
            "another teacher took pics of the class on her own iphone and put one on her story",
            "disclosure",
        ),
        (
            "a teacher follows my 11yo on tiktok and likes all her videos. my partner says im "
            "overthinking it",
            "disclosure",
        ),
        ("my 9yo admitted he sent mrs p a follow request on insta", "report"),
        ("how do i report a kid under 13 whos on tiktok", None),
        ("how do i report a teacher who's been messaging my son on snap", "disclosure"),
        ("heard staff cant have phones in class, what if theres an emergency", None),
        ("i heard the school can refuse to help with the bullying. is that right?", None),
        ("a mum messaged me on fb about her sons reading, can i reply there", None),
        ("if a teacher gets reported for messaging kids what happens", None),
        ("a dad told me one of the TAs is friends with his 9 year old on fb", "disclosure"),
        ("my sister works at the school and is fb friends with my 9yo, is that ok", None),
        ("a mum says a supply teacher added her 10yo on snap", "disclosure"),
        ("my son (yr 4) is getting nasty whatsapps from boys in his class", "report"),
        ("my daughter (yr 6) sent her teacher a follow request on insta", "report"),
        ("my 10yo admitted he sent miss t a friend request", "report"),
        ("if we get a disclosure about a teacher should we suspend them", None),
        ("my nephew is in yr 3 and we're fb friends, do i need to tell anyone", None),
        ("ive got some adult stuff on my phone, is that an issue in school", None),
        ("my sons old teacher from hartest follows him on insta, he's 15 now", "disclosure"),
        ("my son's been chatting on a game to someone i think is a grown man", "disclosure"),
        (
            "another mum has been slagging off the yr1 teacher by name in the class whatsapp",
            "report",
        ),
        (
            "my yr4 is being picked on by girls in her class. ive told her to tell her teacher",
            "report",
        ),
        ("my daughters getting grief on whatsapp from a girl who moved schools", "report"),
        ("reported a teacher to the head last wk for messaging my son", "disclosure"),
        ("school says they reported my kid to facebook for being underage", None),
        ("some boys in his class are saying horrible things to him on whatsapp", "report"),
        ("yr5 boys made a snap group to pick on my son", "report"),
        ("a y4 girl messaged me saying her mums boyfriend hits her", "disclosure"),
        ("a man on roblox asked my stepdaughter for photos. shes 8", "disclosure"),
        ("ive seen the caretaker has yr6 kids added on snap", "disclosure"),
        ("asking as a mum not staff - my daughters class whatsapp is getting nasty", "report"),
        ("my son is 19 and left hartest ages ago, his old teacher added him on fb", None),
        ("loads of my old pupils are in their 20s now and keep adding me", None),
        ("a y4 boy asked for my snap today, i said no", "report"),
        ("my sons teacher liked and commented on his tiktok vid", "disclosure"),
        ("my 15yo left years ago and her old teacher still chats to her on insta", "disclosure"),
        ("my neighbours lad is in my class and ive always texted his mum", None),
        ("my daughter is 14 and left 3 yrs ago, her old teacher accepted her on fb", "disclosure"),
        ("my sons teacher gave him her personal mobile no. to text about homework", "disclosure"),
        ("a yr 3 i hear read asked if she can follow me on tiktok. shes 7!!", "report"),
        ("a colleague has been on fb on her phone in lessons all week, who do i tell", "report"),
        ("a mum on the village fb group is saying shes gonna sort me out at pick up", "report"),
        ("some of my year 5s been calling a lad names on tiktok all weekend", "report"),
        (
            "one of the dinner ladies put pics of the kids from sports day on her insta",
            "disclosure",
        ),
        ("trainee in my class was filming the kids on her own phone at sports day", "disclosure"),
        (
            "a yr5 showed me someones left a really nasty comment about me on the school fb",
            "report",
        ),
        (
            "a yr 6 left a comment on the school fb asking for my snap. do i need to tell anyone",
            "report",
        ),
        ("spotted a yr5 on tiktok on his phone at lunch, who do i tell", "report"),
        ("a dad in the class chat says hes going to destroy the head online", "report"),
        ("my daughter tried adding her teacher on snap, will she be in trouble", "report"),
        ("the yr6s bullying my lad on roblox wont stop, can i go to the police", "report"),
        ("a mum put on the class chat that im useless", "report"),
        ("my son get nasty messages from a boy in his class on roblox", "report"),
        ("another mum is posting bad things about the yr2 teacher on fb", "report"),
        ("a yr4 tried adding me on snap last night, i ignored it", "report"),
        ("my old yr6 kid is 16 now and added me on insta, can i accept", None),
        ("a yr 5 added me on snap last night", "report"),
        ("one of my yr6 boys requested to follow my insta, not accepted it. what now", "report"),
        ("a lady who works in the school office has been messaging my 10yo on insta", "disclosure"),
        ("found out a teacher is fb friends with my eldest, hes 14", "disclosure"),
        ("weve told the other parents and its still going", "report"),
        ("my son got caught trying to get round the firewall", "report"),
        ("the other midday filmed the kids on her own phone at lunch", "disclosure"),
        ("a worker from the club company is snapchatting a yr4 girl", "disclosure"),
        ("my stepdaughter sent her teacher a friend request", "report"),
        ("my 8 yr old sent his teacher a follow request from my account", "report"),
        ("a dad has just put on fb that the head is a liar", "report"),
        (
            "pretty sure one of the TAs is fb friends with a yr6, saw it on her profile",
            "disclosure",
        ),
        ("the lunchtime supervisor accepted a friend req from a yr3", "disclosure"),
        ("a teacher sent my twins a dm on tiktok", "disclosure"),
        ("the twins said their teacher showed them videos on her own phone", "disclosure"),
        ("my TA has been facetiming a reception mum most nights", "report"),
        ("3 boys in his class been sending him nasty snaps all weekend", "report"),
        ("a parent from my sons old class keeps posting about his old teacher", "report"),
        ("another mum is slagging off mr t on fb saying he shouldnt be near kids", "report"),
        (
            "a dad keeps commenting that mrs h is a joke, hed like to see her try it with his kid",
            "report",
        ),
        ("a dad put on the village fb that im not fit to coach kids", "report"),
        ("dad rang saying a teacher has been dming his 10 yr old on insta", "disclosure"),
        ("my 9 yr old tried to add mrs hall on fb last night", "report"),
        ("a yr5 got round the filter on the class ipad", "report"),
        ("shes getting whatsapps every night calling her fat", "report"),
        ("my y4 has had horrible messages all weekend", "report"),
        ("its y5 girls ganging up on my daughter on facebook", "report"),
        ("some lads in his class shared a video of him on tiktok", "report"),
        ("the midday was scrolling fb on her phone in the dinner hall", "report"),
        ("dinner lady here caught a yr6 on snapchat behind the shed at lunch", "report"),
        ("a ta here has been snapchatting my 10 year old", "disclosure"),
        ("a yr5 lad didnt hand his phone in and he was on snapchat in the toilets", "report"),
        (
            "a girl said someone on roblox saying hes 11, a grown up, keeps asking for her snap",
            "disclosure",
        ),
        # the asker's own role is not the adult in what they tell
        (
            "was scrolling insta last night and saw a boy from my yr6 class posted a video of "
            "another kid crying in the toilets. what am i meant to do, im only a trainee",
            "report",
        ),
        (
            "bit awkward but my colleague at breakfast club films the kids doing dances on her "
            "own phone and puts them on her tiktok",
            "disclosure",
        ),
        # ...unless the asker tells of what they did themselves
        ("im a TA and ive been messaging one of the yr6 boys on snap late at night", "disclosure"),
        ("im only a volunteer but i took photos of the kids on my own phone", "disclosure"),
        ("im a TA, ive been messaging a yr6 boy on snap", "disclosure"),
        ("one of the mums asked for my number so she can text me if shes running late", None),
        ("one of the dads asked for her snap at the disco", "report"),
        ("a y4 boy asked for my snap today, i said no. do i need to tell anyone", "report"),
        ("after worship could i put a photo of the children singing on the church fb", None),
        # a child reaching out to staff is the child's conduct
        (
            "lol my yr4 tried to add his teacher on roblox last night. do i need to do anything",
            "report",
        ),
        (
            "music teacher - a yr5 kid has just followed my bands insta. do i need to do anything?",
            "report",
        ),
        ("my son sent me a screenshot of his teacher messaging him on snap", "disclosure"),
        ("my son says mr jones added my daughter on snap", "disclosure"),
        ("my niece (10) got a friend request on tiktok from one of the lunch ladies", "disclosure"),
        ("the TA was taking pictures of my grandchildren on her own phone", "disclosure"),
        ("a parent told me the PE coach is facebook friends with a lad who left us", "disclosure"),
        ("my little brother keeps getting wound up on snap by a kid who moved schools", "report"),
        ("a group of kids in her class made a snapchat group just to laugh at her", "report"),
        # the school answering is not who did it
        (
            "kids in my sons yr5 class have been taunting him on facebook every weekend. the "
            "head says shes going to warn ALL the parents that the kids shouldnt be on fb",
            "report",
        ),
        (
            "y5 girls were sending horrible stuff about one girl all weekend. head of year says "
            "its weekend stuff so not our problem?? is that right",
            "report",
        ),
        (
            "the yr4 parents whatsapp group has turned into people slagging off one of the "
            "teachers by name and talking about a kid who got sent home",
            "report",
        ),
        ("a colleague has added my whole netball squad on insta", "disclosure"),
        ("my son Tomas Y4 receive horrible messages on whatsapp from 2 boys", "report"),
        # threats to staff, as parents write them
        (
            "a mum in the class whatsapp is calling miss p a liar and saying shell 'sort her out'",
            "report",
        ),
        # an adult still among a child's friends
        (
            "my girl is 14 and at high school now but her old yr6 teacher is still on her fb "
            "friends",
            "disclosure",
        ),
    ],
)
def test_incidents_are_told_apart_from_rule_questions(text: str, kind: str | None) -> None:
    assert escalation(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "if a colleague tells the head about my post, will it stay between them",
        "what should I do when a parent keeps messaging me about her son",
        "can I reply when a dad has posted something rude about me",
        "can i take photos of the class on my own phone for the display",
        "if i report a teacher for messaging my kid online what will the school do",
        "ok to send a rude meme about a colleague in whatsapp to another teacher?",
        "whats the schools line on cyber bullying",
        "as head do i have to go to the LADO if a parent tells me a teacher is messaging kids",
        "say they think a teacher has illegal stuff on their phone, do the police get called",
        # a parent in touch about their child, and the asker wondering whether to answer
        "a mum from my class keeps dming me on insta about her sons reading. can i just reply",
        "a mum i know from the village messaged me on messenger asking how her lad was, can i "
        "just reply",
    ],
)
def test_a_rule_asked_in_the_abstract_is_answered_not_escalated(text: str) -> None:
    """Even when the nearest examples are incident reports."""
    assert escalation(text, sounds_like_incident=True) is None


def test_a_parent_in_touch_is_still_escalated_when_hostile_or_naming_staff() -> None:
    assert escalation("a dad keeps messaging me abusive stuff on fb, can i reply") == "report"
    told = "a mum keeps messaging me, her son says mr jones has been snapchatting him. can i reply"
    assert escalation(told) == "disclosure"  # what the son says is an adult's conduct


@pytest.mark.parametrize(
    "text",
    [
        "i was mates with loads of the mums before i got this job, do i have to unfollow them",
        "ipad's dead, can i just take a quick pic of their paintings on my phone",
        "one of the teachers was at school with me years ago and added me on fb, my daughter "
        "is in her class now",
    ],
)
def test_a_plan_or_an_old_tie_is_not_told_as_an_incident(text: str) -> None:
    """Getting the job, what the asker would do, and a friend from before are no incident."""
    assert escalation(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a dad has posted on facebook that he'll sort me out, is that ok?", "report"),
        ("i saw mr jones messaging a pupil on snap, what happens if i tell the head", "disclosure"),
        (
            "my sons teacher messaged him on snap. if i report it will she lose her job",
            "disclosure",
        ),
        (
            "a mum came in and said one of our TAs has been snapchatting her 10yr old, what "
            "steps do i take",
            "disclosure",
        ),
        (
            "my daughter is 15, ive just seen 2 of the teachers still follow her on insta, is "
            "that allowed",
            "disclosure",
        ),
    ],
)
def test_an_incident_with_a_question_at_the_end_still_escalates(text: str, kind: str) -> None:
    """Safeguarding first: what happened is told, then asked about (even "what happens if I
    tell the head?"); the report is offered."""
    assert escalation(text) == kind


def test_language_and_words() -> None:
    assert looks_english("can my child use facebook at school")
    assert not looks_english("¿Puedo ser amigo de un alumno en Facebook?")
    # Platform names belong to no language: a message of them alone is not called foreign,
    # and they do not make a foreign question English.
    assert looks_english("facebook facebook facebook facebook")
    assert looks_english("INSTA SNAPCHAT TIKTOK???")
    assert not looks_english("Kann ich einem Schüler auf Facebook und Instagram folgen")
    assert not has_words("😀😀 👍 ")
    assert not has_words("   ")


def test_clean_bounds_and_normalises() -> None:
    assert len(clean("a" * 50_000)) == MAX_QUESTION_CHARS
    assert clean("  can\x00 I\u200b\n post? ") == "can I post?"
    assert clean(None) == ""


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("a parent keeps messaging me on facebook, is that allowed?", True),
        ("a dad has posted on facebook that he'll sort me out, is that ok?", True),
        ("one of my class commented on my tiktok. should i reply", True),
        ("someone posted something nasty on the school page, who do i tell", True),
        ("can I accept a friend request from a parent", True),
        ("my daughter just turned 13, is facebook ok now as far as school is concerned", True),
        ("i dont do facebook, am i gonna miss out on school news", True),
        ("I'm worried a colleague is messaging pupils on Snapchat", False),
        ("my son is being sent horrible messages by two boys in his class", False),
        ("my son is being bullied on whatsapp, it started at the weekend", False),
        ("I want to report a teacher, can you help?", False),
        ("how do I report something that happened on a trip?", False),
    ],
)
def test_a_question_about_a_rule_is_told_from_a_report(text: str, asks: bool) -> None:
    assert asks_about_a_rule(text) is asks


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("can my daughter take her phone on the school trip", True),
        ("am i allowed to post photos from the nativity", True),
        ("can my son's teacher follow him on tiktok", False),
        ("can i leave a comment about my son's teacher on facebook", True),
        ("is the school allowed to put pupils' photos online", False),
        ("his big sister's 14 and at the high school, is fb ok at that age", True),
        ("who decided the school should have a fb page", False),
    ],
)
def test_a_parent_asking_about_their_own_family_is_told_apart(text: str, family: bool) -> None:
    assert about_the_family(text) is family


@pytest.mark.parametrize(
    ("text", "questions"),
    [
        ("can I friend a former pupil aged 17? can I DM a parent?", 2),
        ("can i add a parent on facebook and can i use my phone in class", 2),
        ("is it ok to post a class photo and can we tag parents", 2),
        ("I'm a TA and can I use my phone at lunch", 1),  # a statement, then one question
        ("can staff and pupils be friends on snapchat", 1),
        ("can i friend my neighbours son? he used to go to hartest", 1),  # the rest is context
        ("can my 10yo have snapchat? and does she have to hand her phone in", 2),
        # asking whether what one did was right leads to the question itself
        ("a yr6 girl asked to add me on snap, i said no. was that right? do i tell someone", 1),
    ],
)
def test_two_questions_in_one_message_are_told_apart(text: str, questions: int) -> None:
    assert len(split_questions(text)) == questions


@pytest.mark.parametrize(
    ("text", "sanction"),
    [
        ("can a pupil be excluded for cyberbullying", True),
        ("could i get in trouble at work for a drunk night out photo on my fb", True),
        ("will my son be punished for having tiktok", True),
        ("can i be friends with a pupil on facebook", False),
        ("can pupils be on instagram", False),
    ],
)
def test_questions_about_a_sanction_are_noticed(text: str, sanction: bool) -> None:
    assert asks_about_a_sanction(text) is sanction


@pytest.mark.parametrize(
    ("text", "consequence"),
    [
        ("if i accidentally accepted a kid on insta what would happen to me", True),
        ("what happens to me if i get caught on fb at work without the heads ok", True),
        ("caught 2 yr 6s on a proxy site this morning. what happens to them now", True),
        ("is it rly gross misconduct if i accept a kids friend request by accident", True),
        ("is friending a kid by accident a sackable thing", True),
        ("what happens if i get caught on snap while im at work", True),
        ("what happens if i tell the head a teacher is messaging kids", False),
        ("what happens if my son sends his teacher a friend request", False),
        ("what happens to the photos after the trip", False),
    ],
)
def test_asking_what_becomes_of_someone_is_noticed(text: str, consequence: bool) -> None:
    """The clause on consequences explains: guidance, not the duty it sets off."""
    assert what_it_asks(text).consequence is consequence


@pytest.mark.parametrize(
    ("text", "about_the_policy"),
    [
        ("is the policy up to date", True),
        ("when was the social media policy last reviewed", True),
        ("who wrote this policy", True),
        ("has the policy been reviewed yet?", True),
        ("the policy was written before tiktok, does it cover it", False),
        ("is it approved by the head that i can post", False),
        ("what does the policy say about instagram", False),
    ],
)
def test_questions_about_the_policy_document_are_noticed(text: str, about_the_policy: bool) -> None:
    assert asks_about_the_policy(text) is about_the_policy


@pytest.mark.parametrize(
    ("text", "coverage"),
    [
        ("im a supply teacher do these rules apply to me", True),
        ("does the social media policy apply to lunchtime supervisors", True),
        ("am i covered by the policy", True),
        ("am i even covered by this, im not school staff i work for the sports company", True),
        ("do governors have to follow this too", True),
        ("do volunteers need to stick to these rules", True),
        ("im a volunteer, does any of this policy apply to me", True),
        ("im only a dinner lady does all the social media stuff even apply to me", True),
        ("im agency, does the schools social media policy even apply to me", True),
        ("hes on roblox chatting to people, does that count as social media?", True),
        ("im a parent governor, do i follow the staff rules or the parent ones", True),
        ("does the policy cover our internal staff blog", False),
        ("does the no friending kids rule apply to me too", False),
    ],
)
def test_questions_about_whom_the_policy_covers_are_noticed(text: str, coverage: bool) -> None:
    assert asks_who_it_covers(text) is coverage


@pytest.mark.parametrize(
    ("text", "received"),
    [
        ("Harry in yr 6 keeps sending me friend requests on fb", True),
        ("a girl in my class sent me a follow request last night, what do i do", True),
        ("got a friend request from a year 5 pupil", True),
        ("a pupil tried to add me on snapchat", True),
        ("a yr6 girl sent me a friend req on snap, havent accepted it", True),
        ("one of my yr6 boys requested to follow my insta", True),
        ("got a dm on my personal insta from one of my yr6 girls saying hi miss", True),
        ("a pupil sent me a friend request, can i accept it", False),
        ("a yr 4 girl sent me a follow request, i havent accepted it", True),
        ("a parent sent me a friend request", False),
        ("an ex pupil sent me a friend request", False),
    ],
)
def test_a_request_a_pupil_has_sent_is_told_from_asking_whether_to_accept(
    text: str, received: bool
) -> None:
    """What to do about it answers, not whether to accept (see PolicyEngine._decide)."""
    assert extract_facts(text).request_received is received


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("can i post a pic of my classroom display on my insta", "personal"),
        ("I'd love to post a photo of it on my personal Instagram", "personal"),
        ("can i put photos of the kids from sports day on the school twitter?", "official"),
        ("what email do i use to register our school's facebook page", "official"),
        ("is it ok to tweet from the classroom pc on the school acct", "official"),
        ("should i follow the school fb from my personal account", None),  # both named
        ("can i post about sports day", None),
    ],
)
def test_whose_account_a_post_goes_on_is_noticed(text: str, account: str | None) -> None:
    assert extract_facts(text).account == account


@pytest.mark.parametrize(
    ("text", "asker", "family"),
    [
        ("my grandson's just started reception, can i be friends with him on fb", "staff", True),
        ("my mother in law has a kid at the school, can i text her", "staff", True),
        ("i babysit for a couple of families in my y5 class", "staff", True),
        ("my best mate's little boy is in my class", "staff", True),
        ("my little bro is in y3 so i text my mum all the time", "staff", True),
        ("my own boy's in yr 3, am i ok to text him from my phone", "staff", True),
        ("a few y5 lads play for my club so im already mates with their dads on fb", "staff", True),
        ("my boys in yr 6 keep asking for my snap", "staff", False),
        ("can i be friends with a yr 6 on fb", "staff", False),
        # A parent's own child is no family link between staff and a pupil...
        ("can my son's teacher follow him on insta", "parent", False),
        # ...but a relative of theirs on the staff is.
        (
            "my mum is a dinner lady at the school, can she be fb friends with my kids",
            "parent",
            True,
        ),
        ("my cousin teaches at hartest, can she message me on fb", "parent", True),
        ("his teacher is an old mate from school, is it ok we're fb friends", "parent", True),
        ("one of the teachers was at school with me and added me on fb", "parent", True),
    ],
)
def test_a_staff_members_family_link_is_noticed(text: str, asker: str, family: bool) -> None:
    assert extract_facts(text, asker).family is family


@pytest.mark.parametrize(
    ("text", "staff"),
    [
        ("mr b has been messaging my 8 yr old on roblox", True),
        ("a lady who works in the school kitchen messaged my granddaughter", True),
        # (in the English of a parent still learning it)
        ("the man who help in school office send message on facebook to my daughter", True),
        ("the football coach has been snapchatting her after training", True),
        ("some man on roblox has been asking my 9yo for pics", False),
        ("should she tell her teacher about the nasty messages", False),
    ],
)
def test_someone_at_the_school_is_told_from_a_stranger(text: str, staff: bool) -> None:
    assert names_a_member_of_staff(text) is staff


@pytest.mark.parametrize(
    ("text", "with_learners"),
    [
        ("is it ok to use my own phone as a stop watch in pe lessons", True),
        ("can i use a tuner app on my phone during lessons", True),
        ("can i play music off my phone through the speaker in pe", True),
        ("can i show the class a youtube clip off my phone", True),
        ("can i show the kids the yt clip off my own laptop instead", True),
        ("trainee here, can i keep my phone on the desk to use as the timer for the kids", True),
        ("can i play music off my phone in the staffroom at lunch", False),
        ("can i check my phone in lessons", False),
        ("can i plug my own laptop into the board to show the class a clip", True),
    ],
)
def test_a_phone_used_as_a_tool_for_the_class_is_noticed(text: str, with_learners: bool) -> None:
    assert extract_facts(text).with_learners is with_learners


@pytest.mark.parametrize(
    ("text", "group_chat"),
    [
        ("i run the football club, can i set up a whatsapp group with the parents", True),
        ("can i make a whatsapp group with the yr6 netball girls to sort out fixtures", True),
        ("can i set up a whatsapp group on my phone for yr 6 to send homework reminders", True),
        ("thinking of setting up a whatsapp group w the parents of the football team", True),
        ("are we allowed a whatsapp group with the yr6 parents for the residential", True),
        ("thinking of a whatsapp group on my phone for the choir parents", True),
        ("some of the kids i teach are in my band, can i make a whatsapp group with them", True),
        ("the parents have made a whatsapp group, can i join it", False),
        ("im a ta and a mum, ive been in a whatsapp group with the reception mums for ages", False),
        ("can i set up a school facebook page", False),
    ],
)
def test_a_messaging_group_run_with_pupils_or_families_is_noticed(
    text: str, group_chat: bool
) -> None:
    """Staff contacting them from their own device: that rule decides (PolicyEngine._decide)."""
    assert extract_facts(text).group_chat is group_chat


@pytest.mark.parametrize(
    ("text", "promotion"),
    [
        ("can i pop a link to my etsy shop on the school fb page", True),
        ("doing the london marathon for charity, can i share my justgiving with the parents", True),
        ("im the peri guitar teacher, can i post that ive got spaces for new pupils", True),
        ("can i start a fb page campaigning against the new head", True),
        ("can i stick a post about my summer cricket camp on the school facebook? its £60", True),
        ("a sponsored ride for the pta, can i promote it and mention the school", False),
        ("can i put the harvest festival photos on the school facebook", False),
        ("can i plug my nails business on my insta", True),
        ("can i plug my own macbook into the board and use it with the class", False),
    ],
)
def test_selling_advertising_or_campaigning_is_noticed(text: str, promotion: bool) -> None:
    """The rule on personal interests and campaigns then decides (PolicyEngine._decide);
    raising money for the school itself is not that."""
    assert extract_facts(text).promotion is promotion
