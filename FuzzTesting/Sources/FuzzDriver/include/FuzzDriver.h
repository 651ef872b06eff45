#ifndef ALIYUN_ECS_FUZZ_DRIVER_H
#define ALIYUN_ECS_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer on `test` with the process's arguments, and returns its exit status.
///
/// SwiftPM gives every executable target of a package at tools version 5.5 or later its own `main` (it
/// renames the module's entry point and points `main` at it), which replaces the `main` that
/// `-sanitize=fuzzer` links; each fuzz target's `main.swift` therefore hands control to libFuzzer here.
int FuzzDriverRun(int argc, char **argv, int (*test)(const uint8_t *data, size_t size));

#endif
