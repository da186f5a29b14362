import IaCBasics
import IaCCheck
import IaCJSON
import IaCModel
import IaCSyntax

/// Hover, definition, completion and symbols for one document, from its text and its last check.
struct Features {
  let file: SourceFile
  let result: Checker.Result?
  /// The document's tokens, lexed once per request.
  let tokens: [Token]

  init(path: String, documents: OpenDocuments, result: Checker.Result?) {
    let bytes: [UInt8]
    if case .contents(let read) = documents.read(path) { bytes = read } else { bytes = [] }
    file = SourceFile(path: documents.identity(of: path), bytes: bytes)
    self.result = result
    tokens = Lexer.lex(file).0.tokens
  }

  /// The syntax of this document in the last check (the document is the program's first file).
  var syntax: SourceFileSyntax? {
    result?.program.files.first { $0.file.path == file.path } ?? result?.program.files.first
  }

  /// The token under the cursor: the one containing the offset, or ending right at it.
  func token(line: Int, character: Int) -> Token? {
    let offset = Positions.offset(in: file, line: line, character: character)
    return tokens.first { $0.kind != .endOfFile && $0.start <= offset && offset <= $0.end }
  }

  func text(_ token: Token) -> String { String(decoding: file.bytes[token.bytes], as: UTF8.self) }

  /// Every declaration of the program by name, with the place of its name.
  var declarations: [(name: String, what: String, range: SourceRange)] {
    (result?.program.files ?? []).flatMap { syntax in
      syntax.declarations.compactMap { declaration -> (String, String, SourceRange)? in
        switch declaration {
        case .resourceDecl(let decl): return (decl.name.name, decl.kind.name, decl.name.range)
        case .letDecl(let decl): return (decl.name.name, "let", decl.name.range)
        case .paramDecl(let decl): return (decl.name.name, "param", decl.name.range)
        case .importDecl: return nil
        }
      }
    }
  }

  /// The resource block around an offset and the entry (field assignment) the offset is in, if any.
  func enclosing(_ offset: Int) -> (ResourceDecl, Entry?)? {
    for declaration in syntax?.declarations ?? [] {
      guard case .resourceDecl(let decl) = declaration, decl.body.range.start < offset, offset <= decl.body.range.end
      else { continue }
      let entry = decl.body.entries.first { $0.range.start <= offset && offset <= $0.range.end }
      return (decl, entry)
    }
    return nil
  }

  func hover(line: Int, character: Int) -> JSONValue {
    guard let token = token(line: line, character: character), token.kind == .identifier else { return .null }
    let name = text(token)
    // A field name: its type and its documentation from the schema.
    if let (decl, entry) = enclosing(token.start), let entry, let first = entry.path.first,
      first.range.start == token.start, let kind = ResourceKind(rawValue: decl.kind.name),
      let field = Schemas.schema(for: kind).field(name)
    {
      return markdown("**\(kind.rawValue).\(field.name)**: `\(field.type.name)`\n\n\(field.doc)", token)
    }
    // `db.port`: the field's value as written on the resource, and where.
    if let index = tokens.firstIndex(where: { $0.start == token.start }), index >= 2, tokens[index - 1].kind == .dot,
      let written = fieldValue(resource: text(tokens[index - 2]), field: name)
    {
      return markdown(written, token)
    }
    // A name: what it is, its value if it is a `let`, and where it is declared.
    if let found = declarations.first(where: { $0.name == name }) {
      let place = found.range.startLocation
      var text = "\(found.what) `\(name)`, declared at \(found.range.file.path):\(place.line):\(place.column)"
      if let kind = ResourceKind(rawValue: found.what) { text += "\n\n\(Schemas.schema(for: kind).doc)" }
      if let value = letValue(name) { text = "`\(name) = \(value)`\n\n" + text }
      return markdown(text, token)
    }
    if let kind = ResourceKind(rawValue: name) {
      return markdown("**\(name)**\n\n\(Schemas.schema(for: kind).doc)", token)
    }
    return .null
  }

  /// The source text of an expression, cut at 200 bytes.
  func source(_ range: SourceRange) -> String {
    let text = String(decoding: range.file.bytes[range.start..<range.end], as: UTF8.self)
    return text.count > 200 ? String(text.prefix(200)) + "…" : text
  }

  func letValue(_ name: String) -> String? {
    for syntax in result?.program.files ?? [] {
      for case .letDecl(let decl) in syntax.declarations where decl.name.name == name {
        return source(decl.value.range)
      }
    }
    return nil
  }

  func fieldValue(resource: String, field: String) -> String? {
    for syntax in result?.program.files ?? [] {
      for case .resourceDecl(let decl) in syntax.declarations where decl.name.name == resource {
        guard let entry = decl.body.entries.first(where: { $0.path.map(\.name) == [field] }) else {
          let schemaField = ResourceKind(rawValue: decl.kind.name).flatMap { Schemas.schema(for: $0).field(field) }
          return schemaField.map {
            "**\(resource).\(field)**: `\($0.type.name)`, not set on `\(resource)`\n\n\($0.doc)"
          }
        }
        let place = entry.range.startLocation
        return
          "`\(resource).\(field) = \(source(entry.value.range))`\n\nset at \(entry.range.file.path):\(place.line):\(place.column)"
      }
    }
    return nil
  }

  func markdown(_ value: String, _ token: Token) -> JSONValue {
    .object([
      "contents": .object(["kind": "markdown", "value": .string(value)]),
      "range": Positions.range(SourceRange(file: file, start: token.start, end: token.end)),
    ])
  }

  func definition(line: Int, character: Int) -> JSONValue {
    guard let token = token(line: line, character: character) else { return .null }
    // On an import's path: the imported file.
    if token.kind == .string {
      for declaration in syntax?.declarations ?? [] {
        guard case .importDecl(let decl) = declaration, decl.pathRange.start <= token.start,
          token.end <= decl.pathRange.end, let path = decl.path
        else { continue }
        let directory = file.path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
          separator: "/")
        let target = path.hasPrefix("/") ? path : directory + "/" + path
        return location(uri: FileURI.absolute(target), range: .object(["start": zero, "end": zero]))
      }
      return .null
    }
    guard token.kind == .identifier, let found = declarations.first(where: { $0.name == text(token) }) else {
      return .null
    }
    return location(uri: FileURI.absolute(found.range.file.path), range: Positions.range(found.range))
  }

  var zero: JSONValue { .object(["line": 0, "character": 0]) }

  func location(uri: String, range: JSONValue) -> JSONValue { .object(["uri": .string(uri), "range": range]) }

  /// In a resource block: its fields not yet set, or after `field =` the cases of an enum field.
  /// Outside: the resource kinds and the keywords that start a declaration.
  func completion(line: Int, character: Int) -> JSONValue {
    let offset = Positions.offset(in: file, line: line, character: character)
    guard let (decl, _) = enclosing(offset), let kind = ResourceKind(rawValue: decl.kind.name) else {
      let kinds = ResourceKind.allCases.map {
        item($0.rawValue, kind: 7, detail: "resource", doc: Schemas.schema(for: $0).doc)
      }
      let keywords = ["import", "let", "param"].map { item($0, kind: 14, detail: "keyword", doc: "") }
      return .array(kinds + keywords)
    }
    let schema = Schemas.schema(for: kind)
    // `field = |`: the text of the line before the cursor names the field.
    let lineStart = file.lineStarts[file.location(of: offset).line - 1]
    let before = String(decoding: file.bytes[lineStart..<offset], as: UTF8.self)
    if let equals = before.lastIndex(of: "=") {
      let name = before[..<equals].split(separator: " ").last.map(String.init) ?? ""
      if let field = schema.field(name), case .enumeration(let values) = field.type {
        return .array(values.cases.map { item($0, kind: 20, detail: values.name, doc: values.doc) })
      }
      return .array([])
    }
    let set = Set(decl.body.entries.compactMap { $0.path.first?.name })
    return .array(
      schema.fields.filter { !set.contains($0.name) }.map { item($0.name, kind: 10, detail: $0.type.name, doc: $0.doc) }
    )
  }

  func item(_ label: String, kind: Int, detail: String, doc: String) -> JSONValue {
    .object([
      "label": .string(label), "kind": .int(kind), "detail": .string(detail),
      "documentation": .object(["kind": "markdown", "value": .string(doc)]),
    ])
  }

  /// `iacc fmt` on the buffer: one edit replacing the whole text, none when it is already formatted
  /// or does not parse (a broken buffer is never reformatted).
  func formatting() -> JSONValue {
    guard let formatted = Formatter.format(file).formatted, formatted != file.bytes else { return .array([]) }
    let whole = SourceRange(file: file, start: file.contentStart, end: file.bytes.count)
    return .array([
      .object(["range": Positions.range(whole), "newText": .string(String(decoding: formatted, as: UTF8.self))])
    ])
  }

  func symbols() -> JSONValue {
    .array(
      (syntax?.declarations ?? []).compactMap { declaration in
        let (name, detail, kind, range, selection): (String, String, Int, SourceRange, SourceRange)
        switch declaration {
        case .resourceDecl(let decl):
          (name, detail, kind, range, selection) = (decl.name.name, decl.kind.name, 5, decl.range, decl.name.range)
        case .letDecl(let decl):
          (name, detail, kind, range, selection) = (decl.name.name, "let", 13, decl.range, decl.name.range)
        case .paramDecl(let decl):
          (name, detail, kind, range, selection) = (decl.name.name, "param", 14, decl.range, decl.name.range)
        case .importDecl: return nil
        }
        return .object([
          "name": .string(name), "detail": .string(detail), "kind": .int(kind),
          "range": Positions.range(range), "selectionRange": Positions.range(selection),
        ])
      })
  }
}
