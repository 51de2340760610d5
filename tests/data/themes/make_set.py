#!/usr/bin/env python3
"""make_set.py: writes the synthetic coded comments the themes tests train on.

Every comment is made up here from the phrases below: none is a real
patient's. Each comment joins one to three phrases (each phrase carries its
sub-categories), sometimes with filler that carries none, answers "good" or
"better", and gets a sentiment (1 very positive .. 5 very negative) from the
phrases' tone. A few labels are dropped on purpose (coders miss things), so a
model cannot score perfectly. Deterministic: the same --seed and --n give the
same file.

Usage: make_set.py [--n N] [--seed S] [--shuffle-labels] > FILE.csv
"""
import argparse
import csv
import random
import sys

CODES = ["positive_experience", "organisation", "funding", "feeling_safe", "labelling_not_possible",
         "staff_manner", "competence", "staffing_levels", "contacting_services",
         "appointment_arrangements", "appointment_method", "timeliness", "unspecified_communication",
         "listening_involving", "information_from_staff", "information_provision", "kept_informed",
         "family_carers", "mental_health_act", "continuity", "discharge", "medication", "pain",
         "activities", "electronic_entertainment", "cleanliness", "sensory", "environment",
         "food_drink", "service_location", "transport", "parking"]

WHO = ["the nurses", "the staff", "the doctor", "the healthcare assistants", "my care coordinator",
       "the night staff", "the psychologist", "the OT", "the ward manager", "everyone on the ward"]
WARD = ["the ward", "the unit", "the clinic", "this service", "the hospital", "the centre"]

# (codes, tone, text): tone +1 good, -1 bad; {who} and {ward} are filled in.
P = [
 ("staff_manner", 1, "{who} were so kind and caring"),
 ("staff_manner", 1, "{who} treated me with respect and dignity"),
 ("staff_manner", 1, "friendly, warm and patient staff"),
 ("staff_manner", 1, "{who} always had a smile and time for a chat"),
 ("staff_manner", -1, "some of {who} were rude and dismissive"),
 ("staff_manner", -1, "{who} spoke to me like I was a child"),
 ("staff_manner", -1, "one member of staff was very unkind to me"),
 ("competence", 1, "{who} really knew what they were doing"),
 ("competence", 1, "very professional and skilled team"),
 ("competence", -1, "{who} did not seem trained in autism"),
 ("competence", -1, "the agency staff did not know how to help"),
 ("staffing_levels", -1, "there were not enough staff on shift"),
 ("staffing_levels", -1, "short staffed most nights so nobody came when I rang"),
 ("staffing_levels", -1, "{ward} needs more staff at weekends"),
 ("staffing_levels", 1, "staff came quickly whenever I needed them"),
 ("contacting_services", -1, "I could never get through on the phone"),
 ("contacting_services", -1, "nobody answers the phone or replies to emails"),
 ("contacting_services", 1, "easy to get hold of the team by phone"),
 ("appointment_arrangements", -1, "my appointment was cancelled twice without warning"),
 ("appointment_arrangements", -1, "it was hard to rearrange my appointment"),
 ("appointment_arrangements", 1, "booking an appointment was simple"),
 ("appointment_method", -1, "I would prefer face to face rather than video calls"),
 ("appointment_method", 1, "being able to have my appointment by telephone helped"),
 ("appointment_method", -1, "the video appointment kept freezing"),
 ("timeliness", -1, "I waited months on the waiting list"),
 ("timeliness", -1, "we waited over two hours past our appointment time"),
 ("timeliness", -1, "the wait to be seen was far too long"),
 ("timeliness", 1, "I was seen quickly and on time"),
 ("unspecified_communication", -1, "communication could be better"),
 ("unspecified_communication", 1, "good communication throughout"),
 ("listening_involving", 1, "{who} really listened to me"),
 ("listening_involving", 1, "I was involved in every decision about my care"),
 ("listening_involving", -1, "nobody listened to what I wanted"),
 ("listening_involving", -1, "decisions were made about me without asking me"),
 ("information_from_staff", 1, "the doctor explained my diagnosis clearly"),
 ("information_from_staff", 1, "{who} explained what would happen next"),
 ("information_from_staff", -1, "nobody explained why my treatment changed"),
 ("information_provision", 1, "the leaflets were helpful"),
 ("information_provision", -1, "there was no information about where to get help after hours"),
 ("information_provision", -1, "the website is out of date"),
 ("kept_informed", -1, "I was not kept informed about what was happening"),
 ("kept_informed", -1, "different staff told me different things"),
 ("kept_informed", 1, "they kept me updated all the way through"),
 ("family_carers", 1, "they made my family feel welcome when they visited"),
 ("family_carers", -1, "my mum was not told anything as my carer"),
 ("family_carers", -1, "visiting times are too short for my children"),
 ("family_carers", 1, "staff involved my husband in my care plan"),
 ("mental_health_act", -1, "nobody explained my rights under section"),
 ("mental_health_act", -1, "my section 17 leave kept being cancelled"),
 ("mental_health_act", -1, "being detained felt like being a prisoner"),
 ("mental_health_act", 1, "the advocate helped me understand my section and appeal to the tribunal"),
 ("feeling_safe", 1, "I felt safe on {ward}"),
 ("feeling_safe", 1, "it felt a safe place to be"),
 ("feeling_safe", -1, "I did not feel safe because of another patient"),
 ("feeling_safe", -1, "I was scared at night and felt unsafe"),
 ("feeling_safe", -1, "other patients threatened me and I felt frightened"),
 ("continuity", -1, "I kept seeing a different doctor every time"),
 ("continuity", -1, "my referral got lost between services"),
 ("continuity", 1, "having the same worker throughout made a difference"),
 ("discharge", -1, "I was discharged too early with no support"),
 ("discharge", -1, "there was no plan for when I left"),
 ("discharge", 1, "my discharge was well planned"),
 ("medication", -1, "my medication was late again"),
 ("medication", -1, "nobody told me about the side effects of my tablets"),
 ("medication", 1, "the pharmacist explained my medication"),
 ("pain", -1, "my pain was not managed and I had to ask for painkillers"),
 ("pain", 1, "they sorted my pain relief quickly"),
 ("activities", 1, "the art group and walks kept me going"),
 ("activities", -1, "there is nothing to do all day"),
 ("activities", -1, "we could not go outside for fresh air"),
 ("activities", 1, "lots of activities and time in the garden"),
 ("electronic_entertainment", -1, "the wifi never works"),
 ("electronic_entertainment", -1, "the TV in the lounge is broken"),
 ("electronic_entertainment", 1, "the games console was a great idea"),
 ("cleanliness", 1, "{ward} was spotless"),
 ("cleanliness", -1, "the toilets were dirty"),
 ("cleanliness", -1, "the bathroom was not cleaned for days"),
 ("cleanliness", 1, "very clean and tidy"),
 ("sensory", -1, "it was too noisy to sleep at night"),
 ("sensory", -1, "the rooms were far too hot"),
 ("sensory", 1, "calm and quiet rooms"),
 ("environment", -1, "the building is old and run down"),
 ("environment", -1, "the beds are uncomfortable and the chairs broken"),
 ("environment", 1, "nice bright rooms and a comfortable lounge"),
 ("food_drink", 1, "the food was lovely"),
 ("food_drink", -1, "the food was cold and there was no choice"),
 ("food_drink", -1, "no halal options at dinner"),
 ("food_drink", 1, "good meals and snacks whenever we wanted"),
 ("service_location", -1, "the clinic is too far from where I live"),
 ("service_location", -1, "the building was hard to find with no signs"),
 ("service_location", 1, "handy location in town"),
 ("transport", -1, "the hospital transport never turned up"),
 ("transport", -1, "there is no bus to the unit"),
 ("transport", 1, "they arranged a taxi to get me home"),
 ("parking", -1, "the car park is always full"),
 ("parking", -1, "parking costs too much"),
 ("organisation", -1, "the whole place felt disorganised and my notes were lost"),
 ("organisation", 1, "everything ran smoothly and was well organised"),
 ("funding", -1, "cuts mean the service has lost the groups it used to run"),
 ("funding", -1, "money should be spent on more therapists not managers"),
 ("positive_experience", 1, "thank you so much for everything"),
 ("positive_experience", 1, "a really good experience overall"),
 ("positive_experience", 1, "excellent service, cannot fault it"),
 ("positive_experience", 1, "I am very grateful for all your help"),
 # more than one sub-category in one phrase
 ("staff_manner listening_involving", 1, "{who} were kind and always listened"),
 ("timeliness contacting_services", -1, "it took weeks to get through and then weeks more to be seen"),
 ("family_carers kept_informed", -1, "my family were never updated about how I was"),
 ("feeling_safe staffing_levels", -1, "with so few staff at night I did not feel safe"),
 # Urdu, Punjabi (Gurmukhi and Shahmukhi) and Polish
 ("staff_manner", 1, "عملہ بہت مہربان تھا"),
 ("staff_manner", 1, "ਸਟਾਫ਼ ਬਹੁਤ ਚੰਗਾ ਅਤੇ ਮਿਹਰਬਾਨ ਸੀ"),
 ("staff_manner", 1, "personel był bardzo miły i pomocny"),
 ("staff_manner", -1, "pielęgniarka była niegrzeczna"),
 ("timeliness", -1, "مجھے بہت دیر انتظار کرنا پڑا"),
 ("timeliness", -1, "ਮੈਨੂੰ ਬਹੁਤ ਲੰਮਾ ਇੰਤਜ਼ਾਰ ਕਰਨਾ ਪਿਆ"),
 ("timeliness", -1, "czekałem bardzo długo na wizytę"),
 ("food_drink", -1, "کھانا ٹھنڈا تھا"),
 ("food_drink", -1, "jedzenie było zimne"),
 ("feeling_safe", -1, "میں یہاں محفوظ محسوس نہیں کرتا"),
 ("feeling_safe", -1, "nie czułem się tu bezpiecznie"),
 ("feeling_safe", 1, "czułam się bezpiecznie na oddziale"),
 ("family_carers", -1, "ਮੇਰੇ ਪਰਿਵਾਰ ਨੂੰ ਕੁਝ ਨਹੀਂ ਦੱਸਿਆ ਗਿਆ"),
 ("family_carers", -1, "moja rodzina nie była informowana"),
 ("positive_experience", 1, "بہت شکریہ"),
 ("positive_experience", 1, "ਤੁਹਾਡਾ ਬਹੁਤ ਧੰਨਵਾਦ"),
 ("positive_experience", 1, "dziękuję bardzo za wszystko"),
 ("cleanliness", -1, "ٹوائلٹ گندے تھے"),
 ("cleanliness", -1, "łazienka była brudna"),
]
# No sub-category of its own: filler that a model must learn to ignore.
FILLER = ["", "", "", "To be honest.", "Overall.", "That is all.", "Just saying.", "Nothing else to add.",
          "I have been coming here a while.", "It was my first time here."]
UNCLEAR = ["n/a", "nothing", "no", "none", "?", "ok", "-", "not sure", "brak", "کچھ نہیں"]


def comment(rng):
    if rng.random() < 0.05:
        return rng.choice(UNCLEAR), {"labelling_not_possible"}, 3, rng.choice(["good", "better"])
    k = rng.choices([1, 2, 3], [0.55, 0.35, 0.10])[0]
    picks = rng.sample(P, k)
    labels, tone = set(), 0
    parts = []
    for codes, t, text in picks:
        labels.update(codes.split())
        tone += t
        parts.append(text.format(who=rng.choice(WHO), ward=rng.choice(WARD)))
    if tone > 0 and rng.random() < 0.3:
        parts.append(rng.choice(["thank you", "thanks to all", "really grateful"]))
        labels.add("positive_experience")
    joiner = rng.choice([", ", ". ", " and ", "; "])
    text = joiner.join(parts)
    text = text[0].upper() + text[1:]
    f = rng.choice(FILLER)
    if f:
        text = text + ". " + f if rng.random() < 0.5 else f + " " + text
    if rng.random() < 0.15:
        text = text.lower()
    question = "good" if tone > 0 else "better" if tone < 0 else rng.choice(["good", "better"])
    if rng.random() < 0.1:
        question = "what_was_good" if question == "good" else "do_better"
    if tone >= 2:
        sentiment = 1
    elif tone == 1:
        sentiment = rng.choice([1, 2, 2])
    elif tone == 0:
        sentiment = 3
    elif tone == -1:
        sentiment = rng.choice([4, 4, 5])
    else:
        sentiment = 5
    # coders miss things: one label in twenty dropped
    labels = {c for c in labels if rng.random() >= 0.05} or labels
    return text, labels, sentiment, question


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=900)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--shuffle-labels", action="store_true",
                    help="deal the label sets out at random (a model must then score low)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    rows = [comment(rng) for _ in range(a.n)]
    if a.shuffle_labels:
        sets = [(r[1], r[2]) for r in rows]
        rng.shuffle(sets)
        rows = [(r[0], s[0], s[1], r[3]) for r, s in zip(rows, sets)]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["comment", "question"] + CODES + ["sentiment"])
    for text, labels, sentiment, question in rows:
        w.writerow([text, question] + [1 if c in labels else 0 for c in CODES] + [sentiment])


if __name__ == "__main__":
    main()
