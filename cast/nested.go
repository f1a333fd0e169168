package cast

import (
	"reflect"
	"strconv"
	"unsafe"

	"github.com/go-overlay/overlay/layout"
)

// Nested validation: when T is cast, every field, array element and
// nested struct of T whose pointer type has a Validate method is
// validated, innermost first, then T itself. Which offsets to validate is
// worked out once per type, by [validation] when the verdict is resolved:
// reflect says which types have the method, and the layout engine gives
// the offsets (on the host arch, whose figures compute has checked against
// the compiler's). A type with no Validate anywhere gets no plan, and its
// casts keep the fast path. A struct whose Validate is promoted from an
// embedded field has it called twice on success, once as the field's and
// once as its own; reflect cannot tell a promoted method from a declared
// one.

// A vplan validates a value of one type: its fields or array elements
// that hold a validator, then the value itself.
type vplan struct {
	parts []vpart
	self  func(p unsafe.Pointer) error // the type's own Validate; nil if none
}

// A vpart is a field (count 1, name set) or the elements of an array
// (count elements stride bytes apart, name "") to validate with plan.
type vpart struct {
	off    uintptr
	stride uintptr
	count  int
	name   string
	plan   *vplan
}

// validation returns the function that validates a T at p, or nil if
// nothing in T has a Validate method. T must be castable.
func validation[T any]() func(p unsafe.Pointer) error {
	var self func(p unsafe.Pointer) error
	if _, ok := any((*T)(nil)).(validator); ok {
		// A direct call, not reflect: T's own method is the common case.
		self = func(p unsafe.Pointer) error { return any((*T)(p)).(validator).Validate() } // safe: p is a T: the checked buffer's, or Read's scratch T
	}
	rt := reflect.TypeFor[T]()
	lt, err := layout.FromReflect(rt)
	if err != nil {
		return self
	}
	pl := planOf(rt, lt, false)
	if pl == nil {
		return self
	}
	pl.self = self
	return pl.run
}

var validatorType = reflect.TypeFor[validator]()

// planOf returns the plan for a value of type rt (lt in the engine's
// tree), or nil if no part of it, and not the value itself when withSelf,
// has a Validate method.
func planOf(rt reflect.Type, lt *layout.Type, withSelf bool) *vplan {
	pl := &vplan{}
	switch {
	case rt.Kind() == reflect.Array && lt.Kind == layout.Array:
		if sub := planOf(rt.Elem(), lt.Elem, true); sub != nil && rt.Len() > 0 {
			stride := layout.ShapeOf(lt.Elem, hostArch).Size
			pl.parts = append(pl.parts, vpart{stride: uintptr(stride), count: rt.Len(), plan: sub})
		}
	case rt.Kind() == reflect.Struct && lt.Kind == layout.Struct && lt.Marker == layout.NoMarker:
		offs := layout.FieldOffsets(lt, hostArch)
		for i := range lt.Fields {
			f := rt.Field(i)
			if sub := planOf(f.Type, lt.Fields[i].Type, true); sub != nil {
				pl.parts = append(pl.parts, vpart{off: uintptr(offs[i]), count: 1, name: f.Name, plan: sub})
			}
		}
	}
	if withSelf && reflect.PointerTo(rt).Implements(validatorType) {
		pl.self = methodOf(rt)
	}
	if len(pl.parts) == 0 && pl.self == nil {
		return nil
	}
	return pl
}

// methodOf returns a function calling the Validate method of *rt on the rt
// at p. The type is known only to reflect, and reflect.NewAt(rt,
// p).Interface().(validator) costs some 80 ns a call, 25 times a cheap
// cast; so the function builds the interface value itself, from the itab
// word of a validator holding a *rt (taken once, here) and p, and calls
// through it, as compiled code would. That relies on an interface value
// being two words, itab then data pointer, which typeKey relies on too;
// methodOf checks it on a real value and uses reflect if it does not hold.
func methodOf(rt reflect.Type) func(p unsafe.Pointer) error {
	slow := func(p unsafe.Pointer) error {
		return reflect.NewAt(rt, p).Interface().(validator).Validate()
	}
	probe := reflect.New(rt)
	actual := probe.Interface().(validator)
	itab := (*[2]unsafe.Pointer)(unsafe.Pointer(&actual))[0] // safe: reads the first word of a two-word interface value
	if made := makeValidator(itab, probe.UnsafePointer()); made != actual {
		return slow
	}
	return func(p unsafe.Pointer) error { return makeValidator(itab, p).Validate() }
}

// makeValidator returns the validator whose itab word is itab and whose
// data word is p.
func makeValidator(itab, p unsafe.Pointer) validator {
	var v validator
	w := (*[2]unsafe.Pointer)(unsafe.Pointer(&v)) // safe: an interface value is two pointer words; methodOf checks it
	w[0], w[1] = itab, p
	return v
}

// run validates the value at p: its parts in order, then itself. An error
// from a part names the part's path.
func (pl *vplan) run(p unsafe.Pointer) error {
	for i := range pl.parts {
		pt := &pl.parts[i]
		run := pt.plan.run
		if len(pt.plan.parts) == 0 { // a leaf: call its method directly
			run = pt.plan.self
		}
		for k := range pt.count {
			if err := run(unsafe.Add(p, pt.off+uintptr(k)*pt.stride)); err != nil { // safe: the engine's offset of part k inside the value at p
				if pt.name != "" {
					return inField(pt.name, err)
				}
				return inElement(k, err)
			}
		}
	}
	if pl.self != nil {
		return pl.self(p)
	}
	return nil
}

// A fieldError is the error of a Validate method of a part of the cast
// type, with the part's path: "Items[1].Kind: ...".
type fieldError struct {
	path  string
	cause error
}

func (e *fieldError) Error() string { return e.path + ": " + e.cause.Error() }
func (e *fieldError) Unwrap() error { return e.cause }

func inField(name string, err error) error {
	if fe, ok := err.(*fieldError); ok { //nolint:errorlint // only this package's own wrapping, one level
		if fe.path[0] == '[' {
			fe.path = name + fe.path
		} else {
			fe.path = name + "." + fe.path
		}
		return fe
	}
	return &fieldError{name, err}
}

func inElement(k int, err error) error {
	idx := "[" + strconv.Itoa(k) + "]"
	if fe, ok := err.(*fieldError); ok { //nolint:errorlint // only this package's own wrapping, one level
		if fe.path[0] == '[' {
			fe.path = idx + fe.path
		} else {
			fe.path = idx + "." + fe.path
		}
		return fe
	}
	return &fieldError{idx, err}
}
