import FuzzDriver
import Foundation

// libFuzzer runs `fuzzEmulatorHTTP` (this target's `LLVMFuzzerTestOneInput`) with the command line's options.
exit(FuzzDriverRun(CommandLine.argc, CommandLine.unsafeArgv, fuzzEmulatorHTTP))
