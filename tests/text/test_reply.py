"""Tests for stacey.text.reply: own words, quotes, signatures and footers in many mail conventions."""

from __future__ import annotations

import pytest

from stacey.text.reply import segments, split_reply


def own(text: str, **kw) -> str:
    return split_reply(text, **kw)[0]


def test_danish_outlook_header_block_and_closing():
    body = (
        "Hej Mette\n\nJeg er enig, men vi bør drøfte personaleposten.\n\n"
        "Med venlig hilsen\nPeter Hansen\nKontorchef\nTlf. 12 34 56 78\n\n"
        "Fra: Mette Sørensen <mette@firma.example>\nSendt: 3. september 2024 16:40\n"
        "Til: Peter Hansen\nEmne: Budget\n\nHej Peter\n\nHer er udkastet.\n"
    )
    kept, removed = split_reply(body)
    assert kept == "Hej Mette\n\nJeg er enig, men vi bør drøfte personaleposten."
    assert removed.startswith("Med venlig hilsen\nPeter Hansen")
    assert "Fra: Mette Sørensen" in removed and "Her er udkastet." in removed


def test_danish_original_message_separator():
    body = "Det lyder godt.\n\n-----Oprindelig meddelelse-----\nFra: A\nSendt: 1. maj\nTil: B\nEmne: X\n\nTekst"
    assert own(body) == "Det lyder godt."


def test_danish_gmail_attribution_and_iphone_signature():
    body = ("Torsdag passer fint.\n\nSendt fra min iPhone\n\n"
            "Den tir. 3. maj 2024 kl. 10.00 skrev Anna <anna@example.dk>:\n> Skal vi flytte mødet?\n")
    kept, removed = split_reply(body)
    assert kept == "Torsdag passer fint."
    assert "Sendt fra min iPhone" in removed and "> Skal vi flytte mødet?" in removed


def test_danish_apple_mail_attribution_without_quote_marks():
    body = "Ja tak.\n\n3. maj 2024 kl. 10.12 skrev Anna <anna@example.dk>:\n\nSkal vi flytte mødet?\n"
    assert own(body) == "Ja tak."


@pytest.mark.parametrize("body", [
    "Passt.\n\nAm 03.05.2024 um 10:00 schrieb Anna Schmidt <anna@example.de>:\n> Treffen wir uns?",
    "Passt.\n\nVon: Anna Schmidt\nGesendet: Freitag, 3. Mai 2024 10:00\nAn: Bo\nBetreff: Treffen\n\nTreffen wir uns?",
    "Passt.\n\n-----Ursprüngliche Nachricht-----\nVon: Anna\nGesendet: Freitag\nAn: Bo\nBetreff: Treffen\n\nText",
])
def test_german(body):
    assert own(body) == "Passt."


@pytest.mark.parametrize("body", [
    "Det går bra.\n\nDen 3 maj 2024 kl. 10:00 skrev Anna Svensson <anna@example.se>:\n\nSka vi ses?",
    "Det går bra.\n\nFrån: Anna Svensson <anna@example.se>\nSkickat: den 3 maj 2024 10:00\nTill: Bo\nÄmne: Möte\n\nSka vi ses?",
    "Det går bra.\n\nMed vänliga hälsningar\nBo\n\nmån 3 maj 2024 kl. 10:00 skrev Anna <anna@example.se>:\n> Ska vi ses?",
])
def test_swedish(body):
    assert own(body) == "Det går bra."


@pytest.mark.parametrize("body", [
    "Det passer.\n\nSendt fra min iPhone\n\nFra: Kari Nordmann <kari@example.no>\nSendt: 3. mai 2024 10:00\nTil: Ola\n"
    "Emne: Møte\n\nSkal vi møtes?",
    "Det passer.\n\nMed vennlig hilsen\nOla\n\n-----Opprinnelig melding-----\nFra: Kari\nSendt: 3. mai\nTil: Ola\nEmne: x\n\ny",
])
def test_norwegian(body):
    assert own(body) == "Det passer."


@pytest.mark.parametrize("body", [
    "Prima.\n\nOp 3 mei 2024 om 10:00 schreef Anna de Vries <anna@example.nl>:\n> Zullen we afspreken?",
    "Prima.\n\nMet vriendelijke groet,\nBo\n\nVan: Anna de Vries\nVerzonden: vrijdag 3 mei 2024 10:00\nAan: Bo\n"
    "Onderwerp: Afspraak\n\nZullen we afspreken?",
])
def test_dutch(body):
    assert own(body) == "Prima."


@pytest.mark.parametrize("body", [
    "D'accord.\n\nLe 3 mai 2024 à 10:00, Marie Dupont <marie@example.fr> a écrit :\n> On se voit ?",
    "D'accord.\n\nCordialement,\nJean\n\nDe : Marie Dupont\nEnvoyé : vendredi 3 mai 2024 10:00\nÀ : Jean\n"
    "Objet : Réunion\n\nOn se voit ?",
])
def test_french(body):
    assert own(body) == "D'accord."


def test_english_outlook_with_bold_labels_and_divider():
    body = ("Outlook reply\n\n ------------------------------\n\n*From:* Team [mailto:x@example.com]\n"
            "*Sent:* Thursday, February 09, 2012 1:36 PM\n*To:* me@example.com\n*Subject:* Update\n\nOld text\n")
    kept, removed = split_reply(body)
    assert kept == "Outlook reply"
    assert removed.startswith("------------------------------")


def test_inline_replies_keep_every_own_part():
    body = ("On Tue, Apr 29, 2014 at 4:22 PM, Dev <dev@example.com> wrote:\n\n> first question?\n>\n\n"
            "First answer.\n\n> second question?\n\nSecond answer.\n")
    assert own(body) == "First answer.\n\nSecond answer."


def test_header_block_before_quote_is_an_attribution():
    body = "From: Joe <joe@example.com>\nDate: Sun, 14 Nov 2010 19:04:58 -0800\n\n> Signed-off-by: Joe\n\nApplied.\n"
    assert own(body) == "Applied."


def test_signature_delimiter_only_at_line_start():
    assert own("Fixed -- this is not a signature.\n\nok") == "Fixed -- this is not a signature.\n\nok"
    kept, removed = split_reply("Fixed.\n\n-- \nOla\nProject lead\n")
    assert kept == "Fixed." and removed == "--\nOla\nProject lead"


def test_mailman_and_list_footers_removed():
    body = ("Yes.\n\n_______________________________________________\nteam mailing list\nteam@lists.example.org\n"
            "http://lists.example.org/mailman/listinfo/team\n")
    kept, removed = split_reply(body)
    assert kept == "Yes." and "mailing list" in removed
    assert own("Sure.\n\n-------------- next part --------------\nAn HTML attachment was scrubbed...\nURL: x") == "Sure."


def test_sentences_that_look_like_boilerplate_are_kept():
    assert own("Here it is\n\nSent from my desk, is much easier then my mobile phone.") == \
        "Here it is\n\nSent from my desk, is much easier then my mobile phone."
    assert own("Thanks, that helps a lot.\n\nTak for i dag.") == "Thanks, that helps a lot.\n\nTak for i dag."
    assert own("On your remote host you can run:\n\n    telnet 127.0.0.1 5000\n") == \
        "On your remote host you can run:\n\n    telnet 127.0.0.1 5000"
    # bullets are not "-Name" sign-offs
    assert own("Plan:\n- first step\n- second step") == "Plan:\n- first step\n- second step"


def test_dash_name_signoff():
    kept, removed = split_reply("Oh thanks.\n\nHaving the function would be great.\n\n-Anna\n")
    assert kept == "Oh thanks.\n\nHaving the function would be great." and removed == "-Anna"


def test_segments_label_each_part_and_rebuild_the_body():
    body = "Hi,\nOn Mon, 1 Jan 2024, A <a@x.org> wrote:\n> q\n\nAnswer.\n\n-- \nsig"
    segs = segments(body)
    assert [s.kind for s in segs] == ["own", "quote", "own", "signature"]
    assert "\n".join(s.text for s in segs) == body.replace("-- \n", "--\n")


def test_lang_restricts_conventions():
    body = "Ja.\n\nDen 3. maj 2024 kl. 10.00 skrev Anna <a@x.dk>:\n\nSkal vi?"
    assert own(body, lang="da") == "Ja."
    assert own(body, lang="en") == body  # Danish attribution unknown without Danish conventions
    with pytest.raises(ValueError, match="unknown"):
        split_reply("x", lang="xx")


def test_all_quoted_leaves_nothing():
    assert split_reply("> only a quote\n> here\n") == ("", "> only a quote\n> here")
    assert split_reply("") == ("", "")


def test_windows_line_endings():
    assert own(":+1:\r\n\r\nOn Tue, Sep 25, 2012 at 8:59 AM, Chris\r\n<n@example.com>wrote:\r\n\r\n> Steps\r\n") == ":+1:"


def test_list_advert_below_a_long_rule_is_a_footer():
    body = ("Patch applied, thanks.\n\n" + "-" * 60 + "\nTry our new product today!\nhttp://ads.example.com/x\n")
    kept, removed = split_reply(body)
    assert kept == "Patch applied, thanks."
    assert removed.endswith("http://ads.example.com/x")
    # a long rule inside the text, with no link after it, stays
    assert own("Results\n" + "=" * 40 + "\nA 10\nB 12") == "Results\n" + "=" * 40 + "\nA 10\nB 12"


def test_a_sentence_about_writing_is_not_an_attribution():
    body = "Den 3. maj skrev jeg til kunden:\n\nVi leverer i juni.\n\nMvh\nBo"
    assert own(body) == "Den 3. maj skrev jeg til kunden:\n\nVi leverer i juni."


@pytest.mark.parametrize("body", [
    "Super, tak!\n\nHent Outlook til Android<https://aka.ms/x>\n________________________________\nFra: Anna <a@x.dk>\n"
    "Sendt: mandag, 2. september 2024 10:00\nTil: Bo <b@x.dk>\nEmne: Møde\n\nHej Bo",
    "Super, tak!\n\nVenlig hilsen / Kind regards\n\nBo Holm\nKonsulent\n\nFra: Anna\nDato: 2. sep. 2024\nTil: Bo\nEmne: x\n\ny",
    "Super, tak!\n\n/Bo\n\nDen man. 2. sep. 2024 kl. 10.00 skrev Anna Holm <anna@x.dk>:\n\n> Skal vi?",
])
def test_danish_mobile_bilingual_and_slash_signoffs(body):
    assert own(body) == "Super, tak!"


@pytest.mark.parametrize("attribution", [
    "On Mon, 3 May 2024, Anna <a@x.dk> WROTE:",  # any case
    "Den 3. maj 2024 skrev Anna <a@x.dk>:",
    "Anna ſkrev:",  # long s: IGNORECASE folds it to s, str.lower does not
    "On Mon, 3 May 2024, Anna <a@x.dk>\nwrote:",  # wrapped: the verb on the next line
])
def test_attributions_found_whatever_the_case_and_wrapping(attribution):
    kept, removed = split_reply(f"Enig.\n\n{attribution}\n> Skal vi?")
    assert kept == "Enig."
    assert removed.endswith("> Skal vi?")


def test_signature_tests_only_near_the_end_of_a_run():
    body = "Hej\n\nMvh\n" + "\n".join(f"Linje {k} af en lang besked." for k in range(20)) + "\n\nMvh\nAnna"
    kept, removed = split_reply(body)
    assert kept.startswith("Hej\n\nMvh\nLinje 0")  # a closing followed by 20 lines is no signature
    assert removed == "Mvh\nAnna"


def test_notice_found_anywhere_in_an_own_run():
    body = "Svar her.\n" + "\n".join(f"Linje {k}." for k in range(30)) + "\n--\nYou received this message because " \
           "you are subscribed to the Google Groups group.\n" + "\n".join(f"x{k}" for k in range(20))
    kept, removed = split_reply(body)
    assert kept.endswith("Linje 29.")
    assert removed.startswith("--\nYou received this message")
