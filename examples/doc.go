// Package examples holds example modules that use cstagen as a downstream
// project would; each lives in its own folder with its own go.mod, so it is
// not part of this module. The test in this package copies each one to a
// temporary folder, points its replace directive at this repository and
// runs go generate and go test there.
package examples
