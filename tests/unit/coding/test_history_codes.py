from revcycle.coding.history import family_history_code, is_history_code, personal_history_code


def test_personal_history_codes():
    # given active-condition codes / then the personal history code a coder reports
    assert personal_history_code("I21.9") == "I25.2"
    assert personal_history_code("C50.911") == "Z85.3"
    assert personal_history_code("C18.9") == "Z85.038"
    assert personal_history_code("I63.9") == "Z86.73"
    assert personal_history_code("C99.9") == "Z85.9"
    assert personal_history_code("R05.9") is None


def test_family_history_codes():
    assert family_history_code("C50.911") == "Z80.3"
    assert family_history_code("C18.9") == "Z80.0"
    assert family_history_code("E11.9") == "Z83.3"
    assert family_history_code("I21.9") == "Z82.49"
    assert family_history_code("J18.9") is None


def test_history_codes_are_recognised():
    assert is_history_code("Z85.3") and is_history_code("I25.2") and is_history_code("Z80.0")
    assert not is_history_code("I25.10")
