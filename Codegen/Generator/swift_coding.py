"""The fast paths: query writers for request types, tape readers for response types, and the mirrors that
keep secrets out of `dump()`."""

from __future__ import annotations

from typing import List

from .model import API, Field, GenerationError, Struct
from .naming import escape_identifier, key_hash, swift_string
from .swift_types import PLACEHOLDERS


# MARK: Query writers

def write_expression(struct: Struct, fld: Field) -> str:
    """The `writer.add(prefix, "Wire", …)` call for one field."""
    value = f"self.{fld.name}"
    top_request = struct.action is not None
    if top_request and fld.name == "regionId":
        return f'writer.add(prefix, {swift_string(fld.wire)}, writer.overrides.regionId ?? {value})'
    if top_request and fld.wire == "ClientToken" and struct.action.idempotent:
        return f'writer.add(prefix, "ClientToken", writer.overrides.clientToken ?? {value})'
    wire = swift_string(fld.wire)
    if fld.form == "jsonArray":
        return f"writer.add(prefix, {wire}, {value}.map(JSONArrayParameter.jsonText))"
    if fld.form == "comma":
        return f'writer.add(prefix, {wire}, {value}.map {{ $0.map(\\.rawValue).joined(separator: ",") }})'
    if fld.form == "json":
        return f"writer.add(prefix, {wire}, {value}.map(JSONTextEncoding.text))"
    if fld.is_map:
        raise GenerationError(f"{fld.path}: a map parameter must travel as JSON text")
    element = fld.element
    if fld.is_list:
        if element.struct is not None:
            return f"writer.add(prefix, {wire}, {'structures: ' if fld.required else ''}{value})"
        if element.scalar == "String":
            return f"writer.add(prefix, {wire}, {'strings: ' if fld.required else ''}{value})"
        # Lists of numbers, booleans or enums travel as their text, like strings.
        text = {"Int": "String.init", "Double": "QueryScalar.string", "Bool": "QueryScalar.string"}.get(element.scalar or "", "")
        mapper = "{ $0.map(\\.rawValue) }" if element.enum else f"{{ $0.map({text}) }}"
        if not element.enum and not text:
            raise GenerationError(f"{fld.path}: lists of {element.swift} are not modelled")
        if fld.required:
            return f"writer.add(prefix, {wire}, Optional({value}).map {mapper})"
        return f"writer.add(prefix, {wire}, {value}.map {mapper})"
    if fld.required:
        if element.struct is not None:
            return f"writer.add(prefix, {wire}, structure: {value})"
        if element.scalar == "String":
            return f"writer.add(prefix, {wire}, string: {value})"
        if element.scalar == "Int":
            return f"writer.add(prefix, {wire}, integer: {value})"
        return f"writer.add(prefix, {wire}, Optional({value}))"
    return f"writer.add(prefix, {wire}, {value})"


def writer_extension(struct: Struct) -> List[str]:
    lines = [
        f"extension {struct.qualified}: QueryWritable {{",
        "    func writeQuery(to writer: inout QueryWriter, prefix: String) {",
    ]
    for fld in sorted(struct.fields, key=lambda f: f.wire.encode("utf-8")):
        lines.append("        " + write_expression(struct, fld))
    lines += ["    }", "}"]
    if struct.json_text:
        lines += [""] + json_text_extension(struct)
    return lines


def json_text_extension(struct: Struct) -> List[str]:
    """Writes the structure as the JSON object the official SDK sends for a "shrink" parameter: fields in
    the SDK's order, absent ones left out (absent lists as `[]`, as the SDK writes them)."""
    lines = [
        f"extension {struct.qualified}: JSONTextWritable {{",
        "    package func writeJSON(to writer: inout JSONTextWriter) {",
        "        writer.beginObject()",
    ]
    for fld in struct.fields:
        wire = swift_string(fld.wire)
        if fld.is_list:
            lines.append(f"        writer.member({wire}, self.{fld.name} ?? [])" if not fld.required else f"        writer.member({wire}, self.{fld.name})")
        else:
            lines.append(f"        writer.member({wire}, self.{fld.name})")
    lines += ["        writer.endObject()", "    }", "}"]
    return lines


def json_text_file(root: Struct) -> List[str]:
    """The JSON-text writers of the structures under `root` that travel as JSON text, for an action without
    the fast path (whose query writers include them). A group module's `import AliyunECS` comes from the
    header `action_files` gives every piece."""
    lines = ["import Foundation", ""]
    for index, struct in enumerate(s for s in root.walk() if s.json_text):
        lines += ([""] if index else []) + json_text_extension(struct)
    return lines


def writers_file(api: API, root: Struct) -> List[str]:
    return _extensions_file(root, writer_extension, [
        "// Each writer appends its fields in wire-name byte order, so the canonical query needs no sorting",
        "// unless a list has ten elements or more (`Name.10` sorts before `Name.2`).",
    ])


# MARK: Tape readers

def read_expression(fld: Field) -> str:
    element = fld.element
    required = fld.required
    if fld.is_list:
        if element.struct is not None:
            item = f"try $0.model({element.struct.qualified}.self)"
        elif element.enum:
            item = f"try $0.enumValue({element.enum}.self)"
        else:
            item = {"String": "try $0.string()", "Int": "try $0.int()", "Double": "try $0.double()",
                    "Bool": "try $0.bool()", "Date": "try $0.date()"}[element.scalar]
        return f"try value.list {{ {item} }}"
    if element.struct is not None:
        return f"try value.model({element.struct.qualified}.self)" if required else f"try value.optionalModel({element.struct.qualified}.self)"
    if element.enum:
        return f"try value.enumValue({element.enum}.self)" if required else f"try value.optionalEnum({element.enum}.self)"
    reader = {"String": "string", "Int": "int", "Double": "double", "Bool": "bool", "Date": "date"}[element.scalar]
    if fld.default_if_missing is not None:
        return f"try value.optional{reader.capitalize()}() ?? {swift_string(fld.default_if_missing)}"
    return f"try value.{reader}()" if required else f"try value.optional{reader.capitalize()}()"


def placeholder(fld: Field) -> str:
    if fld.element.enum:
        return f'{fld.element.enum}(rawValue: "")'
    if fld.element.struct is not None or fld.is_list:
        raise GenerationError(f"{fld.path}: a required structure or list in a response is not modelled")
    return PLACEHOLDERS[fld.element.scalar]


def reader_extension(struct: Struct) -> List[str]:
    arguments = ", ".join(f"{escape_identifier(f.name)}: {placeholder(f)}" for f in struct.fields if f.required)
    lines = [
        f"extension {struct.qualified}: JSONTapeDecodable {{",
        "    init(tape object: JSONObjectView) throws {",
        f"        self.init({arguments})",
    ]
    if not struct.fields:
        return lines + ["    }", "}"]
    words = (len(struct.fields) + 63) // 64
    for word in range(words):
        lines.append(f"        var seen{word}: UInt64 = 0")
    lines += ["        try object.forEach { key, value in", "            switch key.hash {"]
    for index, fld in enumerate(struct.fields):
        word, bit = divmod(index, 64)
        mask = f"0x{1 << bit:X}"
        lines += [
            f"            case 0x{key_hash(fld.wire):08X} where key == {swift_string(fld.wire)}:",
            f"                guard seen{word} & {mask} == 0 else {{ return }}",
            f"                seen{word} |= {mask}",
            f"                self.{fld.name} = {read_expression(fld)}",
        ]
    lines += ["            default:", "                break", "            }", "        }"]
    for index, fld in enumerate(struct.fields):
        if fld.required and fld.default_if_missing is None:
            word, bit = divmod(index, 64)
            lines.append(f"        if seen{word} & 0x{1 << bit:X} == 0 {{ throw JSONObjectView.missing({swift_string(fld.wire)}) }}")
    lines += ["    }", "}"]
    return lines


def readers_file(api: API, root: Struct) -> List[str]:
    return _extensions_file(root, reader_extension, [
        "// Each reader walks its object once and switches on the hash of each key (confirmed by comparing the",
        "// bytes), with the leniency of `ECSJSONDecoder`: the first of duplicate keys wins, as there.",
    ])


def _extensions_file(root: Struct, extension, comment: List[str]) -> List[str]:
    """A file of one extension per struct under `root` (itself included), after a comment."""
    lines = ["import Foundation", ""] + comment + [""]
    first = True
    for struct in root.walk():
        if not first:
            lines.append("")
        first = False
        lines += extension(struct)
    return lines


# MARK: Mirrors

def mirror_extension(struct: Struct) -> List[str]:
    names = ", ".join(f"``{f.name}``" for f in struct.fields if f.secret)
    lines = [
        f"extension {struct.qualified}: CustomReflectable {{",
        f"    /// Every property, as the default mirror shows it, except that a set {names} reads `<redacted>`.",
        "    public var customMirror: Mirror {",
        "        let children: [Mirror.Child] = [",
    ]
    for fld in struct.fields:
        value = f"self.{fld.name}"
        if fld.secret:
            shown = f"{value}.map {{ _ in Redaction.placeholder }} as Any" if not fld.required else "Redaction.placeholder as Any"
        else:
            shown = f"{value} as Any"
        lines.append(f"            ({swift_string(fld.name)}, {shown}),")
    lines += [
        "        ]",
        "        return Mirror(self, children: children, displayStyle: .struct)",
        "    }",
        "}",
    ]
    return lines
