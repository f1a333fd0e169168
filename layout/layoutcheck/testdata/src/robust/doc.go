// Package robust is the root of layoutcheck's robustness corpus: packages
// of unusual code (recursive types, generics, aliases, syscall structs,
// huge arrays, blank and embedded fields, code that does not type-check)
// that the analyzer and typesfront.Tree must survive without panicking.
// robust_test.go in the parent directory runs them.
//
// The packages are in testdata, so `go build ./...` and `go vet ./...`
// skip them; broken and syntax do not compile on purpose.
package robust
