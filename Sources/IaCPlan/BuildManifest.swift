import IaCBasics
import IaCJSON

/// `out/.iacc-manifest.json`: what iacc wrote last time. It is how iacc knows which files it owns
/// (and may update or delete) and whether a file was edited by hand since (its hash differs).
public struct BuildManifest: Sendable, Equatable {
  public static let fileName = ".iacc-manifest.json"
  public static let formatVersion = 1

  public struct Source: Sendable, Hashable {
    public var file: String
    public var line: Int
    /// The resource declared there, such as `service gitea`.
    public var resource: String?
    public init(file: String, line: Int, resource: String? = nil) {
      self.file = file
      self.line = line
      self.resource = resource
    }
  }

  public struct Entry: Sendable, Equatable {
    public var path: String
    public var sources: [Source]
    /// The hash, and the previous one while a build is being applied (rare): 64 bytes an entry
    /// rather than 80, for the tens of thousands a large build's plan holds twice.
    private var hashes: Hashes

    enum Hashes: Sendable {
      case one(ContentHash)
      case two(Pair)

      init(_ hash: ContentHash, previous: ContentHash?) {
        self = previous.map { .two(Pair(hash: hash, previous: $0)) } ?? .one(hash)
      }
    }

    final class Pair: Sendable {
      let hash: ContentHash
      let previous: ContentHash
      init(hash: ContentHash, previous: ContentHash) {
        self.hash = hash
        self.previous = previous
      }
    }

    public init(path: String, hash: ContentHash, previousSHA256: String? = nil, sources: [Source]) {
      self.init(path: path, hash: hash, previousHash: previousSHA256.map(ContentHash.init(hex:)), sources: sources)
    }

    init(path: String, hash: ContentHash, previousHash: ContentHash?, sources: [Source]) {
      self.path = path
      self.sources = sources
      self.hashes = Hashes(hash, previous: previousHash)
    }

    public init(path: String, sha256: String, previousSHA256: String? = nil, sources: [Source]) {
      self.init(path: path, hash: ContentHash(hex: sha256), previousSHA256: previousSHA256, sources: sources)
    }

    public var hash: ContentHash {
      get {
        switch hashes {
        case .one(let hash): return hash
        case .two(let pair): return pair.hash
        }
      }
      set { hashes = Hashes(newValue, previous: previousHash) }
    }

    /// While a build is being applied: the hash the file had before. A file matching either is
    /// iacc's own, so a build killed half-way is completed by the next one, not taken for a conflict.
    public var previousSHA256: String? {
      get { previousHash?.hex }
      set { previousHash = newValue.map(ContentHash.init(hex:)) }
    }

    /// The same as a hash (held inline, not as 64 hex digits of heap).
    var previousHash: ContentHash? {
      get {
        if case .two(let pair) = hashes { return pair.previous }
        return nil
      }
      set { hashes = Hashes(hash, previous: newValue) }
    }

    /// `hash` as hex digits.
    public var sha256: String {
      get { hash.hex }
      set { hash = ContentHash(hex: newValue) }
    }

    func matches(_ hash: ContentHash) -> Bool { hash == self.hash || hash == previousHash }

    public static func == (lhs: Entry, rhs: Entry) -> Bool {
      lhs.path == rhs.path && lhs.hash == rhs.hash && lhs.previousHash == rhs.previousHash
        && lhs.sources == rhs.sources
    }
  }

  public var iaccVersion: String
  /// Sorted by path.
  public var entries: [Entry]

  public init(iaccVersion: String, entries: [Entry]) {
    self.iaccVersion = iaccVersion
    // Usually already in order (a plan's are): then kept as they are, not copied to sort them.
    self.entries = entries.isSorted(by: \.path) ? entries : entries.sorted { $0.path < $1.path }
  }

  public func entry(_ path: String) -> Entry? { entries.first { $0.path == path } }

  public enum ReadError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unsupportedVersion(Int)

    public var description: String {
      switch self {
      case .malformed(let reason): return "\(BuildManifest.fileName) is not a valid iacc build manifest (\(reason))"
      case .unsupportedVersion(let version):
        return
          "\(BuildManifest.fileName) has format version \(version), newer than this iacc understands (\(BuildManifest.formatVersion)); upgrade iacc"
      }
    }
  }

  public func json() -> JSONValue {
    .object([
      "format_version": .int(Self.formatVersion),
      "iacc_version": .string(iaccVersion),
      "files": .array(entries.map(Self.json)),
    ])
  }

  static func json(_ entry: Entry) -> JSONValue {
    var object = head(entry)
    object["sources"] = .array(entry.sources.map(json))
    return .object(object)
  }

  /// An entry's fields but its sources.
  static func head(_ entry: Entry) -> JSONObject {
    var object: JSONObject = ["path": .string(entry.path), "sha256": .string(entry.sha256)]
    if let previous = entry.previousSHA256 { object["previous_sha256"] = .string(previous) }
    return object
  }

  static func json(_ source: Source) -> JSONValue {
    var object: JSONObject = ["file": .string(source.file), "line": .int(source.line)]
    if let resource = source.resource { object["resource"] = .string(resource) }
    return .object(object)
  }

  /// The bytes of `json()` in jansson's two-space layout, made one entry at a time: jansson holds
  /// a whole document as a tree of nodes, about 3 KB per file here, which at 30,000 files was the
  /// largest thing a build held. Each entry goes through jansson on its own (one with many sources,
  /// its head and each source) and is indented into place by `JSONArrayWriter`.
  public func serialized() -> [UInt8] {
    var all: [UInt8] = []
    serialize { piece in all.append(contentsOf: piece) }
    return all
  }

  /// The serialized bytes in pieces of about `pieceSize`, so that a large manifest can be written
  /// without holding all of it.
  public func serialize(pieceSize: Int = 1 << 16, into sink: ([UInt8]) -> Void) {
    var serializer = Serializer(iaccVersion: iaccVersion, pieceSize: pieceSize)
    for entry in entries { serializer.add(entry, into: sink) }
    serializer.finish(into: sink)
  }

  /// Writes a manifest's bytes entry by entry, so that a manifest derived from another need not
  /// be held whole (see `WriteAheadManifest`).
  struct Serializer {
    private var writer: JSONArrayWriter

    init(iaccVersion: String, pieceSize: Int = 1 << 16) {
      writer = JSONArrayWriter(
        head: ["format_version": .int(BuildManifest.formatVersion), "iacc_version": .string(iaccVersion)],
        arrayKey: "files", pieceSize: pieceSize)
    }

    /// An entry of many sources, one source at a time: the entry of a compose file lists every
    /// service it holds, and at 10,000 services that entry alone was 1.2 MB of JSON, held about
    /// six times over (two trees, jansson's text, a string, the growing piece) while it was made.
    mutating func add(_ entry: Entry, into sink: ([UInt8]) -> Void) {
      // Most entries have a source or two: one value, serialized by jansson in one call, costs
      // half as much as a head and its sources one at a time (the same bytes).
      guard entry.sources.count > 8 else { return writer.add(BuildManifest.json(entry), into: sink) }
      writer.add(
        head: BuildManifest.head(entry), arrayKey: "sources", items: entry.sources.lazy.map(BuildManifest.json),
        into: sink)
    }

    mutating func finish(into sink: ([UInt8]) -> Void) { writer.finish(into: sink) }
  }

  /// Reads a manifest entry by entry (see JSONReader): a large build's manifest is never held as
  /// one JSON tree. Any layout of the same JSON reads the same.
  public static func parse(_ bytes: [UInt8]) -> Result<BuildManifest, ReadError> {
    parse(JSONReader(bytes))
  }

  /// Reads the manifest at `path` a piece at a time (`pieceSize` bytes): nil when there is no
  /// file to read there. The same manifest as `parse` of the whole file.
  ///
  /// `knownPath`: the caller's own copy of a path, if it has one (the files a build makes): the
  /// entry then holds that copy rather than one more (2.4 MiB at 30,000 files).
  public static func read(
    _ path: String, pieceSize: Int = 1 << 16, knownPath: ((String) -> String?)? = nil
  ) -> Result<BuildManifest, ReadError>? {
    guard let file = FileSystem.PieceReader(path) else { return nil }
    return parse(
      knownPath: knownPath,
      JSONReader(pieceSize: pieceSize) { count throws(JSONParseError) in
        guard let piece = file.read(upTo: count) else {
          throw JSONParseError(message: "the file could not be read", line: 0, column: 0)
        }
        return piece
      })
  }

  static func parse(knownPath: ((String) -> String?)? = nil, _ reader: JSONReader) -> Result<BuildManifest, ReadError> {
    var reader = reader
    var version: Int?
    var iaccVersion: String?
    var entries: [Entry]?
    var badEntry = false
    do {
      guard try reader.nextValueIs(.object) else {
        _ = try reader.value()
        try reader.finish()
        return .failure(.malformed("no format_version"))
      }
      try reader.enterObject()
      var keys = Set<String>()
      while let key = try reader.nextKey() {
        // A whole-document parse rejects a repeated key; so does this one.
        guard keys.insert(key).inserted else { return .failure(.malformed("not JSON")) }
        if key == "files", try reader.nextValueIs(.array) {
          var files: [Entry] = []
          var strings = Interner<String>()
          // The files of one declaration list the same sources (a service's Deployment and
          // Service): one array for all of them (20,000 arrays fewer at 10,000 services).
          var sourceLists = Interner<[Source]>()
          try reader.enterArray()
          while try reader.nextElement() {
            if var entry = self.entry(try reader.value(), interning: &strings) {
              if let known = knownPath?(entry.path) { entry.path = known }
              entry.sources = sourceLists.intern(entry.sources)
              files.append(entry)
            } else {
              badEntry = true
            }
          }
          // Grown by doubling, the list may have room for as many again: the plan keeps it.
          entries = files.capacity > files.count + files.count / 8 ? files.withUnsafeBufferPointer(Array.init) : files
          continue
        }
        let value = try reader.value()
        switch key {
        case "format_version": version = value.intValue
        case "iacc_version": iaccVersion = value.stringValue
        default: continue
        }
      }
      try reader.finish()
    } catch {
      return .failure(.malformed("not JSON"))
    }
    guard let version else { return .failure(.malformed("no format_version")) }
    guard version <= formatVersion else { return .failure(.unsupportedVersion(version)) }
    guard version == formatVersion, let entries else { return .failure(.malformed("no files list")) }
    guard !badEntry else { return .failure(.malformed("a file entry without a safe relative path and sha256")) }
    return .success(BuildManifest(iaccVersion: iaccVersion ?? "unknown", entries: entries))
  }

  /// One entry of the `files` list; nil when it lacks a safe relative path or a hash. The sources'
  /// file and resource names repeat from entry to entry (every file of a one-file program names
  /// it): each is held once, through `strings`.
  static func entry(_ file: JSONValue, interning strings: inout Interner<String>) -> Entry? {
    guard let path = file["path"]?.stringValue, let hash = file["sha256"]?.stringValue, isSafeRelativePath(path)
    else { return nil }
    let sources = (file["sources"]?.arrayValue ?? []).compactMap { source -> Source? in
      guard let file = source["file"]?.stringValue, let line = source["line"]?.intValue else { return nil }
      return Source(
        file: strings.intern(file), line: line, resource: source["resource"]?.stringValue.map { strings.intern($0) })
    }
    return Entry(path: path, sha256: hash, previousSHA256: file["previous_sha256"]?.stringValue, sources: sources)
  }

  /// A manifest never makes iacc touch anything outside the output folder.
  static func isSafeRelativePath(_ path: String) -> Bool {
    !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..") && !path.contains("\u{0}")
  }
}

/// One copy of each distinct value: equal strings, or arrays, read from a file share storage.
struct Interner<Value: Hashable> {
  private var known: Set<Value> = []

  mutating func intern(_ value: Value) -> Value {
    if let existing = known.firstIndex(of: value) { return known[existing] }
    known.insert(value)
    return value
  }
}
