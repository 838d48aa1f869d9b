"""The intake conversation, the same on every platform.

A step takes the saved state and the citizen's message and returns the new state, the
replies and, when the citizen confirms, the inquiry to file. The state is a plain dict that
the store keeps in ``desk.json``, so a restart continues where the citizen was. The language
is chosen from the first message and can be switched by writing "english" or "dansk".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from store import Channel, Citizen, Department, InquiryDraft, Taxonomy
from store.contacts import find_email, find_phone
from store.desk import Exchange
from store.i18n import _, speaking

CANCEL = {"afbryd", "annuller", "cancel", "stop"}
DONE = {"færdig", "faerdig", "done", "finished", "slut"}
YES, NO = {"ja", "j", "yes", "y", "ok", "send"}, {"nej", "n", "no"}
ANONYMOUS = {"anonym", "anonymous", "anon"}
DONT_KNOW = {"ved ikke", "vedikke", "ved ik", "don't know", "dont know", "do not know",
             "not sure", "?", "-"}
THIS_CHAT = {"chat", "her", "here", "denne chat", "this chat", "i chatten", "in the chat"}
DANISH_WORDS = {"hej", "jeg", "ikke", "og", "er", "det", "min", "mit", "har", "til", "på", "om",
                "med", "af", "goddag", "tak", "vil", "gerne", "kommunen", "hjælp"}
ENGLISH_WORDS = {"hello", "hi", "i", "the", "is", "my", "not", "and", "have", "to", "of",
                 "with", "about", "please", "want", "would", "help", "council"}
SUBJECT_LENGTH = 80
OPENING_WORDS = 6  # a first message longer than this is the start of the description


@dataclass(frozen=True)
class Context:
    """What a step needs besides the state and the message."""

    taxonomy: Taxonomy
    now: datetime
    sender: str  # the platform's id of the citizen, e.g. "slack:T1:U2"
    office_name: str
    reply_to: str = ""  # where the platform takes answers (a Slack DM channel), if not sender
    language: str | None = None  # the language the citizen chose before writing, if any


def detect_language(text: str) -> str:
    folded = text.casefold()
    words = set(re.findall(r"[a-zæøå']+", folded))
    if any(letter in folded for letter in "æøå"):
        return "da"
    return "en" if len(words & ENGLISH_WORDS) > len(words & DANISH_WORDS) else "da"


def guess_department(text: str, taxonomy: Taxonomy) -> tuple[str, str | None] | None:
    """The area or unit whose name shares the most words (4+ letters) with ``text``."""
    words = {word for word in re.findall(r"\w{4,}", text.casefold())}
    best, best_score = None, 0
    for area, units in taxonomy.departments.items():
        for candidate in [(area, None), *((area, unit) for unit in units)]:
            name = (candidate[1] or candidate[0]).casefold()
            score = sum(word in name for word in words)
            if score > best_score:
                best, best_score = candidate, score
    return best


def _question(step: str) -> str:
    return {
        "name": _("What is your name? Write 'anonymous' if you would rather not say."),
        "contact": _("How can the advisor reach you? Write a phone number or an e-mail "
                     "address, or 'chat' to get the answer here."),
        "about": _("What is your inquiry about? You may write several messages; write "
                   "'done' when you have finished."),
        "department": _("Which part of the municipality is it about? Write a word from its "
                        "name, or 'don't know'."),
        "confirm": _("Shall I send your inquiry to the citizens' advisor? Answer 'yes' or "
                     "'no'."),
    }[step]


def _summary(state: dict[str, Any]) -> str:
    department = state.get("department")
    lines = [_("Your inquiry:"),
             _("Name: {name}").format(name=state.get("name") or _("anonymous")),
             _("Contact: {contact}").format(contact=", ".join(
                 filter(None, [state.get("phone"), state.get("email")])) or _("this chat")),
             _("Department: {department}").format(
                 department=" / ".join(filter(None, department)) if department
                 else _("don't know")),
             _("About: {about}").format(about="\n".join(state["about"]))]
    return "\n".join(lines)


def draft_from(state: dict[str, Any], context: Context) -> InquiryDraft:
    about = "\n\n".join(state["about"]).strip()
    first_line = about.splitlines()[0] if about else ""
    subject = first_line if len(first_line) <= SUBJECT_LENGTH else \
        first_line[:SUBJECT_LENGTH - 1].rstrip() + "…"
    department = state.get("department")
    return InquiryDraft(
        received_at=datetime.fromisoformat(state.get("started_at") or context.now.isoformat()),
        channel=Channel.CHAT,
        citizen=Citizen(name=state.get("name", ""), phone=state.get("phone", ""),
                        email=state.get("email", ""), chat_id=context.sender,
                        chat_channel=context.reply_to,
                        chat_language=state.get("language", "")),
        subject=subject, description=about,
        department=Department(area=department[0], unit=department[1]) if department else None)


def step(state: dict[str, Any] | None, text: str, context: Context) -> Exchange:
    """One message of the conversation."""
    if state is None:
        return _start(text, context)
    command = " ".join(text.casefold().split())
    if command in LANGUAGE_SWITCH:
        state = {**state, "language": LANGUAGE_SWITCH[command]}
        with speaking(state["language"]):
            return Exchange(state, [_("I will write in English."), _question(state["step"])])
    with speaking(state["language"]):
        if command in CANCEL:
            return Exchange(None, [_("The conversation has ended and nothing was stored. "
                                     "Write again whenever you like.")])
        return _ANSWERS[state["step"]](dict(state), text.strip(), command, context)


LANGUAGE_SWITCH = {"english": "en", "dansk": "da"}


def _start(text: str, context: Context) -> Exchange:
    command = " ".join(text.casefold().split())
    language = LANGUAGE_SWITCH.get(command) or context.language or detect_language(text)
    opening = "" if command in LANGUAGE_SWITCH else text.strip()
    state: dict[str, Any] = {"step": "name", "language": language,
                             "started_at": context.now.isoformat(),  # when it was received
                             "about": [opening] if len(opening.split()) > OPENING_WORDS else []}
    with speaking(language):
        return Exchange(state, [
            _("Hello, this is {office}. I will take down your inquiry; the advisor "
              "answers within a few working days.").format(office=context.office_name),
            _("What you write is stored by the municipality to handle your inquiry. "
              "Please do not send CPR numbers or health details here. (Skriv 'dansk' for "
              "dansk / write 'english' for English; 'cancel' stops.)"),
            _question("name")])


def _name(state, text, command, context) -> Exchange:
    state["name"] = "" if command in ANONYMOUS else text[:200]
    state["step"] = "contact"
    return Exchange(state, [_question("contact")])


def _contact(state, text, command, context) -> Exchange:
    phone, email = find_phone(text), find_email(text)
    if not (phone or email or command in THIS_CHAT):
        return Exchange(state, [_("I did not find a phone number or an e-mail address."),
                                _question("contact")])
    state["phone"] = phone or ""
    state["email"] = email or ""
    state["step"] = "about"
    replies = [_question("about")]
    if state["about"]:
        replies = [_("I have noted what you wrote first. Add more, or write 'done'.")]
    return Exchange(state, replies)


def _about(state, text, command, context) -> Exchange:
    if command in DONE:
        if not state["about"]:
            return Exchange(state, [_question("about")])
        state["step"] = "department"
        return Exchange(state, [_question("department")])
    state["about"] = [*state["about"], text]
    return Exchange(state, [_("Thank you. Write more, or 'done' when you have finished.")])


def _department(state, text, command, context) -> Exchange:
    if command in DONT_KNOW:
        state["department"] = None
    else:
        found = guess_department(text, context.taxonomy)
        if found is None:
            areas = "\n".join(f"- {area}" for area in context.taxonomy.departments)
            return Exchange(state, [_("I do not know that part of the municipality. These "
                                      "are its parts; write a word from one of them, or "
                                      "'don't know':") + "\n" + areas])
        state["department"] = list(found)
    state["step"] = "confirm"
    return Exchange(state, [_summary(state), _question("confirm")])


def _confirm(state, text, command, context) -> Exchange:
    if command in YES:
        return Exchange(None, [_("Thank you. Your inquiry has the number {ref}. The advisor "
                                 "will answer you by {due}.")],
                        draft=draft_from(state, context), language=state["language"])
    if command in NO:
        return Exchange(None, [_("Nothing was sent. Write again whenever you like.")])
    return Exchange(state, [_question("confirm")])


_ANSWERS = {"name": _name, "contact": _contact, "about": _about, "department": _department,
            "confirm": _confirm}
