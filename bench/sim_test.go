package bench

import (
	"context"
	"log/slog"
	"net"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/cti"
	"github.com/cstagen/cstagen/sim"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// The switch simulator under load (issue 16): 200 client connections
// (cti clients) to one sim.Server, 1,000 calls kept established for the
// whole run, and each benchmark operation one more call through its whole
// life (MakeCall, AnswerCall, ClearConnection: three requests and 12
// events, 7 to the caller's monitor and 5 to the called party's), from
// many goroutines at once. It
// reports calls/s, events/s (events received by the clients' monitors)
// and the heap in use after the run; allocs/op counts both sides (they
// share the process).

const (
	simConns       = 200
	simActiveCalls = 1000
	simPairs       = 500 // station pairs that make the measured calls
)

// simFixture is one simulator with its clients, built once per encoding
// (the benchmark function runs several times with growing b.N).
type simFixture struct {
	model   *callmodel.Model
	clients []*cti.Client
	events  atomic.Int64
	next    atomic.Int64 // next free pair
}

var (
	simMu       sync.Mutex
	simFixtures = map[sim.Encoding]*simFixture{}
)

// Stations: 10000-11999 hold the 1,000 active calls, 12000-12999 make the
// measured calls in pairs (12000 calls 12001, ...).
func newSimFixture(b *testing.B, enc sim.Encoding) *simFixture {
	simMu.Lock()
	defer simMu.Unlock()
	if f := simFixtures[enc]; f != nil {
		return f
	}
	plan, err := callmodel.ParseSpec("station 10000-12999")
	if err != nil {
		b.Fatal(err)
	}
	m, err := callmodel.New(callmodel.Config{Plan: plan})
	if err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	srv, err := sim.New(sim.Config{Model: m, Encoding: enc, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(l)
	f := &simFixture{model: m}
	cfg := cti.Config{Address: l.Addr().String(), Encoding: cti.BER, Logger: quiet,
		Hooks: cti.Hooks{Event: func(string) { f.events.Add(1) }}}
	if enc == sim.XML {
		cfg.Encoding = cti.XML
	}
	ctx := context.Background()
	for i := 0; i < simConns; i++ {
		c, err := cti.Dial(ctx, cfg)
		if err != nil {
			b.Fatal(err)
		}
		f.clients = append(f.clients, c)
	}
	// Every station of the measured pairs is monitored, by the clients in turn.
	for i := 0; i < 2*simPairs; i++ {
		mon, err := f.clients[i%simConns].Monitor(ctx, strconv.Itoa(12000+i))
		if err != nil {
			b.Fatal(err)
		}
		go func() {
			for range mon.Events() {
			}
		}()
	}
	for i := 0; i < simActiveCalls; i++ {
		a, z := strconv.Itoa(10000+2*i), strconv.Itoa(10001+2*i)
		c := f.clients[i%simConns]
		if _, err := c.Invoke(ctx, &csta.MakeCallArgument{CallingDevice: cti.Device(a), CalledDirectoryNumber: cti.Device(z)}); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < simActiveCalls; i++ {
		z := strconv.Itoa(10001 + 2*i)
		c := f.clients[i%simConns]
		if _, err := c.Invoke(ctx, &csta.AnswerCallArgument{CallToBeAnswered: cti.ConnectionID(strconv.Itoa(i+1), z)}); err != nil {
			b.Fatal(err)
		}
	}
	simFixtures[enc] = f
	return f
}

func BenchmarkSimulator(b *testing.B) {
	for _, enc := range []sim.Encoding{sim.BER, sim.XML} {
		b.Run(enc.String(), func(b *testing.B) {
			f := newSimFixture(b, enc)
			if got := f.model.Stats().Calls; got < simActiveCalls {
				b.Fatalf("%d calls active, want %d", got, simActiveCalls)
			}
			ctx := context.Background()
			b.SetParallelism(64) // 128 goroutines on 2 cores
			b.ReportAllocs()
			ev0 := f.events.Load()
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				p := f.next.Add(1) - 1
				if p >= simPairs {
					b.Error("more goroutines than station pairs")
					return
				}
				a, z := strconv.Itoa(12000+2*int(p)), strconv.Itoa(12001+2*int(p))
				c := f.clients[int(p)%simConns]
				for pb.Next() {
					res, err := c.Invoke(ctx, &csta.MakeCallArgument{CallingDevice: cti.Device(a), CalledDirectoryNumber: cti.Device(z)})
					if err != nil {
						b.Error(err)
						return
					}
					call := string(res.(*csta.MakeCallResult).GetCallingDevice().GetBoth().GetCallID())
					if _, err := c.Invoke(ctx, &csta.AnswerCallArgument{CallToBeAnswered: cti.ConnectionID(call, z)}); err != nil {
						b.Error(err)
						return
					}
					if _, err := c.Invoke(ctx, &csta.ClearConnectionArgument{ConnectionToBeCleared: cti.ConnectionID(call, a)}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			elapsed := time.Since(start).Seconds()
			f.next.Store(0)
			// Let the events of the last calls arrive.
			want := ev0 + 12*int64(b.N)
			for deadline := time.Now().Add(5 * time.Second); f.events.Load() < want && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(b.N)/elapsed, "calls/s")
			b.ReportMetric(float64(f.events.Load()-ev0)/elapsed, "events/s")
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MiB-heap")
			if got := f.model.Stats().Calls; got != simActiveCalls {
				b.Errorf("%d calls active after the run, want %d", got, simActiveCalls)
			}
			if got := f.events.Load() - ev0; got != 12*int64(b.N) {
				b.Errorf("%d events, want %d", got, 12*b.N)
			}
		})
	}
}
