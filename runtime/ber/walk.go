package ber

// WalkTLV walks every element of src, descending into every constructed one,
// and returns how many elements it saw. src may hold several top-level
// elements. It validates what a Reader validates when every element is read
// with ReadAny (identifier and length octets, lengths against the available
// input and Limits.MaxLength, end-of-contents placement, nesting against
// Limits.MaxDepth, the element count against Limits.MaxElements) and nothing
// about contents. It is the speed floor for decoding and a cheap
// well-formedness check. It allocates only when lim.MaxDepth exceeds 64.
func WalkTLV(src []byte, lim *Limits) (elements int, err error) {
	maxDepth, maxElems, maxLen := lim.resolve()
	// stack holds the end of each enclosing level. Its length is the number
	// of levels that may hold elements below the top one, so the bounds
	// check on a push is the depth check.
	var stackBuf [DefaultMaxDepth - 1]int
	var stack []int
	if maxDepth-1 <= len(stackBuf) {
		stack = stackBuf[:maxDepth-1]
	} else {
		stack = make([]int, maxDepth-1)
	}
	// Short-form lengths below shortMax need no MaxLength check.
	shortMax := byte(0x80)
	if maxLen < 0x80 {
		shortMax = byte(maxLen + 1)
	}
	budget := maxElems
	depth := 0
	// end is the end of the current level; a negative end marks an
	// indefinite-length level whose contents may run up to ^end.
	pos, end := 0, len(src)
	for {
		bound := end
		if pos >= end {
			if end >= 0 {
				if depth == 0 {
					return maxElems - budget, nil
				}
				depth--
				end = stack[depth]
				continue
			}
			bound = ^end
			if pos >= bound {
				return maxElems - budget, newError(pos, errMissingEOC)
			}
			if src[pos] == 0 {
				// X.690 8.1.5: end-of-contents closes the level.
				if pos+1 >= bound {
					return maxElems - budget, newError(pos, ErrTruncated)
				}
				if src[pos+1] != 0 {
					return maxElems - budget, newError(pos, errEOCLength)
				}
				pos += 2
				depth--
				end = stack[depth]
				continue
			}
		}
		if budget == 0 {
			return maxElems - budget, newError(pos, ErrTooManyElements)
		}
		budget--
		b0 := src[pos]
		var hl, n int
		if b0&0x1f != 0x1f && pos+1 < bound && src[pos+1] < shortMax && b0&0xdf != 0 {
			// One identifier octet, short-form length (X.690 8.1.2.2, 8.1.3.4).
			hl, n = 2, int(src[pos+1])
		} else {
			t, tn, err := parseTag(src[pos:bound])
			if err != nil {
				return maxElems - budget, newError(pos, err)
			}
			if t&^Constructed == 0 {
				return maxElems - budget, newError(pos, errUnexpectedEOC)
			}
			v, ln, err := parseLength(src[pos+tn : bound])
			if err != nil {
				return maxElems - budget, newError(pos, err)
			}
			hl, n = tn+ln, v
			if v < 0 {
				// X.690 8.1.3.6: indefinite length, constructed only.
				if t&Constructed == 0 {
					return maxElems - budget, newError(pos, errIndefPrimitive)
				}
				pos += hl
				if depth >= len(stack) {
					if pos+1 < bound && src[pos] == 0 && src[pos+1] == 0 {
						pos += 2 // empty: no level to enter
						continue
					}
					return maxElems - budget, newError(pos, ErrTooDeep)
				}
				stack[depth] = end
				depth++
				end = ^bound
				continue
			}
			if v > bound-pos-hl {
				return maxElems - budget, newError(pos, ErrTruncated)
			}
			if v > maxLen {
				return maxElems - budget, newError(pos, ErrTooLong)
			}
		}
		if n > bound-pos-hl {
			return maxElems - budget, newError(pos, ErrTruncated)
		}
		pos += hl
		if b0&0x20 == 0 || n == 0 {
			pos += n
			continue
		}
		if depth >= len(stack) {
			return maxElems - budget, newError(pos, ErrTooDeep)
		}
		stack[depth] = end
		depth++
		end = pos + n
	}
}
