/// The resource diffs of one file, packed into one array of bytes until the plan is shown.
///
/// A plan holds every changed file's diffs from the moment the file is planned until the plan is
/// printed. As `[ResourceDiff]`, one changed field is six allocations (the list, the resource's
/// name, its fields, a path and two values), about 420 bytes; a build that changes every one of
/// 10,000 services holds 20,000 of them. Packed, a file's diffs are one allocation, about a third
/// of the size, and they are unpacked one resource at a time as the plan is shown.
///
/// Layout: for each resource, its change (one byte), its name, the number of its fields, then
/// for each field a byte saying which of the old and new values it has, its path, and the values
/// it has. A number is an unsigned LEB128; a string is its UTF-8 byte count and bytes.
public struct PackedResourceDiffs: Sendable, Sequence {
  private let bytes: [UInt8]
  /// How many resources.
  public let count: Int

  public init(_ diffs: [ResourceDiff]) {
    var builder = Builder()
    for diff in diffs { builder.append(diff.change, resource: diff.resource, fields: PackedFields(diff.fields)) }
    self = builder.finish()
  }

  init(bytes: [UInt8], count: Int) {
    self.bytes = bytes
    self.count = count
  }

  /// Packs resources one at a time, their fields already packed (`StructuralDiff` packs each
  /// resource's fields as it compares them: a compose file's 10,000 changed services are never
  /// all held as `FieldChange`s).
  struct Builder {
    private var bytes: [UInt8] = []
    private var count = 0

    /// `capacity`: about the bytes the resources will take (see `size`), so that a large file's
    /// diffs are neither grown by doubling nor copied to their size at the end.
    init(reservingCapacity capacity: Int = 0) {
      bytes.reserveCapacity(capacity)
    }

    /// The bytes a resource takes packed, given its name's and its fields' (nil when added or
    /// removed, which lists no fields).
    static func size(resource: Int, fields: PackedFields?) -> Int {
      1 + PackedResourceDiffs.size(of: resource) + resource + PackedResourceDiffs.size(of: fields?.count ?? 0)
        + (fields?.bytes.count ?? 0)
    }

    mutating func append(_ change: ResourceDiff.Change, resource: String, fields: PackedFields) {
      bytes.append(PackedResourceDiffs.code(of: change))
      PackedResourceDiffs.append(resource, to: &bytes)
      PackedResourceDiffs.append(fields.count, to: &bytes)
      bytes.append(contentsOf: fields.bytes)
      count += 1
    }

    /// Kept until the plan is shown: at its size, not with the room that growing left (room
    /// under an eighth, what reserving leaves, is kept rather than copied).
    func finish() -> PackedResourceDiffs {
      let roomy = bytes.capacity > bytes.count + bytes.count / 8
      return PackedResourceDiffs(bytes: roomy ? bytes.withUnsafeBufferPointer(Array.init) : bytes, count: count)
    }
  }

  /// One resource's fields, packed as they are in a `PackedResourceDiffs`.
  struct PackedFields {
    fileprivate var bytes: [UInt8] = []
    private(set) var count = 0

    init(_ fields: [FieldChange] = []) {
      // Sized first: a resource's packed fields are kept until the whole file is compared.
      bytes.reserveCapacity(fields.reduce(0) { $0 + Self.size(of: $1) })
      for field in fields { append(field) }
    }

    /// A field's packed size.
    private static func size(of field: FieldChange) -> Int {
      func size(_ text: String?) -> Int {
        guard let count = text?.utf8.count else { return 0 }
        return PackedResourceDiffs.size(of: count) + count
      }
      return 1 + size(field.path) + size(field.old) + size(field.new)
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ field: FieldChange) {
      bytes.append((field.old == nil ? 0 : 1) | (field.new == nil ? 0 : 2))
      PackedResourceDiffs.append(field.path, to: &bytes)
      if let old = field.old { PackedResourceDiffs.append(old, to: &bytes) }
      if let new = field.new { PackedResourceDiffs.append(new, to: &bytes) }
      count += 1
    }
  }

  public var isEmpty: Bool { count == 0 }

  /// How many bytes the diffs take packed.
  var byteCount: Int { bytes.count }

  public func makeIterator() -> Iterator { Iterator(bytes: bytes, remaining: count) }

  /// Unpacks the resources one at a time.
  public struct Iterator: IteratorProtocol {
    let bytes: [UInt8]
    var remaining: Int
    var offset = 0

    init(bytes: [UInt8], remaining: Int) {
      self.bytes = bytes
      self.remaining = remaining
    }

    public mutating func next() -> ResourceDiff? {
      guard remaining > 0 else { return nil }
      remaining -= 1
      let change = PackedResourceDiffs.change(for: bytes[offset])
      offset += 1
      let resource = string()
      let fieldCount = number()
      var fields: [FieldChange] = []
      fields.reserveCapacity(fieldCount)
      for _ in 0..<fieldCount {
        let present = bytes[offset]
        offset += 1
        let path = string()
        let old = present & 1 != 0 ? string() : nil
        let new = present & 2 != 0 ? string() : nil
        fields.append(FieldChange(path: path, old: old, new: new))
      }
      return ResourceDiff(change: change, resource: resource, fields: fields)
    }

    private mutating func number() -> Int {
      var value = 0
      var shift = 0
      while true {
        let byte = bytes[offset]
        offset += 1
        value |= Int(byte & 0x7F) << shift
        if byte < 0x80 { return value }
        shift += 7
      }
    }

    private mutating func string() -> String {
      let length = number()
      defer { offset += length }
      return bytes.withUnsafeBufferPointer { String(decoding: $0[offset..<offset + length], as: UTF8.self) }
    }
  }

  fileprivate static func code(of change: ResourceDiff.Change) -> UInt8 {
    switch change {
    case .added: 0
    case .removed: 1
    case .changed: 2
    }
  }

  private static func change(for code: UInt8) -> ResourceDiff.Change {
    switch code {
    case 0: .added
    case 1: .removed
    default: .changed
    }
  }

  /// How many bytes `number` takes.
  fileprivate static func size(of number: Int) -> Int {
    var size = 1
    var rest = UInt(number) >> 7
    while rest > 0 {
      size += 1
      rest >>= 7
    }
    return size
  }

  fileprivate static func append(_ number: Int, to bytes: inout [UInt8]) {
    var rest = UInt(number)
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  fileprivate static func append(_ text: String, to bytes: inout [UInt8]) {
    var text = text
    text.withUTF8 { utf8 in
      append(utf8.count, to: &bytes)
      bytes.append(contentsOf: utf8)
    }
  }
}
