"""The answer contract, as a user of any channel sees it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.policy.answers import PolicyEngine, Role
from assistant.policy.corpus import Policy
from assistant.policy.verdicts import VERDICTS


def test_former_pupil_aged_17_is_a_no_with_the_under_18_clause_quoted(
    engine: PolicyEngine, policy: Policy
) -> None:
    answer = engine.answer("Can I friend a former pupil aged 17?", "staff")
    assert answer.verdict == "not_permitted"
    assert answer.summary.startswith("No:")
    assert "18" in answer.summary
    first = answer.citations[0]
    assert first.id == "terms-1g"
    assert (first.section, first.number) == ("Terms of Use", "1(g)")
    assert first.text == policy.clause("terms-1g").text
    assert answer.escalation is None


def test_every_citation_is_verbatim(engine: PolicyEngine, policy: Policy) -> None:
    for question in [
        "can I use my own phone to take photos of the children",
        "am I allowed on facebook in work time",
        "is my 12 year old allowed on instagram",
    ]:
        answer = engine.answer(question, "staff")
        assert answer.citations, question
        for citation in answer.citations:
            assert citation.text == policy.clause(citation.id).text
            assert 0 < citation.score <= 1


@pytest.mark.parametrize(
    ("question", "age"),
    [
        ("can I be friends on facebook with a former pupil aged 19?", "19"),
        ("an ex pupil who is now 22 wants to connect on linkedin", "22"),
    ],
)
def test_an_age_that_rules_the_clause_out_is_not_a_no(
    engine: PolicyEngine, question: str, age: str
) -> None:
    answer = engine.answer(question)
    assert answer.verdict != "not_permitted"
    assert age in answer.summary


def test_a_missing_deciding_fact_gives_a_conditional_answer(engine: PolicyEngine) -> None:
    answer = engine.answer("can I have a former pupil as a friend on social media?")
    assert answer.verdict == "not_permitted"
    assert answer.summary.startswith("No, if they are under 18:")


def test_a_pupil_here_needs_no_age_to_be_a_plain_no(engine: PolicyEngine) -> None:
    """Every pupil of a primary school is under 12: "if they are under 18" would read as
    if a Year 6 might not be."""
    answer = engine.answer("Is Mr Davies allowed to be friends with year 6 kids on facebook?")
    assert answer.verdict == "not_permitted"
    assert answer.summary.startswith("No: ")


def test_permission_from_the_headteacher_is_a_condition(engine: PolicyEngine) -> None:
    answer = engine.answer("can I use social media for personal use during work time?")
    assert answer.verdict == "permitted_with_permission"
    assert answer.citations[0].id == "worktime-1"


def test_a_clause_binding_two_parties_answers_each_with_their_own_duty(
    engine: PolicyEngine,
) -> None:
    parent = engine.answer("can pupils try to friend teachers on social media?", "parent")
    staff = engine.answer("do I have to tell the head when a pupil tries to add me?", "staff")
    assert parent.citations[0].id == staff.citations[0].id == "pupil-guidance-4"
    assert (parent.verdict, staff.verdict) == ("not_permitted", "required")


@pytest.mark.parametrize(
    "question", ["what time does school start?", "how much is dinner money", "where can I park"]
)
def test_questions_outside_the_policy_say_so_and_who_to_ask(
    engine: PolicyEngine, question: str
) -> None:
    parent = engine.answer(question, "parent")
    assert parent.verdict == "not_covered"
    assert parent.citations == ()
    assert "school office" in parent.summary
    assert "headteacher" in engine.answer(question, "staff").summary


@pytest.mark.parametrize(
    ("about_social_media", "about_the_day"),
    [
        ("can i tweet about our world book day from my own twitter", "when is world book day"),
        ("can i post on our club page that sports day is friday", "when is sports day this year"),
    ],
)
def test_posting_about_a_school_event_is_covered_though_the_event_itself_is_not(
    engine: PolicyEngine, about_social_media: str, about_the_day: str
) -> None:
    assert engine.answer(about_the_day, "parent").verdict == "not_covered"
    answer = engine.answer(about_social_media, "parent")
    assert answer.verdict != "not_covered"
    assert answer.citations[0].id == "terms-1i"


def test_a_photo_of_a_pupil_on_a_personal_phone_is_covered(engine: PolicyEngine) -> None:
    """No platform is named, but a personal phone for photos of pupils is the policy's."""
    answer = engine.answer(
        "I do reading with Year 2 on Tuesdays. One boy's granny is an old friend and would "
        "love a photo of him reading. Could I take one on my phone?",
        "staff",
    )
    assert answer.verdict == "not_permitted"
    assert answer.citations[0].id == "staff-devices-4a"


def test_staff_asking_what_they_must_do_hear_the_rule_for_staff(engine: PolicyEngine) -> None:
    """ "like the kids do" names the pupils' rule; "we" are staff, and theirs is advice."""
    answer = engine.answer("do we have to hand our phones in like the kids do", "staff")
    assert answer.verdict == "guidance"
    assert answer.citations[0].id == "staff-devices-2a"


@pytest.mark.parametrize(
    "question",
    [
        "just found out a colleague is friends with a yr 5 girl on insta. who do i tell",
        "as SENCo a parent just told me the PE coach is facebook friends with a lad who left us "
        "2 yrs ago, hes 13 now. do i need to pass this on or leave it",
    ],
)
def test_staff_telling_of_a_colleague_are_not_given_the_duty_for_family_links(
    engine: PolicyEngine, question: str
) -> None:
    """No family link is stated, so "tell the head of a family link" is not their duty."""
    answer = engine.answer(question, "staff")
    assert (answer.verdict, answer.escalation) == ("required", "disclosure")
    assert "family_link" not in engine.annotations[answer.citations[0].id].conditions


@pytest.mark.parametrize(
    "question",
    [
        "we're half a mile from school in the woods, if someone gets hurt can i use my mobile to "
        "ring for help",
        "can i use my phone to ring 999 if a child is injured in pe",
    ],
)
def test_a_phone_in_an_emergency_gets_the_rule_that_allows_for_one(
    engine: PolicyEngine, question: str
) -> None:
    """Not "No: staff may not contact pupils or parents from their own phones"."""
    answer = engine.answer(question, "staff")
    assert answer.verdict == "permitted_with_permission"
    assert answer.citations[0].id == "staff-devices-2d"
    assert "emergency" in answer.summary


def test_asking_how_to_do_something_is_not_answered_no(engine: PolicyEngine) -> None:
    """ "No" does not say how; the clause is quoted as guidance."""
    answer = engine.answer("how do i report a pupil in my class who is on tiktok under 13")
    assert answer.verdict == "guidance"
    assert answer.citations[0].id == "pupil-guidance-1"
    assert engine.answer("can a pupil under 13 be on tiktok").verdict == "not_permitted"


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \n\t ",
        "😀😀😀",
        "a" * 50_000,
        "can I friend a pupil " * 3000,
        "¿Puedo ser amigo de un alumno en Facebook?",
        "<script>alert('x')</script>",
        "'; DROP TABLE cases; --",
        None,
    ],
)
def test_bad_input_gets_a_kind_answer_in_the_contract(
    engine: PolicyEngine, question: str | None
) -> None:
    answer = engine.answer(question, "parent")
    assert answer.verdict in VERDICTS
    assert answer.summary and "Traceback" not in answer.summary
    json.dumps(answer.to_dict())


def test_other_languages_are_told_we_answer_in_english(engine: PolicyEngine) -> None:
    answer = engine.answer("¿Puedo ser amigo de un alumno en Facebook?", "parent")
    assert "English" in answer.summary


def test_an_incident_is_flagged_for_escalation(engine: PolicyEngine) -> None:
    answer = engine.answer("I'm worried a colleague is messaging pupils on Snapchat", "staff")
    assert answer.escalation == "disclosure"
    threat = engine.answer("a parent has been threatening me on facebook", "staff")
    assert threat.escalation == "report"


def test_a_disclosure_in_its_own_words_is_not_called_outside_the_policy(
    engine: PolicyEngine,
) -> None:
    """Told as it happened, an incident is further from every clause than a question is,
    but the policy still covers it."""
    answer = engine.answer("I think a teacher is grooming my son online", "parent")
    assert answer.escalation == "disclosure"
    assert answer.verdict != "not_covered"
    assert answer.citations


def test_the_answer_says_whether_the_policy_is_overdue(engine: PolicyEngine) -> None:
    question = "can I friend a former pupil aged 17?"
    assert engine.answer(question, today=dt.date(2021, 1, 1)).policy.overdue is False
    assert engine.answer(question, today=dt.date(2026, 11, 26)).policy.overdue is True


def test_the_json_form_is_the_documented_contract(engine: PolicyEngine) -> None:
    data = engine.answer("can I friend a former pupil aged 17?").to_dict()
    assert set(data) == {"verdict", "summary", "citations", "policy", "escalation", "note"}
    assert set(data["citations"][0]) == {"id", "section", "number", "text", "score", "lead_in"}
    assert set(data["policy"]) == {
        "title", "school", "trust", "approved", "review_date", "overdue",
    }  # fmt: skip


def test_an_unknown_role_is_refused(engine: PolicyEngine) -> None:
    with pytest.raises(ValueError):
        engine.answer("can I post photos?", "governor")  # type: ignore[arg-type]


def test_a_stated_time_outside_the_rule_changes_the_answer(engine: PolicyEngine) -> None:
    during = engine.answer("can pupils go on social media during the school day?")
    assert during.verdict == "not_permitted"
    after = engine.answer("can pupils go on social media after school at home?", "parent")
    assert after.verdict != "not_permitted"


def test_after_hours_with_pupils_still_there_is_still_a_no_for_phones(
    engine: PolicyEngine,
) -> None:
    """Phones are not used where pupils are "unless it is outside school hours and the
    pupils are off site": both, so pupils still waiting after school keep the rule on."""
    gone = engine.answer(
        "can I use my mobile in the classroom after school once the pupils have left?"
    )
    waiting = engine.answer(
        "it's after school but some pupils are still waiting in the classroom to be "
        "collected, can I use my mobile?"
    )
    assert "device-expectations-5" in {c.id for c in gone.citations + waiting.citations}
    assert gone.verdict != "not_permitted"
    assert waiting.verdict == "not_permitted"


def test_a_family_link_is_told_to_the_head_but_not_kept_up_on_school_equipment(
    engine: PolicyEngine,
) -> None:
    """staff-guidance-4 holds two duties; the stated device picks the one that applies."""
    tell = engine.answer("my nephew is in year 2 and we're friends on facebook, what do I do?")
    device = engine.answer("my niece is in year 5, can I chat to her on the school laptop?")
    assert tell.citations[0].id == device.citations[0].id == "staff-guidance-4"
    assert tell.verdict == "required"
    assert device.verdict == "not_permitted"
    # A stated family link points at that rule, over a closer one for all pupils.
    grandson = engine.answer(
        "my grandson's just started reception, can i be friends with him on fb"
    )
    assert grandson.citations[0].id in {"staff-guidance-4", "staff-devices-3a"}
    assert grandson.verdict == "required"
    # The exception decides over the rule it qualifies, however much closer the rule is.
    for question in (
        "i teach at hartest and my son is in yr3, can i text him on my phone",
        "i babysit for a reception family, can i text the mum from my phone",
    ):
        family = engine.answer(question)
        assert family.citations[0].id == "staff-devices-3a"
        assert family.verdict == "required"
    assert engine.answer("can i text a mum from my phone").verdict == "not_permitted"


def test_whom_the_policy_covers_is_answered_however_far_the_wording_is(
    engine: PolicyEngine,
) -> None:
    answer = engine.answer("im peri, only in on tuesdays. does this policy even apply to me")
    assert answer.verdict == "guidance"
    assert answer.citations[0].id.startswith("scope")


def test_school_computers_may_post_on_the_schools_own_page_and_nothing_else(
    engine: PolicyEngine,
) -> None:
    """pupil-guidance-5 forbids social networking on school computers "unless for direct
    school use (posting school information on the school Facebook / Twitter pages)"."""
    own = engine.answer("can i check my own fb on the office pc at lunch")
    school = engine.answer("can i use the school pc at lunch to put the menu on the school fb page")
    assert own.citations[0].id == school.citations[0].id == "pupil-guidance-5"
    assert own.verdict == "not_permitted"
    assert school.verdict == "permitted"
    # The exception answers for the school's page even when a clause about running the
    # official accounts is the runner-up (it was once put first, as the account "named").
    newsletter = engine.answer(
        "can i use the office pc to put the newsletter on the school twitter"
    )
    assert newsletter.citations[0].id == "pupil-guidance-5"
    assert newsletter.verdict == "permitted"


def test_the_headteachers_permission_is_acknowledged_in_the_answer(
    engine: PolicyEngine,
) -> None:
    """The rule still needs the head's approval (the verdict), and the answer says the
    asker has it."""
    asked = engine.answer("can I go on facebook for personal use in work time?")
    assert asked.verdict == "permitted_with_permission"
    assert asked.summary.startswith("Only with the headteacher's permission")
    granted = engine.answer(
        "the head has given me permission, can I go on facebook for personal use in work time?"
    )
    assert granted.verdict == "permitted_with_permission"
    assert granted.summary.startswith("Yes, as the headteacher has agreed")
    assert granted.citations[0].id == asked.citations[0].id


def test_a_former_pupil_is_answered_by_the_former_pupil_rule(engine: PolicyEngine) -> None:
    """ "Friend request" alone points at the rule for pupils; a former pupil of 18 is not
    under it, nor under the rule for former pupils under 18."""
    answer = engine.answer(
        "can i accept a friend request from a former pupil who turned eighteen last month"
    )
    assert answer.citations[0].id in {"terms-1g", "staff-guidance-2"}
    assert answer.verdict == "guidance"
    assert "18" in answer.summary


def test_the_policy_document_is_described_from_its_cover_page(engine: PolicyEngine) -> None:
    meta = engine.policy.meta
    late = engine.answer("is the policy up to date?", today=dt.date(2026, 11, 26))
    assert late.verdict == "guidance" and not late.citations
    assert meta.approved in late.summary and meta.review_date in late.summary
    assert "check with the headteacher" in late.summary
    in_time = engine.answer("when was the policy last reviewed", today=dt.date(2021, 1, 1))
    assert "within its review period" in in_time.summary


def test_whom_the_policy_covers_is_not_answered_by_a_rule(engine: PolicyEngine) -> None:
    """ "Does the policy apply to supply teachers?" answered "No: social media must not
    be used..." would read as "it does not apply to them"."""
    answer = engine.answer("does the social media policy apply to supply teachers")
    assert answer.verdict == "guidance"
    assert not engine.annotations[answer.citations[0].id].normative


def test_asked_about_a_sanction_the_rule_is_not_a_no(engine: PolicyEngine) -> None:
    """ "Can a pupil be excluded for cyber bullying?" answered "No: the school has zero
    tolerance of cyber bullying" would read as "they cannot be excluded". What they did is
    still forbidden (the labelling guide's verdict), so the answer says it is against the
    policy."""
    answer = engine.answer("can a pupil be excluded for cyberbullying", "parent")
    assert answer.verdict == "not_permitted"
    assert answer.summary.startswith("It is against the policy: ")
    assert answer.citations


@pytest.mark.parametrize(
    ("ruled", "verdict", "outside", "why"),
    [
        ("can i use my phone in the playground at lunch", "not_permitted",
         "can i use my phone at lunch in the staffroom", "where pupils are"),
        ("can i use my phone to listen to music in lessons", "permitted_with_permission",
         "can i use my phone to listen to music in my ppa", "away from teaching"),
    ],
)  # fmt: skip
def test_a_stated_place_or_time_takes_a_question_outside_a_rule(
    engine: PolicyEngine, ruled: str, verdict: str, outside: str, why: str
) -> None:
    """The staffroom is not where pupils are; PPA time is not lesson time."""
    under_the_rule = engine.answer(ruled)
    assert under_the_rule.verdict == verdict
    answer = engine.answer(outside)
    assert answer.citations[0].id == under_the_rule.citations[0].id
    assert answer.verdict == "guidance"
    assert why in answer.summary


def test_a_duty_is_not_read_as_a_yes(engine: PolicyEngine) -> None:
    """ "Can staff post photos...?" answered "Yes, this is required: staff must have
    consent" would read as a yes; the duty is stated as a duty."""
    answer = engine.answer("can staff post photos of pupils on the school facebook page", "parent")
    assert answer.verdict == "required"
    assert answer.summary.startswith("Required: ")


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("can teachers be friends with parents on fb", "staff"),
        ("can my TA friend me on facebook", "parent"),
    ],
)
def test_a_question_about_parents_is_not_answered_by_a_rule_for_under_18s(
    engine: PolicyEngine, question: str, role: Role
) -> None:
    """ "No, if they are under 18" is no answer about parents, nor to a parent asking
    about being befriended themselves."""
    answer = engine.answer(question, role)
    assert "under 18" not in answer.summary
    assert "age_under" not in engine.annotations[answer.citations[0].id].conditions


@pytest.mark.parametrize(
    "question",
    ["can i friend a colleague on facebook", "can i accept a friend request from a supply teacher"],
)
def test_a_rule_about_pupils_does_not_answer_a_question_about_a_colleague(
    engine: PolicyEngine, question: str
) -> None:
    answer = engine.answer(question)
    assert answer.verdict == "guidance"
    assert "another adult at the school" in answer.summary
    assert answer.summary.endswith(
        f"If you are unsure, please ask {engine.contacts.headteacher} or {engine.contacts.dsl}."
    )
    assert "under 18:" not in answer.summary


def test_a_former_pupil_bullying_a_pupil_is_not_read_as_staff_contact(
    engine: PolicyEngine,
) -> None:
    answer = engine.answer(
        "ex pupil who left in july, now at the high school, is sending nasty snaps to one "
        "of my yr 6s"
    )
    assert answer.citations[0].id == "cyber-bullying-4a"
    assert answer.escalation == "report"


def test_asking_what_one_must_do_gets_the_duty(engine: PolicyEngine) -> None:
    """A pupil must not try to friend staff; the staff member it happens to must tell the
    head. Asked what they must do, staff get their duty."""
    answer = engine.answer(
        "SO IF A PUPIL FRIENDS ME AND I DONT ACCEPT DO I STILL HAVE TO TELL ANYONE"
    )
    assert answer.citations[0].id == "pupil-guidance-4"
    assert answer.verdict == "required"
    # Told of an incident and asked what to do: the duty, not the rule that was broken.
    told = engine.answer("a dad sent me really abusive texts at 11pm. do i report it")
    assert told.citations[0].id == "cyber-bullying-4g"
    assert told.verdict == "required"


def test_asking_what_to_do_is_answered_by_the_duty_before_a_stated_age(
    engine: PolicyEngine,
) -> None:
    """Told of a teacher friends with a 10 year old and asked what to do, the deputy needs
    the duty, not "No: staff must not be friends with pupils under 18"."""
    answer = engine.answer(
        "deputy here. a mum has just told me one of our teachers is friends with her 10yo on "
        "insta. what do we have to do"
    )
    assert answer.verdict == "required"
    assert answer.escalation == "disclosure"


@pytest.mark.parametrize(
    "question",
    [
        "would i be told if my son tried to add his teacher on insta?",
        "what happens if my son sends his teacher a friend request on fb",
    ],
)
def test_asking_what_follows_gets_the_duty_it_sets_off(engine: PolicyEngine, question: str) -> None:
    """A pupil must not try to friend staff; the head and parents are told when one does. A
    parent asking what follows gets that duty, not "No: pupils should not"."""
    answer = engine.answer(question, "parent")
    assert (answer.verdict, answer.citations[0].id) == ("required", "pupil-guidance-4")
    assert "parents will be informed" in answer.summary


def test_what_the_school_will_do_is_answered_by_a_duty_not_the_rule_broken(
    engine: PolicyEngine,
) -> None:
    """Asked what the school will do about children bullying online, a parent needs the
    school's duty, not "No: pupils must not bully"."""
    answer = engine.answer(
        "kids in my sons class made a whatsapp group called '[name] is a weirdo' and have been "
        "posting about him all half term. hes autistic and devastated. what will school actually "
        "do",
        "parent",
    )
    assert answer.verdict == "required"
    assert answer.escalation == "report"


def test_a_request_a_pupil_has_sent_gets_the_duty_not_the_rule_on_accepting(
    engine: PolicyEngine,
) -> None:
    """Told that a pupil keeps sending requests, staff need what to do now (tell the
    head), not "No: staff should not accept them"; asked whether to accept, they get that."""
    told = engine.answer("Ellie in yr 6 keeps sending me friend requests on fb")
    assert (told.verdict, told.citations[0].id) == ("required", "pupil-guidance-4")
    asked = engine.answer("a pupil in yr 6 sent me a friend request, can i accept it")
    assert asked.verdict == "not_permitted"


def test_staff_told_of_pupils_bullying_get_the_schools_duty_not_the_pupils_rule(
    engine: PolicyEngine,
) -> None:
    """Pupils' misconduct told by staff: what the school must do now, not "No: pupils must
    not"; asked in the abstract, the pupils' rule still answers."""
    told = engine.answer("some of my yr 5s have set up a group chat to pick on a girl in the class")
    assert told.escalation == "report"
    assert told.verdict == "required"
    assert told.citations[0].id.startswith("cyber-bullying")
    asked = engine.answer("is a bit of online teasing between yr 6s ok if its just banter?")
    assert asked.verdict == "not_permitted"


def test_a_parent_asking_about_their_own_child_is_not_given_a_rule_for_staff(
    engine: PolicyEngine,
) -> None:
    question = "can my son bring his phone in so he can text me after breakfast club"
    assert engine.answer(question, "parent").citations[0].id == "pupil-guidance-3"
    # Asked by staff, the question keeps the order retrieval gave it.
    hits, _ = engine._search(engine.read(question))
    assert engine.answer(question, "staff").citations[0].id == hits[0].clause_id


def _binds_only_staff(engine: PolicyEngine, clause_id: str) -> bool:
    return set(engine.annotations[clause_id].binds) <= {"staff", "school"}


def test_whether_a_child_who_has_left_may_use_a_platform_is_not_a_rule_for_staff(
    engine: PolicyEngine,
) -> None:
    """ "He left last year" points at the rule on staff and former pupils; the parent asks
    about their own child's use, which the age rules answer."""
    own = engine.answer("my son left hartest last year and hes 13 now, is he ok to have snapchat",
                        "parent")  # fmt: skip
    assert own.verdict == "guidance"
    assert not engine.annotations[own.citations[0].id].conditions.get("former_pupil")
    contact = engine.answer(
        "my son left hartest last year, can he be friends with his old teacher on snapchat",
        "parent",
    )
    assert contact.verdict == "not_permitted"


def test_a_stated_age_does_not_bring_a_rule_for_staff_back_into_a_parents_question(
    engine: PolicyEngine,
) -> None:
    """The age points at the staff rule on under-18s too, but a parent asking what their
    own child may do is answered by what the policy says about children and Facebook."""
    answer = engine.answer(
        "my eldest is 15 and at the high school now, is she old enough for facebook", "parent"
    )
    assert not _binds_only_staff(engine, answer.citations[0].id)
    assert answer.verdict == "guidance"


def test_staff_asking_what_they_may_do_are_not_given_a_rule_for_pupils(
    engine: PolicyEngine,
) -> None:
    """The pupils' rule on handing phones in is the closest match, but a member of staff
    asking about themselves is answered by the advice for staff's own phones."""
    answer = engine.answer("do i have to hand my phone in to the office like the kids do", "staff")
    assert "staff" in engine.annotations[answer.citations[0].id].binds
    assert answer.verdict == "guidance"


def test_a_check_back_is_answered_with_the_question_after_it(engine: PolicyEngine) -> None:
    """ "was that right?" asks about what they did; "do i need to tell someone" is the ask."""
    answer = engine.answer(
        "couple of the yr6 girls asked to add me on snap at lunch today, i said no. was that "
        "right? do i need to tell someone",
        "staff",
    )
    assert answer.verdict == "required"
    assert answer.note is None  # one question, not two


def test_staff_asking_what_staff_must_do_are_not_given_a_rule_for_pupils(
    engine: PolicyEngine,
) -> None:
    answer = engine.answer("do staff have to hand their phones in to the office like the kids do")
    assert answer.citations[0].id == "staff-devices-2a"
    assert answer.verdict == "guidance"


def test_staff_asking_what_they_may_do_are_not_given_a_duty_about_others(
    engine: PolicyEngine,
) -> None:
    """The pupils' rule is the closest match and the duty to report pupils' use comes next,
    but "can I have a look" asks what the asker may do: the rule on their own use answers."""
    answer = engine.answer(
        "can i have a quick look on insta while the kids are doing silent reading? theyre not "
        "watching me",
        "staff",
    )
    assert answer.citations[0].id == "worktime-1"
    assert answer.verdict == "permitted_with_permission"


def test_a_parent_asking_what_they_may_do_is_not_given_a_rule_for_staff(
    engine: PolicyEngine,
) -> None:
    """A teacher named in the question does not make a staff duty the parent's answer."""
    answer = engine.answer("can i leave a review slagging off one of the TAs on facebook", "parent")
    assert not _binds_only_staff(engine, answer.citations[0].id)
    assert answer.verdict == "not_permitted"


def test_a_parent_asking_to_message_staff_is_given_the_rule_on_messaging_parents(
    engine: PolicyEngine,
) -> None:
    """The rule for staff's private messages with parents answers the parent's side of it,
    not the rule on mentioning staff online."""
    answer = engine.answer(
        "work nights so cant make parents eve, can i just message the teacher on fb instead",
        "parent",
    )
    assert answer.citations[0].id == "staff-expectations-2h"
    assert answer.verdict == "not_permitted"


def test_a_lead_in_that_states_a_duty_answers_with_it(engine: PolicyEngine) -> None:
    """The lead-in "If the head teacher receives a disclosure ... they should:" puts the
    steps after it on the head: what happens then is answered as a duty, not guidance."""
    answer = engine.answer(
        "what steps does the headteacher take after being told a teacher is misusing facebook"
    )
    assert answer.citations[0].id.startswith("child-protection-1")
    assert answer.verdict == "required"


def test_a_rule_for_the_schools_own_channels_does_not_answer_for_a_personal_account(
    engine: PolicyEngine,
) -> None:
    """Consent before sharing images binds the school's official channel; a display photo
    on a teacher's own Instagram is a reference to school, which needs the head's say-so."""
    answer = engine.answer(
        "can i post a pic of my classroom display on my own insta, no kids in it"
    )
    assert answer.verdict == "permitted_with_permission"
    assert answer.citations[0].id == "terms-1i"


def test_photos_for_the_schools_own_page_are_answered_by_the_rule_for_that_page(
    engine: PolicyEngine,
) -> None:
    """The other way round: for the school's Facebook, consent before sharing images (a
    duty of staff acting for the school) decides, not the head's say-so for a mention."""
    answer = engine.answer("im running the school fb, ok to upload the nativity photos")
    assert answer.verdict == "required"
    assert answer.citations[0].id == "staff-expectations-2f"


def test_photos_taken_on_ones_own_phone_are_answered_by_the_rule_on_devices(
    engine: PolicyEngine,
) -> None:
    """Even when they are for the school's page: photos of pupils only on school equipment."""
    answer = engine.answer(
        "yr6 residential next month, can i take pics of the kids on my phone and stick them on "
        "the school fb when we get back"
    )
    assert (answer.verdict, answer.citations[0].id) == ("not_permitted", "staff-devices-4a")


def test_staff_telling_of_an_adult_and_a_child_and_asking_what_to_do_hear_a_duty(
    engine: PolicyEngine,
) -> None:
    """Not "not under this rule" (the working-day rule, for "late at night"), nor "No" (the
    rule the adult broke): a duty that holds, however far down the ranking."""
    answer = engine.answer(
        "a TA just told me she saw our caretaker snapchatting one of the yr5 boys, sending him "
        "stuff late at night. who do i tell?? the head?"
    )
    assert answer.escalation == "disclosure"
    assert answer.verdict == "required"
    assert answer.citations[0].id != "staff-guidance-6"
    forwarded = engine.answer(
        "dad just forwarded me a tiktok from one of our TAs, shes filmed kids in the lunch hall "
        "on her phone and posted it, you can see their faces. what do i do with this"
    )
    assert (forwarded.escalation, forwarded.verdict) == ("disclosure", "required")


def test_a_parent_posting_on_the_schools_page_is_not_answered_by_a_rule_for_staff(
    engine: PolicyEngine,
) -> None:
    """The rules for staff acting for the school do not bind a parent commenting there."""
    answer = engine.answer(
        "can i comment on the school facebook that the new teacher is useless", "parent"
    )
    assert answer.verdict == "not_permitted"
    assert answer.citations[0].id == "terms-1f"


def test_asking_why_gets_the_reason_not_a_ruling(engine: PolicyEngine) -> None:
    asked = engine.answer("is facebook allowed for under 13s", "parent")
    why = engine.answer("why is facebook not allowed for under 13s anyway", "parent")
    assert asked.verdict == "not_permitted"
    assert why.verdict == "guidance"
    assert why.citations


def test_asking_what_a_word_means_is_not_answered_no(engine: PolicyEngine) -> None:
    """ "No: the school has zero tolerance of cyber bullying" does not answer it."""
    answer = engine.answer("what does cyber bullying mean", "parent")
    assert answer.verdict == "guidance"
    assert answer.summary.startswith("Guidance: ")
    assert answer.citations


def test_asking_what_becomes_of_someone_is_explained_not_ruled(engine: PolicyEngine) -> None:
    """Not "No" (the rule broken) nor "Yes, required" (the duty it sets off): what may follow."""
    answer = engine.answer("what happens to me if i get caught on fb at work without the heads ok")
    assert answer.verdict == "guidance"
    assert answer.citations


def test_what_becomes_of_an_adult_who_harmed_a_child_is_the_process_that_follows(
    engine: PolicyEngine,
) -> None:
    answer = engine.answer(
        "my daughters TA has been messaging her on snapchat at night, what will happen to her",
        "parent",
    )
    assert (answer.escalation, answer.verdict) == ("disclosure", "required")


def test_two_questions_in_one_message_say_which_was_answered(engine: PolicyEngine) -> None:
    answer = engine.answer("can I friend a former pupil aged 17? can I DM a parent?")
    assert answer.citations[0].id == "terms-1g"
    assert "this answers the first" in answer.note


# A worried member of staff tells the whole story before asking (1,141 characters).
LONG_QUESTION = (
    "Hi, sorry for the long message. "
    + "One of my old year 6 girls, who is 17 now, keeps sending me friend requests on facebook "
    "and messaging me about how she is getting on at college, and I don't want to be rude "
    "to her. " * 6 + "Am I allowed to accept?"
)


def test_a_very_long_message_is_answered_from_its_beginning_and_says_so(
    engine: PolicyEngine,
) -> None:
    answer = engine.answer(LONG_QUESTION)
    assert answer.verdict == "not_permitted"
    assert answer.citations[0].id in {"terms-1g", "staff-guidance-2"}
    assert "over 1,000 characters" in answer.note
    assert engine.answer(LONG_QUESTION[-400:]).note is None


def test_a_name_in_the_question_is_never_repeated_back(engine: PolicyEngine) -> None:
    answer = engine.answer("can I add Jake Thornbury from my old class on snapchat, he's 16?")
    assert "Jake" not in json.dumps(answer.to_dict())
    assert answer.verdict == "not_permitted"


def test_a_follow_up_reads_the_previous_question(engine: PolicyEngine) -> None:
    first = engine.answer("can I friend a former pupil aged 17?")
    previous = engine.context_after("can I friend a former pupil aged 17?", first, None)
    follow_up = engine.answer("what if she's 19?", previous=previous)
    assert follow_up.verdict == "guidance"
    assert follow_up.citations[0].id == "terms-1g"
    assert follow_up.note == "Building on your previous question (about Terms of Use, clause 1(g))."
    unrelated = engine.answer("what if she's 19?")
    assert unrelated.note is None


@pytest.mark.parametrize(
    ("role", "first", "then"),
    [
        ("parent", "can my 11 year old have tiktok", "what about when he turns 13?"),
        ("staff", "can i use my phone in class", "what if the head says yes?"),
    ],
)
def test_a_follow_up_that_states_the_deciding_fact_changes_the_answer(
    engine: PolicyEngine, role: Role, first: str, then: str
) -> None:
    asked = engine.answer(first, role)
    previous = engine.context_after(first, asked, None)
    follow_up = engine.answer(then, role, previous=previous)
    assert asked.verdict in ("not_permitted", "permitted_with_permission")
    assert follow_up.summary.startswith(("Not under this rule", "Yes, as the headteacher"))
    assert follow_up.citations[0].id == asked.citations[0].id


def test_a_parent_telling_of_staff_conduct_hears_the_rule_it_breaks(engine: PolicyEngine) -> None:
    """A parent who tells of what a member of staff did is answered by the rule broken
    (asked whether it is allowed, even one further down than the best three, which a time
    of day does not rule out); asked what the school will do, by the school's duty; and a
    stranger online breaks no rule for staff."""
    told = engine.answer(
        "my son says a TA has been messaging him on whatsapp from her own phone", "parent"
    )
    assert told.escalation == "disclosure"
    assert told.citations[0].id == "staff-devices-3"
    assert told.verdict == "not_permitted"
    follows = engine.answer(
        "my son says a TA has been messaging him on whatsapp from her own phone, "
        "what will the school do",
        "parent",
    )
    assert follows.verdict == "required"
    late = engine.answer(
        "one of the TAs has been snapchatting my 10yr old late at night. is that even allowed??",
        "parent",
    )
    assert late.verdict == "not_permitted"
    assert late.citations[0].id in ("staff-guidance-1", "staff-expectations-2h")
    stranger = engine.answer("some man on roblox has been asking my 9yo for pics", "parent")
    assert stranger.escalation == "disclosure"
    assert stranger.verdict == "required"
    # Told with nothing asked, the rule broken may lie below the best three.
    screenshots = engine.answer(
        "someone sent me screenshots of a dinner lady posting pics of kids in the playground "
        "on her fb",
        "parent",
    )
    assert screenshots.verdict == "not_permitted"
    assert screenshots.citations[0].id == "staff-devices-4a"
    # Told, then asked what follows: the school's duty.
    happens = engine.answer(
        "A teacher sent my daughter a private message on Instagram last night. If I tell the "
        "head, what actually happens next?",
        "parent",
    )
    assert happens.verdict == "required"


def test_what_an_adult_did_to_children_is_never_a_yes_with_permission(
    engine: PolicyEngine,
) -> None:
    """Posting pupils' photos needs the head's approval, but a member of staff who posted
    them from their own phone is told of as a disclosure and answered by the rule broken."""
    told = engine.answer(
        "TA on the residential posted a pic of the kids in their bunks on her own fb last night",
        "staff",
    )
    assert told.escalation == "disclosure"
    assert (told.verdict, told.citations[0].id) == ("not_permitted", "staff-devices-4a")
    # Asked beforehand, the same post is the head's to approve.
    asked = engine.answer("can i post pics from sports day on my own fb", "staff")
    assert (asked.verdict, asked.escalation) == ("permitted_with_permission", None)


def test_a_phone_used_as_a_tool_for_the_class_is_answered_by_the_rule_for_that(
    engine: PolicyEngine,
) -> None:
    """Not the head's leave to use a phone in lessons: staff use only work equipment
    directly with learners."""
    answer = engine.answer("is it ok to use my own phone as a stop watch in pe lessons", "staff")
    assert (answer.verdict, answer.citations[0].id) == ("not_permitted", "staff-devices-4b")
    on_the_ipad = engine.answer("can i use the class ipad as a timer", "staff")
    assert on_the_ipad.verdict != "not_permitted"
    # However far the wording is from the policy's, it is the policy's to answer.
    own_laptop = engine.answer(
        "school laptop wont connect to the board, can i show the kids the yt clip off my own "
        "laptop instead",
        "staff",
    )
    assert (own_laptop.verdict, own_laptop.citations[0].id) == ("not_permitted", "staff-devices-4b")


def test_a_messaging_group_with_families_is_answered_by_the_rule_on_own_devices(
    engine: PolicyEngine,
) -> None:
    """Not "yes, once the head approves the service": staff may not contact pupils or
    parents from their own phones. On a phone the school gave them, approval is the answer."""
    answer = engine.answer(
        "can i make a whatsapp group with the yr6 netball girls to sort out fixtures", "staff"
    )
    assert (answer.verdict, answer.citations[0].id) == ("not_permitted", "staff-devices-3")
    on_a_school_phone = engine.answer(
        "the school gave us a mobile for club. could i set up a whatsapp group on it for club "
        "parents so i can tell them about pick up changes",
        "staff",
    )
    assert on_a_school_phone.verdict == "permitted_with_permission"
    asked_by_a_parent = engine.answer(
        "would a teacher be allowed to set up a whatsapp group for the class parents on her "
        "own phone",
        "parent",
    )
    assert (asked_by_a_parent.verdict, asked_by_a_parent.citations[0].id) == (
        "not_permitted",
        "staff-devices-3",
    )


def test_a_parent_asking_whether_staff_must_do_something_hears_the_duty(
    engine: PolicyEngine,
) -> None:
    """The clause forbids pupils to friend staff and obliges staff to tell the head when one
    does: "do teachers have to tell the head" asks the duty, not whether a pupil may."""
    answer = engine.answer(
        "do teachers have to tell the head if a kid adds them on social media", "parent"
    )
    assert (answer.verdict, answer.citations[0].id) == ("required", "pupil-guidance-4")


def test_a_family_link_to_a_member_of_staff_is_answered_by_the_rule_for_such_links(
    engine: PolicyEngine,
) -> None:
    """A parent whose sister works at the school asks about a family link, which staff must
    declare to the head, not a rule that staff must not interact with pupils."""
    answer = engine.answer(
        "my sister is a TA at hartest and follows my 8 yr olds tiktok (i run it for him). is "
        "that allowed",
        "parent",
    )
    assert (answer.verdict, answer.citations[0].id) == ("required", "staff-guidance-4")


def test_selling_or_campaigning_is_answered_by_the_rule_against_it(engine: PolicyEngine) -> None:
    """Not "yes, with the head's permission" (naming the school or its people): social
    media must not be used for personal financial interests or campaigns."""
    for question, role in [
        ("doing the london marathon for charity, can i share my justgiving with the parents on "
         "the class fb", "staff"),
        ("im the peri guitar teacher, in on wednesdays. can i do a post on my fb page saying ive "
         "got spaces for new hartest students", "staff"),
    ]:  # fmt: skip
        answer = engine.answer(question, role)
        assert (answer.verdict, answer.citations[0].id) == ("not_permitted", "terms-1b")


def test_an_age_rule_answers_where_a_stated_time_rules_out_the_school_day_one(
    engine: PolicyEngine,
) -> None:
    """After school at home takes the question out of the school-day rule, not out of the
    rule for under 13s."""
    answer = engine.answer(
        "my grandson is 8 and keeps on at me for tiktok on my tablet when hes at mine after "
        "school, what does the school say",
        "parent",
    )
    assert (answer.verdict, answer.citations[0].id) == ("not_permitted", "pupil-guidance-1")
