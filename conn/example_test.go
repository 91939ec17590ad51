package conn_test

import (
	"context"
	"fmt"
	"net"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
)

// A client opens an association, sends MakeCall and reads the typed result;
// the other end of the pipe plays the switch with AcceptBER.
func Example_client() {
	clientSide, switchSide := net.Pipe()
	go func() {
		sw, err := conn.AcceptBER(switchSide, conn.BEROptions{
			OnRequest: func(p *csta.PDU) (csta.Message, error) {
				res := &csta.MakeCallResult{}
				res.CallingDevice.SetCallID(csta.CallID("c1"))
				return res, nil
			},
		})
		if err != nil {
			fmt.Println("switch:", err)
			return
		}
		<-sw.Done()
	}()

	c, err := conn.NewBER(clientSide, conn.BEROptions{
		OnEvent: func(p *csta.PDU) {
			ev, _ := p.Argument.(*csta.CSTAEventReportArgument)
			if d := ev.GetEventSpecificInfo().GetCallControlEvents().GetDelivered(); d != nil {
				fmt.Println("delivered", d.Clone()) // Clone: the PDU is reused after OnEvent returns
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	var arg csta.MakeCallArgument
	arg.CallingDevice.DeviceIdentifier.SetDialingNumber(csta.NumberDigits("201"))
	arg.CalledDirectoryNumber.DeviceIdentifier.SetDialingNumber(csta.NumberDigits("202"))
	res, err := c.Invoke(context.Background(), csta.OpMakeCall, &arg)
	if err != nil {
		fmt.Println(err)
		return
	}
	mc := res.(*csta.MakeCallResult)
	fmt.Printf("call %s\n", mc.GetCallingDevice().GetCallID())
	// Output:
	// call c1
}
