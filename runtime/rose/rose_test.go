package rose

import (
	"context"
	"errors"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestAllocator(t *testing.T) {
	tests := []struct {
		name     string
		min, max int64
		ops      []string // "a" acquire, "rN" remove N
		want     []int64  // IDs acquired, -1 for a failed Acquire
	}{
		{"sequential", 1, 9998, []string{"a", "a", "a"}, []int64{1, 2, 3}},
		{"wraps at max", 1, 3, []string{"a", "a", "a", "r1", "r2", "a", "a"}, []int64{1, 2, 3, 1, 2}},
		{"full range fails", 1, 2, []string{"a", "a", "a"}, []int64{1, 2, -1}},
		{"skips held IDs", 1, 4, []string{"a", "a", "a", "r2", "a", "a"}, []int64{1, 2, 3, 4, 2}},
		{"single ID", 7, 7, []string{"a", "a", "r7", "a"}, []int64{7, -1, 7}},
		{"never reuses a held ID", 1, 3, []string{"a", "a", "a", "r3", "a", "a"}, []int64{1, 2, 3, 3, -1}},
		{"negative range", -2, -1, []string{"a", "a", "r-2", "a"}, []int64{-2, -1, -2}},
		{"whole int64 range", math.MinInt64, math.MaxInt64, []string{"a", "a"}, []int64{math.MinInt64, math.MinInt64 + 1}},
		{"top of int64 wraps", math.MaxInt64 - 1, math.MaxInt64, []string{"a", "a", "r9223372036854775806", "a"}, []int64{math.MaxInt64 - 1, math.MaxInt64, math.MaxInt64 - 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAllocator[string](tt.min, tt.max)
			var got []int64
			for _, op := range tt.ops {
				if op == "a" {
					id, ok := a.Acquire("v")
					if !ok {
						id = -1
					}
					got = append(got, id)
					continue
				}
				var id int64
				for _, c := range op[1:] {
					if c == '-' {
						continue
					}
					id = id*10 + int64(c-'0')
				}
				if op[1] == '-' {
					id = -id
				}
				if _, ok := a.Remove(id); !ok {
					t.Fatalf("Remove(%d): not held", id)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("acquired IDs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAllocatorDrain(t *testing.T) {
	a := NewAllocator[int](1, 10)
	for i := range 5 {
		a.Acquire(i)
	}
	var sum int
	a.Drain(func(_ int64, v int) { sum += v })
	if sum != 0+1+2+3+4 || a.Len() != 0 {
		t.Errorf("Drain: sum %d, Len %d", sum, a.Len())
	}
	if min, max := a.Range(); min != 1 || max != 10 {
		t.Errorf("Range = %d, %d", min, max)
	}
}

func TestOptionsResolve(t *testing.T) {
	tests := []struct {
		name string
		in   Options
		want Options
	}{
		{"zero", Options{}, Options{MinID: 1, MaxID: DefaultMaxID, MaxPending: DefaultMaxPending}},
		{"xml range", Options{MinID: 1, MaxID: 9998}, Options{MinID: 1, MaxID: 9998, MaxPending: DefaultMaxPending}},
		{"pending capped by range", Options{MinID: 1, MaxID: 3, MaxPending: 10}, Options{MinID: 1, MaxID: 3, MaxPending: 3}},
		{"inverted range", Options{MinID: 9, MaxID: 3}, Options{MinID: 1, MaxID: DefaultMaxID, MaxPending: DefaultMaxPending}},
		{"only min", Options{MinID: 100}, Options{MinID: 100, MaxID: DefaultMaxID, MaxPending: DefaultMaxPending}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.in.resolve()); diff != "" {
				t.Errorf("resolve (-want +got):\n%s", diff)
			}
		})
	}
}

// chanReader is a Reader fed through a channel; a closed channel is io.EOF.
type chanReader chan Frame

func (r chanReader) ReadFrame(f *Frame) error {
	x, ok := <-r
	if !ok {
		return io.EOF
	}
	*f = x
	return nil
}

// recorder is a Handler that records what it receives.
type recorder struct {
	mu        sync.Mutex
	invokes   []string
	unmatched []int64
}

func (h *recorder) HandleInvoke(f *Frame) {
	h.mu.Lock()
	h.invokes = append(h.invokes, string(f.Body))
	h.mu.Unlock()
}

func (h *recorder) HandleUnmatched(f *Frame) {
	h.mu.Lock()
	h.unmatched = append(h.unmatched, f.ID)
	h.mu.Unlock()
}

func (h *recorder) snapshot() ([]string, []int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.invokes...), append([]int64(nil), h.unmatched...)
}

// serve runs e.Serve on r and returns a function that ends it and waits.
func serve(t *testing.T, e *Engine, r chanReader, h Handler) func() {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- e.Serve(r, h) }()
	return func() {
		close(r)
		select {
		case err := <-done:
			if !errors.Is(err, io.EOF) {
				t.Errorf("Serve returned %v, want io.EOF", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Serve did not return")
		}
	}
}

func TestOutOfOrderRepliesAndEvents(t *testing.T) {
	e := New(Options{MinID: 1, MaxID: 9998, Timeout: 5 * time.Second})
	r := make(chanReader)
	h := &recorder{}
	stop := serve(t, e, r, h)
	defer stop()

	const n = 20
	sent := make(chan int64, n)
	var wg sync.WaitGroup
	results := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := e.Do(context.Background(), func(id int64) error { sent <- id; return nil })
			if err != nil {
				t.Errorf("request %d: %v", i, err)
				return
			}
			results[i] = string(c.Body)
			if c.Kind != KindResult {
				t.Errorf("request %d: kind %v", i, c.Kind)
			}
			e.Release(c)
		}()
	}
	// Collect all IDs, then answer in reverse order with an event between
	// every two replies: each caller must get the reply to its own ID.
	ids := make([]int64, 0, n)
	for range n {
		ids = append(ids, <-sent)
	}
	for i := len(ids) - 1; i >= 0; i-- {
		r <- Frame{Kind: KindInvoke, Body: []byte("event")}
		r <- Frame{Kind: KindResult, ID: ids[i], HasID: true, Body: []byte{byte(ids[i])}}
	}
	wg.Wait()
	// Each caller got the body carrying its own ID: map ID -> body check.
	seen := map[string]bool{}
	for _, b := range results {
		if len(b) != 1 || seen[b] {
			t.Fatalf("results %q: each caller must get a distinct reply", results)
		}
		seen[b] = true
	}
	invokes, unmatched := h.snapshot()
	if len(invokes) != n || len(unmatched) != 0 {
		t.Errorf("handler got %d invokes, %d unmatched; want %d, 0", len(invokes), len(unmatched), n)
	}
	if p := e.Pending(); p != 0 {
		t.Errorf("Pending = %d after all replies", p)
	}
}

func TestReplyKinds(t *testing.T) {
	for _, k := range []Kind{KindResult, KindError, KindReject} {
		t.Run(k.String(), func(t *testing.T) {
			e := New(Options{})
			c, err := e.Do(context.Background(), func(id int64) error {
				// Deliver synchronously, before Wait starts: the buffered
				// completion must not be lost.
				if !e.Deliver(&Frame{Kind: k, ID: id, HasID: true, Body: []byte("x")}) {
					t.Error("Deliver found no pending request")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if c.Kind != k || string(c.Body) != "x" {
				t.Errorf("got %v %q", c.Kind, c.Body)
			}
			e.Release(c)
		})
	}
}

func TestDeliverIgnores(t *testing.T) {
	e := New(Options{})
	c, err := e.Start()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Frame{
		{Kind: KindInvoke, ID: c.ID, HasID: true},
		{Kind: KindResult, ID: c.ID},
		{Kind: KindResult, ID: c.ID + 1, HasID: true},
	} {
		if e.Deliver(&f) {
			t.Errorf("Deliver(%+v) = true", f)
		}
	}
	e.Abandon(c)
	if e.Pending() != 0 {
		t.Errorf("Pending = %d after Abandon", e.Pending())
	}
}

func TestTimeoutThenLateReply(t *testing.T) {
	e := New(Options{Timeout: 20 * time.Millisecond})
	r := make(chanReader)
	h := &recorder{}
	stop := serve(t, e, r, h)
	defer stop()

	var id int64
	start := time.Now()
	_, err := e.Do(context.Background(), func(i int64) error { id = i; return nil })
	var te *TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a *TimeoutError", err)
	}
	if te.ID != id || !te.Timeout() {
		t.Errorf("TimeoutError = %+v", te)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timeout took %v", d)
	}
	r <- Frame{Kind: KindResult, ID: id, HasID: true}
	// A second frame makes sure the first was handled.
	r <- Frame{Kind: KindInvoke, Body: []byte("sync")}
	deadline := time.Now().Add(5 * time.Second)
	for {
		invokes, unmatched := h.snapshot()
		if len(invokes) == 1 {
			if diff := cmp.Diff([]int64{id}, unmatched); diff != "" {
				t.Errorf("unmatched (-want +got):\n%s", diff)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("handler not called")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestContextCancel(t *testing.T) {
	e := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := e.Do(ctx, func(int64) error { return nil })
		errc <- err
	}()
	for e.Pending() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Do did not return after cancel")
	}
	if e.Pending() != 0 {
		t.Errorf("Pending = %d after cancel", e.Pending())
	}
	// An already-cancelled context does not even start a request.
	_, err := e.Do(ctx, func(int64) error { t.Error("send called"); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestSendError(t *testing.T) {
	e := New(Options{})
	boom := errors.New("write failed")
	_, err := e.Do(context.Background(), func(int64) error { return boom })
	if err != boom {
		t.Errorf("err = %v, want the send error", err)
	}
	if e.Pending() != 0 {
		t.Errorf("Pending = %d", e.Pending())
	}
}

func TestClose(t *testing.T) {
	e := New(Options{})
	cause := errors.New("peer vanished")
	const n = 5
	errc := make(chan error, n)
	for range n {
		go func() {
			_, err := e.Do(context.Background(), func(int64) error { return nil })
			errc <- err
		}()
	}
	for e.Pending() < n {
		time.Sleep(time.Millisecond)
	}
	e.Close(cause)
	e.Close(errors.New("second close is ignored"))
	for range n {
		select {
		case err := <-errc:
			var ce *ClosedError
			if !errors.As(err, &ce) || !errors.Is(err, ErrClosed) || !errors.Is(err, cause) {
				t.Errorf("err = %v, want a *ClosedError wrapping the cause", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("pending request not failed by Close")
		}
	}
	select {
	case <-e.Done():
	default:
		t.Error("Done not closed")
	}
	if _, err := e.Start(); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: %v", err)
	}
	if err := e.Err(); !errors.Is(err, cause) {
		t.Errorf("Err = %v", err)
	}
	if got := (&ClosedError{}).Error(); got != "rose: association closed" {
		t.Errorf("ClosedError{} = %q", got)
	}
}

func TestServeClosesOnReadError(t *testing.T) {
	e := New(Options{})
	r := make(chanReader)
	done := make(chan error, 1)
	go func() { done <- e.Serve(r, &recorder{}) }()
	errc := make(chan error, 1)
	go func() {
		_, err := e.Do(context.Background(), func(int64) error { return nil })
		errc <- err
	}()
	for e.Pending() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(r)
	if err := <-done; err != io.EOF {
		t.Errorf("Serve = %v", err)
	}
	if err := <-errc; !errors.Is(err, ErrClosed) || !errors.Is(err, io.EOF) {
		t.Errorf("pending request: %v", err)
	}
}

func TestMaxPending(t *testing.T) {
	e := New(Options{MinID: 1, MaxID: 9998, MaxPending: 3})
	var calls []*Call
	for range 3 {
		c, err := e.Start()
		if err != nil {
			t.Fatal(err)
		}
		calls = append(calls, c)
	}
	if _, err := e.Start(); err != ErrTooManyPending {
		t.Errorf("4th Start: %v, want ErrTooManyPending", err)
	}
	e.Abandon(calls[1])
	c, err := e.Start()
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != 4 {
		t.Errorf("next ID = %d, want 4 (round robin)", c.ID)
	}
}

// TestRaceReplyVersusTimeout makes replies and timeouts collide: every
// request must end exactly once, either way, and nothing may stay pending.
func TestRaceReplyVersusTimeout(t *testing.T) {
	e := New(Options{MinID: 1, MaxID: 9998, Timeout: time.Millisecond})
	r := make(chanReader, 64)
	h := &recorder{}
	stop := serve(t, e, r, h)
	var ok, timedOut atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				c, err := e.Do(context.Background(), func(id int64) error {
					r <- Frame{Kind: KindResult, ID: id, HasID: true, Body: []byte("r")}
					return nil
				})
				switch {
				case err == nil:
					ok.Add(1)
					e.Release(c)
				case errors.Is(err, ErrTimeout):
					timedOut.Add(1)
				default:
					t.Errorf("unexpected error %v", err)
				}
			}
		}()
	}
	wg.Wait()
	stop()
	if ok.Load()+timedOut.Load() != 400 {
		t.Errorf("%d ok + %d timeouts != 400", ok.Load(), timedOut.Load())
	}
	if e.Pending() != 0 {
		t.Errorf("Pending = %d", e.Pending())
	}
	_, unmatched := h.snapshot()
	// Every reply of a timed-out request was queued before Serve ended, so
	// each one reached HandleUnmatched.
	if int64(len(unmatched)) != timedOut.Load() {
		t.Errorf("%d unmatched replies for %d timeouts", len(unmatched), timedOut.Load())
	}
}

func TestRoundTripAllocs(t *testing.T) {
	e := New(Options{Timeout: time.Minute})
	ctx := context.Background()
	body := []byte("reply body")
	var f Frame
	send := func(id int64) error {
		f = Frame{Kind: KindResult, ID: id, HasID: true, Body: body}
		e.Deliver(&f)
		return nil
	}
	// Warm up the free list, the timer and the reply buffer.
	for range 10 {
		c, err := e.Do(ctx, send)
		if err != nil {
			t.Fatal(err)
		}
		e.Release(c)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		c, err := e.Do(ctx, send)
		if err != nil {
			t.Fatal(err)
		}
		e.Release(c)
	})
	if allocs != 0 {
		t.Errorf("round trip allocates %v times, want 0", allocs)
	}
}

func TestKindString(t *testing.T) {
	got := []string{KindInvoke.String(), KindResult.String(), KindError.String(), KindReject.String(), Kind(0).String()}
	want := []string{"invoke", "returnResult", "returnError", "reject", "unknown"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func TestDeliverSole(t *testing.T) {
	reject := Frame{Kind: KindReject, Body: []byte("rj")}
	t.Run("none pending", func(t *testing.T) {
		e := New(Options{})
		if e.DeliverSole(&reject) {
			t.Error("DeliverSole with nothing pending = true")
		}
	})
	t.Run("one pending", func(t *testing.T) {
		e := New(Options{})
		c, err := e.Do(context.Background(), func(int64) error {
			if !e.DeliverSole(&reject) {
				t.Error("DeliverSole with one pending = false")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Kind != KindReject || string(c.Body) != "rj" || e.Pending() != 0 {
			t.Errorf("got %v %q, Pending %d", c.Kind, c.Body, e.Pending())
		}
		e.Release(c)
	})
	t.Run("two pending", func(t *testing.T) {
		e := New(Options{})
		a, _ := e.Start()
		b, _ := e.Start()
		if e.DeliverSole(&reject) {
			t.Error("DeliverSole with two pending = true")
		}
		if !e.IsPending(a.ID) || !e.IsPending(b.ID) || e.IsPending(b.ID+1) {
			t.Error("IsPending wrong")
		}
		e.Abandon(a)
		e.Abandon(b)
	})
	t.Run("invoke", func(t *testing.T) {
		e := New(Options{})
		c, _ := e.Start()
		if e.DeliverSole(&Frame{Kind: KindInvoke}) {
			t.Error("DeliverSole(invoke) = true")
		}
		e.Abandon(c)
	})
}
