from {{module}} import greeting


def test_greeting():
    assert greeting("world") == "hello, world"
