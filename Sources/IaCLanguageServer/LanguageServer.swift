import IaCBasics
import IaCCheck
import IaCJSON
import IaCSyntax

#if canImport(Glibc)
  import Glibc
#endif

/// `iacc lsp`: a Language Server over stdio (spec/editors.md). Full-document sync; a change re-checks
/// the document and every open document whose program includes it, so it reaches the files importing it.
public struct LanguageServer {
  var channel: MessageChannel
  var documents = OpenDocuments()
  /// The last check of each open document, for hover, definition and symbols.
  var checked: [String: Checker.Result] = [:]
  var shutdownRequested = false

  public init(input: Int32 = 0, output: Int32 = 1) {
    channel = MessageChannel(input: input, output: output)
  }

  /// Serves until `exit` (status 0 after `shutdown`, 1 without) or until the client disappears (1).
  public mutating func run() -> Int32 {
    while let incoming = channel.read() {
      guard case .message(let message) = incoming else {
        respond(id: .null, error: (-32700, "parse error: the message is not JSON"))
        continue
      }
      let method = message["method"]?.stringValue ?? ""
      let id = message["id"]
      if method == "exit" { return shutdownRequested ? 0 : 1 }
      let params = message["params"] ?? .null
      if let id {
        handleRequest(method, id: id, params: params)
      } else {
        handleNotification(method, params: params)
      }
    }
    return 1
  }

  // MARK: - Requests and notifications

  mutating func handleRequest(_ method: String, id: JSONValue, params: JSONValue) {
    switch method {
    case "initialize":
      respond(id: id, result: Self.capabilities)
    case "shutdown":
      shutdownRequested = true
      respond(id: id, result: .null)
    case "textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/documentSymbol",
      "textDocument/formatting":
      guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = FileURI.path(uri) else {
        respond(id: id, error: (-32602, "invalid params: textDocument.uri is missing or not a file URI"))
        return
      }
      let line = params["position"]?["line"]?.intValue ?? 0
      let character = params["position"]?["character"]?.intValue ?? 0
      let features = Features(path: path, documents: documents, result: checked[documents.identity(of: path)])
      switch method {
      case "textDocument/hover": respond(id: id, result: features.hover(line: line, character: character))
      case "textDocument/definition": respond(id: id, result: features.definition(line: line, character: character))
      case "textDocument/completion": respond(id: id, result: features.completion(line: line, character: character))
      case "textDocument/formatting": respond(id: id, result: features.formatting())
      default: respond(id: id, result: features.symbols())
      }
    default:
      respond(id: id, error: (-32601, "method not found: \(method)"))
    }
  }

  mutating func handleNotification(_ method: String, params: JSONValue) {
    guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = FileURI.path(uri) else { return }
    let key = documents.identity(of: path)
    switch method {
    case "textDocument/didOpen":
      documents.texts[key] = Array((params["textDocument"]?["text"]?.stringValue ?? "").utf8)
    case "textDocument/didChange":
      // Full sync: the last change holds the whole text.
      if let text = params["contentChanges"]?.arrayValue?.last?["text"]?.stringValue {
        documents.texts[key] = Array(text.utf8)
      }
    case "textDocument/didSave":
      if let text = params["text"]?.stringValue { documents.texts[key] = Array(text.utf8) }
    case "textDocument/didClose":
      documents.texts[key] = nil
      checked[key] = nil
      publish(uri: uri, diagnostics: [])
    default:
      return
    }
    recheckDocuments(affectedBy: key)
  }

  /// Checks, as the root of its program, each open document that the change can affect (the changed
  /// one, those whose last program included it, those not checked yet) and publishes its diagnostics.
  mutating func recheckDocuments(affectedBy changed: String) {
    for (key, _) in documents.texts.sorted(by: { $0.key < $1.key }) {
      if key != changed, let last = checked[key],
        !last.program.files.contains(where: { documents.identity(of: $0.file.path) == changed })
      {
        continue
      }
      let (program, loadDiagnostics) = ProgramLoader.load([key], provider: documents)
      // Its memo tables are freed on another thread while the diagnostics are published.
      let result = Checker.check(program, loadDiagnostics: loadDiagnostics, freeingInBackground: true)
      let mine = result.diagnostics.filter { $0.range.map { documents.identity(of: $0.file.path) == key } ?? true }
      publish(uri: FileURI.absolute(key), diagnostics: mine)
      // Stored after publishing: freeing the previous result costs milliseconds the editor need not wait for.
      checked[key] = result
    }
  }

  func publish(uri: String, diagnostics: [Diagnostic]) {
    let items: [JSONValue] = diagnostics.map { diagnostic in
      var object: JSONObject = [
        "severity": .int(diagnostic.severity == .error ? 1 : diagnostic.severity == .warning ? 2 : 3),
        "code": .string(diagnostic.code.id),
        "source": .string("iacc"),
        "message": .string(diagnostic.message + (diagnostic.help.map { "\nhelp: \($0)" } ?? "")),
      ]
      // A problem with no place in the file (an unreadable import) is shown on the first line.
      object["range"] =
        diagnostic.range.map(Positions.range)
        ?? .object([
          "start": .object(["line": 0, "character": 0]), "end": .object(["line": 0, "character": 0]),
        ])
      let related: [JSONValue] = diagnostic.notes.compactMap { note in
        note.range.map { range in
          .object([
            "location": .object(["uri": .string(FileURI.absolute(range.file.path)), "range": Positions.range(range)]),
            "message": .string(note.message),
          ])
        }
      }
      if !related.isEmpty { object["relatedInformation"] = .array(related) }
      return .object(object)
    }
    channel.write(
      .object([
        "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
        "params": .object(["uri": .string(uri), "diagnostics": .array(items)]),
      ]))
  }

  func respond(id: JSONValue, result: JSONValue) {
    channel.write(.object(["jsonrpc": "2.0", "id": id, "result": result]))
  }

  func respond(id: JSONValue, error: (code: Int, message: String)) {
    channel.write(
      .object([
        "jsonrpc": "2.0", "id": id,
        "error": .object(["code": .int(error.code), "message": .string(error.message)]),
      ]))
  }

  static let capabilities: JSONValue = .object([
    "capabilities": .object([
      "textDocumentSync": .object(["openClose": true, "change": 1, "save": .object(["includeText": true])]),
      "hoverProvider": true,
      "definitionProvider": true,
      "completionProvider": .object(["triggerCharacters": .array([" ", "="])]),
      "documentSymbolProvider": true,
      "documentFormattingProvider": true,
    ]),
    "serverInfo": .object(["name": "iacc"]),
  ])
}
