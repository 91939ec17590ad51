package framing

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
)

// rw joins a reader and a writer into an io.ReadWriter.
type rw struct {
	io.Reader
	io.Writer
}

func TestAlcatelOXOHandshake(t *testing.T) {
	tests := []struct {
		name    string
		reply   string
		err     error
		written string
	}{
		{"accepted", "P", nil, "B"},
		{"wrong reply", "X", ErrHandshake, "B"},
		{"no reply", "", io.ErrUnexpectedEOF, "B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := AlcatelOXOHandshake(rw{bytes.NewReader([]byte(tt.reply)), &out})
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if out.String() != tt.written {
				t.Errorf("wrote %q, want %q", out.String(), tt.written)
			}
		})
	}
}

// TestOpenBERHandshake runs the Alcatel OXO preamble over a pipe and checks
// that it does not consume the PDU that follows it.
func TestOpenBERHandshake(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	aarq := mustHex(t, "60 09 a1 07 06 05 2b 0c 00 81 5a")
	done := make(chan error, 1)
	go func() {
		_, w, err := OpenBER(server, Options{Handshake: AlcatelOXOAcceptHandshake})
		if err == nil {
			err = w.WritePDU(aarq)
		}
		done <- err
	}()
	r, _, err := OpenBER(client, Options{Handshake: AlcatelOXOHandshake})
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.ReadPDU()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, aarq) {
		t.Errorf("PDU after preamble = %x, want %x", got, aarq)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestOpenBERHandshakeFails(t *testing.T) {
	_, _, err := OpenBER(rw{bytes.NewReader([]byte("Q")), io.Discard}, Options{Handshake: AlcatelOXOHandshake})
	if !errors.Is(err, ErrHandshake) {
		t.Errorf("error = %v, want ErrHandshake", err)
	}
	_, _, err = OpenBER(rw{bytes.NewReader([]byte("P")), io.Discard}, Options{Handshake: AlcatelOXOAcceptHandshake})
	if !errors.Is(err, ErrHandshake) {
		t.Errorf("accept side error = %v, want ErrHandshake", err)
	}
}
