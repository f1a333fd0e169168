// Package layout is overlay's rule engine: it computes the memory layout of
// a type on any set of the GOARCHes Go supports and lists what keeps the
// type from being overlaid on bytes.
//
// Types are described by a small neutral tree ([Type]) that two front ends
// build: [FromReflect] at run time (used by package cast and by [Of]) and
// package layout/typesfront at vet time (used by the layoutcheck
// analyzer), which is apart so that programs that only cast link none of
// go/types. Sizes, alignments and offsets follow the gc toolchain, from
// per-arch tables ([Arches]), so one engine answers "what is this struct's
// layout on 386, on arm, on s390x" and every rule is written once.
//
// The queries:
//   - [ComputeFor] (and [Compute], for every arch) lays a type out on one
//     arch and finds its problems on a set of arches; [Assess] does the same
//     without listing every leaf, at a cost linear in the number of distinct
//     types however often they are used.
//   - [ShapeOf] gives one arch's size, alignment, field offsets and gaps.
//   - [Layout.Fix] gives the explicit padding field (or the marker move)
//     that removes a padding problem on every arch of the set; each padding
//     problem carries it in [Problem.Fix].
//
// A type can be overlaid when, on every arch, it has no padding, holds no
// pointers, bools or platform-sized integers, declares no conflicting byte
// orders, nests at most [MaxDepth] levels, has a non-zero size that fits
// the address space, and has valid bits tags: a `bits:"Version:4,IHL:4"`
// tag divides an unsigned word into named sub-fields, most significant bit
// first, by width ([ParseBits]; cmd/overlaybits writes their accessors). [Layout.Err] reports all of its problems that are
// errors; warnings (host byte order left implicit, no structs.HostLayout
// field) are listed in [Layout.Problems] but do not make Err fail. Each
// kind of problem is described once, in the table behind [Kinds]: its
// name, its layoutcheck category, whether it is a warning, and its advice.
//
// A problem names its field by a dotted path and by field indexes
// ([Problem.Index]), and gives its offset and size on every arch where it
// occurs ([Problem.Figures]). A problem of a struct used at several places
// of a type is reported once, at its first path.
package layout
