package rose

// Allocator hands out invoke IDs from the range [min, max] and remembers, for
// each ID handed out and not yet removed, a value (the pending request). It
// never hands out an ID that is still held, and it walks the range round
// robin, so that an ID freed by a timed-out request is reused as late as
// possible (a reply arriving after its request gave up then most likely
// finds no request at all rather than the wrong one).
//
// ROSE leaves the values open (X.880 clause 9.2: InvokeId ::= CHOICE
// { present INTEGER, absent NULL }); CSTA-XML carries them as four ASCII
// digits, 1..9998 for requests (ECMA-323 Annex J, 9999 marks events).
//
// An Allocator is not safe for concurrent use; the Engine guards its own.
type Allocator[V any] struct {
	min, max int64
	next     int64
	held     map[int64]V
}

// NewAllocator returns an Allocator of the IDs min..max. It panics if
// min > max, a programming error.
func NewAllocator[V any](min, max int64) *Allocator[V] {
	if min > max {
		panic("rose: NewAllocator with min > max")
	}
	return &Allocator[V]{min: min, max: max, next: min, held: make(map[int64]V)}
}

// Acquire reserves a free ID for v and returns it; ok is false when every
// ID of the range is held. It looks at no more than Len()+1 candidates.
func (a *Allocator[V]) Acquire(v V) (id int64, ok bool) {
	size := uint64(a.max-a.min) + 1 // wraps to 0 for the full int64 range
	if size != 0 && uint64(len(a.held)) >= size {
		return 0, false
	}
	for range len(a.held) + 1 {
		id = a.next
		if a.next == a.max {
			a.next = a.min
		} else {
			a.next++
		}
		if _, busy := a.held[id]; !busy {
			a.held[id] = v
			return id, true
		}
	}
	// Unreachable: among Len()+1 consecutive IDs of a range larger than
	// Len(), one is free.
	return 0, false
}

// Lookup returns the value held under id.
func (a *Allocator[V]) Lookup(id int64) (v V, ok bool) {
	v, ok = a.held[id]
	return v, ok
}

// Remove frees id and returns the value it held; ok is false when id was
// not held.
func (a *Allocator[V]) Remove(id int64) (v V, ok bool) {
	v, ok = a.held[id]
	if ok {
		delete(a.held, id)
	}
	return v, ok
}

// Len returns the number of IDs held.
func (a *Allocator[V]) Len() int { return len(a.held) }

// Range returns the bounds given to NewAllocator.
func (a *Allocator[V]) Range() (min, max int64) { return a.min, a.max }

// Drain frees every ID, calling f (if not nil) with each held value.
func (a *Allocator[V]) Drain(f func(id int64, v V)) {
	for id, v := range a.held {
		delete(a.held, id)
		if f != nil {
			f(id, v)
		}
	}
}
