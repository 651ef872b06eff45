"""Swift declarations: request and response structures with their nested types, open enums, shared types."""

from __future__ import annotations

from typing import List, Optional

from .docs import comment, first_sentence
from .model import API, CORE_MODULE, EnumType, Field, GenerationError, Struct, list_item_type_name
from .naming import escape_identifier, swift_string

PLACEHOLDERS = {"String": '""', "Int": "0", "Double": "0", "Bool": "false", "Date": "Date(timeIntervalSince1970: 0)"}


def property_declaration(fld: Field, indent: str) -> List[str]:
    lines = comment(fld.doc, indent) if fld.doc else [f"{indent}/// `{fld.wire}`."]
    if fld.secret:
        lines += [f"{indent}///", f"{indent}/// A secret: never shown in a description, a dump or a log line."]
    name = escape_identifier(fld.name)
    wrapper = property_wrapper(fld)
    if wrapper is None:
        lines.append(f"{indent}public var {name}: {fld.swift_type}")
    else:
        default = "[]" if fld.is_response_list else "nil"
        lines.append(f"{indent}@{wrapper} public var {name}: {fld.swift_type} = {default}")
    return lines


def property_wrapper(fld: Field) -> Optional[str]:
    """The property wrapper that carries the field's wire form (a nested list, JSON text, …), or `None`."""
    if fld.is_response_list:
        return f"ECSList<{fld.element.swift}, ECSListItem.{list_item_type_name(fld.wrapper_key or '')}>"
    return {
        "jsonArray": "JSONArrayParameter",
        "comma": f"CommaSeparatedParameter<{fld.element.swift}>",
        "json": f"JSONTextParameter<{fld.value_type}>",
    }.get(fld.form)


def init_parameter(fld: Field, with_default: bool) -> str:
    name = escape_identifier(fld.name)
    if fld.init_required:
        return f"{name}: {fld.value_type}"
    if fld.required or not with_default:
        return f"{name}: {fld.swift_type}"
    default = "[]" if fld.is_response_list else "nil"
    return f"{name}: {fld.swift_type} = {default}"


def initializer(struct: Struct, indent: str) -> List[str]:
    is_top_request = struct.action is not None and struct.direction == "request"
    if is_top_request:
        parameters = [f for f in struct.fields if f.init_required]
        summary = "Creates a request" + (" with its required parameters; set the others as properties." if parameters else "; set its parameters as properties.")
    else:
        parameters = list(struct.fields)
        summary = "Creates a value; every parameter matches the property of the same name."
    lines = [f"{indent}/// {summary}"]
    if parameters and is_top_request:
        lines.append(f"{indent}/// - Parameters:")
        for fld in parameters:
            sentence = first_sentence(fld.doc) or f"`{fld.wire}`."
            lines.append(f"{indent}///   - {fld.name}: {sentence}")
    signature = ", ".join(init_parameter(f, not is_top_request) for f in parameters)
    if len(f"{indent}public init({signature}) {{") > 120 and parameters:
        lines.append(f"{indent}public init(")
        for index, fld in enumerate(parameters):
            comma = "," if index + 1 < len(parameters) else ""
            lines.append(f"{indent}    {init_parameter(fld, not is_top_request)}{comma}")
        lines.append(f"{indent}) {{")
    else:
        lines.append(f"{indent}public init({signature}) {{")
    for fld in parameters:
        lines.append(f"{indent}    self.{fld.name} = {escape_identifier(fld.name)}")
    lines.append(f"{indent}}}")
    return lines


def in_group_module(struct: Struct) -> bool:
    """Whether the structure belongs to a group module (a cold action) rather than to `AliyunECS`."""
    return struct.top.action is not None and not struct.top.action.core


def written_coding(struct: Struct, indent: str) -> List[str]:
    """`init(from:)` and `encode(to:)` spelled out with string keys.

    They do what the synthesized conformances would, without a `CodingKeys` enumeration per structure (its
    `CodingKey`, `RawRepresentable` and `Hashable` conformances) and through one generic call per field
    (`optional`, `required`) instead of the containers' overloads per scalar type: about a fifth of the
    whole API's compile time (Performance.md, "What moved the whole API").
    """
    for fld in struct.fields:
        if fld.default_if_missing is not None and (fld.is_list or fld.is_map or property_wrapper(fld) is not None):
            raise GenerationError(f"{struct.key}.{fld.wire}: defaults for missing keys are modelled for scalars only")
    lines = [
        f"{indent}/// Reads the value from its wire form.",
        f"{indent}public init(from decoder: any Decoder) throws {{",
    ]
    if struct.fields:
        lines.append(f"{indent}    let container = try decoder.container(keyedBy: AnyCodingKey.self)")
    for fld in struct.fields:
        key = swift_string(fld.wire)
        wrapper = property_wrapper(fld)
        if wrapper is not None:
            lines.append(f"{indent}    _{fld.name} = try container.decode({wrapper}.self, forKey: {key})")
        elif fld.default_if_missing is not None:
            lines.append(f"{indent}    self.{fld.name} = try container.optional({key}) ?? {swift_string(fld.default_if_missing)}")
        elif fld.required:
            lines.append(f"{indent}    self.{fld.name} = try container.required({key})")
        else:
            lines.append(f"{indent}    self.{fld.name} = try container.optional({key})")
    lines += [
        f"{indent}}}",
        "",
        f"{indent}/// Writes the value in its wire form.",
        f"{indent}public func encode(to encoder: any Encoder) throws {{",
    ]
    if struct.fields:
        lines.append(f"{indent}    var container = encoder.container(keyedBy: AnyCodingKey.self)")
    for fld in struct.fields:
        key = swift_string(fld.wire)
        if property_wrapper(fld) is not None:
            lines.append(f"{indent}    try container.encode(_{fld.name}, forKey: {key})")
        elif fld.required:
            lines.append(f"{indent}    try container.required(self.{fld.name}, {key})")
        else:
            lines.append(f"{indent}    try container.optional(self.{fld.name}, {key})")
    lines.append(f"{indent}}}")
    return lines


def conformances(struct: Struct) -> str:
    # Outside AliyunECS (the group modules) the types are not Equatable or Hashable, as Soto's shapes are not:
    # the synthesized comparisons were 8–10 % of the whole API's compile time, paid by every user who imports it.
    comparable = "" if in_group_module(struct) else ", Hashable"
    if struct.action is not None and struct.direction == "request":
        return ("IdempotentECSRequest" if struct.action.idempotent else "ECSRequest") + comparable
    if struct.action is not None:
        return "ECSResponse" + comparable
    return "Codable, Sendable" + comparable


def struct_body(api: API, struct: Struct, indent: str) -> List[str]:
    lines: List[str] = []
    inner = indent + "    "
    action = struct.action
    if action is not None and struct.direction == "request":
        lines += [
            f"{inner}/// The decoded answer.",
            f"{inner}public typealias Response = {action.response.name}",
            f"{inner}/// `{action.name}`.",
            f"{inner}public static let action = {swift_string(action.name)}",
            "",
        ]
        if not action.has_region:
            lines += [
                f"{inner}/// {action.name} takes no region: always `nil`, and setting it does nothing.",
                f"{inner}public var regionId: String? {{",
                f"{inner}    get {{ nil }}",
                f"{inner}    set {{}}",
                f"{inner}}}",
                "",
            ]
    for fld in struct.fields:
        lines += property_declaration(fld, inner)
    lines.append("")
    lines += initializer(struct, inner)
    lines.append("")
    return lines + written_coding(struct, inner)


def declaration(api: API, struct: Struct, indent: str) -> List[str]:
    doc = struct.doc
    if struct.action is not None and struct.direction == "request":
        doc += f"\n\n`{struct.action.name}` in the ECS API (2014-05-26)."
        if struct.action.idempotent:
            doc += (" The client gives every call a ClientToken (unless you set one) and reuses it on every retry,"
                    " so a retry after a lost answer never acts twice.")
    if any(f.secret for f in struct.fields):
        secret_names = ", ".join(f"``{f.name}``" for f in struct.fields if f.secret)
        # A request's `description` is its own (the wire form, redacted); other types describe themselves
        # through their mirror, which hides the same fields.
        shown = "``description``" if struct.action is not None and struct.direction == "request" else "`String(describing:)`"
        doc += f"\n\n{shown} and `dump()` never show {secret_names}."
    lines = comment(doc, indent)
    lines.append(f"{indent}public struct {struct.name}: {conformances(struct)} {{")
    lines += struct_body(api, struct, indent)
    lines.append(f"{indent}}}")
    return lines


def nested_declarations(api: API, struct: Struct) -> List[str]:
    """`extension Parent { public struct Child … }` for every nested type, depth first."""
    lines: List[str] = []
    for child in struct.children:
        lines += ["", f"extension {struct.qualified} {{"]
        lines += declaration(api, child, "    ")
        lines.append("}")
        lines += nested_declarations(api, child)
    return lines


def type_file(api: API, struct: Struct) -> List[str]:
    lines = ["import Foundation", ""]
    lines += declaration(api, struct, "")
    lines += nested_declarations(api, struct)
    if struct.action is not None and struct.direction == "request":
        lines += [
            "",
            f"extension {struct.name}: CustomStringConvertible, CustomDebugStringConvertible {{",
            "    /// The parameters set, in wire form, with secrets replaced by `<redacted>`:",
            f"    /// `{struct.name}(Name=value, …)`.",
            "    public var description: String {",
            "        RequestDescription.text(of: self)",
            "    }",
            "",
            "    /// The same text as ``description``.",
            "    public var debugDescription: String {",
            "        description",
            "    }",
            "}",
        ]
    return lines


def enum_file(enum: EnumType) -> List[str]:
    lines = ["import Foundation", ""]
    lines += comment(enum.doc, "")
    lines += [
        f"public struct {enum.name}: ECSStringEnum {{",
        "    /// The wire value, as received.",
        "    public let rawValue: String",
        "",
        "    /// Wraps a wire value, known or not.",
        "    public init(rawValue: String) {",
        "        self.rawValue = rawValue",
        "    }",
    ]
    for case, raw, doc in enum.values:
        lines += ["", f"    /// {doc}", f"    public static let {escape_identifier(case)}: Self = {swift_string(raw)}"]
    if enum.case_insensitive:
        lines += [
            "",
            "    /// Compares ignoring (ASCII) case.",
            "    public static func == (lhs: Self, rhs: Self) -> Bool {",
            "        lhs.rawValue.utf8.count == rhs.rawValue.utf8.count",
            "            && zip(lhs.rawValue.utf8, rhs.rawValue.utf8).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }",
            "    }",
            "",
            "    /// Hashes the lower-cased value, consistently with `==`.",
            "    public func hash(into hasher: inout Hasher) {",
            "        for byte in rawValue.utf8 { hasher.combine(Self.asciiLowercase(byte)) }",
            "    }",
            "",
            "    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {",
            "        byte >= UInt8(ascii: \"A\") && byte <= UInt8(ascii: \"Z\") ? byte + 32 : byte",
            "    }",
        ]
    lines.append("}")
    return lines


def list_keys_file(api: API, module: str) -> List[str]:
    """The inner list keys a module's answers use (the other modules declare only the keys AliyunECS lacks).
    Public, because a public property's wrapper may not name a less visible type."""
    lines = ([] if module == CORE_MODULE else ["import AliyunECS"]) + [
        "import Foundation",
        "",
        "extension ECSListItem {",
    ]
    for key in api.list_item_keys(module):
        name = list_item_type_name(key)
        lines += [
            f"    /// Lists nested under `{key}`.",
            f"    public enum {name}: ECSListItemKey {{",
            f"        /// `{key}`.",
            f"        public static let name = {swift_string(key)}",
            "    }",
        ]
    lines.append("}")
    return lines
