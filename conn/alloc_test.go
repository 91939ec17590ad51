package conn

import (
	"context"
	"testing"

	"github.com/cstagen/cstagen/csta"
)

// TestDoAllocs checks that a request/response round trip over loopback TCP
// allocates nothing in steady state, on both sides together.
func TestDoAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("network round trips")
	}
	if raceEnabled {
		t.Skip("sync.Pool drops pooled replies under the race detector")
	}
	makeCall := opCode(t, "makeCall")
	result := makeCallResult("0042")
	client, _ := berPair(t, false, BEROptions{}, BEROptions{OnRequest: func(*csta.PDU) (csta.Message, error) {
		return result, nil
	}})
	ctx := context.Background()
	arg := makeCallArg("201", "202")
	run := func() {
		r, err := client.Do(ctx, makeCall, arg)
		if err != nil {
			t.Fatal(err)
		}
		r.Release()
	}
	for range 100 {
		run()
	}
	if n := testing.AllocsPerRun(500, run); n != 0 {
		t.Errorf("Do round trip: %v allocations, want 0", n)
	}
}
