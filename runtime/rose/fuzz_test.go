package rose

import (
	"context"
	"errors"
	"testing"
	"time"
)

// FuzzEngine drives an Engine with a program read from the input: each
// octet is an operation (start, deliver, deliver without ID, abandon,
// wait with a cancelled context, release, close) on a small ID range, so
// that IDs collide and wrap. It checks that the Engine never panics, that
// Pending always equals the requests the program left pending, that
// Deliver succeeds exactly for pending IDs, and that every Call completes
// exactly once.
func FuzzEngine(f *testing.F) {
	f.Add([]byte{0, 0, 1, 1, 2, 0, 5})
	f.Add([]byte{0, 0x11, 0x21, 0, 3, 4, 6, 0})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x22, 0x32, 2, 3})
	f.Add([]byte{0, 2, 2, 0, 0, 2, 5, 6, 0, 1})
	f.Fuzz(func(t *testing.T, prog []byte) {
		if len(prog) > 4096 {
			return
		}
		const minID, maxID = 3, 10
		e := New(Options{MinID: minID, MaxID: maxID, MaxPending: 6})
		pending := map[int64]*Call{} // started, not completed
		completed := []*Call{}       // completed by Deliver, not yet released
		closed := false
		cancelled, cancel := context.WithCancel(context.Background())
		cancel()
		for i, op := range prog {
			arg := int64(op>>4) + minID - 1 // an ID in and around the range
			switch op & 0x0f {
			case 0: // start
				c, err := e.Start()
				switch {
				case closed:
					var ce *ClosedError
					if !errors.As(err, &ce) {
						t.Fatalf("op %d: Start after Close: %v", i, err)
					}
				case len(pending) >= 6:
					if !errors.Is(err, ErrTooManyPending) {
						t.Fatalf("op %d: Start with %d pending: %v", i, len(pending), err)
					}
				case err != nil:
					t.Fatalf("op %d: Start: %v", i, err)
				default:
					if c.ID < minID || c.ID > maxID || pending[c.ID] != nil {
						t.Fatalf("op %d: Start gave ID %d (pending %v)", i, c.ID, pending)
					}
					pending[c.ID] = c
				}
			case 1, 2, 3: // deliver a result, an error or a reject to arg
				kind := Kind(op&0x0f) + 1
				f := Frame{Kind: kind, ID: arg, HasID: true, Body: []byte{op}}
				want := pending[arg] != nil
				if got := e.Deliver(&f); got != want {
					t.Fatalf("op %d: Deliver(%d) = %v, pending %v", i, arg, got, want)
				}
				if want {
					c := pending[arg]
					delete(pending, arg)
					if err := e.Wait(context.Background(), c); err != nil || c.Kind != kind || len(c.Body) != 1 || c.Body[0] != op {
						t.Fatalf("op %d: Wait after Deliver: %v, %v %v", i, err, c.Kind, c.Body)
					}
					completed = append(completed, c)
				}
			case 4: // a reject without ID
				want := len(pending) == 1
				f := Frame{Kind: KindReject, Body: []byte{op}}
				if got := e.DeliverSole(&f); got != want {
					t.Fatalf("op %d: DeliverSole = %v with %d pending", i, got, len(pending))
				}
				if want {
					for id, c := range pending {
						delete(pending, id)
						if err := e.Wait(context.Background(), c); err != nil || c.Kind != KindReject {
							t.Fatalf("op %d: Wait after DeliverSole: %v, %v", i, err, c.Kind)
						}
						completed = append(completed, c)
					}
				}
			case 5: // abandon arg
				if c := pending[arg]; c != nil {
					delete(pending, arg)
					e.Abandon(c)
				}
			case 6: // wait on arg with a cancelled context: it gives up
				if c := pending[arg]; c != nil {
					delete(pending, arg)
					err := e.Wait(cancelled, c)
					if closed {
						var ce *ClosedError
						if !errors.As(err, &ce) {
							t.Fatalf("op %d: Wait after Close: %v", i, err)
						}
					} else if !errors.Is(err, context.Canceled) {
						t.Fatalf("op %d: Wait(cancelled): %v", i, err)
					}
					e.Release(c)
				}
			case 7: // release the oldest completed call
				if len(completed) > 0 {
					e.Release(completed[0])
					completed = completed[1:]
				}
			case 8: // close
				e.Close(nil)
				if !closed {
					for id, c := range pending {
						delete(pending, id)
						var ce *ClosedError
						if err := e.Wait(context.Background(), c); !errors.As(err, &ce) {
							t.Fatalf("op %d: pending Wait after Close: %v", i, err)
						}
						e.Release(c)
					}
				}
				closed = true
			case 9: // IsPending
				if got := e.IsPending(arg); got != (pending[arg] != nil) {
					t.Fatalf("op %d: IsPending(%d) = %v", i, arg, got)
				}
			}
			if got := e.Pending(); got != len(pending) {
				t.Fatalf("op %d: Pending = %d, program has %d", i, got, len(pending))
			}
		}
		// Every call left pending completes on Close, promptly.
		e.Close(nil)
		for _, c := range pending {
			done := make(chan error, 1)
			go func() { done <- e.Wait(context.Background(), c) }()
			select {
			case err := <-done:
				var ce *ClosedError
				if !errors.As(err, &ce) {
					t.Fatalf("final Wait: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("a pending call did not complete on Close")
			}
		}
	})
}
