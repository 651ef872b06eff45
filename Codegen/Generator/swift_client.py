"""Typed client methods, paginators, and the registry of generated actions."""

from __future__ import annotations

from typing import List

from .docs import comment
from .model import API, CORE_MODULE, Action
from .naming import upper_camel


def client_file(api: API, action: Action) -> List[str]:
    request, response = action.request.name, action.response.name
    doc = action.summary
    if action.idempotent:
        doc += ("\n\nThe call carries a ClientToken (yours, or one the client makes) that every retry reuses, so a"
                " retry after a lost answer returns the first result instead of acting twice.")
    # A symbol link resolves only within its module's documentation: outside AliyunECS, name its types as code.
    link = "``" if action.module == CORE_MODULE else "`"
    lines = ["import Foundation", "", "extension ECSClient {"]
    lines += comment(doc, "    ")
    lines += [
        "    /// - Parameters:",
        f"    ///   - request: The `{action.name}` parameters.",
        "    ///   - options: Per-call overrides.",
        "    /// - Returns: ECS's answer.",
        f"    /// - Throws: {link}ECSServiceError{link} when ECS refuses, {link}ECSClientError{link} when no usable answer came,",
        "    ///   `CancellationError` when the task is cancelled.",
        f"    public func {action.method}(_ request: {request}, options: CallOptions = .default) async throws -> {response} {{",
        "        try await send(request, options: options)",
        "    }",
    ]
    paging = action.paging
    if paging is not None:
        pages = f"{action.name}Pages"
        lines += [
            "",
            f"    /// Every page of a {action.name} query, fetched as you iterate.",
            "    /// - Parameters:",
            "    ///   - request: Filters; paging fields set where to start and the page size.",
            "    ///   - options: Per-call overrides, applied to each page.",
            f"    public func {action.method}Pages(_ request: {request}, options: CallOptions = .default) -> {pages} {{",
            f"        {pages}(client: self, request: request, options: options)",
            "    }",
        ]
        if paging.items is not None:
            item = paging.items.element.swift
            lines += [
                "",
                f"    /// Every item of a {action.name} query (`{paging.items.wire}`), across pages, fetched as you iterate.",
                "    /// - Parameters:",
                "    ///   - request: Filters.",
                "    ///   - options: Per-call overrides, applied to each page.",
                f"    public func all{upper_camel(paging.items.name)}(_ request: {request}, options: CallOptions = .default)",
                f"        -> PaginatedItems<{pages}, {item}>",
                "    {",
                f"        PaginatedItems(pages: {action.method}Pages(request, options: options)) {{ $0.{paging.items.name} }}",
                "    }",
            ]
    lines.append("}")
    if paging is not None:
        lines += [""] + paging_conformance(action)
    return lines


def paging_conformance(action: Action) -> List[str]:
    paging = action.paging
    request, response = action.request.name, action.response.name
    styles = []
    if paging.token:
        styles.append("NextToken + MaxResults")
    if paging.numbered:
        styles.append("PageNumber + PageSize")
    if paging.offset:
        styles.append("Offset")
    count = f"page.{paging.items.name}.count" if paging.items is not None else "0"
    lines = [
        f"/// Every page of a {action.name} query, fetched lazily as you iterate ({' or '.join(styles)}).",
        f"public typealias {action.name}Pages = ECSPages<{request}>",
        "",
        f"extension {request}: ECSPaginatedRequest {{",
        "    /// Chooses the paging style from the fields set and fills in the page size.",
        "    public mutating func startPaging() -> ECSPagingStyle {",
    ]
    arguments = []
    if paging.token:
        arguments += ["nextToken: &nextToken", "maxResults: &maxResults"]
    if paging.numbered:
        arguments += ["pageNumber: &pageNumber", "pageSize: &pageSize"]
    if paging.offset:
        arguments += ["offset: &offset"]
    if paging.default_size is not None:
        arguments.append(f"defaultSize: {paging.default_size}")
    lines.append(f"        ECSPaging.start({', '.join(arguments)})")
    lines += [
        "    }",
        "",
        "    /// Moves to the page after `page`; `false` when `page` was the last.",
        f"    public mutating func advance(after page: {response}, style: ECSPagingStyle, itemsSoFar: Int) throws -> Bool {{",
        "        switch style {",
    ]
    if paging.token:
        lines.append("        case .nextToken:")
        lines.append("            return try ECSPaging.advance(nextToken: &nextToken, to: page.nextToken, action: Self.action, requestId: page.requestId)")
    if paging.numbered:
        lines.append("        case .pageNumber:")
        lines.append(f"            return ECSPaging.advance(pageNumber: &pageNumber, itemsOnPage: {count}, itemsSoFar: itemsSoFar, totalCount: page.totalCount)")
    if paging.offset:
        lines.append("        case .offset:")
        lines.append(f"            return try ECSPaging.advance(offset: &offset, to: page.nextOffset, itemsOnPage: {count}, action: Self.action, requestId: page.requestId)")
    if not (paging.token and paging.numbered and paging.offset):
        lines += ["        default:", "            return false"]
    lines += [
        "        }",
        "    }",
        "",
        "    /// How many items `page` carries.",
        f"    public static func itemCount(of page: {response}) -> Int {{",
        f"        {count}",
        "    }",
        "}",
    ]
    return lines


def registry_file(api: API) -> List[str]:
    lines = [
        "import Foundation",
        "",
        "/// The actions generated into AliyunECS (`Codegen/actions.txt`), for the package's own tests, fuzzers and tools.",
        "package enum GeneratedActions {",
        "    /// The request type of every action in AliyunECS, in `actions.txt` order.",
        "    package static let requestTypes: [any ECSRequest.Type] = [",
    ]
    for action in api.actions_in(CORE_MODULE):
        lines.append(f"        {action.request.name}.self,")
    lines += ["    ]", "", "    /// The wire names whose values are secrets (`Codegen/overlay.json`).",
              "    package static let secretParameterNames: Set<String> = ["]
    for name in sorted(api.overlay.get("secrets", {}).get("names", [])):
        lines.append(f'        "{name}",')
    lines += ["    ]", "}"]
    return lines


def module_registry_file(api: API, module: str) -> List[str]:
    """The actions of one generated module besides AliyunECS, for the package's own tests."""
    lines = [
        "import AliyunECS",
        "import Foundation",
        "",
        f"/// The actions generated into {module}, for the package's own tests and tools.",
        f"package enum {module}Actions {{",
        "    /// The request type of every action in this module, by action name.",
        "    package static let requestTypes: [any ECSRequest.Type] = [",
    ]
    for action in api.actions_in(module):
        lines.append(f"        {action.request.name}.self,")
    lines += ["    ]", "}"]
    return lines


def every_action_file(api: API) -> List[str]:
    """The tests' list of every generated action, across the modules."""
    lines = ["import AliyunECS"] + [f"import {module}" for module in api.modules()] + [
        "import Foundation",
        "",
        "/// Every action of the API model, from every module it is generated into.",
        "enum EveryAction {",
        "    /// The request type of every action: AliyunECS's first, then each module's.",
        "    static let requestTypes: [any ECSRequest.Type] = GeneratedActions.requestTypes",
    ]
    for module in api.modules():
        lines.append(f"        + {module}Actions.requestTypes")
    lines += [
        "",
        "    /// The module each action is generated into, by action name.",
        "    static let modules: [String: String] = [",
    ]
    for action in sorted(api.actions, key=lambda a: a.name):
        lines.append(f'        "{action.name}": "{action.module}",')
    lines += ["    ]", "}"]
    return lines
