package ber

// Default limits, used for every Limits field left at zero.
const (
	// DefaultMaxDepth bounds nesting. CSTA PDUs nest about 12 deep
	// (ROSE Invoke / event / SEQUENCE / CHOICE / ...); 64 leaves room for
	// private data while keeping recursion shallow.
	DefaultMaxDepth = 64
	// DefaultMaxElements bounds the number of elements read (and walked while
	// looking for end-of-contents) per top-level Reader.
	DefaultMaxElements = 1 << 20
	// DefaultMaxLength bounds the contents length of a single element.
	DefaultMaxLength = 16 << 20
	// DefaultAllocBase and DefaultAllocPerByte make the default decode
	// budget (Limits.MaxAlloc) of an input of n bytes:
	// DefaultAllocBase + DefaultAllocPerByte*n bytes of Go values.
	// Decoding a message of the corpus into a fresh csta.PDU allocates at
	// most 11 KiB (and a CSTA-XML one into a fresh XMLMessage 18 KiB), most
	// of it the table of reused values and the first value of the
	// operation; the base leaves room for far larger messages of real
	// content (lists of devices, calls, buttons), while 1 MiB of tiny list
	// items stops at about 8 MiB instead of the 776 MiB it peaked at
	// without a budget.
	DefaultAllocBase    = 256 << 10
	DefaultAllocPerByte = 8
	// DefaultMaxKeep bounds the capacity, in bytes, that a decoded list
	// keeps for reuse by the next decoding into the same value
	// (Limits.MaxKeep).
	DefaultMaxKeep = 64 << 10
)

// Limits bounds the resources a decode may use, so that hostile input fails
// fast with a typed error instead of exhausting memory, stack or time. A zero
// field means the corresponding default.
type Limits struct {
	// MaxDepth is the deepest nesting allowed: an element whose enclosing
	// elements number MaxDepth or more is rejected with ErrTooDeep.
	MaxDepth int
	// MaxElements is the number of elements a Reader tree may read in total,
	// counting the elements walked while locating the end-of-contents of an
	// indefinite length (a measure of work); more gives ErrTooManyElements.
	MaxElements int
	// MaxLength is the longest contents an element may have; a longer one
	// gives ErrTooLong.
	MaxLength int
	// MaxAlloc is the decode budget: the bytes of Go values a decode may
	// allocate, weighted by their size (a list that grows is charged the
	// size of its element type times its new capacity, a pointer component
	// or CHOICE alternative made for the first time the size of its type,
	// a constructed string or an OBJECT IDENTIFIER the array it needs).
	// Capacity reused from an earlier decoding into the same value costs
	// nothing. More gives ErrBudget. Zero means DefaultAllocBase +
	// DefaultAllocPerByte times the length of the input.
	MaxAlloc int
	// MaxKeep is the capacity, in bytes, that a list may keep from one
	// decoding to the next: a list whose capacity (times the size of its
	// element type) exceeds it is dropped when the next decoding into the
	// same value reaches it, so that one huge message does not pin its
	// memory in a reused value. Zero means DefaultMaxKeep.
	MaxKeep int
}

// DefaultLimits are the limits used when nil *Limits is passed:
// depth 64, 2^20 elements, 16 MiB per element, a budget of 256 KiB plus 8
// bytes per input byte, 64 KiB of list capacity kept between decodings.
var DefaultLimits = Limits{
	MaxDepth:    DefaultMaxDepth,
	MaxElements: DefaultMaxElements,
	MaxLength:   DefaultMaxLength,
	MaxKeep:     DefaultMaxKeep,
}

// budget returns the effective MaxAlloc and MaxKeep of lim for an input of
// n bytes, saturated to fit the Reader's fields.
func (lim *Limits) budget(n int) (alloc, keep int) {
	if lim == nil {
		lim = &DefaultLimits
	}
	alloc, keep = lim.MaxAlloc, lim.MaxKeep
	if alloc <= 0 {
		alloc = DefaultAllocBase + DefaultAllocPerByte*min(n, 1<<31)
	}
	if keep <= 0 {
		keep = DefaultMaxKeep
	}
	return min(alloc, 1<<31-1), min(keep, 1<<31-1)
}

// resolve returns the effective limits of lim.
func (lim *Limits) resolve() (depth, elems, length int) {
	if lim == nil {
		lim = &DefaultLimits
	}
	depth, elems, length = lim.MaxDepth, lim.MaxElements, lim.MaxLength
	if depth <= 0 {
		depth = DefaultMaxDepth
	}
	if elems <= 0 {
		elems = DefaultMaxElements
	}
	if length <= 0 {
		length = DefaultMaxLength
	}
	// The Reader keeps these in narrow fields.
	depth = min(depth, 1<<15-1)
	elems = min(elems, 1<<31-1)
	length = min(length, 1<<31-1)
	return depth, elems, length
}
