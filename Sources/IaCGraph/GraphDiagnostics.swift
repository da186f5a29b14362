import IaCBasics

/// Diagnostics of the graph passes (E05xx errors, W05xx warnings): rules about the infrastructure
/// as a whole, checked once on the graph so that every front end gets them.
public enum GraphDiagnostics {
  public static let danglingReference = DiagnosticDescriptor(
    "E0501", .error, "reference to a resource that does not exist",
    explanation: """
      A value refers to a resource that is not part of the program. The .iac checker reports
      misspelt names itself (E0303); this check catches the same mistake from any front end.
      """)
  public static let dependencyCycle = DiagnosticDescriptor(
    "E0502", .error, "dependency cycle",
    explanation: """
      Services that depend on each other in a circle can never start: each waits for the next.
      The message shows the whole cycle; remove one of its `depends_on` entries.

      ```iac
      service api { image = "api:1.0"  depends_on = [db] }
      service db  { image = "postgres:16.2" }
      ```
      """)
  public static let portClash = DiagnosticDescriptor(
    "E0503", .error, "host port published twice",
    explanation: """
      Two services publish the same host port (and protocol) on the same Docker host, so the second
      cannot start. Publish one of them on another port: `ports = [8081 -> 80]`.
      """)
  public static let notExpressible = DiagnosticDescriptor(
    "E0504", .error, "the target cannot express this",
    explanation: """
      The field has no equivalent in the target the environment chose for this stack. iacc never
      drops such a field silently. Examples: a bind mount of a host folder in Kubernetes (pods move
      between nodes; use a volume), a restart policy other than `always` in a Kubernetes Deployment,
      a user name instead of a numeric UID in Kubernetes, a file-based secret passed as a compose
      environment variable.
      """)
  public static let ignoredByTarget = DiagnosticDescriptor(
    "W0505", .warning, "the target ignores this",
    explanation: """
      The field has no effect in the target this environment chose: for example `ingress` or
      `node_selector` on a stack placed with compose, or `depends_on` in Kubernetes (which has no
      start order; readiness probes take its place). The rest of the service is emitted as usual.
      """)
  public static let hostNotConfigured = DiagnosticDescriptor(
    "E0506", .error, "stack placed on a host the environment does not configure",
    explanation: """
      A compose stack runs on a Docker host that Ansible prepares and deploys to, so the host must be
      in the environment's `hosts` (or `hosts` must be left out, which means every host).
      """)
  public static let duplicatePlacement = DiagnosticDescriptor(
    "E0507", .error, "service placed twice in one namespace",
    explanation: """
      Two stacks placed in the same Kubernetes namespace both contain the service, so two objects
      would have the same name. Place the stacks in different namespaces or remove the service from
      one of them.
      """)
  public static let relaxedDefault = DiagnosticDescriptor(
    "W0508", .warning, "secure default relaxed",
    explanation: """
      iacc runs containers as non-root, with a read-only root filesystem, no privilege escalation
      and all capabilities dropped. A service that relaxes one of these explicitly (`run_as_root`,
      `read_only_root = false`, `capabilities`) is reported so that the choice stays visible.
      """)

  public static let all: [DiagnosticDescriptor] = [
    danglingReference, dependencyCycle, portClash, notExpressible, ignoredByTarget, hostNotConfigured,
    duplicatePlacement, relaxedDefault,
  ]
}
