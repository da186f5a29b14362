import Foundation
import IaCJSON
import IaCPlan
import Testing

/// JSON goes through jansson: keys in insertion order, output identical run to run.
@Suite struct JSONTests {
  @Test func keysKeepInsertionOrder() {
    let value: JSONValue = .object(["zebra": 1, "apple": 2, "mango": .array([true, nil, "x"])])
    #expect(value.serialized(.compact) == #"{"zebra":1,"apple":2,"mango":[true,null,"x"]}"#)
  }

  @Test func roundTripsThroughJansson() {
    let value: JSONValue = .object([
      "text": "line\nwith \"quotes\" and ünïcödé and \u{0}nul", "n": -42, "pi": .double(3.25), "empty": .object([:]),
    ])
    let text = value.serialized(.pretty)
    #expect(JSONValue.parse(text) == .success(value))
  }

  /// Serializing into a buffer appends exactly the text `serialized` gives, in both layouts,
  /// after whatever the buffer held.
  @Test func serializingIntoABufferAppendsTheText() {
    let values: [JSONValue] = [
      .object([
        "text": "line\nwith \"quotes\" and ünïcödé and \u{0}nul", "n": -42, "pi": .double(3.25), "empty": .object([:]),
        "list": .array([true, nil, .array([]), .object(["k": "v"])]),
      ]),
      "just a string", 7, nil, .array([]),
    ]
    for value in values {
      for layout in [JSONLayout.compact, .pretty] {
        var buffer = Array("prefix".utf8)
        value.serialize(layout, appendingTo: &buffer)
        #expect(buffer == Array(("prefix" + value.serialized(layout)).utf8), "\(value)")
      }
    }
  }

  @Test func parseErrorsCarryAPosition() {
    guard case .failure(let error) = JSONValue.parse("{\n  \"a\": 1,\n  \"a\": 2\n}") else {
      Issue.record("duplicate keys must be rejected")
      return
    }
    #expect(error.line == 3)
    if case .success = JSONValue.parse("{ not json") { Issue.record("accepted garbage") }
  }
}

/// The content hashes of the build manifest, against the FIPS 180-4 examples and sha256sum.
@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (String(repeating: " ", count: 1000), "08c9b52f61fadf1eff6fb89169f1735fbae7bb583b23cb119d0e1a0151bac952"),
  ])
  func knownDigests(_ input: String, _ expected: String) {
    #expect(SHA256.hex(Array(input.utf8)) == expected)
  }

  @Test func aMillionAs() {
    #expect(
      SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Random contents of every length around the block boundaries and a few large ones, given as an
  /// array and as a collection without contiguous storage, against sha256sum.
  @Test func randomContentsAgreeWithSha256sum() throws {
    var generator = PropertyTests.SeededGenerator(state: 2_026_112_7)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-sha-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let lengths = Array(0...130) + [191, 192, 193, 1_000, 4_096, 65_537, 300_001]
    var names: [String] = []
    var expected: [String] = []
    for length in lengths {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let name = "f\(length)"
      try Data(bytes).write(to: folder.appendingPathComponent(name))
      names.append(name)
      let hash = SHA256.hex(bytes)
      #expect(SHA256.hex(bytes.lazy.map { $0 }) == hash, "length \(length): the non-contiguous path")
      expected.append("\(hash)  \(name)")
    }
    let output = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), names, in: folder)
    #expect(output.status == 0)
    #expect(output.stdout.split(separator: "\n").map(String.init) == expected)
  }

  @Test func everyLengthAroundTheBlockBoundary() {
    // 55, 56 and 64 bytes are where padding needs one block or two.
    for length in 50...130 {
      let bytes = [UInt8](repeating: 0x62, count: length)
      #expect(SHA256.hex(bytes).count == 64)
      #expect(SHA256.hex(bytes) != SHA256.hex(bytes + [0x62]))
    }
  }
}

/// Content hashes held as 32 bytes must behave exactly as their hex texts did.
@Suite struct ContentHashTests {
  /// A digest's text is 64 lowercase hex digits and reads back to the digest; the digest made in
  /// one call equals the one hashed in uneven pieces (their values are held to sha256sum above).
  @Test(arguments: 0..<50) func digestsAndTheirTextsAgree(length: Int) {
    let bytes = (0..<length * 37).map { UInt8(truncatingIfNeeded: $0 &* 131 ^ length) }
    let digest = SHA256.digest(bytes)
    let hexDigits = Set("0123456789abcdef".utf8)
    #expect(digest.hex.utf8.count == 64 && digest.hex.utf8.allSatisfy(hexDigits.contains))
    #expect(SHA256.Digest(hex: digest.hex) == digest)
    var hasher = SHA256.Hasher()
    bytes.withUnsafeBytes { raw in
      var start = 0
      while start < raw.count {
        let end = min(raw.count, start + 1 + (start * 7 + length) % 97)
        hasher.update(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
        start = end
      }
    }
    #expect(hasher.finalizeDigest() == digest)
  }

  /// Equal exactly when the texts are, for texts that are digests, nearly digests (upper case, one
  /// digit short or long, a letter past `f`) and anything else.
  @Test func hashesAreEqualExactlyWhenTheirTextsAre() {
    let digest = SHA256.hex(Array("iacc".utf8))
    let texts = [
      digest, SHA256.hex(Array("iacd".utf8)), digest.uppercased(), String(digest.dropLast()), digest + "0",
      String(digest.dropLast()) + "g", "", "x", "sha256:" + digest,
    ]
    for a in texts {
      #expect(ContentHash(hex: a).hex == a)
      for b in texts { #expect((ContentHash(hex: a) == ContentHash(hex: b)) == (a == b), "\(a) \(b)") }
    }
    #expect(SHA256.Digest(hex: digest) != nil)
    #expect(texts.dropFirst(2).allSatisfy { SHA256.Digest(hex: $0) == nil })
  }
}
