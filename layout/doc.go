// Package layout is overlay's rule engine: it computes the memory layout of
// a type on every GOARCH Go supports and lists what keeps the type from
// being overlaid on bytes.
//
// Types are described by a small neutral tree ([Type]) that two front ends
// build: [FromReflect] at run time (used by package cast and by [Of]) and a
// go/types front end at vet time (used by the layoutcheck analyzer). Sizes,
// alignments and offsets follow the gc toolchain, from per-arch tables
// ([Arches]), so one engine answers "what is this struct's layout on 386,
// on arm, on s390x" and every rule is written once.
//
// A type can be overlaid when, on every arch, it has no padding, holds no
// pointers, bools or platform-sized integers, declares no conflicting byte
// orders, and has a non-zero size that fits the address space. [Layout.Err]
// reports the first of these; warnings (host byte order left implicit, no
// structs.HostLayout field) are listed in [Layout.Problems] but do not make
// Err fail.
package layout
