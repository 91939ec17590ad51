package sim

import (
	"errors"
	"net"
	"sync"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// session is the state of one client connection: its monitors and the
// goroutines that send their events.
type session struct {
	srv    *Server
	remote net.Addr

	// Set by the encoding once the connection is open.
	sendEvent   func(ev *callmodel.Event) error // one event to the client
	sendStop    func(ref callmodel.CrossRefID)  // a switch-invoked MonitorStop
	sendStatus  func(st callmodel.SystemStatus) // a switch-invoked SystemStatus
	sendRequest func(arg csta.Request)          // another switch-invoked request
	closeConn   func()                          // ends the connection
	ready       chan struct{}                   // closed once the above are set

	mu       sync.Mutex
	monitors map[callmodel.CrossRefID]*callmodel.Monitor
	ended    bool
	wg       sync.WaitGroup
}

// addMonitor records a monitor the client started.
func (s *session) addMonitor(mon *callmodel.Monitor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.monitors[mon.CrossRef()] = mon
}

// stopMonitor stops one of the client's monitors.
func (s *session) stopMonitor(ref callmodel.CrossRefID) error {
	s.mu.Lock()
	_, ok := s.monitors[ref]
	s.mu.Unlock()
	if !ok {
		return callmodel.ErrInvalidMonitorCrossRefID
	}
	return s.srv.model.MonitorStop(ref)
}

// pump sends the events of mon until its channel closes; a monitor the
// model ended on its own is reported with a switch-invoked MonitorStop.
func (s *session) pump(mon *callmodel.Monitor) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		failed := false
		for ev := range mon.Events() {
			if failed {
				continue // drain: the connection is gone
			}
			if err := s.sendEvent(ev); err != nil {
				failed = true
			}
		}
		s.mu.Lock()
		delete(s.monitors, mon.CrossRef())
		ended := s.ended
		s.mu.Unlock()
		if err := mon.Err(); !failed && !ended && err != nil && !errors.Is(err, callmodel.ErrMonitorStopped) {
			s.srv.log.Warn("sim: monitor ended by the switch", "remote", s.remote, "crossRef", mon.CrossRef(), "err", err)
			s.sendStop(mon.CrossRef())
		}
	}()
}

// watchStatus sends the model's system status changes to the client until
// the session ends.
func (s *session) watchStatus(done <-chan struct{}) {
	ch, stop := s.srv.model.WatchSystemStatus()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			select {
			case st, ok := <-ch:
				if !ok {
					return
				}
				s.sendStatus(st)
			case <-done:
				stop()
				return
			}
		}
	}()
}

// end stops the client's monitors once its connection is gone and waits
// for the goroutines of the session.
func (s *session) end() {
	s.mu.Lock()
	s.ended = true
	refs := make([]callmodel.CrossRefID, 0, len(s.monitors))
	for ref := range s.monitors {
		refs = append(refs, ref)
	}
	s.mu.Unlock()
	for _, ref := range refs {
		s.srv.model.MonitorStop(ref) // an error means the model ended it already
	}
	s.wg.Wait()
}

// close ends the connection (from Server.Close).
func (s *session) close() {
	s.mu.Lock()
	c := s.closeConn
	s.mu.Unlock()
	if c != nil {
		c()
	}
}

// setClose records how to end the connection.
func (s *session) setClose(f func()) {
	s.mu.Lock()
	s.closeConn = f
	s.mu.Unlock()
}
