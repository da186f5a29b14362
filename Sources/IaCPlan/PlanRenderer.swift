import IaCJSON

/// How a plan is shown: text for people (colour only on a terminal), JSON for tools
/// (spec/plan.md).
public enum PlanRenderer {
  public static func text(_ plan: Plan, useColor: Bool) -> String {
    var all = ""
    text(plan, useColor: useColor) { all += $0 }
    return all
  }

  /// The same text handed to `write` in pieces of about `pieceSize` bytes: a plan that updates
  /// 40,000 resources is 7 MB of text, never needed whole.
  public static func text(_ plan: Plan, useColor: Bool, pieceSize: Int = 1 << 16, into write: (String) -> Void) {
    func paint(_ text: String, _ code: String) -> String { useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    var out = ""
    // Between files and between a file's resources: a compose file may list 10,000 of them.
    func flushIfFull() {
      guard out.utf8.count >= pieceSize else { return }
      write(out)
      out = ""
    }
    for change in plan.changes where change.action != .unchanged {
      flushIfFull()
      let (sign, color): (String, String)
      switch change.action {
      case .create: (sign, color) = ("+", "32")
      case .update: (sign, color) = ("~", "33")
      case .delete: (sign, color) = ("-", "31")
      case .conflict: (sign, color) = ("!", "1;31")
      case .unchanged: (sign, color) = (" ", "0")
      }
      out += paint("\(sign) \(change.path)", color)
      if let reason = change.reason { out += "  (\(reason))" }
      out += "\n"
      if change.action == .update, let resources = change.resourceDiffs {
        for resource in resources {
          let mark = resource.change == .added ? "+" : resource.change == .removed ? "-" : "~"
          out += "    \(mark) \(resource.resource)\n"
          for field in resource.fields {
            switch (field.old, field.new) {
            case (let old?, let new?): out += "        \(field.path): \(old) → \(new)\n"
            case (nil, let new?): out += "        + \(field.path): \(new)\n"
            case (let old?, nil): out += "        - \(field.path): \(old)\n"
            default: break
            }
          }
          flushIfFull()
        }
      }
    }
    let unchanged = plan.count(.unchanged)
    if !plan.hasChanges {
      out += "No changes: \(unchanged) generated file\(unchanged == 1 ? " is" : "s are") up to date.\n"
    }
    write(out + plan.summary + "\n")
  }

  public static let formatVersion = 1

  public static func json(_ plan: Plan) -> JSONValue {
    var object = head(plan)
    object["files"] = .array(plan.changes.map(json))
    return .object(object)
  }

  /// The bytes of `json(plan)` in jansson's layout and a newline, in pieces of about `pieceSize`
  /// bytes, one file at a time: at 30,000 files the document as one tree was 70 MiB.
  public static func writeJSON(_ plan: Plan, pieceSize: Int = 1 << 16, into sink: ([UInt8]) -> Void) {
    var writer = JSONArrayWriter(head: head(plan), arrayKey: "files", pieceSize: pieceSize)
    for change in plan.changes {
      // A change's resources one at a time: a compose file's may be 10,000 changed services.
      if let resources = change.resourceDiffs {
        writer.add(head: fileHead(change), arrayKey: "resources", items: resources.lazy.map(json), into: sink)
      } else {
        writer.add(json(change), into: sink)
      }
    }
    writer.finish(into: sink)
  }

  /// The plan's fields but its files.
  static func head(_ plan: Plan) -> JSONObject {
    [
      "version": .int(formatVersion),
      "out": .string(plan.root),
      "summary": .object(
        JSONObject(FileChange.Action.allCases.map { (key: $0.rawValue, value: .int(plan.count($0))) })),
    ]
  }

  static func json(_ change: FileChange) -> JSONValue {
    var object = fileHead(change)
    object["resources"] = change.resources.map { .array($0.map(json)) } ?? .null
    return .object(object)
  }

  /// A change's fields but its resources.
  static func fileHead(_ change: FileChange) -> JSONObject {
    var object: JSONObject = ["path": .string(change.path), "action": .string(change.action.rawValue)]
    object["reason"] = change.reason.map { .string($0) } ?? .null
    object["sources"] = .array(
      change.sources.map { source in
        .object([
          "file": .string(source.file), "line": .int(source.line),
          "resource": source.resource.map { .string($0) } ?? .null,
        ])
      })
    return object
  }

  static func json(_ resource: ResourceDiff) -> JSONValue {
    .object([
      "change": .string(resource.change.rawValue), "resource": .string(resource.resource),
      "fields": .array(
        resource.fields.map { field in
          .object([
            "path": .string(field.path), "old": field.old.map { .string($0) } ?? .null,
            "new": field.new.map { .string($0) } ?? .null,
          ])
        }),
    ])
  }
}
