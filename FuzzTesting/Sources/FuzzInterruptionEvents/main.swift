import FuzzDriver
import Foundation

// libFuzzer runs `fuzzInterruptionEvents` (this target's `LLVMFuzzerTestOneInput`) with the command line's options.
exit(FuzzDriverRun(CommandLine.argc, CommandLine.unsafeArgv, fuzzInterruptionEvents))
