"""Swift names from ECS wire names."""

from __future__ import annotations

import re

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
    "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
    "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
    "while", "as", "false", "is", "nil", "self", "super", "throws", "true", "try", "await", "async", "any",
    "some", "package", "consume", "borrowing", "consuming",
}

# Type names a nested struct must not take: they would shadow what the generated code refers to.
RESERVED_TYPE_NAMES = {
    "String", "Int", "Int64", "Double", "Bool", "Date", "Data", "Array", "Dictionary", "Optional", "Set", "Type",
    "Protocol", "Self", "Any", "Error", "CodingKeys", "Response", "Element", "Iterator", "AsyncIterator",
    "Sendable", "Codable", "Hashable", "Mirror", "Never", "ECSClient", "AliyunECS",
}


def lower_camel(wire: str) -> str:
    """`ImageId` → `imageId`, `OSType` → `osType`, `VSwitchId` → `vSwitchId`, `KMSKeyId` → `kmsKeyId`,
    `GPUAmount` → `gpuAmount`, `ISP` → `isp`, `supportedInstanceType` stays."""
    match = re.match(r"^[A-Z]+", wire)
    if not match:
        return wire
    run = match.group(0)
    rest = wire[len(run):]
    if len(run) == 1 or not rest:
        return run.lower() + rest
    if rest[0].islower():
        # The run's last capital starts the next word: `OSType` → `os` + `Type`, `VSwitch` → `v` + `Switch`.
        return run[:-1].lower() + run[-1] + rest
    return run.lower() + rest


def upper_camel(wire: str) -> str:
    return wire[:1].upper() + wire[1:]


def plural(name: str) -> str:
    """The plural of a camel-cased name's last word: `instanceId` → `instanceIds`, `tag` → `tags`,
    `ipv6Address` → `ipv6Addresses`, `hostNames` stays, `policy` → `policies`."""
    lower = name.lower()
    if lower.endswith(("ss", "us", "as", "x", "ch", "sh")):
        return name + "es"
    if lower.endswith("s"):
        return name
    if lower.endswith("y") and len(name) > 1 and name[-2].lower() not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"


def singular(name: str) -> str:
    """The singular of a camel-cased plural: `Instances` → `Instance`, `Policies` → `Policy`."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("sses", "shes", "ches", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def escape_identifier(name: str) -> str:
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def swift_string(text: str) -> str:
    """A Swift string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return '"' + escaped + '"'


def key_hash(text: str) -> int:
    """`JSONTape.keyHash` in Swift: the length and the first and last eight bytes, mixed. Collisions are
    harmless: every generated case also compares the key's bytes."""
    data = text.encode("utf-8")
    length = len(data)
    if length >= 8:
        first = int.from_bytes(data[:8], "little")
        last = int.from_bytes(data[-8:], "little")
    else:
        first = int.from_bytes(data, "little")
        last = 0
    mask = (1 << 64) - 1
    rotated = ((last << 29) | (last >> 35)) & mask
    mixed = ((first ^ rotated ^ length) * 0x9E3779B97F4A7C15) & mask
    return (mixed >> 32) & 0xFFFFFFFF
