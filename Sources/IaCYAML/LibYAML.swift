// The only file that imports CYAML: every YAML byte iacc writes or reads goes through libyaml's
// event API here.
import CYAML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes YAML files through libyaml's emitter.
public enum YAMLEmitter {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The file's bytes: the header as `#` comments, then each document. LF line endings, UTF-8
  /// unescaped, no line folding, two-space indentation, one trailing newline.
  public static func emit(_ file: YAMLFile) throws(Failure) -> [UInt8] {
    var output = SequenceIndenter()
    return try emit(file, into: &output)
  }

  /// The same bytes, for a file that may be large: whenever more than `limit` bytes are ready,
  /// they are handed to `spill` and let go, so the whole file is never held. Returns the bytes
  /// not spilled: the whole file when it never grew past `limit`. An error thrown by `spill`
  /// stops the emitter and is rethrown.
  public static func emit(
    _ file: YAMLFile, spillingAbove limit: Int, into spill: (UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws -> [UInt8] {
    try withoutActuallyEscaping(spill) { spill in
      var output = SequenceIndenter()
      output.spillAbove = max(1, limit)
      output.spill = spill
      do {
        return try emit(file, into: &output)
      } catch {
        // libyaml reports only that its output failed; the reason is the sink's.
        throw output.spillFailure ?? error
      }
    }
  }

  static func emit(_ file: YAMLFile, into output: inout SequenceIndenter) throws(Failure) -> [UInt8] {
    // libyaml's output goes through the sequence indenter as it is flushed (see SequenceIndenter).
    for line in file.header {
      Array((line.isEmpty ? "#\n" : "# " + line + "\n").utf8).withUnsafeBufferPointer { output.feed($0) }
    }
    // libyaml keeps pointers into the emitter struct: it must not move, so it lives on the heap.
    let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
    defer { emitter.deallocate() }
    guard yaml_emitter_initialize(emitter) == 1 else {
      throw Failure(description: "libyaml: cannot initialise the emitter")
    }
    defer { yaml_emitter_delete(emitter) }
    yaml_emitter_set_unicode(emitter, 1)
    yaml_emitter_set_width(emitter, -1)
    yaml_emitter_set_indent(emitter, 2)
    yaml_emitter_set_break(emitter, YAML_LN_BREAK)
    try withUnsafeMutablePointer(to: &output) { (context) throws(Failure) in
      yaml_emitter_set_output(
        emitter,
        { context, buffer, size in
          guard let context, let buffer else { return 0 }
          let indenter = context.assumingMemoryBound(to: SequenceIndenter.self)
          indenter.pointee.feed(UnsafeBufferPointer(start: buffer, count: size))
          // A failed spill is a failed write: libyaml stops and reports an error.
          return indenter.pointee.spillFailure == nil ? 1 : 0
        }, context)
      let writer = EventWriter(emitter: emitter, output: context)
      try writer.emit { yaml_stream_start_event_initialize(&$0, YAML_UTF8_ENCODING) }
      for document in file.documents {
        // An explicit `---` starts every document: yamllint wants it, and files may be concatenated.
        try writer.emit { yaml_document_start_event_initialize(&$0, nil, nil, nil, 0) }
        try writer.node(document)
        try writer.emit { yaml_document_end_event_initialize(&$0, 1) }
      }
      try writer.emit { yaml_stream_end_event_initialize(&$0) }
      guard yaml_emitter_flush(emitter) == 1 else { throw writer.failure() }
    }
    return output.finish()
  }

  struct EventWriter {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>
    /// The output so far, to size it once a large generated mapping shows how long it will be.
    let output: UnsafeMutablePointer<SequenceIndenter>

    func failure() -> Failure {
      let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown error"
      return Failure(description: "libyaml: \(problem)")
    }

    func emit(_ initialize: (inout yaml_event_t) -> Int32) throws(Failure) {
      var event = yaml_event_t()
      guard initialize(&event) == 1 else { throw Failure(description: "libyaml: cannot create an event") }
      // yaml_emitter_emit takes ownership of the event, on success and on failure.
      guard yaml_emitter_emit(emitter, &event) == 1 else { throw failure() }
    }

    func node(_ node: YAMLNode) throws(Failure) {
      switch node {
      case .scalar(let scalar):
        try self.scalar(scalar)
      case .sequence(let items):
        try emit { yaml_sequence_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
        for item in items { try self.node(item) }
        try emit { yaml_sequence_end_event_initialize(&$0) }
      case .mapping(let pairs):
        try emit { yaml_mapping_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
        for pair in pairs {
          try scalar(YAMLScalar(text: pair.key, kind: .string))
          try self.node(pair.value)
        }
        try emit { yaml_mapping_end_event_initialize(&$0) }
      case .generatedSequence(let generated):
        // Each item is made, written and let go before the next.
        try emit { yaml_sequence_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
        for index in 0..<generated.count { try self.node(generated.make(index)) }
        try emit { yaml_sequence_end_event_initialize(&$0) }
      case .generatedMapping(let generated):
        // Each pair is made, written and let go before the next.
        try emit { yaml_mapping_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
        let start = output.pointee.count
        // After a sample of the pairs, the output is sized for all of them (with a margin), once:
        // grown by doubling, the 12 MB compose file of 10,000 services held 8 and 16 MiB at once.
        let sample = max(64, generated.count / 64)
        for index in 0..<generated.count {
          // (Output that is spilled as it grows needs no sizing.)
          if index == sample && generated.count >= 4 * sample && !output.pointee.spills {
            let perPair = Double(output.pointee.count - start) / Double(sample)
            // Capped: a sample of unusually large pairs must not ask for an absurd allocation.
            let estimate = min(perPair * Double(generated.count) * 1.25, Double(1 << 28))
            output.pointee.reserveCapacity(start + Int(estimate) + (1 << 16))
          }
          let pair = generated.make(index)
          try scalar(YAMLScalar(text: pair.key, kind: .string))
          try self.node(pair.value)
        }
        try emit { yaml_mapping_end_event_initialize(&$0) }
      }
    }

    /// Literal block style for text with line feeds, scanned as bytes (a `Character` scan costs
    /// more than the rest of emitting the scalar). Not asked for text with a carriage return,
    /// which a block cannot hold; libyaml also falls back to quoting by itself whenever a block
    /// could not read back exactly (trailing spaces, say).
    static func wantsLiteralStyle(_ text: String) -> Bool {
      var text = text
      return text.withUTF8 { bytes in
        // Most scalars have no line feed: one `memchr` tells.
        guard let base = bytes.baseAddress, memchr(base, 0x0A, bytes.count) != nil else { return false }
        return memchr(base, 0x0D, bytes.count) == nil
      }
    }

    func scalar(_ scalar: YAMLScalar) throws(Failure) {
      var plainImplicit: Int32 = 1
      var quotedImplicit: Int32 = 0
      var style = YAML_PLAIN_SCALAR_STYLE
      if scalar.kind == .string {
        quotedImplicit = 1
        style = YAML_ANY_SCALAR_STYLE
        if YAML11Scalars.needsQuoting(scalar.text) { plainImplicit = 0 }
        if Self.wantsLiteralStyle(scalar.text) { style = YAML_LITERAL_SCALAR_STYLE }
      }
      if scalar.tag != nil {
        // An explicit tag must be written, so neither form may be implicit.
        plainImplicit = 0
        quotedImplicit = 0
        if style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE {
          style = YAML_SINGLE_QUOTED_SCALAR_STYLE
        }
      }
      // libyaml copies the value and the tag, so Swift's own NUL-terminated storage can be lent.
      var event = yaml_event_t()
      let created: Int32 = scalar.text.withCString { value in
        let length = Int32(scalar.text.utf8.count)
        let bytes = UnsafeMutableRawPointer(mutating: value).assumingMemoryBound(to: UInt8.self)
        guard let tag = scalar.tag else {
          return yaml_scalar_event_initialize(&event, nil, nil, bytes, length, plainImplicit, quotedImplicit, style)
        }
        return tag.withCString { tagText in
          yaml_scalar_event_initialize(
            &event, nil, UnsafeMutableRawPointer(mutating: tagText).assumingMemoryBound(to: UInt8.self), bytes, length,
            plainImplicit, quotedImplicit, style)
        }
      }
      guard created == 1 else { throw Failure(description: "libyaml: cannot create a scalar event") }
      guard yaml_emitter_emit(emitter, &event) == 1 else { throw failure() }
    }
  }
}

/// libyaml writes a block sequence that is a mapping's value without indentation (`key:` then
/// `- item` in the same column), and has no option to do otherwise. yamllint's and ansible-lint's
/// defaults want such sequences indented. This pass moves the lines of every such sequence two
/// columns right, in one scan over libyaml's output. Whole lines move and nothing else changes.
///
/// It relies on the shape of libyaml's block output with iacc's settings (no line folding, flow
/// style only for empty collections, comments only in the header): a line is a key, a sequence
/// item (`- `, possibly several), or the content of a literal block scalar, which is indented
/// deeper than the line that opened it and is never read as structure here. The YAML tests read
/// every emitted document back with libyaml's parser and compare it with the tree.
struct SequenceIndenter {
  struct Frame {
    /// The column of this sequence's `- ` in libyaml's output.
    var column: Int
    /// How far every line inside it moves right.
    var shift: Int
  }

  /// The indented text so far.
  private var result: [UInt8] = []
  /// How many bytes of indented text there are so far.
  var count: Int { result.count }

  /// Room for `capacity` bytes in all: a large file is sized once rather than doubled as it grows.
  /// Pages reserved and never written cost no memory.
  mutating func reserveCapacity(_ capacity: Int) {
    if capacity > result.capacity { result.reserveCapacity(capacity) }
  }
  private var frames: [Frame] = []
  private var pendingKeyColumn: Int?  // a `key:` line whose value starts on the next line
  private var blockParent: Int?  // inside a literal block opened by a line at this indentation
  /// The unfinished last line of what was fed so far.
  private var partial: [UInt8] = []
  /// Once the indented text passes `spillAbove` bytes, it goes to `spill` and is let go.
  var spillAbove = Int.max
  var spill: ((UnsafeBufferPointer<UInt8>) throws -> Void)?
  /// What `spill` threw; nothing more is taken after it.
  private(set) var spillFailure: (any Error)?
  var spills: Bool { spill != nil }
  /// Room past `spillAbove` for the lines that cross it.
  static let spillMargin = 1 << 16

  static func indent(_ bytes: [UInt8]) -> [UInt8] {
    var indenter = SequenceIndenter()
    bytes.withUnsafeBufferPointer { indenter.feed($0) }
    return indenter.finish()
  }

  /// Takes the next bytes of libyaml's output (as it flushes them): each line is indented as
  /// soon as it is complete, so the whole unindented text is never held.
  mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) {
    guard spillFailure == nil else { return }
    defer { if result.count > spillAbove { spillResult() } }
    // Text that is spilled is held up to `spillAbove` bytes at a time: sized for that once, it
    // never doubles past it (a 2 MiB buffer for 1 MiB pieces of a large compose file).
    if spills, result.count >= spillAbove / 2, result.capacity < spillAbove + Self.spillMargin {
      result.reserveCapacity(spillAbove + Self.spillMargin)
    }
    var start = 0
    while start < chunk.count {
      guard let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) else {
        partial.append(contentsOf: chunk[start...])
        return
      }
      if partial.isEmpty {
        line(UnsafeBufferPointer(rebasing: chunk[start..<newline]), endsLine: true)
      } else {
        partial.append(contentsOf: chunk[start..<newline])
        let completed = partial
        partial.removeAll(keepingCapacity: true)
        completed.withUnsafeBufferPointer { line($0, endsLine: true) }
      }
      start = newline + 1
    }
  }

  /// Hands the indented text so far to `spill` and starts again from empty.
  private mutating func spillResult() {
    guard let spill else { return }
    do {
      try result.withUnsafeBufferPointer { try spill($0) }
      result.removeAll(keepingCapacity: true)
    } catch {
      spillFailure = error
    }
  }

  /// The indented text (after a spill, what was not spilled), with a last line that has no line
  /// break of its own.
  mutating func finish() -> [UInt8] {
    if !partial.isEmpty {
      let last = partial
      partial = []
      last.withUnsafeBufferPointer { line($0, endsLine: false) }
    }
    return result
  }

  /// One line of libyaml's output, without its line break.
  mutating func line(_ bytes: UnsafeBufferPointer<UInt8>, endsLine: Bool) {
    let end = bytes.count
    var column = 0
    while column < end, bytes[column] == UInt8(ascii: " ") { column += 1 }
    let indentation = column
    let isBlank = column == end
    if let parent = blockParent, isBlank || indentation > parent {
      // Block scalar content moves with the line that opened it.
      emit(bytes, shift: frames.last?.shift ?? 0, endsLine: endsLine)
      return
    }
    blockParent = nil
    if isBlank || bytes[column] == UInt8(ascii: "#") || Self.isDocumentMarker(bytes, column, end) {
      emit(bytes, shift: 0, endsLine: endsLine)
      pendingKeyColumn = nil
      return
    }
    let isItem = bytes[column] == UInt8(ascii: "-") && (column + 1 == end || bytes[column + 1] == UInt8(ascii: " "))
    // Leave the sequences this line is not part of.
    while let top = frames.last, indentation < top.column || (indentation == top.column && !isItem) {
      frames.removeLast()
    }
    if isItem, let key = pendingKeyColumn, indentation == key, frames.last?.column != indentation {
      frames.append(Frame(column: indentation, shift: (frames.last?.shift ?? 0) + 2))
    }
    emit(bytes, shift: frames.last?.shift ?? 0, endsLine: endsLine)
    // What this line opens for the next one: a nested value, or a literal block.
    var content = column
    while content + 1 < end, bytes[content] == UInt8(ascii: "-"), bytes[content + 1] == UInt8(ascii: " ") {
      content += 2
    }
    pendingKeyColumn = bytes[end - 1] == UInt8(ascii: ":") ? content : nil
    if Self.opensLiteralBlock(bytes, column, end) { blockParent = indentation }
  }

  mutating func emit(_ line: UnsafeBufferPointer<UInt8>, shift: Int, endsLine: Bool) {
    if shift > 0 && !line.isEmpty { result.append(contentsOf: repeatElement(UInt8(ascii: " "), count: shift)) }
    result.append(contentsOf: line)
    if endsLine { result.append(UInt8(ascii: "\n")) }
  }

  static func isDocumentMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ column: Int, _ end: Int) -> Bool {
    end - column == 3 && bytes[column] == UInt8(ascii: "-") && bytes[column + 1] == UInt8(ascii: "-")
      && bytes[column + 2] == UInt8(ascii: "-")
  }

  /// A line that ends with a block scalar header: `|`, `|-`, `|+`, `|2`, `|2-`, after `: ` or `- `.
  static func opensLiteralBlock(_ bytes: UnsafeBufferPointer<UInt8>, _ column: Int, _ end: Int) -> Bool {
    var position = end - 1
    while position > column,
      bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+")
        || (bytes[position] >= 0x31 && bytes[position] <= 0x39)
    {
      position -= 1
    }
    guard position >= column, bytes[position] == UInt8(ascii: "|") || bytes[position] == UInt8(ascii: ">") else {
      return false
    }
    return position == column || bytes[position - 1] == UInt8(ascii: " ")
  }
}

/// Reads YAML back into the node tree, with line numbers, through libyaml's parser.
public enum YAMLReader {
  public struct Failure: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    public var description: String { "line \(line), column \(column): \(message)" }
  }

  /// All documents of a stream. Comments are dropped; tags and mapping key lines are kept.
  public static func read(_ bytes: [UInt8]) -> Result<[YAMLNode], Failure> {
    read(.bytes(bytes))
  }

  /// All documents of a stream held in memory or read from a file as it is parsed.
  public static func read(_ input: YAMLInput) -> Result<[YAMLNode], Failure> {
    var builder = YAMLTreeBuilder()
    return parse(input) { builder.handle($0) }.map { builder.documents }
  }

  /// Hands every event of the stream to `handle`, in order, up to the end of the stream. The
  /// event's bytes are lent: they live until `handle` returns.
  static func parse(_ input: YAMLInput, _ handle: (YAMLEvent) -> Void) -> Result<Void, Failure> {
    withEventStream(input) { stream in
      while let event = stream.next() { handle(event) }
    }
  }

  /// Whether two streams hold the same events: the same documents, read back as the same trees
  /// (comments and layout aside; a plain and a quoted scalar differ, even where they read back
  /// the same). Both are read together, a piece at a time, and the
  /// reading stops at the first difference; nothing is built. A stream that is not YAML is
  /// never the same as another.
  public static func sameEvents(_ first: YAMLInput, _ second: YAMLInput) -> Bool {
    let result = withEventStreams(first, second) { left, right -> Bool in
      while true {
        switch (left.next(), right.next()) {
        case (nil, nil): return true
        case (let one?, let other?) where one.sameContent(as: other): continue
        default: return false
        }
      }
    }
    return (try? result.get()) ?? false
  }

  /// Two streams read side by side, each as far as `body` pulls it (`YAMLEventStream.next`):
  /// a failure of either, or of reading its file, is the result's.
  static func withEventStreams<Value>(
    _ first: YAMLInput, _ second: YAMLInput, _ body: (inout YAMLEventStream, inout YAMLEventStream) -> Value
  ) -> Result<Value, Failure> {
    withEventStream(first) { left in
      withEventStream(second) { right in body(&left, &right) }
    }.flatMap { $0 }
  }

  /// One stream, read as far as `body` pulls it: a failure, or of reading its file, is the result's.
  static func withEventStream<Value>(_ input: YAMLInput, _ body: (inout YAMLEventStream) -> Value) -> Result<
    Value, Failure
  > {
    withParser(input) { parser in
      var stream = YAMLEventStream(parser: parser)
      defer { stream.release() }
      let value = body(&stream)
      if let failure = stream.failure { return .failure(failure) }
      return .success(value)
    }
  }

  /// The next event; the caller deletes it.
  fileprivate static func next(_ parser: UnsafeMutablePointer<yaml_parser_t>) -> Result<yaml_event_t, Failure> {
    var event = yaml_event_t()
    guard yaml_parser_parse(parser, &event) == 1 else {
      let problem = parser.pointee.problem.map { String(cString: $0) } ?? "syntax error"
      let mark = parser.pointee.problem_mark
      return .failure(Failure(message: problem, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }
    return .success(event)
  }

  /// A parser reading `input` for the time of `body`: the bytes held in place, or the file open.
  private static func withParser<Value>(
    _ input: YAMLInput, _ body: (UnsafeMutablePointer<yaml_parser_t>) -> Result<Value, Failure>
  ) -> Result<Value, Failure> {
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else {
      return .failure(Failure(message: "cannot initialise libyaml", line: 0, column: 0))
    }
    defer { yaml_parser_delete(parser) }
    switch input {
    case .bytes(let bytes):
      return bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
        return body(parser)
      }
    case .file(let path):
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        let reason = String(cString: strerror(errno))
        return .failure(Failure(message: "cannot read \(path): \(reason)", line: 0, column: 0))
      }
      defer { close(descriptor) }
      return withSource(descriptor, named: path, parser, body)
    case .descriptor(let descriptor):
      return withSource(descriptor, named: "a temporary file", parser, body)
    }
  }

  /// `body` with the parser reading an open file from its start (by offset: the descriptor's own
  /// position is neither used nor moved, so two readings of one file can go side by side).
  private static func withSource<Value>(
    _ descriptor: Int32, named path: String, _ parser: UnsafeMutablePointer<yaml_parser_t>,
    _ body: (UnsafeMutablePointer<yaml_parser_t>) -> Result<Value, Failure>
  ) -> Result<Value, Failure> {
    var source = FileSource(descriptor: descriptor)
    return withUnsafeMutablePointer(to: &source) { source in
      yaml_parser_set_input(
        parser,
        { context, buffer, size, sizeRead in
          guard let context, let buffer, let sizeRead else { return 0 }
          let source = context.assumingMemoryBound(to: FileSource.self)
          while true {
            let count = pread(source.pointee.descriptor, buffer, size, off_t(source.pointee.offset))
            if count >= 0 {
              source.pointee.offset += count
              sizeRead.pointee = size_t(count)
              return 1
            }
            if errno != EINTR {
              source.pointee.error = errno
              return 0
            }
          }
        }, source)
      let result = body(parser)
      if source.pointee.error != 0 {
        let reason = String(cString: strerror(source.pointee.error))
        return .failure(Failure(message: "cannot read \(path): \(reason)", line: 0, column: 0))
      }
      return result
    }
  }

  /// The file a parser reads, how far, and the first error reading it.
  private struct FileSource {
    var descriptor: Int32
    var offset = 0
    var error: Int32 = 0
  }
}

extension YAMLEvent {
  /// A view of libyaml's event: its bytes stay libyaml's.
  fileprivate init(_ event: yaml_event_t) {
    let kind: Kind
    var value = UnsafeRawBufferPointer(start: nil, count: 0)
    var tag: UnsafeRawBufferPointer?
    var isPlain = false
    switch event.type {
    case YAML_SCALAR_EVENT:
      kind = .scalar
      let data = event.data.scalar
      value = UnsafeRawBufferPointer(start: data.value, count: data.length)
      tag = data.tag.map { UnsafeRawBufferPointer(start: $0, count: strlen($0)) }
      isPlain = data.style == YAML_PLAIN_SCALAR_STYLE
    case YAML_ALIAS_EVENT:
      kind = .alias
      let anchor = event.data.alias.anchor
      value = UnsafeRawBufferPointer(start: anchor, count: anchor.map { strlen($0) } ?? 0)
    case YAML_SEQUENCE_START_EVENT: kind = .sequenceStart
    case YAML_MAPPING_START_EVENT: kind = .mappingStart
    case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
    case YAML_MAPPING_END_EVENT: kind = .mappingEnd
    case YAML_DOCUMENT_START_EVENT: kind = .documentStart
    case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
    default: kind = .other
    }
    self.init(
      kind: kind, value: value, tag: tag, isPlain: isPlain, line: Int(event.start_mark.line) + 1)
  }
}

/// A stream's events pulled one at a time (see `YAMLReader.withEventStreams`).
struct YAMLEventStream {
  fileprivate let parser: UnsafeMutablePointer<yaml_parser_t>
  private var event = yaml_event_t()
  private var holding = false
  /// Why the stream stopped early, if it did.
  private(set) var failure: YAMLReader.Failure?
  /// Past its end: libyaml would go on handing out empty events.
  private var ended = false

  fileprivate init(parser: UnsafeMutablePointer<yaml_parser_t>) { self.parser = parser }

  /// The next event, lent until the next call; nil at the end of the stream or when it fails.
  mutating func next() -> YAMLEvent? {
    release()
    guard failure == nil, !ended else { return nil }
    switch YAMLReader.next(parser) {
    case .failure(let error):
      failure = error
      return nil
    case .success(let next):
      event = next
      holding = true
      ended = event.type == YAML_STREAM_END_EVENT
      return ended ? nil : YAMLEvent(event)
    }
  }

  fileprivate mutating func release() {
    if holding { yaml_event_delete(&event) }
    holding = false
  }
}
