import IaCBasics
import IaCJSON

/// LSP positions count UTF-16 code units from 0; iacc's count Unicode scalars from 1. The conversion
/// happens here, at the boundary, and nowhere else.
enum Positions {
  /// The byte offset of an LSP position. A line past the end is the end of the file; a character past
  /// the end of its line is the end of that line (clients do send those).
  static func offset(in file: SourceFile, line: Int, character: Int) -> Int {
    guard line >= 0 else { return file.contentStart }
    guard line < file.lineStarts.count else { return file.bytes.count }
    var offset = file.lineStarts[line]
    var units = 0
    let bytes = file.bytes
    while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n"), bytes[offset] != UInt8(ascii: "\r"),
      units < character
    {
      let width = scalarWidth(bytes[offset])
      units += width == 4 ? 2 : 1
      offset = min(bytes.count, offset + width)
    }
    return offset
  }

  static func position(in file: SourceFile, offset: Int) -> JSONValue {
    let clamped = max(file.contentStart, min(offset, file.bytes.count))
    let line = file.location(of: clamped).line - 1
    var units = 0
    var index = file.lineStarts[line]
    while index < clamped {
      let width = scalarWidth(file.bytes[index])
      units += width == 4 ? 2 : 1
      index += width
    }
    return .object(["line": .int(line), "character": .int(units)])
  }

  static func range(_ range: SourceRange) -> JSONValue {
    .object([
      "start": position(in: range.file, offset: range.start), "end": position(in: range.file, offset: range.end),
    ])
  }

  /// Bytes in the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
  static func scalarWidth(_ lead: UInt8) -> Int {
    switch lead {
    case 0xF0...: return 4
    case 0xE0...: return 3
    case 0xC0...: return 2
    default: return 1
    }
  }
}
