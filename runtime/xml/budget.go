package xml

import "unsafe"

// The decode budget (Limits.MaxAlloc) bounds the memory one document can
// make: not the number of elements, but the bytes of the Go values decoding
// creates. Generated decoders charge it where they allocate, and only
// there: when a list outgrows its capacity (Grow), when a pointer
// component or CHOICE alternative is made for the first time (Charge); the
// Reader charges its arena (text that had to be decoded, self-contained
// copies of unknown elements) and the lists of unknown children of an
// Extra itself. Decoding into a value that already has the capacity, as a
// reused value has in the steady state, charges nothing.

// Charge takes n bytes from the decode budget, for a value about to be
// allocated. Once the budget is spent the tokenizer fails: every later read
// returns a *SyntaxError wrapping ErrBudget, so the document cannot decode;
// Charge itself reports nothing, so that it can stand in front of an
// allocation without an error path of its own.
func (r *Reader) Charge(n int) {
	if n > r.mem || n < 0 {
		r.overBudget()
		return
	}
	r.mem -= n
}

//go:noinline
func (r *Reader) overBudget() {
	r.mem = -1
	r.Dec.fail(r.Dec.InputOffset(), ErrBudget, "decode budget exceeded (Limits.MaxAlloc)")
}

// Grow charges the decode budget for appending one element to a list whose
// capacity is n and whose elements take size bytes: the bytes of the array
// append then allocates. When they exceed what is left it spends the budget
// and returns the tokenizer's error (wrapping ErrBudget).
func (r *Reader) Grow(n, size int) error {
	c := growCap(n) * size
	if c > r.mem || c < 0 {
		r.overBudget()
		return r.Dec.Err()
	}
	r.mem -= c
	return nil
}

// growCap is the capacity append gives a slice of capacity n that it grows
// by one element (before rounding up to the allocator's size classes), as
// ber.GrowCap.
func growCap(n int) int {
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

// Keeps reports whether a list whose array takes n bytes may keep it for
// this document (Limits.MaxKeep); otherwise generated decoders drop it and
// start afresh.
func (r *Reader) Keeps(n int) bool { return n <= r.maxKeep }

// Budget returns the bytes left in the decode budget of the current
// document (negative once it is spent).
func (r *Reader) Budget() int { return r.mem }

// sliceHeader is the size of a []byte, what an Extra keeps per unknown child.
const sliceHeader = int(unsafe.Sizeof([]byte(nil)))
