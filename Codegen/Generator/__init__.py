"""The model-layer generator behind `Codegen/generate`: reads Codegen/Model, Codegen/overlay.json and
Codegen/actions.txt, and writes the Swift request and response types, their fast coders, redaction, client
methods, paginators and the test samples."""
