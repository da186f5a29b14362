import IaCBasics

/// The checker's diagnostics: E03xx names, imports and references; E04xx types and values.
public enum CheckDiagnostics {
  public static let unknownKind = DiagnosticDescriptor(
    "E0301", .error, "unknown resource kind",
    explanation: """
      A declaration starts with a resource kind: `host`, `secret`, `config`, `volume`, `network`,
      `service`, `stack` or `environment`.

      ```iac
      service web { image = "nginx:1.27" }
      ```
      """)
  public static let duplicateDeclaration = DiagnosticDescriptor(
    "E0302", .error, "duplicate name",
    explanation: """
      Every resource, `let` and `param` in a program shares one namespace, across all files: a
      reference such as `gitea_data` must name exactly one thing. Rename one of the two.
      """)
  public static let unresolvedName = DiagnosticDescriptor(
    "E0303", .error, "unresolved name",
    explanation: """
      The name is not declared in this file or in any file it imports. Check the spelling (the
      message suggests a close name), declare it, or import the file that declares it.
      """)
  public static let notImported = DiagnosticDescriptor(
    "E0304", .error, "name declared in a file that is not imported",
    explanation: """
      A file sees the names declared in itself and in the files it imports, directly or through
      other imports. The name exists, but in a file this one does not import. Add the import:

      ```iac
      import "hosts.iac"
      ```
      """)
  public static let importNotFound = DiagnosticDescriptor(
    "E0305", .error, "imported file not found",
    explanation: """
      Import paths are relative to the importing file's folder and name an .iac file:
      `import "../common/hosts.iac"`.
      """)
  public static let importNotFile = DiagnosticDescriptor(
    "E0306", .error, "import of something that is not a file",
    explanation: "An import names one .iac file, not a folder. Import the files in the folder one by one.")
  public static let importCycle = DiagnosticDescriptor(
    "E0307", .error, "import cycle",
    explanation: """
      Files may not import each other in a circle: imports form a tree (a directed acyclic graph),
      so that every file's names can be read in order. Move the shared declarations into a third
      file that both import.
      """)
  public static let referenceCycle = DiagnosticDescriptor(
    "E0308", .error, "value depends on itself",
    explanation: """
      A value refers, directly or through other values, to itself: `let a = b` and `let b = a`,
      or a host whose address is built from its own address. Break the circle with a literal.
      """)
  public static let invalidName = DiagnosticDescriptor(
    "E0309", .error, "name not usable in generated files",
    explanation: """
      Names of services, volumes, configs, secrets, networks and stacks become Kubernetes object
      names and compose keys, so they must be DNS labels: lowercase letters, digits and `-`,
      starting and ending with a letter or digit, at most 63 characters. Environment names become
      folder names: letters, digits, `-` and `_`.

      ```iac
      service gitea-web { image = "gitea/gitea:1.21.4" }
      ```
      """)
  public static let badEnvironmentSelection = DiagnosticDescriptor(
    "E0310", .error, "by_env names an unknown environment or misses one",
    explanation: """
      `by_env { … }` picks a value per environment. Its keys are environment names, or
      `default` for every environment not listed. Every environment must get a value:

      ```iac
      replicas = by_env { production: 3, staging: 2, default: 1 }
      ```
      """)
  public static let invalidOverride = DiagnosticDescriptor(
    "E0311", .error, "invalid environment override",
    explanation: """
      In an environment block, `resource.field = value` overrides one field of a resource for that
      environment only. The first name must be a resource (not an environment), the second a field
      of its kind; further names reach into records:

      ```iac
      environment production {
        gitea.replicas = 2
        gitea.resources.limits.memory = 1Gi
      }
      ```
      """)
  public static let emptyFile = DiagnosticDescriptor(
    "W0312", .warning, "file declares nothing",
    explanation: "The file is empty or holds only comments. It is harmless; delete it if it is not needed.")
  public static let paramWithoutValue = DiagnosticDescriptor(
    "E0313", .error, "parameter without a value",
    explanation: """
      A `param` without a default needs a value from the command line:
      `iacc check --param domain=\\"radioastronomy.io\\"`. The value is written in .iac syntax, so
      strings are quoted.
      """)

  public static let typeMismatch = DiagnosticDescriptor(
    "E0401", .error, "type mismatch",
    explanation: """
      The value's type is not the one the field accepts. Values carry their types: `512Mi` is a
      ByteSize, `30s` a Duration, `0.5` or `500m` a CPU amount, `"512"` a String. A quoted number
      is a string, so `memory = "512"` is an error; write `memory = 512Mi`.
      """)
  public static let unknownField = DiagnosticDescriptor(
    "E0402", .error, "unknown field",
    explanation: """
      The field is not part of this resource kind or record. `iacc schema --markdown` (and
      spec/resources.md) lists every field; the message suggests the closest name.
      """)
  public static let missingField = DiagnosticDescriptor(
    "E0403", .error, "missing required field",
    explanation: """
      The field has no default, so every resource of this kind must set it. For example, every
      service needs an image:

      ```iac
      service web { image = "nginx:1.27" }
      ```
      """)
  public static let duplicateField = DiagnosticDescriptor(
    "E0404", .error, "field or key set twice",
    explanation: "A field, map key or argument may appear once. Remove one of the two.")
  public static let wrongReferenceKind = DiagnosticDescriptor(
    "E0405", .error, "reference to the wrong kind of resource",
    explanation: """
      The field accepts references to one kind of resource, and the name refers to another: for
      example a `volume` where a `secret` is required.
      """)
  public static let secretMisuse = DiagnosticDescriptor(
    "E0406", .error, "secret used as plain text",
    explanation: """
      A secret's value must never reach a generated file or the repository. It can only be bound to
      fields that accept a Secret (a service's `env` values and `secrets`), where each target gets a
      reference: a Kubernetes `secretKeyRef`, a compose `secrets:` entry, an Ansible lookup with
      `no_log`. Interpolating it into a string would copy the value into plain text, so it is an
      error:

      ```iac
      env = { DB_PASSWORD: db-password }                   // right: passed by reference
      env = { DB_URL: "postgres://u:${db-password}@db" }   // error
      ```

      Pass the parts separately and let the application assemble them.
      """)
  public static let valueOutOfRange = DiagnosticDescriptor(
    "E0407", .error, "value out of range",
    explanation: """
      The value has the right type but not an allowed size: ports are 1–65535, replicas at least 0,
      byte sizes must be whole bytes and fit in 64 bits.
      """)
  public static let invalidValue = DiagnosticDescriptor(
    "E0408", .error, "invalid value",
    explanation: """
      The value has the right type but is not well formed: an image reference that does not follow
      `[registry/]name[:tag][@digest]`, a container path that is not absolute, an unknown case of an
      enumeration.
      """)
  public static let unpinnedImage = DiagnosticDescriptor(
    "E0409", .error, "image not pinned",
    explanation: """
      An image without a tag or digest silently means `latest`, so two builds of the same source
      could run different software. Pin a version or a digest:

      ```iac
      image = "gitea/gitea:1.21.4"
      image = "gitea/gitea@sha256:…"
      ```

      Writing `:latest` explicitly is allowed and reported as a warning (W0410).
      """)
  public static let latestImage = DiagnosticDescriptor(
    "W0410", .warning, "image uses the `latest` tag",
    explanation: "`:latest` changes under your feet. Pin a version or a digest when you can.")
  public static let badArguments = DiagnosticDescriptor(
    "E0411", .error, "unknown constructor or bad arguments",
    explanation: """
      Values such as health checks, placements and secret sources are built with constructors:
      `http(path: "/healthz", port: 8080)`, `compose(proj_docker01)`, `env("TOKEN")`. Arguments may
      be given by position, in the order the schema lists the fields, or by label.
      """)
  public static let unsetField = DiagnosticDescriptor(
    "E0412", .error, "reference to a field without a value",
    explanation: """
      `resource.field` reads a field of another resource. The field is optional and has no value
      there, or the resource kind has no such field. Set it, or read another field.
      """)

  public static let all: [DiagnosticDescriptor] = [
    unknownKind, duplicateDeclaration, unresolvedName, notImported, importNotFound, importNotFile, importCycle,
    referenceCycle, invalidName, badEnvironmentSelection, invalidOverride, emptyFile, paramWithoutValue,
    typeMismatch, unknownField, missingField, duplicateField, wrongReferenceKind, secretMisuse, valueOutOfRange,
    invalidValue, unpinnedImage, latestImage, badArguments, unsetField,
  ]
}
