extension String {
  /// The string as an .iac literal, `"a\"b\n"`: how messages and stage dumps show text. With
  /// `limit`, long text is cut and ends with `…`.
  public func quotedLiteral(limit: Int? = nil) -> String {
    let shown = limit.map { count > $0 ? String(prefix($0 - 3)) + "…" : self } ?? self
    var result = "\""
    for scalar in shown.unicodeScalars {
      switch scalar {
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
