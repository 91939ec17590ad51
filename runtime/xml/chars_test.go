package xml

import (
	"math/rand/v2"
	"testing"
)

// TestRuns checks the word-at-a-time scanners against byte-at-a-time
// references: every byte value at every position of runs of every length
// up to 20 bytes, then random runs.
func TestRuns(t *testing.T) {
	ref := func(w []byte, i int, class uint8, want bool) int {
		for i < len(w) && (cls[w[i]]&class != 0) == want {
			i++
		}
		return i
	}
	check := func(w []byte, i int) {
		t.Helper()
		if got, want := textRun(w, i), ref(w, i, cText, false); got != want {
			t.Fatalf("textRun(%q, %d) = %d, want %d", w, i, got, want)
		}
		if got, want := attrRun(w, i), ref(w, i, cAttr, false); got != want {
			t.Fatalf("attrRun(%q, %d) = %d, want %d", w, i, got, want)
		}
		if got, want := nameRun(w, i), ref(w, i, cNameNC, true); got != want {
			t.Fatalf("nameRun(%q, %d) = %d, want %d", w, i, got, want)
		}
		for _, attr := range []bool{false, true} {
			want := i
			for want < len(w) && w[want] != '&' && w[want] != '\r' && !(attr && (w[want] == '\n' || w[want] == '\t')) {
				want++
			}
			if got := plainRun(w, i, attr); got != want {
				t.Fatalf("plainRun(%q, %d, %v) = %d, want %d", w, i, attr, got, want)
			}
		}
	}
	for n := 0; n <= 20; n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				w := make([]byte, n)
				for k := range w {
					w[k] = 'a'
				}
				w[pos] = byte(c)
				check(w, 0)
				check(w, pos)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab1-._:\t\n\r <>&]\"'\x00\x1f\x7f\x80\xff")
	for range 20000 {
		w := make([]byte, r.IntN(40))
		for k := range w {
			w[k] = alphabet[r.IntN(len(alphabet))]
		}
		check(w, 0)
		if len(w) > 0 {
			check(w, r.IntN(len(w)))
		}
	}
}
