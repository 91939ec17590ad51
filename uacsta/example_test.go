package uacsta_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/cstagen/cstagen/uacsta"
)

// A client and a server on the loopback interface: the INVITE's
// RequestSystemStatus, one request, one event, BYE.
func Example_loopback() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	const ns = "http://www.ecma-international.org/standards/ecma-323/csta/ed3"
	srv, err := uacsta.NewServer(uacsta.ServerOptions{
		Logger: logger,
		OnRequest: func(d *uacsta.Dialog, m *uacsta.Message, dst []byte) ([]byte, error) {
			go d.Notify(context.Background(), []byte(`<DeliveredEvent xmlns="`+ns+`"><monitorCrossRefID>1</monitorCrossRefID></DeliveredEvent>`))
			return append(dst, `<MonitorStartResponse xmlns="`+ns+`"><monitorCrossRefID>1</monitorCrossRefID></MonitorStartResponse>`...), nil
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	go srv.ServeTCP(l)

	events := make(chan string, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := uacsta.Dial(ctx, "tcp", "sip:csta@"+l.Addr().String(), uacsta.Options{
		Logger:   logger,
		Handlers: uacsta.Handlers{OnEvent: func(m *uacsta.Message) { events <- string(m.Root) }},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	status, _, _ := uacsta.RootName(c.SystemStatus())
	fmt.Println(string(status))
	resp, err := c.InvokeXML(ctx, []byte(`<MonitorStart xmlns="`+ns+`"><monitorObject><deviceObject>100</deviceObject></monitorObject></MonitorStart>`))
	if err != nil {
		fmt.Println(err)
		return
	}
	root, _, _ := uacsta.RootName(resp)
	fmt.Println(string(root))
	fmt.Println(<-events)
	fmt.Println(c.Close())
	// Output:
	// RequestSystemStatusResponse
	// MonitorStartResponse
	// DeliveredEvent
	// <nil>
}
