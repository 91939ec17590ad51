package ber

// The decode budget (Limits.MaxAlloc) bounds the memory a message can make:
// not the number of elements, which a list of two-octet items makes cheap on
// the wire, but the bytes of the Go values decoding creates. Generated
// decoders charge it where they allocate, and only there: when a list
// outgrows its capacity (Grow), when a pointer component or CHOICE
// alternative is made for the first time (Charge); the Reader charges the
// arrays of constructed strings and OBJECT IDENTIFIERs itself. Decoding
// into a value that already has the capacity, as a reused value has in the
// steady state, charges nothing.

// Charge takes n bytes from the decode budget, for a value about to be
// allocated. Once the budget is spent every later read, Finish and End fail
// with ErrBudget, so the decode cannot succeed; Charge itself reports
// nothing, so that it can stand in front of an allocation without an error
// path of its own.
func (r *Reader) Charge(n int) {
	if n > int(r.mem) {
		r.overBudget()
		return
	}
	r.mem -= int32(n)
}

// overBudget spends the budget: mem below zero, and no element may be read
// (the slow path that then runs reports ErrBudget).
//
//go:noinline
func (r *Reader) overBudget() {
	r.mem = -1
	r.budget = 0
}

// budgetErr is the error of a read that found no element budget: ErrBudget
// when the decode budget is what ran out.
func (r *Reader) budgetErr() error {
	if r.mem < 0 {
		return ErrBudget
	}
	return ErrTooManyElements
}

// Grow charges the decode budget for appending one element to a list whose
// capacity is n and whose elements take size bytes: the bytes of the array
// append then allocates (the capacity it grows to times size). It returns
// an *Error wrapping ErrBudget, and charges nothing, when they exceed what
// is left.
func (r *Reader) Grow(n, size int) error {
	c := GrowCap(n) * size
	if c > int(r.mem) || c < 0 {
		r.overBudget()
		return newError(r.Offset(), ErrBudget)
	}
	r.mem -= int32(c)
	return nil
}

// GrowCap is the capacity append gives a slice of capacity n that it grows
// by one element (before rounding up to the allocator's size classes).
func GrowCap(n int) int {
	const threshold = 256
	switch {
	case n == 0:
		return 1
	case n < threshold:
		return 2 * n
	}
	c := n
	for c <= n {
		c += (c + 3*threshold) >> 2
	}
	return c
}

// Keeps reports whether a list whose array takes n bytes (its capacity
// times the size of its element type) may keep it for this decoding
// (Limits.MaxKeep); otherwise generated decoders drop it and start afresh.
// It is meant for a Reader from NewReader, narrowed with Enter, as
// generated code has: a sub-Reader (ReadElement, ReadAny, ...) keeps
// nothing.
func (r *Reader) Keeps(n int) bool { return n <= int(r.keep) }

// Budget returns the bytes left in the decode budget (negative once it is
// spent).
func (r *Reader) Budget() int { return int(r.mem) }

// ChargeGrown charges the array of a buffer that grew from capacity old to
// capacity cur (elements of size bytes), after the fact, as Charge does:
// for buffers whose growth is bounded by the input (the segments of a
// constructed string, the arcs of an OBJECT IDENTIFIER).
func (r *Reader) ChargeGrown(old, cur, size int) {
	if cur != old {
		r.Charge(cur * size)
	}
}
