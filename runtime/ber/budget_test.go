package ber

import (
	"errors"
	"testing"
)

// TestCount: Count counts the elements left at the Reader's level, whatever
// their length form, stops before the first one it cannot read, and
// consumes nothing.
func TestCount(t *testing.T) {
	long := append([]byte{0x04, 0x81, 0x80}, make([]byte, 0x80)...)
	for _, tc := range []struct {
		name string
		in   []byte
		want int
	}{
		{"empty", nil, 0},
		{"one", []byte{0x02, 0x01, 0x05}, 1},
		{"three", []byte{0x02, 0x01, 0x05, 0x05, 0x00, 0x30, 0x03, 0x02, 0x01, 0x01}, 3},
		{"long form", append(append([]byte{}, long...), long...), 2},
		{"indefinite", []byte{0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00, 0x05, 0x00}, 2},
		{"high tag number", []byte{0x9f, 0x81, 0x00, 0x00, 0x05, 0x00}, 2},
		{"truncated third", []byte{0x05, 0x00, 0x05, 0x00, 0x04, 0x05, 0x01}, 2},
		{"end-of-contents", []byte{0x05, 0x00, 0x00, 0x00}, 1},
		{"missing end-of-contents", []byte{0x05, 0x00, 0x30, 0x80, 0x05, 0x00}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(tc.in, nil)
			if got := r.Count(); got != tc.want {
				t.Errorf("Count = %d, want %d", got, tc.want)
			}
			if r.Len() != len(tc.in) {
				t.Errorf("Count consumed %d bytes", len(tc.in)-r.Len())
			}
		})
	}
}

// TestGrowList: GrowList returns the elements left (at least one) and
// charges the array of the whole list once; past the budget it fails with
// ErrBudget and charges nothing.
func TestGrowList(t *testing.T) {
	in := []byte{0x05, 0x00, 0x05, 0x00, 0x05, 0x00}
	r := NewReader(in, &Limits{MaxAlloc: 1000})
	before := r.Budget()
	more, err := r.GrowList(2, 100)
	if err != nil || more != 3 {
		t.Fatalf("GrowList(2, 100) = %d, %v; want 3, nil", more, err)
	}
	if got := before - r.Budget(); got != 500 {
		t.Errorf("charged %d bytes, want 500 (5 elements of 100)", got)
	}
	if _, err := r.GrowList(2, 1000); !errors.Is(err, ErrBudget) {
		t.Errorf("GrowList over the budget: %v, want ErrBudget", err)
	}

	// Nothing readable left: one element, which decoding then reports.
	bad := NewReader([]byte{0x04, 0x05}, nil)
	if more, err := bad.GrowList(0, 8); err != nil || more != 1 {
		t.Errorf("GrowList before a truncated element = %d, %v; want 1, nil", more, err)
	}
}
