// The only file that imports CYAML: every YAML byte iacc writes or reads goes through libyaml's
// event API here.
import CYAML

/// Writes YAML files through libyaml's emitter.
public enum YAMLEmitter {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The file's bytes: the header as `#` comments, then each document. LF line endings, UTF-8
  /// unescaped, no line folding, two-space indentation, one trailing newline.
  public static func emit(_ file: YAMLFile) throws(Failure) -> [UInt8] {
    var output = OutputBuffer()
    for line in file.header {
      output.bytes += Array((line.isEmpty ? "#" : "# " + line).utf8)
      output.bytes.append(UInt8(ascii: "\n"))
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
          context.assumingMemoryBound(to: OutputBuffer.self).pointee.bytes.append(
            contentsOf: UnsafeBufferPointer(start: buffer, count: size))
          return 1
        }, context)
      var writer = EventWriter(emitter: emitter)
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
    return SequenceIndenter.indent(output.bytes)
  }

  struct OutputBuffer {
    var bytes: [UInt8] = []
  }

  struct EventWriter {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>

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
        if scalar.text.contains("\n") { style = YAML_LITERAL_SCALAR_STYLE }
      }
      if scalar.tag != nil {
        // An explicit tag must be written, so neither form may be implicit.
        plainImplicit = 0
        quotedImplicit = 0
        if style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE {
          style = YAML_SINGLE_QUOTED_SCALAR_STYLE
        }
      }
      // libyaml copies the value and the tag; a trailing NUL keeps the pointer valid when empty.
      var value = Array(scalar.text.utf8) + [0]
      let length = Int32(value.count - 1)
      var tag: [UInt8]? = scalar.tag.map { Array($0.utf8) + [0] }
      var event = yaml_event_t()
      let created: Int32 = value.withUnsafeMutableBufferPointer { valueBuffer in
        guard var tagBytes = tag else {
          return yaml_scalar_event_initialize(
            &event, nil, nil, valueBuffer.baseAddress, length, plainImplicit, quotedImplicit, style)
        }
        defer { tag = tagBytes }
        return tagBytes.withUnsafeMutableBufferPointer { tagBuffer in
          yaml_scalar_event_initialize(
            &event, nil, tagBuffer.baseAddress, valueBuffer.baseAddress, length, plainImplicit, quotedImplicit, style)
        }
      }
      guard created == 1 else { throw Failure(description: "libyaml: cannot create a scalar event") }
      guard yaml_emitter_emit(emitter, &event) == 1 else { throw failure() }
    }
  }
}

/// libyaml writes a block sequence that is a mapping's value without indentation (`key:` then
/// `- item` in the same column), and has no option to do otherwise. yamllint's and ansible-lint's
/// defaults want such sequences indented. This pass reads libyaml's own output back with libyaml's
/// parser, finds every block sequence that is a mapping value, and shifts its lines two columns to
/// the right. Structure and scalars are untouched: whole lines move, and a literal block moves with
/// its parent, so its relative indentation holds. A test proves the document reads back equal.
enum SequenceIndenter {
  static func indent(_ bytes: [UInt8]) -> [UInt8] {
    var shifts: [Int: Int] = [:]  // line (0-based) -> extra spaces
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else { return bytes }
    defer { yaml_parser_delete(parser) }
    enum Frame { case mapping(valueNext: Bool), sequence(indented: Bool, firstLine: Int, lastLine: Int) }
    var stack: [Frame] = []
    let parsed: Bool = bytes.withUnsafeBufferPointer { buffer in
      yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
      func lastLine(_ mark: yaml_mark_t) -> Int { mark.column > 0 ? Int(mark.line) : Int(mark.line) - 1 }
      func noteLine(_ line: Int) {
        for index in stack.indices {
          if case .sequence(let indented, let first, let last) = stack[index] {
            stack[index] = .sequence(indented: indented, firstLine: first, lastLine: max(last, line))
          }
        }
      }
      /// A node just completed inside the top frame: a mapping alternates between key and value.
      func completedNode() {
        if case .mapping(let valueNext)? = stack.last { stack[stack.count - 1] = .mapping(valueNext: !valueNext) }
      }
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { return false }
        defer { yaml_event_delete(&event) }
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return true
        case YAML_SCALAR_EVENT, YAML_ALIAS_EVENT:
          noteLine(lastLine(event.end_mark))
          completedNode()
        case YAML_MAPPING_START_EVENT:
          noteLine(Int(event.start_mark.line))
          stack.append(.mapping(valueNext: false))
        case YAML_SEQUENCE_START_EVENT:
          var isMappingValue = false
          if case .mapping(let valueNext)? = stack.last { isMappingValue = valueNext }
          let block = event.data.sequence_start.style != YAML_FLOW_SEQUENCE_STYLE
          let line = Int(event.start_mark.line)
          noteLine(line)
          stack.append(.sequence(indented: isMappingValue && block, firstLine: line, lastLine: line))
        case YAML_SEQUENCE_END_EVENT:
          if case .sequence(let indented, let first, let last)? = stack.popLast(), indented {
            for line in first...max(first, last) { shifts[line, default: 0] += 2 }
          }
          completedNode()
        case YAML_MAPPING_END_EVENT:
          _ = stack.popLast()
          completedNode()
        default:
          break
        }
      }
    }
    guard parsed, !shifts.isEmpty else { return bytes }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + bytes.count / 8)
    var line = 0
    var atLineStart = true
    for byte in bytes {
      if atLineStart, let shift = shifts[line], byte != UInt8(ascii: "\n") {
        result.append(contentsOf: repeatElement(UInt8(ascii: " "), count: shift))
      }
      result.append(byte)
      atLineStart = byte == UInt8(ascii: "\n")
      if atLineStart { line += 1 }
    }
    return result
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
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else {
      return .failure(Failure(message: "cannot initialise libyaml", line: 0, column: 0))
    }
    defer { yaml_parser_delete(parser) }
    return bytes.withUnsafeBufferPointer { buffer in
      yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
      var builder = TreeBuilder()
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
          let problem = parser.pointee.problem.map { String(cString: $0) } ?? "syntax error"
          let mark = parser.pointee.problem_mark
          return .failure(Failure(message: problem, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
        }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { break }
        builder.handle(&event)
      }
      return .success(builder.documents)
    }
  }

  /// Builds nodes from events with an explicit stack (no recursion: input may nest deeply).
  struct TreeBuilder {
    enum Frame {
      case sequence([YAMLNode])
      case mapping([YAMLPair], pendingKey: (String, Int)?)
    }
    var stack: [Frame] = []
    var documents: [YAMLNode] = []

    mutating func handle(_ event: inout yaml_event_t) {
      let line = Int(event.start_mark.line) + 1
      switch event.type {
      case YAML_SCALAR_EVENT:
        let data = event.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
        let tag = data.tag.map { String(cString: $0) }
        let kind: YAMLScalar.Kind
        if data.style != YAML_PLAIN_SCALAR_STYLE || tag != nil {
          kind = .string
        } else if ["true", "false", "True", "False", "TRUE", "FALSE"].contains(text) {
          kind = .bool
        } else if ["null", "Null", "NULL", "~", ""].contains(text) {
          kind = .null
        } else if YAML11Scalars.looksNumeric(Array(text.utf8)) {
          kind = .number
        } else {
          kind = .string
        }
        add(.scalar(YAMLScalar(text: text, kind: kind, tag: tag)), line: line)
      case YAML_ALIAS_EVENT:
        add(.scalar(YAMLScalar(text: "*" + String(cString: event.data.alias.anchor), kind: .string)), line: line)
      case YAML_SEQUENCE_START_EVENT:
        stack.append(.sequence([]))
      case YAML_MAPPING_START_EVENT:
        stack.append(.mapping([], pendingKey: nil))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast() else { return }
        switch frame {
        case .sequence(let items): add(.sequence(items), line: line)
        case .mapping(let pairs, _): add(.mapping(pairs), line: line)
        }
      default:
        break
      }
    }

    mutating func add(_ node: YAMLNode, line: Int) {
      guard let top = stack.popLast() else {
        documents.append(node)
        return
      }
      switch top {
      case .sequence(var items):
        items.append(node)
        stack.append(.sequence(items))
      case .mapping(var pairs, let pendingKey):
        if let (key, keyLine) = pendingKey {
          pairs.append(YAMLPair(key: key, value: node, line: keyLine))
          stack.append(.mapping(pairs, pendingKey: nil))
        } else {
          stack.append(.mapping(pairs, pendingKey: (node.scalarText ?? "", line)))
        }
      }
    }
  }
}
