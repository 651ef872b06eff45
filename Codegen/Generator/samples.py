"""Wire samples: for every action, a request with every parameter set, twice over — as Swift code for the
tests, and in wire form for `Codegen/capture-official`, which has the official SDK send the same request.

Values are deterministic (a CRC of the parameter's path) and exercise the encoders: strings with Unicode and
reserved characters, lists of two, every nested structure, JSON-array and comma-separated forms."""

from __future__ import annotations

import json
import zlib
from typing import Any, Dict, List, Tuple

from .model import API, CORE_MODULE, Action, Field, Struct
from .naming import escape_identifier, swift_string


def _crc(path: str) -> int:
    return zlib.crc32(path.encode("utf-8"))


def _string(path: str, wire: str, action: Action) -> str:
    if wire == "ClientToken":
        return f"token-{action.name}"
    if wire == "RegionId":
        return "cn-hangzhou"
    return f"{path} 中文 a/b&c=d+e?f#g%h~i*j"


class SampleBuilder:
    """Builds the sample of each field, reading enum values from the API."""

    def __init__(self, api: API):
        self.api = api

    def scalar(self, fld: Field, path: str, action: Action) -> Tuple[str, Any]:
        return _scalar(self.api, fld, path, action)

    def struct(self, struct: Struct, path: str, action: Action) -> Tuple[str, Dict[str, Any]]:
        arguments: List[str] = []
        wire: Dict[str, Any] = {}
        for fld in struct.fields:
            swift, value = self.field(fld, f"{path}.{fld.wire}", action)
            arguments.append(f"{escape_identifier(fld.name)}: {swift}")
            wire[fld.wire] = value
        return f"{struct.qualified}({', '.join(arguments)})", wire

    def field(self, fld: Field, path: str, action: Action) -> Tuple[str, Any]:
        if fld.is_map:
            values = {f"key{i}": f"{path}.key{i} 值" for i in (1, 2)}
            swift = "[" + ", ".join(f"{swift_string(k)}: {swift_string(v)}" for k, v in values.items()) + "]"
            return swift, values
        if fld.form == "jsonArray":
            values = [f"{fld.wire}-{i} 值" for i in (1, 2)]
            return "[" + ", ".join(swift_string(v) for v in values) + "]", json.dumps(values, ensure_ascii=False)
        if fld.form == "comma":
            enum = self.api.enums[fld.element.enum]
            raws = [enum.values[i % len(enum.values)][1] for i in (0, 1)]
            swift = "[" + ", ".join(f"{fld.element.enum}(rawValue: {swift_string(r)})" for r in raws) + "]"
            return swift, ",".join(raws)
        if fld.is_list:
            swift_items: List[str] = []
            wire_items: List[Any] = []
            for index in (1, 2):
                item_path = f"{path}.{index}"
                if fld.element.struct is not None:
                    swift, value = self.struct(fld.element.struct, item_path, action)
                else:
                    swift, value = self.scalar(fld, item_path, action)
                swift_items.append(swift)
                wire_items.append(value)
            return "[" + ", ".join(swift_items) + "]", wire_items
        if fld.element.struct is not None:
            return self.struct(fld.element.struct, path, action)
        return self.scalar(fld, path, action)


def _scalar(api: API, fld: Field, path: str, action: Action) -> Tuple[str, Any]:
    element = fld.element
    if element.enum:
        enum = api.enums[element.enum]
        raw = enum.values[_crc(path) % len(enum.values)][1]
        return f"{element.enum}(rawValue: {swift_string(raw)})", raw
    scalar = element.scalar
    if scalar == "Int":
        value = 100 + _crc(path) % 900
        return str(value), value
    if scalar == "Double":
        value = 10 + _crc(path) % 90 + 0.25
        return repr(value), value
    if scalar == "Bool":
        value = _crc(path) % 2 == 0
        return ("true" if value else "false"), value
    text = _string(path, fld.wire, action)
    return swift_string(text), text


def response_sample(api: API, struct: Struct, path: str) -> Dict[str, Any]:
    """An answer with every field set, in ECS's JSON shape (lists of two, nested under their singular key)."""
    body: Dict[str, Any] = {}
    for fld in struct.fields:
        field_path = f"{path}.{fld.wire}"
        if fld.is_list:
            items = [_response_value(api, fld, f"{field_path}.{index}") for index in (1, 2)]
            body[fld.wire] = {fld.wrapper_key: items} if fld.wrapper_key else items
        else:
            body[fld.wire] = _response_value(api, fld, field_path)
    return body


def _response_value(api: API, fld: Field, path: str) -> Any:
    element = fld.element
    if element.struct is not None:
        return response_sample(api, element.struct, path)
    if element.enum:
        values = api.enums[element.enum].values
        return values[_crc(path) % len(values)][1]
    if element.scalar == "Date":
        return "2026-11-20T08:%02d:00Z" % (_crc(path) % 60)
    if element.scalar == "Int":
        return 100 + _crc(path) % 900
    if element.scalar == "Double":
        return 10 + _crc(path) % 90 + 0.25
    if element.scalar == "Bool":
        return _crc(path) % 2 == 0
    return f"{path} 值"


def response_samples(api: API) -> Dict[str, Dict[str, Any]]:
    """Every action's answer with every field set, keyed by action."""
    return {action.name: response_sample(api, action.response, action.name) for action in api.actions}


def request_samples(api: API) -> Dict[str, List[List[str]]]:
    """For every action, the query parameters of a request with every parameter set, flattened as the model
    says ECS reads them (`Name.1`, `Name.1.Field`, `Name.Field`; JSON text where the SDK sends JSON), in
    canonical order: what the tests decode into the Swift request and expect it to encode back."""
    builder = SampleBuilder(api)
    result: Dict[str, List[List[str]]] = {}
    for action in api.actions:
        pairs: List[List[str]] = []
        for fld in action.request.fields:
            _, value = builder.field(fld, f"{action.name}.{fld.wire}", action)
            pairs += _flattened(fld, value, fld.wire)
        result[action.name] = sorted(pairs, key=lambda pair: pair[0].encode("utf-8"))
    return result


def _flattened(fld: Field, value: Any, name: str) -> List[List[str]]:
    if fld.form == "json" or fld.is_map:
        return [[name, _json(value)]]
    if fld.form == "jsonArray":
        return [[name, _json(json.loads(value))]]
    if fld.form == "comma":
        return [[name, value]]
    if fld.is_list:
        pairs: List[List[str]] = []
        for index, item in enumerate(value, 1):
            pairs += _flattened_element(fld, item, f"{name}.{index}")
        return pairs
    return _flattened_element(fld, value, name)


def _flattened_element(fld: Field, value: Any, name: str) -> List[List[str]]:
    if fld.element.struct is not None:
        pairs: List[List[str]] = []
        for nested in fld.element.struct.fields:
            pairs += _flattened(nested, value[nested.wire], f"{name}.{nested.wire}")
        return pairs
    if isinstance(value, bool):
        return [[name, "true" if value else "false"]]
    return [[name, str(value)]]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def samples(api: API) -> Tuple[List[str], Dict[str, Dict[str, Any]]]:
    """The Swift test file and the wire-form samples of the actions in AliyunECS, keyed by action (the
    official SDK's captures are made from these)."""
    builder = SampleBuilder(api)
    hot = api.actions_in(CORE_MODULE)
    swift: List[str] = [
        "import AliyunECS",
        "import Foundation",
        "",
        "/// For every generated action, a request with every parameter set (lists of two, every nested structure,",
        "/// Unicode and reserved characters). `Codegen/capture-official` had the official Python SDK send the same",
        "/// requests (from `Codegen/Samples/wire-samples.json`); `Tests/Fixtures/official-wire` holds what it sent.",
        "enum WireSamples {",
        "    /// Every sample, keyed by action.",
        "    static let all: [String: any ECSRequest] = [",
    ]
    for action in hot:
        swift.append(f"        {swift_string(action.name)}: {action.method}(),")
    swift += ["    ]"]
    wire_samples: Dict[str, Dict[str, Any]] = {}
    for action in hot:
        request = action.request
        required = [f for f in request.fields if f.init_required]
        wire: Dict[str, Any] = {}
        arguments = []
        settings = []
        for fld in request.fields:
            code, value = builder.field(fld, f"{action.name}.{fld.wire}", action)
            wire[fld.wire] = value
            if fld in required:
                arguments.append(f"{escape_identifier(fld.name)}: {code}")
            else:
                settings.append(f"        request.{fld.name} = {code}")
        wire_samples[action.name] = wire
        swift += [
            "",
            f"    static func {action.method}() -> {request.name} {{",
            f"        {'var' if settings else 'let'} request = {request.name}({', '.join(arguments)})",
        ]
        swift += settings
        swift += ["        return request", "    }"]
    swift.append("}")
    return swift, wire_samples
