package ber

// The decode budget (Limits.MaxAlloc) bounds the memory a message can make:
// not the number of elements, which a list of two-octet items makes cheap on
// the wire, but the bytes of the Go values decoding creates. Generated
// decoders charge it where they allocate, and only there: when a list
// outgrows its capacity (GrowList), when a pointer component or CHOICE
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

// GrowList makes room for the rest of a list that is full: n elements of
// size bytes, and the elements left at r's level, the next of which is to
// be the list's next element. It counts those (Count, at least one),
// charges the decode budget for the array of all of them, and returns how
// many elements to add, so that the list is allocated once, not grown by
// append. When the array exceeds what is left it returns an *Error wrapping
// ErrBudget and spends the budget, so that no later read succeeds.
func (r *Reader) GrowList(n, size int) (int, error) {
	more := max(r.Count(), 1)
	c := (n + more) * size
	if c > int(r.mem) || c < 0 {
		r.overBudget()
		return 0, newError(r.Offset(), ErrBudget)
	}
	r.mem -= int32(c)
	return more, nil
}

// Count returns the number of elements left at r's level. It consumes
// nothing and stops before the first element whose header is malformed, or
// breaks a limit, or runs past the input (reading it then reports the
// fault). Each element costs a header, and an indefinite-length one the walk
// to its end-of-contents octets.
func (r *Reader) Count() int {
	c := *r
	n := 0
	for len(c.s) > 0 {
		_, _, _, tl, err := c.head()
		if err != nil {
			break
		}
		c.s = c.s[tl:]
		n++
	}
	return n
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
