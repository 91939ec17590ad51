package erlang

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestTime times the HiPath DeliveredEvent argument and checks that the
// timing run decoded and re-encoded the same octets.
func TestTime(t *testing.T) {
	o, _ := reference(t)
	text, err := os.ReadFile(filepath.Join(sharedDir(t), "corpus", "ber", "089-cSTAEventReport-delivered-1.hex"))
	if err != nil {
		t.Skip(err)
	}
	apdu, err := hex.DecodeString(strings.Join(strings.Fields(string(text)), ""))
	if err != nil {
		t.Fatal(err)
	}
	arg := apdu[10:]
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tm, err := o.Time(ctx, "CSTA-event-report-definitions", "CSTAEventReportArgument", arg, 2000)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d iterations: decode %.0f ns (%.0f heap B), encode %.0f ns (%.0f heap B)",
		tm.N, tm.DecodeNs, tm.DecodeHeapBytes, tm.EncodeNs, tm.EncodeHeapBytes)
	if tm.N != 2000 {
		t.Errorf("N = %d, want 2000", tm.N)
	}
	if tm.DecodeNs <= 0 || tm.EncodeNs <= 0 || tm.DecodeHeapBytes <= 0 || tm.EncodeHeapBytes <= 0 {
		t.Errorf("implausible timing %+v", tm)
	}
	if !bytes.Equal(tm.Encoded, arg) {
		t.Errorf("Erlang's DER differs from the capture: %s", firstDifference(arg, tm.Encoded))
	}
}

func TestTimeErrors(t *testing.T) {
	o, _ := reference(t)
	ctx := context.Background()
	const mod, typ = "CSTA-event-report-definitions", "CSTAEventReportArgument"
	tests := []struct {
		name     string
		mod, typ string
		der      []byte
		n        int
		want     error
	}{
		{"unknown module", "No-such-module", typ, []byte{0x30, 0}, 1, ErrUnknownModule},
		{"bad type name", mod, "bad type", []byte{0x30, 0}, 1, ErrBadRequest},
		{"empty value", mod, typ, nil, 1, ErrTooLarge},
		{"value too large", mod, typ, make([]byte, MaxTimeInput+1), 1, ErrTooLarge},
		{"negative count", mod, typ, []byte{0x30, 0}, -1, ErrBadRequest},
		{"count too large", mod, typ, []byte{0x30, 0}, MaxTimeIterations + 1, ErrBadRequest},
		{"not the type", mod, typ, []byte{0x04, 0x01, 0x00}, 1, ErrErlang},
		{"unknown type", mod, "NoSuchType", []byte{0x30, 0}, 1, ErrErlang},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := o.Time(ctx, tc.mod, tc.typ, tc.der, tc.n)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var re *RequestError
			if !errors.As(err, &re) || re.Op != "time" {
				t.Errorf("err = %#v, want a *RequestError of op time", err)
			}
		})
	}
	t.Run("context done", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := o.Time(ctx, mod, typ, []byte{0x30, 0}, MaxTimeIterations)
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("Time returned %v after its context ended", d)
		}
	})
}

func TestParseTiming(t *testing.T) {
	tests := []struct {
		in   string
		want *Timing
	}{
		{"4 400 800 40 80 8 0a0b", &Timing{N: 4, DecodeNs: 100, EncodeNs: 200, DecodeHeapBytes: 80, EncodeHeapBytes: 160, Encoded: []byte{10, 11}}},
		{"1 0 0 0 0 8 00", &Timing{N: 1, Encoded: []byte{0}}},
		{"0 1 1 1 1 8 00", nil},         // no iterations
		{"4 400 800 40 80 8", nil},      // too few fields
		{"4 400 -8 40 80 8 00", nil},    // negative
		{"4 400 x 40 80 8 00", nil},     // not a number
		{"4 400 800 40 80 8 0g", nil},   // not hex
		{"4 400 800 40 80 8 00 1", nil}, // too many fields
	}
	for _, tc := range tests {
		got, err := parseTiming(tc.in)
		if tc.want == nil {
			if !errors.Is(err, ErrHelper) {
				t.Errorf("parseTiming(%q) = %+v, %v; want ErrHelper", tc.in, got, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseTiming(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("parseTiming(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestLastLine(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"ok 1\n":              "ok 1",
		"warning\nok 1\r\n\n": "ok 1",
		"a\nb":                "b",
	} {
		if got := string(lastLine([]byte(in))); got != want {
			t.Errorf("lastLine(%q) = %q, want %q", in, got, want)
		}
	}
}
