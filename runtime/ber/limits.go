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
}

// DefaultLimits are the limits used when nil *Limits is passed:
// depth 64, 2^20 elements, 16 MiB per element.
var DefaultLimits = Limits{
	MaxDepth:    DefaultMaxDepth,
	MaxElements: DefaultMaxElements,
	MaxLength:   DefaultMaxLength,
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
