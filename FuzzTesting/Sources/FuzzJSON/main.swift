import FuzzDriver
import Foundation

// libFuzzer runs `fuzzJSON` (this target's `LLVMFuzzerTestOneInput`) with the command line's options.
exit(FuzzDriverRun(CommandLine.argc, CommandLine.unsafeArgv, fuzzJSON))
