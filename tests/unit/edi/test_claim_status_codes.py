"""The X12 claim status category and status code lists, in plain words."""

from revcycle.edi.claim_status_codes import category_words, status_words


def test_code_words_cover_the_list_and_flag_codes_outside_it():
    # given codes from the X12 lists, one with our words and one without, and a code not in the list
    # when described / then
    assert category_words("P1") == "pending: in process"
    assert status_words("65") == "the claim or line has been paid"
    assert status_words("187") == "status code 187"
    assert status_words("99999") == "unknown status code '99999'"
    assert category_words("Z9") == "unknown category code 'Z9'"
