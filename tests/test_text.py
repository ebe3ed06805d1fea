"""Text normalization and number reading."""

from silkroad_data.prose import normalize, normalize_quote, number_in_words, numbers_in


def test_normalize_drops_markup_and_maps_back_to_the_original():
    raw = "Sales of US\\$27m in *2017*<sup>46</sup>,\n  up 5%"
    n = normalize(raw)
    assert n.text == "Sales of US$27m in 2017, up 5%"
    at = n.text.index("2017")
    s, e = n.span_in_original(at, at + 4)
    assert raw[s:e] == "2017"
    at = n.text.index("$27m")
    s, e = n.span_in_original(at, at + 4)
    assert raw[s:e] == "$27m"


def test_quote_normalization_folds_white_space():
    assert normalize_quote("  reached\nUS\\$1  billion ") == "reached US$1 billion"


def test_numbers_keep_their_separators():
    assert numbers_in("1,000 users, 2.5% and 2O15 and G20") == ["1,000", "2.5", "2", "15", "20"]


def test_numbers_in_words():
    assert number_in_words("five tours") == 5
    assert number_in_words("two consecutive years") == 2
    assert abs(number_in_words("one third of its 4G networks") - 1 / 3) < 1e-12
    assert number_in_words("two thirds") == 2 / 3
    assert number_in_words("half the globe") == 0.5
    assert number_in_words("fourth place") == 4
    assert number_in_words("twenty-one countries") == 21
    assert number_in_words("several countries") is None


def test_fast_quote_normalization_agrees_with_the_mapped_one():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(["a", "B", "7", " ", "\n", "\t", "*", "\\", "\\$", "\\*", "$", "<sup>", "</sup>", "<sup>3</sup>", "é", "“"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=20).map("".join))
    def check(text):
        assert normalize_quote(text) == normalize(text).text.strip()

    check()
