import IaCCommandLine

// The command line lives in IaCCommandLine, so that a Swift package can run it too (IaCInfra).
CommandLineTool.main()
