//go:build race

package conn

// raceEnabled: under the race detector sync.Pool drops a quarter of what is
// put back, so pooled replies are allocated anew and allocation counts are
// not those of a normal build.
const raceEnabled = true
