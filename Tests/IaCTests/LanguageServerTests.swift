import Foundation
import IaCBasics
import IaCJSON
import Testing

/// A real conversation with `iacc lsp` as a subprocess, in JSON-RPC over its stdin and stdout.
@Suite struct LanguageServerTests {
  /// One running server. A watchdog kills it after 30 s, so a server that stops answering fails the
  /// test instead of hanging it.
  final class Session {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    var buffer = Data()
    var nextID = 1

    init() throws {
      process.executableURL = Iacc.binary
      process.arguments = ["lsp"]
      process.standardInput = input
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      let process = self.process
      DispatchQueue.global().asyncAfter(deadline: .now() + 30) { if process.isRunning { process.terminate() } }
    }

    func sendRaw(_ body: [UInt8]) {
      input.fileHandleForWriting.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + Data(body))
    }

    func send(_ message: JSONValue) { sendRaw(Array(message.serialized(.compact).utf8)) }

    func notify(_ method: String, _ params: JSONValue) {
      send(.object(["jsonrpc": "2.0", "method": .string(method), "params": params]))
    }

    /// Sends a request and returns its response, skipping the notifications in between.
    func request(_ method: String, _ params: JSONValue = .null) throws -> JSONValue {
      let id = nextID
      nextID += 1
      send(.object(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params]))
      while true {
        let message = try receive()
        if message["id"]?.intValue == id { return message }
      }
    }

    /// The next message from the server.
    func receive() throws -> JSONValue {
      while true {
        if let headerEnd = buffer.range(of: Data("\r\n\r\n".utf8)) {
          let header = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self)
          let length = Int(header.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
          if buffer.count >= headerEnd.upperBound + length {
            let body = buffer[headerEnd.upperBound..<headerEnd.upperBound + length]
            buffer = Data(buffer[(headerEnd.upperBound + length)...])
            guard case .success(let value) = JSONValue.parse(String(decoding: body, as: UTF8.self)) else {
              throw Failure("the server sent something that is not JSON")
            }
            return value
          }
        }
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { throw Failure("the server closed its output") }
        buffer += chunk
      }
    }

    /// The next diagnostics published for `uri`.
    func diagnostics(for uri: String) throws -> [JSONValue] {
      while true {
        let message = try receive()
        if message["method"]?.stringValue == "textDocument/publishDiagnostics",
          message["params"]?["uri"]?.stringValue == uri
        {
          return message["params"]?["diagnostics"]?.arrayValue ?? []
        }
      }
    }
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  static func document(_ uri: String, _ line: Int, _ character: Int) -> JSONValue {
    .object([
      "textDocument": .object(["uri": .string(uri)]),
      "position": .object(["line": .int(line), "character": .int(character)]),
    ])
  }

  @Test func aWholeConversation() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-lsp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // The imported file is on disk; the main document exists only in the editor (never saved).
    try "volume data { size = 1Gi }\n".write(
      to: folder.appendingPathComponent("volumes.iac"), atomically: true, encoding: .utf8)
    let uri = "file://\(folder.path)/main.iac"
    let volumesURI = "file://\(folder.path)/volumes.iac"
    let session = try Session()

    let initialize = try session.request("initialize", .object(["capabilities": .object([:])]))
    #expect(initialize["result"]?["capabilities"]?["hoverProvider"] == .bool(true))
    session.notify("initialized", .object([:]))

    // "🐳" before the error: one scalar (iacc's columns) but two UTF-16 units (LSP's).
    let broken = """
      import "volumes.iac"
      service web {
        description = "café 🐳"  replicas = "two"
        image = "nginx:1.27"
        volumes = { "/data": data }
        restart = always
      }
      let shown = web.image

      """
    session.notify(
      "textDocument/didOpen",
      .object([
        "textDocument": .object([
          "uri": .string(uri), "languageId": "iac", "version": 1, "text": .string(broken),
        ])
      ]))
    let errors = try session.diagnostics(for: uri)
    #expect(errors.count == 1, "\(errors)")
    #expect(errors.first?["code"]?.stringValue == "E0401")
    #expect(errors.first?["range"]?["start"] == .object(["line": 2, "character": 38]))
    #expect(errors.first?["range"]?["end"] == .object(["line": 2, "character": 43]))

    // The fix arrives as a full-text change: the list empties.
    let fixed = broken.replacingOccurrences(of: "\"two\"", with: "2")
    session.notify(
      "textDocument/didChange",
      .object([
        "textDocument": .object(["uri": .string(uri), "version": 2]),
        "contentChanges": .array([.object(["text": .string(fixed)])]),
      ]))
    #expect(try session.diagnostics(for: uri).isEmpty)

    // Hover on a field: its type and its doc. On a name: what it is and where.
    let fieldHover = try session.request("textDocument/hover", Self.document(uri, 3, 4))
    let fieldText = fieldHover["result"]?["contents"]?["value"]?.stringValue ?? ""
    #expect(fieldText.contains("service.image") && fieldText.contains("`Image`"), "\(fieldText)")
    let nameHover = try session.request("textDocument/hover", Self.document(uri, 4, 25))
    #expect(nameHover["result"]?["contents"]?["value"]?.stringValue?.contains("volume `data`") == true)

    // Hover on a referenced field: its value as written, and where.
    let reference = try session.request("textDocument/hover", Self.document(uri, 7, 17))
    let referenceText = reference["result"]?["contents"]?["value"]?.stringValue ?? ""
    #expect(
      referenceText.contains("`web.image = \"nginx:1.27\"`") && referenceText.contains("main.iac:4:3"),
      "\(referenceText)")

    // Definition: a reference goes to the declaration in the imported file; the import to the file.
    let definition = try session.request("textDocument/definition", Self.document(uri, 4, 25))
    #expect(definition["result"]?["uri"]?.stringValue == volumesURI)
    #expect(definition["result"]?["range"]?["start"] == .object(["line": 0, "character": 7]))
    let importTarget = try session.request("textDocument/definition", Self.document(uri, 0, 10))
    #expect(importTarget["result"]?["uri"]?.stringValue == volumesURI)

    // Completion: the fields not yet set; after `restart =` the enum's cases.
    let fields = try session.request("textDocument/completion", Self.document(uri, 6, 0))
    let labels = (fields["result"]?.arrayValue ?? []).compactMap { $0["label"]?.stringValue }
    #expect(labels.contains("health") && !labels.contains("image"), "\(labels)")
    let cases = try session.request("textDocument/completion", Self.document(uri, 5, 12))
    let caseLabels = (cases["result"]?.arrayValue ?? []).compactMap { $0["label"]?.stringValue }
    #expect(caseLabels.contains("always") && caseLabels.contains("unless_stopped"), "\(caseLabels)")

    // Symbols: the document's declarations.
    let symbols = try session.request(
      "textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string(uri)])]))
    #expect(symbols["result"]?[0]?["name"]?.stringValue == "web")

    // Formatting: one edit with the whole text as `iacc fmt` writes it.
    let edits = try session.request(
      "textDocument/formatting", .object(["textDocument": .object(["uri": .string(uri)])]))
    let newText = edits["result"]?[0]?["newText"]?.stringValue ?? ""
    #expect(newText.contains("  description = \"café 🐳\" replicas = 2\n"), "\(newText)")
    #expect(edits["result"]?[0]?["range"]?["start"] == .object(["line": 0, "character": 0]))

    // Bad input: not JSON, an unknown method, a position far past the end.
    session.sendRaw(Array("{not json".utf8))
    #expect(try session.receive()["error"]?["code"]?.intValue == -32700)
    #expect(try session.request("iacc/unknown")["error"]?["code"]?.intValue == -32601)
    #expect(try session.request("textDocument/hover", Self.document(uri, 999, 999))["result"] == .null)
    #expect(try session.request("textDocument/hover", .object([:]))["error"]?["code"]?.intValue == -32602)

    // A document that is not valid UTF-8 (a raw 0xFF inside the JSON string): replaced, checked, no crash.
    let invalid = "file://\(folder.path)/latin1.iac"
    let head = #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":""#
    let document = #"","languageId":"iac","version":1,"text":"let x = \"caf"#
    session.sendRaw(Array((head + invalid + document).utf8) + [0xFF] + Array(#"\"\n"}}}"#.utf8))
    #expect(try session.diagnostics(for: invalid).allSatisfy { $0["severity"]?.intValue != nil })

    #expect(try session.request("shutdown")["result"] == .null)
    session.notify("exit", .null)
    session.process.waitUntilExit()
    #expect(session.process.terminationStatus == 0)
  }

  @Test func aChangedImportRechecksTheFilesThatImportIt() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-lsp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let main = "file://\(folder.path)/main.iac"
    let shared = "file://\(folder.path)/shared.iac"
    let session = try Session()
    _ = try session.request("initialize", .object([:]))
    func open(_ uri: String, _ text: String) {
      session.notify(
        "textDocument/didOpen",
        .object([
          "textDocument": .object(["uri": .string(uri), "languageId": "iac", "version": 1, "text": .string(text)])
        ]))
    }
    open(shared, "let image = \"nginx:1.27\"\n")
    #expect(try session.diagnostics(for: shared).isEmpty)
    open(main, "import \"shared.iac\"\nservice web { image = image }\n")
    #expect(try session.diagnostics(for: main).isEmpty)
    // The imported buffer changes (unsaved): the importer is re-checked against it.
    session.notify(
      "textDocument/didChange",
      .object([
        "textDocument": .object(["uri": .string(shared), "version": 2]),
        "contentChanges": .array([.object(["text": "let image = 42\n"])]),
      ]))
    let errors = try session.diagnostics(for: main)
    #expect(errors.first?["code"]?.stringValue == "E0401", "\(errors)")
    // A client that disappears: the server exits by itself (status 1: no shutdown was asked for).
    try session.input.fileHandleForWriting.close()
    session.process.waitUntilExit()
    #expect(session.process.terminationStatus == 1)
  }

  /// Document URIs round-trip through percent-encoding, whatever the path holds.
  @Test(arguments: ["/srv/lab/main.iac", "/tmp/a b/ç%20.iac", "/x/<--param y>", "/emoji/🐳.iac"])
  func fileURIsRoundTrip(_ path: String) {
    let uri = FileURI.absolute(path)
    #expect(uri.hasPrefix("file:///") && !uri.contains(" ") && uri.unicodeScalars.allSatisfy(\.isASCII))
    #expect(FileURI.path(uri) == path)
  }
}
