package xml

import "unsafe"

// The decode budget (Limits.MaxAlloc) bounds the memory one document can
// make: not the number of elements, but the bytes of the Go values decoding
// creates. Generated decoders charge it where they allocate, and only
// there: when a list outgrows its capacity (GrowList), when a pointer
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

// GrowList makes room for the rest of a list that is full: n elements of
// size bytes, and the start tag of one more just read. It counts that
// element and its siblings (Decoder.CountSiblings), charges the decode
// budget for the array of all of them, and returns how many elements to add
// (at least one), so that the list is allocated once, not grown by append.
// When the array exceeds what is left it spends the budget and returns the
// tokenizer's error (wrapping ErrBudget).
func (r *Reader) GrowList(n, size int) (int, error) {
	more := r.Dec.CountSiblings()
	c := (n + more) * size
	if c > r.mem || c < 0 {
		r.overBudget()
		return 0, r.Dec.Err()
	}
	r.mem -= c
	return more, nil
}

// growCap is the capacity append gives a slice of capacity n that it grows
// by one element (before rounding up to the allocator's size classes): what
// the lists of unknown children of an Extra grow by.
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
