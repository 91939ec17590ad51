package callmodel

import (
	"fmt"
	"slices"
)

// checkInvariants reports the first inconsistency of the model's
// structures: connections listed by their call and their device alike,
// no empty call, queues of queued connections only, monitors indexed.
func (m *Model) checkInvariants() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, c := range m.calls {
		if c.id != id {
			return fmt.Errorf("call %s indexed as %s", c.id, id)
		}
		if len(c.conns) == 0 {
			return fmt.Errorf("call %s has no connection", id)
		}
		if !anchored(c.conns, nil) {
			return fmt.Errorf("call %s has only alerting or queued parties", id)
		}
		seen := make(map[DeviceID]bool)
		for _, cn := range c.conns {
			if cn.call != c || cn.gone {
				return fmt.Errorf("connection %v in call %s is stale", cn.id(), id)
			}
			if seen[cn.dev] {
				return fmt.Errorf("device %s twice in call %s", cn.dev, id)
			}
			seen[cn.dev] = true
			if !slices.Contains(cn.d.conns, cn) {
				return fmt.Errorf("connection %v missing from device %s", cn.id(), cn.d.id)
			}
			if cn.external != (cn.d.cat == CategoryNetworkInterface) {
				return fmt.Errorf("connection %v: external %v at a %s", cn.id(), cn.external, cn.d.cat)
			}
			if (cn.state == StateQueued) != slices.Contains(cn.d.queue, cn) {
				return fmt.Errorf("connection %v is %v, queued at %s: %v", cn.id(), cn.state, cn.d.id, slices.Contains(cn.d.queue, cn))
			}
			if cn.stop != nil && cn.state != StateAlerting {
				return fmt.Errorf("connection %v is %v with a ring timer", cn.id(), cn.state)
			}
		}
	}
	for _, d := range m.order {
		for _, cn := range d.conns {
			if cn.gone || m.calls[cn.call.id] != cn.call {
				return fmt.Errorf("device %s lists stale connection %v", d.id, cn.id())
			}
		}
		for _, mon := range d.monitors {
			if m.monitors[mon.ref] != mon {
				return fmt.Errorf("monitor %s of %s is not indexed", mon.ref, d.id)
			}
		}
		if d.trunk != nil && d.trunk.Lines > 0 && len(d.conns) > d.trunk.Lines {
			return fmt.Errorf("trunk %s has %d parties on %d lines", d.id, len(d.conns), d.trunk.Lines)
		}
	}
	for ref, mon := range m.monitors {
		if !slices.Contains(mon.dev.monitors, mon) {
			return fmt.Errorf("monitor %s is not listed by %s", ref, mon.dev.id)
		}
	}
	return nil
}
