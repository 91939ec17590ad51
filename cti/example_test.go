package cti_test

import (
	"context"
	"fmt"
	"log"
	"net"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/cti"
	"github.com/cstagen/cstagen/sim"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// autoAnswer is the application under test: it answers every call that
// rings at device.
func autoAnswer(ctx context.Context, c *cti.Client, device string) error {
	mon, err := c.Monitor(ctx, device)
	if err != nil {
		return err
	}
	go func() {
		for ev := range mon.Events() {
			if ev.Name == "delivered" {
				c.Invoke(ctx, &csta.AnswerCallArgument{CallToBeAnswered: cti.ConnectionID(ev.Call, device)})
			}
		}
	}()
	return nil
}

// Testing an application against the simulator: a call from outside rings
// 101, the application answers it, the model says so.
func Example() {
	plan, _ := callmodel.ParseSpec("station 100-120; trunk 9 outside 0049")
	model, _ := callmodel.New(callmodel.Config{Plan: plan})
	srv, _ := sim.New(sim.Config{Model: model, Encoding: sim.BER})
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	go srv.Serve(l)
	defer srv.Close()

	ctx := context.Background()
	c, err := cti.Dial(ctx, cti.Config{Address: l.Addr().String(), Encoding: cti.BER})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	autoAnswer(ctx, c, "101")

	watch, _ := c.Monitor(ctx, "101") // the test's own view of 101
	model.IncomingCall("0049891234", "101")
	for ev := range watch.Events() {
		fmt.Println(ev.Name, ev.Call, ev.State)
		if ev.Name == "established" {
			break
		}
	}
	// Output:
	// delivered 1 alerting
	// established 1 connected
}
