import Foundation
import IaCBasics
import IaCCheck
import IaCDriver
import IaCSyntax
import Testing

/// Every malformed input gets a located diagnostic — never a crash, a trap or a hang.
@Suite struct BadInputTests {
  func check(_ bytes: [UInt8], path: String = "bad.iac") -> CheckResult {
    let (program, diagnostics) = ProgramLoader.load([path], provider: MemorySources(bytes: [path: bytes]))
    return Checker.check(program, loadDiagnostics: diagnostics)
  }

  func check(_ text: String) -> CheckResult { check(Array(text.utf8)) }

  func codes(_ result: CheckResult) -> [String] { result.diagnostics.map(\.code.id) }

  func at(_ result: CheckResult, _ code: String) -> String? {
    result.diagnostics.first { $0.code.id == code }?.range.map { "\($0.startLocation.line):\($0.startLocation.column)" }
  }

  @Test func emptyFileIsAWarningAtTheStart() {
    let result = check("")
    #expect(codes(result) == ["W0312"])
    #expect(at(result, "W0312") == "1:1")
    #expect(!result.diagnostics.contains { $0.severity == .error })
  }

  @Test func commentOnlyFileIsAWarning() {
    #expect(codes(check("// nothing here\n# nor here\n")) == ["W0312"])
  }

  @Test func unterminatedString() {
    let result = check("let a = \"open\nlet b = 1\n")
    #expect(at(result, "E0103") == "1:9")
    // The next line still parses: `b` is declared.
    #expect(result.symbols.lookup("b") != nil)
  }

  @Test func unterminatedMultilineString() {
    let result = check("let a = \"\"\"\n  text\n")
    #expect(at(result, "E0103") == "1:9")
  }

  @Test func unterminatedBlockReportsTheOpeningBrace() {
    let result = check("service web {\n  image = \"nginx:1.27\"\n\nservice db { image = \"postgres:16.2\" }\n")
    #expect(at(result, "E0202") == "4:1")
    let note = result.diagnostics.first { $0.code.id == "E0202" }?.notes.first
    #expect(note?.range?.startLocation.line == 1 && note?.range?.startLocation.column == 13)
    // Recovery: the next declaration is still read.
    #expect(result.symbols.lookup("db") != nil)
  }

  @Test func unterminatedBlockAtEndOfFile() {
    let result = check("service web {\n  image = \"nginx:1.27\"\n")
    #expect(codes(result).contains("E0202"))
  }

  @Test func unterminatedComment() {
    let result = check("let a = 1\n/* never closed\nlet b = 2\n")
    #expect(at(result, "E0104") == "2:1")
  }

  @Test func invalidUTF8IsReportedWithItsPosition() {
    var bytes = Array("let name = \"caf".utf8)
    bytes += [0xE9]  // Latin-1 é
    bytes += Array("\"\nlet ok = 1\n".utf8)
    let result = check(bytes)
    #expect(at(result, "E0101") == "1:16")
    #expect(result.symbols.lookup("ok") != nil)
  }

  @Test func invalidUTF8OutsideStrings() {
    let result = check([0xFF, 0xFE] + Array("let a = 1\n".utf8))
    #expect(codes(result).contains("E0101"))
    #expect(!codes(result).contains("E0106"), "the same bytes are not reported twice")
  }

  @Test func nulBytesAreReported() {
    let result = check(Array("let a = 1\n".utf8) + [0, 0] + Array("\nlet b = 2\n".utf8))
    #expect(at(result, "E0102") == "2:1")
    #expect(result.symbols.lookup("b") != nil)
  }

  @Test func utf16FileIsReportedNotCrashed() {
    // "let a = 1" in UTF-16LE with a byte-order mark: full of NUL bytes.
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "let a = 1\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let result = check(bytes)
    #expect(codes(result).contains("E0102"))
  }

  @Test func fiveMegabyteFileIsChecked() {
    var text = "let domain = \"radioastronomy.io\"\n"
    var index = 0
    while text.utf8.count < 5_000_000 {
      text += "volume data-\(index) { size = \(index % 100 + 1)Gi  labels = { team: \"${domain}\" } }\n"
      index += 1
    }
    let result = check(text)
    #expect(result.diagnostics.isEmpty)
    #expect(result.model.environments[0].resources.count == index)
  }

  @Test func aSourceOverOneGibibyteIsRefused() throws {
    // A sparse file: 1 GiB + 1 byte on paper, nothing on disk, and nothing read into memory.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).iac").path
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: UInt64(SourceFile.maximumByteCount) + 1)
    try handle.close()
    let result = try Frontend.check([path])
    let message = result.diagnostics.first { $0.severity == .error }?.message ?? ""
    #expect(message.contains("1073741825 bytes, over the 1 GiB limit"), "\(message)")
  }

  @Test func tenThousandLevelsOfNestingAreCutOff() {
    let text =
      "let deep = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
      + "\nlet after = 1\n"
    let result = check(text)
    #expect(codes(result).filter { $0 == "E0203" }.count == 1)
    #expect(at(result, "E0203") != nil)
    #expect(result.symbols.lookup("after") != nil, "parsing resumes after the deep value")
  }

  @Test func deeplyNestedMapsAndCalls() {
    let maps =
      "let m = " + String(repeating: "{ a: ", count: 10_000) + "1" + String(repeating: " }", count: 10_000) + "\n"
    #expect(codes(check(maps)).contains("E0203"))
    let calls = "let c = " + String(repeating: "http(", count: 10_000) + String(repeating: ")", count: 10_000) + "\n"
    #expect(codes(check(calls)).contains("E0203"))
    let strings =
      "let s = " + String(repeating: "\"${", count: 5_000) + "1" + String(repeating: "}\"", count: 5_000) + "\n"
    #expect(codes(check(strings)).contains("E0203"))
  }

  @Test func unclosedNestingAtEndOfFile() {
    let result = check("let deep = " + String(repeating: "[", count: 10_000))
    #expect(!result.diagnostics.isEmpty)
  }

  @Test func integerOverflow() {
    let result = check(
      "let big = 99999999999999999999\nlet ok = 9223372036854775807\nlet small = -9223372036854775808\n")
    #expect(codes(result) == ["E0110"])
    #expect(at(result, "E0110") == "1:11")
  }

  @Test func unitOverflow() {
    let result = check("let huge = 9000000000Pi\n")
    #expect(codes(result) == ["E0407"])
  }

  @Test func unknownEscape() {
    let result = check("let path = \"C:\\windows\"\n")
    #expect(at(result, "E0105") == "1:15")
  }

  @Test func unknownUnitSuggestsOne() {
    let result = check("let size = 512MB\n")
    #expect(at(result, "E0204") == "1:12")
    #expect(result.diagnostics.first?.fixIts.first?.replacement == "512Mi")
  }

  @Test func leadingZeroSuggestsFileMode() {
    let result = check("let mode = 0644\n")
    #expect(at(result, "E0108") == "1:12")
    #expect(result.diagnostics.first?.fixIts.first?.replacement == "0o644")
  }

  @Test func crlfLineEndingsKeepPositions() {
    let result = check("let a = 1\r\nlet b = \"x\r\nlet c = c2\r\n")
    #expect(at(result, "E0103") == "2:9")
    // The string stops before the CR: the CR is not part of the reported text.
    #expect(result.diagnostics.first { $0.code.id == "E0103" }?.range?.text == "\"x")
    #expect(at(result, "E0303") == "3:9")
  }

  @Test func crlfFileChecksClean() {
    let result = check("service web {\r\n  image = \"nginx:1.27\"\r\n  ports = [8080]\r\n}\r\n")
    #expect(result.diagnostics.isEmpty)
  }

  @Test func byteOrderMarkIsAcceptedAndNotCounted() {
    let result = check([0xEF, 0xBB, 0xBF] + Array("let a = b\n".utf8))
    #expect(at(result, "E0303") == "1:9")
    #expect(codes(result) == ["E0303"])
  }

  @Test func importOfMissingFile() {
    let result = checkSources(["main.iac": "import \"nope.iac\"\n"])
    #expect(result.diagnostics.first { $0.code.id == "E0305" }?.range?.startLocation.column == 8)
  }

  @Test func importOfDirectory() {
    let result = checkSources(["main.iac": "import \"lib\"\n"], directories: ["lib"])
    #expect(result.diagnostics.first { $0.code.id == "E0306" }?.range?.startLocation.column == 8)
  }

  @Test func unexpectedCharacters() {
    let result = check("let a = 1 @ 2\nlet b = §\n")
    #expect(codes(result).contains("E0106"))
    #expect(result.symbols.lookup("b") != nil)
  }

  @Test func garbageBetweenDeclarationsIsSkipped() {
    let result = check("}}} ]]] )))\nservice web { image = \"nginx:1.27\" }\n= = =\nlet x = 1\n")
    #expect(result.symbols.lookup("web") != nil)
    #expect(result.symbols.lookup("x") != nil)
  }

  @Test func everyErrorInAFileIsReportedInOneRun() {
    let result = check(
      """
      service web {
        image = "nginx:1.27"
        ports = [8080,, 9090]
        replicas = 
      }
      service db { image = "postgres:16.2"  restart = sometimes }
      let x = "unterminated
      """)
    #expect(result.diagnostics.count >= 4)
    #expect(Set(result.diagnostics.compactMap { $0.range?.startLocation.line }).count >= 4)
  }
}
