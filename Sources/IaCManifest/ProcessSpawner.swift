import IaCBasics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a program with POSIX calls (Foundation's start-up cost matters on every check): standard
/// output and error go to a file, an extra pipe can be handed to the child as a numbered descriptor,
/// and a time-out ends it.
enum ProcessSpawner {
  struct Outcome {
    /// The exit status, or nil when the program was killed (time-out) or died on a signal.
    var status: Int32?
    var signal: Int32?
    var timedOut: Bool
    /// Standard output and error, mixed.
    var output: String
    /// What the child wrote to the extra descriptor.
    var channel: [UInt8]
  }

  static func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], channelDescriptor: Int32? = nil,
    timeout: Double
  ) -> Outcome? {
    // Read back through the descriptor: the file needs no name.
    guard let outputDescriptor = FileSystem.makeScratchFile(prefix: "iacc-spawn") else { return nil }
    defer { close(outputDescriptor) }
    var channel: [Int32] = [-1, -1]
    if channelDescriptor != nil, pipe(&channel) != 0 { return nil }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 1)
    posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 2)
    if let target = channelDescriptor {
      posix_spawn_file_actions_adddup2(&actions, channel[1], target)
      posix_spawn_file_actions_addclose(&actions, channel[0])
    }
    var environmentList = ProcessSpawner.currentEnvironment()
    for (key, value) in environment { environmentList[key] = value }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environmentList.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    if channelDescriptor != nil { close(channel[1]) }
    guard spawned == 0 else {
      if channelDescriptor != nil { close(channel[0]) }
      return nil
    }

    // Read the channel while waiting, so a large model cannot fill the pipe and block the child.
    var received: [UInt8] = []
    if channelDescriptor != nil { _ = fcntl(channel[0], F_SETFL, fcntl(channel[0], F_GETFL) | O_NONBLOCK) }
    var buffer = [UInt8](repeating: 0, count: 65_536)
    let deadline = monotonicSeconds() + timeout
    var status: Int32 = 0
    var finished = false
    var timedOut = false
    while !finished {
      if channelDescriptor != nil {
        while true {
          let count = buffer.withUnsafeMutableBytes { read(channel[0], $0.baseAddress, $0.count) }
          if count > 0 { received += buffer[0..<count] } else { break }
        }
      }
      let waited = waitpid(pid, &status, WNOHANG)
      if waited == pid {
        finished = true
        break
      }
      if monotonicSeconds() > deadline {
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        timedOut = true
        break
      }
      usleep(2_000)
    }
    if channelDescriptor != nil {
      while true {
        let count = buffer.withUnsafeMutableBytes { read(channel[0], $0.baseAddress, $0.count) }
        if count > 0 { received += buffer[0..<count] } else { break }
      }
      close(channel[0])
    }
    lseek(outputDescriptor, 0, SEEK_SET)
    var output: [UInt8] = []
    while true {
      let count = buffer.withUnsafeMutableBytes { read(outputDescriptor, $0.baseAddress, $0.count) }
      if count > 0 { output += buffer[0..<count] } else { break }
    }
    let exited = (status & 0x7f) == 0
    return Outcome(
      status: exited && !timedOut ? (status >> 8) & 0xff : nil, signal: exited ? nil : status & 0x7f,
      timedOut: timedOut,
      output: String(decoding: output, as: UTF8.self), channel: received)
  }

  static func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  static func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return result
  }
}
