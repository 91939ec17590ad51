package callmodel_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/cstagen/cstagen/sim/callmodel"
)

// A station calls another, which answers; the caller hangs up.
func Example() {
	plan, err := callmodel.ParseSpec("station 101-110; trunk 9 outside 0049")
	if err != nil {
		log.Fatal(err)
	}
	m, err := callmodel.New(callmodel.Config{Plan: plan})
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	mon, _ := m.MonitorStart("102", 0)

	a, _ := m.MakeCall("101", "102")
	_ = m.AnswerCall(callmodel.ConnectionID{Call: a.Call, Device: "102"})
	_ = m.ClearConnection(a)

	// A request in the wrong state gets the ECMA-269 error.
	err = m.HoldCall(a)
	var se *callmodel.ServiceError
	if errors.As(err, &se) {
		fmt.Println("error:", se.Category, se.Value)
	}

	_ = m.MonitorStop(mon.CrossRef())
	for e := range mon.Events() {
		fmt.Println(e.Kind, e.Connection, e.Cause, e.LocalState)
	}
	// Output:
	// error: operation invalidCallID
	// delivered 1/102 newCall alerting
	// established 1/102 newCall connected
	// connectionCleared 1/101 normalClearing connected
	// connectionCleared 1/102 normalClearing null
	// callCleared 1 normalClearing null
}

// A scenario runs on a ManualClock without sleeping.
func ExampleScenario_Run() {
	plan, _ := callmodel.ParseSpec("station 101-102; trunk 9 outside 0049")
	clock := callmodel.NewManualClock(time.Unix(0, 0))
	m, _ := callmodel.New(callmodel.Config{Plan: plan, Clock: clock})
	defer m.Close()
	mon, _ := m.MonitorStart("9", 0)

	sc, err := callmodel.ParseScenario(`
at 0s call from 0049891234 to 101
at 2s answer 101
at 5s hangup external`)
	if err != nil {
		log.Fatal(err)
	}
	if err := sc.Run(context.Background(), m, clock); err != nil {
		log.Fatal(err)
	}
	_ = m.MonitorStop(mon.CrossRef())
	for e := range mon.Events() {
		fmt.Println(e.Kind, e.Connection, e.LocalState)
	}
	fmt.Println(clock.Now().Sub(time.Unix(0, 0)))
	// Output:
	// delivered 1/101 connected
	// established 1/101 connected
	// connectionCleared 1/0049891234 null
	// connectionCleared 1/101 null
	// callCleared 1 null
	// 5s
}
