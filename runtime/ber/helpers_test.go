package ber

import (
	"encoding/hex"
	"strings"
	"testing"
)

// h decodes hex written with optional spaces.
func h(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// hx formats b as spaced hex for messages.
func hx(b []byte) string {
	var sb strings.Builder
	for i, c := range b {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(hex.EncodeToString([]byte{c}))
	}
	return sb.String()
}

// put runs a backward writer into an exactly sized buffer and checks that
// it filled the buffer completely.
func put(t *testing.T, size int, f func(b []byte, i int) int) []byte {
	t.Helper()
	b := make([]byte, size)
	if i := f(b, len(b)); i != 0 {
		t.Fatalf("writer started at %d, want 0 (size %d, wrote % x)", i, size, b)
	}
	return b
}
