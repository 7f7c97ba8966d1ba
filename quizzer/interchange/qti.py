"""QTI 2.1 and 3.0 items and content packages: read either version, write either as a zip package.

Both versions share one tree: the writer builds QTI 2.1 names (``choiceInteraction``) and
renames them for 3.0 (``qti-choice-interaction``); the reader renames 3.0 back first.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable, Iterable
from io import BytesIO
from posixpath import dirname, join, normpath
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from quizzer.bank.schema import Question
from quizzer.interchange import html as markup_html
from quizzer.interchange import safety
from quizzer.interchange.common import (
    Imported,
    InterchangeError,
    ParseResult,
    Report,
    explanation,
    number_text,
    question_id,
    rationale,
    unique_ids,
)
from quizzer.interchange.gift import extra_lost
from quizzer.interchange.tags import export_tags, split_tags

NS = {
    "2.1": "http://www.imsglobal.org/xsd/imsqti_v2p1",
    "3.0": "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
}
CP_NS = {
    "2.1": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "3.0": "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1",
}
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
PACKAGE_SCHEMA = {"2.1": ("QTIv2.1 Package", "1.0.0"), "3.0": ("QTI Package", "3.0.0")}
RESOURCE_TYPE = {"2.1": "imsqti_item_xmlv2p1", "3.0": "imsqti_item_xmlv3p0"}
MATCH_CORRECT = {
    "2.1": "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct",
    "3.0": "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml",
}
MAP_RESPONSE = {
    "2.1": "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response",
    "3.0": "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml",
}
_TF = ("true", "false")


def _camel(name: str) -> str:
    head, *rest = name.removeprefix("qti-").split("-")
    return head + "".join(p.capitalize() for p in rest)


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _normalize(node: Element) -> None:
    """Strip namespaces and turn QTI 3.0 names into the 2.1 ones, in place."""
    for element in node.iter():
        tag = _local(element.tag)
        element.tag = _camel(tag) if tag.startswith("qti-") else tag
        element.attrib = {
            _camel(_local(k)) if "-" in k else _local(k): v for k, v in element.attrib.items()
        }


# ---------------------------------------------------------------- import


class _Unsupported(Exception):
    pass


def _inner(node: Element | None, skip: tuple[str, ...] = ("feedbackInline",)) -> str:
    """The markup inside a node, without its feedback children."""
    if node is None:
        return ""
    # ElementTree hands back text unescaped: escape it again, or "<resource>" reads as a tag.
    parts = [html.escape(node.text or "", quote=False)]
    for child in node:
        if child.tag not in skip:
            parts.append(_html(child))
        parts.append(html.escape(child.tail or "", quote=False))
    return markup_html.to_text("".join(parts))


def _html(node: Element) -> str:
    copy = ET.Element(node.tag, node.attrib)
    copy.text, copy[:] = node.text, list(node)
    return ET.tostring(copy, encoding="unicode")


def _feedback(node: Element) -> str | None:
    inline = node.find("feedbackInline")
    return _inner(inline, ()) if inline is not None else None


def _correct(item: Element) -> list[str]:
    return [
        (v.text or "").strip() for v in item.findall("responseDeclaration/correctResponse/value")
    ]


def _choice(item: Element, interaction: Element) -> tuple[str, dict]:
    choices = interaction.findall("simpleChoice")
    keys = set(_correct(item))
    ids = [c.get("identifier", "") for c in choices]
    if [i.lower() for i in ids] == list(_TF) and len(keys) == 1:
        fb = {c.get("identifier", "").lower(): _feedback(c) for c in choices}
        answer = next(iter(keys)).lower() == "true"
        return "true_false", {
            "answer": answer,
            "rationale_true": rationale(fb["true"]),
            "rationale_false": rationale(fb["false"]),
        }
    options = []
    for choice in choices:
        option: dict[str, str | bool] = {
            "text": _inner(choice),
            "rationale": rationale(_feedback(choice)),
        }
        if choice.get("identifier") in keys:
            option["correct"] = True
        options.append(option)
    max_choices = int(interaction.get("maxChoices", "1") or 1)
    if max_choices == 1 and len(keys) == 1:
        return "single", {
            "options": options,
            "shuffle": interaction.get("shuffle", "true") == "true",
        }
    return "multiple", {"options": options, "choose": len(keys)}


def _order(item: Element, interaction: Element) -> tuple[str, dict]:
    by_id = {c.get("identifier", ""): c for c in interaction.findall("simpleChoice")}
    order = _correct(item)
    if sorted(order) != sorted(by_id):
        raise _Unsupported("the correct order does not list every choice once")
    return "ordering", {
        "items": [
            {"text": _inner(by_id[i]), "rationale": rationale(_feedback(by_id[i]))} for i in order
        ]
    }


def _match(item: Element, interaction: Element) -> tuple[str, dict]:
    sets = interaction.findall("simpleMatchSet")
    if len(sets) != 2:
        raise _Unsupported("a match interaction needs two sets")
    prompts = {c.get("identifier"): c for c in sets[0].findall("simpleAssociableChoice")}
    targets = {c.get("identifier"): c for c in sets[1].findall("simpleAssociableChoice")}
    pairs, used = [], set()
    for value in _correct(item):
        source, _, target = value.partition(" ")
        if source not in prompts or target not in targets:
            raise _Unsupported(f"correct pair {value!r} names no choice")
        used.add(target)
        pairs.append(
            {
                "prompt": _inner(prompts[source]),
                "match": _inner(targets[target]),
                "rationale": rationale(_feedback(prompts[source])),
            }
        )
    distractors = [
        {"text": _inner(c), "rationale": rationale(_feedback(c))}
        for i, c in targets.items()
        if i not in used
    ]
    return "matching", {"pairs": pairs, **({"distractors": distractors} if distractors else {})}


def _text_words(declaration: Element, values: list[str]) -> tuple[str, dict]:
    """Text entry of words: accepted answers from the mapping (or the correct response)."""
    entries = declaration.findall("mapping/mapEntry")
    answers, seen, case = [], set(), False
    for entry in entries:
        try:
            value = float(entry.get("mappedValue", "0"))
        except ValueError:
            raise _Unsupported(
                f"mappedValue {entry.get('mappedValue')!r} is not a number"
            ) from None
        if value <= 0:
            continue
        if entry.get("caseSensitive", "true").lower() == "true":
            case = True
        answers.append(entry.get("mapKey", ""))
    if not entries:  # match_correct compares exactly, case and all
        answers, case = values, True
    kept = []
    for text in (a.strip() for a in answers):
        folded = text if case else text.casefold()
        if text and folded not in seen:
            seen.add(folded)
            kept.append({"text": text})
    if not kept:
        raise _Unsupported("the text entry has no correct response")
    return "short_answer", {"answers": kept, **({"case_sensitive": True} if case else {})}


def _text_entry(item: Element, interaction: Element) -> tuple[str, dict]:
    declaration = item.find("responseDeclaration")
    if declaration is not None and declaration.get("baseType") == "string":
        return _text_words(declaration, _correct(item))
    if declaration is None or declaration.get("baseType") not in {"float", "integer"}:
        raise _Unsupported("a text entry needs a string, float or integer response")
    values = _correct(item)
    equal = item.find(".//responseProcessing//equal")
    tolerance = 0.0
    if equal is not None and equal.get("tolerance"):
        tolerance = abs(float(equal.get("tolerance", "0").split()[0]))
    return "numeric", {"answer": float(values[0]), "tolerance": tolerance}


#: QTI interaction -> reader; any other interaction is reported as not fitting.
READERS: dict[str, Callable[[Element, Element], tuple[str, dict]]] = {
    "choiceInteraction": _choice,
    "orderInteraction": _order,
    "matchInteraction": _match,
    "textEntryInteraction": _text_entry,
}
_WHY_NOT = {
    "extendedTextInteraction": "an essay (extended text) has no key quizzer can grade",
    "inlineChoiceInteraction": "a cloze (inline choices) does not fit quizzer's types",
    "gapMatchInteraction": "a cloze (gap match) does not fit quizzer's types",
}


def _item(root: Element, name: str, tags: list[str], topic: str | None) -> Imported:
    _normalize(root)
    if root.tag != "assessmentItem":
        raise InterchangeError(
            name, "1", f"the root element is <{root.tag}>, not a QTI assessment item"
        )
    source_id = root.get("identifier")
    where = f"<assessmentItem identifier={source_id!r}>"
    body = root.find("itemBody")
    if body is None:
        raise _Unsupported("the item has no item body")
    interactions = [e for e in body.iter() if e.tag.endswith("Interaction")]
    if len(interactions) != 1:
        raise _Unsupported(
            f"{len(interactions)} interactions in one item; quizzer asks one thing per question"
        )
    interaction = interactions[0]
    reader = READERS.get(interaction.tag)
    if reader is None:
        raise _Unsupported(
            _WHY_NOT.get(interaction.tag, f"a {interaction.tag} does not fit quizzer's types")
        )
    prompt = interaction.find("prompt")
    stem_parts = [
        _inner(e) for e in body if e is not interaction and not e.tag.endswith("Interaction")
    ]
    if prompt is not None:
        stem_parts.append(_inner(prompt))
    stem = "\n\n".join(p for p in stem_parts if p)
    kind, fields = reader(root, interaction)
    general = next(
        (
            _inner(m, ())
            for m in root.findall("modalFeedback")
            if m.get("identifier") == "EXPLANATION"
        ),
        None,
    )
    kept, difficulty = split_tags(tags)
    data = {
        "id": question_id(source_id, stem),
        "type": kind,
        "stem": stem,
        **fields,
        "explanation": explanation(general),
    }
    return Imported(data, where, kept, topic, difficulty)


def _manifest(files: dict[str, bytes], name: str) -> list[tuple[str, list[str], str | None]]:
    """(item path, keywords, topic) for each item resource the manifest lists."""
    if "imsmanifest.xml" not in files:
        raise InterchangeError(
            name, "imsmanifest.xml", "a QTI package needs imsmanifest.xml at its root"
        )
    root = safety.parse_xml(files["imsmanifest.xml"], f"{name}:imsmanifest.xml")
    _normalize(root)
    out = []
    for resource in root.iter("resource"):
        if not resource.get("type", "").startswith("imsqti_item"):
            continue
        href = safety.safe_member(resource.get("href", ""), name)
        keywords = [(s.text or "").strip() for s in resource.iter("string") if s.text]
        topics = [k.removeprefix("topic:") for k in keywords if k.startswith("topic:")]
        out.append(
            (
                href,
                [k for k in keywords if not k.startswith("topic:")],
                topics[0] if topics else None,
            )
        )
    return out


def read(data: bytes, name: str) -> ParseResult:
    result = ParseResult()
    if data[:2] == b"PK":
        files = safety.open_package(data, name)
        entries = _manifest(files, name)
        result.resources = {k: v for k, v in files.items() if not k.endswith(".xml")}
    else:
        files, entries = {"item.xml": data}, [("item.xml", [], None)]
    for href, tags, topic in entries:
        if href not in files:
            raise InterchangeError(
                name, href, "the manifest lists an item the package does not hold"
            )
        label = f"{name}:{href}" if data[:2] == b"PK" else name
        root = safety.parse_xml(files[href], label)
        try:
            result.questions.append(_item(root, label, tags, topic))
        except _Unsupported as exc:
            ident = root.get("identifier")
            result.skipped.append(
                Report(
                    label,
                    f"<assessmentItem identifier={ident!r}>",
                    str(exc),
                    question_id(ident, ""),
                )
            )
        # images are referenced relative to the item file; key them the same way
        base = dirname(href)
        result.resources.update(
            {
                normpath(k[len(base) + 1 :]) if base and k.startswith(base + "/") else k: v
                for k, v in files.items()
                if not k.endswith(".xml")
            }
        )
    unique_ids(result.questions)
    return result


# ---------------------------------------------------------------- export


def _html_into(parent: Element, tag: str, text: str, **attrs: str) -> Element:
    """An element whose content is the markup as (X)HTML children."""
    fragment = ET.fromstring(f"<{tag}>{markup_html.to_html(text)}</{tag}>")
    fragment.attrib.update(attrs)
    parent.append(fragment)
    return fragment


def _inline_feedback(parent: Element, identifier: str, text: str) -> None:
    _html_into(
        parent,
        "feedbackInline",
        text,
        outcomeIdentifier="FEEDBACK",
        identifier=identifier,
        showHide="show",
    )


def _declare(item: Element, cardinality: str, base: str, values: list[str]) -> Element:
    declaration = ET.SubElement(
        item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base
    )
    correct = ET.SubElement(declaration, "correctResponse")
    for value in values:
        ET.SubElement(correct, "value").text = value
    return declaration


def _w_choice(q, item: Element, body: Element) -> list[str]:
    single = q.type == "single"
    keys = [f"C{i}" for i, o in enumerate(q.options) if o.correct]
    _declare(item, "single" if single else "multiple", "identifier", keys)
    interaction = ET.SubElement(
        body,
        "choiceInteraction",
        responseIdentifier="RESPONSE",
        shuffle="true" if q.shuffle else "false",
        maxChoices=str(1 if single else q.choose),
    )
    for i, o in enumerate(q.options):
        choice = _html_into(interaction, "simpleChoice", o.text, identifier=f"C{i}")
        _inline_feedback(choice, f"C{i}", o.rationale)
    return (
        []
        if single or q.scoring == "all_or_nothing"
        else ["partial scoring (match_correct is all-or-nothing)"]
    )


def _w_true_false(q, item: Element, body: Element) -> list[str]:
    _declare(item, "single", "identifier", ["true" if q.answer else "false"])
    interaction = ET.SubElement(
        body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false", maxChoices="1"
    )
    for ident, label, why in (
        ("true", "True", q.rationale_true),
        ("false", "False", q.rationale_false),
    ):
        choice = ET.SubElement(interaction, "simpleChoice", identifier=ident)
        choice.text = label
        _inline_feedback(choice, ident, why)
    return []


def _w_order(q, item: Element, body: Element) -> list[str]:
    _declare(item, "ordered", "identifier", [f"S{i}" for i in range(len(q.items))])
    interaction = ET.SubElement(
        body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true"
    )
    for i, step in enumerate(q.items):
        _inline_feedback(
            _html_into(interaction, "simpleChoice", step.text, identifier=f"S{i}"),
            f"S{i}",
            step.rationale,
        )
    return ["partial scoring (match_correct is all-or-nothing)"] if q.scoring == "partial" else []


def _w_match(q, item: Element, body: Element) -> list[str]:
    choices = q.choices()
    _declare(
        item,
        "multiple",
        "directedPair",
        [f"P{i} M{choices.index(p.match)}" for i, p in enumerate(q.pairs)],
    )
    interaction = ET.SubElement(
        body,
        "matchInteraction",
        responseIdentifier="RESPONSE",
        shuffle="true",
        maxAssociations=str(len(q.pairs)),
    )
    left, right = (
        ET.SubElement(interaction, "simpleMatchSet"),
        ET.SubElement(interaction, "simpleMatchSet"),
    )
    for i, p in enumerate(q.pairs):
        _inline_feedback(
            _html_into(left, "simpleAssociableChoice", p.prompt, identifier=f"P{i}", matchMax="1"),
            f"P{i}",
            p.rationale,
        )
    distractor_why = {d.text: d.rationale for d in q.distractors}
    for i, text in enumerate(choices):
        choice = _html_into(
            right, "simpleAssociableChoice", text, identifier=f"M{i}", matchMax=str(len(q.pairs))
        )
        if text in distractor_why:
            _inline_feedback(choice, f"M{i}", distractor_why[text])
    return ["partial scoring (match_correct is all-or-nothing)"] if q.scoring == "partial" else []


def _w_numeric(q, item: Element, body: Element) -> list[str]:
    _declare(item, "single", "float", [number_text(q.answer)])
    paragraph = ET.SubElement(body, "p")
    ET.SubElement(
        paragraph, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="12"
    )
    lost = [f"unit {q.unit!r}"] if q.unit else []
    return lost + (["common mistakes and their rationales"] if q.mistakes else [])


def _w_short_answer(q, item: Element, body: Element) -> list[str]:
    declaration = _declare(item, "single", "string", [q.answers[0].text])
    mapping = ET.SubElement(declaration, "mapping", defaultValue="0")
    for a in q.answers:
        ET.SubElement(
            mapping,
            "mapEntry",
            mapKey=a.text,
            mappedValue="1",
            caseSensitive="true" if q.case_sensitive else "false",
        )
    paragraph = ET.SubElement(body, "p")
    ET.SubElement(
        paragraph, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="30"
    )
    lost = [f"the pattern {q.pattern!r}"] if q.pattern is not None else []
    return lost + (["per-answer feedback"] if any(a.feedback for a in q.answers) else [])


#: quizzer type -> writer of its declaration and interaction; other types are reported.
WRITERS: dict[str, Callable[[object, Element, Element], list[str]]] = {
    "single": _w_choice,
    "multiple": _w_choice,
    "true_false": _w_true_false,
    "ordering": _w_order,
    "matching": _w_match,
    "numeric": _w_numeric,
    "short_answer": _w_short_answer,
}


def _processing(q, item: Element, version: str) -> None:
    if q.type == "short_answer":
        ET.SubElement(item, "responseProcessing", template=MAP_RESPONSE[version])
        return
    if q.type != "numeric":
        ET.SubElement(item, "responseProcessing", template=MATCH_CORRECT[version])
        return
    processing = ET.SubElement(item, "responseProcessing")
    condition = ET.SubElement(ET.SubElement(processing, "responseCondition"), "responseIf")
    equal = ET.SubElement(
        condition,
        "equal",
        toleranceMode="absolute",
        tolerance=f"{number_text(q.tolerance)} {number_text(q.tolerance)}",
    )
    ET.SubElement(equal, "variable", identifier="RESPONSE")
    ET.SubElement(equal, "correct", identifier="RESPONSE")
    score = ET.SubElement(condition, "setOutcomeValue", identifier="SCORE")
    ET.SubElement(score, "baseValue", baseType="float").text = "1"


def item_xml(q, version: str) -> tuple[bytes, list[str]]:
    item = ET.Element(
        "assessmentItem", identifier=q.id, title=q.id, adaptive="false", timeDependent="false"
    )
    body = ET.Element("itemBody")
    lost = WRITERS[q.type](q, item, body)
    outcome = ET.SubElement(
        item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float"
    )
    ET.SubElement(ET.SubElement(outcome, "defaultValue"), "value").text = "0"
    ET.SubElement(
        item,
        "outcomeDeclaration",
        identifier="FEEDBACK",
        cardinality="multiple",
        baseType="identifier",
    )
    interaction = body[0]
    _html_into(body, "div", q.stem, **{"class": "stem"})
    body.remove(interaction)
    body.append(interaction)
    item.append(body)
    _processing(q, item, version)
    _html_into(
        item,
        "modalFeedback",
        q.explanation,
        outcomeIdentifier="FEEDBACK",
        identifier="EXPLANATION",
        showHide="show",
    )
    if version == "3.0":
        _to_v3(item)
    item.set("xmlns", NS[version])
    # No pretty-printing: whitespace inside the HTML content is part of the question text.
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(item, encoding="utf-8"), lost


_QTI_ELEMENTS = {
    "assessmentItem",
    "responseDeclaration",
    "correctResponse",
    "mapping",
    "mapEntry",
    "value",
    "outcomeDeclaration",
    "defaultValue",
    "itemBody",
    "choiceInteraction",
    "simpleChoice",
    "orderInteraction",
    "matchInteraction",
    "simpleMatchSet",
    "simpleAssociableChoice",
    "textEntryInteraction",
    "responseProcessing",
    "responseCondition",
    "responseIf",
    "equal",
    "variable",
    "correct",
    "setOutcomeValue",
    "baseValue",
    "modalFeedback",
    "feedbackInline",
    "prompt",
}


def _to_v3(item: Element) -> None:
    """QTI 3.0 names: qti- prefixed kebab-case elements and kebab-case attributes."""
    for element in item.iter():
        if element.tag in _QTI_ELEMENTS:
            element.tag = "qti-" + _kebab(element.tag)
            element.attrib = {_kebab(k): v for k, v in element.attrib.items()}


def _manifest_xml(entries: list[tuple[str, list[str], str]], version: str) -> bytes:
    ET.register_namespace("imsmd", LOM_NS)
    manifest = ET.Element("manifest", {"xmlns": CP_NS[version], "identifier": "quizzer-export"})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = PACKAGE_SCHEMA[version][0]
    ET.SubElement(metadata, "schemaversion").text = PACKAGE_SCHEMA[version][1]
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for href, keywords, topic in entries:
        resource = ET.SubElement(
            resources,
            "resource",
            identifier="item-" + href.rsplit("/", 1)[-1][:-4],
            type=RESOURCE_TYPE[version],
            href=href,
        )
        # Keywords live in IEEE LOM metadata, in LOM's own namespace as the manifest schema wants.
        lom = ET.SubElement(ET.SubElement(resource, "metadata"), f"{{{LOM_NS}}}lom")
        general = ET.SubElement(lom, f"{{{LOM_NS}}}general")
        for keyword in [*keywords, f"topic:{topic}"]:
            holder = ET.SubElement(general, f"{{{LOM_NS}}}keyword")
            ET.SubElement(holder, f"{{{LOM_NS}}}string").text = keyword
        ET.SubElement(resource, "file", href=href)
    ET.indent(manifest)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="utf-8")


def export(
    questions: Iterable[Question], name: str, *, version: str = "3.0", bank_root=None
) -> tuple[bytes, list[Report]]:
    """A content package (zip) with imsmanifest.xml and one item file per question."""
    reports: list[Report] = []
    entries = []
    buffer = BytesIO()
    label = f"QTI {version}"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for q in questions:
            if q.type not in WRITERS:
                reports.append(
                    Report(name, q.id, f"{q.type} questions do not fit {label}; left out", q.id)
                )
                continue
            body, lost = item_xml(q, version)
            href = f"items/{q.id}.xml"
            archive.writestr(href, body)
            entries.append((href, export_tags(q), q.topic))
            for ref in markup_html.has_images(f"{q.stem} {q.explanation}"):
                if bank_root is not None and (bank_root / ref).is_file():
                    archive.writestr(join("items", ref), (bank_root / ref).read_bytes())
            reports += [
                Report(name, q.id, f"not carried by {label}: {what}", q.id)
                for what in lost + extra_lost(q)
            ]
        archive.writestr("imsmanifest.xml", _manifest_xml(entries, version))
    return buffer.getvalue(), reports
