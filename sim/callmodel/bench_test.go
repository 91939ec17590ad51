package callmodel

import (
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
)

// benchModel returns a model of 2*(active+pairs) monitored stations with
// `active` established calls, and the station pairs left for the benchmark.
func benchModel(b *testing.B, active, pairs int) (*Model, [][2]DeviceID, map[DeviceID]*Monitor) {
	n := 2 * (active + pairs)
	plan := &DialPlan{}
	for i := 0; i < n; i++ {
		plan.Stations = append(plan.Stations, DeviceID(strconv.Itoa(10000+i)))
	}
	m, err := New(Config{Plan: plan, MaxCalls: 2 * (active + pairs), MaxMonitors: n})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(m.Close)
	mons := make(map[DeviceID]*Monitor, n)
	for _, d := range plan.Stations {
		mon, err := m.MonitorStart(d, 0)
		if err != nil {
			b.Fatal(err)
		}
		mons[d] = mon
	}
	for i := 0; i < active; i++ {
		a, c := plan.Stations[2*i], plan.Stations[2*i+1]
		id, err := m.MakeCall(a, c)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.AnswerCall(ConnectionID{id.Call, c}); err != nil {
			b.Fatal(err)
		}
		drainQuiet(mons[a])
		drainQuiet(mons[c])
	}
	var free [][2]DeviceID
	for i := active; i < active+pairs; i++ {
		free = append(free, [2]DeviceID{plan.Stations[2*i], plan.Stations[2*i+1]})
	}
	return m, free, mons
}

// drainQuiet reads the queued events of mon, as a consumer would, and
// returns how many there were.
func drainQuiet(mon *Monitor) int {
	n := 0
	for {
		select {
		case <-mon.Events():
			n++
		default:
			return n
		}
	}
}

// cycle is one complete call: MakeCall, AnswerCall, ClearConnection, with
// both parties monitored (12 events), and the consumers' reads.
func cycle(b *testing.B, m *Model, p [2]DeviceID, mons map[DeviceID]*Monitor) int {
	id, err := m.MakeCall(p[0], p[1])
	if err != nil {
		b.Fatal(err)
	}
	if err := m.AnswerCall(ConnectionID{id.Call, p[1]}); err != nil {
		b.Fatal(err)
	}
	if err := m.ClearConnection(id); err != nil {
		b.Fatal(err)
	}
	return drainQuiet(mons[p[0]]) + drainQuiet(mons[p[1]])
}

// BenchmarkCallCycle measures complete monitored calls while 1,000 other
// calls are active (each op is one call of 12 events).
func BenchmarkCallCycle(b *testing.B) {
	m, pairs, mons := benchModel(b, 1000, 1)
	b.ReportAllocs()
	b.ResetTimer()
	events := 0
	for i := 0; i < b.N; i++ {
		events += cycle(b, m, pairs[0], mons)
	}
	b.StopTimer()
	if events != 12*b.N {
		b.Fatalf("%d events, want %d", events, 12*b.N)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/sec, "calls/s")
	b.ReportMetric(float64(events)/sec, "events/s")
}

// BenchmarkCallCycleParallel is BenchmarkCallCycle from many goroutines,
// each on its own pair of stations.
func BenchmarkCallCycleParallel(b *testing.B) {
	m, pairs, mons := benchModel(b, 1000, 256)
	var next, events atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		p := pairs[int(next.Add(1)-1)%len(pairs)]
		for pb.Next() {
			events.Add(int64(cycle(b, m, p, mons)))
		}
	})
	b.StopTimer()
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/sec, "calls/s")
	b.ReportMetric(float64(events.Load())/sec, "events/s")
}

// BenchmarkConsultTransfer measures a consultation and transfer (Held,
// ServiceInitiated, Originated, Delivered, Established, Transferred and the
// clearing) among 1,000 active calls.
func BenchmarkConsultTransfer(b *testing.B) {
	m, pairs, mons := benchModel(b, 1000, 2)
	a, c, d := pairs[0][0], pairs[0][1], pairs[1][0]
	b.ReportAllocs()
	b.ResetTimer()
	events := 0
	for i := 0; i < b.N; i++ {
		id, err := m.MakeCall(a, c)
		if err != nil {
			b.Fatal(err)
		}
		cc := ConnectionID{id.Call, c}
		if err := m.AnswerCall(cc); err != nil {
			b.Fatal(err)
		}
		c2, err := m.ConsultationCall(cc, d)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.AnswerCall(ConnectionID{c2.Call, d}); err != nil {
			b.Fatal(err)
		}
		if _, _, err := m.TransferCall(cc, c2); err != nil {
			b.Fatal(err)
		}
		if err := m.ClearConnection(id); err != nil {
			b.Fatal(err)
		}
		events += drainQuiet(mons[a]) + drainQuiet(mons[c]) + drainQuiet(mons[d])
	}
	b.StopTimer()
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(events)/sec, "events/s")
}

// BenchmarkActiveCalls measures establishing monitored calls, and the heap
// each established call keeps (with its two monitored parties' events
// read).
func BenchmarkActiveCalls(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, _, _ := benchModel(b, b.N, 0)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if s := m.Stats(); s.Calls != b.N {
		b.Fatalf("%d calls, want %d", s.Calls, b.N)
	}
	perCall := float64(after.HeapAlloc-before.HeapAlloc) / float64(b.N)
	b.ReportMetric(perCall, "heap-B/call")
	runtime.KeepAlive(m)
}
