"""Hostile and malformed YAML is refused with a line number, never executed, never unbounded."""

import pytest

from quizzer.bank import yamlsafe
from quizzer.bank.yamlsafe import YamlError, decode, parse


def error_of(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse(text)
    return info.value


def test_mappings_remember_their_lines():
    data = parse("a: 1\nitems:\n  - x: 2\n    y: 3\n")
    assert data.line == 1
    assert data.key_lines == {"a": 1, "items": 2}
    assert data["items"][0].line == 3


def test_duplicate_key_names_both_lines():
    err = error_of("id: a\nstem: x\nid: b\n")
    assert err.line == 3
    assert "duplicate key 'id'" in err.message and "line 1" in err.message


def test_python_tags_are_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    err = error_of(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert "not allowed" in err.message
    assert not marker.exists()


def test_custom_tags_are_refused():
    assert "not allowed" in error_of("a: !include other.yaml\n").message


def test_alias_bomb_is_refused_before_expansion():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(
            f"l{i}: &l{i} [" + ",".join([f"*{'a' if i == 1 else 'l' + str(i - 1)}"] * 9) + "]"
        )
    assert "aliases" in error_of("\n".join(lines) + "\n").message


def test_deep_nesting_is_bounded():
    err = error_of("[" * 1000 + "]" * 1000)
    assert "nest" in err.message


def test_syntax_error_has_its_line():
    err = error_of("a: 1\nb: [1, 2\nc: 3\n")
    assert err.line >= 2 and "syntax" in err.message.lower()


def test_several_documents_are_refused():
    assert "another document" in error_of("a: 1\n---\nb: 2\n").message


def test_binary_and_bad_utf8():
    with pytest.raises(YamlError, match="binary"):
        decode(b"questions:\n\x00\x01")
    with pytest.raises(YamlError) as info:
        decode(b"a: 1\nb: caf\xe9\n")
    assert info.value.line == 2 and "UTF-8" in info.value.message


def test_huge_file_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(yamlsafe, "MAX_BYTES", 100)
    with pytest.raises(YamlError, match="limit"):
        decode(b"a: 1\n" * 100)


def test_bom_is_accepted():
    assert parse(decode("\ufeffa: 1\n".encode("utf-8"))) == {"a": 1}
