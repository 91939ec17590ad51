package erlang

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Timing is what Time measured inside Erlang: the speed of asn1ct's
// generated BER codec itself, without the helper's line protocol.
type Timing struct {
	// N is the number of iterations of each loop.
	N int
	// DecodeNs and EncodeNs are the mean wall time of one decode of the
	// octets and of one encode of the decoded value, in nanoseconds,
	// garbage collection included.
	DecodeNs, EncodeNs float64
	// DecodeHeapBytes and EncodeHeapBytes are the heap each operation
	// allocates, in bytes: the words the garbage collector reclaimed over
	// the loop (which keeps nothing), divided by N, times the word size.
	// The BEAM allocates terms by bumping a per-process heap pointer, so
	// there is no count of allocations to report, only this volume.
	DecodeHeapBytes, EncodeHeapBytes float64
	// Encoded is the encoding of the decoded value (DER: the modules are
	// compiled with the der option).
	Encoded []byte
}

// MaxTimeInput is the largest value Time accepts, in octets: the value
// travels as hex on the command line of the timing process.
const MaxTimeInput = 64 << 10

// MaxTimeIterations is the largest iteration count Time accepts.
const MaxTimeIterations = 100_000_000

// Time measures asn1ct's decoder and encoder for type typ of module on der,
// inside Erlang: a separate erl process (one scheduler, like the helper)
// loads the compiled modules, decodes der once and checks it decodes
// completely, warms both paths up, then times n decodes of der and n
// encodes of the decoded value with erlang:monotonic_time. With n == 0 the
// process picks n itself, growing it from 100 until one decode loop takes
// at least a second, the way go test -bench picks b.N.
//
// ctx bounds the whole run (the process is killed when it is done); Time
// does not use or disturb the helper that serves Decode and Encode.
func (o *Oracle) Time(ctx context.Context, module, typ string, der []byte, n int) (*Timing, error) {
	fail := func(reason string, err error) (*Timing, error) {
		return nil, &RequestError{"time", module, typ, reason, err}
	}
	if err := o.check("time", module, typ); err != nil {
		return nil, err
	}
	if len(der) == 0 || len(der) > MaxTimeInput {
		return fail(fmt.Sprintf("value of %d octets, want 1 to %d", len(der), MaxTimeInput), ErrTooLarge)
	}
	if n < 0 || n > MaxTimeIterations {
		return fail(fmt.Sprintf("%d iterations, want 0 to %d", n, MaxTimeIterations), ErrBadRequest)
	}
	src := filepath.Join(o.dir, "cstagen_bench.erl")
	if err := writeIfChanged(src, []byte(benchModule)); err != nil {
		return fail(err.Error(), ErrHelper)
	}
	// The module is compiled in memory on every run (a fraction of a
	// second, outside the timed loops), so nothing on disk can be stale.
	eval := fmt.Sprintf(`case compile:file(%q, [binary, return_errors]) of `+
		`{ok, Mod, Bin} -> {module, Mod} = code:load_binary(Mod, %q, Bin), cstagen_bench:run(init:get_plain_arguments()); `+
		`E -> io:format("error ~0p~n", [E]), halt(1) end.`, src, src)
	args := append(append([]string{}, erlFlags...), "-pa", o.report.BeamDir, "-eval", eval,
		"-extra", module, typ, hex.EncodeToString(der), strconv.Itoa(n))
	cmd := exec.CommandContext(ctx, o.erl, args...)
	cmd.Dir = o.dir
	cmd.Env = erlEnv()
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &limitedBuffer{&stdout, o.cfg.MaxLine}, &limitedBuffer{&stderr, 4096}
	err := cmd.Run()
	if ctx.Err() != nil {
		return fail(fmt.Sprintf("timing run stopped: %v", context.Cause(ctx)), ErrTimeout)
	}
	line := lastLine(stdout.Bytes())
	switch {
	case bytes.HasPrefix(line, []byte("ok ")):
	case bytes.HasPrefix(line, []byte("error ")):
		return fail(string(line[6:]), ErrErlang)
	default:
		return fail(fmt.Sprintf("no result (%v): %.300q %.300q", err, stdout.Bytes(), stderr.Bytes()), ErrHelper)
	}
	return parseTiming(string(line[3:]))
}

// parseTiming reads "N decodeNs encodeNs decodeWords encodeWords wordSize
// hex", the totals over the loops.
func parseTiming(s string) (*Timing, error) {
	bad := func(why string) (*Timing, error) {
		return nil, fmt.Errorf("%w: timing reply %.200q: %s", ErrHelper, s, why)
	}
	f := strings.Fields(s)
	if len(f) != 7 {
		return bad("7 fields expected")
	}
	var v [6]int64
	for i := range v {
		x, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil || x < 0 {
			return bad("field " + strconv.Itoa(i+1) + " is not a count")
		}
		v[i] = x
	}
	if v[0] == 0 {
		return bad("no iterations")
	}
	enc, err := hex.DecodeString(f[6])
	if err != nil {
		return bad("encoding is not hex")
	}
	n := float64(v[0])
	return &Timing{
		N:               int(v[0]),
		DecodeNs:        float64(v[1]) / n,
		EncodeNs:        float64(v[2]) / n,
		DecodeHeapBytes: float64(v[3]*v[5]) / n,
		EncodeHeapBytes: float64(v[4]*v[5]) / n,
		Encoded:         enc,
	}, nil
}

// lastLine returns the last non-empty line of b (erl may print warnings
// before the result).
func lastLine(b []byte) []byte {
	b = bytes.TrimRight(b, "\r\n")
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	return bytes.TrimRight(b, "\r")
}

// limitedBuffer keeps at most max bytes and drops the rest.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// writeIfChanged writes b to path unless it already holds b, atomically.
func writeIfChanged(path string, b []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// benchModule is the Erlang side of Time. run/1 takes the plain arguments
// [Module, Type, Hex, N] and prints one line, "ok N DecNs EncNs DecWords
// EncWords WordSize Hex" (totals over the loops) or "error Reason", then
// halts. Heap volume: statistics(garbage_collection) counts the words
// every collection reclaimed; the loops keep nothing, and a collection
// before and after each loop frames it, so the difference is what the
// loop allocated (the VM's other processes are idle).
const benchModule = `%% Code generated by cstagen (internal/oracle/erlang). DO NOT EDIT.
-module(cstagen_bench).
-export([run/1]).

run([M0, T0, Hex, N0]) ->
    Reply = try measure(list_to_atom(M0), list_to_atom(T0),
                        binary:decode_hex(list_to_binary(Hex)), list_to_integer(N0))
            catch C:R -> io_lib:format("error ~0P", [{C, R}, 40])
            end,
    io:put_chars([Reply, $\n]),
    halt(0).

measure(M, T, Bin, N0) ->
    {module, M} = code:ensure_loaded(M),
    V = case M:decode(T, Bin) of
            {ok, V1, <<>>} -> V1;
            {ok, V1} -> V1;
            {ok, _, Rest} -> throw({trailing_bytes, byte_size(Rest)});
            {error, R} -> throw(R)
        end,
    {ok, Enc} = M:encode(T, V),
    N = case N0 of 0 -> calibrate(M, T, Bin, 100); _ -> N0 end,
    dec(M, T, Bin, N div 10 + 1),
    enc(M, T, V, N div 10 + 1),
    {DecNs, DecWords} = timed(fun() -> dec(M, T, Bin, N) end),
    {EncNs, EncWords} = timed(fun() -> enc(M, T, V, N) end),
    io_lib:format("ok ~b ~b ~b ~b ~b ~b ~s",
                  [N, DecNs, EncNs, DecWords, EncWords, erlang:system_info(wordsize),
                   binary:encode_hex(iolist_to_binary(Enc))]).

%% calibrate grows N as go test grows b.N: aim 20% past a second from the
%% last run's rate, at least doubling and at most a hundredfold per step.
calibrate(M, T, Bin, N) ->
    {Ns, _} = timed(fun() -> dec(M, T, Bin, N) end),
    if Ns >= 1000000000; N >= 100000000 -> N;
       true ->
           Want = 1200000000 * N div max(Ns, 1),
           calibrate(M, T, Bin, min(100000000, min(100 * N, max(2 * N, Want))))
    end.

timed(F) ->
    garbage_collect(),
    {_, W0, _} = statistics(garbage_collection),
    T0 = erlang:monotonic_time(nanosecond),
    F(),
    T1 = erlang:monotonic_time(nanosecond),
    garbage_collect(),
    {_, W1, _} = statistics(garbage_collection),
    {T1 - T0, W1 - W0}.

dec(_, _, _, 0) -> ok;
dec(M, T, Bin, K) ->
    case M:decode(T, Bin) of
        {ok, _, _} -> ok;
        {ok, _} -> ok
    end,
    dec(M, T, Bin, K - 1).

enc(_, _, _, 0) -> ok;
enc(M, T, V, K) -> {ok, _} = M:encode(T, V), enc(M, T, V, K - 1).
`
