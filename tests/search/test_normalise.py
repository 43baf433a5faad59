"""Folding: one spelling for what Persian and English readers consider one word."""

from newsdesk.search.normalise import fold, fold_mapped, indexed, indexed_mapped, terms


def test_arabic_and_persian_letters_fold_together():
    assert fold("كتاب") == fold("کتاب") == "کتاب"  # kaf
    assert fold("ايران") == fold("ایران") == "ایران"  # yeh
    assert fold("مصطفى") == fold("مصطفی")  # alef maksura
    assert fold("خانۀ") == fold("خانه")  # heh with hamza above


def test_marks_tatweel_and_accents_are_ignored():
    assert fold("كِتَابٌ") == fold("کتاب")
    assert fold("کتـــاب") == fold("کتاب")
    assert fold("Café NAÏVE") == "cafe naive"


def test_digits_of_every_script_are_ascii():
    assert fold("۱۴۰۳") == fold("١٤٠٣") == "1403"


def test_anything_but_letters_and_digits_is_a_space():
    assert fold('"NEAR(a*)" \x00 😀 «ب»').split() == ["near", "a", "ب"]
    assert "\ue000" not in fold("\ue000private\ue001")


def test_words_in_parts_are_indexed_in_parts_and_whole():
    stored = indexed("کتاب‌ها می‌شود")
    assert stored.split() == ["کتاب", "ها", "می", "شود", "کتابها", "میشود"]
    assert indexed("plain words") == fold("plain words")


def test_every_folded_character_points_at_its_original():
    text = "«کتاب‌ها» Ｃafé ﻻ ۱۲"
    for stored, origin in (fold_mapped(text), indexed_mapped(text)):
        assert len(stored) == len(origin)
        assert all(0 <= index < len(text) for index in origin)
    assert indexed_mapped(text)[0] == indexed(text)
    folded, origin = fold_mapped(text)
    assert [text[origin[i]] for i, c in enumerate(folded) if c == "1"] == ["۱"]


def test_query_terms_offer_both_forms_of_a_word_in_parts():
    assert terms("می‌شود") == [(("می", "شود"), ("میشود",))]
    assert terms("میشود") == [(("میشود",),)]
    assert terms("the the The") == [(("the",),)]
    assert terms('" * ( ) : ^ -') == []
    assert terms("x" * 10_000) == [(("x" * 256,),)]
