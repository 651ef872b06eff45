"""The generator's view of the API: the extracted model with the overlay applied, as Swift-shaped structures."""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from .naming import RESERVED_TYPE_NAMES, escape_identifier, lower_camel, plural, singular, upper_camel


class GenerationError(Exception):
    pass


SCALARS = {"string": "String", "integer": "Int", "boolean": "Bool", "double": "Double", "any": "String"}


@dataclass
class EnumType:
    name: str
    doc: str
    values: List[Tuple[str, str, str]]
    case_insensitive: bool = False


@dataclass
class Element:
    """What one value of a field is: a scalar (`String`, `Int`, `Bool`, `Double`, `Date`), an open enum, or
    a generated structure."""
    scalar: Optional[str] = None
    enum: Optional[str] = None
    struct: Optional["Struct"] = None

    @property
    def swift(self) -> str:
        if self.struct is not None:
            return self.struct.qualified
        return self.enum or self.scalar or "String"


@dataclass
class Field:
    wire: str
    name: str
    doc: str
    element: Element
    path: str                       # "PythonClass.Wire", for diagnostics and overlay matching
    is_list: bool = False
    is_map: bool = False            # [String: String]
    wrapper_key: Optional[str] = None  # responses: the singular key a list is nested under
    form: str = "plain"             # plain | jsonArray | comma | json
    required: bool = False          # non-optional storage
    init_required: bool = False     # a labeled argument of the top-level request's initializer
    secret: bool = False
    default_if_missing: Optional[str] = None

    @property
    def swift_type(self) -> str:
        """The property's type."""
        if self.is_map:
            base = "[String: String]"
        elif self.is_list:
            base = f"[{self.element.swift}]"
        else:
            base = self.element.swift
        return base if self.required or self.is_response_list else base + "?"

    @property
    def value_type(self) -> str:
        """The type without the optional."""
        if self.is_map:
            return "[String: String]"
        return f"[{self.element.swift}]" if self.is_list else self.element.swift

    @property
    def is_response_list(self) -> bool:
        return self.is_list and self.wrapper_key is not None


@dataclass
class Struct:
    key: str                        # the Python model class, or the shared type's name
    name: str
    direction: str                  # request | response
    doc: str
    parent: Optional["Struct"] = None
    fields: List[Field] = field(default_factory=list)
    children: List["Struct"] = field(default_factory=list)
    shared: bool = False
    action: Optional["Action"] = None   # set on the top-level request and response only
    json_text: bool = False         # written as JSON text somewhere (a "shrink" parameter)

    @property
    def qualified(self) -> str:
        return f"{self.parent.qualified}.{self.name}" if self.parent else self.name

    @property
    def top(self) -> "Struct":
        return self.parent.top if self.parent else self

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def has_secret(self) -> bool:
        return any(f.secret for f in self.fields)


@dataclass
class Paging:
    token: bool = False     # NextToken + MaxResults
    numbered: bool = False  # PageNumber + PageSize, TotalCount
    offset: bool = False    # Offset, NextOffset
    items: Optional[Field] = None
    default_size: Optional[int] = None


@dataclass
class Group:
    """One module of generated actions and its DocC topic groups (`groups` in the overlay)."""
    module: str
    title: str
    doc: str
    topics: List[Tuple[str, List[str]]]


CORE_MODULE = "AliyunECS"


@dataclass
class Action:
    name: str
    summary: str
    request: Struct
    response: Struct
    idempotent: bool
    has_region: bool
    paging: Optional[Paging]
    group: Optional[Group] = None   # the resource group, for the module and the documentation
    topic: str = ""                 # the DocC topic group within it
    core: bool = False              # listed in actions.txt: generated into AliyunECS itself
    fast: bool = False              # listed without `codable`: with the fast coders besides

    @property
    def method(self) -> str:
        return lower_camel(self.name)

    @property
    def module(self) -> str:
        """Where the action is generated: AliyunECS for the hot set, its group's module otherwise."""
        return CORE_MODULE if self.core or self.group is None else self.group.module


class API:
    """Every generated declaration, in a stable order."""

    def __init__(self, model_path: str, overlay_path: str, actions_path: str):
        with open(model_path, encoding="utf-8") as handle:
            self.model = json.load(handle)
        with open(overlay_path, encoding="utf-8") as handle:
            self.overlay = json.load(handle)
        listed = read_actions(actions_path, self.model)
        self.core_names = [name for name, _ in listed]
        self.fast_names = [name for name, fast in listed if fast]
        self.groups = read_groups(self.overlay)
        self.enums: Dict[str, EnumType] = {}
        self.shared: Dict[str, Struct] = {}
        self.actions: List[Action] = []
        self._top_level_extra: Dict[str, List[Struct]] = {}
        self._check_overlay()
        self._build_enums()
        self._build_shared()
        # Every action of the model: the hot set first (actions.txt order), then the rest by name.
        rest = sorted(name for name in self.model["actions"] if name not in self.core_names)
        for name in self.core_names + rest:
            action = self._build_action(name)
            action.core = name in self.core_names
            action.fast = name in self.fast_names
            action.group, action.topic = self._group_of(name)
            self.actions.append(action)
        self._check_names()

    def _group_of(self, name: str) -> Tuple[Group, str]:
        """The first group and topic with a pattern matching the action's name."""
        for group in self.groups:
            for title, patterns in group.topics:
                if self._matches(name, patterns):
                    return group, title
        raise GenerationError(f"overlay: groups: no topic matches {name}; end the last group with '*'")

    def modules(self) -> List[str]:
        """The generated modules besides AliyunECS, in overlay order."""
        return [group.module for group in self.groups]

    def actions_in(self, module: str) -> List[Action]:
        return [action for action in self.actions if action.module == module]

    # MARK: Overlay lookups

    def _patterns(self, section: str, key: str = "fields") -> List[str]:
        return [p for p in self.overlay.get(section, {}).get(key, [])]

    @staticmethod
    def _matches(path: str, patterns: List[str]) -> bool:
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)

    def _check_overlay(self) -> None:
        """Every exact overlay address names a real model class and field: a typo fails loudly."""
        models = self.model["models"]
        addresses: List[str] = []
        for section in ("commaSeparated", "timestamps", "responseRequired"):
            addresses += self._patterns(section)
        addresses += self._patterns("jsonArray", "include") + self._patterns("jsonArray", "exclude")
        for enum in self.overlay.get("enums", {}).values():
            if isinstance(enum, dict):
                addresses += enum.get("fields", [])
        addresses += [k for k in self.overlay.get("propertyNames", {}) if not k.startswith("_")]
        for address in addresses:
            if "*" in address or "?" in address:
                continue
            class_name, _, wire = address.partition(".")
            if class_name not in models:
                raise GenerationError(f"overlay: {address}: no model class {class_name}")
            if wire not in {f["wire"] for f in models[class_name]["fields"]}:
                raise GenerationError(f"overlay: {address}: {class_name} has no field {wire}")
        for class_name in self.overlay.get("typeNames", {}):
            if not class_name.startswith("_") and class_name not in models:
                raise GenerationError(f"overlay: typeNames: no model class {class_name}")

    def _build_enums(self) -> None:
        for name, spec in self.overlay.get("enums", {}).items():
            if name.startswith("_"):
                continue
            self.enums[name] = EnumType(
                name=name, doc=spec["doc"], values=[tuple(v) for v in spec["values"]],
                case_insensitive=spec.get("caseInsensitive", False))

    def _enum_for(self, path: str) -> Optional[str]:
        for name, spec in self.overlay.get("enums", {}).items():
            if not name.startswith("_") and self._matches(path, spec.get("fields", [])):
                return name
        return None

    def _build_shared(self) -> None:
        for name, spec in self.overlay.get("sharedTypes", {}).items():
            if name.startswith("_"):
                continue
            struct = Struct(key=name, name=name, direction=spec["direction"], doc=spec["doc"], shared=True)
            for entry in spec["fields"]:
                struct.fields.append(Field(
                    wire=entry["wire"], name=entry["name"], doc=entry.get("doc", ""),
                    element=Element(scalar=SCALARS[entry["type"]]), path=f"{name}.{entry['wire']}",
                    required=entry.get("required", False), default_if_missing=entry.get("defaultIfMissing")))
            self.shared[name] = struct

    def _shared_for(self, direction: str, wire: str, class_name: str) -> Optional[Struct]:
        wires = {f["wire"] for f in self.model["models"][class_name]["fields"]}
        for name, spec in self.overlay.get("sharedTypes", {}).items():
            if name.startswith("_"):
                continue
            if spec["direction"] == direction and wire in spec["wireNames"] \
                    and wires == {f["wire"] for f in spec["fields"]}:
                return self.shared[name]
        return None

    # MARK: Actions

    def _build_action(self, name: str) -> Action:
        entry = self.model["actions"][name]
        summary = self.overlay.get("actions", {}).get(name) or f"Calls the ECS `{name}` action."
        request = Struct(key=entry["request"], name=f"{name}Request", direction="request", doc=summary)
        response = Struct(key=entry["response"], name=f"{name}Response", direction="response",
                          doc=f"The answer to {name}.")
        self._fill(request, entry["parameters"])
        self._fill(response, None)
        wires = {f.wire for f in request.fields}
        action = Action(
            name=name, summary=summary, request=request, response=response,
            idempotent="ClientToken" in wires, has_region=any(f.name == "regionId" for f in request.fields), paging=None)
        request.action = action
        response.action = action
        action.paging = self._paging(request, response)
        if not any(f.wire == "RequestId" for f in response.fields):
            raise GenerationError(f"{name}: the response has no RequestId")
        return action

    def _fill(self, struct: Struct, parameters: Optional[dict]) -> None:
        """Builds `struct`'s fields (and nested types) from its model class."""
        model = self.model["models"][struct.key]
        is_request_top = parameters is not None
        noun = None
        for raw in model["fields"]:
            path = f"{struct.key}.{raw['wire']}"
            wire = raw["wire"]
            kind = raw["type"]
            doc = raw.get("doc", "") or self._field_doc(path)
            style = parameters.get(wire, {}).get("style") if parameters else None
            fld = Field(wire=wire, name="", doc=doc, element=Element(scalar="String"), path=path)
            fld.secret = wire in self.overlay.get("secrets", {}).get("names", [])
            is_list = kind.startswith("list<")
            inner = kind[5:-1] if is_list else kind
            if kind.startswith("map<"):
                fld.is_map = True
                fld.form = "json" if style == "json" else "plain"
            elif struct.direction == "response" and inner.startswith("model:") and not is_list \
                    and self._is_wrapper(inner[6:]):
                # {"Instances": {"Instance": […]}} → instances: [Instance]
                wrapper = self.model["models"][inner[6:]]["fields"][0]
                fld.is_list = True
                fld.wrapper_key = wrapper["wire"]
                element_type = wrapper["type"][5:-1]
                fld.element = self._element(struct, element_type, wrapper["wire"], f"{inner[6:]}.{wrapper['wire']}", True)
            else:
                fld.is_list = is_list
                if is_list and struct.direction == "response":
                    fld.wrapper_key = ""   # a bare list: still an array, empty when absent
                fld.element = self._element(struct, inner, wire, path, is_list)
                if style == "json":
                    fld.form = "json"
            # Overlay forms.
            if struct.direction == "request" and kind == "string" and fld.element.enum is None:
                doc_says_json = re.search(r"JSON array", doc, re.IGNORECASE) is not None
                if (doc_says_json or self._matches(path, self._patterns("jsonArray", "include"))) \
                        and not self._matches(path, self._patterns("jsonArray", "exclude")):
                    fld.form = "jsonArray"
                    fld.is_list = True
            if self._matches(path, self._patterns("commaSeparated")):
                if fld.element.enum is None:
                    raise GenerationError(f"{path}: a comma-separated field needs an enum")
                fld.form = "comma"
                fld.is_list = True
            if fld.form == "json" and fld.element.struct is not None:
                for nested in fld.element.struct.walk():
                    nested.json_text = True
            # Optionality.
            if struct.direction == "response":
                fld.required = self._matches(path, self._patterns("responseRequired"))
            elif raw.get("required") and not (is_request_top and lower_camel(wire) in ("regionId", "clientToken")):
                # The client fills in the region and, for idempotent actions, the ClientToken.
                if is_request_top:
                    fld.init_required = True
                    fld.required = fld.form == "plain"
                else:
                    fld.required = False
            # Names.
            override = self.overlay.get("propertyNames", {}).get(path)
            if override:
                fld.name = override
            else:
                name = lower_camel(wire)
                # A repeated field (`Name.N`) and a list in an answer take the plural; a list that travels as
                # one text (JSON array, comma-separated) keeps its wire name, already plural where it should be.
                if fld.is_list and fld.form == "plain":
                    name = plural(name)
                if wire == "Description" and is_request_top:
                    noun = noun or self._noun(struct)
                    name = noun + "Description"
                fld.name = name
            struct.fields.append(fld)
        names = [f.name for f in struct.fields]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise GenerationError(f"{struct.key}: two fields are named {sorted(duplicates)}; add propertyNames to the overlay")

    def _field_doc(self, path: str) -> str:
        for pattern, doc in self.overlay.get("fieldDocs", {}).items():
            if not pattern.startswith("_") and fnmatch.fnmatchcase(path, pattern):
                return doc
        return ""

    def _noun(self, struct: Struct) -> str:
        """`RunInstancesRequest` → `instance`: what a request's `Description` describes."""
        action = struct.name[: -len("Request")]
        words = re.findall(r"[A-Z][a-z0-9]*", action)
        noun = "".join(words[1:]) if len(words) > 1 else action
        return lower_camel(singular(noun))

    def _is_wrapper(self, class_name: str) -> bool:
        fields = self.model["models"][class_name]["fields"]
        return len(fields) == 1 and fields[0]["type"].startswith("list<")

    def _element(self, parent: Struct, kind: str, wire: str, path: str, in_list: bool) -> Element:
        if kind.startswith("model:"):
            return Element(struct=self._nested(parent, kind[6:], wire, in_list))
        if kind.startswith("list<") or kind.startswith("map<"):
            raise GenerationError(f"{path}: nested collections ({kind}) are not modelled")
        enum = self._enum_for(path)
        if enum:
            if kind != "string":
                raise GenerationError(f"{path}: the enum {enum} is for string fields, not {kind}")
            return Element(enum=enum)
        if kind == "string" and self._matches(path, self._patterns("timestamps")):
            return Element(scalar="Date")
        return Element(scalar=SCALARS[kind])

    def _nested(self, parent: Struct, class_name: str, wire: str, in_list: bool) -> Struct:
        shared = self._shared_for(parent.direction, wire, class_name)
        if shared is not None:
            return shared
        spec = self.overlay.get("typeNames", {}).get(class_name, {})
        name = spec.get("name") or upper_camel(wire)
        struct = Struct(key=class_name, name=name, direction=parent.direction,
                        doc=spec.get("doc") or self._nested_doc(wire, in_list))
        if spec.get("topLevel"):
            struct.parent = None
            self._top_level_extra.setdefault(parent.top.key, []).append(struct)
        else:
            struct.parent = parent
            taken = {c.name for c in parent.children} | RESERVED_TYPE_NAMES | set(self.enums) | set(self.shared)
            ancestor = parent
            while ancestor is not None:
                taken.add(ancestor.name)
                ancestor = ancestor.parent
            while struct.name in taken:
                struct.name += "Info"
            parent.children.append(struct)
        self._fill(struct, None)
        return struct

    @staticmethod
    def _nested_doc(wire: str, in_list: bool) -> str:
        return f"One element of `{wire}`." if in_list else f"The `{wire}` structure."

    def top_level_extras(self, struct: Struct) -> List[Struct]:
        """Types the overlay moved to the top level out of `struct`'s tree (e.g. `ECSInstance`)."""
        return self._top_level_extra.get(struct.key, [])

    def _paging(self, request: Struct, response: Struct) -> Optional[Paging]:
        def fields(struct: Struct, scalar: str) -> set:
            return {f.wire for f in struct.fields if not f.is_list and f.element.scalar == scalar and f.form == "plain"}
        req_strings, req_ints = fields(request, "String"), fields(request, "Int")
        res_strings, res_ints = fields(response, "String"), fields(response, "Int")
        paging = Paging(
            token="NextToken" in req_strings and "MaxResults" in req_ints and "NextToken" in res_strings,
            numbered="PageNumber" in req_ints and "PageSize" in req_ints and "TotalCount" in res_ints,
            offset="Offset" in req_ints and "NextOffset" in res_ints)
        if not (paging.token or paging.numbered or paging.offset):
            return None
        lists = [f for f in response.fields if f.is_list and f.element.struct is not None]
        paging.items = lists[0] if len(lists) == 1 else None
        paging.default_size = self.overlay.get("pageSizes", {}).get(request.name[: -len("Request")])
        if paging.numbered and paging.items is None and not (paging.token or paging.offset):
            return None   # page numbers need the page's item count to know when to stop
        return paging

    # MARK: Checks and listings

    def _check_names(self) -> None:
        tops: Dict[str, str] = {}
        for struct in self.top_level_structs():
            if struct.name in tops and tops[struct.name] != struct.key:
                raise GenerationError(f"two types are named {struct.name}: {tops[struct.name]} and {struct.key}")
            tops[struct.name] = struct.key
        for name in tops:
            if name in self.enums:
                raise GenerationError(f"{name} is both an enum and a structure")

    def top_level_structs(self, actions: Optional[List[Action]] = None) -> List[Struct]:
        result: List[Struct] = []
        for action in self.actions if actions is None else actions:
            for root in (action.request, action.response):
                result.append(root)
                result.extend(self.top_level_extras(root))
        return result

    def all_structs(self, actions: Optional[List[Action]] = None) -> List[Struct]:
        """Every generated structure (of `actions`, or of every action and the shared types), each once."""
        seen: Dict[int, Struct] = {}
        roots = self.top_level_structs(actions) if actions is not None else list(self.shared.values()) + self.top_level_structs()
        for struct in roots:
            for nested in self._walk_all(struct):
                seen.setdefault(id(nested), nested)
        return list(seen.values())

    def _walk_all(self, struct: Struct):
        yield struct
        for child in struct.children:
            yield from self._walk_all(child)
        for extra in self._top_level_extra.get(struct.key, []):
            if extra is not struct:
                yield from self._walk_all(extra)

    def used_enums(self) -> List[EnumType]:
        used = set()
        for struct in self.all_structs():
            for fld in struct.fields:
                if fld.element.enum:
                    used.add(fld.element.enum)
        return [self.enums[name] for name in sorted(self.enums) if name in used or name in self.enums]

    def list_item_keys(self, module: str = CORE_MODULE) -> List[str]:
        """The inner list keys a module declares: AliyunECS those of the shared types and the hot set, another
        module those of its actions that AliyunECS does not declare already."""
        if module == CORE_MODULE:
            structs = list(self.shared.values()) + self.all_structs(self.actions_in(CORE_MODULE))
            return sorted(self._keys(structs))
        return sorted(self._keys(self.all_structs(self.actions_in(module))) - set(self.list_item_keys()))

    @staticmethod
    def _keys(structs: List[Struct]) -> set:
        keys = set()
        for struct in structs:
            for fld in struct.fields:
                if fld.is_response_list and fld.wrapper_key:
                    keys.add(fld.wrapper_key)
        return keys


def read_actions(path: str, model: dict) -> List[Tuple[str, bool]]:
    """The actions listed, in order, each with whether it gets the fast path (a name alone) or plain
    `Codable` (a name followed by `codable`)."""
    listed: List[Tuple[str, bool]] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            name = words[0]
            if words[1:] not in ([], ["codable"]):
                raise GenerationError(f"{path}:{number}: after {name}, only `codable` may follow")
            if name not in model["actions"]:
                raise GenerationError(f"{path}:{number}: {name} is not an ECS action (see Codegen/Model)")
            if name in (listed_name for listed_name, _ in listed):
                raise GenerationError(f"{path}:{number}: {name} is listed twice")
            listed.append((name, not words[1:]))
    return listed


def read_groups(overlay: dict) -> List[Group]:
    groups = []
    for module, spec in overlay.get("groups", {}).items():
        if module.startswith("_"):
            continue
        groups.append(Group(module=module, title=spec["title"], doc=spec["doc"],
                            topics=[(title, patterns) for title, patterns in spec["topics"]]))
    if not groups:
        raise GenerationError("overlay: groups: at least one group is needed")
    return groups


def list_item_type_name(key: str) -> str:
    """The `ECSListItem` member for an inner list key: the key itself, which keeps `Zone` and `zone` apart
    (both occur); `Bare` for a list that is not nested."""
    return escape_identifier(key) if key else "Bare"
