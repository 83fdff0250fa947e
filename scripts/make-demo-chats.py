#!/usr/bin/env python3
"""Writes the sample chats that `pvault demo` imports (pv-cli/src/main/resources/demo/).

Written by the personal-vault project for the demo; every name, number and event in them is invented.
Three chats in three WhatsApp export variants (Android 24-hour, iOS with seconds, Android US 12-hour), so
the demo also shows the importer reading each shape. Deterministic: rerunning gives the same files.
"""
import datetime as dt
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "pv-cli/src/main/resources/demo"

FAMILY = [  # (minutes after the previous message, sender, text)
    (0, "Mum", "Morning all! Reminder: Grandma's 80th is on the 14th, we need to decide on a present"),
    (3, "Lena", "She keeps talking about her roses, what about a nice gardening book?"),
    (2, "Dad", "Or a new pair of secateurs, hers are falling apart"),
    (5, "Mum", "Both! Lena, can you look for the book? Dad does the secateurs"),
    (1, "Lena", "On it 👍"),
    (120, "Tom", "Has anyone seen my football boots?"),
    (4, "Dad", "Garage, next to the bikes. They smell terrible btw"),
    (2, "Tom", "thanks 😂"),
    (300, "Mum", "The dentist called: Tom's check-up is moved to Thursday at 3pm, not Wednesday"),
    (6, "Tom", "Do I have to go? My teeth are fine"),
    (1, "Mum", "Yes you do. I'll pick you up from school at 2:30"),
    (720, "Dad", "The car failed its inspection, the front brake pads are worn out"),
    (5, "Mum", "Oh no. How much?"),
    (3, "Dad", "Garage says about 180 euros, they can do it Monday"),
    (2, "Mum", "Book it, we need the car for Grandma's party"),
    (600, "Lena", "Found the gardening book: 'The Rose Garden Year', hardback, 32 euros"),
    (4, "Mum", "Perfect, order it please and I'll pay you back"),
    (2, "Lena", "Ordered, arrives Friday"),
    (400, "Dad", "I changed the wifi password, new one is on the fridge"),
    (3, "Tom", "why 😩"),
    (2, "Dad", "Because someone was downloading games all night"),
    (1, "Tom", "fair"),
    (500, "Mum", "Who's in for Sunday lunch? I'm doing a roast chicken"),
    (2, "Lena", "Me! Can I bring Sam?"),
    (1, "Mum", "Of course"),
    (3, "Tom", "Can we have roast potatoes with the crispy bits"),
    (1, "Dad", "Always"),
    (800, "Mum", "Biscuit has her vaccination at the vet on Tuesday at 10, can someone take her?"),
    (10, "Dad", "I'm working from home Tuesday, I'll take her"),
    (2, "Mum", "Thank you! The cat carrier is in the loft"),
    (45, "Lena", "Remember she hides under the bed when she sees the carrier 🐱"),
    (2, "Dad", "I'll bring treats"),
    (900, "Tom", "I'm locked out, where is the spare key?"),
    (3, "Mum", "Under the blue flowerpot by the back door"),
    (1, "Tom", "got it, thanks"),
    (4, "Dad", "Put it back under the pot please!"),
    (1000, "Lena", "EXAM RESULTS ARE IN: I passed chemistry with an A!!! 🎉🎉"),
    (1, "Mum", "Brilliant!!! So proud of you ❤️"),
    (1, "Dad", "Well done! All that studying paid off"),
    (2, "Tom", "nerd 😄 congrats"),
    (3, "Mum", "We'll celebrate on Sunday, pick a dessert"),
    (2, "Lena", "Chocolate cake obviously"),
    (700, "Mum", "Can someone send me the lasagne recipe Grandma wrote down? I lost the paper"),
    (15, "Lena", "Here: brown the mince with onion and garlic, add tomatoes and a splash of red wine, simmer an hour.\nLayer with pasta sheets and bechamel, top with parmesan, 45 minutes at 180 degrees"),
    (2, "Mum", "You're a star"),
    (600, "Dad", "Brakes are fixed, the car passed the inspection this time"),
    (2, "Mum", "Great, 180 as promised?"),
    (1, "Dad", "175 in the end"),
    (900, "Mum", "Grocery list for the party: flour, eggs, butter, candles, napkins, sparkling water"),
    (4, "Lena", "I'll get the candles and napkins"),
    (2, "Tom", "I can carry stuff"),
    (3, "Mum", "Tom, you're on balloon duty"),
    (1, "Tom", "🎈🎈🎈"),
    (1200, "Dad", "Grandma loved the book and the secateurs. She already pruned the roses"),
    (2, "Lena", "Aww 🌹"),
    (3, "Mum", "Best party in years. Thank you all"),
    (500, "Mum", "Does anyone know where the big photo album went? Grandma wants to see the holiday photos from Portugal"),
    (20, "Dad", "Top shelf in the study, the green one"),
    (2, "Mum", "Found it"),
    (800, "Tom", "Can I stay at Max's on Saturday? His parents are home"),
    (10, "Mum", "If your homework is done, yes"),
    (2, "Tom", "it will be"),
    (1, "Dad", "Back by 11 on Sunday, we're visiting Grandma"),
    (900, "Lena", "The heating isn't working in my room again"),
    (5, "Dad", "Try bleeding the radiator, the key is in the kitchen drawer"),
    (30, "Lena", "Worked! So much hissing"),
    (600, "Mum", "Dentist reminder: Tom, Thursday at 3, I'm picking you up at 2:30"),
    (2, "Tom", "yes yes I know"),
    (700, "Dad", "Bins go out tonight, it's recycling week"),
    (3, "Tom", "I'll do it after dinner"),
    (400, "Mum", "Tom the bins!!"),
    (2, "Tom", "doing it now"),
    (900, "Lena", "Sam and I are thinking of a weekend in Amsterdam next month, any tips?"),
    (8, "Dad", "Rent bikes, skip the car. And the Rijksmuseum is worth it"),
    (2, "Mum", "Book the museum tickets in advance, they sell out"),
    (3, "Lena", "Thanks! ❤️"),
]

HIKE = [
    (0, "Priya", "Okay team, the lake district trip is on for the first weekend of June!"),
    (4, "Jonas", "Finally 🙌"),
    (2, "Mei", "Yesss. Are we camping or the hostel?"),
    (3, "Priya", "Camping by the lake, the site takes bookings for 4 people per pitch"),
    (5, "Sam", "I can drive, my car takes four plus bags if we pack light"),
    (2, "Priya", "Amazing, that saves the train fare"),
    (60, "Jonas", "I'll bring my big tent, it fits all four of us"),
    (2, "Mei", "Is that the orange one? It leaked last time"),
    (1, "Jonas", "New groundsheet and I re-proofed the seams, it's waterproof now, promise"),
    (3, "Sam", "Who has a camping stove?"),
    (2, "Mei", "I have a stove and two gas canisters"),
    (1, "Priya", "I'll bring pots, plates and the coffee press ☕"),
    (200, "Sam", "Forecast says rain on Saturday morning, clearing in the afternoon"),
    (4, "Jonas", "Then we do the short walk in the morning and the ridge in the afternoon"),
    (2, "Mei", "Bring proper rain jackets people"),
    (300, "Priya", "Pitch booked! 48 pounds for two nights, so 12 each"),
    (3, "Sam", "I'll send you mine now"),
    (1, "Mei", "Sent 💸"),
    (2, "Jonas", "Same"),
    (400, "Mei", "Does anyone have a spare sleeping bag? Mine broke"),
    (10, "Sam", "I have two, you can borrow the blue one, it's rated to 2 degrees"),
    (2, "Mei", "Lifesaver"),
    (500, "Jonas", "Food plan: Friday pasta, Saturday barbecue, Sunday we eat out on the way back?"),
    (4, "Priya", "There's a great pizza place in Keswick, Luigi's, wood-fired oven"),
    (2, "Sam", "Sold"),
    (1, "Mei", "Luigi's it is 🍕"),
    (600, "Sam", "Leaving Friday at 5pm from my place, parking is free on the street"),
    (3, "Jonas", "Can we make it 5:30, I finish work at 5"),
    (2, "Sam", "5:30 then"),
    (700, "Priya", "Packing list: headtorch, blister plasters, sun cream, water bottles, map, power bank"),
    (3, "Mei", "Adding: midge spray. They are brutal by the lake"),
    (2, "Jonas", "And cards for the evening"),
    (1500, "Sam", "On the motorway, traffic is fine, ETA 8:15"),
    (90, "Priya", "Tent is up! Jonas wasn't lying, it's huge"),
    (2, "Jonas", "Told you 😎"),
    (200, "Mei", "Stars are unreal tonight ✨"),
    (600, "Sam", "Rain stopped, heading up the ridge at 1"),
    (180, "Priya", "View from the top!! Totally worth the climb"),
    (2, "Mei", "My legs disagree"),
    (300, "Jonas", "Barbecue is lit, who has the halloumi?"),
    (2, "Sam", "In the cool box under the sausages"),
    (900, "Mei", "Pizza at Luigi's was the best pizza of my life"),
    (2, "Priya", "The truffle one 🤤"),
    (300, "Sam", "Home safe. Great weekend everyone"),
    (2, "Jonas", "Let's do it again in September"),
    (3, "Priya", "Petrol was 64 pounds, so 16 each to Sam please"),
    (1, "Mei", "Sent!"),
    (2, "Jonas", "Sent"),
    (900, "Mei", "Sam I'll return your sleeping bag on Thursday, washing it first"),
    (5, "Sam", "No rush"),
    (1200, "Priya", "Photos from the trip are in the shared album now"),
    (3, "Jonas", "The one of Mei falling in the stream 😂"),
    (2, "Mei", "Delete that immediately"),
    (1500, "Jonas", "September idea: the three peaks in Yorkshire?"),
    (4, "Sam", "That's 24 miles in a day, are we fit enough"),
    (2, "Priya", "We can train, there's a 15 mile route near town we could do in August"),
    (3, "Mei", "I'm in if we stop for cake halfway"),
    (1, "Jonas", "Cake is mandatory"),
    (900, "Priya", "Found a bunkhouse near Horton in Ribblesdale for the Yorkshire trip, 20 pounds a night"),
    (5, "Sam", "Book it before it fills up"),
    (2, "Priya", "Done, first weekend of September"),
    (600, "Mei", "Has anyone got good hiking boots recommendations? Mine gave me blisters all over"),
    (10, "Jonas", "Get them fitted in a shop, and break them in for a few weeks before the trip"),
    (3, "Sam", "And wool socks, not cotton"),
    (800, "Priya", "Training walk Saturday 9am from the station, 15 miles, bring lunch"),
    (3, "Mei", "I'll bring flapjacks"),
    (2, "Jonas", "Legend"),
    (1400, "Sam", "My car is at the garage that week, can someone else drive to Yorkshire?"),
    (20, "Jonas", "I'll rent one, we split it four ways"),
    (3, "Priya", "Thanks Jonas!"),
]

ATLAS = [
    (0, "Nadia", "Morning! Heads up: the release is moved to Friday because of the payment provider update"),
    (5, "Chris", "Friday works. Do we still freeze the code on Wednesday?"),
    (3, "Nadia", "Yes, code freeze Wednesday 6pm"),
    (60, "Omar", "The database migration fails on staging: duplicate key on the invoices table"),
    (4, "Chris", "Probably the old test invoices, they have reused numbers"),
    (10, "Omar", "Confirmed, I'll dedupe them in the migration and add a unique index after"),
    (2, "Nadia", "Please add a rollback script too"),
    (200, "Chris", "Users report they can't log in since this morning's deploy, the login page just spins"),
    (3, "Omar", "Looking. The auth service returns 500"),
    (8, "Omar", "Found it: the session cookie domain changed in the config. Rolling back"),
    (6, "Omar", "Rolled back, login works again"),
    (2, "Nadia", "Thanks Omar. Let's write a short incident note for the customer"),
    (3, "Chris", "I'll draft it"),
    (300, "Nadia", "On-call this week: Omar until Wednesday, then Chris"),
    (2, "Chris", "👍"),
    (400, "Chris", "Can someone review my pull request for the export feature? It's the one with the CSV changes"),
    (30, "Omar", "Left comments, mostly about error handling when the file is empty"),
    (5, "Chris", "Good catch, fixing"),
    (500, "Nadia", "Customer demo is Tuesday at 11, we show the new dashboard and the export"),
    (3, "Omar", "I'll prepare demo data so we don't show real customer names"),
    (2, "Nadia", "Yes please, anonymised only"),
    (600, "Chris", "Team lunch Thursday? The new Thai place on the corner"),
    (2, "Omar", "In"),
    (1, "Nadia", "In, 12:30?"),
    (1, "Chris", "12:30 booked for three"),
    (700, "Omar", "Staging migration passes now, dedupe took 4 minutes on a copy of production data"),
    (3, "Nadia", "Great. Plan it for Friday 7am before traffic picks up"),
    (800, "Chris", "The invoice PDFs show the wrong tax rate for Austrian customers"),
    (10, "Nadia", "That's a blocker for Friday, can you fix it today?"),
    (60, "Chris", "Fixed, the rate table had 19 instead of 20 percent. Added a test"),
    (2, "Nadia", "Thanks!"),
    (900, "Omar", "I'm taking vacation days from the 12th to the 16th, Chris covers on-call"),
    (3, "Chris", "Covered"),
    (600, "Nadia", "Demo went well, the customer wants the export in Excel format as well"),
    (5, "Chris", "Excel is easy once CSV works, maybe two days"),
    (2, "Nadia", "Put it in the next sprint"),
    (700, "Omar", "Release notes draft is in the wiki, please check the wording"),
    (30, "Nadia", "Looks good, I fixed two typos"),
    (900, "Omar", "Release done: migration 6 minutes, no errors, monitoring is green"),
    (2, "Chris", "🎉"),
    (1, "Nadia", "Great job everyone. Drinks on me next week"),
    (1200, "Chris", "Monday: error rate on the export endpoint went up after the weekend"),
    (15, "Omar", "Timeouts for exports over 50,000 rows. We need pagination or a background job"),
    (5, "Nadia", "Background job with an email when it's ready, the customer asked for that anyway"),
    (800, "Chris", "Retro notes: what went well, the rollback was quick. Improve: test config changes on staging"),
    (3, "Omar", "And alert on login failures, we heard it from users first"),
    (2, "Nadia", "Agreed, I'll add both to the board"),
    (900, "Omar", "New alert is live: pages on-call if login failures go above 5 percent for 5 minutes"),
    (2, "Nadia", "Perfect"),
    (1400, "Nadia", "Budget question: do we renew the monitoring tool for a year or go monthly?"),
    (10, "Chris", "Yearly is 20 percent cheaper and we're not leaving"),
    (2, "Nadia", "Yearly then"),
    (1000, "Chris", "Laptop died, the screen stays black. IT says a replacement comes Wednesday"),
    (4, "Omar", "Borrow my old one, it's in the drawer under my desk"),
    (2, "Chris", "Thanks, saved me"),
]


def clock12(t):
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


# Each variant: the header of a message line, and how it writes a system line (no sender).
def android_24(t):  # 14/03/2024, 09:15 - Mum: text
    return f"{t:%d/%m/%Y}, {t:%H:%M} - "


def ios_seconds(t):  # [01/06/2024, 17:30:00] Priya: text
    return f"[{t:%d/%m/%Y}, {t:%H:%M:%S}] "


def android_us_12h(t):  # 3/4/24, 9:15 AM - Nadia: text
    return f"{t.month}/{t.day}/{t:%y}, {clock12(t)} - "


NOTICE = ("Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
          "can read or listen to them. Tap to learn more.")


def write(file_name, chat, start, rows, header):
    # Android puts the encryption notice on its own; iOS attributes it to the chat, behind a U+200E mark.
    first = header(start) + (f"{chat}: \u200e{NOTICE}" if header is ios_seconds else NOTICE)
    lines = [first]
    t = start
    for minutes, sender, text in rows:
        t += dt.timedelta(minutes=minutes)
        lines.append(f"{header(t)}{sender}: {text}")
    (OUT / file_name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    n = write("WhatsApp Chat with Family.txt", "Family", dt.datetime(2024, 3, 2, 8, 5), FAMILY, android_24)
    n += write("Hike crew.txt", "Hike crew", dt.datetime(2024, 4, 20, 19, 12, 5), HIKE, ios_seconds)
    n += write("WhatsApp Chat with Atlas project.txt", "Atlas project", dt.datetime(2024, 2, 26, 8, 30), ATLAS,
               android_us_12h)
    print(f"{n} messages written to {OUT}")
