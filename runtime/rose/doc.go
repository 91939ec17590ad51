// Package rose correlates the requests and replies of a ROSE association
// (ITU-T X.880 Remote Operations): an [Engine] numbers outgoing invokes,
// keeps them pending until the ReturnResult, ReturnError or Reject with the
// same invoke ID arrives (X.880 clause 10: the invokeId of a reply echoes
// the invoke's), enforces per-request timeouts and context cancellation, and
// hands invokes that the peer originates (CSTA events, switch requests) to a
// [Handler].
//
// The package knows no encoding. A transport reduces every incoming APDU to
// a [Frame] (kind, invoke ID, bytes) through the [Reader] interface; the
// Engine matches it and copies the bytes of a reply into the waiting [Call].
// The BER connection (ROSE APDUs [1]..[4] of X.880) and the CSTA-XML
// connection (ECMA-323 Annex J, invoke ID in the 8-octet header) both plug
// in this way.
//
// Typical use by a transport:
//
//	e := rose.New(rose.Options{MinID: 1, MaxID: 9998, Timeout: 10 * time.Second})
//	go e.Serve(reader, handler) // the one reader goroutine
//	call, err := e.Do(ctx, func(id int64) error { return writeInvoke(id, ...) })
//	if err == nil {
//		use(call.Kind, call.Body)
//		e.Release(call)
//	}
//
// An Engine is safe for concurrent use. It starts no goroutines: waiting is
// done by the calling goroutine, timeouts by one reused timer per Call, and
// Close completes every pending Call at once. Calls are recycled through a
// free list, so a request/reply round trip allocates nothing in steady state.
package rose
