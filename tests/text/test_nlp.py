import pytest

from stacey.text.nlp import NlpError, analyse, analyse_docs, content_lemmas, n_words, pipeline, sentence_spans, tokenize


def test_tokenize_keeps_urls_mentions_emoticons_and_splits_negation():
    assert tokenize("I don't like it :) see https://x.org/a?b=1 @anna") == [
        "I", "do", "n't", "like", "it", ":)", "see", "https://x.org/a?b=1", "@anna"]
    assert tokenize("EU-samarbejdet virker 👍!") == ["EU", "-", "samarbejdet", "virker", "👍", "!"]
    assert tokenize("EU-samarbejdet, H&M og kl. 10", "da") == ["EU-samarbejdet", ",", "H&M", "og", "kl.", "10"]
    assert tokenize("a well-known e-mail", "en") == ["a", "well", "-", "known", "e", "-", "mail"]


def test_sentences_and_spans_agree():
    text = "Det var godt. Men resten var elendigt!\n\nHvorfor? Ingen ved det"
    sents = analyse(text, "da")
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["Det var godt.", "Men resten var elendigt!", "Hvorfor?",
                                              "Ingen ved det"]
    assert len(sents) == len(spans) == 4


def test_lookup_lemmas_and_content_words():
    sents = analyse("Vi var glade for bøgerne, og jeg elskede dem.", "da")
    assert content_lemmas(sents, "da") == "glad bog elske"
    assert n_words(sents) == 9
    en = analyse("The children were running home", "en")
    assert content_lemmas(en, "en") == "child run home"


def test_fast_and_spacy_engines_give_the_same_lemmas():
    texts = ["Vi var glade for bøgerne, og jeg elskede dem.", "Jeg har ikke set mailen endnu!",
             "Det hjalp overhovedet ikke. Surt show"]
    fast = [content_lemmas(analyse(t, "da"), "da") for t in texts]
    spacy_ = [content_lemmas(s, "da") for s in analyse_docs(texts, "da")]
    assert fast == spacy_


def test_named_but_missing_pipeline_is_a_clear_error():
    with pytest.raises(NlpError, match="not installed"):
        pipeline("da", "da_core_news_nonexistent_sm")


def test_blank_pipeline_has_sentencizer_and_lemmatizer():
    nlp = pipeline("da")
    assert nlp.pipe_names == ["sentencizer", "lemmatizer"]
    assert pipeline("da") is nlp  # built once
